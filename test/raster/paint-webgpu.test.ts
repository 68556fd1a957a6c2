import { after, before, test } from 'node:test';
import { meanStopColour } from '../../src/scene/gradient-mean.ts';
import assert from 'node:assert/strict';
import { base64ToFloats, floatsToBase64 } from '../../src/engine/gpu/base64-floats.ts';
import { MASK_COLOR, MASK_SHAPE, type AdamSettings } from '../../src/engine/optim/adam-step.ts';
import { paintAdamStepTwin } from '../../src/engine/optim/paint-adam.ts';
import { PAINT_GEOMETRY, ROLE_OFFSET, ROLE_RADIUS, STOP_WORDS } from '../../src/engine/raster/paint.ts';
import type { Background } from '../../src/engine/raster/compositing.ts';
import { unpackScene } from '../../src/engine/raster/packed-scene.ts';
import { mulberry32 } from '../../src/engine/random/seeded-random.ts';
import { openRasterPageAsync, type RasterPage } from '../support/raster-browser.ts';
import { gradientScene } from '../support/paint-scenes.ts';
import { packed, twinGradients, twinImage, worstAgainstTwin } from '../support/raster-twin.ts';

// Gradient paints on the GPU (paint.wgsl, paint-backward.wgsl, paint-adam.wgsl) against
// their float64 twins, on small scenes (SwiftShader).

let page: RasterPage;
before(async () => {
  page = await openRasterPageAsync();
});
after(async () => {
  await page?.closeAsync();
});

test('WebGPU renders gradient paints as the twin does (linear, radial off-centre focus, focal radius; each spread)', async () => {
  for (const [spread, bg] of [
    ['pad', 'white'],
    ['reflect', 'none'],
    ['repeat', 'white'],
  ] as const) {
    const scene = gradientScene(11, 37, 29, spread);
    const gpu = base64ToFloats(await page.call('renderAsync', scene, bg as Background));
    const twin = twinImage(packed(scene), bg);
    let worst = 0;
    let at = 0;
    for (let i = 0; i < twin.length; i++) {
      const d = Math.abs(gpu[i]! - twin[i]!);
      if (!(d <= worst)) [worst, at] = [d, i];
    }
    assert.ok(worst <= 1 / 255, `${spread}: pixel ${at >> 2} channel ${at & 3} differs by ${worst * 255}/255 (gpu ${gpu[at]}, twin ${twin[at]})`);
  }
});

test('WebGPU renders a radial gradient whose focal point is outside its circle (a cone, transparent outside) as the twin does', async () => {
  const scene = gradientScene(7, 26, 22);
  Object.assign(scene.groups[2]!.gradient!, { fx: 1.15, fy: 0.3, fr: 0 });
  const gpu = base64ToFloats(await page.call('renderAsync', scene, 'white'));
  const twin = twinImage(packed(scene), 'white');
  // A pixel centre on the cone's edge may fall on either side in float32 and float64.
  const off = new Set<number>();
  for (let i = 0; i < twin.length; i++) if (!(Math.abs(gpu[i]! - twin[i]!) <= 1 / 255)) off.add(i >> 2);
  assert.ok(off.size <= 2, `${off.size} pixels differ by more than 1/255: ${[...off].slice(0, 10).join(', ')}`);
});

test('WebGPU gradient-paint derivatives equal the twin within 1e-3 relative', async (t) => {
  for (const [seed, channels, bg, spread] of [
    [12, 3, 'white', 'pad'],
    [13, 4, 'none', 'reflect'],
  ] as const) {
    const scene = gradientScene(seed, 34, 30, spread);
    const rand = mulberry32(seed + 50);
    const grad = Float32Array.from({ length: 34 * 30 * channels }, () => rand() - 0.5);
    const res = await page.call('gradientsAsync', scene, bg, floatsToBase64(grad), channels);
    const twin = twinGradients(packed(scene), grad, channels, bg);
    for (const [name, gpu, ref] of [
      ['paint', base64ToFloats(res.paintGrad), twin.paintGrad],
      ['points', base64ToFloats(res.pointGrad), twin.pointGrad],
      ['colors', base64ToFloats(res.colorGrad), twin.colorGrad],
    ] as const) {
      assert.equal(gpu.length, ref.length, `${name}: length`);
      assert.ok(gpu.every(Number.isFinite), `${name}: NaN`);
      const { worst, message } = worstAgainstTwin(gpu, ref);
      t.diagnostic(`seed ${seed} ${name}: ${ref.length} values, worst relative error ${worst.toExponential(2)}`);
      assert.ok(worst <= 1e-3, `seed ${seed} ${name}: ${message}`);
    }
    assert.ok(
      twin.paintGrad.some((v) => Math.abs(v) > 1e-2),
      'the paint gradients are not all ~0',
    );
  }
});

