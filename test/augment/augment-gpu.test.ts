import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { augmentBackward } from '../../src/engine/augment/augment-backward.ts';
import { augmentForward } from '../../src/engine/augment/augment-forward.ts';
import { sampleAugmentBatch, type AugmentBatch, type AugmentRect } from '../../src/engine/augment/augment-sampler.ts';
import { DEFAULT_AUGMENT_SETTINGS } from '../../src/engine/augment/augment-settings.ts';
import { PatchAugmenter } from '../../src/engine/augment/patch-augmenter.ts';
import { dot, randomRender, randomValues, smallSettings } from './augment-test-data.ts';
import { createNodeDeviceAsync, readBufferAsync, uploadBuffer } from '../support/node-webgpu-device.ts';

// GPU kernels (Dawn, SwiftShader in CI) against their float64 twins. Canvas 66x46 with a
// ROI partly off the canvas and one inside; outputs at CLIP's 224 and small ones.
const W = 66; // neither side a multiple of the backward kernel's 4 x 4 blocks
const H = 46;
const rois: AugmentRect[] = [
  { x: -5, y: -3, width: 64, height: 48 },
  { x: 20, y: 10, width: 30, height: 22 },
];

let device: GPUDevice;
before(async () => {
  device = await createNodeDeviceAsync();
});
after(() => device?.destroy());

const rw = () => GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;

async function runForwardAsync(aug: PatchAugmenter, render: GPUBuffer, batch: AugmentBatch): Promise<Float32Array> {
  aug.forward(render, batch);
  return readBufferAsync(device, aug.pixelValues, batch.images.length * 3 * batch.outputSize ** 2 * 4);
}

async function runBackwardAsync(aug: PatchAugmenter, grad: GPUBuffer): Promise<Float32Array> {
  aug.backward(grad);
  return readBufferAsync(device, aug.dRender, W * H * 16);
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k]! - b[k]!));
  return m;
}

for (const [S, patches] of [
  [224, 2],
  [20, 6],
] as const) {
  test(`GPU forward and backward match the twins within 1e-4 (outputs ${S}x${S}, ${patches} patches per ROI)`, async (t) => {
    const batch = sampleAugmentBatch(9, 1, rois, smallSettings(S, patches));
    const B = batch.images.length;
    const aug = await PatchAugmenter.createAsync(device, { canvasWidth: W, canvasHeight: H, maxBatch: B, outputSize: S });
    const renderData = randomRender(W, H, 21);
    const render = uploadBuffer(device, renderData);
    const gpuOut = await runForwardAsync(aug, render, batch);
    const twinOut = augmentForward({ render: renderData, width: W, height: H, params: batch.params, batch: B, outputSize: S });
    const fd = maxDiff(gpuOut, twinOut);
    assert.ok(fd < 1e-4, `forward max difference ${fd}`);

    const gradData = new Float32Array(randomValues(B * 3 * S * S, 22));
    const grad = uploadBuffer(device, gradData, rw());
    const gpuGrad = await runBackwardAsync(aug, grad);
    const twinGrad = augmentBackward({ pixelGrad: gradData, width: W, height: H, params: batch.params, batch: B, outputSize: S });
    const scale = Math.max(...twinGrad.map(Math.abs));
    const bd = maxDiff(gpuGrad, twinGrad);
    assert.ok(scale > 1, 'gradients are not trivially zero');
    assert.ok(bd < 1e-4 * Math.max(1, scale), `backward max difference ${bd} (largest gradient ${scale})`);

    // Dot-product test on the GPU: <A x, y> = <x, A^T y> (A: forward minus its white offset).
    const zero = uploadBuffer(device, new Float32Array(W * H * 4));
    const gpuZero = await runForwardAsync(aug, zero, batch);
    const lhs = dot(
      gpuOut.map((v, k) => v - gpuZero[k]!),
      gradData,
    );
    const rhs = dot(
      renderData.map((v, k) => (k % 4 === 3 ? 0 : v)),
      gpuGrad,
    );
    assert.ok(Math.abs(lhs - rhs) < 1e-4 * Math.abs(lhs), `GPU <Ax,y> ${lhs} vs <x,A'y> ${rhs}`);
    t.diagnostic(
      `forward max |gpu - twin| ${fd.toExponential(2)}; backward ${bd.toExponential(2)} (largest ${scale.toFixed(2)}); dot-product relative gap ${(Math.abs(lhs - rhs) / Math.abs(lhs)).toExponential(2)}`,
    );
    for (const b of [render, grad, zero]) b.destroy();
    aug.destroy();
  });
}

