import type { RgbaImage } from '../../image/rgba-image.ts';
import { cloneScene, type Scene } from '../../scene/scene.ts';

// The crack test (why CLIPVG stacks rounds): move every control point by Gaussian noise, as
// optimisation drifts them, render over a transparent background, and count the pixels
// where the canvas shows through. Rendering is the caller's (any renderer that can leave the
// background transparent); this module only perturbs and measures, so tests and the
// benchmark agree on the definition.

/** mulberry32: tiny, seedable, good enough for noise. */
function seededUniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples (Box–Muller) from a fixed seed. */
export function seededGaussian(seed: number): () => number {
  const uniform = seededUniform(seed);
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    const u = Math.max(uniform(), 1e-12);
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

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
