import { clipSubPathsToConvex as clipToConvex } from '../scene/clip-convex.ts';
import type { SubPath } from '../scene/scene.ts';

// A clipping frame's box in the sandbox: the exact cubic clipper the SVG reader uses for nested
// viewports (scene/clip-convex.ts), given corner points, and a point-in-box test for images.

export type Pt = [number, number];

/** The sub-paths cut to a convex polygon (corners in either order); empty ones are dropped. */
export function clipSubPathsToConvex(paths: readonly SubPath[], polygon: readonly Pt[]): SubPath[] {
  return clipToConvex(paths, polygon.flat());
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
