import * as Comlink from 'comlink';
import { PROMPT_TEMPLATES } from 'clipvg:prompt-templates';
import { MODEL_ORIGINS } from '../../../models/model-hosts.ts';
import { MODEL_REGISTRY } from '../../../models/model-registry.ts';
import { base64ToBytes, configureOrtAsync, ORT_WASM_CDN_URL, ORT_WASM_SHA256 } from '../../engine/clip/clip-ort-config.ts';
import { clipDeviceDescriptor } from '../../engine/clip/clip-device-requirements.ts';
import { createEditEngineAsync } from '../../engine/edit/edit-engine.ts';
import { PreviewBlit } from '../../engine/edit/edit-gpu-kernels.ts';
import type { EditEngine } from '../../engine/edit/edit-types.ts';
import { loadClipModelAsync } from '../../engine/models/clip-model-loader.ts';
import { openModelCacheAsync } from '../../engine/models/model-cache.ts';
import { GpuRasterizer } from '../../engine/raster/gpu-rasterizer.ts';
import type { Scene } from '../../scene/scene.ts';
import { probeWebGpuAsync } from '../webgpu-status.ts';
import { ENGINE_FRAME_READY, type EngineFrameApi, type EngineStatusInfo, type PreviewState } from './engine-frame-api.ts';

// Runs inside the engine frame (sandboxed srcdoc iframe, origin null, a secure context). The
// engine runs on this frame's main thread: a worker started from here (blob: URL) is not a
// secure context in Chromium and has no navigator.gpu, and a module worker does not load
// from an opaque origin at all (both checked in headless Chromium). The preview canvas is
// this frame's own <canvas>, configured on the engine's device, so no canvas crosses frames.

const SHIPPED_BASE = 'https://shipped.clipvg.invalid/';
const canvas = document.getElementById('preview') as HTMLCanvasElement;
const templates: string[] = PROMPT_TEMPLATES ?? ['{}'];
let device: GPUDevice | undefined;
let engine: EditEngine | undefined;
let blit: PreviewBlit | undefined;
const preview: PreviewState = { count: 0, iteration: -1 };

function notePreview(iteration: number): void {
  preview.count++;
  preview.iteration = iteration;
  canvas.dataset.previewCount = String(preview.count);
  canvas.dataset.previewIteration = String(iteration);
}

/** Canvas pixels for a scene: fit the frame, at the screen's pixel density. */
function sizeCanvasFor(scene: Scene): void {
  const box = Math.max(1, Math.min(innerWidth, innerHeight || innerWidth));
  const k = box / Math.max(scene.width, scene.height);
  const dpr = Math.min(2, devicePixelRatio || 1);
  canvas.style.width = `${Math.round(scene.width * k)}px`;
  canvas.style.height = `${Math.round(scene.height * k)}px`;
  canvas.width = Math.max(1, Math.round(scene.width * k * dpr));
  canvas.height = Math.max(1, Math.round(scene.height * k * dpr));
}

async function deviceAsync(): Promise<GPUDevice> {
  if (device) return device;
  const adapter = navigator.gpu ? await navigator.gpu.requestAdapter() : null;
  if (!adapter) throw new Error('WebGPU is not available in the engine frame: prompt editing needs it');
  device = await adapter.requestDevice(clipDeviceDescriptor(adapter));
  const realDestroy = device.destroy.bind(device);
  device.destroy = () => {
    console.error(`engine frame: device.destroy() called at ${new Error().stack}`);
    realDestroy();
  };
  void device.lost.then((info) => console.error(`engine frame: WebGPU device lost (${info.reason}): ${info.message}`));
  device.addEventListener('uncapturederror', (e) => console.error(`engine frame: WebGPU error: ${(e as GPUUncapturedErrorEvent).error.message}`));
  return device;
}

function shippedFetch(files: Record<string, Uint8Array>) {
  return async (url: string): Promise<Response> => {
    const name = url.startsWith(SHIPPED_BASE) ? url.slice(SHIPPED_BASE.length) : url;
    const bytes = files[name];
    return bytes ? new Response(bytes as BodyInit, { status: 200, headers: { 'content-length': String(bytes.length) } }) : new Response(null, { status: 404 });
  };
}

