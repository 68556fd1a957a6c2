import { norm } from '../clip/text-embeddings.ts';

// The target direction of ROI 0 when an image reference joins or replaces the prompt. Both
// directions are made unit length before blending: |ΔT| (text minus "A photo") and |ΔI|
// (reference render minus source render) live on different scales, and the directional loss
// only sees the target's direction, so the weight would otherwise mean nothing stable.

function unit(v: Float32Array): Float32Array {
  const n = norm(v);
  if (!(n > 0)) throw new Error('the reference image looks the same to CLIP as the artwork (no direction to follow)');
  return v.map((x) => x / n);
}

/** ΔI = E_I(reference) − E_I(source), both unit embeddings. */
export function imageDirection(reference: Float32Array, source: Float32Array): Float32Array {
  return reference.map((v, i) => v - source[i]!);
}

/** w·ΔI/|ΔI| + (1 − w)·ΔT/|ΔT|; the image direction alone when there is no text or w = 1. */
export function blendDirections(image: Float32Array, text: Float32Array | undefined, weight: number): Float32Array {
  const di = unit(image);
  if (!text || weight >= 1) return di;
  const dt = unit(text);
  return di.map((v, i) => weight * v + (1 - weight) * dt[i]!);
}
