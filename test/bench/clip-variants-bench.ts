// `npm run bench -- clip-variants [--dir DIR] [--batch N] [--iters N]`: the reduced CLIP files
// (fp16, quantized) of DIR against its fp32 export, all run on ORT WASM (one thread):
//   - conversion to float32 (time, op lists before/after);
//   - image-embedding cosine and directional-loss gradient cosine / relative error against
//     the fp32 file (2 images), the figures the default variant is chosen by;
//   - time per gradient step for a batch of N images (an edit iteration with N-1 patches
//     plus the ROI view), yardstick: the fp32 file's step in the same run; memory peak (RSS).
// DIR defaults to models/generated/vit-b32-published (make_published_fixtures.py --vitb32);
// models/published-vitb32-shallow (gzipped, committed) also works.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { buildClipGradientModel } from '../../src/engine/autodiff/index.ts';
import { convertModelToFp32 } from '../../src/engine/models/convert-to-fp32.ts';
import { createSessionAsync, runAsync } from '../support/onnx-ort-runner.ts';

function arg(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : fallback;
}

function readModel(dir: string, name: string): Uint8Array {
  const p = join(dir, name);
  return new Uint8Array(existsSync(p) ? readFileSync(p) : gunzipSync(readFileSync(`${p}.gz`)));
}

let rssPeak = 0;
const sampleRss = () => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss));

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};
const cosine = (a: ArrayLike<number>, b: ArrayLike<number>) => dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));
const relErr = (a: ArrayLike<number>, r: ArrayLike<number>) => {
  let d = 0;
  for (let i = 0; i < a.length; i++) d += (a[i]! - r[i]!) ** 2;
  return Math.sqrt(d / dot(r, r));
};

function pseudoRandom(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) out[i] = ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 4 - 2;
  return out;
}

async function gradientStepAsync(vision: Uint8Array, batch: number, iters: number) {
  const t0 = performance.now();
  const gradModel = buildClipGradientModel(vision, { batchSize: batch, keepEmbeds: true });
  const buildMs = performance.now() - t0;
  sampleRss();
  const session = await createSessionAsync(gradModel);
  sampleRss();
  const d = 512;
  const feeds = {
    pixel_values: { data: pseudoRandom(batch * 3 * 224 * 224, 7), dims: [batch, 3, 224, 224] },
    delta_t: { data: pseudoRandom(batch * d, 8), dims: [batch, d] },
    ref_embeds: { data: pseudoRandom(batch * d, 9).map((v) => v / Math.sqrt(d)), dims: [batch, d] },
    loss_weights: { data: new Float32Array(batch).fill(1 / batch), dims: [batch] },
  };
  const times: number[] = [];
  let out: Awaited<ReturnType<typeof runAsync>> | undefined;
  for (let i = 0; i < iters; i++) {
    const t = performance.now();
    out = await runAsync(session, feeds);
    times.push(performance.now() - t);
    sampleRss();
  }
  await session.release();
  return { buildMs, times, out: out! };
}

export async function runBenchAsync(args: string[]): Promise<object> {
  const dir = arg(args, '--dir', 'models/generated/vit-b32-published');
  const batch = Number(arg(args, '--batch', '2'));
  const iters = Number(arg(args, '--iters', '1'));
  const variants: Record<string, object> = {};
  sampleRss();
  const reference = await gradientStepAsync(readModel(dir, 'vision_model.onnx'), batch, 1);
  for (const [suffix, label] of [
    ['_fp16', 'fp16'],
    ['_quantized', 'int8'],
  ] as const) {
    const stored = readModel(dir, `vision_model${suffix}.onnx`);
    const t = performance.now();
    const { bytes, conversion } = convertModelToFp32(stored);
    const convertMs = performance.now() - t;
    sampleRss();
    const run = await gradientStepAsync(bytes, batch, iters);
    const e = run.out.image_embeds!.data;
    const eRef = reference.out.image_embeds!.data;
    const n = e.length / batch;
    variants[label] = {
      storedBytes: stored.length,
      fp32Bytes: bytes.length,
      convertMs: Math.round(convertMs),
      castsDropped: conversion.castsDropped,
      integerOpsRewritten: conversion.integerOpsRewritten,
      opsWithoutGradient: conversion.opsWithoutGradient,
      embedCosineMin: Math.min(...Array.from({ length: batch }, (_, b) => cosine(e.subarray(b * n, (b + 1) * n), eRef.subarray(b * n, (b + 1) * n)))),
      gradCosine: cosine(run.out.pixel_grad!.data, reference.out.pixel_grad!.data),
      gradRelErr: relErr(run.out.pixel_grad!.data, reference.out.pixel_grad!.data),
      gradientGraphBuildMs: Math.round(run.buildMs),
      stepMs: run.times.map(Math.round),
    };
  }
  return { dir, batch, provider: 'wasm (1 thread)', fp32StepMs: reference.times.map(Math.round), variants, rssPeakMB: Math.round(rssPeak / 1e6) };
}