const api: EngineFrameApi = {
  // One adapter, one device per frame: the probe reports on the engine's own device.
  async probeAsync() {
    if (!navigator.gpu) return probeWebGpuAsync(self as never);
    try {
      const d = await deviceAsync();
      const info = (d as GPUDevice & { adapterInfo?: { vendor?: string; architecture?: string; device?: string; description?: string } }).adapterInfo;
      const parts = info ? [info.vendor, info.architecture, info.device, info.description].filter((x): x is string => !!x && x.trim() !== '') : [];
      return { available: true, adapter: parts.length ? [...new Set(parts)].join(' · ') : 'unnamed adapter', features: d.features.size, maxBufferSize: d.limits.maxBufferSize };
    } catch (e) {
      return { available: false, reason: e instanceof Error ? e.message : String(e) };
    }
  },

  async startAsync(request, onModelProgress) {
    const t0 = performance.now();
    const entry = MODEL_REGISTRY.find((e) => e.id === request.modelId);
    if (!entry) throw new Error(`unknown model ${request.modelId}`);
    const gpuDevice = await deviceAsync();
    // ORT's wasm (26 MB) cannot ride in ui.html (Figma's data: URL frame is capped near 2 MB):
    // it comes once from the pinned jsDelivr URL and is refused unless its SHA-256 matches.
    await configureOrtAsync({ wasm: { url: ORT_WASM_CDN_URL, sha256: ORT_WASM_SHA256 }, numThreads: 1 });
    const opened = await openModelCacheAsync();
    let allFromCache = true;
    const local = entry.source === 'local';
    // The storage notice only matters for downloaded models; the shipped one is always at hand.
    const notices: string[] = opened.notice && !local ? [opened.notice] : [];
    if (local && !request.shipped) throw new Error(`${entry.displayName} is shipped with the plugin, but this build carries no copy of it`);
    const shipped = request.shipped
      ? Object.fromEntries(
          (['vision', 'text', 'tokenizer'] as const).map((role) => [entry.variants[entry.defaultVariant]![role].url, base64ToBytes(request.shipped![role])]),
        )
      : {};
    const loaded = await loadClipModelAsync(entry, {
      allowedOrigins: MODEL_ORIGINS,
      ...(local ? { localBaseUrl: SHIPPED_BASE, fetch: shippedFetch(shipped) } : { cache: opened.cache }),
      onProgress: (p) => {
        if (!p.fromCache && !local) allFromCache = false;
        onModelProgress?.({ file: p.file, received: p.received, total: p.total, fromCache: p.fromCache || local });
      },
    });
    notices.push(...loaded.notices);
    await engine?.releaseAsync();
    engine = await createEditEngineAsync({
      device: gpuDevice,
      model: { id: entry.id, vision: loaded.vision!, text: loaded.text!, tokenizerJson: loaded.tokenizerJson! },
      templates,
    });
    engine.setPreviewCanvas(canvas);
    if (!PROMPT_TEMPLATES) notices.push('CLIP’s 79 prompt templates were not found at build time; prompts are embedded bare.');
    const status: EngineStatusInfo = {
      modelId: entry.id,
      modelName: entry.displayName,
      offlineModel: local,
      cacheKind: local ? 'shipped' : opened.cache.kind,
      fromCache: allFromCache,
      templateCount: templates.length,
      notices,
      startMs: Math.round(performance.now() - t0),
    };
    return status;
  },

  async showSceneAsync(scene) {
    const gpuDevice = await deviceAsync();
    const step = async <T>(name: string, f: () => T | Promise<T>): Promise<T> => {
      try {
        return await f();
      } catch (e) {
        throw new Error(`${name}: ${e instanceof Error ? e.message : String(e)}`);
      }
    };
    sizeCanvasFor(scene);
    const b = await step('blit', () => (blit ??= new PreviewBlit(gpuDevice, canvas)));
    const raster = await step('raster', () => GpuRasterizer.create(gpuDevice, scene, { background: 'white' }));
    try {
      await step('forward', () => {
        const enc = gpuDevice.createCommandEncoder();
        raster.encodeForward(enc);
        gpuDevice.queue.submit([enc.finish()]);
      });
      await step('draw', () => b.draw(raster.image, raster.width, raster.height));
      // Not awaiting queue.onSubmittedWorkDone(): in this nested sandboxed frame Chromium rejects
      // it ("A valid external Instance reference no longer exists"); destroy() is safe anyway,
      // WebGPU keeps buffers alive until the submitted work that uses them is done.
    } finally {
      raster.destroy();
    }
    notePreview(-1);
  },

  async runEditAsync(scene, options, onProgress, onPreview) {
    if (!engine) throw new Error('the engine has not started');
    sizeCanvasFor(scene);
    // The engine draws each throttled preview into the canvas on its own device; onPreview
    // here only tells the UI that one was drawn (its pixels never cross the frame boundary).
    engine.setPreviewCanvas(canvas);
    return engine.runEditAsync(scene, options, {
      onProgress: (p) => void onProgress(p),
      onPreview: (p) => {
        notePreview(p.iteration);
        void onPreview({ ...preview });
      },
    });
  },

  cancelRun() {
    engine?.cancelRun();
  },

  async vectorizeImageAsync(png) {
    if (engine) return engine.vectorizeImageAsync(png);
    // The vectoriser needs no model: run it before the engine has started too.
    const { loadSceneFromImageFileAsync } = await import('../../engine/vectorize/load-scene-from-image-file.ts');
    return (await loadSceneFromImageFileAsync(png, {})).scene;
  },
};

/** Errors cross comlink as messages only: keep the stack in this frame's console. */
function logged<T extends object>(target: T): T {
  return new Proxy(target, {
    get(t, key) {
      const v = Reflect.get(t, key) as unknown;
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        try {
          const r = (v as (...a: unknown[]) => unknown).apply(t, args);
          if (r instanceof Promise) r.catch((e: unknown) => console.error(`engine frame: ${String(key)} failed:`, e instanceof Error ? e.stack : e));
          return r;
        } catch (e) {
          console.error(`engine frame: ${String(key)} failed:`, e instanceof Error ? e.stack : e);
          throw e;
        }
      };
    },
  });
}

Comlink.expose(logged(api), Comlink.windowEndpoint(parent, self));
parent.postMessage({ [ENGINE_FRAME_READY]: true }, '*');
