import * as Comlink from 'comlink';
import type { EditOptions, EditProgress, EditResult } from '../engine/edit/edit-types.ts';
import type { EngineHostApi, PreviewState } from '../engine-host/engine-host-api.ts';
import type { ImagesMessage } from '../protocol/protocol.ts';
import type { Scene } from '../scene/scene.ts';
import type { VectorisedImage } from './run-scene.ts';
import type { WindowAction } from './window-state.ts';

// The two long steps the window drives in the engine, each told to the window reducer as
// actions: vectorising the selection's images, and the edit run. Each outcome, failure
// included, is one action; the reducer decides whether it still applies.

type Dispatch = (a: WindowAction) => void;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Exports the selection's images through the sandbox and vectorises each in the engine. */
export async function vectoriseImagesAsync(
  api: Pick<EngineHostApi, 'vectorizeImageAsync'>,
  imagesAsync: () => Promise<ImagesMessage>,
  dispatch: Dispatch,
  selection: { sourceId: string; imageCount: number },
): Promise<void> {
  const { sourceId } = selection;
  dispatch({ type: 'vectorise-start', sourceId, total: selection.imageCount });
  try {
    const reply = await imagesAsync();
    if (reply.sourceId !== sourceId) throw new Error('the selection changed while its images were exported; vectorise again');
    const out: VectorisedImage[] = [];
    for (const img of reply.images) {
      out.push({ source: img, scene: await api.vectorizeImageAsync(img.png) });
      dispatch({ type: 'vectorise-progress', sourceId, done: out.length, total: reply.images.length });
    }
    dispatch({ type: 'vectorise-done', sourceId, images: out });
  } catch (e) {
    dispatch({ type: 'failed', step: 'vectorise', error: message(e) });
  }
}

/** Runs the edit; the preview follows in the engine's canvas. Resolves with the result, or null when it failed. */
export async function runEditAsync(
  api: Pick<EngineHostApi, 'runEditAsync'>,
  dispatch: Dispatch,
  scene: Scene,
  options: EditOptions,
  onPreview: (p: PreviewState) => void,
): Promise<EditResult | null> {
  dispatch({ type: 'run-start' });
  try {
    const result = await api.runEditAsync(
      scene,
      options,
      Comlink.proxy((progress: EditProgress) => dispatch({ type: 'run-progress', progress })),
      Comlink.proxy(onPreview),
    );
    dispatch({ type: 'run-end', result });
    return result;
  } catch (e) {
    dispatch({ type: 'failed', step: 'run', error: message(e) });
    return null;
  }
}
