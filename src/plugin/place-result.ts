import type { AffineMap } from '../protocol/protocol.ts';

// Where a result frame goes: to the right of everything the user selected (so it overlaps none
// of it), top-aligned with it, and turned like the source frame when the scene is in that
// frame's own axes, so the result looks like its source.

/** Gap between the source and the result, in canvas pixels. */
export const RESULT_GAP = 40;

export interface PageBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function unionOf(boxes: readonly PageBox[]): PageBox | null {
  if (boxes.length === 0) return null;
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  return { x, y, width: Math.max(...boxes.map((b) => b.x + b.width)) - x, height: Math.max(...boxes.map((b) => b.y + b.height)) - y };
}

/**
 * The result's transform on the page: `linear` (the source's rotation/flip, or identity) with a
 * translation that puts the w x h frame's bounding box RESULT_GAP to the right of `beside`.
 */
export function resultTransform(beside: PageBox, linear: [[number, number], [number, number]], w: number, h: number): AffineMap {
  const [[a, c], [b, d]] = linear;
  const xs = [0, a * w, c * h, a * w + c * h];
  const ys = [0, b * w, d * h, b * w + d * h];
  const e = beside.x + beside.width + RESULT_GAP - Math.min(...xs);
  const f = beside.y - Math.min(...ys);
  return [
    [a, c, e],
    [b, d, f],
  ];
}
