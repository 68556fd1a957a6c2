import type { ShapeGroup } from './scene.ts';

// SVG 2's paint-order: the order in which a shape's fill, stroke and markers are painted.
// The importer draws them in the normal order and then moves the three runs of groups into
// the order asked for, which is exact: the runs are separate groups in the scene.

export type PaintLayer = 'fill' | 'stroke' | 'markers';

const NORMAL: readonly PaintLayer[] = ['fill', 'stroke', 'markers'];

/** The three layers in paint order; null when the value is not valid CSS (unknown or repeated keywords). */
export function parsePaintOrder(value: string): PaintLayer[] | null {
  const t = value.trim();
  if (t === 'normal') return [...NORMAL];
  const words = t.split(/\s+/);
  const named = new Set<PaintLayer>();
  for (const w of words) {
    if (!(NORMAL as readonly string[]).includes(w) || named.has(w as PaintLayer)) return null;
    named.add(w as PaintLayer);
  }
  // Layers left out follow in their normal order.
  return [...named, ...NORMAL.filter((l) => !named.has(l))];
}

/**
 * Reorders groups[start..) whose fill run ends at afterFill and stroke run at afterStroke
 * (the markers run is the rest) into the given order, in place.
 */
export function reorderPaintLayers(groups: ShapeGroup[], start: number, afterFill: number, afterStroke: number, order: readonly PaintLayer[]): void {
  const runs: Record<PaintLayer, ShapeGroup[]> = {
    fill: groups.slice(start, afterFill),
    stroke: groups.slice(afterFill, afterStroke),
    markers: groups.slice(afterStroke),
  };
  groups.splice(start, groups.length - start, ...order.flatMap((l) => runs[l]));
}
