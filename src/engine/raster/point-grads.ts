import { bernstein } from './flatten.ts';
import type { PackedScene } from './packed-scene.ts';

// Twin of point-grads.wgsl: dL/dpoint = sum over the lines of the segments that use the
// point of Bernstein weight at the line's end parameters times dL/d(line end). Gathered
// per point (no atomics): an on-curve point belongs to two segments, a handle to one.

/** Adds dL/dpoints (2 per point) into `out`. */
export function pointGradsTwin(ps: PackedScene, lineGrad: ArrayLike<number>, out: Float64Array): void {
  for (let s = 0; s < ps.segmentCount; s++) {
    const n = ps.segLineCount[s]!;
    const start = ps.segLineStart[s]!;
    for (let k = 0; k < n; k++) {
      const l = start + k;
      for (let e = 0; e < 2; e++) {
        const b = bernstein((k + e) / n);
        const gx = lineGrad[l * 4 + e * 2]!;
        const gy = lineGrad[l * 4 + e * 2 + 1]!;
        for (let j = 0; j < 4; j++) {
          const pi = ps.segPoints[s * 4 + j]!;
          out[pi * 2]! += b[j]! * gx;
          out[pi * 2 + 1]! += b[j]! * gy;
        }
      }
    }
  }
}
