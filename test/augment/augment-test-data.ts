import { mulberry32 } from '../../src/engine/random/seeded-random.ts';
import type { AugmentSettings } from '../../src/engine/augment/augment-settings.ts';
import { DEFAULT_AUGMENT_SETTINGS } from '../../src/engine/augment/augment-settings.ts';

/** A random RGBA float render (alpha 1), values in [0, 1). */
export function randomRender(width: number, height: number, seed: number): Float32Array<ArrayBuffer> {
  const rand = mulberry32(seed);
  const out = new Float32Array(width * height * 4);
  for (let k = 0; k < out.length; k++) out[k] = k % 4 === 3 ? 1 : rand();
  return out;
}

/** Random values in [-1, 1). */
export function randomValues(n: number, seed: number): Float64Array {
  const rand = mulberry32(seed);
  return new Float64Array(n).map(() => 2 * rand() - 1);
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k]! * b[k]!;
  return s;
}

/** Small settings for fast tests: few patches, small outputs. */
export function smallSettings(outputSize: number, patchesPerRoi: number): AugmentSettings {
  return { ...DEFAULT_AUGMENT_SETTINGS, outputSize, patchesPerRoi };
}
