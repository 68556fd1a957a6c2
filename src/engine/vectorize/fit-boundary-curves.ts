import { fitCubicBeziers } from './fit-cubic-bezier.ts';
import type { SubPath } from '../../scene/scene.ts';
import type { PieceUse, RegionBoundaries } from './trace-region-boundaries.ts';

// Pixel-edge boundaries become cubic Béziers: the staircase is replaced by the midpoints of
// its unit edges (which lie on the line a straight or diagonal edge came from), with the
// junction ends kept exactly, and Schneider's fitter (./fit-cubic-bezier.ts) fits cubics
// within a tolerance. Pieces are fitted once; neighbours share the result.

/** End tangents are taken towards the sample this far away (px): the first unit step of a staircase says nothing about its direction. */
const TANGENT_REACH = 2.5;

// Outline samples are flat (x, y) pairs in a Float64Array throughout: a 512 px photo has
// hundreds of thousands of them, and small arrays per point kept the garbage collector busy.

function endTangent(pts: Float64Array, fromEnd: boolean): [number, number] {
  const n = pts.length / 2;
  const i0 = fromEnd ? n - 1 : 0;
  const x0 = pts[i0 * 2]!,
    y0 = pts[i0 * 2 + 1]!;
  let q = fromEnd ? n - 2 : 1;
  for (let k = 1; k < n; k++) {
    q = fromEnd ? n - 1 - k : k;
    if (Math.hypot(pts[q * 2]! - x0, pts[q * 2 + 1]! - y0) >= TANGENT_REACH) break;
  }
  const dx = pts[q * 2]! - x0,
    dy = pts[q * 2 + 1]! - y0;
  const len = Math.hypot(dx, dy) || 1;
  return [dx / len, dy / len];
}

