// Page entry for the CLIP runtime tests and benchmark: engine code plus thin adapters that the
// Node side drives with callPageAsync(page, CLIP_RUNTIME_PAGE, ...). Models come from the loopback server as assets.
import { configureOrtAsync } from '../../src/engine/clip/clip-ort-config.ts';
import { clipDeviceDescriptor } from '../../src/engine/clip/clip-device-requirements.ts';
import { createClipSessionAsync } from '../../src/engine/clip/clip-session.ts';
import { createClipGradientRuntimeAsync } from '../../src/engine/clip/clip-gradient-runtime.ts';
import { CLIP_IMAGE_FLOATS } from '../../src/engine/clip/clip-image-layout.ts';
import { batchDimensionOverrides } from '../../src/engine/clip/clip-onnx-inputs.ts';
import { createClipImageEncoderAsync } from '../../src/engine/clip/clip-image-encoder.ts';
import { trackGpuMemory } from '../../src/engine/clip/clip-gpu-memory-tracker.ts';
import { readBufferAsync } from '../../src/engine/gpu/gpu-buffers.ts';
import { base64ToBytes } from '../../src/engine/gpu/base64-floats.ts';
import { fixturePixels, type ClipGradientFixture } from './clip-gradient-fixture.ts';
import { exposePageApi } from '../../src/cli/page-api.ts';
import { CLIP_RUNTIME_PAGE } from './test-page-apis.ts';

const capturedLog: string[] = [];
for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  const original = console[level].bind(console);
  console[level] = (...args: unknown[]) => {
    capturedLog.push(args.map(String).join(' '));
    original(...args);
  };
}

let device: GPUDevice | undefined;

async function fetchBytesAsync(path: string): Promise<Uint8Array> {
  const r = await fetch(path);
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}

/** Deterministic pseudo-random pixels in about [-2, 2] (CLIP-normalised range). */
function pixels(count: number, seed: number): Float32Array {
  const out = new Float32Array(count * CLIP_IMAGE_FLOATS);
  let s = seed >>> 0;
  for (let i = 0; i < out.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32) * 4 - 2;
  }
  return out;
}

function unitRows(count: number, D: number, seed: number): Float32Array {
  const out = new Float32Array(count * D);
  let s = seed >>> 0;
  for (let b = 0; b < count; b++) {
    let n = 0;
    for (let d = 0; d < D; d++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      out[b * D + d] = s / 2 ** 32 - 0.5;
      n += out[b * D + d]! ** 2;
    }
    for (let d = 0; d < D; d++) out[b * D + d]! /= Math.sqrt(n);
  }
  return out;
}

