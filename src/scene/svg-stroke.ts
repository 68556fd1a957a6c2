import type { SubPath } from './scene.ts';
import type { Contour } from './svg-shapes.ts';

// A stroke as a filled outline, so it becomes an ordinary shape group. The outline is a
// union of simple pieces (one quad per flattened edge, a piece per join and cap), all
// wound the same way: under the nonzero rule their union is exactly the stroked area,
// with no offset-curve self-intersection cases to get wrong. Where edges are long enough
// the pieces tile the stroke without overlapping (they meet at the inner miter point). Curves are flattened to
// `tolerance` (user units), and so are the outer arcs between flattened edges; round
// joins and caps are 4-cubic circles.

export interface StrokeStyle {
  width: number;
  /** SVG stroke-linejoin: miter, round, bevel (miter-clip and arcs are drawn as miter). */
  join: string;
  /** SVG stroke-linecap: butt, round, square. */
  cap: string;
  miterLimit: number;
  /** Maximum distance between a curve and its flattened polyline, in user units. */
  tolerance: number;
}

const KAPPA = 0.5522847498307936;

/** Polyline points of a contour; `corner[i]` marks vertices that were segment boundaries. */
function flatten(c: Contour, tol: number): { xs: number[]; ys: number[]; corner: boolean[] } {
  const p = c.pts;
  const xs = [p[0]!];
  const ys = [p[1]!];
  const corner = [true];
  const push = (x: number, y: number, isCorner: boolean) => {
    const n = xs.length - 1;
    if (Math.abs(xs[n]! - x) < 1e-12 && Math.abs(ys[n]! - y) < 1e-12) {
      corner[n] ||= isCorner;
      return;
    }
    xs.push(x);
    ys.push(y);
    corner.push(isCorner);
  };
  for (let i = 2; i < p.length; i += 6) {
    const x0 = p[i - 2]!,
      y0 = p[i - 1]!;
    const x1 = p[i]!,
      y1 = p[i + 1]!,
      x2 = p[i + 2]!,
      y2 = p[i + 3]!,
      x3 = p[i + 4]!,
      y3 = p[i + 5]!;
    // Wang's bound on the number of chords for a cubic within `tol`.
    const dd = Math.max(Math.hypot(x0 - 2 * x1 + x2, y0 - 2 * y1 + y2), Math.hypot(x1 - 2 * x2 + x3, y1 - 2 * y2 + y3));
    const n = Math.min(256, Math.max(1, Math.ceil(Math.sqrt((0.75 * dd) / tol))));
    for (let k = 1; k < n; k++) {
      const t = k / n;
      const u = 1 - t;
      const a = u * u * u,
        b = 3 * u * u * t,
        cc = 3 * u * t * t,
        d = t * t * t;
      push(a * x0 + b * x1 + cc * x2 + d * x3, a * y0 + b * y1 + cc * y2 + d * y3, false);
    }
    push(x3, y3, true);
  }
  return { xs, ys, corner };
}

function polygon(pts: number[]): SubPath | null {
  // Shoelace area; pieces are made positive so that overlaps add up under nonzero.
  let area = 0;
  const n = pts.length / 2;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    area += pts[2 * i]! * pts[2 * j + 1]! - pts[2 * j]! * pts[2 * i + 1]!;
  }
  if (Math.abs(area) < 1e-12) return null;
  const v: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = area > 0 ? k : (n - k) % n;
    const j = area > 0 ? (k + 1) % n : (n - k - 1 + n) % n;
    const x0 = pts[2 * i]!,
      y0 = pts[2 * i + 1]!,
      x1 = pts[2 * j]!,
      y1 = pts[2 * j + 1]!;
    v.push(x0, y0, x0 + (x1 - x0) / 3, y0 + (y1 - y0) / 3, x0 + (2 * (x1 - x0)) / 3, y0 + (2 * (y1 - y0)) / 3);
  }
  return { points: v };
}

