import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { flattenLines } from '../../src/engine/raster/flatten.ts';
import { GpuRasterizer } from '../../src/engine/raster/gpu-rasterizer.ts';
import { binLayout } from '../../src/engine/raster/tile-bin.ts';
import { coarseCountsTwin } from '../../src/engine/raster/tile-coarse.ts';
import { mulberry32 } from '../../src/engine/random/seeded-random.ts';
import { createNodeDeviceAsync } from '../support/node-webgpu-device.ts';
import { randomScene } from '../support/raster-scenes.ts';
import { packed, twinGradients, worstAgainstTwin } from '../support/raster-twin.ts';

// The forward keeps each live row-command's areas for the backward (render-forward.wgsl);
// a row that finds no room keeps none and the backward computes its areas again. Both
// paths, and a mix of them, must give the twin's gradients; the room grows on request.

let device: GPUDevice;
before(async () => {
  device = await createNodeDeviceAsync();
});
after(() => device?.destroy());

// 72 px high: the last tile row is partial, whose rows below the canvas are never evaluated.
const scene = randomScene(11, 56, 72, 8);
const ps = packed(scene);
const rand = mulberry32(12);
const grad = Float32Array.from({ length: scene.width * scene.height * 3 }, () => rand() - 0.5);
const twin = twinGradients(ps, grad, 3);
const liveRows = coarseCountsTwin(ps, flattenLines(ps, ps.points), binLayout(scene.width, scene.height)).liveRows;

async function gradientsAsync(r: GpuRasterizer) {
  const g = device.createBuffer({ size: grad.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(g, 0, grad);
  try {
    r.forward();
    const kept = await r.readKeptAreasAsync();
    r.zeroGrad();
    r.backward(g, 3);
    return { kept, ...(await r.readGradientsAsync()) };
  } finally {
    g.destroy();
  }
}

const worst = (gpu: ArrayLike<number>, twin: ArrayLike<number>) => worstAgainstTwin(gpu, twin).worst;

test('kept areas: every live row keeps its 16 areas (as many as the twin counts), and the gradients are the twin’s', async () => {
  assert.ok(liveRows > 200, `a scene with many live row-commands (${liveRows})`);
  const r = GpuRasterizer.create(device, scene);
  try {
    const { kept, points, colors } = await gradientsAsync(r);
    assert.deepEqual([kept.used, kept.overflow], [16 * liveRows, false]);
    assert.ok(worst(points, twin.pointGrad) < 1e-3, `points: ${worst(points, twin.pointGrad)}`);
    assert.ok(worst(colors, twin.colorGrad) < 1e-3, `colours: ${worst(colors, twin.colorGrad)}`);
  } finally {
    r.destroy();
  }
});

test('no room, or room for some rows only: those rows recompute their areas, the gradients stay the twin’s, and ensureCapacityAsync makes room', async () => {
  for (const areaCapacity of [0, 16 * Math.floor(liveRows / 3)]) {
    const r = GpuRasterizer.create(device, scene, { areaCapacity });
    try {
      const { kept, points, colors } = await gradientsAsync(r);
      assert.equal(kept.overflow, true, `capacity ${areaCapacity}: expected rows without room`);
      assert.ok(worst(points, twin.pointGrad) < 1e-3, `capacity ${areaCapacity}, points: ${worst(points, twin.pointGrad)}`);
      assert.ok(worst(colors, twin.colorGrad) < 1e-3, `capacity ${areaCapacity}, colours: ${worst(colors, twin.colorGrad)}`);
      assert.equal(await r.ensureCapacityAsync(), true);
      const after = await r.readKeptAreasAsync();
      assert.ok(after.capacity >= 16 * liveRows && !after.overflow, JSON.stringify(after));
      assert.equal(await r.ensureCapacityAsync(), false);
    } finally {
      r.destroy();
    }
  }
});
