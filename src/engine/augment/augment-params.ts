import { mat3Invert, type Mat3 } from './homography.ts';

// One augmented image as the kernels see it. Coordinates: canvas pixel (i, j) covers
// [i, i+1) x [j, j+1); output pixel (u, v) is sampled at H * (u + 0.5, v + 0.5, 1).

/** Axis-aligned rectangle [x0, x1) x [y0, y1) in canvas pixels. */
export interface ValidRect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface AugmentImage {
  roiIndex: number;
  kind: 'roi-view' | 'patch' | 'reference';
  /** Output pixel coordinates -> canvas pixel coordinates. */
  toCanvas: Mat3;
  /** Canvas pixels whose centre lies outside this rectangle read as white and get no gradient. */
  valid: ValidRect;
  /** The square crop (before perspective and flip) in canvas pixels; for tests and previews. */
  crop: ValidRect;
  /** Whether the patch was flipped horizontally (after the perspective warp). */
  flipped: boolean;
}

/** Floats per image in the uploaded parameter array (WGSL struct AugmentImage, 128 bytes). */
export const AUGMENT_PARAM_FLOATS = 32;

/**
 * Packs images for the kernels: rows of H (vec4 each, w unused), rows of H^-1 (used by the
 * backward gather to bound the output pixels that touch a canvas pixel), the valid rectangle.
 */
export function packAugmentParams(images: readonly AugmentImage[]): Float32Array {
  const out = new Float32Array(images.length * AUGMENT_PARAM_FLOATS);
  images.forEach((img, b) => {
    const o = b * AUGMENT_PARAM_FLOATS;
    const inv = mat3Invert(img.toCanvas);
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 3; c++) {
        out[o + r * 4 + c] = img.toCanvas[r * 3 + c]!;
        out[o + 12 + r * 4 + c] = inv[r * 3 + c]!;
      }
    }
    out[o + 24] = img.valid.x0;
    out[o + 25] = img.valid.y0;
    out[o + 26] = img.valid.x1;
    out[o + 27] = img.valid.y1;
  });
  return out;
}
