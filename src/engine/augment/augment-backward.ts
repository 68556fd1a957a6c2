import { cubicWeight } from './bicubic-kernel.ts';
import { CLIP_STD } from './clip-normalisation.ts';
import { samplePoint, tapValid } from './augment-sample-point.ts';

// Twin of augment-backward.wgsl (float64), written as the scatter (transpose of the
// forward loop) while the kernel gathers: two formulations, so the test compares them.
// Returns d loss / d render, RGBA interleaved like the render, alpha gradient 0.

export interface AugmentBackwardInput {
  /** d loss / d pixel_values, planar [B, 3, S, S]. */
  pixelGrad: ArrayLike<number>;
  width: number;
  height: number;
  params: Float32Array;
  batch: number;
  outputSize: number;
}

export function augmentBackward(input: AugmentBackwardInput): Float64Array {
  const { pixelGrad, width, height, params, batch, outputSize: S } = input;
  const out = new Float64Array(width * height * 4);
  const wx = [0, 0, 0, 0];
  const wy = [0, 0, 0, 0];
  for (let b = 0; b < batch; b++) {
    for (let v = 0; v < S; v++) {
      for (let u = 0; u < S; u++) {
        const p = samplePoint(params, b, u, v, width, height);
        if (!p) continue;
        const g = [0, 1, 2].map((c) => pixelGrad[((b * 3 + c) * S + v) * S + u]! / CLIP_STD[c]!);
        for (let k = 0; k < 4; k++) {
          wx[k] = cubicWeight(p.fx + 1 - k);
          wy[k] = cubicWeight(p.fy + 1 - k);
        }
        for (let ty = 0; ty < 4; ty++) {
          const j = p.iy - 1 + ty;
          for (let tx = 0; tx < 4; tx++) {
            const i = p.ix - 1 + tx;
            if (!tapValid(params, b, i, j, width, height)) continue;
            const w = wx[tx]! * wy[ty]!;
            const o = (j * width + i) * 4;
            for (let c = 0; c < 3; c++) out[o + c]! += w * g[c]!;
          }
        }
      }
    }
  }
  return out;
}
