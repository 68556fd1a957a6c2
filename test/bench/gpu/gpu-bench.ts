import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { create, globals } from 'webgpu';
import { configureOrtAsync, ORT_WASM_FILE } from '../../../src/engine/clip/clip-ort-config.ts';
import { createEditEngineAsync } from '../../../src/engine/edit/edit-engine.ts';
import { GpuRasterizer } from '../../../src/engine/raster/gpu-rasterizer.ts';
import type { Scene } from '../../../src/scene/scene.ts';
import { importSvg } from '../../../src/scene/svg-import.ts';
import { manyBlobsScene } from '../../support/raster-scenes.ts';

// The raster benchmark and a short edit on whatever Vulkan GPU Dawn finds, in plain Node
// (the `webgpu` package), no browser: what test/bench/gpu/run-on-gpu.sh runs on a GPU
// machine with no network. Prints one JSON report like `npm run bench -- raster`: per SVG,
// resvg's forward (same process, same run) as the yardstick and
// ratios.webgpuForwardBackwardToResvg; group and resolution scaling; the edit loop's stage
// split on pitt (tiny CLIP on ORT's WASM CPU kernels, rasteriser and augmentation on the GPU).
// Paths come from the environment so the bundled copy can run from any folder:
//   CLIPVG_ROOT   folder holding examples/ and models/ (default: this repository)
//   CLIPVG_ORT_WASM  ORT's wasm binary (default: node_modules/onnxruntime-web/dist/...)
//   CLIPVG_BENCH_QUICK=1  fewer scenes (a smoke run on SwiftShader)

const root = process.env.CLIPVG_ROOT ?? fileURLToPath(new URL('../../../', import.meta.url));
const quick = process.env.CLIPVG_BENCH_QUICK === '1';
const reps = Number(process.env.CLIPVG_BENCH_REPS ?? 5);

/** The scene scaled by s (as `clipvg render --scale`; not imported from the CLI, which pulls in Playwright). */
function scaleScene(scene: Scene, s: number): Scene {
  const groups = scene.groups.map((g) => ({ ...g, paths: g.paths.map((p) => ({ points: p.points.map((v) => v * s) })) }));
  return { ...scene, width: Math.max(1, Math.round(scene.width * s)), height: Math.max(1, Math.round(scene.height * s)), groups };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;

function timeSync(n: number, fn: () => void): number {
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    fn();
    t.push(performance.now() - s);
  }
  return median(t);
}

