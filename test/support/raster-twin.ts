import { flattenLines } from '../../src/engine/raster/flatten.ts';
import type { Background } from '../../src/engine/raster/compositing.ts';
import { packScene, type PackedScene } from '../../src/engine/raster/packed-scene.ts';
import { pointGradsTwin } from '../../src/engine/raster/point-grads.ts';
import { renderBackwardTwin } from '../../src/engine/raster/render-backward.ts';
import { renderForwardTwin } from '../../src/engine/raster/render-forward.ts';
import type { Scene } from '../../src/scene/scene.ts';

// The float64 twin end to end, for tests: image, and gradients of a linear loss.

export function twinImage(ps: PackedScene, background: Background = 'white'): Float64Array {
  return renderForwardTwin(ps, flattenLines(ps, ps.points), background).image;
}

export function twinGradients(ps: PackedScene, gradImage: ArrayLike<number>, channels: 3 | 4, background: Background = 'white') {
  const lines = flattenLines(ps, ps.points);
  const fwd = renderForwardTwin(ps, lines, background);
  const b = renderBackwardTwin(ps, lines, background, fwd, gradImage, channels);
  const pointGrad = new Float64Array(ps.pointCount * 2);
  pointGradsTwin(ps, b.lineGrad, pointGrad);
  return { image: fwd.image, pointGrad, colorGrad: b.colorGrad, paintGrad: b.paintGrad };
}

/** L = sum over pixels and channels of weight * image (the image in [0,1]). */
export function linearLoss(image: ArrayLike<number>, weights: ArrayLike<number>, channels: 3 | 4): number {
  let s = 0;
  const n = weights.length / channels;
  for (let p = 0; p < n; p++) for (let c = 0; c < channels; c++) s += weights[p * channels + c]! * image[p * 4 + c]!;
  return s;
}

export function packed(scene: Scene): PackedScene {
  return packScene(scene);
}

/**
 * |a - e| / max(|e|, floor * max|e|): relative error with an absolute floor that is a
 * fraction of the largest gradient (float32 sums of cancelling terms cannot resolve
 * gradients far below the terms they are summed from).
 */
export function relativeErrors(actual: ArrayLike<number>, expected: ArrayLike<number>, floor: number): number[] {
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
  const out: number[] = [];
  for (let i = 0; i < expected.length; i++) out.push(Math.abs(actual[i]! - expected[i]!) / Math.max(Math.abs(expected[i]!), floor * scale, 1e-30));
  return out;
}

/** (loss at values[i] + h - loss at values[i] - h) / 2h, values[i] restored: the finite-difference oracle. */
export function centralDifference(values: Float64Array, i: number, h: number, loss: () => number): number {
  const v = values[i]!;
  values[i] = v + h;
  const up = loss();
  values[i] = v - h;
  const down = loss();
  values[i] = v;
  return (up - down) / (2 * h);
}

/**
 * GPU values against the twin's: the worst relative error (relativeErrors with a floor of
 * 1e-2 of the largest, float32 against float64 sums) and a message naming where it is.
 */
export function worstAgainstTwin(gpu: ArrayLike<number>, twin: ArrayLike<number>): { worst: number; message: string } {
  const errs = relativeErrors(gpu, twin, 1e-2);
  const worst = Math.max(...errs);
  const at = errs.indexOf(worst);
  return { worst, message: `worst relative error ${worst} at ${at} (gpu ${gpu[at]}, twin ${twin[at]})` };
}
