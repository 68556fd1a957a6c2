import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { openBrowserEngineAsync, type BrowserEngine } from '../../src/cli/browser-engine.ts';
import { augmentBackward } from '../../src/engine/augment/augment-backward.ts';
import { augmentForward } from '../../src/engine/augment/augment-forward.ts';
import { sampleAugmentBatch } from '../../src/engine/augment/augment-sampler.ts';
import { base64ToFloats, floatsToBase64 } from '../../src/engine/gpu/base64-floats.ts';
import { randomRender, randomValues, smallSettings } from './augment-test-data.ts';
import { callPageAsync } from '../../src/cli/page-api.ts';
import { AUGMENT_PAGE } from '../support/test-page-apis.ts';

// The kernels in headless Chromium (the product's WebGPU, SwiftShader here) vs the twins.

let engine: BrowserEngine;
before(async () => {
  engine = await openBrowserEngineAsync({ entry: fileURLToPath(new URL('./augment-browser-page.ts', import.meta.url)) });
});
after(async () => {
  await engine?.closeAsync();
});

test('Chromium WebGPU: forward and backward match the twins', async () => {
  const W = 40;
  const H = 32;
  const S = 24;
  const batch = sampleAugmentBatch(
    3,
    1,
    [
      { x: -4, y: 2, width: 40, height: 30 },
      { x: 10, y: 8, width: 16, height: 20 },
    ],
    smallSettings(S, 2),
  );
  const B = batch.images.length;
  const render = randomRender(W, H, 41);
  const grad = new Float32Array(randomValues(B * 3 * S * S, 42));
  const out = await callPageAsync(
    engine.page,
    AUGMENT_PAGE,
    'runAsync',
    floatsToBase64(render),
    W,
    H,
    floatsToBase64(batch.params),
    B,
    S,
    floatsToBase64(grad),
  );
  const values = base64ToFloats(out.pixelValues);
  const dRender = base64ToFloats(out.dRender);
  const twin = augmentForward({ render, width: W, height: H, params: batch.params, batch: B, outputSize: S });
  const twinGrad = augmentBackward({ pixelGrad: grad, width: W, height: H, params: batch.params, batch: B, outputSize: S });
  const scale = Math.max(1, ...twinGrad.map(Math.abs));
  assert.ok(
    twin.every((v, k) => Math.abs(v - values[k]!) < 1e-4),
    'forward',
  );
  assert.ok(
    twinGrad.every((v, k) => Math.abs(v - dRender[k]!) < 1e-4 * scale),
    'backward',
  );
});
