import * as Comlink from 'comlink';
import { PROMPT_TEMPLATES } from 'clipvg:prompt-templates';
import { MODEL_ORIGINS } from '../../../models/model-hosts.ts';
import { MODEL_REGISTRY } from '../../../models/model-registry.ts';
import { configureOrtAsync, ORT_WASM_CDN_URL, ORT_WASM_SHA256 } from '../../engine/clip/clip-ort-config.ts';
import { base64ToBytes } from '../../engine/gpu/base64-floats.ts';
import { clipDeviceDescriptor } from '../../engine/clip/clip-device-requirements.ts';
import { createEditEngineAsync } from '../../engine/edit/edit-engine.ts';
import { PreviewBlit } from '../../engine/edit/edit-gpu-kernels.ts';
import { renderToRgba8 } from '../../engine/edit/render-to-rgba8.ts';
import type { RgbaImage } from '../../image/rgba-image.ts';
import type { EditEngine, EditModelFiles, EditResult } from '../../engine/edit/edit-types.ts';
import { adapterIdentity, chooseClipProvider, isSoftwareAdapter } from '../../engine/clip/clip-provider-policy.ts';
import type { ClipProvider } from '../../engine/clip/clip-session.ts';
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
// this frame's own <canvas>, so no canvas crosses frames.

const SHIPPED_BASE = 'https://shipped.clipvg.invalid/';
const canvas = document.getElementById('preview') as HTMLCanvasElement;
// How previews reach the visible canvas. 'webgpu': the engine draws into an OffscreenCanvas
// configured on its device and each frame is handed over as an ImageBitmap (no readback).
// '2d': the read-back 8-bit render is put into a 2D context. Chromium needs a displayable
// shared image for ANY WebGPU canvas swap chain (DOM or Offscreen); headless Chromium on
// SwiftShader's Vulkan without ANGLE GL cannot create one ("Could not find
// SharedImageBackingFactory ... WebgpuSwapChainTexture") and then destroys the device that
// configured the canvas: the "Device was destroyed" at the first Run, and the white preview.
// After that failure the frame gets no adapter at all, so it cannot be probed safely: software
// adapters (where the engine reads each preview back anyway, and readback is a memcpy) take
// the 2D path, real GPUs the WebGPU one.
type PreviewPath = 'webgpu' | '2d';
let previewPath: PreviewPath | undefined;
const gpuCanvas = new OffscreenCanvas(1, 1);
let shown: ImageBitmapRenderingContext | undefined;
let shown2d: CanvasRenderingContext2D | undefined;
const templates: string[] = PROMPT_TEMPLATES;
let adapter: GPUAdapter | undefined;
let device: GPUDevice | undefined;
/** The message of the last device loss, cleared when a run starts. */
let lostMessage: string | undefined;
let engine: EditEngine | undefined;
let engineInputs: { model: EditModelFiles } | undefined;
let clipProvider: ClipProvider = 'wasm';
let blit: PreviewBlit | undefined;
const preview: PreviewState = { count: 0, iteration: -1 };

/** Shows what was last drawn into gpuCanvas (WebGPU path only). */
function presentGpu(): void {
  shown ??= canvas.getContext('bitmaprenderer')!;
  shown.transferFromImageBitmap(gpuCanvas.transferToImageBitmap());
}

/** Shows a read-back render, scaled to the canvas (2D path). */
function presentImage(image: RgbaImage): void {
  shown2d ??= canvas.getContext('2d')!;
  const src = new OffscreenCanvas(image.width, image.height);
  src.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
  shown2d.imageSmoothingQuality = 'high';
  shown2d.drawImage(src, 0, 0, canvas.width, canvas.height);
}

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
  gpuCanvas.width = canvas.width;
  gpuCanvas.height = canvas.height;
}

