import type { RgbaImage } from '../../src/image/rgba-image.ts';
import { cloneScene, type Scene } from '../../src/scene/scene.ts';
import { seededGaussian } from '../../src/engine/random/seeded-random.ts';

// The crack test (why CLIPVG stacks rounds): move every control point by Gaussian noise, as
// optimisation drifts them, render over a transparent background, and count the pixels
// where the canvas shows through. Rendering is the caller's (any renderer that can leave the
// background transparent); this module only perturbs and measures, so tests and the
// benchmark agree on the definition.

/** A copy of the scene with every point coordinate (anchors and handles, x and y independently) moved by N(0, sigma^2) px. */
export function jitterScene(scene: Scene, sigma: number, seed: number): Scene {
  const out = cloneScene(scene);
  const noise = seededGaussian(seed);
  for (const g of out.groups) for (const p of g.paths) for (let i = 0; i < p.points.length; i++) p.points[i]! += sigma * noise();
  return out;
}

export interface CrackMeasureOptions {
  /** A pixel is a crack when its coverage (alpha) is below this, 0..255 (default 128: less than half covered). */
  alphaBelow?: number;
  /** Pixels this close to the canvas edge are left out: the picture's outer border is not a crack between shapes (default 2). */
  margin?: number;
}

/**
 * Crack share: among the pixels at least `margin` px inside the canvas, the fraction whose
 * alpha in a transparent-background render is below `alphaBelow` — where a white canvas
 * would show through by more than half.
 */
export function crackShare(render: RgbaImage, options: CrackMeasureOptions = {}): number {
  const alphaBelow = options.alphaBelow ?? 128;
  const margin = options.margin ?? 2;
  const { width: w, height: h, data } = render;
  let cracks = 0;
  let total = 0;
  for (let y = margin; y < h - margin; y++) {
    for (let x = margin; x < w - margin; x++) {
      total++;
      if (data[(y * w + x) * 4 + 3]! < alphaBelow) cracks++;
    }
  }
  return total === 0 ? 0 : cracks / total;
}
