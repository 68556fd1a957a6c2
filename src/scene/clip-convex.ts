import { type Cubic8, splitCubic } from './cubic-split.ts';
import type { SubPath } from './scene.ts';

// Clipping closed cubic sub-paths to a convex polygon (a nested <svg>'s or <symbol>'s viewport
// after transforms), one half-plane at a time, in the manner of Sutherland-Hodgman: the parts of
// a contour inside the half-plane are kept and consecutive parts are joined by a straight run
// along the boundary line. The removed part together with that run is a closed loop lying wholly
// outside, so winding numbers inside are unchanged, for either fill rule, and curves stay exact.

type Seg = Cubic8;

/** Signed distance of a point on the cubic, from its Bernstein coefficients (the control points' distances). */
function bernstein(d: readonly number[], t: number): number {
  const u = 1 - t;
  return u * u * u * d[0]! + 3 * u * u * t * d[1]! + 3 * u * t * t * d[2]! + t * t * t * d[3]!;
}

/** Parameters in (0, 1) where the cubic crosses the line: sign changes on a fine grid, refined by bisection. */
function crossings(d: readonly number[]): number[] {
  if (d.every((v) => v >= 0) || d.every((v) => v <= 0)) return [];
  const STEPS = 64;
  const out: number[] = [];
  let t0 = 0;
  let f0 = d[0]!;
  for (let i = 1; i <= STEPS; i++) {
    const t1 = i / STEPS;
    const f1 = bernstein(d, t1);
    if ((f0 < 0 && f1 > 0) || (f0 > 0 && f1 < 0)) {
      let lo = t0;
      let hi = t1;
      for (let k = 0; k < 52; k++) {
        const mid = (lo + hi) / 2;
        if (bernstein(d, mid) < 0 === f0 < 0) lo = mid;
        else hi = mid;
      }
      out.push((lo + hi) / 2);
    }
    if (f1 !== 0) {
      t0 = t1;
      f0 = f1;
    }
  }
  return out;
}

function line(ax: number, ay: number, bx: number, by: number): Seg {
  return [ax, ay, ax + (bx - ax) / 3, ay + (by - ay) / 3, ax + ((bx - ax) * 2) / 3, ay + ((by - ay) * 2) / 3, bx, by];
}

/** One closed contour clipped to the half-plane nx*x + ny*y + c >= 0; null when nothing is left. */
function clipHalfPlane(points: readonly number[], nx: number, ny: number, c: number, eps: number): number[] | null {
  const n = points.length / 6;
  const dist = (x: number, y: number) => nx * x + ny * y + c;
  // Control points all inside: so is the curve (it lies in their hull). The common case for
  // many-sided clips, so it skips the splitting below.
  let inside = true;
  for (let i = 0; i < points.length && inside; i += 2) inside = dist(points[i]!, points[i + 1]!) >= -eps;
  if (inside) return [...points];
  // Runs of kept pieces; a new run starts wherever the contour left the half-plane in between.
  const runs: Seg[][] = [];
  let inRun = false;
  let allIn = true;
  let firstKept: boolean | null = null;
  for (let i = 0; i < n; i++) {
    const j = ((i + 1) % n) * 2;
    const s: Seg = [
      points[i * 6]!,
      points[i * 6 + 1]!,
      points[i * 6 + 2]!,
      points[i * 6 + 3]!,
      points[i * 6 + 4]!,
      points[i * 6 + 5]!,
      points[j * 3]!,
      points[j * 3 + 1]!,
    ];
    const d = [dist(s[0], s[1]), dist(s[2], s[3]), dist(s[4], s[5]), dist(s[6], s[7])];
    const ts = crossings(d.map((v) => (Math.abs(v) <= eps ? 0 : v)));
    let rest = s;
    let done = 0;
    const pieces: Seg[] = [];
    for (const t of ts) {
      const [a, b] = splitCubic(rest, (t - done) / (1 - done));
      pieces.push(a);
      rest = b;
      done = t;
    }
    pieces.push(rest);
    for (const p of pieces) {
      const m = splitCubic(p, 0.5)[0];
      const keep = dist(m[6], m[7]) >= -eps;
      firstKept ??= keep;
      if (!keep) {
        allIn = false;
        inRun = false;
        continue;
      }
      if (!inRun) runs.push([]);
      runs.at(-1)!.push(p);
      inRun = true;
    }
  }
  if (allIn) return [...points];
  if (runs.length === 0) return null;
  // The contour is closed: a run still open at the end continues the first one.
  if (runs.length > 1 && inRun && firstKept) {
    const last = runs.pop()!;
    runs[0] = [...last, ...runs[0]!];
  }
  const segs: Seg[] = [];
  for (let r = 0; r < runs.length; r++) {
    const run = runs[r]!;
    segs.push(...run);
    const end = run.at(-1)!;
    const next = runs[(r + 1) % runs.length]![0]!;
    if (Math.hypot(end[6] - next[0], end[7] - next[1]) > eps) segs.push(line(end[6], end[7], next[0], next[1]));
  }
  const out: number[] = [];
  for (const s of segs) out.push(s[0], s[1], s[2], s[3], s[4], s[5]);
  return out;
}

/** Twice the signed area of a polygon (x, y pairs): positive when counter-clockwise in y-up axes. */
function signedArea2(poly: readonly number[]): number {
  let a = 0;
  const n = poly.length / 2;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    a += poly[i * 2]! * poly[j * 2 + 1]! - poly[j * 2]! * poly[i * 2 + 1]!;
  }
  return a;
}

/**
 * Closed cubic sub-paths clipped to the convex polygon `clip` (x, y pairs, either orientation).
 * Sub-paths wholly outside disappear; those wholly inside are returned unchanged.
 */
export function clipSubPathsToConvex(paths: readonly SubPath[], clip: readonly number[]): SubPath[] {
  const orient = Math.sign(signedArea2(clip));
  if (orient === 0) return [];
  const n = clip.length / 2;
  let size = 0;
  for (let i = 0; i < clip.length; i++) size = Math.max(size, Math.abs(clip[i]!));
  const eps = 1e-9 * (1 + size);
  let current = paths.map((p) => p.points);
  for (let i = 0; i < n; i++) {
    const ax = clip[i * 2]!,
      ay = clip[i * 2 + 1]!;
    const bx = clip[((i + 1) % n) * 2]!,
      by = clip[((i + 1) % n) * 2 + 1]!;
    // Inward normal of edge a->b: the interior is on the left for a positive orientation.
    const len = Math.hypot(bx - ax, by - ay);
    if (len === 0) continue;
    const nx = (-(by - ay) * orient) / len;
    const ny = ((bx - ax) * orient) / len;
    const c = -(nx * ax + ny * ay);
    const next: number[][] = [];
    for (const pts of current) {
      const r = clipHalfPlane(pts, nx, ny, c, eps);
      if (r) next.push(r);
    }
    current = next;
  }
  return current.map((points) => ({ points }));
}
