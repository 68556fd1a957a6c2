import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { flattenLines } from '../../src/engine/raster/flatten.ts';
import { binLayout, TILE_SIZE } from '../../src/engine/raster/tile-bin.ts';
import { classifyLine } from '../../src/engine/raster/tile-coarse.ts';
import { groupRowIndexTwin, lineTileRows, parseRowIndex } from '../../src/engine/raster/tile-row-index.ts';
import { mulberry32 } from '../../src/engine/random/seeded-random.ts';
import type { Scene } from '../../src/scene/scene.ts';
import { importSvg } from '../../src/scene/svg-import.ts';
import { openRasterPageAsync, type RasterPage } from '../support/raster-browser.ts';
import { randomScene } from '../support/raster-scenes.ts';
import { packed } from '../support/raster-twin.ts';

// The coarse pass's per-group index of lines by tile row: the twin's rows agree with
// classifyLine's strip test line by line, and the GPU builds the same index as the twin.

test('lineTileRows lists exactly the tile rows where classifyLine can see the line', () => {
  const rand = mulberry32(7);
  const tilesY = 6;
  const ys = () => {
    const k = rand();
    // Exact multiples of the tile size, off-canvas values and plain random ones.
    if (k < 0.3) return TILE_SIZE * Math.floor(rand() * 8 - 1);
    return -30 + rand() * (tilesY * TILE_SIZE + 60);
  };
  for (let i = 0; i < 3000; i++) {
    const [x0, y0, x1, y1] = [rand() * 50, ys(), rand() * 50, ys()];
    const [r0, r1] = lineTileRows(y0, y1, tilesY);
    for (let r = 0; r < tilesY; r++) {
      // A tile far right of the line: never "wholly right" of it, so 0 means outside the strip.
      const seen = classifyLine(x0, y0, x1, y1, 1000, r * TILE_SIZE) !== 0;
      assert.equal(r >= r0 && r <= r1, seen, `line (${x0}, ${y0})-(${x1}, ${y1}) row ${r}: index ${r0}..${r1}, classifyLine ${seen}`);
    }
  }
  assert.deepEqual(lineTileRows(NaN, 5, tilesY), [1, 0]);
});

let page: RasterPage;
before(async () => {
  page = await openRasterPageAsync();
});
after(async () => {
  await page?.closeAsync();
});

async function assertGpuIndexEqualsTwinAsync(scene: Scene, what: string): Promise<void> {
  const ps = packed(scene);
  const twin = groupRowIndexTwin(ps, flattenLines(ps, ps.points), binLayout(scene.width, scene.height));
  const res = await page.call('rowIndexAsync', scene);
  const gpu = parseRowIndex(Uint32Array.from(res.rowBases), Uint32Array.from(res.words));
  assert.equal(gpu.length, twin.length);
  gpu.forEach((g, i) => {
    assert.ok(g, `${what}: group ${i} overflowed the row index at upload size`);
    assert.deepEqual(g, twin[i], `${what}: group ${i}`);
  });
}

test('the GPU row index equals the twin (random scene with off-canvas shapes, athlete.svg)', async () => {
  await assertGpuIndexEqualsTwinAsync(randomScene(5, 70, 90, 10), 'random');
  await assertGpuIndexEqualsTwinAsync(importSvg(readFileSync(new URL('../../examples/athlete.svg', import.meta.url), 'utf8')), 'athlete.svg');
});