/** Start point, then c1, c2, end per segment. */
function fitPolyline(pts: Float64Array, tolerance: number): number[] {
  return fitCubicBeziers(pts, endTangent(pts, false), endTangent(pts, true), tolerance);
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
function dropCollinear(pts: Float64Array): Float64Array {
  const n = pts.length / 2;
  if (n <= 3) return pts;
  const out = new Float64Array(pts.length);
  out[0] = pts[0]!;
  out[1] = pts[1]!;
  let k = 1;
  for (let i = 1; i + 1 < n; i++) {
    const ax = out[(k - 1) * 2]!,
      ay = out[(k - 1) * 2 + 1]!,
      bx = pts[i * 2]!,
      by = pts[i * 2 + 1]!,
      cx = pts[i * 2 + 2]!,
      cy = pts[i * 2 + 3]!;
    const cross = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
    const dot = (bx - ax) * (cx - bx) + (by - ay) * (cy - by);
    const span = Math.abs(cx - ax) + Math.abs(cy - ay);
    if (cross === 0 && dot > 0 && span <= MAX_RUN) continue;
    out[k * 2] = bx;
    out[k * 2 + 1] = by;
    k++;
  }
  out[k * 2] = pts[(n - 1) * 2]!;
  out[k * 2 + 1] = pts[(n - 1) * 2 + 1]!;
  return out.subarray(0, (k + 1) * 2);
}

/**
 * The fitted piece moved sideways by `shift` px (positive: to the left of its walking
 * direction, y down), easing to zero within a px of open ends so junctions stay put. Each
 * anchor moves along its normal and each handle with its anchor (Tiller and Hanson's offset):
 * for half a pixel that is within a hair of the true offset, and unlike refitting shifted
 * samples it can only move the outline outwards, never open a gap against the exact curve.
 */
/** Segments shorter than this (px) get a proportionally smaller offset at their ends. */
const TIGHT_TURN = 3;

function offsetPiece(f: FittedPiece, shift: number, closed: boolean): FittedPiece {
  const segs = (f.length - 2) / 6;
  const anchors = segs + 1;
  const ax = (k: number) => f[k * 6]!;
  const ay = (k: number) => f[k * 6 + 1]!;
  const along = new Float64Array(anchors);
  for (let k = 1; k < anchors; k++) along[k] = along[k - 1]! + Math.hypot(ax(k) - ax(k - 1), ay(k) - ay(k - 1));
  const total = along[anchors - 1]!;
  const ox = new Float64Array(anchors);
  const oy = new Float64Array(anchors);
  for (let k = 0; k < anchors; k++) {
    // Tangent from the incoming handle to the outgoing one (a chord where a handle sits on its anchor).
    let inX = k > 0 ? f[k * 6 - 2]! : closed ? f[f.length - 4]! : ax(k);
    let inY = k > 0 ? f[k * 6 - 1]! : closed ? f[f.length - 3]! : ay(k);
    let outX = k < segs ? f[k * 6 + 2]! : closed ? f[2]! : ax(k);
    let outY = k < segs ? f[k * 6 + 3]! : closed ? f[3]! : ay(k);
    if (inX === ax(k) && inY === ay(k) && k > 0) (inX = ax(k - 1)), (inY = ay(k - 1));
    if (outX === ax(k) && outY === ay(k) && k < segs) (outX = ax(k + 1)), (outY = ay(k + 1));
    const tx = outX - inX,
      ty = outY - inY;
    const len = Math.hypot(tx, ty);
    if (len === 0) continue;
    const ease = closed ? 1 : Math.min(1, along[k]!, total - along[k]!);
    // Short neighbouring segments mean a tight turn (a finger tip one pixel wide), where an
    // offset would fold the outline over itself: shrink it there.
    const before = k > 0 ? along[k]! - along[k - 1]! : closed ? total - along[anchors - 2]! : Infinity;
    const after = k < segs ? along[k + 1]! - along[k]! : closed ? along[1]! : Infinity;
    const tight = Math.min(1, Math.min(before, after) / TIGHT_TURN);
    ox[k] = (ty / len) * shift * ease * tight;
    oy[k] = (-tx / len) * shift * ease * tight;
  }
  const out = Float64Array.from(f);
  for (let k = 0; k < anchors; k++) {
    out[k * 6] = ax(k) + ox[k]!;
    out[k * 6 + 1] = ay(k) + oy[k]!;
  }
  for (let s = 0; s < segs; s++) {
    out[s * 6 + 2]! += ox[s]!;
    out[s * 6 + 3]! += oy[s]!;
    out[s * 6 + 4]! += ox[s + 1]!;
    out[s * 6 + 5]! += oy[s + 1]!;
  }
  return out;
}

/** How far (px) a fitted curve may stray outside the bounding box of the outline it fits. */
const SPIKE_MARGIN = 0.75;

/**
 * True when some cubic leaves the outline's bounding box by more than SPIKE_MARGIN: on a
 * piece of a few pixels (a highlight, a pupil's glint) the end tangents say little and the
 * least-squares handles can shoot far out, drawing a spike the picture does not have.
 */
function spikes(fitted: number[], pts: Float64Array): boolean {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (let i = 0; i < pts.length; i += 2) {
    const x = pts[i]!,
      y = pts[i + 1]!;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  x0 -= SPIKE_MARGIN;
  y0 -= SPIKE_MARGIN;
  x1 += SPIKE_MARGIN;
  y1 += SPIKE_MARGIN;
  for (let s = 2; s + 5 < fitted.length; s += 6) {
    const ax = fitted[s - 2]!,
      ay = fitted[s - 1]!;
    for (let k = 1; k < 8; k++) {
      const t = k / 8,
        u = 1 - t;
      const b0 = u * u * u,
        b1 = 3 * u * u * t,
        b2 = 3 * u * t * t,
        b3 = t * t * t;
      const x = b0 * ax + b1 * fitted[s]! + b2 * fitted[s + 2]! + b3 * fitted[s + 4]!;
      const y = b0 * ay + b1 * fitted[s + 1]! + b2 * fitted[s + 3]! + b3 * fitted[s + 5]!;
      if (x < x0 || x > x1 || y < y0 || y > y1) return true;
    }
  }
  return false;
}

/** Straight cubics (handles at thirds) through the points: the outline as a polygon. */
function polygonPiece(pts: Float64Array): number[] {
  const out: number[] = [pts[0]!, pts[1]!];
  for (let i = 1; i < pts.length / 2; i++) {
    const ax = pts[i * 2 - 2]!,
      ay = pts[i * 2 - 1]!,
      bx = pts[i * 2]!,
      by = pts[i * 2 + 1]!;
    out.push(ax + (bx - ax) / 3, ay + (by - ay) / 3, ax + (2 * (bx - ax)) / 3, ay + (2 * (by - ay)) / 3, bx, by);
  }
  return out;
}

function fitPiece(vertices: Int32Array, vw: number, tolerance: number): FittedPiece {
  const n = vertices.length;
  // The ends, and between them the midpoint of each unit edge.
  const pts = new Float64Array((n + 1) * 2);
  pts[0] = vertices[0]! % vw;
  pts[1] = Math.floor(vertices[0]! / vw);
  for (let i = 0; i + 1 < n; i++) {
    const a = vertices[i]!,
      b = vertices[i + 1]!;
    pts[i * 2 + 2] = ((a % vw) + (b % vw)) / 2;
    pts[i * 2 + 3] = (Math.floor(a / vw) + Math.floor(b / vw)) / 2;
  }
  pts[n * 2] = vertices[n - 1]! % vw;
  pts[n * 2 + 1] = Math.floor(vertices[n - 1]! / vw);
  const closed = vertices[0] === vertices[n - 1];
  const thin = dropCollinear(pts);
  // A closed piece has coinciding ends, which leaves the fitter no chord to work from: fit it as two halves.
  const half = Math.ceil(thin.length / 4);
  const parts = closed ? [thin.subarray(0, (half + 1) * 2), thin.subarray(half * 2)] : [thin];
  const out: number[] = [pts[0]!, pts[1]!];
  for (const part of parts) {
    let fitted = fitPolyline(part, tolerance);
    if (spikes(fitted, part)) fitted = polygonPiece(part);
    for (let i = 2; i < fitted.length; i++) out.push(fitted[i]!);
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

export interface FitOptions {
  /** Largest distance (px) between the outline samples and the cubics. */
  tolerance: number;
  /**
   * How far (px) the lower of two neighbours reaches under the upper one (0: not at all).
   * Anti-aliased renderers blend two abutting edges so that the canvas shows through the
   * seam (a quarter of it at a half-covered pixel); tucking the lower shape under the
   * upper one removes most of those seams without moving any visible edge.
   */
  overlap: number;
  /** Draw position of each region (lower is drawn first); needed when overlap > 0. */
  drawRank?: Int32Array;
}

export function fitBoundaryCurves(b: RegionBoundaries, gridWidth: number, o: FitOptions): FittedRegions {
  const vw = gridWidth + 1;
  const exact: (FittedPiece | undefined)[] = new Array(b.pieces.length);
  const tucked: (FittedPiece | undefined)[] = new Array(b.pieces.length);
  const exactOf = (i: number) => (exact[i] ??= fitPiece(b.pieces[i]!.vertices, vw, o.tolerance));
  const get = (region: number, use: PieceUse): FittedPiece => {
    const piece = b.pieces[use.piece]!;
    const other = use.reversed ? piece.forwardRegion : piece.reverseRegion;
    const rank = o.drawRank;
    if (o.overlap > 0 && rank && other >= 0 && rank[region]! < rank[other]!) {
      // The lower region: its side of the piece moves towards the neighbour, which is to the
      // left of the forward walk when it walks forwards (it is on the right), else to the right.
      return (tucked[use.piece] ??= offsetPiece(exactOf(use.piece), use.reversed ? -o.overlap : o.overlap, piece.wholeLoop));
    }
    return exactOf(use.piece);
  };
  const paths = b.loops.map((loops, region) =>
    loops.map((loop) => {
      const points: number[] = [];
      for (const use of loop) appendPiece(points, get(region, use), use.reversed);
      return { points };
    }),
  );
  return { paths };
}
