import { DEFAULT_MODEL_ID, OFFLINE_MODEL_ID } from '../../../models/model-registry.ts';
import { EDIT_MODES, MAX_VARIATIONS, type EditMode, type EditOptions } from '../../engine/edit/edit-types.ts';
import { REFERENCE_MAX_SIDE } from '../../engine/edit/reference-image.ts';
import { ImageDecodeError } from '../../image/decode-image-error.ts';
import { decodeImageToWorkingSize } from '../../image/decode-image.ts';
import type { RgbaImage } from '../../image/rgba-image.ts';
import { parseHexPalette } from '../../scene/hex-palette.ts';
import type { Rgba, Roi } from '../../scene/scene.ts';
import { InputError } from '../cli-errors.ts';
import { readInputFile } from '../cli-files.ts';
import { parseFreezeIds } from '../freeze-ids.ts';
import { parseCliArgs } from '../parse-cli-args.ts';

// `clipvg edit`'s arguments, checked before any browser starts: a mistake is one InputError
// line (exit 2).

export const EDIT_USAGE = `usage: clipvg edit IN... -o OUT.svg|DIR/ --prompt "TEXT" [--roi "x,y,w,h=TEXT"]...
  [--mode full|shape|color|palette] [--palette "#hex,#hex,..."] [--iters N] [--patches N]
  [--seed N | --seeds N,N,...] [--strength S] [--ref-image IMG [--ref-weight W]] [--freeze ID,...]
  [--model ID|DIR [--variant NAME]] [--frames DIR] [--report OUT.json] [--shape-lr X] [--color-lr X]

Edits the vector art (SVG, or PNG/JPEG vectorised first) so that CLIP sees it move towards
the prompt (CLIPVG): control points and fill colours optimised through the differentiable
rasteriser. --roi adds a region with its own prompt (repeatable). --mode shape keeps every
colour, color keeps every coordinate, palette recolours with the --palette colours only.
Defaults: 150 iterations, 64 patches, seed 0, shape lr 0.2, colour lr 0.01.
--strength S (0..1, default 0.5 = those defaults) scales the iterations and both learning
rates together: x0.5 at 0, x2 at 1. --seeds 1,2,3 runs one variation per seed (up to
${MAX_VARIATIONS}) and writes OUT-seed1.svg, ... . Several inputs need -o DIR/ and write
DIR/NAME.svg each (DIR/NAME-seedN.svg with --seeds); a failed input is reported and the rest
go on, and the exit code is non-zero if any failed. --ref-image IMG (PNG/JPEG) sets the
direction from a picture: E(IMG) - E(input), with the same loss; --prompt is optional with
it, and with both, --ref-weight W (0..1, default 0.5) blends the picture's direction with
the prompt's. --freeze ID,... locks the SVG elements with those ids (groups or paths): their
shapes come back bit for bit unchanged. --model: a registry id (see clipvg models) or a
folder with vision_model.onnx, text_model.onnx, tokenizer.json. Default: ${DEFAULT_MODEL_ID}
when it is cached (clipvg models fetch ${DEFAULT_MODEL_ID}), else the shipped tiny
${OFFLINE_MODEL_ID}. --variant picks one of the model's variants (clipvg models lists them).
A model named with --model that cannot be loaded stops the command (exit 1, no output).
--frames writes PNG previews (one input, one seed), --report a JSON with losses per
iteration and timings (one entry per output).`;

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

function wholeNumber(name: string, text: string | undefined, min: number): number | undefined {
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

function unitNumber(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || v < 0 || v > 1) throw new InputError(`${name} wants a number from 0 to 1, got '${text}'`);
  return v;
}

/** `--seeds 1,2,3`: 1..MAX_VARIATIONS distinct whole numbers. */
export function parseSeeds(text: string): number[] {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.some((s) => !/^-?\d+$/.test(s) || Math.abs(Number(s)) >= 2 ** 31))
    throw new InputError(`--seeds wants whole numbers separated by commas, got '${text}'`);
  const seeds = parts.map(Number);
  if (seeds.length > MAX_VARIATIONS) throw new InputError(`--seeds takes at most ${MAX_VARIATIONS} seeds, got ${seeds.length}`);
  if (new Set(seeds).size !== seeds.length) throw new InputError(`--seeds '${text}' repeats a seed; each variation needs its own`);
  return seeds;
}

/** The reference picture, decoded here so that a bad file is one line before any browser starts. */
export function readReferenceImage(path: string): RgbaImage {
  const bytes = readInputFile(path);
  try {
    return decodeImageToWorkingSize(bytes, { maxSide: REFERENCE_MAX_SIDE }).image;
  } catch (err) {
    if (err instanceof ImageDecodeError) throw new InputError(`--ref-image ${path}: ${err.message}`);
    throw err;
  }
}

