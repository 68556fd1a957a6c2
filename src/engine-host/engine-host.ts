import { MODEL_ORIGINS } from '../../models/model-hosts.ts';
import { MODEL_REGISTRY } from '../../models/model-registry.ts';
import { clipDeviceDescriptor } from '../engine/clip/clip-device-requirements.ts';
import { trackGpuMemory, type GpuMemoryTracker } from '../engine/clip/clip-gpu-memory-tracker.ts';
import { configureOrtAsync, type OrtWasmSource } from '../engine/clip/clip-ort-config.ts';
import { base64ToBytes } from '../engine/gpu/base64-floats.ts';
import {
  adapterIdentity,
  chooseClipProvider,
  isSoftwareAdapter,
  type ClipProviderChoice,
  type ClipProviderRequest,
} from '../engine/clip/clip-provider-policy.ts';
import type { ClipProvider } from '../engine/clip/clip-session.ts';
import { createEditEngineAsync } from '../engine/edit/edit-engine.ts';
import type { EditCallbacks, EditCheckpoint, EditEngine, EditModelFiles, EditOptions, EditResult, EditVariation } from '../engine/edit/edit-types.ts';
import type { RgbaImage } from '../image/rgba-image.ts';
import { loadClipModelAsync } from '../engine/models/clip-model-loader.ts';
import { openModelCacheAsync, type ModelCache, type OpenedModelCache } from '../engine/models/model-cache.ts';
import type { Scene } from '../scene/scene.ts';
import type { EngineStartRequest, EngineStatusInfo, ModelCacheInfo, ModelProgressEvent, PreviewState, SetProgress, WebGpuProbe } from './engine-host-api.ts';
import type { PreviewPath, PreviewSurface } from './preview-surface.ts';

// The one way the engine is started, for every host: the plugin's engine worker, its nested
// engine frame (data: mode, where a worker cannot have WebGPU) and the CLI's page. It owns the
// WebGPU device, ORT's set-up, model loading (registry, cache, shipped files), the provider
// policy, previews, cancel and the recovery from a lost device. Hosts only adapt: they say
// where ORT's wasm is, where previews go and how calls arrive (comlink, page.evaluate).

export interface EngineHostOptions {
  ortWasm: OrtWasmSource;
  /** WASM CPU threads for ORT (1 where the page is not cross-origin isolated). */
  numThreads?: number;
  templates: readonly string[];
  /** Where previews are shown; hosts that only want images (the CLI) pass none. */
  surface?: PreviewSurface;
  /** Wrap the device to measure GPU memory (benchmark). */
  trackMemory?: boolean;
  /** Test hook: force a preview path (the harness covers the real-GPU path under ANGLE). */
  forcedPreviewPath?: PreviewPath;
  /** Prefix of console messages ('engine worker', 'engine frame', ...). */
  name?: string;
}

/** The engine's callbacks, plus one for each preview the surface showed. */
export type HostEditCallbacks = EditCallbacks & { onPreviewShown?: (p: PreviewState) => void };

/** Where the shipped model's files are looked up when they arrive as bytes (data: mode). */
const SHIPPED_BASE = 'https://shipped.clipvg.invalid/';

export class EngineHost {
  private adapter: GPUAdapter | undefined;
  private device: GPUDevice | undefined;
  private lostMessage: string | undefined;
  private engine: EditEngine | undefined;
  private model: EditModelFiles | undefined;
  private provider: ClipProvider = 'wasm';
  private store: Promise<OpenedModelCache> | undefined;
  private ortReady: Promise<unknown> | undefined;
  /** The loaded model's verified files, for "Save a copy" (the model store holds their bytes). */
  private loadedFiles: { name: string; sha256: string; cache: ModelCache }[] = [];
  tracker: GpuMemoryTracker | undefined;
  /** Set by cancelRun: an icon set stops after the item it cancelled. */
  private setCancelled = false;

  constructor(private readonly options: EngineHostOptions) {}

  private get name(): string {
    return this.options.name ?? 'engine';
  }

  /** The engine's one device (shared with ORT); a lost device is replaced on the next call. */
  async deviceAsync(): Promise<GPUDevice> {
    if (this.device) return this.device;
    const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
    this.adapter = gpu ? ((await gpu.requestAdapter()) ?? undefined) : undefined;
    if (!this.adapter) throw new Error(`WebGPU is not available in the ${this.name}: prompt editing needs it`);
    this.options.surface?.choosePath(isSoftwareAdapter(adapterIdentity(this.adapter)), this.options.forcedPreviewPath);
    const d = await this.adapter.requestDevice(clipDeviceDescriptor(this.adapter));
    this.device = d;
    if (this.options.trackMemory) this.tracker = trackGpuMemory(d);
    void d.lost.then((info) => {
      console.error(`${this.name}: WebGPU device lost (${info.reason}): ${info.message}`);
      if (this.device !== d) return;
      // Everything made on the dead device goes with it; the next call starts on a fresh one.
      this.lostMessage = info.message;
      this.device = undefined;
      this.engine = undefined;
    });
    d.addEventListener('uncapturederror', (e) => console.error(`${this.name}: WebGPU error: ${(e as GPUUncapturedErrorEvent).error.message}`));
    return d;
  }

