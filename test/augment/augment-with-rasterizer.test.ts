import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { augmentForward } from '../../src/engine/augment/augment-forward.ts';
import { sampleAugmentBatch } from '../../src/engine/augment/augment-sampler.ts';
import { PatchAugmenter } from '../../src/engine/augment/patch-augmenter.ts';
import { GpuRasterizer } from '../../src/engine/raster/gpu-rasterizer.ts';
import { randomScene } from '../support/raster-scenes.ts';
import { dot, randomValues, smallSettings } from './augment-test-data.ts';
import { createNodeDeviceAsync, readBufferAsync, uploadBuffer } from '../support/node-webgpu-device.ts';

// The augmenter on the rasteriser's own buffers: its image in, its backward fed with our
// dRender (4 channels). Colour gradients through both must match finite differences of
// L = <pixel_values, y>, which is linear in a group's RGB (straight colour over white).

let device: GPUDevice;
before(async () => {
  device = await createNodeDeviceAsync();
});
after(() => device?.destroy());

test('render -> augment -> backward -> rasteriser colour gradients match finite differences', async (t) => {
  const W = 48;
  const H = 40;
  const S = 32;
  const scene = randomScene(5, W, H, 3);
  const r = GpuRasterizer.create(device, scene, { background: 'white' });
  const batch = sampleAugmentBatch(2, 0, [{ x: 0, y: 0, width: W, height: H }], smallSettings(S, 2));
  const B = batch.images.length;
  const aug = await PatchAugmenter.createAsync(device, { canvasWidth: W, canvasHeight: H, maxBatch: B, outputSize: S });
  const yData = new Float32Array(randomValues(B * 3 * S * S, 9));
  const y = uploadBuffer(device, yData);

  r.forward();
  aug.forward(r.image, batch);
  const values = await readBufferAsync(device, aug.pixelValues, B * 3 * S * S * 4);
  const twin = augmentForward({ render: await r.readImageAsync(), width: W, height: H, params: batch.params, batch: B, outputSize: S });
  assert.ok(
    values.every((v, k) => Math.abs(v - twin[k]!) < 1e-4),
    'augment of the rasteriser image matches the twin',
  );

  aug.backward(y);
  r.zeroGrad();
  r.backward(aug.dRender, 4);
  const colorGrad = await readBufferAsync(device, r.colorGrad, r.groupCount * 16);
  const colors = await readBufferAsync(device, r.colors, r.groupCount * 16);

  const lossAsync = async (c: Float32Array<ArrayBuffer>): Promise<number> => {
    device.queue.writeBuffer(r.colors, 0, c);
    r.forward();
    aug.forward(r.image, batch);
    return dot(await readBufferAsync(device, aug.pixelValues, B * 3 * S * S * 4), yData);
  };
  // One finite difference per group along a random RGB direction (the loss is linear in it).
  const h = 0.05;
  const dirs = randomValues(r.groupCount * 3, 10);
  let worst = 0;
  let exercised = 0;
  for (let g = 0; g < r.groupCount; g++) {
    const plus = colors.slice();
    const minus = colors.slice();
    let chain = 0;
    for (let ch = 0; ch < 3; ch++) {
      const d = dirs[g * 3 + ch]!;
      plus[g * 4 + ch]! += h * d;
      minus[g * 4 + ch]! -= h * d;
      chain += d * colorGrad[g * 4 + ch]!;
    }
    const fd = ((await lossAsync(plus)) - (await lossAsync(minus))) / (2 * h);
    const rel = Math.abs(fd - chain) / Math.max(1, Math.abs(fd));
    worst = Math.max(worst, rel);
    if (Math.abs(chain) > 1) exercised++;
    assert.ok(rel < 2e-3, `group ${g}: finite difference ${fd}, chain ${chain}`);
  }
  assert.ok(exercised >= 3, `${exercised} groups with a sizeable gradient`);
  t.diagnostic(`worst relative difference ${worst.toExponential(2)} over ${r.groupCount} groups (${exercised} with |gradient| > 1)`);
  y.destroy();
  aug.destroy();
});
