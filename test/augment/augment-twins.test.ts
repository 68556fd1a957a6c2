import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { augmentBackward } from '../../src/engine/augment/augment-backward.ts';
import { augmentForward } from '../../src/engine/augment/augment-forward.ts';
import { referenceBatch, sampleAugmentBatch, type AugmentRect } from '../../src/engine/augment/augment-sampler.ts';
import { psnr } from '../support/image-metrics.ts';
import type { RgbaImage } from '../../src/image/rgba-image.ts';
import { renderSvgWithResvg } from '../support/resvg-render.ts';
import { dot, randomRender, randomValues, smallSettings } from './augment-test-data.ts';

// The numbers CLIP was trained with (OpenAI CLIP preprocessing), typed here independently.
const MEAN = [0.48145466, 0.4578275, 0.40821073];
const STD = [0.26862954, 0.26130258, 0.27577711];

function forward(
  render: ArrayLike<number>,
  width: number,
  height: number,
  batch: { params: Float32Array; images: unknown[]; outputSize: number },
): Float64Array {
  return augmentForward({ render, width, height, params: batch.params, batch: batch.images.length, outputSize: batch.outputSize });
}

/** pixel_values -> [0, 1] RGB of image b as an 8-bit RGBA image. */
function denormalise(values: Float64Array, b: number, S: number): RgbaImage {
  const data = new Uint8ClampedArray(S * S * 4);
  for (let p = 0; p < S * S; p++) {
    for (let c = 0; c < 3; c++) data[p * 4 + c] = Math.round((values[(b * 3 + c) * S * S + p]! * STD[c]! + MEAN[c]!) * 255);
    data[p * 4 + 3] = 255;
  }
  return { width: S, height: S, data };
}

test('ROI view of a square ROI, uncropped, equals PyTorch F.interpolate(bicubic) (fixture made by torch)', (t) => {
  const fixture = JSON.parse(readFileSync(new URL('./torch-bicubic-fixture.json', import.meta.url), 'utf8')) as {
    cases: { size: number; out: number; values: number[] }[];
  };
  for (const { size: n, out, values } of fixture.cases) {
    // Same image as torch-bicubic-fixture.py; channels 1 and 2 are affine maps keeping white.
    const render = new Float32Array(n * n * 4);
    const base = new Float64Array(n * n).fill(1);
    for (let j = 2; j < n - 2; j++) for (let i = 2; i < n - 2; i++) base[j * n + i] = 0.5 + 0.4 * Math.sin(0.7 * i + 1.3 * j) * Math.cos(0.45 * i - 0.2 * j);
    base.forEach((v, p) => render.set([v, v, 0.5 + 0.5 * v, 1], p * 4));
    const batch = referenceBatch([{ x: 0, y: 0, width: n, height: n }], out);
    const got = forward(render, n, n, batch);
    let worst = 0;
    for (let p = 0; p < out * out; p++) {
      const t = values[p]!;
      const expect = [t, t, 0.5 + 0.5 * t];
      for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(got[c * out * out + p]! * STD[c]! + MEAN[c]! - expect[c]!));
    }
    assert.ok(worst < 1e-6, `${n} -> ${out}: worst difference ${worst}`); // float32 render
    t.diagnostic(`${n} -> ${out}: worst difference from torch ${worst.toExponential(2)}`);
  }
});

