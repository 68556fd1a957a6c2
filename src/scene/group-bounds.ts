import type { ShapeGroup } from './scene.ts';

// Bounding boxes of shape groups, for the importer's warnings: a shape drawn beyond a viewport
// it does not clip to, and children whose group opacity is applied one by one where they overlap.

export function bbox(g: ShapeGroup): [number, number, number, number] {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (const p of g.paths) {
    for (let i = 0; i < p.points.length; i += 2) {
      const x = p.points[i]!;
      const y = p.points[i + 1]!;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return [x0, y0, x1, y1];
}

/** Whether any two groups' bounding boxes overlap (sweep over x). */
export function anyOverlap(groups: readonly ShapeGroup[]): boolean {
  const boxes = groups.map(bbox).sort((a, b) => a[0] - b[0]);
  const active: (typeof boxes)[number][] = [];
  for (const b of boxes) {
    for (let i = active.length - 1; i >= 0; i--) {
      const a = active[i]!;
      if (a[2] <= b[0]) active.splice(i, 1);
      else if (a[1] < b[3] && b[1] < a[3]) return true;
    }
    active.push(b);
  }
  return false;
}

/** Groups whose bounding box reaches beyond the axis-aligned box of the points `clip` (x, y pairs). */
export function countOutside(groups: readonly ShapeGroup[], clip: readonly number[]): number {
  const xs = clip.filter((_, i) => i % 2 === 0);
  const ys = clip.filter((_, i) => i % 2 === 1);
  const [cx0, cx1, cy0, cy1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const eps = 1e-6 * (1 + Math.abs(cx1 - cx0) + Math.abs(cy1 - cy0));
  return groups.filter((g) => {
    const [x0, y0, x1, y1] = bbox(g);
    return x0 < cx0 - eps || y0 < cy0 - eps || x1 > cx1 + eps || y1 > cy1 + eps;
  }).length;
}
