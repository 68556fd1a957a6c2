import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { base64ToFloats, floatsToBase64 } from '../../src/engine/gpu/base64-floats.ts';
import { adamStepTwin, createAdamState, MASK_COLOR, MASK_SHAPE, type AdamSettings } from '../../src/engine/optim/adam-step.ts';
import { reflattenedScene } from '../../src/engine/raster/allocate-lines.ts';
import type { Background } from '../../src/engine/raster/compositing.ts';
import type { Scene } from '../../src/scene/scene.ts';
import { importSvg } from '../../src/scene/svg-import.ts';
import { openRasterPageAsync, type RasterPage } from '../support/raster-browser.ts';
import { mulberry32 } from '../../src/engine/random/seeded-random.ts';
import { polygonPath, randomScene } from '../support/raster-scenes.ts';
import { packed, twinGradients, twinImage, worstAgainstTwin } from '../support/raster-twin.ts';

// The WGSL kernels in headless Chromium (the product's WebGPU runtime, SwiftShader here)
// against their float64 twins. One page for the file: kernels compile once.

let page: RasterPage;
before(async () => {
  page = await openRasterPageAsync();
});
after(async () => {
  await page?.closeAsync();
});

async function assertForwardMatchesTwinAsync(scene: Scene, background: Background, what: string): Promise<void> {
  const gpu = base64ToFloats(await page.call('renderAsync', scene, background));
  const twin = twinImage(packed(scene), background);
  assert.equal(gpu.length, twin.length);
  let worst = 0;
  let at = 0;
  for (let i = 0; i < twin.length; i++) {
    assert.ok(Number.isFinite(gpu[i]!), `${what}: NaN at ${i}`);
    const d = Math.abs(gpu[i]! - twin[i]!);
    if (d > worst) [worst, at] = [d, i];
  }
  assert.ok(worst <= 1 / 255, `${what}: pixel ${at >> 2} channel ${at & 3} differs by ${worst * 255}/255 (gpu ${gpu[at]}, twin ${twin[at]})`);
}

test('WebGPU forward equals the twin within 1/255 on random scenes', async () => {
  for (const [seed, w, h, bg] of [
    [1, 40, 37, 'white'],
    [2, 70, 90, 'white'],
    [3, 33, 17, 'none'],
  ] as const) {
    await assertForwardMatchesTwinAsync(randomScene(seed, w, h, 8), bg, `seed ${seed}`);
  }
});

test('WebGPU forward handles degenerate and off-canvas geometry like the twin', async () => {
  const paths = [
    { points: [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 9, 9, 9, 9, 9, 9] },
    { points: [1, 1, 4, 4, 7, 7, 10, 10, 7, 7, 4, 4] },
    polygonPath([2, 2, 30, 30, 30, 2, 2, 30]),
    polygonPath([-50, 3, -40, 3, -40, 9]),
    polygonPath([-1e5, -1e5, 1e5, -1e5, 1e5, 1e5]),
    polygonPath([16, 0, 32, 0, 32, 16, 16, 16]),
  ];
  const scene: Scene = {
    width: 35,
    height: 33,
    rois: [],
    warnings: [],
    groups: paths.map((p, i) => ({
      fill: { r: 0.15 * i, g: 0.5, b: 1 - 0.15 * i, a: i % 2 ? 1 : 0.5 },
      fillRule: i % 3 ? 'nonzero' : 'evenodd',
      paths: [p],
      source: { kind: 'synthetic', ref: `d${i}` },
    })),
  };
  await assertForwardMatchesTwinAsync(scene, 'white', 'degenerate');
});

test('WebGPU forward equals the twin within 1/255 on athlete.svg', async () => {
  const scene = importSvg(readFileSync(new URL('../../examples/athlete.svg', import.meta.url), 'utf8'));
  await assertForwardMatchesTwinAsync(scene, 'white', 'athlete.svg');
});

