import { loadSceneFromImageFileAsync } from '../../engine/vectorize/load-scene-from-image-file.ts';
import {
  DEFAULT_MAX_SIZE,
  DEFAULT_ROUNDS,
  MAX_WORKING_SIZE,
  resolveVectorizeOptions,
  type VectorizeOptions,
} from '../../engine/vectorize/vectorize-options.ts';
import { ImageDecodeError } from '../../image/decode-image-error.ts';
import { countPaths } from '../../scene/scene.ts';
import { exportSvg } from '../../scene/svg-export.ts';
import type { CliCommand } from '../cli-command.ts';
import { InputError } from '../cli-errors.ts';
import { readInputFile, writeOutputFile } from '../cli-files.ts';
import { parseCliArgs } from '../parse-cli-args.ts';

// `clipvg vectorize IN.(png|jpg) -o OUT.svg`: the engine's multi-round vectoriser on a file.
// Runs in Node directly: the vectoriser is plain JS (no WebGPU), so no browser is needed.

const USAGE = `usage: clipvg vectorize IN.(png|jpg) -o OUT.svg [--rounds ${DEFAULT_ROUNDS.join(',')}] [--max-size ${DEFAULT_MAX_SIZE}] [--min-area N] [--quiet]

Vectorises a PNG or JPEG in rounds of increasing shape count (coarse round at the bottom),
each round a complete cover of the picture by closed cubic paths with solid fills, as CLIPVG
does; each region is the picture's own mean colour there, regions merged by least error. The SVG has the picture's exact width and height; tracing runs on a copy shrunk to
a longest side of --max-size (at most ${MAX_WORKING_SIZE}).
--min-area merges regions smaller than N working-size pixels first. Prints a summary (on stderr
with -o -) unless --quiet. Use -o - to write to stdout.`;

function parseRounds(text: string): number[] {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.some((p) => !/^\d+$/.test(p)))
    throw new InputError(`--rounds wants comma-separated shape counts such as ${DEFAULT_ROUNDS.join(',')}, got '${text}'`);
  return parts.map(Number);
}

function parseInteger(name: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new InputError(`${name} wants a whole number, got '${text}'`);
  return Number(text);
}

export const vectorizeCommand: CliCommand = {
  usage: USAGE,
  async runAsync(args) {
    const { values, positionals } = parseCliArgs(args, {
      output: { type: 'string', short: 'o' },
      rounds: { type: 'string' },
      'max-size': { type: 'string' },
      'min-area': { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
    });
    if (positionals.length !== 1) throw new InputError(`expected one input image, got ${positionals.length} (${USAGE.split('\n')[0]})`);
    if (values.output === undefined) throw new InputError('missing -o OUT.svg (use -o - for stdout)');
    const input = positionals[0]!;
    const partial: Partial<VectorizeOptions> = {};
    if (values.rounds !== undefined) partial.rounds = parseRounds(values.rounds);
    if (values['max-size'] !== undefined) partial.maxSize = parseInteger('--max-size', values['max-size']);
    if (values['min-area'] !== undefined) partial.minRegionArea = parseInteger('--min-area', values['min-area']);
    let options: VectorizeOptions;
    try {
      options = resolveVectorizeOptions(partial);
    } catch (err) {
      if (err instanceof RangeError) throw new InputError(err.message);
      throw err;
    }
    const bytes = readInputFile(input);
    const started = performance.now();
    let loaded;
    try {
      loaded = await loadSceneFromImageFileAsync(bytes, options);
    } catch (err) {
      if (err instanceof ImageDecodeError) throw new InputError(`${input}: ${err.message}`);
      throw err;
    }
    const svg = exportSvg(loaded.scene);
    if (values.output === '-') process.stdout.write(svg);
    else writeOutputFile(values.output, svg);
    if (!values.quiet) {
      const { scene } = loaded;
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      (values.output === '-' ? process.stderr : process.stdout).write(
        `vectorised ${input} (${loaded.format.toUpperCase()} ${scene.width}x${scene.height}) traced at ${loaded.image.width}x${loaded.image.height}: ` +
          `rounds ${options.rounds.join(',')}, ${scene.groups.length} shapes, ${countPaths(scene)} sub-paths, ${seconds} s\n`,
      );
    }
  },
};
