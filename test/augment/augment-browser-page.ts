// Browser page entry for test/augment/augment-browser.test.ts: the PatchAugmenter in
// headless Chromium's WebGPU (the product's runtime). Buffers cross as base64 f32.
import { base64ToFloats, floatsToBase64 } from '../../src/engine/gpu/base64-floats.ts';
import { createBufferWith, readBufferAsync } from '../../src/engine/gpu/gpu-buffers.ts';
import type { AugmentBatch } from '../../src/engine/augment/augment-sampler.ts';
import { PatchAugmenter } from '../../src/engine/augment/patch-augmenter.ts';
import { exposePageApi } from '../../src/cli/page-api.ts';
import { AUGMENT_PAGE } from '../support/test-page-apis.ts';

export interface AugmentPageApi {
  /** Forward then backward of one batch; returns pixel_values and dRender (base64 f32). */
  runAsync(
    render: string,
    width: number,
    height: number,
    params: string,
    images: number,
    outputSize: number,
    pixelGrad: string,
  ): Promise<{ pixelValues: string; dRender: string }>;
}

async function runAsync(
  render: string,
  width: number,
  height: number,
  params: string,
  images: number,
  outputSize: number,
  pixelGrad: string,
): Promise<{ pixelValues: string; dRender: string }> {
  const adapter = await navigator.gpu?.requestAdapter();
  if (!adapter) throw new Error('no WebGPU adapter in this browser');
  const device = await adapter.requestDevice();
  const aug = await PatchAugmenter.createAsync(device, { canvasWidth: width, canvasHeight: height, maxBatch: images, outputSize });
  // The kernels read only the packed params; `images` stands in for the count.
  const batch: AugmentBatch = { outputSize, images: new Array(images).fill(null), params: base64ToFloats(params) };
  const renderBuffer = createBufferWith(device, base64ToFloats(render));
  const gradBuffer = createBufferWith(device, base64ToFloats(pixelGrad));
  aug.forward(renderBuffer, batch);
  const pixelValues = new Float32Array(await readBufferAsync(device, aug.pixelValues, images * 3 * outputSize * outputSize * 4));
  aug.backward(gradBuffer);
  const dRender = new Float32Array(await readBufferAsync(device, aug.dRender, width * height * 16));
  device.destroy();
  return { pixelValues: floatsToBase64(pixelValues), dRender: floatsToBase64(dRender) };
}

exposePageApi(AUGMENT_PAGE, { runAsync });
