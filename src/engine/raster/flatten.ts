import type { PackedScene } from './packed-scene.ts';

// Twin of flatten.wgsl. Line l of segment s (k-th of n) runs from B(k/n) to B((k+1)/n):
// both ends are fixed Bernstein combinations of the 4 control points, so dL/dpoint is
// an exact sum over lines (see point-grads.ts). B(1) is computed as 0*P0+...+1*P3 = P3
// exactly, so consecutive lines and segments share bit-identical vertices.

export function bernstein(t: number): [number, number, number, number] {
  const u = 1 - t;
  return [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
}

/** Line vertices (x0, y0, x1, y1 per line) for the current control points. */
export function flattenLines(ps: PackedScene, points: ArrayLike<number>): Float64Array {
  const out = new Float64Array(ps.lineCount * 4);
  for (let l = 0; l < ps.lineCount; l++) {
    const s = ps.lineSeg[l]!;
    const n = ps.segLineCount[s]!;
    const k = l - ps.segLineStart[s]!;
    const i0 = ps.segPoints[s * 4]! * 2;
    const i1 = ps.segPoints[s * 4 + 1]! * 2;
    const i2 = ps.segPoints[s * 4 + 2]! * 2;
    const i3 = ps.segPoints[s * 4 + 3]! * 2;
    for (let e = 0; e < 2; e++) {
      const [b0, b1, b2, b3] = bernstein((k + e) / n);
      out[l * 4 + e * 2] = b0 * points[i0]! + b1 * points[i1]! + b2 * points[i2]! + b3 * points[i3]!;
      out[l * 4 + e * 2 + 1] = b0 * points[i0 + 1]! + b1 * points[i1 + 1]! + b2 * points[i2 + 1]! + b3 * points[i3 + 1]!;
    }
  }
  return out;
}
