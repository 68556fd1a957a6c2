// `npm run bench -- autodiff [--vitb32]`: gradient-graph construction time, size, and
// work (FLOPs) against the forward graph for the tiny CLIPs and, with --vitb32, the
// random ViT-B/32-shaped export (generated on demand, ~1 minute, never committed);
// plus wasm run time of forward vs gradient for the tiny models (same run, 1 thread).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countFlops } from '../support/flop-count.ts';
import { appendDirectionalLoss, buildClipGradientModel, parseModel, serializeModel } from '../../src/engine/autodiff/index.ts';
import { ensureVitB32ShapedModel } from '../../models/generated-models.ts';
import { createSessionAsync, runAsync } from '../support/onnx-ort-runner.ts';
import { readVisionModel, TINY_CLIP_MODELS } from '../support/onnx-clip-fixture.ts';

function measureGraph(vision: Uint8Array) {
  const t0 = performance.now();
  const gradient = buildClipGradientModel(vision, { batchSize: 1 });
  const buildMs = performance.now() - t0;
  const forward = countFlops(parseModel(vision), { batch_size: 1, batch: 1 });
  const grad = countFlops(parseModel(gradient), {});
  return {
    buildMs: Math.round(buildMs),
    forwardBytes: vision.length,
    gradientBytes: gradient.length,
    forwardNodes: forward.nodes,
    gradientNodes: grad.nodes,
    forwardGflops: forward.total / 1e9,
    gradientGflops: grad.total / 1e9,
    flopRatio: grad.total / forward.total,
    matmulConvFlopRatio: grad.matmulConv / forward.matmulConv,
    gradient,
  };
}

async function timeWasmAsync(vision: Uint8Array, gradient: Uint8Array, d: number) {
  const batch = 1;
  const pixels = { data: new Float32Array(batch * 3 * 224 * 224).map((_, i) => Math.sin(i)), dims: [batch, 3, 224, 224] };
  const vec = { data: new Float32Array(batch * d).map((_, i) => Math.cos(i)), dims: [batch, d] };
  const fwd = await createSessionAsync(serializeModel(appendDirectionalLoss(parseModel(vision))));
  const grad = await createSessionAsync(gradient);
  const timeAsync = async (run: () => Promise<unknown>) => {
    await run();
    const t0 = performance.now();
    for (let i = 0; i < 5; i++) await run();
    return (performance.now() - t0) / 5;
  };
  const forwardMs = await timeAsync(() => runAsync(fwd, { pixel_values: pixels, delta_t: vec, ref_embeds: vec }));
  const gradientMs = await timeAsync(() =>
    runAsync(grad, { pixel_values: pixels, delta_t: vec, ref_embeds: vec, loss_weights: { data: new Float32Array([1]), dims: [1] } }),
  );
  return { forwardMsPerImage: forwardMs, gradientMsPerImage: gradientMs, timeRatio: gradientMs / forwardMs };
}

export async function runBenchAsync(args: string[]): Promise<object> {
  const models: Record<string, object> = {};
  for (const name of TINY_CLIP_MODELS) {
    const vision = readVisionModel(name);
    const { gradient, ...figures } = measureGraph(vision);
    const d = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'models', name, 'config.json'), 'utf8')).embed_dim as number;
    models[name] = { ...figures, wasm: await timeWasmAsync(vision, gradient, d) };
  }
  if (args.includes('--vitb32')) {
    const dir = ensureVitB32ShapedModel('decomposed');
    const { gradient: _unused, ...figures } = measureGraph(readFileSync(join(dir, 'vision_model.onnx')));
    models['vit-b32-random-decomposed'] = figures;
  }
  return { note: 'flopRatio = FLOPs of the whole gradient graph (forward + loss + backward) / FLOPs of the forward export, batch 1', models };
}