  /** Reports on the engine's own device (one adapter, one device per host). */
  async probeAsync(): Promise<WebGpuProbe> {
    if (!(navigator as Navigator & { gpu?: GPU }).gpu) {
      return { available: false, reason: isSecureContext ? 'this browser has no WebGPU (navigator.gpu is missing)' : 'not a secure context' };
    }
    try {
      const d = await this.deviceAsync();
      const info = (d as GPUDevice & { adapterInfo?: { vendor?: string; architecture?: string; device?: string; description?: string } }).adapterInfo;
      const parts = info ? [info.vendor, info.architecture, info.device, info.description].filter((x): x is string => !!x && x.trim() !== '') : [];
      return {
        available: true,
        adapter: parts.length ? [...new Set(parts)].join(' · ') : 'unnamed adapter',
        features: d.features.size,
        maxBufferSize: d.limits.maxBufferSize,
      };
    } catch (e) {
      return { available: false, reason: e instanceof Error ? e.message : String(e) };
    }
  }

  private ortAsync(): Promise<unknown> {
    this.ortReady ??= configureOrtAsync({
      wasm: this.options.ortWasm,
      ...(this.options.numThreads === undefined ? {} : { numThreads: this.options.numThreads }),
    });
    return this.ortReady;
  }

  private storeAsync(): Promise<OpenedModelCache> {
    this.store ??= openModelCacheAsync();
    return this.store;
  }

  /** The provider the policy picks on this host's adapter. */
  async choiceAsync(request: ClipProviderRequest = 'auto'): Promise<ClipProviderChoice> {
    await this.deviceAsync();
    return chooseClipProvider(this.adapter && adapterIdentity(this.adapter), request);
  }

  /** Starts the engine on a registry model: shipped bytes, shipped files at a URL, or a download kept in the model store. */
  async startAsync(request: EngineStartRequest, onModelProgress?: (p: ModelProgressEvent) => void): Promise<EngineStatusInfo> {
    const t0 = performance.now();
    const entry = MODEL_REGISTRY.find((e) => e.id === request.modelId);
    if (!entry) throw new Error(`unknown model ${request.modelId}`);
    await this.deviceAsync();
    await this.ortAsync();
    const local = entry.source === 'local';
    const fromBytes = local && !request.shippedBaseUrl;
    if (fromBytes && !request.shipped) throw new Error(`${entry.displayName} is shipped with the plugin, but this build carries no copy of it`);
    const opened = fromBytes ? undefined : await this.storeAsync();
    // The storage notice only matters for files that would be fetched again.
    const notices: string[] = opened?.notice ? [opened.notice] : [];
    let allFromCache = true;
    const loaded = await loadClipModelAsync(entry, {
      allowedOrigins: MODEL_ORIGINS,
      ...(request.localFiles ? { localFiles: request.localFiles } : {}),
      ...(fromBytes ? { localBaseUrl: SHIPPED_BASE, fetch: shippedFetch(entry, request.shipped!) } : { cache: opened!.cache }),
      ...(local && request.shippedBaseUrl ? { localBaseUrl: request.shippedBaseUrl } : {}),
      onProgress: (p) => {
        if (!p.fromCache && !fromBytes) allFromCache = false;
        onModelProgress?.({ file: p.file, received: p.received, total: p.total, fromCache: p.fromCache || fromBytes });
      },
    });
    notices.push(...loaded.notices);
    const choice = await this.startWithFilesAsync(
      { id: entry.id, vision: loaded.vision!, text: loaded.text!, tokenizerJson: loaded.tokenizerJson! },
      request.clipProvider ?? 'auto',
    );
    if (choice.provider === 'wasm') notices.push(choice.reason);
    const status: EngineStatusInfo = {
      modelId: entry.id,
      modelName: entry.displayName,
      offlineModel: local,
      cacheKind: fromBytes ? 'shipped' : opened!.cache.kind,
      fromCache: allFromCache,
      templateCount: this.options.templates.length,
      clipProvider: this.provider,
      notices,
      startMs: Math.round(performance.now() - t0),
      variant: loaded.variant,
      files: (['vision', 'text', 'tokenizer'] as const).flatMap((role) => {
        const f = loaded.files[role];
        return f
          ? [{ role, source: f.url, bytes: f.bytes, from: local ? ('shipped' as const) : f.from, stored: loaded.entry.variants[loaded.variant]?.[role].stored }]
          : [];
      }),
    };
    this.loadedFiles =
      local || !opened
        ? []
        : (['vision', 'text', 'tokenizer'] as const).flatMap((role) => {
            const f = loaded.files[role];
            return f?.sha256 ? [{ name: f.url.split('/').at(-1)!, sha256: f.sha256, cache: opened.cache }] : [];
          });
    return status;
  }