function circle(cx: number, cy: number, r: number): SubPath {
  const k = KAPPA * r;
  // Positive orientation in y-down coordinates, like the polygons.
  return {
    points: [
      cx + r,
      cy,
      cx + r,
      cy + k,
      cx + k,
      cy + r,
      cx,
      cy + r,
      cx - k,
      cy + r,
      cx - r,
      cy + k,
      cx - r,
      cy,
      cx - r,
      cy - k,
      cx - k,
      cy - r,
      cx,
      cy - r,
      cx + k,
      cy - r,
      cx + r,
      cy - k,
    ],
  };
}

/** Points on the circle of radius h around (x, y) from angle a0 sweeping da, both ends included, chords within tol. */
function arc(x: number, y: number, h: number, a0: number, da: number, tol: number): number[] {
  const step = 2 * Math.acos(Math.max(-1, 1 - tol / h));
  const k = Math.min(64, Math.max(1, Math.ceil(Math.abs(da) / step)));
  const out: number[] = [];
  for (let i = 0; i <= k; i++) {
    const t = a0 + (da * i) / k;
    out.push(x + h * Math.cos(t), y + h * Math.sin(t));
  }
  return out;
}

/** Points from a to b along the shorter arc of radius h around (x, y), both ends included. */
function arcPoints(x: number, y: number, ax: number, ay: number, bx: number, by: number, h: number, tol: number): number[] {
  const a0 = Math.atan2(ay - y, ax - x);
  let da = Math.atan2(by - y, bx - x) - a0;
  if (da > Math.PI) da -= 2 * Math.PI;
  if (da < -Math.PI) da += 2 * Math.PI;
  const pts = arc(x, y, h, a0, da, tol);
  // Exact end points, so that neighbouring pieces share them bit for bit.
  pts.splice(0, 2, ax, ay);
  pts.splice(pts.length - 2, 2, bx, by);
  return pts;
}

/** How two edges meet at a vertex. */
interface Join {
  /** +1 when the outer side is the +normal side of the edges, -1 otherwise; 0 when straight on. */
  side: number;
  /** Inner miter point (where the inner offset lines cross), when it lies well inside both edges. */
  inner: [number, number] | null;
}

function joinAt(x: number, y: number, nin: [number, number], nout: [number, number], lenIn: number, lenOut: number, h: number): Join {
  const cross = nin[0] * nout[1] - nin[1] * nout[0];
  const dot = nin[0] * nout[0] + nin[1] * nout[1];
  if (Math.abs(cross) < 1e-12 * h * h && dot > 0) return { side: 0, inner: null };
  // The outer side is where the offset points diverge: opposite to the turn.
  const side = cross > 0 ? -1 : 1;
  const sx = nin[0] + nout[0];
  const sy = nin[1] + nout[1];
  const sl = Math.hypot(sx, sy);
  const cosHalf = sl / (2 * h);
  if (cosHalf < 1e-6) return { side, inner: null };
  // The inner corner sits h tan(theta/2) along each edge; using it tiles the stroke without overlaps,
  // which renderers with analytic anti-aliasing need (overlaps darken edges), unless the edges are too short.
  const along = (h * Math.sqrt(Math.max(0, 1 - cosHalf * cosHalf))) / cosHalf;
  if (along > 0.5 * Math.min(lenIn, lenOut)) return { side, inner: null };
  const d = h / cosHalf;
  return { side, inner: [x - (side * sx * d) / sl, y - (side * sy * d) / sl] };
}