async function deviceAsync(): Promise<GPUDevice> {
  if (device) return device;
  adapter = navigator.gpu ? ((await navigator.gpu.requestAdapter()) ?? undefined) : undefined;
  if (!adapter) throw new Error('WebGPU is not available in the engine frame: prompt editing needs it');
  // Test hook: the browser harness forces the WebGPU path under ANGLE's SwiftShader GL, which
  // can back a WebGPU swap chain, to cover what real GPUs run.
  const forced = (globalThis as { __clipvgPreviewPath?: PreviewPath }).__clipvgPreviewPath;
  previewPath = forced ?? (isSoftwareAdapter(adapterIdentity(adapter)) ? '2d' : 'webgpu');
  canvas.dataset.previewPath = previewPath;
  const d = await adapter.requestDevice(clipDeviceDescriptor(adapter));
  device = d;
  void d.lost.then((info) => {
    console.error(`engine frame: WebGPU device lost (${info.reason}): ${info.message}`);
    if (device !== d) return;
    // Everything made on the dead device goes with it; the next call starts on a fresh one.
    lostMessage = info.message;
    device = undefined;
    blit = undefined;
    engine = undefined;
  });
  d.addEventListener('uncapturederror', (e) => console.error(`engine frame: WebGPU error: ${(e as GPUUncapturedErrorEvent).error.message}`));
  return d;
}

/** (Re)creates the engine on the current device with CLIP on `provider`. */
async function buildEngineAsync(provider: ClipProvider): Promise<EditEngine> {
  if (!engineInputs) throw new Error('the engine has not started');
  const gpuDevice = await deviceAsync();
  await engine?.releaseAsync().catch(() => undefined);
  engine = undefined;
  const built = await createEditEngineAsync({ device: gpuDevice, model: engineInputs.model, templates, clipProvider: provider });
  built.setPreviewCanvas(previewPath === 'webgpu' ? gpuCanvas : null);
  engine = built;
  clipProvider = provider;
  return built;
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
    await deviceAsync();
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
    engineInputs = { model: { id: entry.id, vision: loaded.vision!, text: loaded.text!, tokenizerJson: loaded.tokenizerJson! } };
    const choice = chooseClipProvider(adapter && adapterIdentity(adapter), request.clipProvider ?? 'auto');
    if (choice.provider === 'wasm') notices.push(choice.reason);
    await buildEngineAsync(choice.provider);
    const status: EngineStatusInfo = {
      modelId: entry.id,
      modelName: entry.displayName,
      offlineModel: local,
      cacheKind: local ? 'shipped' : opened.cache.kind,
      fromCache: allFromCache,
      templateCount: templates.length,
      clipProvider,
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
    const raster = await step('raster', () => GpuRasterizer.create(gpuDevice, scene, { background: 'white' }));
    try {
      await step('forward', () => {
        const enc = gpuDevice.createCommandEncoder();
        raster.encodeForward(enc);
        gpuDevice.queue.submit([enc.finish()]);
      });
      if (previewPath === 'webgpu') {
        const b = await step('blit', () => (blit ??= new PreviewBlit(gpuDevice, gpuCanvas)));
        await step('draw', () => b.draw(raster.image, raster.width, raster.height));
        presentGpu();
      } else {
        presentImage(await step('read back', async () => renderToRgba8(await raster.readImageAsync(), raster.width, raster.height)));
      }
    } finally {
      raster.destroy();
    }
    notePreview(-1);
  },

  async runEditAsync(scene, options, onProgress, onPreview) {
    if (!engineInputs) throw new Error('the engine has not started');
    sizeCanvasFor(scene);
    const runOnceAsync = async (): Promise<EditResult> => {
      const e = engine ?? (await buildEngineAsync(clipProvider));
      // The engine draws each throttled preview into the canvas on its own device; onPreview
      // here only tells the UI that one was drawn (its pixels never cross the frame boundary).
      e.setPreviewCanvas(previewPath === 'webgpu' ? gpuCanvas : null);
      return e.runEditAsync(scene, options, {
        onProgress: (p) => void onProgress(p),
        onPreview: (p) => {
          if (previewPath === 'webgpu') presentGpu();
          else presentImage(p.image);
          notePreview(p.iteration);
          void onPreview({ ...preview });
        },
      });
    };
    lostMessage = undefined;
    try {
      return await runOnceAsync();
    } catch (err) {
      // device.lost resolves a task after the failing call: give it that moment.
      await new Promise((r) => setTimeout(r, 50));
      if (clipProvider !== 'webgpu' || lostMessage === undefined) throw err;
      // ORT's WebGPU provider took the shared device down with it. Rather than leave the plugin
      // without a device, start again on a fresh one with CLIP on WASM, and say so.
      const lost = lostMessage;
      await buildEngineAsync('wasm');
      const result = await runOnceAsync();
      return { ...result, warnings: [`CLIP’s WebGPU provider lost the GPU device (${lost}); CLIP now runs on WASM (CPU), which is slower.`, ...result.warnings] };
    }
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