  /** The loaded model's verified files as stored (from the cache), for "Save a copy". */
  async modelFilesAsync(): Promise<{ name: string; bytes: Uint8Array }[]> {
    const out: { name: string; bytes: Uint8Array }[] = [];
    for (const f of this.loadedFiles) {
      const bytes = await f.cache.getAsync(f.sha256);
      if (!bytes) throw new Error(`${f.name} is no longer in the model store; load the model again`);
      out.push({ name: f.name, bytes });
    }
    return out;
  }

  /** Starts the engine on model files the host already holds (the CLI's model folder). */
  async startWithFilesAsync(model: EditModelFiles, request: ClipProviderRequest = 'auto'): Promise<ClipProviderChoice> {
    await this.ortAsync();
    const choice = await this.choiceAsync(request);
    this.model = model;
    await this.buildEngineAsync(choice.provider);
    return choice;
  }

  /** (Re)creates the engine on the current device with CLIP on `provider`. */
  private async buildEngineAsync(provider: ClipProvider): Promise<EditEngine> {
    if (!this.model) throw new Error('the engine has not started');
    const device = await this.deviceAsync();
    await this.engine?.releaseAsync().catch(() => undefined);
    this.engine = undefined;
    const built = await createEditEngineAsync({ device, model: this.model, templates: this.options.templates, clipProvider: provider });
    built.setPreviewCanvas(this.options.surface?.gpuTarget() ?? null);
    this.engine = built;
    this.provider = provider;
    return built;
  }

  /** The running engine (for calls hosts forward as they are: similarity, vectorise). */
  async engineAsync(): Promise<EditEngine> {
    return this.engine ?? this.buildEngineAsync(this.provider);
  }

  async showSceneAsync(scene: Scene): Promise<PreviewState> {
    const surface = this.options.surface;
    if (!surface) throw new Error(`the ${this.name} has no preview canvas`);
    return surface.drawSceneAsync(await this.deviceAsync(), scene);
  }

  /**
   * Runs an edit. Previews go to the surface (when there is one) and to callbacks.onPreview.
   * If ORT's WebGPU provider takes the shared device down, the run starts again on a fresh
   * device with CLIP on WASM, and the result says so.
   */
  async runEditAsync(scene: Scene, options: EditOptions, callbacks: HostEditCallbacks = {}): Promise<EditResult> {
    return this.withEngineAsync(scene, callbacks, (e, c) => e.runEditAsync(scene, options, c));
  }

  /** More iterations from a result's checkpoint (Adam state kept); previews as for runEditAsync. */
  async continueEditAsync(checkpoint: EditCheckpoint, iterations: number, callbacks: HostEditCallbacks = {}): Promise<EditResult> {
    return this.withEngineAsync(checkpoint.source, callbacks, (e, c) => e.continueEditAsync(checkpoint, iterations, c));
  }

  /** K seeds of one edit in turn; each finished variation comes with its final render as a thumbnail. */
  async runVariationsAsync(
    scene: Scene,
    options: EditOptions,
    seeds: readonly number[],
    callbacks: HostEditCallbacks & { onVariation?: (v: EditVariation, thumbnail: RgbaImage | undefined) => void } = {},
  ): Promise<EditVariation[]> {
    let last: RgbaImage | undefined;
    const wrapped: HostEditCallbacks = { ...callbacks, onPreview: (p) => ((last = p.image), callbacks.onPreview?.(p)) };
    return this.withEngineAsync(scene, wrapped, (e, c) =>
      e.runVariationsAsync(scene, options, seeds, { ...c, onVariation: (v) => callbacks.onVariation?.(v, last) }),
    );
  }

