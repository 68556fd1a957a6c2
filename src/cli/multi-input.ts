import { mkdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { CommandFailure, InputError } from './cli-errors.ts';

// The commands' many-files form (`clipvg edit A.svg B.svg -o DIR/`, `clipvg convert IN... -o
// DIR/`, `--seeds 1,2,3`): where each result goes, and running the inputs one after another so
// that a failed one is reported in one line and the rest still go on.

/** One output file: `seed` is set for a variation. */
export interface PlannedOutput {
  path: string;
  seed?: number;
}

export interface PlannedInput {
  input: string;
  outputs: PlannedOutput[];
}

/** `-o DIR/` (a trailing slash) or an existing directory. */
export function isDirectoryTarget(output: string): boolean {
  if (output.endsWith('/') || output.endsWith('\\')) return true;
  try {
    return statSync(output).isDirectory();
  } catch {
    return false;
  }
}

const stemOf = (path: string) => basename(path, extname(path));

/** OUT.svg -> OUT-seed3.svg: the suffix goes before the extension. */
export function withSeedSuffix(path: string, seed: number): string {
  const ext = extname(path);
  return `${path.slice(0, path.length - ext.length)}-seed${seed}${ext}`;
}

/**
 * Where each input's results go. One input and no directory: `output` itself (with a seed
 * suffix per seed). Otherwise `output` must be a directory: DIR/STEM.svg, or DIR/STEM-seedN.svg.
 * Two inputs that would write the same file are refused before anything runs.
 */
export function planOutputs(inputs: readonly string[], output: string, options: { seeds?: readonly number[]; extension: string }): PlannedInput[] {
  if (inputs.length === 0) throw new InputError('no input files given');
  const toDir = isDirectoryTarget(output);
  if (inputs.length > 1 && !toDir) throw new InputError(`${inputs.length} inputs need -o DIR/ (a directory, ending in /), got -o ${output}`);
  const seeds = options.seeds;
  const seen = new Map<string, string>();
  const plan = inputs.map((input) => {
    const base = toDir ? join(output, `${stemOf(input)}${options.extension}`) : output;
    const outputs = seeds ? seeds.map((seed) => ({ path: withSeedSuffix(base, seed), seed })) : [{ path: base }];
    for (const o of outputs) {
      const other = seen.get(o.path);
      if (other !== undefined) throw new InputError(`${other} and ${input} would both be written to ${o.path}; rename one or run them apart`);
      seen.set(o.path, input);
    }
    return { input, outputs };
  });
  if (toDir) {
    try {
      mkdirSync(output, { recursive: true });
    } catch (err) {
      throw new InputError(`cannot create the output directory ${output}: ${(err as Error).message}`);
    }
  }
  return plan;
}

/**
 * Runs `run` on each input in turn. With one input its error propagates as it is. With more,
 * a failure is reported as one line (`say`) and the rest go on; afterwards, if any failed, the
 * command fails: exit 2 when every failure was the input's fault (InputError), else 1.
 */
export async function forEachInputAsync<T extends { input: string }>(
  items: readonly T[],
  say: (line: string) => void,
  run: (item: T) => Promise<void>,
): Promise<void> {
  if (items.length === 1) return run(items[0]!);
  const failed: { input: string; ours: boolean }[] = [];
  for (const item of items) {
    try {
      await run(item);
    } catch (err) {
      const known = err instanceof InputError || err instanceof CommandFailure;
      const message = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim();
      say(`${item.input}: ${known ? '' : 'internal error: '}${message.startsWith(`${item.input}:`) ? message.slice(item.input.length + 1).trim() : message}`);
      failed.push({ input: item.input, ours: !(err instanceof InputError) });
    }
  }
  if (failed.length === 0) return;
  const summary = `${failed.length} of ${items.length} inputs failed (${failed.map((f) => f.input).join(', ')}); the others were written`;
  throw failed.some((f) => f.ours) ? new CommandFailure(summary) : new InputError(summary);
}
