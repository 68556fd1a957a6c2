import type { ImageSource, PromptFrame } from '../protocol/protocol.ts';
import type { Scene, ShapeGroup } from '../scene/scene.ts';

// What a run edits: the selection's scene with the prompts as typed now (the sandbox stores
// them too, but the UI must not wait for that round trip), plus any vectorised images, placed
// where their pixels sat. Pure, so the UI and its tests share it.

export interface VectorisedImage {
  source: Pick<ImageSource, 'nodeId' | 'name' | 'x' | 'y' | 'width' | 'height'> & Partial<Pick<ImageSource, 'placement' | 'groupIndex'>>;
  /** The vectoriser's scene, in its own working-size pixels. */
  scene: Scene;
}

export interface RunScene {
  scene: Scene;
  /** Prompt of the whole picture (CLIPVG's first ROI). */
  prompt: string;
  /** Nested frames left out because their prompt is empty. */
  skippedFrames: string[];
  /** Groups of layers locked in Figma, as indices into `scene.groups` (vectorised images shift them). */
  frozenGroups: number[];
}

export function promptOf(frame: PromptFrame, prompts: Record<string, string>): string {
  return (prompts[frame.nodeId] ?? frame.prompt).trim();
}

/**
 * An image's vectors mapped from the vectoriser's pixels onto where the image sits in the scene:
 * through its placement (the PNG's unit square -> scene, exact for rotated nodes), else its box.
 */
export function placeVectorisedImage(v: VectorisedImage): ShapeGroup[] {
  const { x: ox, y: oy } = v.source;
  const [[a, c, e], [b, d, f]] = v.source.placement ?? [
    [v.source.width, 0, ox],
    [0, v.source.height, oy],
  ];
  const u = 1 / v.scene.width;
  const w = 1 / v.scene.height;
  const map = (pts: number[]) => {
    const out = new Array<number>(pts.length);
    for (let i = 0; i < pts.length; i += 2) {
      const x = pts[i]! * u;
      const y = pts[i + 1]! * w;
      out[i] = a * x + c * y + e;
      out[i + 1] = b * x + d * y + f;
    }
    return out;
  };
  return v.scene.groups.map((g) => ({
    ...g,
    paths: g.paths.map((p) => ({ points: map(p.points) })),
    source: { kind: 'vectorize', ref: `${v.source.nodeId}/${g.source.ref}`, name: `${v.source.name} · ${g.source.name ?? g.source.ref}` },
  }));
}

/**
 * Each image's vectors go in where the image was in the layer order (its groupIndex: the groups
 * drawn under it, such as a frame's background), or below all vector layers when that is unknown.
 */
function withImages(groups: ShapeGroup[], images: VectorisedImage[]): { groups: ShapeGroup[]; newIndex: number[] } {
  const at = (v: VectorisedImage) => Math.min(groups.length, Math.max(0, v.source.groupIndex ?? 0));
  // Stable by index: images at the same place keep their order.
  const sorted = images.map((v, i) => ({ v, i })).sort((a, b) => at(a.v) - at(b.v) || a.i - b.i);
  const out: ShapeGroup[] = [];
  // Where each base group lands once images are inserted (locked layers keep their lock).
  const newIndex: number[] = [];
  const take = (i: number) => {
    newIndex[i] = out.length;
    out.push(groups[i]!);
  };
  let next = 0;
  for (const { v } of sorted) {
    while (next < at(v)) take(next++);
    out.push(...placeVectorisedImage(v));
  }
  while (next < groups.length) take(next++);
  return { groups: out, newIndex };
}

export function buildRunScene(
  base: Scene,
  frames: PromptFrame[],
  prompts: Record<string, string>,
  images: VectorisedImage[] = [],
  locked: readonly number[] = [],
): RunScene {
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
  const placed = withImages(base.groups, images);
  const frozenGroups = locked.flatMap((g) => (placed.newIndex[g] === undefined ? [] : [placed.newIndex[g]!]));
  return {
    scene: { ...base, groups: placed.groups, rois },
    prompt: root ? promptOf(root, prompts) : '',
    skippedFrames,
    frozenGroups,
  };
}
