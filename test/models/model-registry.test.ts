import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { MODEL_REGISTRY, DEFAULT_MODEL_ID, OFFLINE_MODEL_ID, VIT_B32 } from '../../models/model-registry.ts';
import { MODEL_ORIGINS } from '../../models/model-hosts.ts';
import { isOriginAllowed } from '../../src/engine/models/host-allowlist.ts';
import { loadClipModelAsync } from '../../src/engine/models/clip-model-loader.ts';
import { ModelNotPinnedError } from '../../src/engine/models/model-errors.ts';
import type { RegistryFile } from '../../src/engine/models/model-entry.ts';

const allFiles = () =>
  MODEL_REGISTRY.flatMap((e) => Object.values(e.variants).flatMap((v) => [v.vision, v.text, v.tokenizer].map((f) => ({ entry: e, file: f as RegistryFile }))));

test('every file of every listed variant is pinned: https on the allowlist, a commit, SHA-256, exact size, a source', () => {
  for (const { entry, file } of allFiles().filter((x) => x.entry.source === 'remote')) {
    const url = new URL(file.url);
    assert.equal(url.protocol, 'https:', file.url);
    assert.ok(isOriginAllowed(file.url, MODEL_ORIGINS), file.url);
    assert.match(url.pathname, /\/resolve\/[0-9a-f]{40}\//, `${entry.id}: ${file.url} is not pinned to a commit`);
    assert.match(file.sha256 ?? '', /^[0-9a-f]{64}$/, `${file.url}: a listed file must have its SHA-256`);
    assert.ok(Number.isSafeInteger(file.bytes) && file.bytes! > 0, `${file.url}: a listed file must have its exact size`);
    assert.match(file.provenance, /huggingface\.co|manifests/, `${file.url}: name the source of its pins`);
  }
});

test('the default ViT-B/32 variant downloads at most 310 MB, and the stored precisions match the file names', () => {
  const v = VIT_B32.variants[VIT_B32.defaultVariant]!;
  const total = [v.vision, v.text, v.tokenizer].reduce((s, f) => s + f.bytes!, 0);
  assert.ok(total <= 310_000_000, `default variant ${VIT_B32.defaultVariant} downloads ${total} bytes`);
  for (const f of allFiles()
    .filter((x) => x.entry.source === 'remote')
    .map((x) => x.file)) {
    if (!f.url.endsWith('.onnx')) continue;
    const expected = f.url.endsWith('_fp16.onnx') ? 'fp16' : f.url.endsWith('_quantized.onnx') ? 'int8' : 'fp32';
    assert.equal(f.stored, expected, f.url);
  }
});

test('the default model and the offline model exist; the default variant of each is fully pinned', () => {
  for (const id of [DEFAULT_MODEL_ID, OFFLINE_MODEL_ID]) {
    const entry = MODEL_REGISTRY.find((e) => e.id === id)!;
    const v = entry.variants[entry.defaultVariant]!;
    for (const f of [v.vision, v.text]) assert.ok(f.sha256, `${id} ${f.url}`);
    assert.ok(v.tokenizer.sha256 || v.tokenizer.clipMergesSha256, `${id} tokenizer`);
  }
  assert.equal(DEFAULT_MODEL_ID, 'clip-vit-base-patch32');
});

test('an entry with an unpinned file is refused without touching the network', async () => {
  const failFetch = () => assert.fail('no request may be made for an unpinned model');
  const v = VIT_B32.variants[VIT_B32.defaultVariant]!;
  const unpinned = { ...VIT_B32, variants: { [VIT_B32.defaultVariant]: { ...v, text: { ...v.text, sha256: null } } } };
  const err = await loadClipModelAsync(unpinned, { allowedOrigins: MODEL_ORIGINS, fetch: failFetch }).catch((e: unknown) => e);
  assert.ok(err instanceof ModelNotPinnedError, String(err));
});

test('the shipped local model matches its registry pins byte for byte', () => {
  const entry = MODEL_REGISTRY.find((e) => e.id === OFFLINE_MODEL_ID)!;
  for (const f of Object.values(entry.variants[entry.defaultVariant]!)) {
    const bytes = readFileSync(`models/${f.url}`);
    assert.equal(createHash('sha256').update(bytes).digest('hex'), f.sha256, `models/${f.url}: regenerated? update models/model-registry.ts`);
    assert.equal(bytes.length, f.bytes);
  }
});

test('the plugin manifest allows every model host (networkAccess.allowedDomains)', (t) => {
  const path = ['manifest.json', 'src/plugin/manifest.json', 'plugin/manifest.json'].find((p) => existsSync(p));
  if (!path) return t.skip('no manifest.json yet');
  const allowed: string[] = JSON.parse(readFileSync(path, 'utf8')).networkAccess?.allowedDomains ?? [];
  // The loader's rule and Figma's list are the same entries (wildcard included).
  for (const origin of MODEL_ORIGINS) assert.ok(allowed.includes(origin), `${path}: networkAccess.allowedDomains lacks ${origin}`);
});
