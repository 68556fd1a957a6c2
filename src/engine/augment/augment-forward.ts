import { cubicWeight } from './bicubic-kernel.ts';
import { CLIP_MEAN, CLIP_STD } from './clip-normalisation.ts';
import { samplePoint, tapValid } from './augment-sample-point.ts';

// Twin of augment-forward.wgsl (float64): for each image b and output pixel (u, v), a
// 4x4 bicubic sample of the render at H_b (u + 0.5, v + 0.5), white (1) for taps outside
// the canvas or the valid rectangle, then CLIP normalisation, planar [B, 3, S, S].

export interface AugmentForwardInput {
  /** RGBA float32 interleaved, row-major, straight RGB composited over white. */
  render: ArrayLike<number>;
  width: number;
  height: number;
  params: Float32Array;
  batch: number;
  outputSize: number;
}

export function augmentForward(input: AugmentForwardInput): Float64Array {
  const { render, width, height, params, batch, outputSize: S } = input;
  const out = new Float64Array(batch * 3 * S * S);
  const wx = [0, 0, 0, 0];
  const wy = [0, 0, 0, 0];
  for (let b = 0; b < batch; b++) {
    for (let v = 0; v < S; v++) {
      for (let u = 0; u < S; u++) {
        const rgb = [1, 1, 1];
        const p = samplePoint(params, b, u, v, width, height);
        if (p) {
          for (let k = 0; k < 4; k++) {
            wx[k] = cubicWeight(p.fx + 1 - k);
            wy[k] = cubicWeight(p.fy + 1 - k);
          }
          rgb[0] = rgb[1] = rgb[2] = 0;
          for (let ty = 0; ty < 4; ty++) {
            const j = p.iy - 1 + ty;
            for (let tx = 0; tx < 4; tx++) {
              const i = p.ix - 1 + tx;
              const w = wx[tx]! * wy[ty]!;
              if (tapValid(params, b, i, j, width, height)) {
                const o = (j * width + i) * 4;
                for (let c = 0; c < 3; c++) rgb[c]! += w * render[o + c]!;
              } else {
                for (let c = 0; c < 3; c++) rgb[c]! += w;
              }
            }
          }
        }
        for (let c = 0; c < 3; c++) out[((b * 3 + c) * S + v) * S + u] = (rgb[c]! - CLIP_MEAN[c]!) / CLIP_STD[c]!;
      }
    }
  }
  return out;
}