/** Median forward and forward+backward wall ms (queue.onSubmittedWorkDone), after a warm-up. */
async function timeRasterAsync(device: GPUDevice, scene: Scene, n: number) {
  const r = GpuRasterizer.create(device, scene, { background: 'white' });
  const px = scene.width * scene.height * 3;
  const g = device.createBuffer({ size: px * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(
    g,
    0,
    Float32Array.from({ length: px }, (_, i) => Math.sin(i * 0.37) * 0.01),
  );
  try {
    const fw: number[] = [];
    const fb: number[] = [];
    for (let i = 0; i <= n; i++) {
      let t = performance.now();
      r.forward();
      await device.queue.onSubmittedWorkDone();
      if (i > 0) fw.push(performance.now() - t);
      t = performance.now();
      r.forward();
      r.zeroGrad();
      r.backward(g, 3);
      await device.queue.onSubmittedWorkDone();
      if (i > 0) fb.push(performance.now() - t);
    }
    if (await r.ensureCapacityAsync()) throw new Error('command lists overflowed on an unmoved scene');
    return { forwardMs: round(median(fw)), forwardBackwardMs: round(median(fb)) };
  } finally {
    r.destroy();
    g.destroy();
  }
}

async function rasterAsync(device: GPUDevice) {
  const svgs: Record<string, object> = {};
  for (const name of quick ? ['athlete'] : ['athlete', 'pitt', 'horseriding', 'tajmahal']) {
    const text = readFileSync(`${root}/examples/${name}.svg`, 'utf8');
    const scene = importSvg(text);
    const resvg = () => new Resvg(text, { fitTo: { mode: 'width', value: scene.width }, background: 'white', font: { loadSystemFonts: false } }).render();
    resvg();
    const resvgMs = timeSync(reps, resvg);
    const gpu = await timeRasterAsync(device, scene, reps);
    svgs[name] = {
      size: `${scene.width}x${scene.height}`,
      groups: scene.groups.length,
      resvgForwardMs: round(resvgMs),
      webgpu: gpu,
      ratios: { webgpuForwardToResvg: round(gpu.forwardMs / resvgMs, 2), webgpuForwardBackwardToResvg: round(gpu.forwardBackwardMs / resvgMs, 2) },
    };
  }
  const groupScaling512: object[] = [];
  for (const count of quick ? [1000] : [1000, 2000, 5000, 10000, 20000])
    groupScaling512.push({ groups: count, ...(await timeRasterAsync(device, manyBlobsScene(42, 512, count), reps)) });
  const pitt = importSvg(readFileSync(`${root}/examples/pitt.svg`, 'utf8'));
  const resolutionScalingPitt: object[] = [];
  for (const side of quick ? [256] : [256, 512, 1024, 2048])
    resolutionScalingPitt.push({ side, pixels: side * side, ...(await timeRasterAsync(device, scaleScene(pitt, side / pitt.width), reps)) });
  return { svgs, groupScaling512, resolutionScalingPitt };
}

async function editAsync(device: GPUDevice) {
  await configureOrtAsync({
    wasm: { bytes: readFileSync(process.env.CLIPVG_ORT_WASM ?? `${root}/node_modules/onnxruntime-web/dist/${ORT_WASM_FILE}`) },
    numThreads: 1,
  });
  const dir = `${root}/models/shapes-clip`;
  const engine = await createEditEngineAsync({
    device,
    clipProvider: 'wasm',
    model: {
      id: 'shapes-clip',
      vision: readFileSync(`${dir}/vision_model.onnx`),
      text: readFileSync(`${dir}/text_model.onnx`),
      tokenizerJson: JSON.parse(readFileSync(`${dir}/tokenizer.json`, 'utf8')) as object,
    },
    templates: JSON.parse(readFileSync(`${root}/models/clip-text/imagenet-templates.json`, 'utf8')) as string[],
  });
  try {
    const scene = importSvg(readFileSync(`${root}/examples/pitt.svg`, 'utf8'));
    const out: object[] = [];
    for (const patches of quick ? [4] : [4, 32]) {
      const base = { prompt: 'a red circle', patches, seed: 1 };
      await engine.runEditAsync(scene, { ...base, iterations: 1 });
      const timed = await engine.runEditAsync(scene, { ...base, iterations: quick ? 2 : 5, timeStages: true });
      const st = timed.timings.stages!;
      out.push({
        patches,
        perIterationMs: Object.fromEntries(Object.entries(st).map(([k, v]) => [k, round(v)])),
        losses: timed.losses.map((v) => round(v, 4)),
        warnings: timed.warnings,
      });
    }
    return out;
  } finally {
    await engine.releaseAsync();
  }
}

// The Dawn instance must outlive its devices (garbage-collecting it crashes the process).
const gpu = create([]);
Object.assign(globalThis, globals);
const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
if (!adapter) {
  process.stderr.write('no WebGPU adapter: is a Vulkan driver (and libvulkan.so.1) visible to this process?\n');
  process.exit(2);
}
const info = adapter.info;
const device = await adapter.requestDevice({
  requiredLimits: { maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize, maxBufferSize: adapter.limits.maxBufferSize },
});
device.addEventListener('uncapturederror', (e) => process.stderr.write(`WebGPU error: ${(e as GPUUncapturedErrorEvent).error.message}\n`));
const t0 = performance.now();
const raster = await rasterAsync(device);
const edit = process.env.CLIPVG_BENCH_NO_EDIT === '1' ? undefined : await editAsync(device);
process.stdout.write(
  JSON.stringify(
    {
      suite: 'gpu',
      date: new Date().toISOString(),
      adapter: { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description },
      machine: 'WebGPU = Dawn (Node `webgpu` package) on the adapter above; resvg in the same Node process; same run',
      reps,
      loadAverage1m: round(loadavg()[0]!),
      ...raster,
      ...(edit ? { editPitt: { model: 'shapes-clip (tiny), CLIP on WASM CPU', runs: edit } } : {}),
      totalMs: Math.round(performance.now() - t0),
    },
    null,
    2,
  ) + '\n',
);
process.exit(0);