  /**
   * An icon set: the same edit on each scene in turn. Cancel stops the item running and the
   * rest; the finished ones are returned (and were reported to onItem as they finished).
   */
  async runSetAsync(
    scenes: readonly Scene[],
    options: EditOptions,
    callbacks: HostEditCallbacks & { onItem?: (item: number, result: EditResult) => void; onSetProgress?: (p: SetProgress) => void } = {},
  ): Promise<{ item: number; result: EditResult }[]> {
    if (scenes.length === 0) throw new Error('an icon set needs at least one frame');
    this.setCancelled = false;
    const done: { item: number; result: EditResult }[] = [];
    for (const [item, scene] of scenes.entries()) {
      if (this.setCancelled) break;
      const result = await this.runEditAsync(scene, options, {
        ...callbacks,
        onProgress: (p) => {
          callbacks.onProgress?.(p);
          callbacks.onSetProgress?.({ ...p, item, items: scenes.length, fraction: (item + p.iteration / p.iterations) / scenes.length });
        },
      });
      if (result.cancelled) break;
      done.push({ item, result });
      callbacks.onItem?.(item, result);
    }
    return done;
  }

  /**
   * Runs `run` on the engine with previews routed to the surface and callbacks. If ORT's
   * WebGPU provider takes the shared device down, it runs again on a fresh device with CLIP on
   * WASM, and the result says so.
   */
  private async withEngineAsync<T extends EditResult | EditVariation[]>(
    scene: Scene,
    callbacks: HostEditCallbacks,
    run: (e: EditEngine, c: EditCallbacks) => Promise<T>,
  ): Promise<T> {
    if (!this.model) throw new Error('the engine has not started');
    const surface = this.options.surface;
    if (surface) surface.fit(scene);
    const runOnceAsync = async (): Promise<T> => {
      const e = await this.engineAsync();
      e.setPreviewCanvas(surface?.gpuTarget() ?? null);
      return run(e, {
        ...(callbacks.onProgress ? { onProgress: callbacks.onProgress } : {}),
        ...(surface || callbacks.onPreview
          ? {
              onPreview: (p) => {
                if (surface) callbacks.onPreviewShown?.(surface.present(p.image, p.iteration));
                callbacks.onPreview?.(p);
              },
            }
          : {}),
      });
    };
    this.lostMessage = undefined;
    try {
      return await runOnceAsync();
    } catch (err) {
      // device.lost resolves a task after the failing call: give it that moment.
      await new Promise((r) => setTimeout(r, 50));
      if (this.provider !== 'webgpu' || this.lostMessage === undefined) throw err;
      const lost = this.lostMessage;
      await this.buildEngineAsync('wasm');
      const note = `CLIP’s WebGPU provider lost the GPU device (${lost}); CLIP now runs on WASM (CPU), which is slower.`;
      const noted = (r: EditResult): EditResult => ({ ...r, warnings: [note, ...r.warnings] });
      const result = await runOnceAsync();
      return (Array.isArray(result) ? result.map((v) => ({ ...v, result: noted(v.result) })) : noted(result)) as T;
    }
  }

  cancelRun(): void {
    this.setCancelled = true;
    this.engine?.cancelRun();
  }

  async vectorizeImageAsync(png: Uint8Array): Promise<Scene> {
    if (this.engine) return this.engine.vectorizeImageAsync(png);
    // The vectoriser needs no model: run it before the engine has started too.
    const { loadSceneFromImageFileAsync } = await import('../engine/vectorize/load-scene-from-image-file.ts');
    return (await loadSceneFromImageFileAsync(png, {})).scene;
  }

  async cacheInfoAsync(): Promise<ModelCacheInfo> {
    const { cache } = await this.storeAsync();
    const size = (await cache.sizeAsync?.()) ?? { files: 0, bytes: 0 };
    return { kind: cache.kind, persistent: cache.kind !== 'memory', ...size };
  }

  async clearCacheAsync(): Promise<ModelCacheInfo> {
    const { cache } = await this.storeAsync();
    await cache.clearAsync?.();
    return this.cacheInfoAsync();
  }
}

/** Answers the loader's requests for the shipped model from the bytes the sandbox handed over. */
function shippedFetch(entry: (typeof MODEL_REGISTRY)[number], shipped: { vision: string; text: string; tokenizer: string }) {
  const variant = entry.variants[entry.defaultVariant]!;
  const files: Record<string, Uint8Array> = Object.fromEntries(
    (['vision', 'text', 'tokenizer'] as const).map((role) => [variant[role].url, base64ToBytes(shipped[role])]),
  );
  return async (url: string): Promise<Response> => {
    const name = url.startsWith(SHIPPED_BASE) ? url.slice(SHIPPED_BASE.length) : url;
    const bytes = files[name];
    return bytes ? new Response(bytes as BodyInit, { status: 200, headers: { 'content-length': String(bytes.length) } }) : new Response(null, { status: 404 });
  };
}
