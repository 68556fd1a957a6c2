import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MODEL_ID, OFFLINE_MODEL_ID } from '../../../models/model-registry.ts';
import { EDIT_PAGE } from '../edit-page-api.ts';
import { parseHexPalette } from '../../scene/hex-palette.ts';
import { callPageAsync } from '../page-api.ts';
import { EDIT_MODES, type EditMode, type EditOptions, type EditProgress } from '../../engine/edit/edit-types.ts';
import type { Rgba, Roi, Scene } from '../../scene/scene.ts';
import { SceneValidationError } from '../../scene/scene-validate.ts';
import { exportSvg } from '../../scene/svg-export.ts';
import { importSvg, SvgImportError } from '../../scene/svg-import.ts';
import { openBrowserEngineAsync } from '../browser-engine.ts';
import type { CliCommand } from '../cli-command.ts';
import { InputError } from '../cli-errors.ts';
import { readInputFile, writeOutputFile } from '../cli-files.ts';
import { cliModelSources } from '../cli-model-registry.ts';
import { chooseModelAsync } from '../model-choice.ts';
import { FileModelCache, modelCacheDir } from '../model-file-cache.ts';
import { createProgressBar } from '../progress-bar.ts';
import { parseCliArgs } from '../parse-cli-args.ts';
import { decodeSvgBytes } from './convert.ts';

// `clipvg edit`: CLIPVG prompt editing of an SVG (or a PNG/JPEG, vectorised first) with the
// plugin's engine object, run on WebGPU in headless Chromium.

const USAGE = `usage: clipvg edit IN.svg|IN.png|IN.jpg -o OUT.svg --prompt "TEXT" [--roi "x,y,w,h=TEXT"]...
  [--mode full|shape|color|palette] [--palette "#hex,#hex,..."] [--iters N] [--patches N] [--seed N]
  [--model ID|DIR [--variant NAME]] [--frames DIR] [--report OUT.json] [--shape-lr X] [--color-lr X]

Edits the vector art so that CLIP sees it move towards the prompt (CLIPVG): control points
and fill colours optimised through the differentiable rasteriser. --roi adds a region with its
own prompt (repeatable). --mode shape keeps every colour, color keeps every coordinate,
palette recolours with the --palette colours only. Defaults: 150 iterations, 64 patches,
seed 0, shape lr 0.2, colour lr 0.01. --model: a registry id (see clipvg models) or a folder
with vision_model.onnx, text_model.onnx, tokenizer.json. Default: ${DEFAULT_MODEL_ID} when it
is cached (clipvg models fetch ${DEFAULT_MODEL_ID}), else the shipped tiny ${OFFLINE_MODEL_ID}.
--variant picks one of the model's variants (clipvg models lists them). A model named with
--model that cannot be loaded stops the command (exit 1, no output).
--frames writes PNG previews, --report a JSON with losses per iteration and timings.`;

const TEMPLATES = fileURLToPath(new URL('../../../models/clip-text/imagenet-templates.json', import.meta.url));
const MODELS_DIR = fileURLToPath(new URL('../../../models/', import.meta.url));
const say = (line: string) => void process.stderr.write(`clipvg edit: ${line}\n`);

export function parseRoi(text: string): Roi {
  const m = /^\s*([-+]?[\d.]+)\s*,\s*([-+]?[\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*=(.*)$/s.exec(text);
  const nums = m ? [m[1], m[2], m[3], m[4]].map(Number) : [];
  if (!m || nums.some((n) => !Number.isFinite(n))) throw new InputError(`--roi wants "x,y,w,h=TEXT", got '${text}'`);
  const [x, y, width, height] = nums as [number, number, number, number];
  if (!(width > 0 && height > 0)) throw new InputError(`--roi '${text}': width and height must be positive`);
  if (m[5]!.trim() === '') throw new InputError(`--roi '${text}': the prompt after '=' is empty`);
  return { x, y, width, height, prompt: m[5]!.trim() };
}

export function parsePalette(text: string): Rgba[] {
  const parsed = parseHexPalette(text);
  if (!parsed.ok) throw new InputError(`--palette: ${parsed.error}`);
  return parsed.colours;
}

function positiveInt(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(text.trim()) || Number(text) < min) throw new InputError(`${name} wants a whole number >= ${min}, got '${text}'`);
  return Number(text);
}

function nonNegative(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || v < 0) throw new InputError(`${name} wants a number >= 0, got '${text}'`);
  return v;
}

const isRaster = (b: Uint8Array) => (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) || (b[0] === 0xff && b[1] === 0xd8);

function fmtMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

