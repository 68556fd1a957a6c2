import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { allocateLinesTwin, reflattenedScene } from '../../src/engine/raster/allocate-lines.ts';
import { bernstein, flattenLines } from '../../src/engine/raster/flatten.ts';
import { GpuRasterizer } from '../../src/engine/raster/gpu-rasterizer.ts';
import { FLATTEN_TOLERANCE, MAX_LINES_PER_SEGMENT, type PackedScene } from '../../src/engine/raster/packed-scene.ts';
import { WGSL } from '../../src/engine/raster/wgsl-sources.ts';
import { mulberry32 } from '../../src/engine/random/seeded-random.ts';
import type { Scene } from '../../src/scene/scene.ts';
import { createNodeDeviceAsync, readBufferAsync, withGpuErrorsAsync } from '../support/node-webgpu-device.ts';
import { manyBlobsScene, randomBlob, randomScene } from '../support/raster-scenes.ts';
import { packed, twinGradients, twinImage, worstAgainstTwin } from '../support/raster-twin.ts';

// Line counts that follow the points (allocate-lines.wgsl + flatten.wgsl) on Dawn/SwiftShader
// against their twins, the tolerance on a curve that grows 20x, the capacity fallback, and
// gradients through the re-flattened geometry.

let device: GPUDevice;
before(async () => {
  device = await createNodeDeviceAsync();
});
after(() => device?.destroy());

/** The scene's points scaled by `factor` about (cx, cy) as float32 (what the GPU holds). */
function scaled(ps: PackedScene, factor: number, cx: number, cy: number): Float32Array<ArrayBuffer> {
  return Float32Array.from(ps.points, (v, i) => (i % 2 ? cy : cx) + (v - (i % 2 ? cy : cx)) * factor);
}

async function renderAsync(r: GpuRasterizer, points: Float32Array<ArrayBuffer>): Promise<Float32Array> {
  device.queue.writeBuffer(r.points, 0, points);
  r.forward();
  return r.readImageAsync();
}

function worstPixel(gpu: ArrayLike<number>, twin: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < twin.length; i++) worst = Math.max(worst, Math.abs(gpu[i]! - twin[i]!));
  return worst;
}

/** Largest distance from the true cubics (float64, at `points`) to the chords drawn for them. */
function chordError(ps: PackedScene, points: ArrayLike<number>, segLines: ArrayLike<number>, lines: ArrayLike<number>): number {
  let worst = 0;
  for (let s = 0; s < ps.segmentCount; s++) {
    const [start, n] = [segLines[s * 2]!, segLines[s * 2 + 1]!];
    const ids = [0, 1, 2, 3].map((r) => ps.segPoints[s * 4 + r]! * 2);
    for (let k = 0; k < n; k++) {
      const [x0, y0, x1, y1] = [0, 1, 2, 3].map((c) => lines[(start + k) * 4 + c]!) as [number, number, number, number];
      for (let j = 0; j <= 32; j++) {
        const b = bernstein((k + j / 32) / n);
        const px = b.reduce((acc, w, r) => acc + w * points[ids[r]!]!, 0);
        const py = b.reduce((acc, w, r) => acc + w * points[ids[r]! + 1]!, 0);
        const dx = x1 - x0;
        const dy = y1 - y0;
        const u = Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / (dx * dx + dy * dy || 1)));
        worst = Math.max(worst, Math.hypot(px - (x0 + u * dx), py - (y0 + u * dy)));
      }
    }
  }
  return worst;
}

test("allocate-lines.wgsl's constants are packed-scene.ts's tolerance and cap", () => {
  const wgsl = WGSL['allocate-lines'];
  const constant = (name: string) => Number(new RegExp(`const ${name}: f32 = ([0-9.]+);`).exec(wgsl)?.[1]);
  assert.equal(constant('WANG_SCALE'), 0.75 / FLATTEN_TOLERANCE);
  assert.equal(constant('MAX_LINES'), MAX_LINES_PER_SEGMENT);
});

test('GPU line counts, layout and vertices equal the twin after points move', async (t) => {
  // The last has over 256 cubics, so each of the allocation's invocations counts several.
  for (const [seed, factor, scene] of [
    [1, 3, randomScene(1, 64, 64, 6)],
    [2, 0.4, randomScene(2, 64, 64, 6)],
    [3, 7, randomScene(3, 64, 64, 6)],
    [4, 5, manyBlobsScene(4, 64, 300)],
  ] as const) {
    const ps = packed(scene);
    const r = GpuRasterizer.create(device, scene);
    try {
      const moved = scaled(ps, factor, 30, 34);
      const image = await withGpuErrorsAsync(device, () => renderAsync(r, moved));
      const gpu = await r.lineBuffers.readAllocationAsync();
      const twin = allocateLinesTwin(ps, moved, r.lineCapacity);
      assert.equal(gpu.overflow, false, `seed ${seed}: no overflow expected`);
      assert.equal(gpu.wanted, twin.wanted, `seed ${seed}: lines wanted`);
      for (let s = 0; s < ps.segmentCount; s++) {
        assert.equal(gpu.segLines[s * 2 + 1], twin.segLineCount[s], `seed ${seed}: count of segment ${s}`);
        assert.equal(gpu.segLines[s * 2], twin.segLineStart[s], `seed ${seed}: first line of segment ${s}`);
      }
      const flat = reflattenedScene(ps, moved);
      const expected = flattenLines(flat, moved);
      const lines = await readBufferAsync(device, r.lineBuffers.lines, flat.lineCount * 16);
      let worst = 0;
      for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(lines[i]! - expected[i]!) / (1 + Math.abs(expected[i]!)));
      t.diagnostic(
        `seed ${seed} x${factor}: ${ps.segmentCount} cubics, ${ps.lineCount} lines at upload, ${twin.wanted} now; worst vertex error ${worst.toExponential(1)} (relative)`,
      );
      assert.ok(worst < 1e-5, `seed ${seed}: vertices differ by ${worst}`);
      const px = worstPixel(image, twinImage(flat));
      assert.ok(px <= 1 / 255, `seed ${seed}: pixels differ by ${px * 255}/255`);
    } finally {
      r.destroy();
    }
  }
});

