import type { PackedScene } from './packed-scene.ts';

// Twin of flatten.wgsl. Line l of segment s (k-th of n) runs from B(k/n) to B((k+1)/n):
// both ends are fixed Bernstein combinations of the 4 control points, so dL/dpoint is
// an exact sum over lines (see point-grads.ts). B(1) is computed as 0*P0+...+1*P3 = P3
// exactly, so consecutive lines and segments share bit-identical vertices. The layout
// (segLineStart, segLineCount) is the upload's or allocate-lines.ts's for the current points.

export function bernstein(t: number): [number, number, number, number] {
  const u = 1 - t;
  return [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
}

/** Line vertices (x0, y0, x1, y1 per line) for the current control points. */
export function flattenLines(ps: PackedScene, points: ArrayLike<number>): Float64Array {
  const out = new Float64Array(ps.lineCount * 4);
  for (let s = 0; s < ps.segmentCount; s++) {
    const n = ps.segLineCount[s]!;
    const start = ps.segLineStart[s]!;
    const ids = [0, 1, 2, 3].map((r) => ps.segPoints[s * 4 + r]! * 2);
    const at = (t: number, c: number) => {
      const b = bernstein(t);
      return b[0] * points[ids[0]! + c]! + b[1] * points[ids[1]! + c]! + b[2] * points[ids[2]! + c]! + b[3] * points[ids[3]! + c]!;
    };
    for (let k = 0; k < n; k++) {
      for (let e = 0; e < 2; e++) {
        out[(start + k) * 4 + e * 2] = at((k + e) / n, 0);
        out[(start + k) * 4 + e * 2 + 1] = at((k + e) / n, 1);
      }
    }
  }
  return out;
}
