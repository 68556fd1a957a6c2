// `npm run bench -- augment [--patches N] [--size N] [--repeats N]`: GPU crop/warp/resize
// forward and backward (PatchAugmenter, WebGPU in Node: SwiftShader here, the real GPU
// where Dawn finds one) for one ROI covering a size x size canvas with 1 + N images at
// 224. Yardsticks in the same run: a GPU copy of the pixel_values buffer (bandwidth floor)
// and the float64 TypeScript twins of the same batch.
import { augmentBackward } from '../../src/engine/augment/augment-backward.ts';
import { augmentForward } from '../../src/engine/augment/augment-forward.ts';
import { sampleAugmentBatch } from '../../src/engine/augment/augment-sampler.ts';
import { DEFAULT_AUGMENT_SETTINGS } from '../../src/engine/augment/augment-settings.ts';
import { PatchAugmenter } from '../../src/engine/augment/patch-augmenter.ts';
import { randomRender, randomValues } from '../augment/augment-test-data.ts';
import { createNodeDeviceAsync, uploadBuffer } from '../support/node-webgpu-device.ts';

function arg(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

export async function runBenchAsync(args: string[]): Promise<object> {
  const patches = arg(args, '--patches', 16);
  const size = arg(args, '--size', 512);
  const repeats = arg(args, '--repeats', 3);
  const S = DEFAULT_AUGMENT_SETTINGS.outputSize;
  const device = await createNodeDeviceAsync();
  const batch = sampleAugmentBatch(1, 0, [{ x: 0, y: 0, width: size, height: size }], { ...DEFAULT_AUGMENT_SETTINGS, patchesPerRoi: patches });
  const B = batch.images.length;
  const aug = await PatchAugmenter.createAsync(device, { canvasWidth: size, canvasHeight: size, maxBatch: B });
  const renderData = randomRender(size, size, 1);
  const render = uploadBuffer(device, renderData);
  const gradData = new Float32Array(randomValues(B * 3 * S * S, 2));
  const grad = uploadBuffer(device, gradData);
  const copyTarget = device.createBuffer({ size: aug.pixelValues.size, usage: GPUBufferUsage.COPY_DST });

  const timeGpuAsync = async (record: (enc: GPUCommandEncoder) => void): Promise<number> => {
    const once = async () => {
      const enc = device.createCommandEncoder();
      record(enc);
      device.queue.submit([enc.finish()]);
      await device.queue.onSubmittedWorkDone();
    };
    await once(); // first use compiles and binds
    const t0 = performance.now();
    for (let r = 0; r < repeats; r++) await once();
    return (performance.now() - t0) / repeats;
  };
  const forwardMs = await timeGpuAsync((enc) => aug.encodeForward(enc, render, batch));
  const backwardMs = await timeGpuAsync((enc) => aug.encodeBackward(enc, grad));
  const copyMs = await timeGpuAsync((enc) => enc.copyBufferToBuffer(aug.pixelValues, 0, copyTarget, 0, aug.pixelValues.size));
  let t0 = performance.now();
  augmentForward({ render: renderData, width: size, height: size, params: batch.params, batch: B, outputSize: S });
  const twinForwardMs = performance.now() - t0;
  t0 = performance.now();
  augmentBackward({ pixelGrad: gradData, width: size, height: size, params: batch.params, batch: B, outputSize: S });
  const twinBackwardMs = performance.now() - t0;
  const info = (device as GPUDevice & { adapterInfo?: GPUAdapterInfo }).adapterInfo;
  device.destroy();
  return {
    adapter: info ? `${info.vendor} ${info.architecture} ${info.description}`.trim() : 'unknown',
    canvas: size,
    images: B,
    outputSize: S,
    forwardMs: +forwardMs.toFixed(2),
    backwardMs: +backwardMs.toFixed(2),
    copyPixelValuesMs: +copyMs.toFixed(2),
    twinForwardMs: Math.round(twinForwardMs),
    twinBackwardMs: Math.round(twinBackwardMs),
    forwardVsCopy: +(forwardMs / copyMs).toFixed(2),
    backwardVsForward: +(backwardMs / forwardMs).toFixed(2),
    gpuForwardSpeedupVsTwin: +(twinForwardMs / forwardMs).toFixed(1),
    gpuBackwardSpeedupVsTwin: +(twinBackwardMs / backwardMs).toFixed(1),
  };
}
