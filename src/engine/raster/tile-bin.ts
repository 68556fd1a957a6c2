import type { PackedScene } from './packed-scene.ts';
import { groupBox } from './render-forward.ts';

// Twin of tile-bin.wgsl: group boxes and per-bin group lists in draw order.

export const TILE_SIZE = 16;
/** Bins are squares of whole tiles, at most 8 x 8 of them, so bin lists fit 64 * groups. */
export const MAX_BINS_PER_SIDE = 8;

export interface BinLayout {
  tilesX: number;
  tilesY: number;
  binTiles: number;
  binsX: number;
  binsY: number;
}

export function binLayout(width: number, height: number): BinLayout {
  const tilesX = Math.ceil(width / TILE_SIZE);
  const tilesY = Math.ceil(height / TILE_SIZE);
  const binTiles = Math.max(1, Math.ceil(Math.max(tilesX, tilesY) / MAX_BINS_PER_SIDE));
  return { tilesX, tilesY, binTiles, binsX: Math.ceil(tilesX / binTiles), binsY: Math.ceil(tilesY / binTiles) };
}

export function groupBoxesTwin(ps: PackedScene, lines: Float64Array): Float64Array {
  const boxes = new Float64Array(ps.groupCount * 4);
  for (let g = 0; g < ps.groupCount; g++) {
    const s = ps.groupLineStart[g]!;
    const e = ps.groupLineEnd[g]!;
    boxes.set(s === e ? [3e38, 3e38, -3e38, -3e38] : groupBox(lines, s, e), g * 4);
  }
  return boxes;
}

/** Group lists per bin, in draw order. */
export function binGroupsTwin(ps: PackedScene, boxes: Float64Array, layout: BinLayout): number[][] {
  const side = layout.binTiles * TILE_SIZE;
  const out: number[][] = [];
  for (let b = 0; b < layout.binsX * layout.binsY; b++) {
    const x0 = (b % layout.binsX) * side;
    const y0 = Math.floor(b / layout.binsX) * side;
    const x1 = Math.min(x0 + side, ps.width);
    const y1 = Math.min(y0 + side, ps.height);
    const list: number[] = [];
    for (let g = 0; g < ps.groupCount; g++) {
      const [bx0, by0, bx1, by1] = [boxes[g * 4]!, boxes[g * 4 + 1]!, boxes[g * 4 + 2]!, boxes[g * 4 + 3]!];
      if (bx0 < x1 && bx1 > x0 && by0 < y1 && by1 > y0) list.push(g);
    }
    out.push(list);
  }
  return out;
}
