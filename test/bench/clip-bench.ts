import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { ensureVitB32ShapedModel } from '../../models/generated-models.ts';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openBrowserEngineAsync } from '../../src/cli/browser-engine.ts';
import type { PageAsset } from '../../src/cli/local-page-server.ts';
import { callPageAsync, type PageArgs } from '../../src/cli/page-api.ts';
import type { ClipRuntimePageApi } from '../support/clip-runtime-page.ts';
import { CLIP_RUNTIME_PAGE } from '../support/test-page-apis.ts';
import { buildClipGradientModel } from '../../src/engine/autodiff/build-clip-gradient-model.ts';
import { ORT_WASM_FILE, ORT_WASM_SHA256 } from '../../src/engine/clip/clip-ort-config.ts';
import { maxMicroBatchForBudget, planMicroBatches } from '../support/clip-micro-batch-budget.ts';
import { buildStartupHtmlAsync, measureStartupAsync, ortWasmPath } from '../support/clip-startup-html.ts';

// `npm run bench -- clip [--reps N] [--vit-batch N] [--no-vit] [--no-startup] [--generate]`:
// forward and loss+gradient time per image, tiny CLIP and ViT-B/32-shaped CLIP, on ORT-web's
// WebGPU provider (Chromium; SwiftShader on machines without a GPU) and its WASM provider, with
// the gradient/forward ratio; GPU memory held by the gradient session and the micro-batch that
// fits a 4 GB GPU for 64 patches + 1 ROI view; ui.html size and start-up with ORT's wasm
// inlined vs fetched from a pinned URL.

const models = (p: string) => fileURLToPath(new URL(`../../models/${p}`, import.meta.url));

const GPU_BUDGET_BYTES = 4 * 2 ** 30;
/** Share of a 4 GB card we let CLIP take: the rasteriser, the browser and the OS need the rest. */
const CLIP_SHARE = 0.75;
const CROPS_PER_ITERATION = 65;

interface ModelCase {
  name: string;
  vision: string;
  batch: number;
}

export async function runBenchAsync(args: string[]): Promise<object> {
  const { values } = parseArgs({
    args,
    options: {
      reps: { type: 'string', default: '3' },
      'vit-batch': { type: 'string', default: '2' },
      'no-vit': { type: 'boolean', default: false },
      'no-startup': { type: 'boolean', default: false },
      generate: { type: 'boolean', default: false },
    },
  });
  const reps = Number(values.reps);
  const report: Record<string, unknown> = {
    loadAverageAtStart1m: +loadavg()[0]!.toFixed(1),
    machine: 'WebGPU = headless Chromium (SwiftShader where there is no GPU); WASM = ORT CPU kernels in the same page',
  };

  if (!values['no-startup']) report.ortStartup = await startupAsync();

  const cases: ModelCase[] = [{ name: 'tiny-random-fused', vision: models('tiny-random-fused/vision_model.onnx'), batch: 2 }];
  const vitDir = models('generated/vit-b32-random-decomposed');
  const vitReady = () => existsSync(join(vitDir, 'vision_model.onnx')) && existsSync(join(vitDir, 'config.json'));
  if (values['no-vit']) report.vitB32 = 'skipped (--no-vit)';
  else {
    if (!vitReady() && values.generate) ensureVitB32ShapedModel('decomposed');
    if (!vitReady()) report.vitB32 = `missing: ${vitDir} (run with --generate, or ensureVitB32ShapedModel() from models/generated-models.ts)`;
    else cases.push({ name: 'vit-b32-random-decomposed', vision: join(vitDir, 'vision_model.onnx'), batch: Number(values['vit-batch']) });
  }

  const assets: Record<string, PageAsset> = {};
  const dims: Record<string, number> = {};
  const buildMs: Record<string, number> = {};
  for (const c of cases) {
    const bytes = new Uint8Array(readFileSync(c.vision));
    const t = performance.now();
    assets[`${c.name}/gradient.onnx`] = { body: buildClipGradientModel(bytes), type: 'application/octet-stream' };
    buildMs[c.name] = Math.round(performance.now() - t);
    assets[`${c.name}/vision.onnx`] = { file: c.vision };
    dims[c.name] = embedDim(c.vision);
  }
  report.gradientGraphBuildMs = buildMs;

  const engine = await openBrowserEngineAsync({ entry: fileURLToPath(new URL('../support/clip-runtime-page.ts', import.meta.url)), assets });
  const call = <K extends keyof ClipRuntimePageApi & string>(name: K, ...a: PageArgs<ClipRuntimePageApi, K>) =>
    callPageAsync(engine.page, CLIP_RUNTIME_PAGE, name, ...a);
  const results: Record<string, unknown> = {};
  try {
    await call('initAsync', { webgpu: true });
    for (const c of cases) {
      const row: Record<string, unknown> = {};
      for (const provider of ['webgpu', 'wasm'] as const) {
        process.stderr.write(`clip bench: ${c.name} on ${provider}...\n`);
        row[provider] = await call('benchAsync', {
          visionPath: `${c.name}/vision.onnx`,
          gradientPath: `${c.name}/gradient.onnx`,
          D: dims[c.name]!,
          batch: c.batch,
          reps,
          provider,
        });
      }
      const mem = (row.webgpu as { gpuMemory?: { sessionBytes: number; peakAboveSessionBytes: number; microBatch: number } }).gpuMemory;
      if (mem) row.fourGbPlan = fourGbPlan(mem);
      results[c.name] = row;
    }
  } finally {
    await engine.closeAsync();
  }
  report.models = results;
  report.loadAverage1m = +loadavg()[0]!.toFixed(1);
  return report;
}

