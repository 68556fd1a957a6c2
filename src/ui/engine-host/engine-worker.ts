import * as Comlink from 'comlink';
import { ENGINE_WORKER_READY, type EngineHostApi } from '../../engine-host/engine-host-api.ts';
import { fitPreview, type PreviewBox } from '../../engine-host/preview-fit.ts';
import type { PreviewPath } from '../../engine-host/preview-surface.ts';
import type { Scene } from '../../scene/scene.ts';
import type { Hosting } from '../hosting.ts';
import type { EngineConnection } from './engine-connection.ts';
import type { EngineWorkerApi } from './engine-worker-entry.ts';

// The UI's handle on the engine in hosted mode: a dedicated module worker (the page has a real
// origin, so the worker has WebGPU, Cache API and IndexedDB). The preview <canvas> stays in the
// UI's layout; its drawing is transferred to the worker, and the UI only sets its CSS size.

export async function createEngineWorkerAsync(container: HTMLElement, hosting: Hosting, timeoutMs = 30_000): Promise<EngineConnection> {
  const canvas = document.createElement('canvas');
  canvas.dataset.testid = 'preview-canvas';
  canvas.style.cssText = 'display:block;background:#fff;box-shadow:0 0 0 1px rgba(0,0,0,.1)';
  const frame = document.createElement('div');
  frame.style.cssText = 'display:flex;align-items:center;justify-content:center;width:100%;height:100%';
  frame.appendChild(canvas);
  container.appendChild(frame);
  const box = (): PreviewBox => ({ width: container.clientWidth, height: container.clientHeight, devicePixelRatio });
  const worker = new Worker(new URL(hosting.workerUrl, location.href), { type: 'module', name: 'clipvg-engine' });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the engine worker did not start within ${timeoutMs / 1000} s`)), timeoutMs);
    worker.addEventListener('error', (e) => (clearTimeout(timer), reject(new Error(`the engine worker failed to load: ${e.message || 'script error'}`))), {
      once: true,
    });
    const onMessage = (e: MessageEvent) => {
      if (!e.data || typeof e.data !== 'object' || !(ENGINE_WORKER_READY in e.data)) return;
      clearTimeout(timer);
      worker.removeEventListener('message', onMessage);
      resolve();
    };
    worker.addEventListener('message', onMessage);
  });
  const remote = Comlink.wrap<EngineWorkerApi>(worker);
  const offscreen = canvas.transferControlToOffscreen();
  const forced = (globalThis as { __clipvgPreviewPath?: PreviewPath }).__clipvgPreviewPath;
  await remote.initAsync(
    Comlink.transfer(
      { canvas: offscreen, box: box(), ortWasmUrl: new URL(hosting.ortWasmUrl, location.href).href, ...(forced ? { forcedPreviewPath: forced } : {}) },
      [offscreen],
    ),
  );
  const fit = (scene: Scene) => {
    const b = box();
    void remote.setBox(b);
    const f = fitPreview(scene, b);
    canvas.style.width = `${f.cssWidth}px`;
    canvas.style.height = `${f.cssHeight}px`;
  };
  const markPath = async () => {
    const path = await remote.previewPathAsync();
    if (path) canvas.dataset.previewPath = path;
  };
  // The same calls as the engine frame's; the UI sizes the canvas before the engine draws.
  const api: Comlink.Remote<Required<EngineHostApi>> = {
    probeAsync: async () => {
      const p = await remote.probeAsync();
      await markPath();
      return p;
    },
    startAsync: (request, onModelProgress) => remote.startAsync(request, onModelProgress),
    showSceneAsync: async (scene) => {
      fit(scene);
      await remote.showSceneAsync(scene);
    },
    runEditAsync: (scene, options, onProgress, onPreview) => {
      fit(scene);
      return remote.runEditAsync(scene, options, onProgress, onPreview);
    },
    continueEditAsync: (checkpoint, iterations, onProgress, onPreview) => {
      fit(checkpoint.source);
      return remote.continueEditAsync(checkpoint, iterations, onProgress, onPreview);
    },
    runVariationsAsync: (scene, options, seeds, onProgress, onVariation) => {
      fit(scene);
      return remote.runVariationsAsync(scene, options, seeds, onProgress, onVariation);
    },
    runSetAsync: (scenes, options, onProgress, onItem) => {
      if (scenes[0]) fit(scenes[0]);
      return remote.runSetAsync(scenes, options, onProgress, onItem);
    },
    cancelRun: () => remote.cancelRun(),
    vectorizeImageAsync: (png) => remote.vectorizeImageAsync(png),
    cacheInfoAsync: () => remote.cacheInfoAsync(),
    clearCacheAsync: () => remote.clearCacheAsync(),
    modelFilesAsync: () => remote.modelFilesAsync(),
  } as Comlink.Remote<Required<EngineHostApi>>;
  return { api, element: frame, mode: 'worker' };
}
