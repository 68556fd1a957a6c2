import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { base64ToBytes } from '../../src/engine/gpu/base64-floats.ts';
import { fixturePixels, type ClipGradientFixture } from '../support/clip-gradient-fixture.ts';

// The committed random tiny CLIPs and their gradient fixtures must agree with each other when
// run through ORT: forward embeddings and losses, and the stored autograd gradient against
// central differences of the ONNX forward along chosen directions.

before(() => {
  ort.env.wasm.numThreads = 1;
});

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, v, i) => s + v * b[i]!, 0);
const len = (a: ArrayLike<number>) => Math.sqrt(dot(a, a));

function lossesFrom(embeds: Float32Array, f: ClipGradientFixture): number[] {
  const d = embeds.length / f.images.length;
  return f.images.map((_, b) => {
    const e = Array.from(embeds.slice(b * d, (b + 1) * d));
    const n = len(e);
    const di = e.map((v, i) => v / n - f.reference[b]![i]!);
    return 1 - dot(di, f.deltaT[b]!) / (len(di) * len(f.deltaT[b]!));
  });
}

for (const name of ['tiny-random-fused', 'tiny-random-decomposed']) {
  test(`${name}: ORT forward matches the fixture, and the stored gradient matches central differences`, async () => {
    const f: ClipGradientFixture = JSON.parse(readFileSync(`models/${name}/gradient-fixture.json`, 'utf8'));
    const session = await ort.InferenceSession.create(readFileSync(`models/${name}/vision_model.onnx`), { executionProviders: ['wasm'] });
    const x = fixturePixels(f);
    const totalAt = async (p: Float64Array) => {
      const out = await session.run({ pixel_values: new ort.Tensor('float32', Float32Array.from(p), [2, 3, 224, 224]) });
      const embeds = out.image_embeds!.data as Float32Array;
      return { embeds, total: lossesFrom(embeds, f).reduce((s, l, b) => s + f.weights[b]! * l, 0) };
    };
    const base = await totalAt(x);
    f.imageEmbeds.flat().forEach((v, i) => assert.ok(Math.abs(base.embeds[i]! - v) < 1e-4 * (1 + Math.abs(v)), `embed ${i}: ${base.embeds[i]} vs ${v}`));
    assert.ok(Math.abs(base.total - f.totalLoss) < 1e-4, `${base.total} vs ${f.totalLoss}`);

    const g = new Float32Array(base64ToBytes(f.gradient.base64).buffer);
    assert.equal(g.length, x.length);
    // Directions: the gradient itself (derivative = |g|), and a fixed pseudo-random one.
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    const gNorm = len(g);
    const dirs = [Float64Array.from(g, (v) => v / gNorm), Float64Array.from(g, () => rand())];
    for (const [k, u] of dirs.entries()) {
      const h = (1e-2 / len(u)) * Math.sqrt(u.length) * 0.05;
      const plus = await totalAt(x.map((v, i) => v + h * u[i]!));
      const minus = await totalAt(x.map((v, i) => v - h * u[i]!));
      const numeric = (plus.total - minus.total) / (2 * h);
      const analytic = dot(g, u);
      const tol = k === 0 ? 1e-2 : 5e-2;
      if (process.env.SHOW_FD) process.stderr.write(`${name} dir ${k}: FD ${numeric} autograd ${analytic}\n`);
      assert.ok(Math.abs(numeric - analytic) <= tol * Math.abs(analytic) + 1e-6, `${name} direction ${k}: FD ${numeric} vs autograd ${analytic}`);
    }
    await session.release();
  });
}
