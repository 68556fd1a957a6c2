import { fmt, type Pt } from './fake-geometry.ts';

// Rounded corners of a vector's straight-edged paths: what Figma draws (fillGeometry) for a
// vector with a corner radius, which its vectorPaths do not carry (VectorLikeMixin.vectorPaths:
// "a simple, but incomplete representation of vectors as path"). CornerMixin.cornerRadius: "If an
// edge length is less than twice the corner radius, the corner radius for each vertex of the edge
// will be clamped to half the edge length"; "Vector nodes can have individual corner radii on each
// vertex" (VectorVertex.cornerRadius). Each corner becomes a circular arc tangent to both edges,
// written as one cubic (Figma stores no arcs).

/** Closed polygons (M/L.../Z only) of path data; null when the data holds a curve. */
export function polygonsOf(data: string): Pt[][] | null {
  const words = data.trim().split(' ');
  const polys: Pt[][] = [];
  let cur: Pt[] | null = null;
  for (let i = 0; i < words.length; ) {
    const c = words[i++];
    if (c === 'M' || c === 'L') {
      const p: Pt = [Number(words[i]), Number(words[i + 1])];
      i += 2;
      if (c === 'M') polys.push((cur = [p]));
      else cur!.push(p);
    } else if (c === 'Z') {
      if (cur && cur.length > 1) {
        const f = cur[0]!;
        const l = cur[cur.length - 1]!;
        if (f[0] === l[0] && f[1] === l[1]) cur.pop();
      }
      cur = null;
    } else return null;
  }
  return polys;
}

/** Path data of the polygon with corner i rounded by radii[i] (clamped to half of each adjacent edge). */
export function roundedPolygonData(poly: Pt[], radii: number[]): string {
  const n = poly.length;
  const parts: string[] = [];
  const sub = (a: Pt, b: Pt): Pt => [a[0] - b[0], a[1] - b[1]];
  const len = (v: Pt) => Math.hypot(v[0], v[1]);
  for (let i = 0; i < n; i++) {
    const p = poly[i]!;
    const prev = poly[(i + n - 1) % n]!;
    const next = poly[(i + 1) % n]!;
    const u = sub(prev, p);
    const v = sub(next, p);
    const lu = len(u);
    const lv = len(v);
    const theta = Math.acos(Math.max(-1, Math.min(1, (u[0] * v[0] + u[1] * v[1]) / (lu * lv)))); // interior angle
    let r = radii[i] ?? 0;
    // Tangent length r / tan(theta/2), clamped so that it never passes half of either edge.
    let t = theta > 1e-9 && theta < Math.PI - 1e-9 ? r / Math.tan(theta / 2) : 0;
    const tMax = Math.min(lu, lv) / 2;
    if (t > tMax) {
      t = tMax;
      r = t * Math.tan(theta / 2);
    }
    const a: Pt = [p[0] + (u[0] / lu) * t, p[1] + (u[1] / lu) * t];
    const b: Pt = [p[0] + (v[0] / lv) * t, p[1] + (v[1] / lv) * t];
    parts.push(`${i === 0 ? 'M' : 'L'} ${fmt(a[0])} ${fmt(a[1])}`);
    if (t > 0) {
      const sweep = Math.PI - theta;
      const h = (4 / 3) * Math.tan(sweep / 4) * r; // handle length of a one-cubic circular arc
      const c1: Pt = [a[0] - (u[0] / lu) * h, a[1] - (u[1] / lu) * h];
      const c2: Pt = [b[0] - (v[0] / lv) * h, b[1] - (v[1] / lv) * h];
      parts.push(`C ${fmt(c1[0])} ${fmt(c1[1])} ${fmt(c2[0])} ${fmt(c2[1])} ${fmt(b[0])} ${fmt(b[1])}`);
    }
  }
  parts.push('Z');
  return parts.join(' ');
}
