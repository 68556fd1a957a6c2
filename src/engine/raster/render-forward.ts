import { backgroundRgba, NO_OCCLUDER, OCCLUDER_TRANSMITTANCE, type Background } from './compositing.ts';
import type { PackedScene } from './packed-scene.ts';
import { paintColorAt, PAINT_SOLID } from './paint.ts';
import { coverageOf, pixelAreaGrad } from './raster-common.ts';

// Twin of render-forward.wgsl, in float64. Same coverage and compositing; it does not
// tile: each group's signed area is accumulated over the group's bounding box, lines
// adding exact per-pixel areas where they pass and full cover to the pixels on their
// right (the per-row cover delta is prefix-summed). Compositing, bottom group first:
//   S_k = alpha_k cov_k (c_k, 1) + m_k S_{k-1},  m_k = 1 - alpha_k cov_k   (premultiplied)
// and per pixel the log-transmittance above the topmost opaque layer ("occluder"), which
// the backward pass needs to weight each layer without dividing by m.

export interface ForwardState {
  /** Straight RGBA, row-major, as the GPU image buffer. */
  image: Float64Array;
  /** Premultiplied composite S. */
  composite: Float64Array;
  /** Sum of log m over layers above the occluder. */
  logT: Float64Array;
  /** Index of the topmost layer with m < OCCLUDER_TRANSMITTANCE, or NO_OCCLUDER. */
  occluder: Uint32Array;
}

export interface GroupArea {
  x0: number;
  y0: number;
  w: number;
  h: number;
  /** Signed winding area per pixel of the box, row-major. */
  area: Float64Array;
}

export function groupBox(lines: Float64Array, start: number, end: number): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let l = start; l < end; l++) {
    for (let e = 0; e < 2; e++) {
      const x = lines[l * 4 + e * 2]!;
      const y = lines[l * 4 + e * 2 + 1]!;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  return [minX, minY, maxX, maxY];
}

/** Rows the line's clipped row segment spans, and its x-range in that row. */
export function rowSpan(x0: number, y0: number, x1: number, y1: number, py: number): [number, number] | undefined {
  const dy = y1 - y0;
  let ta = 0;
  let tb = 1;
  if (dy === 0) {
    if (!(py <= y0 && y0 < py + 1)) return undefined;
  } else {
    let lo = (py - y0) / dy;
    let hi = (py + 1 - y0) / dy;
    if (dy < 0) [lo, hi] = [hi, lo];
    ta = Math.max(lo, 0);
    tb = Math.min(hi, 1);
    if (!(ta < tb)) return undefined;
  }
  const xa = x0 + ta * (x1 - x0);
  const xb = x0 + tb * (x1 - x0);
  return [Math.min(xa, xb), Math.max(xa, xb)];
}

export function groupArea(ps: PackedScene, lines: Float64Array, g: number): GroupArea | undefined {
  const start = ps.groupLineStart[g]!;
  const end = ps.groupLineEnd[g]!;
  if (start === end) return undefined;
  const [minX, minY, maxX, maxY] = groupBox(lines, start, end);
  const x0 = Math.max(0, Math.floor(minX));
  const y0 = Math.max(0, Math.floor(minY));
  const x1 = Math.min(ps.width, Math.ceil(maxX) + 1);
  const y1 = Math.min(ps.height, Math.ceil(maxY) + 1);
  if (!(x0 < x1 && y0 < y1)) return undefined;
  const w = x1 - x0;
  const h = y1 - y0;
  const area = new Float64Array(w * h);
  const cover = new Float64Array(w * h + 1);
  const tmp = new Float64Array(5);
  for (let l = start; l < end; l++) {
    const lx0 = lines[l * 4]!;
    const ly0 = lines[l * 4 + 1]!;
    const lx1 = lines[l * 4 + 2]!;
    const ly1 = lines[l * 4 + 3]!;
    const rLo = Math.max(y0, Math.floor(Math.min(ly0, ly1)));
    const rHi = Math.min(y1 - 1, Math.floor(Math.max(ly0, ly1)));
    for (let py = rLo; py <= rHi; py++) {
      const span = rowSpan(lx0, ly0, lx1, ly1, py);
      if (!span) continue;
      const c0 = Math.floor(span[0]);
      const c1 = Math.floor(span[1]);
      const row = (py - y0) * w;
      for (let px = Math.max(c0, x0); px <= Math.min(c1, x1 - 1); px++) {
        pixelAreaGrad(lx0, ly0, lx1, ly1, px, py, tmp);
        area[row + px - x0]! += tmp[0]!;
      }
      const cs = Math.max(c1 + 1, x0);
      if (cs < x1) {
        pixelAreaGrad(lx0, ly0, lx1, ly1, cs + 1e6, py, tmp); // f = 1: the full row cover
        cover[row + cs - x0]! += tmp[0]!;
      }
    }
  }
  for (let r = 0; r < h; r++) {
    let acc = 0;
    for (let c = 0; c < w; c++) {
      acc += cover[r * w + c]!;
      area[r * w + c]! += acc;
    }
  }
  return { x0, y0, w, h, area };
}

export function renderForwardTwin(ps: PackedScene, lines: Float64Array, background: Background): ForwardState {
  const n = ps.width * ps.height;
  const composite = new Float64Array(n * 4);
  const bg = backgroundRgba(background);
  for (let p = 0; p < n; p++) composite.set(bg, p * 4);
  const logT = new Float64Array(n);
  const occluder = new Uint32Array(n).fill(NO_OCCLUDER);
  for (let g = 0; g < ps.groupCount; g++) {
    const ga = groupArea(ps, lines, g);
    if (!ga) continue;
    const rule = ps.groupRule[g]!;
    const solid = ps.paint.info[g * 4] === PAINT_SOLID;
    const col = new Float64Array(4);
    paintColorAt(ps.paint, ps.paint.params, ps.colors, g, 0, 0, col);
    // Colours are composited as given; the optimiser keeps them in [0,1].
    for (let r = 0; r < ga.h; r++) {
      for (let c = 0; c < ga.w; c++) {
        const [cov] = coverageOf(ga.area[r * ga.w + c]!, rule);
        if (cov === 0) continue;
        const p = (ga.y0 + r) * ps.width + ga.x0 + c;
        // A gradient's colour at the pixel centre.
        if (!solid) paintColorAt(ps.paint, ps.paint.params, ps.colors, g, ga.x0 + c + 0.5, ga.y0 + r + 0.5, col);
        const [cr, cg, cb, ca] = col as unknown as [number, number, number, number];
        const ac = ca * cov;
        const m = 1 - ac;
        const o = p * 4;
        composite[o] = ac * cr + m * composite[o]!;
        composite[o + 1] = ac * cg + m * composite[o + 1]!;
        composite[o + 2] = ac * cb + m * composite[o + 2]!;
        composite[o + 3] = ac + m * composite[o + 3]!;
        if (m < OCCLUDER_TRANSMITTANCE) {
          occluder[p] = g;
          logT[p] = 0;
        } else logT[p]! += Math.log(m);
      }
    }
  }
  const image = new Float64Array(n * 4);
  for (let p = 0; p < n; p++) {
    const o = p * 4;
    const a = composite[o + 3]!;
    if (a > 0) {
      image[o] = composite[o]! / a;
      image[o + 1] = composite[o + 1]! / a;
      image[o + 2] = composite[o + 2]! / a;
    }
    image[o + 3] = a;
  }
  return { image, composite, logT, occluder };
}
