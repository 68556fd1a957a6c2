import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mergeRegionsWard } from '../../src/engine/vectorize/merge-regions-ward.ts';
import { labelRegions, startRegions, type RegionMap } from '../../src/engine/vectorize/region-map.ts';
import type { RgbaImage } from '../../src/image/rgba-image.ts';

// The merger (each region's cheapest merge kept exact in an indexed heap) against the textbook greedy:
// at every step, cost every adjacent pair from scratch and merge the cheapest. Both must end
// with the same squared error (random colours leave no ties).

function sse(image: RgbaImage, map: RegionMap): number {
  const sums = new Float64Array(map.regionCount * 3);
  for (let p = 0; p < map.width * map.height; p++) for (let c = 0; c < 3; c++) sums[map.regionOf[p]! * 3 + c]! += image.data[p * 4 + c]!;
  let e = 0;
  for (let p = 0; p < map.width * map.height; p++) {
    const r = map.regionOf[p]!;
    for (let c = 0; c < 3; c++) e += (image.data[p * 4 + c]! - sums[r * 3 + c]! / map.area[r]!) ** 2;
  }
  return e;
}

/** Brute force: labels per pixel, all adjacent pairs re-costed each step. */
function naiveWard(image: RgbaImage, start: RegionMap, target: number): number {
  const { width: w, height: h } = start;
  const lab = Array.from(start.regionOf);
  for (;;) {
    const stats = new Map<number, { n: number; s: number[] }>();
    for (let p = 0; p < w * h; p++) {
      const st = stats.get(lab[p]!) ?? { n: 0, s: [0, 0, 0] };
      st.n++;
      for (let c = 0; c < 3; c++) st.s[c]! += image.data[p * 4 + c]!;
      stats.set(lab[p]!, st);
    }
    if (stats.size <= target) break;
    let best = Infinity,
      ba = -1,
      bb = -1;
    for (let p = 0; p < w * h; p++) {
      for (const q of [p % w < w - 1 ? p + 1 : -1, p + w < w * h ? p + w : -1]) {
        if (q < 0 || lab[q] === lab[p]) continue;
        const A = stats.get(lab[p]!)!,
          B = stats.get(lab[q]!)!;
        let d = 0;
        for (let c = 0; c < 3; c++) d += (A.s[c]! / A.n - B.s[c]! / B.n) ** 2;
        const cost = ((A.n * B.n) / (A.n + B.n)) * d;
        if (cost < best) (best = cost), (ba = lab[p]!), (bb = lab[q]!);
      }
    }
    if (ba < 0) break;
    for (let p = 0; p < w * h; p++) if (lab[p] === bb) lab[p] = ba;
  }
  const keys = Int32Array.from(lab);
  return sse(image, labelRegions(keys, w, h));
}

const imageArb = fc
  .record({ w: fc.integer({ min: 1, max: 7 }), h: fc.integer({ min: 1, max: 6 }) })
  .chain(({ w, h }) => fc.tuple(fc.constant(w), fc.constant(h), fc.uint8Array({ minLength: w * h * 3, maxLength: w * h * 3 })));

test('lazy Ward merging ends with the same squared error as the brute-force greedy, at every target', () => {
  fc.assert(
    fc.property(imageArb, fc.integer({ min: 1, max: 12 }), ([w, h, rgb], target) => {
      const image: RgbaImage = { width: w, height: h, data: new Uint8ClampedArray(w * h * 4) };
      for (let p = 0; p < w * h; p++) image.data.set([rgb[p * 3]!, rgb[p * 3 + 1]!, rgb[p * 3 + 2]!, 255], p * 4);
      const start = startRegions(image.data, w, h, 8);
      const [fine, coarse] = mergeRegionsWard(image, start, { targets: [target + 3, target] });
      assert.equal(coarse!.regionCount, Math.min(target, start.regionCount));
      assert.equal(fine!.regionCount, Math.min(target + 3, start.regionCount));
      const ours = sse(image, coarse!);
      const oracle = naiveWard(image, start, target);
      assert.ok(Math.abs(ours - oracle) <= 1e-6 * Math.max(1, oracle), `SSE ${ours} vs brute force ${oracle}`);
      // Hierarchy: each fine region lies inside one coarse region.
      const parentOf = new Map<number, number>();
      for (let p = 0; p < w * h; p++) {
        const f = fine!.regionOf[p]!,
          c = coarse!.regionOf[p]!;
        assert.equal(parentOf.get(f) ?? c, c, 'a fine region is split between coarse ones');
        parentOf.set(f, c);
      }
    }),
    { numRuns: 150, seed: 17 },
  );
});

test('every region is 4-connected, areas add up, and specks below minArea are gone', () => {
  const w = 40,
    h = 30;
  const image: RgbaImage = { width: w, height: h, data: new Uint8ClampedArray(w * h * 4) };
  let s = 12345;
  const rnd = () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 8) & 255;
  for (let p = 0; p < w * h; p++) image.data.set([(p % w) * 6 + (rnd() & 15), 100, rnd() & 0x80, 255], p * 4);
  const [map] = mergeRegionsWard(image, startRegions(image.data, w, h, 4), { targets: [60], minArea: 5 });
  assert.ok(map!.regionCount <= 60);
  assert.equal(
    map!.area.reduce((a, b) => a + b, 0),
    w * h,
  );
  for (let r = 0; r < map!.regionCount; r++) assert.ok(map!.area[r]! >= 5, `region ${r} has ${map!.area[r]} px`);
  // Relabelling the map's own ids by 4-connectivity finds the same number of regions: none is in pieces.
  assert.equal(labelRegions(map!.regionOf, w, h).regionCount, map!.regionCount);
});