test('Adam on gradient paints on the GPU equals the twin (masks, clamps, offsets kept in order)', async () => {
  const scene = gradientScene(14, 30, 30);
  const ps = packed(scene);
  const rand = mulberry32(78);
  const n = ps.paint.params.length;
  const paintGrad = Float32Array.from({ length: n }, () => (rand() - 0.5) * 40);
  // Push one gradient's second offset down hard, so ordering must act.
  const sb = ps.paint.info[1 * 4 + 2]! + PAINT_GEOMETRY;
  paintGrad[sb + STOP_WORDS] = 100;
  const mask = Array.from({ length: ps.groupCount }, (_, g) => [MASK_SHAPE | MASK_COLOR, MASK_SHAPE | MASK_COLOR, MASK_COLOR, MASK_SHAPE, 0][g % 5]!);
  const settings: AdamSettings = { lrPoints: 0.05, lrColors: 0.2 };
  const steps = 4;
  const zeros = (k: number) => floatsToBase64(new Float32Array(k));
  const res = await page.call('adamKernelAsync', scene, zeros(ps.pointCount * 2), zeros(ps.groupCount * 4), settings, steps, mask, floatsToBase64(paintGrad));
  const params = Float64Array.from(ps.paint.params);
  const moments = new Float64Array(n * 2);
  for (let s = 1; s <= steps; s++) paintAdamStepTwin(settings, s, moments, ps.paint, params, paintGrad, Uint32Array.from(mask));
  const gpu = base64ToFloats(res.paint);
  for (let i = 0; i < n; i++)
    assert.ok(Math.abs(gpu[i]! - params[i]!) <= 1e-4 * Math.max(1, Math.abs(params[i]!)), `paint value ${i}: gpu ${gpu[i]} twin ${params[i]}`);
  // The masks, clamps and ordering did something.
  const frozen = ps.paint.info[4 * 4 + 2]!;
  assert.equal(gpu[frozen], Math.fround(ps.paint.params[frozen]!), 'a masked-out gradient moved');
  assert.ok(
    Array.from(gpu).some((v, i) => (ps.paint.role[i]! & 7) >= ROLE_OFFSET && (v === 0 || v === 1)),
    'no stop value reached the clamp',
  );
  assert.equal(gpu[sb + STOP_WORDS], gpu[sb], 'the pushed-down offset was not raised to its predecessor');
  assert.ok(ps.paint.role.some((r) => (r & 7) === ROLE_RADIUS));
});

test('colour-mode steps on the GPU driven by "more red": every visible gradient stop gets redder, geometry and points stay, the scene keeps its gradients', async () => {
  const scene = gradientScene(15, 32, 32);
  const ps = packed(scene);
  // L = -sum of the image's red channel: dL/dimage = (-1, 0, 0) everywhere.
  const grad = Float32Array.from({ length: 32 * 32 * 3 }, (_, i) => (i % 3 === 0 ? -1 : 0));
  const mask = Array.from({ length: ps.groupCount }, () => MASK_COLOR);
  const res = await page.call('adamAsync', scene, floatsToBase64(grad), 3, { lrPoints: 0, lrColors: 0.05 }, 5, mask);
  const paint = base64ToFloats(res.paint);
  const points = base64ToFloats(res.points);
  const edited = unpackScene(scene, ps, points, base64ToFloats(res.colors), paint);
  const twin = twinGradients(ps, grad, 3);
  let redder = 0;
  scene.groups.forEach((g, gi) => {
    const before = g.gradient;
    if (!before) return;
    const after = edited.groups[gi]!.gradient;
    assert.ok(after && after.kind === before.kind, `group ${gi} lost its gradient`);
    const base = ps.paint.info[gi * 4 + 2]!;
    before.stops.forEach((s, k) => {
      // A stop the loss reaches (its red gradient not ~0) moves against it.
      const d = twin.paintGrad[base + PAINT_GEOMETRY + k * STOP_WORDS + 1]!;
      if (Math.abs(d) < 1e-3) return;
      assert.ok(after.stops[k]!.color.r > s.color.r || s.color.r > 0.999, `group ${gi} stop ${k}: red ${s.color.r} -> ${after.stops[k]!.color.r}`);
      redder++;
    });
    for (let i = 0; i < PAINT_GEOMETRY; i++)
      assert.equal(paint[base + i], Math.fround(ps.paint.params[base + i]!), `group ${gi} geometry ${i} moved in colour mode`);
    const mean = meanStopColour(after.stops).r;
    assert.ok(Math.abs(edited.groups[gi]!.fill.r - mean) < 1e-12, 'fill is the new stops’ mean');
  });
  assert.ok(redder >= 6, `only ${redder} stops were reached by the loss`);
  points.forEach((v, i) => assert.equal(v, Math.fround(ps.points[i]!), `coordinate ${i} moved in colour mode`));
});
