import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ensureVitB32ShapedModel } from '../../models/generated-models.ts';
import { importSvg } from '../../src/scene/svg-import.ts';
import { openEditBrowserAsync, SHAPES_CLIP_DIR, type EditBrowser } from '../support/edit-browser.ts';
import { openRasterPageAsync } from '../support/raster-browser.ts';
import type { Scene } from '../../src/scene/scene.ts';

// `npm run bench -- edit [--iters N] [--vit-iters N] [--patches N] [--no-vit] [--no-scaling] [--clip auto|webgpu|wasm]`:
// per-iteration time of the CLIPVG loop on pitt.svg (512², 1,020 paths) split into render,
// augment, CLIP loss+gradient, backward (augment + rasteriser + NaN guard), step (Adam +
// clamp), with the shipped tiny CLIP and the ViT-B/32-shaped random CLIP, and the peak of GPU
// buffers made through the engine's device. Stage timing waits for the GPU after each stage
// (timeStages, benchmark only), so the split adds up to slightly more than a normal iteration;
// the untimed run is measured too (yardstick). The first iteration (shader and session
// warm-up) is excluded by running one warm-up iteration first.
// Yardstick: the raster benchmark's forward+backward of pitt (raster page, same run);
// iterationBudgetRatio = (render + augment + backward + step) / that, and
// untimedIterationBudgetRatio = (untimed iteration - CLIP stage) / that. patchScaling: the
// tiny model's split at 0, 8, 32 and 64 patches per ROI.

const PITT = fileURLToPath(new URL('../../examples/pitt.svg', import.meta.url));

const round = (v: number) => Math.round(v * 10) / 10;

export async function runBenchAsync(argv: string[]): Promise<object> {
  const { values } = parseArgs({
    args: argv,
    options: {
      iters: { type: 'string', default: '3' },
      'vit-iters': { type: 'string', default: '2' },
      patches: { type: 'string', default: '4' },
      'no-vit': { type: 'boolean', default: false },
      'no-scaling': { type: 'boolean', default: false },
      clip: { type: 'string', default: 'auto' },
    },
  });
  const scene = importSvg(readFileSync(PITT, 'utf8'));
  const patches = Number(values.patches);
  const clipProvider = values.clip as 'auto' | 'webgpu' | 'wasm';
  const cases: { name: string; dir: string; iters: number }[] = [{ name: 'shapes-clip (tiny, D 64)', dir: SHAPES_CLIP_DIR, iters: Number(values.iters) }];
  if (!values['no-vit']) cases.push({ name: 'ViT-B/32-shaped (random weights)', dir: ensureVitB32ShapedModel(), iters: Number(values['vit-iters']) });
  const raster = await openRasterPageAsync();
  let rasterForwardBackwardMs: number;
  try {
    rasterForwardBackwardMs = (await raster.call('timeAsync', scene, 3)).forwardBackwardMs;
  } finally {
    await raster.closeAsync();
  }
  const budget = (st: { render: number; augment: number; backward: number; step: number }) =>
    round((st.render + st.augment + st.backward + st.step) / rasterForwardBackwardMs);
  const results: object[] = [];
  let patchScaling: object[] | undefined;
  for (const c of cases) {
    const t0 = performance.now();
    const b = await openEditBrowserAsync(c.dir, { trackMemory: true, clipProvider, modelId: c.name });
    const openMs = performance.now() - t0;
    try {
      const base = { prompt: 'a red circle', patches, seed: 1 };
      await b.editAsync(scene, { ...base, iterations: 1 });
      const timed = await b.editAsync(scene, { ...base, iterations: c.iters, timeStages: true });
      if (c.dir === SHAPES_CLIP_DIR && !values['no-scaling']) patchScaling = await patchScalingAsync(b, scene);
      const plain = await b.editAsync(scene, { ...base, iterations: c.iters });
      const st = timed.result.timings.stages!;
      const sum = st.render + st.augment + st.clip + st.backward + st.step;
      results.push({
        model: c.name,
        clipProvider: timed.result.clipProvider,
        imagesPerIteration: 1 + patches,
        iterations: c.iters,
        engineStartMs: Math.round(openMs),
        setupMs: Math.round(timed.result.timings.setupMs),
        perIterationMs: {
          render: round(st.render),
          augment: round(st.augment),
          clipLossAndGradient: round(st.clip),
          backward: round(st.backward),
          step: round(st.step),
          sumOfStages: round(sum),
        },
        iterationBudgetRatio: budget(st),
        // The stage syncs cost time of their own (a GPU round trip each, long on a loaded
        // machine): the untimed iteration less the timed CLIP stage bounds the budget too.
        untimedIterationBudgetRatio: round((plain.result.timings.perIterationMs - st.clip) / rasterForwardBackwardMs),
        shareOfIteration: Object.fromEntries(Object.entries(st).map(([k, v]) => [k, round((100 * v) / sum) / 100])),
        untimedPerIterationMs: round(plain.result.timings.perIterationMs),
        peakGpuBytes: timed.peakGpuBytes,
        peakGpuMiB: round((timed.peakGpuBytes ?? 0) / 2 ** 20),
        losses: timed.result.losses.map(round),
      });
    } finally {
      await b.closeAsync();
    }
  }
  return {
    scene: { file: 'pitt.svg', width: scene.width, height: scene.height, groups: scene.groups.length },
    patchesPerRoi: patches,
    rasterForwardBackwardMs: round(rasterForwardBackwardMs),
    note: 'GPU here is SwiftShader (software) unless a real adapter is present; clip "auto" runs CLIP on WASM on software adapters. peakGpuBytes: buffers created through the engine device (rasteriser, augmenter, CLIP when on WebGPU).',
    loadAverage1m: round(loadavg()[0]!),
    results,
    ...(patchScaling ? { patchScaling } : {}),
  };
}

/** The tiny model's per-iteration split against patches per ROI (2 timed iterations each). */
async function patchScalingAsync(b: EditBrowser, scene: Scene): Promise<object[]> {
  const out: object[] = [];
  for (const patches of [0, 8, 32, 64]) {
    const base = { prompt: 'a red circle', patches, seed: 1 };
    await b.editAsync(scene, { ...base, iterations: 1 });
    const st = (await b.editAsync(scene, { ...base, iterations: 2, timeStages: true })).result.timings.stages!;
    out.push({ patches, imagesPerIteration: 1 + patches, perIterationMs: Object.fromEntries(Object.entries(st).map(([k, v]) => [k, round(v)])) });
  }
  return out;
}
