// The whole gradient graph of each random tiny CLIP (models/): loss and d loss / d pixels
// against PyTorch autograd (the stored fixtures) and against central finite differences
// of a float64 copy of the forward graph, all run by onnxruntime (wasm).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-web';
import { appendDirectionalLoss, buildClipGradientModel, parseModel, serializeModel } from '../../src/engine/autodiff/index.ts';
import { countFlops } from '../support/flop-count.ts';
import { readClipGradientFixture, readVisionModel, TINY_CLIP_MODELS, webgpuOnnxOps, type ClipGradientFixture } from '../support/onnx-clip-fixture.ts';
import { relativeError } from '../support/onnx-gradient-check.ts';
import { mulberry32 } from '../../src/engine/random/seeded-random.ts';
import { createSessionAsync, runAsync } from '../support/onnx-ort-runner.ts';
import { modelToDouble } from '../support/onnx-to-double.ts';
import { modelToHalf } from '../support/onnx-to-half.ts';

function gradientFeeds(fx: ClipGradientFixture) {
  const d = fx.embedDim;
  const size = fx.imageSize;
  return {
    pixel_values: { data: Float32Array.from(fx.pixels), dims: [fx.batch, 3, size, size] },
    delta_t: { data: Float32Array.from(fx.deltaT.flat()), dims: [fx.batch, d] },
    ref_embeds: { data: Float32Array.from(fx.reference.flat()), dims: [fx.batch, d] },
    loss_weights: { data: Float32Array.from(fx.weights), dims: [fx.batch] },
  };
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

for (const name of TINY_CLIP_MODELS) {
  const fx = readClipGradientFixture(name);
  const vision = readVisionModel(name);
  let ours: Float32Array | undefined;

  const oursAsync = async (): Promise<Float32Array> => {
    if (!ours) {
      const session = await createSessionAsync(buildClipGradientModel(vision));
      ours = (await runAsync(session, gradientFeeds(fx))).pixel_grad!.data;
    }
    return ours;
  };

  test(`${name}: loss and pixel_grad agree with PyTorch autograd`, async (t) => {
    const session = await createSessionAsync(buildClipGradientModel(vision));
    const out = await runAsync(session, gradientFeeds(fx));
    assert.deepEqual(out.loss!.dims, [fx.batch]);
    assert.deepEqual(out.pixel_grad!.dims, [fx.batch, 3, fx.imageSize, fx.imageSize]);
    fx.losses.forEach((l, b) => assert.ok(Math.abs(out.loss!.data[b]! - l) <= 1e-4 * Math.abs(l), `loss[${b}] ${out.loss!.data[b]} vs ${l}`));
    const g = out.pixel_grad!.data;
    ours = g;
    const scale = maxAbs(fx.gradient);
    let within = 0;
    let nan = false;
    let num = 0;
    let den = 0;
    for (let i = 0; i < g.length; i++) {
      if (Number.isNaN(g[i]!)) nan = true;
      if (relativeError(g[i]!, fx.gradient[i]!, scale) <= 1e-2) within += 1;
      num += (g[i]! - fx.gradient[i]!) ** 2;
      den += fx.gradient[i]! ** 2;
    }
    const fraction = within / g.length;
    t.diagnostic(`all ${g.length} entries: ${(fraction * 100).toFixed(3)}% within 1e-2, relative L2 error ${Math.sqrt(num / den).toExponential(2)}`);
    assert.equal(nan, false);
    assert.ok(fraction >= 0.95, `${fraction}`);
    assert.ok(Math.sqrt(num / den) <= 1e-3);
  });

  test(`${name}: pixel_grad agrees with float64 central differences on sampled pixels`, async (t) => {
    const g = await oursAsync();
    const rand = mulberry32(name.length);
    const samples = 24;
    const eps = 1e-2;
    const per = fx.pixels.length / fx.batch;
    const d = fx.embedDim;
    const picks = Array.from({ length: samples }, () => Math.floor(rand() * fx.pixels.length));
    const forward = modelToDouble(appendDirectionalLoss(parseModel(vision), { cosineOutput: true }), fx.imageSize);
    const session = await ort.InferenceSession.create(serializeModel(forward), { graphOptimizationLevel: 'disabled', logSeverityLevel: 3 });
    const rows = samples * 2;
    const data = new Float64Array(rows * per);
    const dt = new Float64Array(rows * d);
    const rf = new Float64Array(rows * d);
    picks.forEach((p, k) => {
      const b = Math.floor(p / per);
      for (const [r, sign] of [
        [2 * k, 1],
        [2 * k + 1, -1],
      ] as const) {
        data.set(fx.pixels.subarray(b * per, (b + 1) * per), r * per);
        data[r * per + (p % per)]! += sign * eps;
        dt.set(fx.deltaT[b]!, r * d);
        rf.set(fx.reference[b]!, r * d);
      }
    });
    const size = fx.imageSize;
    const out = await session.run({
      pixel_values: new ort.Tensor('float64', data, [rows, 3, size, size]),
      delta_t: new ort.Tensor('float64', dt, [rows, d]),
      ref_embeds: new ort.Tensor('float64', rf, [rows, d]),
    });
    const cosine = out.cosine!.data as Float64Array;
    const scale = maxAbs(g);
    let within = 0;
    let worst = 0;
    picks.forEach((p, k) => {
      // loss = 1 - cosine; differencing the cosine avoids the cancellation in 1 - x.
      const numeric = (-fx.weights[Math.floor(p / per)]! * (cosine[2 * k]! - cosine[2 * k + 1]!)) / (2 * eps);
      const rel = relativeError(g[p]!, numeric, scale);
      worst = Math.max(worst, rel);
      if (rel <= 1e-2) within += 1;
    });
    t.diagnostic(`${samples} pixels: ${within} within 1e-2, worst relative error ${worst.toExponential(2)}`);
    assert.ok(within / samples >= 0.95, `${within}/${samples}`);
  });

  test(`${name}: pinned batch size gives a static graph of WebGPU ops with the same result`, async () => {
    const pinned = buildClipGradientModel(vision, { batchSize: fx.batch });
    const webgpu = webgpuOnnxOps();
    for (const node of parseModel(pinned).graph!.node!) {
      assert.ok(!node.domain, `${node.opType} in domain ${node.domain}`);
      assert.ok(webgpu.has(node.opType!), `${node.opType} has no WebGPU kernel`);
      assert.ok(!['Shape', 'ConstantOfShape', 'Identity'].includes(node.opType!), `${node.opType} left in the pinned graph`);
    }
    const out = await runAsync(await createSessionAsync(pinned), gradientFeeds(fx));
    const dynamic = await oursAsync();
    const scale = maxAbs(dynamic);
    for (let i = 0; i < dynamic.length; i++) assert.ok(Math.abs(out.pixel_grad!.data[i]! - dynamic[i]!) <= 1e-5 * scale, `entry ${i}`);
    await assert.rejects(
      runAsync(
        await createSessionAsync(pinned),
        gradientFeeds({
          ...fx,
          batch: 1,
          pixels: fx.pixels.subarray(0, fx.pixels.length / 2),
          deltaT: fx.deltaT.slice(0, 1),
          reference: fx.reference.slice(0, 1),
          weights: fx.weights.slice(0, 1),
        }),
      ),
    );
  });

  test(`${name}: an fp16 export (float32 I/O) gives the gradient within fp16 accuracy`, async (t) => {
    const half = serializeModel(modelToHalf(parseModel(vision)));
    const gradientModel = buildClipGradientModel(half, { batchSize: fx.batch });
    const webgpu = webgpuOnnxOps();
    for (const node of parseModel(gradientModel).graph!.node!) assert.ok(webgpu.has(node.opType!), `${node.opType} has no WebGPU kernel`);
    const out = await runAsync(await createSessionAsync(gradientModel), gradientFeeds(fx));
    const g = out.pixel_grad!.data;
    let num = 0;
    let den = 0;
    for (let i = 0; i < g.length; i++) {
      num += (g[i]! - fx.gradient[i]!) ** 2;
      den += fx.gradient[i]! ** 2;
    }
    t.diagnostic(`fp16: relative L2 error vs PyTorch float64 ${Math.sqrt(num / den).toExponential(2)}`);
    assert.ok(Math.sqrt(num / den) <= 1e-2);
    fx.losses.forEach((l, b) => assert.ok(Math.abs(out.loss!.data[b]! - l) <= 1e-2 * Math.abs(l)));
  });

  test(`${name}: the gradient graph costs at most 3x the forward`, (t) => {
    const forward = countFlops(parseModel(vision), { batch_size: 1 });
    const gradient = countFlops(parseModel(buildClipGradientModel(vision, { batchSize: 1 })), {});
    const ratio = gradient.total / forward.total;
    t.diagnostic(
      `FLOPs forward ${forward.total}, gradient graph ${gradient.total} (MatMul/Conv ${(gradient.matmulConv / forward.matmulConv).toFixed(3)}x), ratio ${ratio.toFixed(3)}`,
    );
    assert.ok(ratio <= 3, `${ratio}`);
  });
}
