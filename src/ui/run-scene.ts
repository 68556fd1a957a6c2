import type { ImageSource, PromptFrame } from '../protocol/protocol.ts';
import type { Scene, ShapeGroup } from '../scene/scene.ts';

// What a run edits: the selection's scene with the prompts as typed now (the sandbox stores
// them too, but the UI must not wait for that round trip), plus any vectorised images, placed
// where their pixels sat. Pure, so the UI and its tests share it.

export interface VectorisedImage {
  source: Pick<ImageSource, 'nodeId' | 'name' | 'x' | 'y' | 'width' | 'height'>;
  /** The vectoriser's scene, in its own working-size pixels. */
  scene: Scene;
}

export interface RunScene {
  scene: Scene;
  /** Prompt of the whole picture (CLIPVG's first ROI). */
  prompt: string;
  /** Nested frames left out because their prompt is empty. */
  skippedFrames: string[];
}

export function promptOf(frame: PromptFrame, prompts: Record<string, string>): string {
  return (prompts[frame.nodeId] ?? frame.prompt).trim();
}

/** An image's vectors mapped from the vectoriser's pixels onto the image's box in the scene. */
export function placeVectorisedImage(v: VectorisedImage): ShapeGroup[] {
  const sx = v.source.width / v.scene.width;
  const sy = v.source.height / v.scene.height;
  const { x: ox, y: oy } = v.source;
  return v.scene.groups.map((g) => ({
    ...g,
    paths: g.paths.map((p) => ({ points: p.points.map((c, i) => (i % 2 === 0 ? ox + c * sx : oy + c * sy)) })),
    source: { kind: 'vectorize', ref: `${v.source.nodeId}/${g.source.ref}`, name: `${v.source.name} · ${g.source.name ?? g.source.ref}` },
  }));
}

/**
 * Images sit below the vector layers here: image fills are mostly backgrounds and photos under
 * artwork, and the scene has no record of where in the layer order an image was.
 */
export function buildRunScene(base: Scene, frames: PromptFrame[], prompts: Record<string, string>, images: VectorisedImage[] = []): RunScene {
  const root = frames.find((f) => f.isRoot);
  const byId = new Map(frames.map((f) => [f.nodeId, f]));
  const skippedFrames: string[] = [];
  const rois = base.rois.flatMap((r) => {
    const frame = r.source ? byId.get(r.source.ref) : undefined;
    const prompt = frame ? promptOf(frame, prompts) : r.prompt.trim();
    if (!prompt) {
      skippedFrames.push(frame?.name ?? r.source?.name ?? 'a region');
      return [];
    }
    return [{ ...r, prompt }];
  });
  return {
    scene: { ...base, groups: [...images.flatMap(placeVectorisedImage), ...base.groups], rois },
    prompt: root ? promptOf(root, prompts) : '',
    skippedFrames,
  };
}
