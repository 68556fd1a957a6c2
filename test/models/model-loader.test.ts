import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { loadClipModelAsync } from '../../src/engine/models/clip-model-loader.ts';
import { MemoryModelCache, type ModelCache } from '../../src/engine/models/model-cache.ts';
import type { ModelEntry, RegistryFile } from '../../src/engine/models/model-entry.ts';
import {
  ModelHashMismatchError,
  ModelHostNotAllowedError,
  ModelLoadError,
  ModelNotFoundError,
  ModelNotPinnedError,
  ModelOfflineError,
  ModelOutOfMemoryError,
  ModelTooLargeError,
  ModelTruncatedError,
} from '../../src/engine/models/model-errors.ts';
import { clipTokenizerJsonFromBpeText } from '../../src/engine/clip/clip-bpe-vocab.ts';

const DIR = 'models/tiny-random-fused';
const files = {
  vision: readFileSync(`${DIR}/vision_model.onnx`),
  text: readFileSync(`${DIR}/text_model.onnx`),
  tokenizer: readFileSync(`${DIR}/tokenizer.json`),
};
const clipTokenizer = Buffer.from(
  JSON.stringify(clipTokenizerJsonFromBpeText(gunzipSync(readFileSync('models/clip-text/clip-bpe/bpe_simple_vocab_16e6.txt.gz')).toString('utf8'))),
);
// node:crypto as the oracle, independent of the loader's @noble/hashes.
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const mergesSha = (json: Buffer) => sha(Buffer.from((JSON.parse(json.toString()).model.merges as string[]).join('\n')));

let server: Server;
let base = '';
let otherHostBase = '';
let requests: string[] = [];

before(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(path);
    const [, mode, name] = path.split('/');
    const body =
      name === 'vision_model.onnx'
        ? files.vision
        : name === 'text_model.onnx'
          ? files.text
          : name === 'tokenizer.json'
            ? files.tokenizer
            : name === 'clip-tokenizer.json'
              ? clipTokenizer
              : undefined;
    if (mode === 'redirect-in') return void res.writeHead(302, { location: `/ok/${name}` }).end();
    if (mode === 'redirect-out') return void res.writeHead(302, { location: `${otherHostBase}ok/${name}` }).end();
    if (!body) return void res.writeHead(404).end('no such file');
    if (mode === 'ok') return void res.writeHead(200, { 'content-length': body.length }).end(body);
    if (mode === 'cut') {
      // Declares the full length, then the connection drops half-way.
      res.writeHead(200, { 'content-length': body.length });
      res.write(body.subarray(0, body.length >> 1), () => res.destroy());
      return;
    }
    if (mode === 'short') return void res.writeHead(200, { 'content-length': body.length >> 1 }).end(body.subarray(0, body.length >> 1));
    if (mode === 'long') return void res.writeHead(200).end(Buffer.concat([body, Buffer.from('extra bytes')]));
    if (mode === 'error') return void res.writeHead(503).end();
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}/`;
  otherHostBase = `http://localhost:${port}/`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

function pinned(mode: string, name: keyof typeof files | 'clip-tokenizer', over: Partial<RegistryFile> = {}): RegistryFile {
  const fileName =
    name === 'vision' ? 'vision_model.onnx' : name === 'text' ? 'text_model.onnx' : name === 'tokenizer' ? 'tokenizer.json' : 'clip-tokenizer.json';
  const bytes = name === 'clip-tokenizer' ? clipTokenizer : files[name];
  return { url: `${base}${mode}/${fileName}`, sha256: sha(bytes), bytes: bytes.length, provenance: 'test', ...over };
}

function entry(vision: RegistryFile, text = pinned('ok', 'text'), tokenizer = pinned('ok', 'tokenizer')): ModelEntry {
  return {
    id: 'test',
    displayName: 'test',
    source: 'remote',
    embedDim: 32,
    imageSize: 224,
    contextLength: 77,
    defaultVariant: 'fp32',
    variants: { fp32: { vision, text, tokenizer } },
  };
}

const allowed = () => [new URL(base).origin];

test('a good download passes, with progress, and the bytes are the file', async () => {
  const progress: number[] = [];
  const model = await loadClipModelAsync(entry(pinned('ok', 'vision')), {
    allowedOrigins: allowed(),
    onProgress: (p) => p.file === 'vision' && progress.push(p.received),
  });
  assert.deepEqual(Buffer.from(model.vision!), files.vision);
  assert.deepEqual(Buffer.from(model.text!), files.text);
  assert.deepEqual(model.tokenizerJson, JSON.parse(files.tokenizer.toString()));
  assert.equal(progress.at(-1), files.vision.length);
  assert.ok(progress.every((v, i) => i === 0 || v >= progress[i - 1]!));
});

test('redirects within the allowlist are followed', async () => {
  const model = await loadClipModelAsync(entry(pinned('redirect-in', 'vision')), { allowedOrigins: allowed(), files: ['vision'] });
  assert.deepEqual(Buffer.from(model.vision!), files.vision);
});

/** Runs a load that must fail; returns the error after checking its class. */
async function failure<T extends ModelLoadError>(
  e: ModelEntry,
  cls: new (...a: never[]) => T,
  opts: Partial<Parameters<typeof loadClipModelAsync>[1]> = {},
): Promise<T> {
  const err = await loadClipModelAsync(e, { allowedOrigins: allowed(), files: ['vision'], ...opts }).then(
    () => assert.fail('expected a failure'),
    (x: unknown) => x,
  );
  assert.ok(err instanceof cls, `expected ${cls.name}, got ${(err as Error)?.name}: ${(err as Error)?.message}`);
  return err as T;
}