/** D from the vision model's config.json beside it (the models' layout always has one). */
function embedDim(visionPath: string): number {
  const config = JSON.parse(readFileSync(visionPath.replace(/vision_model\.onnx$/, 'config.json'), 'utf8')) as { embed_dim?: number; projection_dim?: number };
  const d = config.embed_dim ?? config.projection_dim;
  if (!d) throw new Error(`no embed_dim in the config.json beside ${visionPath}`);
  return d;
}

/**
 * Conservative: everything the gradient session holds beyond its weights after a run is
 * counted as per-image (activations kept for the backward pass, gradients, ORT's cache and the
 * runtime's micro-batch buffers), so peak(m) <= weights + m * perImage.
 */
function fourGbPlan(mem: { sessionBytes: number; peakAboveSessionBytes: number; microBatch: number }) {
  const perImage = mem.peakAboveSessionBytes / mem.microBatch;
  const iterationIo = CROPS_PER_ITERATION * 2 * 3 * 224 * 224 * 4; // caller's pixel + gradient buffers
  const budget = GPU_BUDGET_BYTES * CLIP_SHARE;
  const maxMicroBatch = maxMicroBatchForBudget(mem.sessionBytes + iterationIo, perImage, budget);
  const plan = maxMicroBatch > 0 ? planMicroBatches(CROPS_PER_ITERATION, maxMicroBatch) : undefined;
  const mib = (b: number) => +(b / 2 ** 20).toFixed(1);
  return {
    weightsMiB: mib(mem.sessionBytes),
    perImageMiB: mib(perImage),
    iterationIoMiB: mib(iterationIo),
    budgetMiB: mib(budget),
    maxMicroBatch,
    crops: CROPS_PER_ITERATION,
    microBatch: plan?.size ?? null,
    runsPerIteration: plan?.batches.length ?? null,
    peakMiB: plan ? mib(mem.sessionBytes + iterationIo + plan.size * perImage) : null,
  };
}

async function startupAsync(): Promise<object> {
  const assets: Record<string, PageAsset> = {
    'model.onnx': { file: models('tiny-random-fused/vision_model.onnx') },
    [`cdn/${ORT_WASM_FILE}`]: { file: ortWasmPath() },
  };
  const html = {
    inline: await buildStartupHtmlAsync('inline', { modelUrl: 'model.onnx', wasmUrl: '', wasmSha256: '' }),
    url: await buildStartupHtmlAsync('url', { modelUrl: 'model.onnx', wasmUrl: `cdn/${ORT_WASM_FILE}`, wasmSha256: ORT_WASM_SHA256 }),
  };
  const runs: Record<'inline' | 'url', { readyMs: number[]; wasmMs: number[]; uiHtmlBytes: number; requested: string[] }> = {
    inline: { readyMs: [], wasmMs: [], uiHtmlBytes: 0, requested: [] },
    url: { readyMs: [], wasmMs: [], uiHtmlBytes: 0, requested: [] },
  };
  for (let rep = 0; rep < 3; rep++) {
    for (const mode of ['inline', 'url'] as const) {
      process.stderr.write(`clip bench: ui.html start-up, ${mode}, run ${rep + 1}/3\n`);
      const f = await measureStartupAsync(html[mode], assets);
      runs[mode].readyMs.push(f.readyMs);
      runs[mode].wasmMs.push(f.wasmConfiguredMs);
      runs[mode].uiHtmlBytes = f.uiHtmlBytes;
      runs[mode].requested = f.requested;
    }
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
  const wasmBytes = readFileSync(ortWasmPath()).length;
  return {
    note: 'ready = navigation start to a ready WebGPU session on the tiny model, 1 WASM thread (as in Figma); url mode is served from loopback here, so add the download of the wasm over the real network',
    wasmFile: ORT_WASM_FILE,
    wasmBytes,
    inline: {
      uiHtmlBytes: runs.inline.uiHtmlBytes,
      readyMsMedian: med(runs.inline.readyMs),
      readyMs: runs.inline.readyMs,
      wasmDecodeMs: runs.inline.wasmMs,
      otherRequests: runs.inline.requested,
    },
    url: {
      uiHtmlBytes: runs.url.uiHtmlBytes,
      readyMsMedian: med(runs.url.readyMs),
      readyMs: runs.url.readyMs,
      wasmFetchAndHashMs: runs.url.wasmMs,
      otherRequests: runs.url.requested,
      downloadAt50MbitMs: Math.round(((wasmBytes * 8) / 50e6) * 1000),
    },
  };
}
