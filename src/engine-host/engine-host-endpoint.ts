import type { RgbaImage } from '../image/rgba-image.ts';
import type { EngineHostApi } from './engine-host-api.ts';
import type { EngineHost } from './engine-host.ts';

// The comlink face of an EngineHost, the same for the engine worker and the engine frame.

export function engineHostApi(host: EngineHost): Required<EngineHostApi> {
  return {
    probeAsync: () => host.probeAsync(),
    startAsync: (request, onModelProgress) => host.startAsync(request, onModelProgress),
    showSceneAsync: async (scene) => {
      await host.showSceneAsync(scene);
    },
    // The engine draws each throttled preview into the visible canvas itself; onPreview only
    // tells the UI that one was drawn (its pixels never cross to the UI).
    runEditAsync: (scene, options, onProgress, onPreview) =>
      host.runEditAsync(scene, options, { onProgress: (p) => void onProgress(p), onPreviewShown: (p) => void onPreview(p) }),
    continueEditAsync: (checkpoint, iterations, onProgress, onPreview) =>
      host.continueEditAsync(checkpoint, iterations, { onProgress: (p) => void onProgress(p), onPreviewShown: (p) => void onPreview(p) }),
    // The reply carries each variation with its thumbnail too: Comlink delivers onVariation on
    // the proxy's own port, unordered with the reply, so the last one may arrive after it.
    runVariationsAsync: async (scene, options, seeds, onProgress, onVariation) => {
      let variation = 0;
      const thumbnails = new Map<number, RgbaImage>();
      const done = await host.runVariationsAsync(scene, options, seeds, {
        onProgress: (p) => void onProgress({ ...p, variation, variations: seeds.length }),
        onVariation: (v, thumbnail) => {
          variation = v.index + 1;
          if (thumbnail) thumbnails.set(v.index, thumbnail);
          void onVariation({ ...v, ...(thumbnail ? { thumbnail } : {}) });
        },
      });
      return done.map((v) => {
        const thumbnail = thumbnails.get(v.index);
        return { ...v, ...(thumbnail ? { thumbnail } : {}) };
      });
    },
    runSetAsync: (scenes, options, onProgress, onItem) =>
      host.runSetAsync(scenes, options, { onSetProgress: (p) => void onProgress(p), onItem: (item, result) => void onItem({ item, result }) }),
    cancelRun: () => host.cancelRun(),
    vectorizeImageAsync: (png) => host.vectorizeImageAsync(png),
    cacheInfoAsync: () => host.cacheInfoAsync(),
    clearCacheAsync: () => host.clearCacheAsync(),
    modelFilesAsync: () => host.modelFilesAsync(),
  };
}

/** Errors cross comlink as messages only: keep the stack in the host's console. */
export function logged<T extends object>(target: T, name: string): T {
  return new Proxy(target, {
    get(t, key) {
      const v = Reflect.get(t, key) as unknown;
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        try {
          const r = (v as (...a: unknown[]) => unknown).apply(t, args);
          if (r instanceof Promise) r.catch((e: unknown) => console.error(`${name}: ${String(key)} failed:`, e instanceof Error ? e.stack : e));
          return r;
        } catch (e) {
          console.error(`${name}: ${String(key)} failed:`, e instanceof Error ? e.stack : e);
          throw e;
        }
      };
    },
  });
}
