import type { RgbaImage } from '../../src/image/rgba-image.ts';
import { NON_WHITE_BELOW } from './semantics-measure.ts';

// How much an icon's silhouette looks like a circle, a square or a star, measured without
// CLIP: the silhouette is the render's non-white pixels; each ideal shape is placed at the
// silhouette's centroid with the silhouette's area (square and star at their best rotation)
// and compared by intersection over union. A shape-mode edit toward "a star" succeeds when
// the star's IoU rises.

export type IdealShape = 'circle' | 'square' | 'star';
export const IDEAL_SHAPES: readonly IdealShape[] = ['circle', 'square', 'star'];

function polygon(shape: Exclude<IdealShape, 'circle'>, cx: number, cy: number, area: number, rot: number): [number, number][] {
  const n = shape === 'square' ? 4 : 10;
  // square: circumradius R with area 2R^2; regular 5-point star (inner/outer 0.382): area 10 * (R r sin(36°)) / 2
  const inner = 0.381966;
  const outer = shape === 'square' ? Math.sqrt(area / 2) : Math.sqrt(area / (5 * inner * Math.sin(Math.PI / 5)));
  return Array.from({ length: n }, (_, i) => {
    const r = shape === 'star' && i % 2 === 1 ? outer * inner : outer;
    const a = rot + (2 * Math.PI * i) / n - Math.PI / 2;
    return [cx + r * Math.cos(a), cy + r * Math.sin(a)];
  });
}

function inside(poly: [number, number][], x: number, y: number): boolean {
  let c = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i]!;
    const [xj, yj] = poly[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

/** IoU of the silhouette with each ideal shape (best rotation). */
export function silhouetteIou(img: RgbaImage): Record<IdealShape, number> {
  const mask = new Uint8Array(img.width * img.height);
  let area = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++) {
      const i = y * img.width + x;
      if (Math.min(img.data[4 * i]!, img.data[4 * i + 1]!, img.data[4 * i + 2]!) < NON_WHITE_BELOW) {
        mask[i] = 1;
        area++;
        sx += x + 0.5;
        sy += y + 0.5;
      }
    }
  if (area === 0) return { circle: 0, square: 0, star: 0 };
  const cx = sx / area;
  const cy = sy / area;
  const iou = (test: (x: number, y: number) => boolean) => {
    let both = 0;
    let either = 0;
    for (let y = 0; y < img.height; y++)
      for (let x = 0; x < img.width; x++) {
        const a = mask[y * img.width + x] === 1;
        const b = test(x + 0.5, y + 0.5);
        if (a && b) both++;
        if (a || b) either++;
      }
    return both / either;
  };
  const r2 = area / Math.PI;
  const best = (shape: 'square' | 'star') => {
    const period = shape === 'square' ? Math.PI / 2 : (2 * Math.PI) / 5;
    let top = 0;
    for (let k = 0; k < 12; k++) {
      const poly = polygon(shape, cx, cy, area, (period * k) / 12);
      top = Math.max(
        top,
        iou((x, y) => inside(poly, x, y)),
      );
    }
    return top;
  };
  return { circle: iou((x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r2), square: best('square'), star: best('star') };
}
