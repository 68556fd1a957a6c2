import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { ClipTokenizer } from '../../src/engine/clip/clip-tokenizer.ts';
import { createOrtTextTowerAsync, type TextTower } from '../../src/engine/clip/text-tower.ts';
import { PromptEmbeddings, REFERENCE_PROMPT, norm } from '../../src/engine/clip/text-embeddings.ts';

const templates: string[] = JSON.parse(readFileSync('models/clip-text/imagenet-templates.json', 'utf8'));
const MODELS = ['tiny-random-fused', 'tiny-random-decomposed'];

interface Fixture {
  texts: { text: string; ids: number[]; textEmbeds: number[] }[];
}

before(() => {
  ort.env.wasm.numThreads = 1;
});

async function open(name: string) {
  const tokenizer = new ClipTokenizer(JSON.parse(readFileSync(`models/${name}/tokenizer.json`, 'utf8')));
  const tower = await createOrtTextTowerAsync(ort, readFileSync(`models/${name}/text_model.onnx`));
  return { tokenizer, tower };
}

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  const scale = Math.max(norm(b), 1e-12) / Math.sqrt(b.length);
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / scale);
  return worst;
}

test('text_embeds from ORT (wasm) match PyTorch\'s for the fixture prompts, alone and padded in a batch', async () => {
  for (const name of MODELS) {
    const { tokenizer, tower } = await open(name);
    const fixture: Fixture = JSON.parse(readFileSync(`models/${name}/gradient-fixture.json`, 'utf8'));
    const idLists = fixture.texts.map((t) => tokenizer.encode(t.text).ids);
    const batched = await tower.embedAsync(idLists);
    for (const [i, t] of fixture.texts.entries()) {
      const alone = (await tower.embedAsync([idLists[i]!]))[0]!;
      assert.ok(maxRelDiff(alone, t.textEmbeds) < 1e-4, `${name} "${t.text}" alone: ${maxRelDiff(alone, t.textEmbeds)}`);
      assert.ok(maxRelDiff(batched[i]!, t.textEmbeds) < 1e-4, `${name} "${t.text}" padded: ${maxRelDiff(batched[i]!, t.textEmbeds)}`);
    }
    await tower.releaseAsync();
  }
});

function counting(tower: TextTower) {
  let calls = 0;
  const wrapped: TextTower = { ...tower, get embedDim() { return tower.embedDim; }, embedAsync: (l) => (calls++, tower.embedAsync(l)), releaseAsync: () => tower.releaseAsync() };
  return { wrapped, calls: () => calls };
}

test('a prompt embedding is the normalised mean over the 79 templates of normalised embeddings, cached', async () => {
  const { tokenizer, tower } = await open('tiny-random-fused');
  assert.equal(templates.length, 79);
  const { wrapped, calls } = counting(tower);
  const prompts = new PromptEmbeddings(tokenizer, wrapped, templates);
  const got = await prompts.promptAsync('red circle');
  // Oracle: each template on its own (no padding), averaged here in float64.
  const sum = new Float64Array(got.embedding.length);
  for (const t of templates) {
    const e = (await tower.embedAsync([tokenizer.encode(t.replace('{}', 'red circle')).ids]))[0]!;
    const n = norm(e);
    e.forEach((v, i) => (sum[i]! += v / n));
  }
  const n = norm(sum);
  const expected = Array.from(sum, (v) => v / n);
  assert.ok(maxRelDiff(got.embedding, expected) < 1e-4);
  assert.ok(Math.abs(norm(got.embedding) - 1) < 1e-5);
  assert.deepEqual(got.warnings, []);
  const before = calls();
  await prompts.promptAsync('red circle');
  await prompts.promptAsync('  red circle ');
  assert.equal(calls(), before, 'second request must come from the cache');
  await tower.releaseAsync();
});

test('ΔT per ROI is prompt minus "A photo", in ROI order', async () => {
  const { tokenizer, tower } = await open('tiny-random-decomposed');
  const prompts = new PromptEmbeddings(tokenizer, tower, templates);
  const rois = [{ prompt: 'blue star' }, { prompt: 'green square' }, { prompt: 'blue star' }];
  const deltas = await prompts.directionsForRoisAsync(rois);
  const ref = (await prompts.referenceAsync()).embedding;
  assert.equal(REFERENCE_PROMPT, 'A photo');
  for (const [i, roi] of rois.entries()) {
    const p = (await prompts.promptAsync(roi.prompt)).embedding;
    assert.deepEqual(deltas[i]!, Float32Array.from(p, (v, k) => v - ref[k]!));
  }
  assert.notDeepEqual(Array.from(deltas[0]!), Array.from(deltas[1]!));
  await tower.releaseAsync();
});

test('a prompt too long for the context is cut with a warning', async () => {
  const { tokenizer, tower } = await open('tiny-random-fused');
  const prompts = new PromptEmbeddings(tokenizer, tower, templates);
  const long = Array.from({ length: 40 }, () => 'red circle').join(' ');
  const got = await prompts.promptAsync(long);
  assert.equal(got.warnings.length, 1);
  assert.match(got.warnings[0]!, /too long/);
  assert.ok(Math.abs(norm(got.embedding) - 1) < 1e-5);
  await tower.releaseAsync();
});
