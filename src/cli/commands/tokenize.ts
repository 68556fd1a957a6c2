import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { CliCommand } from '../cli-command.ts';
import { InputError } from '../cli-errors.ts';
import { parseCliArgs } from '../parse-cli-args.ts';
import { clipTokenizerJsonFromBpeText } from '../../engine/clip/clip-bpe-vocab.ts';
import { ClipTokenizer } from '../../engine/clip/clip-tokenizer.ts';

const usage = `usage: clipvg tokenize "TEXT" --vocab FILE

Prints CLIP's token ids for TEXT (start and end tokens included, no padding) as JSON.
FILE is a Hugging Face tokenizer.json or CLIP's bpe_simple_vocab_16e6.txt(.gz).`;

/** Reads a tokenizer.json, or builds the equivalent one from a CLIP merges file. */
export function loadTokenizerFile(path: string): ClipTokenizer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new InputError(`cannot read --vocab ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch {
      throw new InputError(`--vocab ${path} looks gzip-compressed but does not decompress`);
    }
  }
  const text = bytes.toString('utf8');
  try {
    if (text.trimStart().startsWith('{')) {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (err) {
        throw new InputError(`--vocab ${path} is not valid JSON: ${(err as Error).message}`);
      }
      return new ClipTokenizer(json as object);
    }
    return new ClipTokenizer(clipTokenizerJsonFromBpeText(text));
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`--vocab ${path}: ${(err as Error).message}`);
  }
}

export const tokenizeCommand: CliCommand = {
  usage,
  async runAsync(args) {
    const { values, positionals } = parseCliArgs(args, { vocab: { type: 'string' } });
    if (positionals.length !== 1) throw new InputError(`expected exactly one TEXT argument, got ${positionals.length} (quote the text)`);
    if (!values.vocab) throw new InputError('missing --vocab FILE (a tokenizer.json or bpe_simple_vocab_16e6.txt.gz)');
    const tokens = loadTokenizerFile(values.vocab).encode(positionals[0]!);
    if (tokens.warning) process.stderr.write(`clipvg tokenize: warning: ${tokens.warning}\n`);
    process.stdout.write(`${JSON.stringify(tokens.ids)}\n`);
  },
};
