import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { MODEL_ORIGINS } from '../../models/model-hosts.ts';
import { parseModel, serializeModel } from '../../src/engine/autodiff/index.ts';
import { ClipTokenizer } from '../../src/engine/clip/clip-tokenizer.ts';
import { loadClipModelAsync } from '../../src/engine/models/clip-model-loader.ts';
import { MemoryModelCache } from '../../src/engine/models/model-cache.ts';
import type { ModelEntry, RegistryFile } from '../../src/engine/models/model-entry.ts';
import { ModelHashMismatchError, ModelHostNotAllowedError, ModelUnsupportedOpError } from '../../src/engine/models/model-errors.ts';
import { matchModelFiles } from '../../src/engine/models/match-model-files.ts';
import { startLoopbackHubAsync, type HubFile, type LoopbackHub } from '../support/loopback-hub.ts';

// The reduced variants of the fixture built like the published export
// (models/published-tiny-opset14) come through a hub that answers like huggingface.co
// (302 to a storage host, ETag, Content-Length, no Range), with the product's allowlist
// (MODEL_ORIGINS) and loader: verified, converted to float32, cached, and tokenized with the
// published tokenizer.json layout. Oracles: the fp32 export run through ORT, node:crypto
// hashes, and the token ids PyTorch's fixture script wrote.

const DIR = 'models/published-tiny-opset14';
const read = (name: string) => new Uint8Array(readFileSync(`${DIR}/${name}`));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const texts: { text: string; ids: number[] }[] = JSON.parse(readFileSync('models/tiny-random-decomposed/gradient-fixture.json', 'utf8')).texts;

// A vision model with an op the autodiff has no rule for (HardSigmoid in place of Sigmoid).
const unsupported = (() => {
  const m = parseModel(read('vision_model_fp16.onnx'));
  m.graph!.node!.find((n) => n.opType === 'Sigmoid')!.opType = 'HardSigmoid';
  return serializeModel(m);
})();

const files: HubFile[] = [
  ...['vision_model_fp16.onnx', 'text_model_fp16.onnx', 'vision_model_quantized.onnx', 'text_model_quantized.onnx'].map((n) => ({
    path: `onnx/${n}`,
    bytes: read(n),
  })),
  { path: 'onnx/vision_model_unsupported.onnx', bytes: unsupported },
  { path: 'tokenizer.json', bytes: read('tokenizer.json'), small: true },
];

let hub: LoopbackHub;
before(async () => {
  hub = await startLoopbackHubAsync(files);
});
after(() => hub.closeAsync());

function pin(path: string, stored?: RegistryFile['stored']): RegistryFile {
  const f = files.find((x) => x.path === path)!;
  return { url: hub.url(path), sha256: sha(f.bytes), bytes: f.bytes.length, stored, provenance: 'loopback hub test' };
}

function entry(): ModelEntry {
  const tokenizer = pin('tokenizer.json');
  return {
    id: 'published-tiny',
    displayName: 'tiny CLIP built like the published export',
    source: 'remote',
    embedDim: 32,
    imageSize: 224,
    contextLength: 77,
    defaultVariant: 'fp16',
    variants: {
      fp16: { vision: pin('onnx/vision_model_fp16.onnx', 'fp16'), text: pin('onnx/text_model_fp16.onnx', 'fp16'), tokenizer },
      int8: { vision: pin('onnx/vision_model_quantized.onnx', 'int8'), text: pin('onnx/text_model_quantized.onnx', 'int8'), tokenizer },
      fp32: { vision: pin('onnx/vision_model_unsupported.onnx'), text: pin('onnx/text_model_fp16.onnx'), tokenizer },
    },
  };
}

async function textEmbedsAsync(model: Uint8Array, ids: number[]): Promise<Float32Array> {
  const s = await ort.InferenceSession.create(model, { executionProviders: ['wasm'], logSeverityLevel: 3 });
  const out = await s.run({ input_ids: new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]) });
  await s.release();
  return out.text_embeds!.data as Float32Array;
}
const cosine = (a: Float32Array, b: Float32Array) => {
  let ab = 0,
    aa = 0,
    bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! ** 2;
    bb += b[i]! ** 2;
  }
  return ab / Math.sqrt(aa * bb);
};

for (const variant of ['fp16', 'int8'] as const) {
  test(`the ${variant} variant loads through the hub's redirect, is verified, converted, cached and tokenized`, async () => {
    hub.requests.length = 0;
    const cache = new MemoryModelCache();
    const model = await loadClipModelAsync(entry(), { variant, allowedOrigins: MODEL_ORIGINS, fetch: hub.fetch, cache });
    // The ONNX files came through a 302 to the storage host; the tokenizer from the hub itself.
    assert.deepEqual(
      hub.requests.map((r) => r.host),
      ['huggingface.co', 'us.aws.cdn.hf.co', 'huggingface.co', 'us.aws.cdn.hf.co', 'huggingface.co'],
    );
    assert.equal(model.conversions.vision?.from, variant);
    assert.equal(model.conversions.text?.from, variant);
    assert.deepEqual(model.conversions.vision?.opsWithoutGradient, []);
    assert.equal(model.files.vision?.from, 'network');
    assert.equal(
      model.files.vision?.bytes,
      files.find((f) => f.path === `onnx/${variant === 'fp16' ? 'vision_model_fp16' : 'vision_model_quantized'}.onnx`)!.bytes.length,
    );
    // Tokenizer: the published layout's ids match the ids the fixture script encoded.
    const tokenizer = new ClipTokenizer(model.tokenizerJson!);
    for (const t of texts) assert.deepEqual(tokenizer.encode(t.text).ids, t.ids, t.text);
    // The converted text tower agrees with the fp32 export.
    const ids = tokenizer.encode(texts[1]!.text).ids;
    const c = cosine(await textEmbedsAsync(model.text!, ids), await textEmbedsAsync(read('text_model.onnx'), ids));
    assert.ok(c >= 0.998, `text embedding cosine ${c}`);
    // Second load: all from the cache, no request.
    hub.requests.length = 0;
    const again = await loadClipModelAsync(entry(), { variant, allowedOrigins: MODEL_ORIGINS, fetch: hub.fetch, cache });
    assert.deepEqual(hub.requests, []);
    assert.equal(again.files.vision?.from, 'cache');
    assert.deepEqual(again.vision, model.vision);
  });
}