test('each failure has its own error class and message', async () => {
  const messages = new Map<string, string>();
  const hash = await failure(entry(pinned('ok', 'vision', { sha256: sha(files.text) })), ModelHashMismatchError);
  messages.set('hash', hash.message);
  assert.match(hash.message, /SHA-256/);

  const cut = await failure(entry(pinned('cut', 'vision')), ModelTruncatedError);
  messages.set('cut', cut.message);
  assert.match(cut.message, /stopped after \d+ of \d+ bytes/);
  const short = await failure(entry(pinned('short', 'vision')), ModelTruncatedError);
  assert.match(short.message, new RegExp(`after ${files.vision.length >> 1} of ${files.vision.length} bytes`));

  const outside = await failure(entry({ ...pinned('ok', 'vision'), url: `${otherHostBase}ok/vision_model.onnx` }), ModelHostNotAllowedError);
  messages.set('host', outside.message);
  assert.match(outside.message, /not in the model host allowlist/);
  const redirected = await failure(entry(pinned('redirect-out', 'vision')), ModelHostNotAllowedError);
  assert.match(redirected.message, /reached by redirect/);

  const missing = await failure(entry(pinned('ok', 'vision', { url: `${base}ok/nothing.onnx` })), ModelNotFoundError);
  messages.set('404', missing.message);
  assert.match(missing.message, /404/);

  const long = await failure(entry(pinned('long', 'vision')), ModelTooLargeError);
  messages.set('long', long.message);

  const oom = await failure(entry(pinned('ok', 'vision', { bytes: 2 ** 52 })), ModelOutOfMemoryError);
  messages.set('oom', oom.message);
  assert.match(oom.message, /memory/);

  const offline = await failure(entry(pinned('ok', 'vision', { url: 'http://127.0.0.1:9/vision_model.onnx' })), ModelOfflineError, {
    allowedOrigins: ['http://127.0.0.1:9'],
  });
  messages.set('offline', offline.message);

  // Distinct messages, not one generic text.
  const firstWords = [...messages.values()].map((m) => m.replace(/https?:\S+/g, '').slice(0, 40));
  assert.equal(new Set(firstWords).size, firstWords.length, firstWords.join(' | '));
});

test('an unpinned file is refused before any request is made', async () => {
  requests = [];
  const err = await failure(entry(pinned('ok', 'vision', { sha256: null })), ModelNotPinnedError);
  assert.match(err.message, /no pinned SHA-256/);
  assert.deepEqual(requests, []);
});

/** Stands in for a persistent store (whose hits the loader re-hashes). */
class MapBackedPersistentCache implements ModelCache {
  readonly kind = 'indexeddb' as const;
  readonly files = new Map<string, Uint8Array>();
  async getAsync(k: string) {
    return this.files.get(k);
  }
  async putAsync(k: string, b: Uint8Array) {
    this.files.set(k, b);
  }
}

/** Loads the vision file twice through `cache`: the second load must make no requests. */
async function assertSecondLoadCachedAsync(cache: ModelCache): Promise<ModelEntry> {
  const e = entry(pinned('ok', 'vision'));
  await loadClipModelAsync(e, { allowedOrigins: allowed(), files: ['vision'], cache });
  requests = [];
  const again = await loadClipModelAsync(e, { allowedOrigins: allowed(), files: ['vision'], cache });
  assert.deepEqual(requests, []);
  assert.deepEqual(Buffer.from(again.vision!), files.vision);
  return e;
}

test('the memory cache serves a second load without requests', async () => {
  await assertSecondLoadCachedAsync(new MemoryModelCache());
});

test('a verified file is cached by hash; a damaged persistent cache entry is replaced', async () => {
  const cache = new MapBackedPersistentCache();
  const e = await assertSecondLoadCachedAsync(cache);
  const damaged = new Uint8Array(files.vision);
  damaged[1000]! ^= 0xff;
  await cache.putAsync(sha(files.vision), damaged);
  const repaired = await loadClipModelAsync(e, { allowedOrigins: allowed(), files: ['vision'], cache });
  assert.equal(requests.length, 1);
  assert.deepEqual(Buffer.from(repaired.vision!), files.vision);
});

test('a tokenizer.json pinned by its CLIP merges is accepted, and rejected when they differ', async () => {
  const byMerges = pinned('ok', 'clip-tokenizer', { sha256: null, bytes: null, clipMergesSha256: mergesSha(clipTokenizer) });
  const model = await loadClipModelAsync(entry(pinned('ok', 'vision'), pinned('ok', 'text'), byMerges), { allowedOrigins: allowed(), files: ['tokenizer'] });
  assert.equal(Object.keys((model.tokenizerJson as { model: { vocab: object } }).model.vocab).length, 49408);
  const wrong = { ...byMerges, url: `${base}ok/tokenizer.json` };
  const err = await loadClipModelAsync(entry(pinned('ok', 'vision'), pinned('ok', 'text'), wrong), { allowedOrigins: allowed(), files: ['tokenizer'] }).catch(
    (x: unknown) => x,
  );
  assert.ok(err instanceof ModelLoadError && err.failure === 'hash-mismatch', String(err));
});

test('an HTTP error other than 404 is reported with its status', async () => {
  const err = await failure(entry(pinned('error', 'vision')), ModelLoadError);
  assert.equal(err.failure, 'http');
  assert.match(err.message, /503/);
});
