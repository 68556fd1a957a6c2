import * as Comlink from 'comlink';
import type { EditCheckpoint, EditOptions, EditProgress, EditResult } from '../engine/edit/edit-types.ts';
import type { EngineHostApi, PreviewState, VariationDone, VariationProgress } from '../engine-host/engine-host-api.ts';
import type { ImagesMessage } from '../protocol/protocol.ts';
import type { Scene } from '../scene/scene.ts';
import type { VectorisedImage } from './run-scene.ts';
import type { WindowAction } from './window-state.ts';

// The long steps the window drives in the engine, each told to the window reducer as
// actions: vectorising the selection's images, the edit run, Continue, variations and an icon set. Each outcome, failure
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
  return runAsync(dispatch, (onProgress) => api.runEditAsync(scene, options, onProgress, Comlink.proxy(onPreview)));
}

/** "Continue": more iterations from the result's checkpoint (Adam state kept), a run of its own. */
export async function continueRunAsync(
  api: Pick<Required<EngineHostApi>, 'continueEditAsync'>,
  dispatch: Dispatch,
  checkpoint: EditCheckpoint,
  iterations: number,
  onPreview: (p: PreviewState) => void,
): Promise<EditResult | null> {
  return runAsync(dispatch, (onProgress) => api.continueEditAsync(checkpoint, iterations, onProgress, Comlink.proxy(onPreview)));
}

/** One run's lifecycle in the reducer: start, progress (a Comlink proxy), end or failure. */
async function runAsync(dispatch: Dispatch, start: (onProgress: (p: EditProgress) => void) => Promise<EditResult>): Promise<EditResult | null> {
  dispatch({ type: 'run-start' });
  try {
    const result = await start(Comlink.proxy((progress: EditProgress) => dispatch({ type: 'run-progress', progress })));
    dispatch({ type: 'run-end', result });
    return result;
  } catch (e) {
    dispatch({ type: 'failed', step: 'run', error: message(e) });
    return null;
  }
}

/** Where a batch's results go: the source layer and the prompt that names the written frame. */
export interface BatchTarget {
  sourceId: string;
  prompt: string;
}

/** K seeds of one edit; each variation becomes a candidate (with its thumbnail) as it finishes. */
export async function runVariationsAsync(
  api: Pick<Required<EngineHostApi>, 'runVariationsAsync'>,
  dispatch: Dispatch,
  scene: Scene,
  options: EditOptions,
  seeds: number[],
  target: BatchTarget,
): Promise<VariationDone[] | null> {
  dispatch({ type: 'batch-start', kind: 'variations', total: seeds.length });
  const candidate = (v: VariationDone) => ({
    index: v.index,
    label: `Seed ${v.seed}`,
    ...target,
    result: v.result,
    ...(v.thumbnail ? { thumbnail: v.thumbnail } : {}),
  });
  const arrived = new Set<number>();
  try {
    const out = await api.runVariationsAsync(
      scene,
      options,
      seeds,
      Comlink.proxy((p: VariationProgress) =>
        dispatch({ type: 'batch-progress', progress: p, current: p.variation, fraction: (p.variation + p.iteration / p.iterations) / p.variations }),
      ),
      Comlink.proxy((v: VariationDone) => {
        arrived.add(v.index);
        dispatch({ type: 'batch-item', candidate: candidate(v) });
      }),
    );
    // Comlink carries the callbacks on the proxy's own port, not ordered with the reply: the
    // last variation can arrive after the run resolves, so the reply's own copy stands in.
    for (const v of out) if (!arrived.has(v.index)) dispatch({ type: 'batch-item', candidate: candidate(v) });
    const cancelled = out.length < seeds.length;
    dispatch({ type: 'batch-end', cancelled, warnings: [...new Set(out.flatMap((v) => v.result.warnings))] });
    return out;
  } catch (e) {
    dispatch({ type: 'failed', step: 'run', error: message(e) });
    return null;
  }
}

/** One frame of an icon set: its scene and options (its own locked layers), and where it goes. */
export interface IconSetItem extends BatchTarget {
  name: string;
  scene: Scene;
  options: EditOptions;
}

/**
 * An icon set: the same edit on each frame in turn, each result a candidate as it finishes.
 * `cancelled()` says the user cancelled: the frame running stops (the engine's cancel) and the
 * rest are not started; the finished ones stay.
 */
export async function runIconSetAsync(
  api: Pick<EngineHostApi, 'runEditAsync'>,
  dispatch: Dispatch,
  items: IconSetItem[],
  cancelled: () => boolean,
  onPreview: (p: PreviewState) => void,
): Promise<number> {
  dispatch({ type: 'batch-start', kind: 'icon-set', total: items.length });
  let done = 0;
  const warnings = new Set<string>();
  try {
    for (const [i, item] of items.entries()) {
      if (cancelled()) break;
      const n = items.length;
      const result = await api.runEditAsync(
        item.scene,
        item.options,
        Comlink.proxy((p: EditProgress) => dispatch({ type: 'batch-progress', progress: p, current: i, fraction: (i + p.iteration / p.iterations) / n })),
        Comlink.proxy(onPreview),
      );
      if (result.cancelled) break;
      for (const w of result.warnings) warnings.add(`${item.name}: ${w}`);
      dispatch({ type: 'batch-item', candidate: { index: i, label: item.name, sourceId: item.sourceId, prompt: item.prompt, result } });
      done++;
    }
    dispatch({ type: 'batch-end', cancelled: done < items.length, warnings: [...warnings] });
  } catch (e) {
    dispatch({ type: 'failed', step: 'run', error: message(e) });
  }
  return done;
}