test('a redirect chain through an unknown hf.co subdomain is followed; through evil.test or plain http it is refused', async () => {
  const e = entry();
  hub.redirectVia = ['xet-bridge-eu.storage7.hf.co', 'us.aws.cdn.hf.co'];
  hub.requests.length = 0;
  const ok = await loadClipModelAsync(e, { variant: 'fp16', allowedOrigins: MODEL_ORIGINS, fetch: hub.fetch, files: ['vision'] });
  assert.equal(ok.conversions.vision?.from, 'fp16');
  assert.deepEqual(
    hub.requests.map((r) => r.host),
    ['huggingface.co', 'xet-bridge-eu.storage7.hf.co', 'us.aws.cdn.hf.co'],
  );

  for (const via of [['us.aws.cdn.hf.co', 'evil.test'], ['hf.co.evil.test'], ['evilhf.co']]) {
    hub.redirectVia = via;
    hub.requests.length = 0;
    const err = await loadClipModelAsync(e, { variant: 'fp16', allowedOrigins: MODEL_ORIGINS, fetch: hub.fetch, files: ['vision'] }).catch((x: unknown) => x);
    assert.ok(err instanceof ModelHostNotAllowedError, `${via.join(' -> ')}: ${String(err)}`);
    assert.match(err.message, /reached by redirect from https:\/\/huggingface\.co\//);
    assert.ok(!hub.requests.some((r) => r.host === via.at(-1)), `${via.at(-1)} must never be contacted`);
  }
  hub.redirectVia = ['us.aws.cdn.hf.co'];
  const http = {
    ...e,
    variants: {
      fp16: {
        ...e.variants.fp16!,
        vision: { ...e.variants.fp16!.vision, url: e.variants.fp16!.vision.url.replace('https://huggingface.co', 'http://cdn-lfs.hf.co') },
      },
    },
  };
  const err = await loadClipModelAsync(http, { allowedOrigins: MODEL_ORIGINS, fetch: hub.fetch, files: ['vision'] }).catch((x: unknown) => x);
  assert.ok(err instanceof ModelHostNotAllowedError, String(err));
});

test('a vision model with an op the autodiff cannot differentiate is refused, naming the op, before the other files are fetched', async () => {
  hub.requests.length = 0;
  const err = await loadClipModelAsync(entry(), { variant: 'fp32', allowedOrigins: MODEL_ORIGINS, fetch: hub.fetch }).catch((x: unknown) => x);
  assert.ok(err instanceof ModelUnsupportedOpError, String(err));
  assert.match(err.message, /HardSigmoid/);
  assert.ok(
    hub.requests.every((r) => !/text_model|tokenizer/.test(r.path) && r.path.includes(sha(unsupported)) === (r.host !== 'huggingface.co')),
    JSON.stringify(hub.requests),
  );
});

test('model files from disk ("Load model files…") are matched to the variant, verified like a download, cached, and nothing is fetched', async () => {
  const e = entry();
  const v = e.variants.fp16!;
  const supplied = [
    { name: 'vision_model_fp16.onnx', bytes: read('vision_model_fp16.onnx') },
    { name: 'renamed-text.onnx', bytes: read('text_model_fp16.onnx') },
    { name: 'tokenizer.json', bytes: read('tokenizer.json') },
    { name: 'notes.txt', bytes: new TextEncoder().encode('not a model') },
  ];
  const match = matchModelFiles(v, supplied);
  assert.deepEqual(Object.keys(match.files).sort(), ['text', 'tokenizer', 'vision']);
  assert.deepEqual(match.missing, []);
  assert.equal(match.unmatched.length, 1);
  assert.match(match.unmatched[0]!, /notes\.txt/);
  hub.requests.length = 0;
  const cache = new MemoryModelCache();
  const model = await loadClipModelAsync(e, { variant: 'fp16', allowedOrigins: MODEL_ORIGINS, fetch: hub.fetch, cache, localFiles: match.files });
  assert.deepEqual(hub.requests, []);
  assert.equal(model.files.text?.from, 'disk');
  assert.equal(model.files.text?.url, 'renamed-text.onnx');
  assert.equal(model.conversions.vision?.from, 'fp16');
  assert.deepEqual(await cache.getAsync(v.vision.sha256!), supplied[0]!.bytes);
  // A file of the right size but other content is refused by its hash, naming the file.
  const tampered = new Uint8Array(supplied[0]!.bytes);
  tampered[tampered.length - 1]! ^= 1;
  const err = await loadClipModelAsync(e, {
    variant: 'fp16',
    allowedOrigins: MODEL_ORIGINS,
    fetch: hub.fetch,
    localFiles: { vision: { name: 'vision_model_fp16.onnx', bytes: tampered } },
  }).catch((x: unknown) => x);
  assert.ok(err instanceof ModelHashMismatchError && /vision_model_fp16\.onnx/.test(err.message), String(err));
});