test('buffers are reused across iterations, each iteration uses its own draw, backward can accumulate', async () => {
  const S = 16;
  const settings = smallSettings(S, 3);
  const aug = await PatchAugmenter.createAsync(device, { canvasWidth: W, canvasHeight: H, maxBatch: 8, outputSize: S });
  const renderData = randomRender(W, H, 31);
  const render = uploadBuffer(device, renderData);
  const grad = uploadBuffer(device, new Float32Array(randomValues(8 * 3 * S * S, 32)), rw());
  const gradData = await readBufferAsync(device, grad, grad.size);
  const pixelValues = aug.pixelValues;
  const dRender = aug.dRender;
  for (const [iteration, roiList] of [
    [0, rois],
    [1, rois.slice(1)],
    [2, rois],
  ] as const) {
    const batch = sampleAugmentBatch(4, iteration, roiList, settings);
    const B = batch.images.length;
    assert.equal(aug.forward(render, batch), pixelValues);
    const out = await readBufferAsync(device, pixelValues, B * 3 * S * S * 4);
    const twin = augmentForward({ render: renderData, width: W, height: H, params: batch.params, batch: B, outputSize: S });
    assert.ok(maxDiff(out, twin) < 1e-4, `iteration ${iteration} forward`);
    assert.equal(aug.backward(grad), dRender);
    const g = await readBufferAsync(device, dRender, W * H * 16);
    const twinGrad = augmentBackward({ pixelGrad: gradData, width: W, height: H, params: batch.params, batch: B, outputSize: S });
    assert.ok(maxDiff(g, twinGrad) < 1e-4 * Math.max(1, ...twinGrad.map(Math.abs)), `iteration ${iteration} backward`);
  }

  // Micro-batches: the second backward adds to the first.
  const first = sampleAugmentBatch(4, 5, rois, settings);
  const second = sampleAugmentBatch(4, 6, rois.slice(1), settings);
  aug.forward(render, first);
  aug.backward(grad);
  aug.forward(render, second);
  aug.backward(grad, { accumulate: true });
  const summed = await readBufferAsync(device, dRender, W * H * 16);
  const twinOf = (b: typeof first) => augmentBackward({ pixelGrad: gradData, width: W, height: H, params: b.params, batch: b.images.length, outputSize: S });
  const a = twinOf(first);
  const expected = twinOf(second).map((v, k) => v + a[k]!);
  assert.ok(maxDiff(summed, expected) < 1e-4 * Math.max(1, ...expected.map(Math.abs)), 'accumulated backward');
  render.destroy();
  grad.destroy();
  aug.destroy();
});

test('bad calls get specific messages', async () => {
  const aug = await PatchAugmenter.createAsync(device, { canvasWidth: W, canvasHeight: H, maxBatch: 3, outputSize: 16 });
  const batch = sampleAugmentBatch(1, 0, rois, smallSettings(16, 1));
  const small = device.createBuffer({ size: 64, usage: GPUBufferUsage.STORAGE });
  assert.throws(() => aug.backward(small), /backward before forward/);
  assert.throws(() => aug.forward(small, batch), /batch of 4 images, expected 1\.\.3/);
  assert.throws(
    () => aug.forward(small, sampleAugmentBatch(1, 0, rois.slice(1), smallSettings(16, 1))),
    new RegExp(`render buffer has 64 bytes, ${W * H * 16} needed`),
  );
  assert.throws(() => aug.forward(small, sampleAugmentBatch(1, 0, rois.slice(1), DEFAULT_AUGMENT_SETTINGS)), /output size 224 differs from 16/);
  await assert.rejects(PatchAugmenter.createAsync(device, { canvasWidth: 0, canvasHeight: H, maxBatch: 3 }), /canvasWidth must be a whole number/);
  small.destroy();
  aug.destroy();
});