function gpuBufferFrom(data: Float32Array): GPUBuffer {
  const buffer = device!.createBuffer({ size: data.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
  device!.queue.writeBuffer(buffer, 0, data as Float32Array<ArrayBuffer>);
  return buffer;
}

async function readFloatsAsync(buffer: GPUBuffer): Promise<Float32Array> {
  return new Float32Array(await readBufferAsync(device!, buffer, buffer.size));
}

const initAsync = async (opts: { webgpu: boolean; logLevel?: 'verbose' | 'warning' }) => {
  await configureOrtAsync({ wasm: { paths: new URL('ort/', location.href).href }, ...(opts.logLevel ? { logLevel: opts.logLevel } : {}) });
  if (opts.webgpu) {
    const adapter = await navigator.gpu.requestAdapter();
    if (!adapter) throw new Error('no WebGPU adapter');
    device = await adapter.requestDevice(clipDeviceDescriptor(adapter));
  }
  return { device: device !== undefined };
};

const logLines = () => capturedLog.splice(0);

/** Creates a session on the model asset and reports the provider, notice and captured log. */
const sessionInfoAsync = async (modelPath: string, opts: { verbose: boolean; batch?: number }) => {
  const model = await fetchBytesAsync(modelPath);
  capturedLog.length = 0;
  const clip = await createClipSessionAsync(model, {
    ...(device ? { device } : {}),
    verboseLog: opts.verbose,
    ...(opts.batch ? { freeDimensionOverrides: batchDimensionOverrides(model, opts.batch) } : {}),
  });
  const info = { provider: clip.provider, notice: clip.notice ?? null, inputs: clip.inputNames, outputs: clip.outputNames, log: capturedLog.splice(0) };
  await clip.releaseAsync();
  return info;
};

/** Toy gradient model through the runtime on the GPU path and on the CPU path. */
const toyGradientAsync = async (modelPath: string, opts: { count: number; D: number; microBatch: number }) => {
  const { count, D } = opts;
  const model = await fetchBytesAsync(modelPath);
  const px = pixels(count, 7);
  const deltaT = unitRows(count, D, 11);
  const refEmbeds = unitRows(count, D, 13);
  const weights = new Float32Array(count).map((_, i) => 0.5 + i);
  const expectedLoss = new Float64Array(count);
  const gradErr = 0;
  const lossErr = 0;
  const result: { gpu?: ToyRun; cpu?: ToyRun & { notice: string | null } } = {};
  const check = (losses: Float32Array, grad: Float32Array) => {
    let ge = 0;
    let le = 0;
    for (let b = 0; b < count; b++) {
      let s = 0;
      for (let i = 0; i < CLIP_IMAGE_FLOATS; i++) {
        const x = px[b * CLIP_IMAGE_FLOATS + i]!;
        s += x * x;
        ge = Math.max(ge, Math.abs(grad[b * CLIP_IMAGE_FLOATS + i]! - 2 * weights[b]! * x));
      }
      for (let d = 0; d < D; d++) s += deltaT[b * D + d]! * refEmbeds[b * D + d]!;
      expectedLoss[b] = s;
      le = Math.max(le, Math.abs(losses[b]! - s) / Math.abs(s));
    }
    return { gradMaxAbsErr: ge, lossMaxRelErr: le };
  };
  if (device) {
    const rt = await createClipGradientRuntimeAsync({ gradientModel: model, device, embedDim: D, microBatch: opts.microBatch });
    const pixelBuffer = gpuBufferFrom(px);
    // Poison the gradient buffer so rows the runtime fails to write are caught.
    const gradient = gpuBufferFrom(new Float32Array(count * CLIP_IMAGE_FLOATS).fill(Number.NaN));
    const losses = await rt.runGpuAsync({ count, pixels: pixelBuffer, gradient, deltaT, refEmbeds, weights });
    const grad = await readFloatsAsync(gradient);
    result.gpu = { provider: rt.provider, ...check(losses, grad) };
    await rt.releaseAsync();
  }
  const cpu = await createClipGradientRuntimeAsync({ gradientModel: model, embedDim: D, microBatch: opts.microBatch });
  const out = await cpu.runCpuAsync({ count, pixels: px, deltaT, refEmbeds, weights });
  result.cpu = { provider: cpu.provider, notice: cpu.notice ?? null, ...check(out.losses, out.gradient) };
  await cpu.releaseAsync();
  void gradErr;
  void lossErr;
  return result;
};

interface ToyRun {
  provider: string;
  gradMaxAbsErr: number;
  lossMaxRelErr: number;
}

/** Error of `a` against reference `b`: worst error relative to b's largest magnitude, and the share within 1e-2 relative (+1e-3 of max) per element. */
function compare(a: ArrayLike<number>, b: ArrayLike<number>) {
  let maxB = 0;
  for (let i = 0; i < b.length; i++) maxB = Math.max(maxB, Math.abs(b[i]!));
  let maxErr = 0;
  let within = 0;
  for (let i = 0; i < b.length; i++) {
    const e = Math.abs(a[i]! - b[i]!);
    maxErr = Math.max(maxErr, e);
    if (e <= 1e-2 * Math.abs(b[i]!) + 1e-3 * maxB) within++;
  }
  return { maxRelToMax: maxErr / maxB, shareWithin: within / b.length, maxRef: maxB, finite: Array.from(a).every(Number.isFinite) };
}

/** Forward pass on WebGPU (pixels in a GPU buffer) and on WASM, against the fixture's PyTorch embeddings. */
const forwardCompareAsync = async (visionPath: string, fixturePath: string) => {
  const f = (await (await fetch(fixturePath)).json()) as ClipGradientFixture;
  const px = Float32Array.from(fixturePixels(f));
  const count = f.images.length;
  const torch = f.imageEmbeds.flat();
  const model = await fetchBytesAsync(visionPath);
  if (!device) throw new Error('forwardCompareAsync compares against WebGPU: initAsync({ webgpu: true }) first');
  const enc = await createClipImageEncoderAsync({ visionModel: model, device, microBatch: count });
  const buffer = gpuBufferFrom(px);
  const gpuEmbeds = await enc.embedGpuAsync(buffer, count);
  const gpu = { provider: enc.provider, vsTorch: compare(gpuEmbeds, torch) };
  buffer.destroy();
  await enc.releaseAsync();
  const cpu = await createClipImageEncoderAsync({ visionModel: model, microBatch: count });
  const cpuEmbeds = await cpu.embedCpuAsync(px, count);
  const result = {
    gpu,
    cpu: { provider: cpu.provider, notice: cpu.notice ?? null, vsTorch: compare(cpuEmbeds, torch) },
    gpuVsCpu: compare(gpuEmbeds, cpuEmbeds),
  };
  await cpu.releaseAsync();
  return result;
};

/** The gradient graph on WebGPU (IO-bound GPU buffers) and on WASM, against each other and PyTorch. */
const gradientCompareAsync = async (gradientPath: string, fixturePath: string, microBatch: number) => {
  const f = (await (await fetch(fixturePath)).json()) as ClipGradientFixture;
  const px = Float32Array.from(fixturePixels(f));
  const count = f.images.length;
  const D = f.deltaT[0]!.length;
  const batch = { count, deltaT: new Float32Array(f.deltaT.flat()), refEmbeds: new Float32Array(f.reference.flat()), weights: new Float32Array(f.weights) };
  const torchGrad = new Float32Array(base64ToBytes(f.gradient.base64).buffer);
  const model = await fetchBytesAsync(gradientPath);
  if (!device) throw new Error('gradientCompareAsync compares against WebGPU: initAsync({ webgpu: true }) first');
  const ms: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    ms[name] = Math.round(now - t);
    t = now;
  };
  const rt = await createClipGradientRuntimeAsync({ gradientModel: model, device, embedDim: D, microBatch });
  lap('gpuSession');
  const pixelsBuffer = gpuBufferFrom(px);
  const gradient = gpuBufferFrom(new Float32Array(count * CLIP_IMAGE_FLOATS).fill(Number.NaN));
  const gpuLosses = await rt.runGpuAsync({ ...batch, pixels: pixelsBuffer, gradient });
  lap('gpuRun');
  const gpuGrad = await readFloatsAsync(gradient);
  const gpu = { provider: rt.provider, losses: Array.from(gpuLosses), gradVsTorch: compare(gpuGrad, torchGrad), lossVsTorch: compare(gpuLosses, f.losses) };
  pixelsBuffer.destroy();
  gradient.destroy();
  await rt.releaseAsync();
  lap('gpuCheck');
  const cpu = await createClipGradientRuntimeAsync({ gradientModel: model, embedDim: D, microBatch });
  lap('cpuSession');
  const out = await cpu.runCpuAsync({ ...batch, pixels: px });
  lap('cpuRun');
  const result = {
    ms,
    gpu,
    cpu: { provider: cpu.provider, losses: Array.from(out.losses), gradVsTorch: compare(out.gradient, torchGrad), lossVsTorch: compare(out.losses, f.losses) },
    gpuVsCpu: { grad: compare(gpuGrad, out.gradient), loss: compare(gpu.losses, out.losses) },
  };
  await cpu.releaseAsync();
  return result;
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timeAsync(reps: number, run: () => Promise<unknown>): Promise<{ firstMs: number; medianMs: number }> {
  let t = performance.now();
  await run();
  await device?.queue.onSubmittedWorkDone();
  const firstMs = performance.now() - t;
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    t = performance.now();
    await run();
    await device?.queue.onSubmittedWorkDone();
    times.push(performance.now() - t);
  }
  return { firstMs, medianMs: median(times) };
}

/** Forward and loss+gradient timings (per image) on one provider; GPU memory held by the gradient session. */
const benchAsync = async (opts: { visionPath: string; gradientPath: string; D: number; batch: number; reps: number; provider: 'webgpu' | 'wasm' }) => {
  const { batch, D } = opts;
  const gpu = opts.provider === 'webgpu' ? device : undefined;
  if (opts.provider === 'webgpu' && !gpu) throw new Error('no WebGPU device in this page');
  const px = pixels(batch, 3);
  const out: Record<string, unknown> = { provider: opts.provider, batch };

  const encoder = await createClipImageEncoderAsync({
    visionModel: await fetchBytesAsync(opts.visionPath),
    ...(gpu ? { device: gpu } : {}),
    microBatch: batch,
  });
  const pxBuffer = gpu ? gpuBufferFrom(px) : undefined;
  const fwd = await timeAsync(opts.reps, () => (gpu ? encoder.embedGpuAsync(pxBuffer!, batch) : encoder.embedCpuAsync(px, batch)));
  await encoder.releaseAsync();
  out.forwardFirstRunMs = Math.round(fwd.firstMs);
  out.forwardMsPerImage = +(fwd.medianMs / batch).toFixed(2);

  const tracker = gpu ? trackGpuMemory(gpu) : undefined;
  try {
    const rt = await createClipGradientRuntimeAsync({
      gradientModel: await fetchBytesAsync(opts.gradientPath),
      ...(gpu ? { device: gpu } : {}),
      embedDim: D,
      microBatch: batch,
    });
    const afterSession = tracker?.liveBytes ?? 0;
    const grad = gpu ? gpuBufferFrom(new Float32Array(batch * CLIP_IMAGE_FLOATS)) : undefined;
    const batchData = { count: batch, deltaT: unitRows(batch, D, 5), refEmbeds: unitRows(batch, D, 9), weights: new Float32Array(batch).fill(1) };
    const afterIo = tracker?.liveBytes ?? 0;
    const gr = await timeAsync(opts.reps, () =>
      gpu ? rt.runGpuAsync({ ...batchData, pixels: pxBuffer!, gradient: grad! }) : rt.runCpuAsync({ ...batchData, pixels: px }),
    );
    if (tracker) {
      // Buffers created through the engine's device: ORT's weights (at session creation),
      // then activations kept for the backward pass, gradients and ORT's buffer cache.
      out.gpuMemory = {
        sessionBytes: afterSession,
        peakBytes: tracker.peakBytes,
        peakAboveSessionBytes: tracker.peakBytes - afterIo,
        microBatch: batch,
      };
    }
    await rt.releaseAsync();
    grad?.destroy();
    out.gradientFirstRunMs = Math.round(gr.firstMs);
    out.gradientMsPerImage = +(gr.medianMs / batch).toFixed(2);
    out.gradientOverForward = +(gr.medianMs / fwd.medianMs).toFixed(2);
  } finally {
    tracker?.stop();
    pxBuffer?.destroy();
  }
  return out;
};

const api = { initAsync, logLines, sessionInfoAsync, toyGradientAsync, forwardCompareAsync, gradientCompareAsync, benchAsync };
export type ClipRuntimePageApi = typeof api;
exposePageApi(CLIP_RUNTIME_PAGE, api);
