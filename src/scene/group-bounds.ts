import type { ShapeGroup } from './scene.ts';

// Bounding boxes of shape groups, for the importer's warning about children whose group
// opacity is applied one by one where they overlap.

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
