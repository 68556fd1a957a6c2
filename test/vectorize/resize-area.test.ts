import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { downscaleArea, workingSize, type RowSource } from '../../src/image/resize-area.ts';

// The area-average shrink against a direct oracle: each output pixel is the mean of the source
// area it covers, computed here by brute-force integration over the source pixels.

function source(w: number, h: number, f: (x: number, y: number, c: number) => number): RowSource {
  return {
    width: w,
    height: h,
    readRow: (y, out) => {
      for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) out[x * 3 + c] = f(x, y, c);
    },
  };
}

function overlap(a0: number, a1: number, b0: number, b1: number): number {
  return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
}

test('each output pixel is the area mean of the source it covers', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 23 }),
      fc.integer({ min: 1, max: 17 }),
      fc.integer({ min: 1, max: 23 }),
      fc.integer({ min: 1, max: 17 }),
      fc.integer(),
      (w, h, ow0, oh0, seed) => {
        const ow = Math.min(ow0, w);
        const oh = Math.min(oh0, h);
        const f = (x: number, y: number, c: number) => (Math.abs(Math.sin(seed + x * 12.9898 + y * 78.233 + c * 37.719)) * 43758.5453) % 255;
        const out = downscaleArea(source(w, h, f), ow, oh);
        const sx = w / ow,
          sy = h / oh;
        for (let oy = 0; oy < oh; oy++)
          for (let ox = 0; ox < ow; ox++)
            for (let c = 0; c < 3; c++) {
              let sum = 0;
              for (let y = 0; y < h; y++)
                for (let x = 0; x < w; x++) sum += f(x, y, c) * overlap(x, x + 1, ox * sx, (ox + 1) * sx) * overlap(y, y + 1, oy * sy, (oy + 1) * sy);
              const want = sum / (sx * sy);
              assert.ok(
                Math.abs(out.data[(oy * ow + ox) * 4 + c]! - want) <= 0.51,
                `${w}x${h}->${ow}x${oh} (${ox},${oy},${c}): ${out.data[(oy * ow + ox) * 4 + c]} vs ${want}`,
              );
            }
      },
    ),
    { numRuns: 60 },
  );
});

test('working size keeps the aspect and never enlarges', () => {
  assert.deepEqual(workingSize(600, 400, 512), { width: 512, height: 341 });
  assert.deepEqual(workingSize(400, 6000, 512), { width: 34, height: 512 });
  assert.deepEqual(workingSize(300, 200, 512), { width: 300, height: 200 });
  assert.deepEqual(workingSize(5000, 1, 512), { width: 512, height: 1 });
});
