import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EDIT_PAGE } from '../edit-page-api.ts';
import { callPageAsync } from '../page-api.ts';
import type { EditOptions, EditProgress } from '../../engine/edit/edit-types.ts';
import type { Scene } from '../../scene/scene.ts';
import { SceneValidationError } from '../../scene/scene-validate.ts';
import { exportSvg } from '../../scene/svg-export.ts';
import { importSvg, SvgImportError } from '../../scene/svg-import.ts';
import { openBrowserEngineAsync, type BrowserEngine } from '../browser-engine.ts';
import type { CliCommand } from '../cli-command.ts';
import { InputError } from '../cli-errors.ts';
import { readInputFile, writeOutputFile } from '../cli-files.ts';
import { cliModelSources } from '../cli-model-registry.ts';
import { frozenGroupIndices } from '../freeze-ids.ts';
import { chooseModelAsync } from '../model-choice.ts';
import { FileModelCache, modelCacheDir } from '../model-file-cache.ts';
import { forEachInputAsync, planOutputs } from '../multi-input.ts';
import { createProgressBar } from '../progress-bar.ts';
import { decodeSvgBytes } from './convert.ts';
import { EDIT_USAGE, parseEditArgs, type EditArgs } from './edit-args.ts';

export { parsePalette, parseRoi, parseSeeds } from './edit-args.ts';

// `clipvg edit`: CLIPVG prompt editing of SVGs (or PNG/JPEGs, vectorised first) with the
// plugin's engine object, run on WebGPU in headless Chromium. One browser and model serve
// every input and seed; inputs run in turn (multi-input.ts).

const TEMPLATES = fileURLToPath(new URL('../../../models/clip-text/imagenet-templates.json', import.meta.url));
const MODELS_DIR = fileURLToPath(new URL('../../../models/', import.meta.url));
const say = (line: string) => void process.stderr.write(`clipvg edit: ${line}\n`);

const isRaster = (b: Uint8Array) => (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) || (b[0] === 0xff && b[1] === 0xd8);

function fmtMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

interface EditSession {
  engine: BrowserEngine;
  model: Awaited<ReturnType<typeof chooseModelAsync>>;
}

/** The model and the browser engine, opened when the first input is ready for them. */
async function openSessionAsync(a: EditArgs): Promise<EditSession> {
  const sources = cliModelSources();
  if (sources.notice) process.stderr.write(`${sources.notice}\n`);
  const progress = createProgressBar(process.stderr);
  const model = await chooseModelAsync(
    a.model,
    { sources, cache: new FileModelCache(modelCacheDir()), modelsDir: MODELS_DIR, say, onProgress: (p) => !p.fromCache && progress.onProgress(p) },
    a.variant,
  );
  progress.finish();
  for (const n of model.notices) say(n);
  const engine = await openBrowserEngineAsync({
    entry: fileURLToPath(new URL('../edit-page.ts', import.meta.url)),
    assets: { ...model.assets, 'templates.json': { file: TEMPLATES } },
  });
  try {
    let lastLine = 0;
    await engine.page.exposeFunction('__editProgress', (p: EditProgress) => {
      if (a.quiet || (Date.now() - lastLine < 1000 && p.iteration < p.iterations)) return;
      lastLine = Date.now();
      process.stderr.write(
        `iteration ${p.iteration}/${p.iterations}  loss ${p.loss.toFixed(3)}  ${fmtMs(p.elapsedMs)} elapsed, ${fmtMs(p.etaMs)} left${p.skippedSteps ? `, ${p.skippedSteps} skipped` : ''}\n`,
      );
    });
    const init = await callPageAsync(engine.page, EDIT_PAGE, 'initAsync', { modelBase: 'model/', modelId: model.id, templatesPath: 'templates.json' });
    if (init.softwareAdapter && !a.quiet)
      process.stderr.write(
        `clipvg edit: software WebGPU (no GPU found); CLIP runs on ${init.clipProvider === 'wasm' ? 'WASM (CPU)' : 'WebGPU'}; expect seconds per iteration\n`,
      );
  } catch (err) {
    await engine.closeAsync();
    throw err;
  }
  return { engine, model };
}

