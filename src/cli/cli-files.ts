import { readFileSync, writeFileSync } from 'node:fs';
import { InputError } from './cli-errors.ts';

// The commands' input and output files: an unreadable input or unwritable output is the
// user's to fix, so it becomes one InputError line naming the path, never a stack trace.

export function readInputFile(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new InputError(`cannot read ${path}: ${why}`);
  }
}

export function writeOutputFile(path: string, data: string | Uint8Array): void {
  try {
    writeFileSync(path, data);
  } catch (err) {
    throw new InputError(`cannot write ${path}: ${(err as Error).message}`);
  }
}