export const editCommand: CliCommand = {
  usage: USAGE,
  async runAsync(args) {
    const { values, positionals } = parseCliArgs(args, {
      output: { type: 'string', short: 'o' },
      prompt: { type: 'string' },
      roi: { type: 'string', multiple: true },
      mode: { type: 'string' },
      palette: { type: 'string' },
      iters: { type: 'string' },
      patches: { type: 'string' },
      seed: { type: 'string' },
      model: { type: 'string' },
      variant: { type: 'string' },
      frames: { type: 'string' },
      report: { type: 'string' },
      'shape-lr': { type: 'string' },
      'color-lr': { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
    });
    if (positionals.length !== 1) throw new InputError(`expected one input file, got ${positionals.length}; ${USAGE.split('\n')[0]}`);
    const input = positionals[0]!;
    if (values.output === undefined) throw new InputError('missing -o OUT.svg');
    if (values.prompt === undefined || values.prompt.trim() === '') throw new InputError('missing --prompt "TEXT" (the prompt must not be empty)');
    const mode = (values.mode ?? 'full') as EditMode;
    if (!EDIT_MODES.includes(mode)) throw new InputError(`--mode must be one of ${EDIT_MODES.join(', ')}, got '${values.mode}'`);
    const palette = values.palette === undefined ? undefined : parsePalette(values.palette);
    if (mode === 'palette' && !palette) throw new InputError('--mode palette needs --palette "#hex,#hex,..."');
    if (palette && mode !== 'palette') throw new InputError('--palette is only used with --mode palette');
    const rois = (values.roi ?? []).map(parseRoi);
    const iterations = positiveInt('--iters', values.iters, 1);
    const patches = positiveInt('--patches', values.patches, 0);
    const seed = positiveInt('--seed', values.seed, -(2 ** 31));
    const shapeLr = nonNegative('--shape-lr', values['shape-lr']);
    const colorLr = nonNegative('--color-lr', values['color-lr']);
    const bytes = readInputFile(input);

    let scene: Scene | undefined;
    if (!isRaster(bytes)) {
      try {
        scene = importSvg(decodeSvgBytes(bytes, input));
      } catch (err) {
        if (err instanceof SvgImportError || err instanceof SceneValidationError) throw new InputError(`${input}: ${err.message}`);
        throw err;
      }
    }
    const sources = cliModelSources();
    if (sources.notice) process.stderr.write(`${sources.notice}\n`);
    const progress = createProgressBar(process.stderr);
    const model = await chooseModelAsync(
      values.model,
      {
        sources,
        cache: new FileModelCache(modelCacheDir()),
        modelsDir: MODELS_DIR,
        say,
        onProgress: (p) => !p.fromCache && progress.onProgress(p),
      },
      values.variant,
    );
    progress.finish();
    for (const n of model.notices) say(n);
    const modelName = `${model.id}${model.variant ? ` (${model.variant})` : ''}`;
    const engine = await openBrowserEngineAsync({
      entry: fileURLToPath(new URL('../edit-page.ts', import.meta.url)),
      assets: { ...model.assets, 'templates.json': { file: TEMPLATES } },
    });
    try {
      const page = engine.page;
      const quiet = values.quiet ?? false;
      let lastLine = 0;
      await page.exposeFunction('__editProgress', (p: EditProgress) => {
        if (quiet || (Date.now() - lastLine < 1000 && p.iteration < p.iterations)) return;
        lastLine = Date.now();
        process.stderr.write(
          `iteration ${p.iteration}/${p.iterations}  loss ${p.loss.toFixed(3)}  ${fmtMs(p.elapsedMs)} elapsed, ${fmtMs(p.etaMs)} left${p.skippedSteps ? `, ${p.skippedSteps} skipped` : ''}\n`,
        );
      });
      const init = await callPageAsync(page, EDIT_PAGE, 'initAsync', { modelBase: 'model/', modelId: model.id, templatesPath: 'templates.json' });
      if (init.softwareAdapter && !quiet)
        process.stderr.write(
          `clipvg edit: software WebGPU (no GPU found); CLIP runs on ${init.clipProvider === 'wasm' ? 'WASM (CPU)' : 'WebGPU'}; expect seconds per iteration\n`,
        );
      if (!scene) {
        try {
          scene = await callPageAsync(page, EDIT_PAGE, 'vectorizeAsync', Buffer.from(bytes).toString('base64'));
        } catch (err) {
          throw new InputError(`${input}: ${(err as Error).message.split('\n')[0]}`);
        }
      }
      scene = { ...scene, rois: [...scene.rois, ...rois] };
      const options: EditOptions = {
        prompt: values.prompt,
        mode,
        ...(palette ? { palette } : {}),
        ...(iterations !== undefined ? { iterations } : {}),
        ...(patches !== undefined ? { patches } : {}),
        ...(seed !== undefined ? { seed } : {}),
        ...(shapeLr !== undefined ? { shapeLr } : {}),
        ...(colorLr !== undefined ? { colorLr } : {}),
        ...(values.frames ? { previewIntervalMs: 0 } : {}),
      };
      const started = performance.now();
      const run = await callPageAsync(page, EDIT_PAGE, 'editAsync', scene, options, { frames: values.frames !== undefined });
      const { result } = run;
      writeOutputFile(values.output, exportSvg(result.scene));
      if (values.frames) {
        mkdirSync(values.frames, { recursive: true });
        for (const f of run.frames) writeFileSync(join(values.frames, `frame-${String(f.iteration).padStart(4, '0')}.png`), Buffer.from(f.png, 'base64'));
      }
      if (values.report) {
        const report = {
          input,
          output: values.output,
          model: model.id,
          modelVariant: model.variant,
          modelFrom: model.from,
          clipProvider: result.clipProvider,
          canvas: [scene.width, scene.height],
          groups: scene.groups.length,
          options,
          rois: [{ x: 0, y: 0, width: scene.width, height: scene.height, prompt: values.prompt }, ...scene.rois],
          iterations: result.iterations,
          losses: result.losses,
          roiViewLosses: result.roiViewLosses,
          skippedSteps: result.skippedSteps,
          warnings: result.warnings,
          timings: { ...result.timings, totalMs: performance.now() - started },
        };
        writeOutputFile(values.report, `${JSON.stringify(report, null, 1)}\n`);
      }
      for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
      process.stdout.write(
        `${input} -> ${values.output}: model ${modelName}, ${result.iterations} iterations, loss ${result.losses[0]?.toFixed(3)} -> ${result.losses.at(-1)?.toFixed(3)}, ${fmtMs(result.timings.perIterationMs)} per iteration\n`,
      );
    } finally {
      await engine.closeAsync();
    }
  },
};
