import { test } from 'node:test';
import assert from 'node:assert/strict';
import { referenceBatch, sampleAugmentBatch, type AugmentRect } from '../../src/engine/augment/augment-sampler.ts';
import { DEFAULT_AUGMENT_SETTINGS } from '../../src/engine/augment/augment-settings.ts';
import { applyHomography, mat3Invert } from '../../src/engine/augment/homography.ts';

const S = DEFAULT_AUGMENT_SETTINGS.outputSize;
const square: AugmentRect = { x: 40, y: 20, width: 400, height: 400 };
const wide: AugmentRect = { x: 10, y: 100, width: 500, height: 200 };

test('a seed reproduces its batch; iterations and seeds differ', () => {
  const a = sampleAugmentBatch(7, 3, [square, wide]);
  const b = sampleAugmentBatch(7, 3, [square, wide]);
  assert.deepEqual(a.params, b.params);
  assert.equal(a.images.length, 2 * 65);
  const otherIteration = sampleAugmentBatch(7, 4, [square, wide]);
  const otherSeed = sampleAugmentBatch(8, 3, [square, wide]);
  for (const other of [otherIteration, otherSeed]) {
    for (let k = 0; k < a.images.length; k++) assert.notDeepEqual(other.images[k]!.toCanvas, a.images[k]!.toCanvas, `image ${k}`);
  }
  // A ROI's draws do not depend on the ROIs before it.
  const alone = sampleAugmentBatch(7, 3, [wide]);
  assert.notDeepEqual(alone.images[0]!.toCanvas, a.images[65]!.toCanvas); // stream is per ROI index
  assert.deepEqual(sampleAugmentBatch(7, 3, [square]).params, a.params.subarray(0, 65 * 32));
});

test('ROI view: a square crop of 0.98 of the padded square, inside it', () => {
  for (const roi of [square, wide]) {
    const side = Math.max(roi.width, roi.height);
    const qx = roi.x + roi.width / 2 - side / 2;
    const qy = roi.y + roi.height / 2 - side / 2;
    for (let it = 0; it < 20; it++) {
      const view = sampleAugmentBatch(1, it, [roi]).images[0]!;
      assert.equal(view.kind, 'roi-view');
      const [x0, y0] = applyHomography(view.toCanvas, 0, 0);
      const [x1, y1] = applyHomography(view.toCanvas, S, S);
      assert.ok(Math.abs(x1 - x0 - 0.98 * side) < 1e-9 && Math.abs(y1 - y0 - 0.98 * side) < 1e-9);
      assert.ok(x0 >= qx - 1e-9 && y0 >= qy - 1e-9 && x1 <= qx + side + 1e-9 && y1 <= qy + side + 1e-9);
      assert.deepEqual(view.valid, {
        x0: Math.max(roi.x, x0),
        y0: Math.max(roi.y, y0),
        x1: Math.min(roi.x + roi.width, x1),
        y1: Math.min(roi.y + roi.height, y1),
      });
    }
  }
});

test('patches: crop of 0.8 max(w,h) placed like RandomCrop(pad_if_needed), perspective corners, flips', () => {
  const s = DEFAULT_AUGMENT_SETTINGS;
  const d = (s.distortion * S) / 2; // largest corner displacement, in output pixels
  const corners: [number, number][] = [
    [0, 0],
    [S, 0],
    [S, S],
    [0, S],
  ];
  let flips = 0;
  let n = 0;
  const starts: number[] = [];
  for (let it = 0; it < 20; it++) {
    for (const img of sampleAugmentBatch(11, it, [square, wide]).images.filter((i) => i.kind === 'patch')) {
      const roi = img.roiIndex === 0 ? square : wide;
      const p = 0.8 * Math.max(roi.width, roi.height);
      const { x0, y0, x1, y1 } = img.crop;
      assert.ok(Math.abs(x1 - x0 - p) < 1e-9 && Math.abs(y1 - y0 - p) < 1e-9);
      // Each axis: inside the ROI when the ROI is longer than p, else holding the ROI whole.
      for (const [a0, a1, r0, r1] of [
        [x0, x1, roi.x, roi.x + roi.width],
        [y0, y1, roi.y, roi.y + roi.height],
      ] as const) {
        if (r1 - r0 >= p) assert.ok(a0 >= r0 - 1e-9 && a1 <= r1 + 1e-9);
        else assert.ok(a0 <= r0 + 1e-9 && a1 >= r1 - 1e-9);
      }
      assert.deepEqual(img.valid, {
        x0: Math.max(x0, roi.x),
        y0: Math.max(y0, roi.y),
        x1: Math.min(x1, roi.x + roi.width),
        y1: Math.min(y1, roi.y + roi.height),
      });
      // RandomPerspective: crop corner k is seen from output corner k (mirrored when flipped),
      // moved inwards by at most distortion * side / 2 on each axis.
      const inv = mat3Invert(img.toCanvas);
      const seenFrom = img.flipped ? [corners[1]!, corners[0]!, corners[3]!, corners[2]!] : corners;
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
      ].forEach(([cx, cy], k) => {
        const [u, v] = applyHomography(inv, cx!, cy!);
        const [eu, ev] = seenFrom[k]!;
        assert.ok(Math.abs(u - eu) <= d + 1e-6 && Math.abs(v - ev) <= d + 1e-6, `corner ${k} seen from ${u},${v}, expected within ${d} of ${eu},${ev}`);
        assert.ok(u >= -1e-6 && u <= S + 1e-6 && v >= -1e-6 && v <= S + 1e-6, 'moved inwards');
      });
      if (img.flipped) flips++;
      n++;
      if (img.roiIndex === 0) starts.push(x0 - square.x);
    }
  }
  assert.ok(Math.abs(flips / n - s.flipProbability) < 0.06, `flip rate ${flips / n}`);
  // square ROI: the crop start spreads over [0, 0.2 * side]
  assert.ok(Math.min(...starts) < 8 && Math.max(...starts) > 0.2 * 400 - 8, `starts span ${Math.min(...starts)}..${Math.max(...starts)}`);
});

test('reference image: the whole padded square', () => {
  const ref = referenceBatch([wide]).images[0]!;
  assert.deepEqual(applyHomography(ref.toCanvas, 0, 0), [10, -50]); // centre y 200, side 500
  assert.deepEqual(applyHomography(ref.toCanvas, S, S), [510, 450]);
  assert.deepEqual(ref.valid, { x0: 10, y0: 100, x1: 510, y1: 300 });
});

test('bad input gets a specific message', () => {
  assert.throws(() => sampleAugmentBatch(1, 0, []), /at least one ROI/);
  assert.throws(() => sampleAugmentBatch(1, 0, [{ x: 0, y: 0, width: 0, height: 5 }]), /ROI 0 must have .* positive width/);
  assert.throws(() => sampleAugmentBatch(1, -1, [square]), /iteration/);
  assert.throws(() => sampleAugmentBatch(1, 0, [square], { ...DEFAULT_AUGMENT_SETTINGS, distortion: 1.5 }), /distortion must be in \[0, 1\)/);
  assert.throws(() => sampleAugmentBatch(1, 0, [square], { ...DEFAULT_AUGMENT_SETTINGS, patchesPerRoi: 2.5 }), /patchesPerRoi/);
});
