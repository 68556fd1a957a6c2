// Twin of adam-step.wgsl: one Adam step over points and colours with separate learning
// rates, per-group masks, and colours clamped to [0,1] afterwards (as CLIPVG does).

export interface AdamSettings {
  /** Learning rate for control points (pixels); 0 freezes shape. */
  lrPoints: number;
  /** Learning rate for colours; 0 freezes colour. */
  lrColors: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
}

/** Per-group mask bits. */
export const MASK_SHAPE = 1;
export const MASK_COLOR = 2;

export interface AdamState {
  /** 1-based step count after the step. */
  step: number;
  /** m, v interleaved per parameter. */
  pointMoments: Float64Array;
  colorMoments: Float64Array;
}

export function createAdamState(pointCount: number, groupCount: number): AdamState {
  return { step: 0, pointMoments: new Float64Array(pointCount * 4), colorMoments: new Float64Array(groupCount * 8) };
}

/** One parameter's Adam update: its new value, with (m, v) updated in `moments` at 2i, 2i + 1. Shared with paint-adam.ts. */
export function adamUpdate(
  value: number,
  grad: number,
  moments: Float64Array,
  i: number,
  lr: number,
  b1: number,
  b2: number,
  eps: number,
  c1: number,
  c2: number,
): number {
  const m = b1 * moments[i * 2]! + (1 - b1) * grad;
  const v = b2 * moments[i * 2 + 1]! + (1 - b2) * grad * grad;
  moments[i * 2] = m;
  moments[i * 2 + 1] = v;
  return value - (lr * (m / c1)) / (Math.sqrt(v / c2) + eps);
}

/** Updates points/colours and state in place. groupMask: MASK_* bits per group. */
export function adamStepTwin(
  settings: AdamSettings,
  state: AdamState,
  points: Float64Array,
  colors: Float64Array,
  pointGrad: ArrayLike<number>,
  colorGrad: ArrayLike<number>,
  pointGroup: Uint32Array,
  groupMask: Uint32Array,
): void {
  const b1 = settings.beta1 ?? 0.9;
  const b2 = settings.beta2 ?? 0.999;
  const eps = settings.eps ?? 1e-8;
  state.step += 1;
  const c1 = 1 - b1 ** state.step;
  const c2 = 1 - b2 ** state.step;
  if (settings.lrPoints !== 0) {
    for (let i = 0; i < points.length; i++) {
      if ((groupMask[pointGroup[i >> 1]!]! & MASK_SHAPE) === 0) continue;
      points[i] = adamUpdate(points[i]!, pointGrad[i]!, state.pointMoments, i, settings.lrPoints, b1, b2, eps, c1, c2);
    }
  }
  if (settings.lrColors !== 0) {
    for (let i = 0; i < colors.length; i++) {
      if ((groupMask[i >> 2]! & MASK_COLOR) === 0) continue;
      const v = adamUpdate(colors[i]!, colorGrad[i]!, state.colorMoments, i, settings.lrColors, b1, b2, eps, c1, c2);
      colors[i] = Math.min(1, Math.max(0, v));
    }
  }
}
