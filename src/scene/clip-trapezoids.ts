import { clipSubPathsToConvex } from './clip-convex.ts';
import type { FillRule, SubPath } from './scene.ts';

// An arbitrary clip region (a union of polygons, each set with its own fill rule: a
// <clipPath>'s children) cut into convex pieces, so that shapes can be clipped exactly by the
// convex clipper piece by piece. The cut is a slab decomposition: vertical lines through
// every vertex and every crossing of two edges leave slabs in which no edges cross, so the
// edges spanning a slab are ordered top to bottom and the region between two of them is a
// trapezoid with vertical sides. A shape clipped to each trapezoid keeps its own winding
// there, and the trapezoids do not overlap, so the pieces together fill exactly the shape's
// part inside the region, under the shape's own fill rule, with its curves kept.

export interface ClipPolygonSet {
  /** Closed polygons, flat x, y pairs, in canvas pixels. */
  polygons: number[][];
  rule: FillRule;
}

interface Edge {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  dir: number;
  set: number;
}

/** Most edges the decomposition takes (its crossing search is quadratic). */
export const MAX_CLIP_EDGES = 4000;

function edgesOf(sets: readonly ClipPolygonSet[]): Edge[] {
  const edges: Edge[] = [];
  sets.forEach((s, set) => {
    for (const poly of s.polygons) {
      const n = poly.length / 2;
      for (let i = 0; i < n; i++) {
        const j = (i + 1) % n;
        const ax = poly[i * 2]!;
        const ay = poly[i * 2 + 1]!;
        const bx = poly[j * 2]!;
        const by = poly[j * 2 + 1]!;
        // Vertical edges bound no slab's interior: crossings are counted along vertical lines.
        if (ax === bx) continue;
        edges.push(ax < bx ? { x0: ax, y0: ay, x1: bx, y1: by, dir: 1, set } : { x0: bx, y0: by, x1: ax, y1: ay, dir: -1, set });
      }
    }
  });
  return edges;
}

function yAt(e: Edge, x: number): number {
  if (x <= e.x0) return e.y0;
  if (x >= e.x1) return e.y1;
  return e.y0 + ((e.y1 - e.y0) * (x - e.x0)) / (e.x1 - e.x0);
}

/** The x of a proper crossing of two edges, or NaN. */
function crossingX(a: Edge, b: Edge): number {
  const rx = a.x1 - a.x0;
  const ry = a.y1 - a.y0;
  const sx = b.x1 - b.x0;
  const sy = b.y1 - b.y0;
  const den = rx * sy - ry * sx;
  if (den === 0) return Number.NaN;
  const t = ((b.x0 - a.x0) * sy - (b.y0 - a.y0) * sx) / den;
  const u = ((b.x0 - a.x0) * ry - (b.y0 - a.y0) * rx) / den;
  return t > 0 && t < 1 && u > 0 && u < 1 ? a.x0 + t * rx : Number.NaN;
}

/**
 * The region inside any of the sets, as non-overlapping convex quadrilaterals (x, y pairs,
 * vertical left and right sides). Throws RangeError above MAX_CLIP_EDGES edges.
 */
export function clipRegionTrapezoids(sets: readonly ClipPolygonSet[]): number[][] {
  const edges = edgesOf(sets);
  if (edges.length > MAX_CLIP_EDGES) throw new RangeError(`the clip outline has ${edges.length} edges, more than ${MAX_CLIP_EDGES}`);
  const xs: number[] = [];
  for (const e of edges) xs.push(e.x0, e.x1);
  for (let i = 0; i < edges.length; i++) {
    const a = edges[i]!;
    for (let j = i + 1; j < edges.length; j++) {
      const b = edges[j]!;
      if (b.x0 >= a.x1 || a.x0 >= b.x1) continue;
      const x = crossingX(a, b);
      if (!Number.isNaN(x)) xs.push(x);
    }
  }
  xs.sort((p, q) => p - q);
  const out: number[][] = [];
  const winding = new Int32Array(sets.length);
  const inside = () => {
    for (let s = 0; s < sets.length; s++) if (sets[s]!.rule === 'evenodd' ? (winding[s]! & 1) !== 0 : winding[s] !== 0) return true;
    return false;
  };
  for (let k = 0; k + 1 < xs.length; k++) {
    const xa = xs[k]!;
    const xb = xs[k + 1]!;
    if (!(xb - xa > 1e-9 * (1 + Math.abs(xb)))) continue;
    const xm = (xa + xb) / 2;
    const active = edges.filter((e) => e.x0 <= xa && e.x1 >= xb).sort((p, q) => yAt(p, xm) - yAt(q, xm));
    winding.fill(0);
    let start: Edge | null = null;
    for (const e of active) {
      winding[e.set]! += e.dir;
      const now = inside();
      if (now && !start) start = e;
      else if (!now && start) {
        out.push(quad(start, e, xa, xb));
        start = null;
      }
    }
  }
  return out;
}

/** The trapezoid between two edges over [xa, xb], without repeated corners (a side may have no length). */
function quad(top: Edge, bottom: Edge, xa: number, xb: number): number[] {
  const pts = [xa, yAt(top, xa), xb, yAt(top, xb), xb, yAt(bottom, xb), xa, yAt(bottom, xa)];
  const out: number[] = [];
  for (let i = 0; i < 8; i += 2) {
    const px = out.at(-2);
    const py = out.at(-1);
    if (px === pts[i] && py === pts[i + 1]) continue;
    out.push(pts[i]!, pts[i + 1]!);
  }
  if (out.length > 2 && out[0] === out.at(-2) && out[1] === out.at(-1)) out.length -= 2;
  return out;
}

