import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODEL_ORIGINS } from '../../../models/model-hosts.ts';
import { MODEL_REGISTRY, SHAPES_CLIP } from '../../../models/model-registry.ts';
import { EDIT_PAGE } from '../edit-page-api.ts';
import { parseHexPalette } from '../../scene/hex-palette.ts';
import { callPageAsync } from '../page-api.ts';
import { EDIT_MODES, type EditMode, type EditOptions, type EditProgress } from '../../engine/edit/edit-types.ts';
import { loadClipModelAsync } from '../../engine/models/clip-model-loader.ts';
import type { Rgba, Roi, Scene } from '../../scene/scene.ts';
import { SceneValidationError } from '../../scene/scene-validate.ts';
import { exportSvg } from '../../scene/svg-export.ts';
import { importSvg, SvgImportError } from '../../scene/svg-import.ts';
import { openBrowserEngineAsync } from '../browser-engine.ts';
import type { CliCommand } from '../cli-command.ts';
import { InputError } from '../cli-errors.ts';
import { readInputFile, writeOutputFile } from '../cli-files.ts';
import type { PageAsset } from '../local-page-server.ts';
import { parseCliArgs } from '../parse-cli-args.ts';
import { decodeSvgBytes } from './convert.ts';

// `clipvg edit`: CLIPVG prompt editing of an SVG (or a PNG/JPEG, vectorised first) with the
// plugin's engine object, run on WebGPU in headless Chromium.

const USAGE = `usage: clipvg edit IN.svg|IN.png|IN.jpg -o OUT.svg --prompt "TEXT" [--roi "x,y,w,h=TEXT"]...
  [--mode full|shape|color|palette] [--palette "#hex,#hex,..."] [--iters N] [--patches N] [--seed N]
  [--model ID|DIR] [--frames DIR] [--report OUT.json] [--shape-lr X] [--color-lr X]

Edits the vector art so that CLIP sees it move towards the prompt (CLIPVG): control points
and fill colours optimised through the differentiable rasteriser. --roi adds a region with its
own prompt (repeatable). --mode shape keeps every colour, color keeps every coordinate,
palette recolours with the --palette colours only. Defaults: 150 iterations, 64 patches,
seed 0, shape lr 0.2, colour lr 0.01. --model: a registry id or a folder with
vision_model.onnx, text_model.onnx, tokenizer.json (default: the shipped tiny shapes-clip).
--frames writes PNG previews, --report a JSON with losses per iteration and timings.`;

const TEMPLATES = fileURLToPath(new URL('../../../models/clip-text/imagenet-templates.json', import.meta.url));
const MODELS_DIR = fileURLToPath(new URL('../../../models/', import.meta.url));

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

interface ModelAssets {
  id: string;
  assets: Record<string, PageAsset>;
}

const folderAssets = (id: string, dir: string): ModelAssets => ({
  id,
  assets: {
    'model/vision_model.onnx': { file: join(dir, 'vision_model.onnx') },
    'model/text_model.onnx': { file: join(dir, 'text_model.onnx') },
    'model/tokenizer.json': { file: join(dir, 'tokenizer.json') },
  },
});

/** A folder, the shipped model, or a registry id downloaded from its pinned hosts (falling back to the shipped model, said on stderr). */
async function resolveModelAsync(spec: string | undefined): Promise<ModelAssets> {
  const shipped = () => folderAssets(SHAPES_CLIP.id, join(MODELS_DIR, 'shapes-clip'));
  if (spec === undefined || spec === SHAPES_CLIP.id) {
    process.stderr.write(`clipvg edit: using the shipped tiny model ${SHAPES_CLIP.id} (trained on toy shapes and colours only; real prompts need --model ${MODEL_REGISTRY[0]!.id})\n`);
    return shipped();
  }
  if (existsSync(spec) && statSync(spec).isDirectory()) {
    for (const f of ['vision_model.onnx', 'text_model.onnx', 'tokenizer.json']) {
      if (!existsSync(join(spec, f))) throw new InputError(`--model ${spec}: the folder has no ${f}`);
    }
    return folderAssets(spec, spec);
  }
  const entry = MODEL_REGISTRY.find((e) => e.id === spec);
  if (!entry) throw new InputError(`--model '${spec}' is neither a folder nor a known model id (${MODEL_REGISTRY.map((e) => e.id).join(', ')})`);
  try {
    const loaded = await loadClipModelAsync(entry, { allowedOrigins: MODEL_ORIGINS, signal: AbortSignal.timeout(120_000), onProgress: () => {} });
    return {
      id: entry.id,
      assets: {
        'model/vision_model.onnx': { body: loaded.vision!, type: 'application/octet-stream' },
        'model/text_model.onnx': { body: loaded.text!, type: 'application/octet-stream' },
        'model/tokenizer.json': { body: JSON.stringify(loaded.tokenizerJson), type: 'application/json' },
      },
    };
  } catch (err) {
    process.stderr.write(`clipvg edit: could not download ${entry.id} (${(err as Error).message}); falling back to the shipped tiny model ${SHAPES_CLIP.id}, which knows only toy shapes and colours\n`);
    return shipped();
  }
}

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
    const model = await resolveModelAsync(values.model);
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
        process.stderr.write(`iteration ${p.iteration}/${p.iterations}  loss ${p.loss.toFixed(3)}  ${fmtMs(p.elapsedMs)} elapsed, ${fmtMs(p.etaMs)} left${p.skippedSteps ? `, ${p.skippedSteps} skipped` : ''}\n`);
      });
      const init = await callPageAsync(page, EDIT_PAGE, 'initAsync', { modelBase: 'model/', modelId: model.id, templatesPath: 'templates.json' });
      if (init.softwareAdapter && !quiet) process.stderr.write(`clipvg edit: software WebGPU (no GPU found); CLIP runs on ${init.clipProvider === 'wasm' ? 'WASM (CPU)' : 'WebGPU'}; expect seconds per iteration\n`);
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
      process.stdout.write(`${input} -> ${values.output}: ${result.iterations} iterations, loss ${result.losses[0]?.toFixed(3)} -> ${result.losses.at(-1)?.toFixed(3)}, ${fmtMs(result.timings.perIterationMs)} per iteration\n`);
    } finally {
      await engine.closeAsync();
    }
  },
};
