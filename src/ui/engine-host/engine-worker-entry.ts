import * as Comlink from 'comlink';
import { PROMPT_TEMPLATES } from 'clipvg:prompt-templates';
import { ORT_WASM_SHA256 } from '../../engine/clip/clip-ort-config.ts';
import { ENGINE_WORKER_READY, type EngineHostApi } from '../../engine-host/engine-host-api.ts';
import { engineHostApi, logged } from '../../engine-host/engine-host-endpoint.ts';
import { EngineHost } from '../../engine-host/engine-host.ts';
import { PreviewSurface, type PreviewBox, type PreviewPath } from '../../engine-host/preview-surface.ts';

// The engine worker (hosted mode: the UI has a real origin, so a dedicated worker has WebGPU).
// The engine runs here, off the thread that draws the UI. The UI hands over its preview
// <canvas> (transferControlToOffscreen), which the engine draws into directly.

export interface EngineWorkerConfig {
  canvas: OffscreenCanvas;
  box: PreviewBox;
  /** ORT's wasm, served beside the UI; refused unless its SHA-256 is the pinned one. */
  ortWasmUrl: string;
  forcedPreviewPath?: PreviewPath;
}

export interface EngineWorkerApi extends Required<EngineHostApi> {
  initAsync(config: EngineWorkerConfig): Promise<void>;
  /** Which way previews reach the canvas (known once the device exists). */
  previewPathAsync(): Promise<PreviewPath | undefined>;
  setBox(box: PreviewBox): void;
}

let api: Required<EngineHostApi> | undefined;
let surface: PreviewSurface | undefined;
let box: PreviewBox = { width: 1, height: 1, devicePixelRatio: 1 };
const started = (): Required<EngineHostApi> => {
  if (!api) throw new Error('the engine worker has not been initialised');
  return api;
};

const worker: EngineWorkerApi = {
  async initAsync(config) {
    box = config.box;
    surface = new PreviewSurface({ visible: config.canvas, box: () => box });
    const host = new EngineHost({
      ortWasm: { url: config.ortWasmUrl, sha256: ORT_WASM_SHA256 },
      numThreads: 1,
      templates: PROMPT_TEMPLATES,
      surface,
      ...(config.forcedPreviewPath ? { forcedPreviewPath: config.forcedPreviewPath } : {}),
      name: 'engine worker',
    });
    api = engineHostApi(host);
  },
  async previewPathAsync() {
    return surface?.path;
  },
  setBox(b) {
    box = b;
  },
  probeAsync: () => started().probeAsync(),
  startAsync: (request, onModelProgress) => started().startAsync(request, onModelProgress),
  showSceneAsync: (scene) => started().showSceneAsync(scene),
  runEditAsync: (scene, options, onProgress, onPreview) => started().runEditAsync(scene, options, onProgress, onPreview),
  continueEditAsync: (checkpoint, iterations, onProgress, onPreview) => started().continueEditAsync(checkpoint, iterations, onProgress, onPreview),
  runVariationsAsync: (scene, options, seeds, onProgress, onVariation) => started().runVariationsAsync(scene, options, seeds, onProgress, onVariation),
  runSetAsync: (scenes, options, onProgress, onItem) => started().runSetAsync(scenes, options, onProgress, onItem),
  cancelRun: () => started().cancelRun(),
  vectorizeImageAsync: (png) => started().vectorizeImageAsync(png),
  cacheInfoAsync: () => started().cacheInfoAsync(),
  clearCacheAsync: () => started().clearCacheAsync(),
  modelFilesAsync: () => started().modelFilesAsync(),
};

Comlink.expose(logged(worker, 'engine worker'));
self.postMessage({ [ENGINE_WORKER_READY]: true });