type Box = [number, number, number, number];

function boxOf(pts: readonly number[]): Box {
  const b: Box = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < pts.length; i += 2) {
    b[0] = Math.min(b[0], pts[i]!);
    b[1] = Math.min(b[1], pts[i + 1]!);
    b[2] = Math.max(b[2], pts[i]!);
    b[3] = Math.max(b[3], pts[i + 1]!);
  }
  return b;
}

/** Whether all four corners of the box lie in the convex polygon (either orientation). */
function boxInsideConvex(b: Box, poly: readonly number[]): boolean {
  const n = poly.length / 2;
  let orient = 0;
  for (let i = 0; i < n; i++) {
    const [ax, ay] = [poly[i * 2]!, poly[i * 2 + 1]!];
    const [bx, by] = [poly[((i + 1) % n) * 2]!, poly[((i + 1) % n) * 2 + 1]!];
    for (const [x, y] of [
      [b[0], b[1]],
      [b[2], b[1]],
      [b[2], b[3]],
      [b[0], b[3]],
    ] as const) {
      const c = (bx - ax) * (y - ay) - (by - ay) * (x - ax);
      if (c === 0) continue;
      if (orient === 0) orient = Math.sign(c);
      else if (Math.sign(c) !== orient) return false;
    }
  }
  return true;
}

/**
 * Closed sub-paths clipped to the region the pieces cover (their union). A sub-path is only
 * clipped to the pieces its bounding box meets, so a large drawing under a finely cut region
 * costs little more than the pieces it actually crosses.
 */
export function clipSubPathsToTrapezoids(paths: readonly SubPath[], trapezoids: readonly number[][]): SubPath[] {
  const boxes = paths.map((p) => boxOf(p.points));
  const out: SubPath[] = [];
  for (const t of trapezoids) {
    if (t.length < 6) continue;
    const tb = boxOf(t);
    const cut: SubPath[] = [];
    paths.forEach((p, i) => {
      const b = boxes[i]!;
      if (!(b[0] <= tb[2] && b[2] >= tb[0] && b[1] <= tb[3] && b[3] >= tb[1])) return;
      // A sub-path wholly inside the piece (its box is: the piece is convex) stays as it is.
      if (boxInsideConvex(b, t)) out.push({ points: [...p.points] });
      else cut.push(p);
    });
    if (cut.length > 0) out.push(...clipSubPathsToConvex(cut, t));
  }
  return out;
}

/** Whether a closed polygon is convex and simple: every turn the same way, once around in all. */
export function isConvexPolygon(points: readonly number[]): boolean {
  // Repeated points (a closed outline's last point is its first) turn no corner.
  const poly: number[] = [];
  for (let i = 0; i < points.length; i += 2) {
    const [x, y] = [points[i]!, points[i + 1]!];
    if (poly.length === 0 || x !== poly.at(-2) || y !== poly.at(-1)) poly.push(x, y);
  }
  if (poly.length > 2 && poly[0] === poly.at(-2) && poly[1] === poly.at(-1)) poly.length -= 2;
  const n = poly.length / 2;
  if (n < 3) return false;
  let sign = 0;
  let turning = 0;
  for (let i = 0; i < n; i++) {
    const [ax, ay] = [poly[i * 2]!, poly[i * 2 + 1]!];
    const [bx, by] = [poly[((i + 1) % n) * 2]!, poly[((i + 1) % n) * 2 + 1]!];
    const [cx, cy] = [poly[((i + 2) % n) * 2]!, poly[((i + 2) % n) * 2 + 1]!];
    const cross = (bx - ax) * (cy - by) - (by - ay) * (cx - bx);
    const dot = (bx - ax) * (cx - bx) + (by - ay) * (cy - by);
    if (cross !== 0) {
      if (sign !== 0 && Math.sign(cross) !== sign) return false;
      sign = Math.sign(cross);
    }
    turning += Math.atan2(cross, dot);
  }
  // A star turns the same way at every corner too, but twice around.
  return sign !== 0 && Math.abs(Math.abs(turning) - 2 * Math.PI) < 1e-6;
}

/** The intersection of two convex polygons (Sutherland-Hodgman), or an empty array. */
export function intersectConvexPolygons(subject: readonly number[], clip: readonly number[]): number[] {
  const n = clip.length / 2;
  let area2 = 0;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    area2 += clip[i * 2]! * clip[j * 2 + 1]! - clip[j * 2]! * clip[i * 2 + 1]!;
  }
  const orient = Math.sign(area2);
  if (orient === 0) return [];
  let out = [...subject];
  for (let i = 0; i < n && out.length >= 6; i++) {
    const [ax, ay] = [clip[i * 2]!, clip[i * 2 + 1]!];
    const [bx, by] = [clip[((i + 1) % n) * 2]!, clip[((i + 1) % n) * 2 + 1]!];
    const side = (x: number, y: number) => orient * ((bx - ax) * (y - ay) - (by - ay) * (x - ax));
    const input = out;
    out = [];
    const m = input.length / 2;
    for (let k = 0; k < m; k++) {
      const [px, py] = [input[k * 2]!, input[k * 2 + 1]!];
      const [qx, qy] = [input[((k + 1) % m) * 2]!, input[((k + 1) % m) * 2 + 1]!];
      const sp = side(px, py);
      const sq = side(qx, qy);
      if (sp >= 0) out.push(px, py);
      if ((sp > 0 && sq < 0) || (sp < 0 && sq > 0)) {
        const t = sp / (sp - sq);
        out.push(px + t * (qx - px), py + t * (qy - py));
      }
    }
  }
  return out.length >= 6 ? out : [];
}
