import type { CliCommand } from '../cli-command.ts';
import { InputError } from '../cli-errors.ts';
import { readInputFile, writeOutputFile } from '../cli-files.ts';
import { forEachInputAsync, planOutputs } from '../multi-input.ts';
import { parseCliArgs } from '../parse-cli-args.ts';
import type { SceneWarning } from '../../scene/scene.ts';
import { SceneValidationError } from '../../scene/scene-validate.ts';
import { exportSvg } from '../../scene/svg-export.ts';
import { importSvgDetailed, SvgImportError, type SvgImportStats } from '../../scene/svg-import.ts';

// `clipvg convert IN.svg -o OUT.svg`: SVG -> scene -> plain SVG 1.1. The summary says how
// many shapes were kept; warnings (what was approximated) go to stderr, grouped so that a
// file with 10,000 similar warnings stays readable.

const USAGE = `usage: clipvg convert IN.svg... -o OUT.svg|DIR/ [--all-warnings]

Imports an SVG into the scene model (filled cubic paths, one colour each) and writes it
back as plain SVG 1.1. Prints the number of groups and sub-paths kept; what could not be
represented exactly is reported as warnings on stderr. Use -o - to write to stdout.
Several inputs need -o DIR/ and are written as DIR/NAME.svg, in one process; a failed input
is reported in one line and the rest go on (the exit code is non-zero if any failed).`;

const WARNING_LINES = 40;

/** Decodes file bytes as SVG text, refusing binary formats by their signature. */
export function decodeSvgBytes(bytes: Uint8Array, name: string): string {
  if (bytes.length === 0) throw new InputError(`${name} is empty (0 bytes), not an SVG file`);
  const sig = (s: number[]) => s.every((b, i) => bytes[i] === b);
  if (sig([0x89, 0x50, 0x4e, 0x47])) throw new InputError(`${name} is a PNG image, not an SVG file (vectorise rasters first)`);
  if (sig([0xff, 0xd8, 0xff])) throw new InputError(`${name} is a JPEG image, not an SVG file (vectorise rasters first)`);
  if (sig([0x1f, 0x8b])) throw new InputError(`${name} is gzip-compressed (an .svgz?); decompress it first (gunzip)`);
  if (sig([0xff, 0xfe]) || sig([0xfe, 0xff])) return new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}

function readInput(path: string): string {
  return decodeSvgBytes(readInputFile(path), path);
}

/** Warnings grouped by message: one line per distinct message, naming up to three elements. */
export function formatWarnings(warnings: readonly SceneWarning[], all: boolean): string[] {
  const byMessage = new Map<string, string[]>();
  for (const w of warnings) {
    const list = byMessage.get(w.message);
    if (list) list.push(w.where);
    else byMessage.set(w.message, [w.where]);
  }
  const lines: string[] = [];
  for (const [message, where] of byMessage) {
    if (where.length === 1) lines.push(`warning: ${where[0]}: ${message}`);
    else lines.push(`warning: ${message} (${where.length} elements: ${where.slice(0, 3).join(', ')}${where.length > 3 ? ', ...' : ''})`);
  }
  if (!all && lines.length > WARNING_LINES) {
    const more = lines.length - WARNING_LINES;
    return [...lines.slice(0, WARNING_LINES), `warning: ... and ${more} more kinds of warning (--all-warnings lists them)`];
  }
  return lines;
}

export function summaryLine(stats: SvgImportStats): string {
  const parts = [`kept ${stats.groups} groups (${stats.subPaths} sub-paths) from ${stats.shapeElements} shape elements`];
  if (stats.strokes > 0) parts.push(`${stats.strokes} of the groups are stroke outlines`);
  if (stats.hidden > 0) parts.push(`${stats.hidden} hidden (display:none/visibility) not drawn`);
  if (stats.unpainted > 0) parts.push(`${stats.unpainted} with neither fill nor stroke`);
  if (stats.noArea > 0) parts.push(`${stats.noArea} filled but without area`);
  return parts.join('; ');
}

export const convertCommand: CliCommand = {
  usage: USAGE,
  async runAsync(args: string[]): Promise<void> {
    const { values, positionals } = parseCliArgs(args, {
      output: { type: 'string', short: 'o' },
      'all-warnings': { type: 'boolean' },
    });
    if (positionals.length === 0) throw new InputError(`no input SVG given; ${USAGE.split('\n')[0]}`);
    const output = values.output;
    if (output === undefined) throw new InputError(positionals.length > 1 ? 'missing -o DIR/ for the outputs' : 'missing -o OUT.svg (use -o - for stdout)');
    if (output === '-' && positionals.length > 1) throw new InputError(`-o - writes one file to stdout; ${positionals.length} inputs need -o DIR/`);
    const plan = output === '-' ? [{ input: positionals[0]!, outputs: [{ path: '-' }] }] : planOutputs(positionals, output, { extension: '.svg' });
    await forEachInputAsync(
      plan,
      (line) => void process.stderr.write(`clipvg convert: ${line}\n`),
      async ({ input, outputs }) => convertOne(input, outputs[0]!.path, values['all-warnings'] === true),
    );
  },
};

function convertOne(input: string, output: string, allWarnings: boolean): void {
  const text = readInput(input);
  let result;
  let svg: string;
  try {
    result = importSvgDetailed(text);
    svg = exportSvg(result.scene);
  } catch (err) {
    if (err instanceof SvgImportError || err instanceof SceneValidationError) throw new InputError(`${input}: ${err.message}`);
    throw err;
  }
  for (const line of formatWarnings(result.scene.warnings, allWarnings)) process.stderr.write(`${line}\n`);
  if (output === '-') process.stdout.write(svg);
  else writeOutputFile(output, svg);
  const summary = `${input} -> ${output === '-' ? 'stdout' : output}: ${summaryLine(result.stats)}\n`;
  (output === '-' ? process.stderr : process.stdout).write(summary);
}