test('ROI view of the whole canvas is close to resvg rendering the SVG at 224', (t) => {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">
    <circle cx="200" cy="220" r="150" fill="#3060d0"/><rect x="260" y="60" width="200" height="380" fill="#e0a020" fill-opacity="0.8"/>
    <path d="M40 470 C150 300 300 520 480 380 L480 500 L40 500 Z" fill="#208040"/></svg>`;
  const big = renderSvgWithResvg(svg, 512);
  const render = new Float32Array(512 * 512 * 4);
  big.data.forEach((v, k) => (render[k] = v / 255));
  const got = denormalise(forward(render, 512, 512, referenceBatch([{ x: 0, y: 0, width: 512, height: 512 }], 224)), 0, 224);
  const expected = renderSvgWithResvg(svg, 224);
  const db = psnr(got, expected);
  t.diagnostic(`PSNR vs resvg at 224: ${db.toFixed(2)} dB`);
  assert.ok(db > 26, `PSNR ${db.toFixed(2)} dB`);
});

test('output is CLIP-normalised: white maps to (1 - mean) / std, black to -mean / std', () => {
  const W = 30;
  const H = 20;
  const batch = sampleAugmentBatch(3, 0, [{ x: 0, y: 0, width: W, height: H }], smallSettings(16, 2));
  for (const [level, expect] of [
    [1, (c: number) => (1 - MEAN[c]!) / STD[c]!],
    [0, (c: number) => -MEAN[c]! / STD[c]!],
  ] as const) {
    const render = new Float32Array(W * H * 4).map((_, k) => (k % 4 === 3 ? 1 : level));
    const out = forward(render, W, H, batch);
    const S = 16;
    // white is exact everywhere; black only where no tap falls in the white fill
    const centre = (b: number, c: number) => out[((b * 3 + c) * S + S / 2) * S + S / 2]!;
    for (let b = 0; b < batch.images.length; b++)
      for (let c = 0; c < 3; c++) assert.ok(Math.abs(centre(b, c) - expect(c)) < 1e-12, `image ${b} channel ${c}: ${centre(b, c)}`);
    if (level === 1) assert.ok(out.every((v, k) => Math.abs(v - expect(Math.floor(k / (S * S)) % 3)) < 1e-12));
  }
});

// Canvas 40x30: one ROI sticking out of the canvas, one inside; small outputs keep it fast.
const W = 40;
const H = 30;
const rois: AugmentRect[] = [
  { x: -6, y: 4, width: 38, height: 30 },
  { x: 12, y: 6, width: 20, height: 14 },
];
const batch = sampleAugmentBatch(5, 2, rois, smallSettings(24, 3));

test('backward twin is the exact adjoint of the forward twin (dot-product test, float64)', (t) => {
  const x = randomRender(W, H, 1);
  const y = randomValues(batch.images.length * 3 * 24 * 24, 2);
  const fx = forward(x, W, H, batch);
  const f0 = forward(new Float32Array(W * H * 4), W, H, batch);
  const lhs = dot(
    fx.map((v, k) => v - f0[k]!),
    y,
  );
  const g = augmentBackward({ pixelGrad: y, width: W, height: H, params: batch.params, batch: batch.images.length, outputSize: 24 });
  const rhs = dot(
    x.map((v, k) => (k % 4 === 3 ? 0 : v)),
    g,
  );
  t.diagnostic(`relative gap ${(Math.abs(lhs - rhs) / Math.abs(lhs)).toExponential(2)}`);
  assert.ok(Math.abs(lhs - rhs) <= 1e-10 * Math.abs(lhs), `<Ax,y> ${lhs} vs <x,A'y> ${rhs}`);
  assert.ok(Math.abs(lhs) > 1, 'the test exercises the operator');
});

test('backward twin matches finite differences of the forward twin; white fill and alpha get no gradient', () => {
  const x = Float64Array.from(randomRender(W, H, 3));
  const y = randomValues(batch.images.length * 3 * 24 * 24, 4);
  const loss = (r: Float64Array) => dot(forward(r, W, H, batch), y);
  const g = augmentBackward({ pixelGrad: y, width: W, height: H, params: batch.params, batch: batch.images.length, outputSize: 24 });
  const h = 1 / 64; // exact in float32, and the map is affine: central differences are exact up to rounding
  let checked = 0;
  for (let k = 0; k < W * H * 4; k += 37) {
    const xp = x.slice();
    const xm = x.slice();
    xp[k]! += h;
    xm[k]! -= h;
    const fd = (loss(xp) - loss(xm)) / (2 * h);
    assert.ok(Math.abs(fd - g[k]!) < 1e-8 * Math.max(1, Math.abs(fd)), `element ${k}: fd ${fd} vs ${g[k]}`);
    if (g[k] !== 0) checked++;
  }
  assert.ok(checked > 30, `${checked} non-zero gradients checked`);
  const inSomeValidRect = (i: number, j: number) => batch.images.some(({ valid: v }) => i + 0.5 >= v.x0 && i + 0.5 < v.x1 && j + 0.5 >= v.y0 && j + 0.5 < v.y1);
  for (let j = 0; j < H; j++) {
    for (let i = 0; i < W; i++) {
      const o = (j * W + i) * 4;
      assert.equal(g[o + 3], 0, 'alpha');
      if (!inSomeValidRect(i, j)) assert.ok(g[o] === 0 && g[o + 1] === 0 && g[o + 2] === 0, `pixel ${i},${j} is white fill everywhere`);
    }
  }
});
