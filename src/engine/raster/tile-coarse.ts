import type { PackedScene } from './packed-scene.ts';
import { binGroupsTwin, groupBoxesTwin, TILE_SIZE, type BinLayout } from './tile-bin.ts';

// Twin of tile-coarse.wgsl (command-list sizes per tile) and of classifyLine in
// raster-common.wgsl. GpuRasterizer sizes the command buffer from it at upload.

/** 0 skip, 1 listed, 2/3 backdrop +1/-1 (see raster-common.wgsl). */
export function classifyLine(x0: number, y0: number, x1: number, y1: number, X0: number, Y0: number): number {
  const Y1 = Y0 + TILE_SIZE;
  const X1 = X0 + TILE_SIZE;
  const ymin = Math.min(y0, y1);
  const ymax = Math.max(y0, y1);
  if (!(ymax >= Y0 && ymin < Y1)) return 0;
  const dy = y1 - y0;
  let xa = x0;
  let xb = x1;
  if (dy !== 0) {
    const ta = Math.min(Math.max((Y0 - y0) / dy, 0), 1);
    const tb = Math.min(Math.max((Y1 - y0) / dy, 0), 1);
    xa = x0 + ta * (x1 - x0);
    xb = x0 + tb * (x1 - x0);
  }
  if (Math.min(xa, xb) >= X1) return 0;
  if (Math.max(xa, xb) <= X0 && ymin <= Y0 && ymax >= Y1) return dy > 0 ? 2 : 3;
  return 1;
}

export const COMMAND_HEADER = 21;

/** Tile rows (0..15) a line may touch: same formula as lineRows in tile-coarse.wgsl. */
export function lineRows(y0: number, y1: number, Y0: number): [number, number] {
  const clampRow = (v: number) => Math.min(15, Math.max(0, v));
  return [clampRow(Math.floor(Math.min(y0, y1)) - Y0), clampRow(Math.floor(Math.max(y0, y1)) - Y0)];
}

/**
 * Command words of each tile's list, and how many (command, pixel row) pairs have a listed
 * line or a backdrop there: the rows the fine passes evaluate, whose areas the forward keeps
 * for the backward (render-forward.wgsl).
 */
export function coarseCountsTwin(ps: PackedScene, lines: Float64Array, layout: BinLayout): { sizes: Uint32Array; liveRows: number } {
  const boxes = groupBoxesTwin(ps, lines);
  const bins = binGroupsTwin(ps, boxes, layout);
  const sizes = new Uint32Array(layout.tilesX * layout.tilesY);
  let liveRows = 0;
  for (let ty = 0; ty < layout.tilesY; ty++) {
    for (let tx = 0; tx < layout.tilesX; tx++) {
      const X0 = tx * TILE_SIZE;
      const Y0 = ty * TILE_SIZE;
      const bin = Math.floor(ty / layout.binTiles) * layout.binsX + Math.floor(tx / layout.binTiles);
      let w = 0;
      for (const g of bins[bin]!) {
        const [bx0, by0, bx1, by1] = [boxes[g * 4]!, boxes[g * 4 + 1]!, boxes[g * 4 + 2]!, boxes[g * 4 + 3]!];
        if (!(bx0 < X0 + TILE_SIZE && bx1 > X0 && by0 < Y0 + TILE_SIZE && by1 > Y0)) continue;
        let hits = 0;
        let backdrop = 0;
        let rows = 0;
        for (let l = ps.groupLineStart[g]!; l < ps.groupLineEnd[g]!; l++) {
          const k = classifyLine(lines[l * 4]!, lines[l * 4 + 1]!, lines[l * 4 + 2]!, lines[l * 4 + 3]!, X0, Y0);
          if (k === 1) {
            const [r0, r1] = lineRows(lines[l * 4 + 1]!, lines[l * 4 + 3]!, Y0);
            hits += r1 - r0 + 1;
            for (let r = r0; r <= r1; r++) rows |= 1 << r;
          } else if (k === 2) backdrop++;
          else if (k === 3) backdrop--;
        }
        if (hits > 0 || backdrop !== 0) w += COMMAND_HEADER + hits;
        // Rows below the canvas (a partial last tile row) are never evaluated.
        const inside = Math.min(16, ps.height - Y0);
        for (let r = 0; r < inside; r++) if (backdrop !== 0 || (rows >> r) & 1) liveRows++;
      }
      sizes[ty * layout.tilesX + tx] = w;
    }
  }
  return { sizes, liveRows };
}
