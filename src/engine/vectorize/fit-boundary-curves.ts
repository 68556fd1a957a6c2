import fitCurveModule, { type fitCubic as FitCubic } from 'fit-curve';
import type { SubPath } from '../../scene/scene.ts';
import type { PieceUse, RegionBoundaries } from './trace-region-boundaries.ts';

// Pixel-edge boundaries become cubic Béziers: the staircase is replaced by the midpoints of
// its unit edges (which lie on the line a straight or diagonal edge came from), with the
// junction ends kept exactly, and fit-curve (Schneider's Graphics Gems fitter) fits cubics
// within a tolerance. Pieces are fitted once; neighbours share the result.

// fit-curve is CommonJS; its fitCubic (fit with given end tangents) hangs off the default export.
const fitCubic = (fitCurveModule as unknown as { fitCubic: typeof FitCubic }).fitCubic;

/** End tangents are taken towards the sample this far away (px): the first unit step of a staircase says nothing about its direction. */
const TANGENT_REACH = 2.5;

function endTangent(pts: [number, number][], fromEnd: boolean): [number, number] {
  const n = pts.length;
  const p0 = fromEnd ? pts[n - 1]! : pts[0]!;
  let q = fromEnd ? pts[n - 2]! : pts[1]!;
  for (let k = 1; k < n; k++) {
    q = fromEnd ? pts[n - 1 - k]! : pts[k]!;
    if (Math.hypot(q[0] - p0[0], q[1] - p0[1]) >= TANGENT_REACH) break;
  }
  const dx = q[0] - p0[0], dy = q[1] - p0[1];
  const len = Math.hypot(dx, dy) || 1;
  return [dx / len, dy / len];
}

function fitPolyline(pts: [number, number][], maxError: number) {
  if (pts.length === 2) {
    const [a, b] = pts as [[number, number], [number, number]];
    return [[a, [a[0] + (b[0] - a[0]) / 3, a[1] + (b[1] - a[1]) / 3], [a[0] + (2 * (b[0] - a[0])) / 3, a[1] + (2 * (b[1] - a[1])) / 3], b]];
  }
  return fitCubic(pts, endTangent(pts, false), endTangent(pts, true), maxError);
}

/** One piece's cubics, flattened: start point, then per segment c1, c2, end (6 numbers). */
type FittedPiece = Float64Array;

/** Longest run of collinear samples replaced by its ends: keeps the fitter's error checks dense enough. */
const MAX_RUN = 4;

/**
 * Drops samples that lie exactly on the line between their neighbours (long straight or
 * diagonal staircase runs), up to MAX_RUN px apart: the fitter's cost grows with its input,
 * and those samples add nothing to the shape.
 */
function dropCollinear(pts: [number, number][]): [number, number][] {
  if (pts.length <= 3) return pts;
  const out: [number, number][] = [pts[0]!];
  for (let i = 1; i + 1 < pts.length; i++) {
    const a = out[out.length - 1]!, b = pts[i]!, c = pts[i + 1]!;
    const cross = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
    const dot = (b[0] - a[0]) * (c[0] - b[0]) + (b[1] - a[1]) * (c[1] - b[1]);
    const span = Math.abs(c[0] - a[0]) + Math.abs(c[1] - a[1]);
    if (cross === 0 && dot > 0 && span <= MAX_RUN) continue;
    out.push(b);
  }
  out.push(pts[pts.length - 1]!);
  return out;
}

function fitPiece(vertices: Int32Array, vw: number, tolerance: number): FittedPiece {
  const n = vertices.length;
  const px = (v: number) => v % vw;
  const py = (v: number) => Math.floor(v / vw);
  const pts: [number, number][] = [[px(vertices[0]!), py(vertices[0]!)]];
  for (let i = 0; i + 1 < n; i++) {
    const a = vertices[i]!, b = vertices[i + 1]!;
    pts.push([(px(a) + px(b)) / 2, (py(a) + py(b)) / 2]);
  }
  pts.push([px(vertices[n - 1]!), py(vertices[n - 1]!)]);
  const thin = dropCollinear(pts);
  const closed = vertices[0] === vertices[n - 1];
  // A closed piece has coinciding ends, which leaves the fitter no chord to work from: fit it as two halves.
  const half = Math.ceil(thin.length / 2);
  const parts = closed ? [thin.slice(0, half + 1), thin.slice(half)] : [thin];
  const out: number[] = [pts[0]![0], pts[0]![1]];
  for (const part of parts) {
    const curves = fitPolyline(part, tolerance * tolerance);
    for (const [, c1, c2, e] of curves) out.push(c1[0], c1[1], c2[0], c2[1], e[0], e[1]);
  }
  return Float64Array.from(out);
}

/** Appends one piece's segments to a sub-path's point list (its end point is the next piece's start). */
function appendPiece(out: number[], fitted: FittedPiece, reversed: boolean): void {
  const segs = (fitted.length - 2) / 6;
  if (!reversed) {
    for (let s = 0; s < segs; s++) {
      const o = s * 6;
      out.push(fitted[o]!, fitted[o + 1]!, fitted[o + 2]!, fitted[o + 3]!, fitted[o + 4]!, fitted[o + 5]!);
    }
  } else {
    for (let s = segs - 1; s >= 0; s--) {
      const o = s * 6;
      // Walking backwards: from the segment's end, via c2 then c1.
      out.push(fitted[o + 6]!, fitted[o + 7]!, fitted[o + 4]!, fitted[o + 5]!, fitted[o + 2]!, fitted[o + 3]!);
    }
  }
}

export interface FittedRegions {
  /** Sub-paths of each region: one per loop (outer boundary or hole). */
  paths: SubPath[][];
}

export function fitBoundaryCurves(b: RegionBoundaries, gridWidth: number, tolerance: number): FittedRegions {
  const vw = gridWidth + 1;
  const fitted: (FittedPiece | undefined)[] = new Array(b.pieces.length);
  const get = (use: PieceUse) => (fitted[use.piece] ??= fitPiece(b.pieces[use.piece]!.vertices, vw, tolerance));
  const paths = b.loops.map((loops) =>
    loops.map((loop) => {
      const points: number[] = [];
      for (const use of loop) appendPiece(points, get(use), use.reversed);
      return { points };
    }),
  );
  return { paths };
}