export interface EditArgs {
  inputs: string[];
  output: string;
  /** Shared by every input and seed (seed set per variation). */
  options: EditOptions;
  seeds?: number[];
  freezeIds: string[];
  rois: Roi[];
  referenceImagePath?: string;
  model?: string;
  variant?: string;
  frames?: string;
  report?: string;
  quiet: boolean;
}

export function parseEditArgs(args: string[]): EditArgs {
  const { values, positionals } = parseCliArgs(args, {
    output: { type: 'string', short: 'o' },
    prompt: { type: 'string' },
    roi: { type: 'string', multiple: true },
    mode: { type: 'string' },
    palette: { type: 'string' },
    iters: { type: 'string' },
    patches: { type: 'string' },
    seed: { type: 'string' },
    seeds: { type: 'string' },
    strength: { type: 'string' },
    'ref-image': { type: 'string' },
    'ref-weight': { type: 'string' },
    freeze: { type: 'string' },
    model: { type: 'string' },
    variant: { type: 'string' },
    frames: { type: 'string' },
    report: { type: 'string' },
    'shape-lr': { type: 'string' },
    'color-lr': { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
  });
  if (positionals.length === 0) throw new InputError(`no input file given; ${EDIT_USAGE.split('\n')[0]}`);
  if (values.output === undefined) throw new InputError(positionals.length > 1 ? 'missing -o DIR/ for the outputs' : 'missing -o OUT.svg');
  const refPath = values['ref-image'];
  const prompt = values.prompt ?? '';
  if (prompt.trim() === '' && refPath === undefined) throw new InputError('missing --prompt "TEXT" (the prompt must not be empty unless --ref-image is given)');
  const refWeight = unitNumber('--ref-weight', values['ref-weight']);
  if (refWeight !== undefined && (refPath === undefined || prompt.trim() === '')) {
    throw new InputError('--ref-weight blends --ref-image with --prompt; give both');
  }
  const mode = (values.mode ?? 'full') as EditMode;
  if (!EDIT_MODES.includes(mode)) throw new InputError(`--mode must be one of ${EDIT_MODES.join(', ')}, got '${values.mode}'`);
  const palette = values.palette === undefined ? undefined : parsePalette(values.palette);
  if (mode === 'palette' && !palette) throw new InputError('--mode palette needs --palette "#hex,#hex,..."');
  if (palette && mode !== 'palette') throw new InputError('--palette is only used with --mode palette');
  const rois = (values.roi ?? []).map(parseRoi);
  if (values.seed !== undefined && values.seeds !== undefined) throw new InputError('give --seed N or --seeds N,N,..., not both');
  const seeds = values.seeds === undefined ? undefined : parseSeeds(values.seeds);
  const iterations = wholeNumber('--iters', values.iters, 1);
  const patches = wholeNumber('--patches', values.patches, 0);
  const seed = wholeNumber('--seed', values.seed, -(2 ** 31));
  const strength = unitNumber('--strength', values.strength);
  const shapeLr = nonNegative('--shape-lr', values['shape-lr']);
  const colorLr = nonNegative('--color-lr', values['color-lr']);
  const freezeIds = values.freeze === undefined ? [] : parseFreezeIds(values.freeze);
  if (values.frames !== undefined && (positionals.length > 1 || (seeds?.length ?? 1) > 1)) throw new InputError('--frames takes one input and one seed');
  const referenceImage = refPath === undefined ? undefined : readReferenceImage(refPath);
  const options: EditOptions = {
    prompt,
    mode,
    ...(palette ? { palette } : {}),
    ...(referenceImage ? { referenceImage } : {}),
    ...(refWeight !== undefined ? { referenceWeight: refWeight } : {}),
    ...(iterations !== undefined ? { iterations } : {}),
    ...(patches !== undefined ? { patches } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(strength !== undefined ? { strength } : {}),
    ...(shapeLr !== undefined ? { shapeLr } : {}),
    ...(colorLr !== undefined ? { colorLr } : {}),
    ...(values.frames ? { previewIntervalMs: 0 } : {}),
  };
  return {
    inputs: positionals,
    output: values.output,
    options,
    ...(seeds ? { seeds } : {}),
    freezeIds,
    rois,
    ...(refPath !== undefined ? { referenceImagePath: refPath } : {}),
    ...(values.model !== undefined ? { model: values.model } : {}),
    ...(values.variant !== undefined ? { variant: values.variant } : {}),
    ...(values.frames !== undefined ? { frames: values.frames } : {}),
    ...(values.report !== undefined ? { report: values.report } : {}),
    quiet: values.quiet ?? false,
  };
}