/** The filled outline of the stroke of these contours, as sub-paths to fill with the nonzero rule. */
export function outlineStroke(contours: readonly Contour[], style: StrokeStyle): SubPath[] {
  const h = style.width / 2;
  const tol = style.tolerance;
  const out: SubPath[] = [];
  const add = (s: SubPath | null) => {
    if (s) out.push(s);
  };
  for (const c of contours) {
    const { xs, ys, corner } = flatten(c, tol);
    let n = xs.length;
    const closed = c.closed && n > 2;
    if (closed && Math.abs(xs[n - 1]! - xs[0]!) < 1e-12 && Math.abs(ys[n - 1]! - ys[0]!) < 1e-12) {
      xs.pop();
      ys.pop();
      corner.pop();
      n--;
    }
    if (n === 1) {
      // A zero-length sub-path shows its caps only.
      if (style.cap === 'round') add(circle(xs[0]!, ys[0]!, h));
      else if (style.cap === 'square') add(polygon([xs[0]! - h, ys[0]! - h, xs[0]! + h, ys[0]! - h, xs[0]! + h, ys[0]! + h, xs[0]! - h, ys[0]! + h]));
      continue;
    }
    const edges = closed ? n : n - 1;
    const normal: [number, number][] = [];
    const len: number[] = [];
    for (let e = 0; e < edges; e++) {
      const j = (e + 1) % n;
      const dx = xs[j]! - xs[e]!;
      const dy = ys[j]! - ys[e]!;
      const l = Math.hypot(dx, dy);
      len.push(l);
      normal.push([(-dy / l) * h, (dx / l) * h]);
    }
    const joins: (Join | null)[] = [];
    for (let v = 0; v < n; v++) {
      const hasJoin = closed || (v > 0 && v < n - 1);
      const ein = (v - 1 + edges) % edges;
      joins.push(hasJoin ? joinAt(xs[v]!, ys[v]!, normal[ein]!, normal[v % edges]!, len[ein]!, len[v % edges]!, h) : null);
    }
    // Edge pieces: a quad, pulled in to the inner corner where the join allows it.
    const end = (v: number, e: number, sign: number): [number, number] => {
      const j = joins[v];
      if (j?.inner && j.side === -sign) return j.inner;
      return [xs[v]! + sign * normal[e]![0], ys[v]! + sign * normal[e]![1]];
    };
    for (let e = 0; e < edges; e++) {
      const j = (e + 1) % n;
      add(polygon([...end(e, e, 1), ...end(j, e, 1), ...end(j, e, -1), ...end(e, e, -1)]));
    }
    // Join pieces on the outer side, anchored at the inner corner when there is one.
    for (let v = 0; v < n; v++) {
      const j = joins[v];
      if (!j || j.side === 0) continue;
      const ein = (v - 1 + edges) % edges;
      const eout = v % edges;
      const x = xs[v]!,
        y = ys[v]!;
      const s = j.side;
      const ax = x + s * normal[ein]![0],
        ay = y + s * normal[ein]![1];
      const bx = x + s * normal[eout]![0],
        by = y + s * normal[eout]![1];
      const [cx, cy] = j.inner ?? [x, y];
      const join = corner[v] ? style.join : 'round';
      if (join === 'round') {
        // Inside a flattened curve the outline is round too: an arc wedge within the tolerance.
        if (!j.inner && corner[v]) add(circle(x, y, h));
        else add(polygon([cx, cy, ...arcPoints(x, y, ax, ay, bx, by, h, tol)]));
        continue;
      }
      if (join !== 'bevel') {
        // Miter tip along the bisector at h / cos(theta/2); SVG limits the ratio tip / h.
        const mx = s * (normal[ein]![0] + normal[eout]![0]);
        const my = s * (normal[ein]![1] + normal[eout]![1]);
        const ml = Math.hypot(mx, my);
        const cosHalf = ml / (2 * h);
        if (cosHalf > 1e-9 && 1 / cosHalf <= style.miterLimit) {
          const tip = h / cosHalf;
          add(polygon([cx, cy, ax, ay, x + (mx / ml) * tip, y + (my / ml) * tip, bx, by]));
          continue;
        }
      }
      add(polygon([cx, cy, ax, ay, bx, by]));
    }
    if (!closed) {
      for (const [v, e, dir] of [
        [0, 0, -1],
        [n - 1, edges - 1, 1],
      ] as const) {
        const x = xs[v]!,
          y = ys[v]!;
        const [nx, ny] = normal[e]!;
        // Tangent pointing out of the path: the normal turned back by 90 degrees.
        const tx = dir * ny,
          ty = -dir * nx;
        if (style.cap === 'round') {
          const a0 = Math.atan2(ny, nx);
          const pts = arc(x, y, h, a0, Math.sign(nx * ty - ny * tx) * Math.PI, tol);
          pts.splice(0, 2, x + nx, y + ny);
          pts.splice(pts.length - 2, 2, x - nx, y - ny);
          add(polygon(pts));
        } else if (style.cap === 'square') {
          add(polygon([x + nx, y + ny, x + nx + tx, y + ny + ty, x - nx + tx, y - ny + ty, x - nx, y - ny]));
        }
      }
    }
  }
  return out;
}
