import { AUGMENT_PARAM_FLOATS } from './augment-params.ts';

// Shared by the TypeScript twins: where output pixel (u, v) of image b samples the canvas,
// and whether a canvas pixel is inside the image's valid rectangle. Mirrors the WGSL.

export interface SamplePoint {
  /** floor of the sample position in pixel-index space (x - 0.5). */
  ix: number;
  iy: number;
  /** fractional parts in [0, 1). */
  fx: number;
  fy: number;
}

/** null: the point maps behind the projection (w <= 0) or is not finite: the pixel is white. */
export function samplePoint(params: Float32Array, b: number, u: number, v: number, width: number, height: number): SamplePoint | null {
  const o = b * AUGMENT_PARAM_FLOATS;
  const pu = u + 0.5;
  const pv = v + 0.5;
  const X = params[o]! * pu + params[o + 1]! * pv + params[o + 2]!;
  const Y = params[o + 4]! * pu + params[o + 5]! * pv + params[o + 6]!;
  const W = params[o + 8]! * pu + params[o + 9]! * pv + params[o + 10]!;
  if (!(W > 0)) return null;
  let x = X / W - 0.5;
  let y = Y / W - 0.5;
  if (!Number.isFinite(x) || !Number.isFinite(y)) return null;
  // Beyond these bounds every tap is off the canvas; clamping keeps floor() small.
  x = Math.min(Math.max(x, -3), width + 2);
  y = Math.min(Math.max(y, -3), height + 2);
  const ix = Math.floor(x);
  const iy = Math.floor(y);
  return { ix, iy, fx: x - ix, fy: y - iy };
}

export function tapValid(params: Float32Array, b: number, i: number, j: number, width: number, height: number): boolean {
  if (i < 0 || j < 0 || i >= width || j >= height) return false;
  const o = b * AUGMENT_PARAM_FLOATS + 24;
  const cx = i + 0.5;
  const cy = j + 0.5;
  return cx >= params[o]! && cy >= params[o + 1]! && cx < params[o + 2]! && cy < params[o + 3]!;
}
