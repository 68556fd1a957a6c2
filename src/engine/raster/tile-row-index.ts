import type { PackedScene } from './packed-scene.ts';
import { TILE_SIZE, type BinLayout } from './tile-bin.ts';

// Twin of tile-row-index.wgsl: each group's lines bucketed by the tile rows they reach.
// GpuRasterizer sizes the index buffer from it at upload; tests compare it with the GPU's.

export interface GroupRowIndex {
  /** First tile row with lines (0 when none). */
  firstRow: number;
  /** rows[k]: the group's lines reaching tile row firstRow + k, in line order. */
  rows: number[][];
}

/** Tile rows [first, last] a line reaches (first > last: none); same formula as lineTileRows. */
export function lineTileRows(y0: number, y1: number, tilesY: number): [number, number] {
  const ymin = Math.min(y0, y1);
  const ymax = Math.max(y0, y1);
  if (!(ymax >= 0 && ymin < tilesY * TILE_SIZE)) return [1, 0];
  const clampRow = (v: number) => Math.min(tilesY - 1, Math.max(0, v));
  return [clampRow(Math.floor(ymin / TILE_SIZE)), clampRow(Math.floor(ymax / TILE_SIZE))];
}

export function groupRowIndexTwin(ps: PackedScene, lines: Float64Array, layout: BinLayout): GroupRowIndex[] {
  const out: GroupRowIndex[] = [];
  for (let g = 0; g < ps.groupCount; g++) {
    const byRow = new Map<number, number[]>();
    let lo = Infinity;
    let hi = -Infinity;
    for (let l = ps.groupLineStart[g]!; l < ps.groupLineEnd[g]!; l++) {
      const [r0, r1] = lineTileRows(lines[l * 4 + 1]!, lines[l * 4 + 3]!, layout.tilesY);
      for (let r = r0; r <= r1; r++) {
        if (!byRow.has(r)) byRow.set(r, []);
        byRow.get(r)!.push(l);
        lo = Math.min(lo, r);
        hi = Math.max(hi, r);
      }
    }
    const firstRow = hi >= lo ? lo : 0;
    const rows = hi >= lo ? Array.from({ length: hi - lo + 1 }, (_, k) => byRow.get(lo + k) ?? []) : [];
    out.push({ firstRow, rows });
  }
  return out;
}

/** u32 words the index takes (tile-row-index.wgsl layout: 3 + rows + entries per group). */
export function rowIndexWords(index: readonly GroupRowIndex[]): number {
  return index.reduce((sum, g) => sum + 3 + g.rows.length + g.rows.reduce((a, r) => a + r.length, 0), 0);
}

/** Reads the GPU's index back into twin form: rowBase per group, the index words. */
export function parseRowIndex(rowBases: Uint32Array, words: Uint32Array): (GroupRowIndex | null)[] {
  return Array.from(rowBases, (base) => {
    if (base === 0xffffffff) return null;
    const firstRow = words[base]!;
    const n = words[base + 1]!;
    const rows: number[][] = [];
    for (let k = 0; k < n; k++) rows.push(Array.from(words.subarray(words[base + 2 + k]!, words[base + 3 + k]!)));
    return { firstRow: n ? firstRow : 0, rows };
  });
}