/** An input file: its SVG scene (and text, for --freeze), or raster bytes to vectorise. */
function readEditInput(input: string): { bytes: Uint8Array; svg?: { text: string; scene: Scene } } {
  const bytes = readInputFile(input);
  if (isRaster(bytes)) return { bytes };
  const text = decodeSvgBytes(bytes, input);
  try {
    return { bytes, svg: { text, scene: importSvg(text) } };
  } catch (err) {
    if (err instanceof SvgImportError || err instanceof SceneValidationError) throw new InputError(`${input}: ${err.message}`);
    throw err;
  }
}

export const editCommand: CliCommand = {
  usage: EDIT_USAGE,
  async runAsync(args) {
    const a = parseEditArgs(args);
    const plan = planOutputs(a.inputs, a.output, { ...(a.seeds ? { seeds: a.seeds } : {}), extension: '.svg' });
    let session: EditSession | undefined;
    const reports: object[] = [];
    try {
      await forEachInputAsync(plan, say, async ({ input, outputs }) => {
        const file = readEditInput(input);
        if (a.freezeIds.length > 0 && !file.svg) throw new InputError(`${input}: --freeze names SVG ids, and a raster input has none`);
        const frozenGroups = file.svg && a.freezeIds.length > 0 ? frozenGroupIndices(file.svg.text, file.svg.scene, a.freezeIds, input) : undefined;
        session ??= await openSessionAsync(a);
        const { page } = session.engine;
        let scene = file.svg?.scene;
        if (!scene) {
          try {
            scene = await callPageAsync(page, EDIT_PAGE, 'vectorizeAsync', Buffer.from(file.bytes).toString('base64'));
          } catch (err) {
            throw new InputError(`${input}: ${(err as Error).message.split('\n')[0]}`);
          }
        }
        scene = { ...scene, rois: [...scene.rois, ...a.rois] };
        for (const out of outputs) {
          const options: EditOptions = { ...a.options, ...(frozenGroups ? { frozenGroups } : {}), ...(out.seed !== undefined ? { seed: out.seed } : {}) };
          const started = performance.now();
          const run = await callPageAsync(page, EDIT_PAGE, 'editAsync', scene, options, { frames: a.frames !== undefined });
          const { result } = run;
          writeOutputFile(out.path, exportSvg(result.scene));
          if (a.frames) {
            mkdirSync(a.frames, { recursive: true });
            for (const f of run.frames) writeFileSync(join(a.frames, `frame-${String(f.iteration).padStart(4, '0')}.png`), Buffer.from(f.png, 'base64'));
          }
          const m = session.model;
          const { referenceImage, ...reported } = options;
          reports.push({
            input,
            output: out.path,
            model: m.id,
            modelVariant: m.variant,
            modelFrom: m.from,
            clipProvider: result.clipProvider,
            canvas: [scene.width, scene.height],
            groups: scene.groups.length,
            options: { ...reported, ...(referenceImage ? { referenceImage: a.referenceImagePath } : {}) },
            rois: [{ x: 0, y: 0, width: scene.width, height: scene.height, prompt: a.options.prompt }, ...scene.rois],
            iterations: result.iterations,
            losses: result.losses,
            roiViewLosses: result.roiViewLosses,
            skippedSteps: result.skippedSteps,
            warnings: result.warnings,
            timings: { ...result.timings, totalMs: performance.now() - started },
          });
          for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
          process.stdout.write(
            `${input} -> ${out.path}: model ${m.id}${m.variant ? ` (${m.variant})` : ''}, ${result.iterations} iterations, loss ${result.losses[0]?.toFixed(3)} -> ${result.losses.at(-1)?.toFixed(3)}, ${fmtMs(result.timings.perIterationMs)} per iteration\n`,
          );
        }
      });
    } finally {
      await session?.engine.closeAsync();
      // One run: the report itself; several: one entry per output written.
      if (a.report && reports.length > 0)
        writeOutputFile(
          a.report,
          `${JSON.stringify(reports.length === 1 && plan.length === 1 && plan[0]!.outputs.length === 1 ? reports[0] : { runs: reports }, null, 1)}\n`,
        );
    }
  },
};
