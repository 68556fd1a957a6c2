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

test("text_embeds from ORT (wasm) match PyTorch's for the fixture prompts, alone and padded in a batch", async () => {
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
  const wrapped: TextTower = {
    ...tower,
    get embedDim() {
      return tower.embedDim;
    },
    embedAsync: (l) => (calls++, tower.embedAsync(l)),
    releaseAsync: () => tower.releaseAsync(),
  };
  return { wrapped, calls: () => calls };
}

/** Oracle: each template filled with `text` embedded on its own (no padding), unit-normalised, averaged in float64 and normalised (docs/clipvg-method.md). */
async function templateMeanAsync(tokenizer: ClipTokenizer, tower: TextTower, text: string): Promise<number[]> {
  const sum = new Float64Array(tower.embedDim);
  for (const t of templates) {
    const e = (await tower.embedAsync([tokenizer.encode(t.replace('{}', text)).ids]))[0]!;
    const n = norm(e);
    for (let i = 0; i < sum.length; i++) sum[i]! += e[i]! / n;
  }
  const n = norm(sum);
  return Array.from(sum, (v) => v / n);
}

test('a prompt embedding is the normalised mean over the 79 templates of normalised embeddings, cached', async () => {
  const { tokenizer, tower } = await open('tiny-random-fused');
  assert.equal(templates.length, 79);
  const { wrapped, calls } = counting(tower);
  const prompts = new PromptEmbeddings(tokenizer, wrapped, templates);
  const got = await prompts.promptAsync('red circle');
  const expected = await templateMeanAsync(tokenizer, tower, 'red circle');
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
  // Oracle: both ends computed here from the text tower alone (not PromptEmbeddings).
  assert.equal(REFERENCE_PROMPT, 'A photo');
  const ref = await templateMeanAsync(tokenizer, tower, 'A photo');
  for (const [i, roi] of rois.entries()) {
    const p = await templateMeanAsync(tokenizer, tower, roi.prompt);
    const expected = p.map((v, k) => v - ref[k]!);
    assert.ok(maxRelDiff(deltas[i]!, expected) < 1e-4, `ROI ${i + 1}: ${maxRelDiff(deltas[i]!, expected)}`);
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
