import type { Scene } from '../scene/scene.ts';

// What the preview shows once a result exists: the candidate, the original (while Compare is
// held), or both side by side (source | candidate) as one scene, so the engine's one preview
// canvas draws them with the same rasteriser at the same scale. Pure, so tested without a GPU.

export type PreviewView = 'candidate' | 'original' | 'side-by-side';

/** White space between the two halves, as a share of the source's width. */
export const SIDE_BY_SIDE_GAP = 1 / 16;

/** The candidate moved right of the source by its width plus the gap; a white backdrop under both. */
export function sideBySideScene(source: Scene, candidate: Scene): Scene {
  const gap = Math.max(1, Math.round(source.width * SIDE_BY_SIDE_GAP));
  const dx = source.width + gap;
  const width = dx + candidate.width;
  const height = Math.max(source.height, candidate.height);
  const shifted = candidate.groups.map((g) => ({
    ...g,
    paths: g.paths.map((p) => ({ points: p.points.map((v, i) => (i % 2 === 0 ? v + dx : v)) })),
  }));
  return { width, height, groups: [...source.groups, ...shifted], rois: [], warnings: [] };
}

/** The scene the preview draws for `view`. */
export function previewSceneOf(view: PreviewView, source: Scene, candidate: Scene): Scene {
  if (view === 'original') return source;
  if (view === 'side-by-side') return sideBySideScene(source, candidate);
  return candidate;
}

/** Keys that show the original while held with the preview focused. */
export function isCompareKey(key: string): boolean {
  return key === ' ' || key === 'Alt';
}
