import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from './cli-errors.ts';

/** node:util parseArgs, with its errors turned into InputError (exit 2). */
export function parseCliArgs<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    throw new InputError(err instanceof Error ? err.message : String(err));
  }
}
