import { PAINT_GEOMETRY, PAINT_SOLID, ROLE_POSITION, ROLE_RADIUS, ROLE_UNUSED, STOP_WORDS, type PackedPaint } from '../raster/paint.ts';
import { adamUpdate, MASK_COLOR, MASK_SHAPE, type AdamSettings } from './adam-step.ts';

// Twin of paint-adam.wgsl: one Adam step over the gradient paints' parameters (geometry at
// the points' learning rate times geometryScale and the shape mask, stops at the colours'
// and the colour mask), colours and offsets clamped to [0,1], radii to >= 0, then each
// gradient's offsets made non-decreasing again. `step` is the step count after adamStepTwin's increment.

export function paintAdamStepTwin(
  settings: AdamSettings,
  step: number,
  moments: Float64Array,
  pp: PackedPaint,
  params: Float64Array,
  grad: ArrayLike<number>,
  groupMask: Uint32Array,
): void {
  const b1 = settings.beta1 ?? 0.9;
  const b2 = settings.beta2 ?? 0.999;
  const eps = settings.eps ?? 1e-8;
  const c1 = 1 - b1 ** step;
  const c2 = 1 - b2 ** step;
  for (let i = 0; i < params.length; i++) {
    const role = pp.role[i]! & 7;
    if (role === ROLE_UNUSED) continue;
    const geometry = role === ROLE_POSITION || role === ROLE_RADIUS;
    const group = pp.role[i]! >> 3;
    // Geometry: the points' rate is in pixels, the geometry's units are the gradient's.
    const lr = geometry ? settings.lrPoints * Math.fround(pp.geometryScale[group]!) : settings.lrColors;
    if (lr === 0 || (groupMask[group]! & (geometry ? MASK_SHAPE : MASK_COLOR)) === 0) continue;
    const x = adamUpdate(params[i]!, grad[i]!, moments, i, lr, b1, b2, eps, c1, c2);
    params[i] = role === ROLE_RADIUS ? Math.max(x, 0) : geometry ? x : Math.min(1, Math.max(0, x));
  }
  orderStopOffsets(pp, params);
}

/** Each gradient's offsets made non-decreasing (a running maximum), in place. */
export function orderStopOffsets(pp: PackedPaint, params: Float64Array): void {
  for (let g = 0; g < pp.info.length / 4; g++) {
    if (pp.info[g * 4] === PAINT_SOLID) continue;
    const sb = pp.info[g * 4 + 2]! + PAINT_GEOMETRY;
    let last = 0;
    for (let k = 0; k < pp.info[g * 4 + 3]!; k++) {
      last = Math.max(params[sb + k * STOP_WORDS]!, last);
      params[sb + k * STOP_WORDS] = last;
    }
  }
}