test('WebGPU gradients equal the twin gradients within 1e-3 relative', async (t) => {
  for (const [seed, w, h, channels, bg] of [
    [1, 40, 37, 3, 'white'],
    [4, 50, 45, 4, 'none'],
  ] as const) {
    const scene = randomScene(seed, w, h, 8);
    const rand = mulberry32(seed + 50);
    const grad = Float32Array.from({ length: w * h * channels }, () => rand() - 0.5);
    const res = await page.call('gradientsAsync', scene, bg, floatsToBase64(grad), channels);
    const twin = twinGradients(packed(scene), grad, channels, bg);
    for (const [name, gpu, ref] of [
      ['points', base64ToFloats(res.pointGrad), twin.pointGrad],
      ['colors', base64ToFloats(res.colorGrad), twin.colorGrad],
    ] as const) {
      assert.ok(gpu.every(Number.isFinite), `${name}: NaN`);
      const { worst, message } = worstAgainstTwin(gpu, ref);
      t.diagnostic(`seed ${seed} ${name}: ${ref.length} values, worst relative error ${worst.toExponential(2)}`);
      assert.ok(worst <= 1e-3, `seed ${seed} ${name}: ${message}`);
    }
  }
});

test('Adam steps on the GPU equal the twin (learning rates, masks, colour clamp)', async () => {
  const scene = randomScene(9, 30, 30, 6);
  const ps = packed(scene);
  const rand = mulberry32(77);
  const pointGrad = Float32Array.from({ length: ps.pointCount * 2 }, () => (rand() - 0.5) * 3);
  const colorGrad = Float32Array.from({ length: ps.groupCount * 4 }, () => (rand() - 0.5) * 40);
  const mask = Array.from({ length: ps.groupCount }, (_, g) => [MASK_SHAPE | MASK_COLOR, MASK_SHAPE, MASK_COLOR, 0][g % 4]!);
  const settings: AdamSettings = { lrPoints: 0.2, lrColors: 0.05 };
  const steps = 4;
  const res = await page.call('adamKernelAsync', scene, floatsToBase64(pointGrad), floatsToBase64(colorGrad), settings, steps, mask);
  const points = Float64Array.from(ps.points);
  const colors = Float64Array.from(ps.colors);
  const state = createAdamState(ps.pointCount, ps.groupCount);
  for (let i = 0; i < steps; i++) adamStepTwin(settings, state, points, colors, pointGrad, colorGrad, ps.pointGroup, Uint32Array.from(mask));
  const gp = base64ToFloats(res.points);
  const gc = base64ToFloats(res.colors);
  for (let i = 0; i < points.length; i++)
    assert.ok(Math.abs(gp[i]! - points[i]!) <= 1e-4 * Math.max(1, Math.abs(points[i]!)), `point value ${i}: gpu ${gp[i]} twin ${points[i]}`);
  for (let i = 0; i < colors.length; i++) assert.ok(Math.abs(gc[i]! - colors[i]!) <= 1e-5, `colour value ${i}: gpu ${gc[i]} twin ${colors[i]}`);
  // The masks and the clamp did something: frozen groups unchanged, some colour at a bound.
  const g3 = ps.pointGroup.indexOf(3);
  assert.equal(gp[g3 * 2], Math.fround(ps.points[g3 * 2]!), 'masked-out group moved');
  assert.ok(
    Array.from(gc).some((v) => v === 0 || v === 1),
    'no colour reached the clamp',
  );
});

test('command lists grow when points move far from where they were uploaded', async () => {
  // Tiny blobs, then every point scattered over the canvas: many more tile commands.
  const scene = randomScene(11, 64, 64, 40);
  for (const g of scene.groups) for (const p of g.paths) p.points = p.points.map((v) => 30 + (v - 32) * 0.05);
  const ps = packed(scene);
  const rand = mulberry32(3);
  const moved = Float32Array.from({ length: ps.points.length }, () => -10 + 84 * rand());
  const res = await page.call('movedRenderAsync', scene, floatsToBase64(moved));
  assert.equal(res.grew, true, 'expected the command lists to overflow and grow');
  // The GPU recounted the lines for the moved points; so does the twin.
  const twin = twinImage(reflattenedScene(ps, moved), 'white');
  const gpu = base64ToFloats(res.image);
  let worst = 0;
  for (let i = 0; i < twin.length; i++) worst = Math.max(worst, Math.abs(gpu[i]! - twin[i]!));
  assert.ok(worst <= 1 / 255, `after growing, pixels differ by ${worst * 255}/255`);
});
