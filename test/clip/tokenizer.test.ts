import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { clipTokenizerJsonFromBpeText } from '../../src/engine/clip/clip-bpe-vocab.ts';
import { ClipTokenizer, CLIP_CONTEXT_LENGTH } from '../../src/engine/clip/clip-tokenizer.ts';
import { loadTokenizerFile, tokenizeCommand } from '../../src/cli/commands/tokenize.ts';
import { InputError } from '../../src/cli/cli-errors.ts';

const BPE_GZ = 'models/clip-text/clip-bpe/bpe_simple_vocab_16e6.txt.gz';
const vectors: { text: string; ids: number[] }[] = JSON.parse(readFileSync('models/clip-text/clip-bpe/vectors.json', 'utf8'));
const clipJson = clipTokenizerJsonFromBpeText(gunzipSync(readFileSync(BPE_GZ)).toString('utf8'));
const clip = new ClipTokenizer(clipJson);

test("the merges file gives CLIP's 49,408-token vocabulary with the special tokens last", () => {
  assert.equal(clip.vocabSize, 49408);
  assert.equal(clip.startId, 49406);
  assert.equal(clip.endId, 49407);
});

test('every vector of vectors.json is reproduced exactly (from the .gz merges file)', () => {
  assert.ok(vectors.length > 0);
  for (const v of vectors) assert.deepEqual(clip.encode(v.text).ids, v.ids, v.text);
});

test('the same vectors through a tokenizer.json file on disk, via the CLI loader', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clipvg-tok-'));
  const path = join(dir, 'tokenizer.json');
  writeFileSync(path, JSON.stringify(clipJson));
  const fromJson = loadTokenizerFile(path);
  const fromGz = loadTokenizerFile(BPE_GZ);
  for (const v of vectors) {
    assert.deepEqual(fromJson.encode(v.text).ids, v.ids, v.text);
    assert.deepEqual(fromGz.encode(v.text).ids, v.ids, v.text);
  }
});

test('lower-casing and whitespace clean-up', () => {
  const ref = vectors.find((v) => v.text.toLowerCase() === 'a photo')!;
  assert.deepEqual(clip.encode('  A \t PHOTO\n ').ids, ref.ids);
});

test('long prompts are cut to the context length with the end token kept, and warn', () => {
  const long = Array.from({ length: 120 }, (_, i) => vectors[i % vectors.length]!.text).join(' ');
  const full = new ClipTokenizer(clipJson, 10_000).encode(long);
  assert.ok(full.ids.length > CLIP_CONTEXT_LENGTH && full.warning === undefined);
  const cut = clip.encode(long);
  assert.equal(cut.ids.length, CLIP_CONTEXT_LENGTH);
  assert.deepEqual(cut.ids.slice(0, -1), full.ids.slice(0, CLIP_CONTEXT_LENGTH - 1));
  assert.equal(cut.ids.at(-1), clip.endId);
  assert.match(cut.warning ?? '', /cut/);
  assert.equal(clip.encode(vectors[0]!.text).warning, undefined);
});

test("tiny models' tokenizer.json agrees with the Python tokenizer that trained them", () => {
  for (const name of ['tiny-random-fused', 'tiny-random-decomposed']) {
    const tok = new ClipTokenizer(JSON.parse(readFileSync(`models/${name}/tokenizer.json`, 'utf8')));
    const fixture = JSON.parse(readFileSync(`models/${name}/gradient-fixture.json`, 'utf8')) as { texts: { text: string; ids: number[] }[] };
    for (const t of fixture.texts) assert.deepEqual(tok.encode(t.text).ids, t.ids, `${name}: ${t.text}`);
    assert.equal(tok.endId, tok.vocabSize - 1, 'end token must be the largest id (argmax pooling)');
  }
});

test('clipvg tokenize prints the ids as JSON and rejects bad input with InputError', async () => {
  const written: string[] = [];
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => (written.push(chunk), true)) as typeof process.stdout.write;
  try {
    await tokenizeCommand.runAsync([vectors[4]!.text, '--vocab', BPE_GZ]);
  } finally {
    process.stdout.write = original;
  }
  assert.deepEqual(JSON.parse(written.join('')), vectors[4]!.ids);
  await assert.rejects(tokenizeCommand.runAsync(['x', '--vocab', '/nonexistent/vocab.json']), InputError);
  await assert.rejects(tokenizeCommand.runAsync(['x']), /--vocab/);
  await assert.rejects(tokenizeCommand.runAsync(['x', '--vocab', 'package.json']), InputError);
  await assert.rejects(tokenizeCommand.runAsync(['x', '--vocab', 'tsconfig.json']), InputError);
});
