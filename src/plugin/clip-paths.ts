import type { SubPath } from '../scene/scene.ts';

// Clipping closed cubic sub-paths to a convex polygon (a clipping frame's box, rotated or not),
// one half-plane at a time, Sutherland–Hodgman style: each cubic is split where it crosses the
// boundary line, the pieces inside are kept as they are (still exact cubics), and each run of
// pieces outside is replaced by the straight segment along the boundary between where the path
// left and where it came back. That replacement and the run it replaces form a closed loop lying
// in the outside half-plane, so every point inside keeps its winding number: the result fills
// exactly the original's region cut to the half-plane, under either fill rule. Polygon
// libraries would flatten the curves; general Bézier booleans (paper.js) are far too big for the
// sandbox bundle for this one convex case.

export type Pt = [number, number];
type Cubic = [Pt, Pt, Pt, Pt];

const lerp = (a: Pt, b: Pt, t: number): Pt => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];

function splitAt(c: Cubic, t: number): [Cubic, Cubic] {
  const [p0, p1, p2, p3] = c;
  const a = lerp(p0, p1, t);
  const b = lerp(p1, p2, t);
  const d = lerp(p2, p3, t);
  const e = lerp(a, b, t);
  const f = lerp(b, d, t);
  const g = lerp(e, f, t);
  return [
    [p0, a, e, g],
    [g, f, d, p3],
  ];
}

function pointAt(c: Cubic, t: number): Pt {
  const s = 1 - t;
  const w = [s * s * s, 3 * s * s * t, 3 * s * t * t, t * t * t];
  return [w[0]! * c[0][0] + w[1]! * c[1][0] + w[2]! * c[2][0] + w[3]! * c[3][0], w[0]! * c[0][1] + w[1]! * c[1][1] + w[2]! * c[2][1] + w[3]! * c[3][1]];
}

/** Parameters in (0, 1) where f (affine, so f∘B is a cubic in t) changes sign. */
function crossings(c: Cubic, f: (p: Pt) => number): number[] {
  const N = 48;
  const out: number[] = [];
  let t0 = 0;
  let f0 = f(c[0]);
  for (let i = 1; i <= N; i++) {
    const t1 = i / N;
    const f1 = f(pointAt(c, t1));
    if ((f0 < 0 && f1 > 0) || (f0 > 0 && f1 < 0)) {
      let lo = t0;
      let hi = t1;
      let flo = f0;
      for (let k = 0; k < 50; k++) {
        const mid = (lo + hi) / 2;
        const fm = f(pointAt(c, mid));
        if (fm < 0 === flo < 0) {
          lo = mid;
          flo = fm;
        } else hi = mid;
      }
      const t = (lo + hi) / 2;
      if (t > 1e-9 && t < 1 - 1e-9) out.push(t);
    }
    t0 = t1;
    f0 = f1;
  }
  return out;
}

function cubicsOf(p: SubPath): Cubic[] {
  const q = p.points;
  const n = q.length / 6;
  const out: Cubic[] = [];
  for (let i = 0; i < n; i++) {
    const j = 6 * i;
    const k = (6 * (i + 1)) % q.length;
    out.push([
      [q[j]!, q[j + 1]!],
      [q[j + 2]!, q[j + 3]!],
      [q[j + 4]!, q[j + 5]!],
      [q[k]!, q[k + 1]!],
    ]);
  }
  return out;
}

function line(a: Pt, b: Pt): Cubic {
  return [a, lerp(a, b, 1 / 3), lerp(a, b, 2 / 3), b];
}

/** Keeps the part of the sub-path where f <= 0; null when nothing is left. */
export function clipSubPathToHalfPlane(p: SubPath, f: (pt: Pt) => number, tol = 1e-9): SubPath | null {
  const pieces: { c: Cubic; inside: boolean }[] = [];
  for (const c of cubicsOf(p)) {
    let rest = c;
    let done = 0;
    for (const t of crossings(c, f)) {
      const [a, b] = splitAt(rest, (t - done) / (1 - done));
      pieces.push({ c: a, inside: f(pointAt(a, 0.5)) <= tol });
      rest = b;
      done = t;
    }
    pieces.push({ c: rest, inside: f(pointAt(rest, 0.5)) <= tol });
  }
  if (pieces.every((x) => x.inside)) return p;
  if (pieces.every((x) => !x.inside)) return null;
  // Start at an inside piece that follows an outside one: every outside run then begins and
  // ends on the boundary line.
  const start = pieces.findIndex((x, i) => x.inside && !pieces[(i + pieces.length - 1) % pieces.length]!.inside);
  const ordered = [...pieces.slice(start), ...pieces.slice(0, start)];
  const out: Cubic[] = [];
  for (let i = 0; i < ordered.length; ) {
    if (ordered[i]!.inside) {
      out.push(ordered[i]!.c);
      i++;
      continue;
    }
    const from = ordered[i]!.c[0];
    while (i < ordered.length && !ordered[i]!.inside) i++;
    const to = i < ordered.length ? ordered[i]!.c[0] : ordered[0]!.c[0];
    out.push(line(from, to));
  }
  const points: number[] = [];
  for (const c of out) points.push(c[0][0], c[0][1], c[1][0], c[1][1], c[2][0], c[2][1]);
  return { points };
}

/** The sub-paths cut to a convex polygon (corners in either order); empty ones are dropped. */
export function clipSubPathsToConvex(paths: readonly SubPath[], polygon: readonly Pt[]): SubPath[] {
  let current: SubPath[] = paths.slice();
  for (const f of outwardEdgeDistances(polygon)) {
    current = current.flatMap((p) => {
      const c = clipSubPathToHalfPlane(p, f, 1e-7);
      return c ? [c] : [];
    });
  }
  return current;
}

/** For each edge of a convex polygon with length, the signed distance of a point outside it (outward normal: away from the centroid). */
function outwardEdgeDistances(polygon: readonly Pt[]): ((p: Pt) => number)[] {
  const n = polygon.length;
  const cx = polygon.reduce((s, q) => s + q[0], 0) / n;
  const cy = polygon.reduce((s, q) => s + q[1], 0) / n;
  const out: ((p: Pt) => number)[] = [];
  for (let i = 0; i < n; i++) {
    const a = polygon[i]!;
    const b = polygon[(i + 1) % n]!;
    let nx = b[1] - a[1];
    let ny = -(b[0] - a[0]);
    if (nx * (cx - a[0]) + ny * (cy - a[1]) > 0) {
      nx = -nx;
      ny = -ny;
    }
    const len = Math.hypot(nx, ny);
    if (len > 0) out.push((p) => (nx * (p[0] - a[0]) + ny * (p[1] - a[1])) / len);
  }
  return out;
}

/** Whether the point lies inside the convex polygon, with tolerance tol (px) outwards. */
export function insideConvex(p: Pt, polygon: readonly Pt[], tol = 0.5): boolean {
  return outwardEdgeDistances(polygon).every((f) => f(p) <= tol);
}
