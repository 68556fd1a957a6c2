import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { openBrowserEngineAsync, type BrowserEngine } from '../../src/cli/browser-engine.ts';
import { callPageAsync, type PageArgs } from '../../src/cli/page-api.ts';
import type { ClipRuntimePageApi } from '../support/clip-runtime-page.ts';
import { CLIP_RUNTIME_PAGE } from '../support/test-page-apis.ts';
import { readFileSync } from 'node:fs';
import { buildToyGradientModel } from '../support/clip-toy-gradient-model.ts';
import { buildClipGradientModel } from '../../src/engine/autodiff/build-clip-gradient-model.ts';

// The CLIP runtime in headless Chromium (WebGPU on SwiftShader) against the WASM (CPU)
// provider and against PyTorch values stored with the tiny models.

const models = (p: string) => fileURLToPath(new URL(`../../models/${p}`, import.meta.url));
const call = <K extends keyof ClipRuntimePageApi & string>(page: Page, name: K, ...args: PageArgs<ClipRuntimePageApi, K>) =>
  callPageAsync(page, CLIP_RUNTIME_PAGE, name, ...args);

describe('CLIP runtime in Chromium', () => {
  let engine: BrowserEngine;
  before(async () => {
    engine = await openBrowserEngineAsync({
      entry: fileURLToPath(new URL('../support/clip-runtime-page.ts', import.meta.url)),
      assets: {
        'toy.onnx': { body: buildToyGradientModel(8), type: 'application/octet-stream' },
        'fused/vision.onnx': { file: models('tiny-random-fused/vision_model.onnx') },
        'fused/fixture.json': { file: models('tiny-random-fused/gradient-fixture.json') },
        'decomposed/vision.onnx': { file: models('tiny-random-decomposed/vision_model.onnx') },
        'decomposed/fixture.json': { file: models('tiny-random-decomposed/gradient-fixture.json') },
        ...Object.fromEntries(
          ['fused', 'decomposed'].map((style) => [
            `${style}/gradient.onnx`,
            { body: buildClipGradientModel(new Uint8Array(readFileSync(models(`tiny-random-${style}/vision_model.onnx`)))), type: 'application/octet-stream' },
          ]),
        ),
      },
    });
    const init = await call(engine.page, 'initAsync', { webgpu: true });
    assert.equal(init.device, true, 'the page has a WebGPU device');
  });
  after(async () => engine?.closeAsync());

  test('IO binding: pixels from a GPU buffer, pixel_grad into a GPU buffer, micro-batches of 2 with padding, equal to the closed form', async () => {
    const r = await call(engine.page, 'toyGradientAsync', 'toy.onnx', { count: 5, D: 8, microBatch: 2 });
    assert.equal(r.gpu!.provider, 'webgpu');
    // The gradient buffer starts as NaN: a row the runtime failed to place would fail here.
    assert.ok(r.gpu!.gradMaxAbsErr < 1e-5, `GPU gradient error ${r.gpu!.gradMaxAbsErr}`);
    assert.ok(r.gpu!.lossMaxRelErr < 1e-4, `GPU loss error ${r.gpu!.lossMaxRelErr}`);
    assert.equal(r.cpu!.provider, 'wasm');
    assert.ok(r.cpu!.gradMaxAbsErr < 1e-5 && r.cpu!.lossMaxRelErr < 1e-4);
  });

  test('without a GPU device the runtime falls back to WASM and says so', async () => {
    const r = await call(engine.page, 'toyGradientAsync', 'toy.onnx', { count: 1, D: 8, microBatch: 1 });
    assert.equal(r.cpu!.provider, 'wasm');
    assert.match(r.cpu!.notice ?? '', /WebGPU is not available.*CPU \(WASM\)/);
  });

  test('tiny CLIP (decomposed) forward: WebGPU and WASM agree with each other and with PyTorch', async () => {
    const r = await call(engine.page, 'forwardCompareAsync', 'decomposed/vision.onnx', 'decomposed/fixture.json');
    assert.equal(r.gpu.provider, 'webgpu');
    for (const c of [r.gpu.vsTorch, r.cpu.vsTorch, r.gpuVsCpu]) {
      assert.ok(c.finite && c.maxRelToMax < 1e-4, JSON.stringify(c));
    }
  });

  test('with the batch fixed, every node of the vision graph is placed on the WebGPU provider (ORT verbose log)', async () => {
    const r = await call(engine.page, 'sessionInfoAsync', 'fused/vision.onnx', { verbose: true, batch: 2 });
    const placement = r.log.filter((l) => /placed on \[/.test(l));
    assert.ok(placement.length > 0, 'ORT logged its node placement');
    assert.ok(
      placement.every((l) => /All nodes placed on \[WebGpuExecutionProvider\]/.test(l)),
      placement.join('\n'),
    );
    // The check can fail: with a symbolic batch ORT keeps the shape subgraph on the CPU provider.
    const dynamic = await call(engine.page, 'sessionInfoAsync', 'fused/vision.onnx', { verbose: true });
    assert.ok(
      dynamic.log.some((l) => /placed on \[CPUExecutionProvider\]/.test(l)),
      'symbolic batch: some nodes on CPU',
    );
  });

  // fused: one run of 2; decomposed: micro-batches of 1 (two runs into one gradient buffer).
  for (const [style, microBatch] of [
    ['fused', 2],
    ['decomposed', 1],
  ] as const) {
    test(`tiny CLIP (${style}) gradient graph: WebGPU (IO-bound buffers) equals WASM (CPU) and PyTorch`, async () => {
      const r = await call(engine.page, 'gradientCompareAsync', `${style}/gradient.onnx`, `${style}/fixture.json`, microBatch);
      assert.equal(r.gpu.provider, 'webgpu');
      assert.equal(r.cpu.provider, 'wasm');
      // Tolerance: float32 on two different kernel sets; |a-b| <= 1e-3 of the largest gradient
      // magnitude everywhere, and within 1e-2 relative (+1e-3 of max) on every pixel.
      for (const [what, c] of Object.entries({ gpuVsCpu: r.gpuVsCpu.grad, gpuVsTorch: r.gpu.gradVsTorch, cpuVsTorch: r.cpu.gradVsTorch })) {
        assert.ok(c.finite && c.maxRelToMax <= 1e-3 && c.shareWithin === 1, `${what}: ${JSON.stringify(c)}`);
      }
      for (const c of [r.gpuVsCpu.loss, r.gpu.lossVsTorch, r.cpu.lossVsTorch]) assert.ok(c.maxRelToMax <= 1e-4, JSON.stringify(c));
    });
  }

  test('every node of the gradient graph runs on the WebGPU provider (ORT verbose log, batch fixed)', async () => {
    for (const style of ['fused', 'decomposed']) {
      const r = await call(engine.page, 'sessionInfoAsync', `${style}/gradient.onnx`, { verbose: true, batch: 2 });
      const placement = r.log.filter((l) => /placed on \[/.test(l));
      assert.equal(placement.length, 1, placement.join('\n'));
      assert.match(placement[0]!, /All nodes placed on \[WebGpuExecutionProvider\]\. Number of nodes: \d+/);
    }
  });
});