test('flattening tolerance holds on a curve stretched 20x during an optimisation', async (t) => {
  const rand = mulberry32(7);
  const scene: Scene = {
    width: 256,
    height: 256,
    rois: [],
    warnings: [],
    groups: [{ fill: { r: 1, g: 0, b: 0, a: 1 }, fillRule: 'nonzero', paths: [randomBlob(rand, 128, 128, 5, 4)], source: { kind: 'synthetic', ref: 'blob' } }],
  };
  const ps = packed(scene);
  const r = GpuRasterizer.create(device, scene);
  try {
    let dynamicWorst = 0;
    let frozenWorst = 0;
    const steps = 12;
    for (let i = 0; i <= steps; i++) {
      const points = scaled(ps, 20 ** (i / steps), 128, 128);
      await renderAsync(r, points);
      const { segLines, wanted, overflow } = await r.lineBuffers.readAllocationAsync();
      assert.equal(overflow, false);
      const lines = await readBufferAsync(device, r.lineBuffers.lines, wanted * 16);
      const dynamic = chordError(ps, points, segLines, lines);
      const uploadLayout = Uint32Array.from({ length: ps.segmentCount * 2 }, (_, k) => (k % 2 ? ps.segLineCount : ps.segLineStart)[k >> 1]!);
      const frozen = chordError(ps, points, uploadLayout, flattenLines(ps, points));
      dynamicWorst = Math.max(dynamicWorst, dynamic);
      frozenWorst = Math.max(frozenWorst, frozen);
      if (i === steps)
        t.diagnostic(`x20: ${ps.lineCount} lines at upload, ${wanted} now; chord error ${dynamic.toFixed(4)} px dynamic, ${frozen.toFixed(4)} px frozen`);
    }
    t.diagnostic(`over ${steps} steps to 20x: worst chord error ${dynamicWorst.toFixed(4)} px dynamic, ${frozenWorst.toFixed(4)} px with the upload's counts`);
    assert.ok(dynamicWorst <= FLATTEN_TOLERANCE + 1e-3, `dynamic counts: chord error ${dynamicWorst} px`);
    assert.ok(frozenWorst > 5 * FLATTEN_TOLERANCE, `the upload's counts should break the tolerance (${frozenWorst} px)`);
  } finally {
    r.destroy();
  }
});

test('too small a line capacity falls back to the upload layout, and ensureCapacityAsync grows it', async () => {
  const scene = randomScene(5, 48, 48, 5);
  const ps = packed(scene);
  const r = GpuRasterizer.create(device, scene, { lineCapacity: ps.lineCount });
  try {
    assert.equal(r.lineCapacity, ps.lineCount);
    const moved = scaled(ps, 6, 24, 24);
    const image = await renderAsync(r, moved);
    const a = await r.lineBuffers.readAllocationAsync();
    assert.equal(a.overflow, true, 'expected the line buffer to overflow');
    assert.equal(a.wanted, allocateLinesTwin(ps, moved, Number.POSITIVE_INFINITY).wanted);
    for (let s = 0; s < ps.segmentCount; s++) assert.deepEqual([a.segLines[s * 2], a.segLines[s * 2 + 1]], [ps.segLineStart[s], ps.segLineCount[s]]);
    const uploadCounts = { ...ps, points: Float64Array.from(moved) };
    assert.ok(worstPixel(image, twinImage(uploadCounts)) <= 1 / 255, 'the fallback renders with the upload counts');
    assert.equal(await r.ensureCapacityAsync(), true);
    assert.ok(r.lineCapacity >= a.wanted);
    const b = await r.lineBuffers.readAllocationAsync();
    assert.equal(b.overflow, false);
    const grown = await r.readImageAsync();
    assert.ok(worstPixel(grown, twinImage(reflattenedScene(ps, moved))) <= 1 / 255, 'after growing, the recomputed counts are drawn');
  } finally {
    r.destroy();
  }
});

test('GPU gradients through re-flattened geometry equal the twin within 1e-3 relative', async (t) => {
  const scene = randomScene(8, 50, 44, 6);
  const ps = packed(scene);
  const r = GpuRasterizer.create(device, scene);
  const rand = mulberry32(58);
  const grad = Float32Array.from({ length: 50 * 44 * 3 }, () => rand() - 0.5);
  const g = device.createBuffer({ size: grad.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(g, 0, grad);
  try {
    const moved = scaled(ps, 2.5, 25, 22);
    await renderAsync(r, moved);
    r.zeroGrad();
    r.backward(g, 3);
    const gpu = await r.readGradientsAsync();
    const flat = reflattenedScene(ps, moved);
    assert.notDeepEqual(flat.segLineCount, ps.segLineCount, 'the counts should have changed');
    const twin = twinGradients(flat, grad, 3);
    for (const [name, got, ref] of [
      ['points', gpu.points, twin.pointGrad],
      ['colors', gpu.colors, twin.colorGrad],
    ] as const) {
      const { worst, message } = worstAgainstTwin(got, ref);
      t.diagnostic(`${name}: worst relative error ${worst.toExponential(2)}`);
      assert.ok(worst <= 1e-3, `${name}: ${message}`);
    }
  } finally {
    r.destroy();
    g.destroy();
  }
});
