import type { QuantizedImage } from './quantize-colors.ts';

// Regions are 4-connected runs of one palette colour. Specks smaller than minArea pixels are
// folded into a larger neighbour of the nearest colour: they would cost a path each while
// contributing next to nothing to fidelity, and their outlines are pure staircase.

export interface RegionMap {
  width: number;
  height: number;
  /** Region id of every pixel, 0 .. regionCount-1. */
  regionOf: Int32Array;
  regionCount: number;
  /** Pixel count of each region. */
  area: Int32Array;
}

interface Components {
  comp: Int32Array;
  count: number;
  area: Int32Array;
  label: Int32Array;
}

function labelComponents(labels: Uint8Array, width: number, height: number): Components {
  const n = width * height;
  const comp = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n);
  const areas: number[] = [];
  const compLabel: number[] = [];
  let count = 0;
  for (let start = 0; start < n; start++) {
    if (comp[start] !== -1) continue;
    const lab = labels[start]!;
    let top = 0;
    stack[top++] = start;
    comp[start] = count;
    let area = 0;
    while (top > 0) {
      const p = stack[--top]!;
      area++;
      const x = p % width;
      if (x > 0 && comp[p - 1] === -1 && labels[p - 1] === lab) { comp[p - 1] = count; stack[top++] = p - 1; }
      if (x < width - 1 && comp[p + 1] === -1 && labels[p + 1] === lab) { comp[p + 1] = count; stack[top++] = p + 1; }
      if (p >= width && comp[p - width] === -1 && labels[p - width] === lab) { comp[p - width] = count; stack[top++] = p - width; }
      if (p + width < n && comp[p + width] === -1 && labels[p + width] === lab) { comp[p + width] = count; stack[top++] = p + width; }
    }
    areas.push(area);
    compLabel.push(lab);
    count++;
  }
  return { comp, count, area: Int32Array.from(areas), label: Int32Array.from(compLabel) };
}

const MAX_PASSES = 8;

/** Relabels specks (in a copy of the labels) and returns the final regions. */
export function mergeSmallRegions(q: QuantizedImage, minArea: number): RegionMap {
  const { width, height, palette } = q;
  const labels = q.labels.slice();
  const n = width * height;
  let c = labelComponents(labels, width, height);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const best = new Int32Array(c.count).fill(-1);
    const bestDist = new Float64Array(c.count).fill(Infinity);
    let small = 0;
    for (let k = 0; k < c.count; k++) if (c.area[k]! < minArea) small++;
    if (small === 0) break;
    const consider = (a: number, b: number) => {
      // Merge a into b only when b is larger (ties by id), so merges always flow one way.
      if (c.area[a]! >= minArea) return;
      if (c.area[b]! < c.area[a]! || (c.area[b] === c.area[a] && b > a)) return;
      const la = c.label[a]! * 3, lb = c.label[b]! * 3;
      const dr = palette[la]! - palette[lb]!, dg = palette[la + 1]! - palette[lb + 1]!, db = palette[la + 2]! - palette[lb + 2]!;
      const d = dr * dr + dg * dg + db * db;
      if (d < bestDist[a]!) {
        bestDist[a] = d;
        best[a] = b;
      }
    };
    for (let p = 0; p < n; p++) {
      const a = c.comp[p]!;
      const x = p % width;
      if (x < width - 1) {
        const b = c.comp[p + 1]!;
        if (b !== a) { consider(a, b); consider(b, a); }
      }
      if (p + width < n) {
        const b = c.comp[p + width]!;
        if (b !== a) { consider(a, b); consider(b, a); }
      }
    }
    let changed = false;
    for (let p = 0; p < n; p++) {
      const b = best[c.comp[p]!]!;
      if (b !== -1) {
        labels[p] = c.label[b]!;
        changed = true;
      }
    }
    if (!changed) break;
    c = labelComponents(labels, width, height);
  }
  return { width, height, regionOf: c.comp, regionCount: c.count, area: c.area };
}
