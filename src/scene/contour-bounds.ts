import type { Contour } from './svg-shapes.ts';

// The tight bounding box of cubic contours (curve extrema, not control points): what SVG
// calls the element's geometry bounding box, the frame of objectBoundingBox units.

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Parameters in (0, 1) where one coordinate of the cubic p0..p3 has zero derivative. */
function extremaTs(p0: number, p1: number, p2: number, p3: number): number[] {
  // B'(t)/3 = a t^2 + b t + c.
  const a = -p0 + 3 * p1 - 3 * p2 + p3;
  const b = 2 * (p0 - 2 * p1 + p2);
  const c = p1 - p0;
  const out: number[] = [];
  if (Math.abs(a) < 1e-12) {
    if (Math.abs(b) > 1e-12) out.push(-c / b);
  } else {
    const disc = b * b - 4 * a * c;
    if (disc >= 0) {
      const s = Math.sqrt(disc);
      out.push((-b + s) / (2 * a), (-b - s) / (2 * a));
    }
  }
  return out.filter((t) => t > 0 && t < 1);
}

function cubicAt(p0: number, p1: number, p2: number, p3: number, t: number): number {
  const u = 1 - t;
  return u * u * u * p0 + 3 * u * u * t * p1 + 3 * u * t * t * p2 + t * t * t * p3;
}

/** The tight box of the contours, or null when there are no points. */
export function contourBounds(contours: readonly Contour[]): Box | null {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  const add = (x: number, y: number) => {
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  };
  for (const c of contours) {
    const p = c.pts;
    if (p.length >= 2) add(p[0]!, p[1]!);
    for (let i = 2; i + 6 <= p.length; i += 6) {
      const [sx, sy] = [p[i - 2]!, p[i - 1]!];
      const [ax, ay, bx, by, ex, ey] = [p[i]!, p[i + 1]!, p[i + 2]!, p[i + 3]!, p[i + 4]!, p[i + 5]!];
      add(ex, ey);
      for (const t of extremaTs(sx, ax, bx, ex)) add(cubicAt(sx, ax, bx, ex, t), cubicAt(sy, ay, by, ey, t));
      for (const t of extremaTs(sy, ay, by, ey)) add(cubicAt(sx, ax, bx, ex, t), cubicAt(sy, ay, by, ey, t));
    }
  }
  return x1 >= x0 && y1 >= y0 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : null;
}
