import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { MODEL_REGISTRY, DEFAULT_MODEL_ID, OFFLINE_MODEL_ID, VIT_B32 } from '../../models/model-registry.ts';
import { MODEL_HOSTS, MODEL_ORIGINS } from '../../models/model-hosts.ts';
import { loadClipModelAsync } from '../../src/engine/models/clip-model-loader.ts';
import { ModelNotPinnedError } from '../../src/engine/models/model-errors.ts';
import type { RegistryFile } from '../../src/engine/models/model-entry.ts';

const allFiles = () => MODEL_REGISTRY.flatMap((e) => Object.values(e.variants).flatMap((v) => [v.vision, v.text, v.tokenizer].map((f) => ({ entry: e, file: f as RegistryFile }))));

test('remote files are https URLs on allowlisted hosts, pinned to a commit', () => {
  for (const { entry, file } of allFiles().filter((x) => x.entry.source === 'remote')) {
    const url = new URL(file.url);
    assert.equal(url.protocol, 'https:', file.url);
    assert.ok((MODEL_HOSTS as readonly string[]).includes(url.host), file.url);
    assert.match(url.pathname, /\/resolve\/[0-9a-f]{40}\//, `${entry.id}: ${file.url} is not pinned to a commit`);
    if (file.sha256 !== null) assert.match(file.sha256, /^[0-9a-f]{64}$/);
    assert.ok(file.bytes !== null || (file.approxBytes ?? 0) > 0, `${file.url}: give bytes or approxBytes`);
    assert.ok(file.provenance.length > 10);
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
  const err = await loadClipModelAsync(VIT_B32, { variant: 'fp32', allowedOrigins: MODEL_ORIGINS, fetch: failFetch }).catch((e: unknown) => e);
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
  const covers = (origin: string) =>
    allowed.some((a) => {
      if (a === origin || a === new URL(origin).host || a === '*') return true;
      const m = /^(https?:\/\/)?\*\.(.+)$/.exec(a);
      return m !== null && new URL(origin).host.endsWith(`.${m[2]}`);
    });
  for (const origin of MODEL_ORIGINS) assert.ok(covers(origin), `${path}: networkAccess.allowedDomains lacks ${origin}`);
});
