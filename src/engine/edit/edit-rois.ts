import type { Scene } from '../../scene/scene.ts';
import type { AugmentRect } from '../augment/augment-sampler.ts';

/** CLIPVG's ROIs of a scene: ROI 0 the whole canvas with the main prompt, then scene.rois with theirs. */
export function roisOf(scene: Scene, prompt: string): (AugmentRect & { prompt: string })[] {
  return [
    { x: 0, y: 0, width: scene.width, height: scene.height, prompt },
    ...scene.rois.map((r) => ({ x: r.x, y: r.y, width: r.width, height: r.height, prompt: r.prompt })),
  ];
}
