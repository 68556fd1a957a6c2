import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { MODEL_ORIGINS } from '../../models/model-hosts.ts';
import { MODEL_REGISTRY } from '../../models/model-registry.ts';
import { cliModelSources, type CliModelSources } from '../../src/cli/cli-model-registry.ts';
import { CommandFailure, InputError } from '../../src/cli/cli-errors.ts';
import { chooseModelAsync } from '../../src/cli/model-choice.ts';
import { FileModelCache } from '../../src/cli/model-file-cache.ts';
import { clipTokenizerJsonFromBpeText } from '../../src/engine/clip/clip-bpe-vocab.ts';
import { loadClipModelAsync } from '../../src/engine/models/clip-model-loader.ts';
import type { ModelEntry } from '../../src/engine/models/model-entry.ts';
import { startLoopbackHfHubAsync, type LoopbackHfHub } from '../support/loopback-hf-hub.ts';

// `clipvg models` and the CLI's model cache against a loopback server that answers like the
// Hugging Face hub (302 to a CDN host, ETag, Content-Length). The fixture served as
// clip-vit-base-patch32 is the random-weight tiny CLIP in models/tiny-random-decomposed, which
// has the real export's file layout; it is named in a CLIPVG_TEST_REGISTRY file.

const BIN = fileURLToPath(new URL('../../bin/clipvg.mjs', import.meta.url));
const NO_NETWORK = fileURLToPath(new URL('../support/no-network.mjs', import.meta.url));
const FIXTURE = 'models/tiny-random-decomposed';
const REPO = 'Xenova/clip-vit-base-patch32';
const REV = '0b95b21b04a877260b196dfc3ebdb79c3c8be8ca';
// node:crypto as the oracle for names and contents of cached files.
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const fixture = {
  vision: readFileSync(`${FIXTURE}/vision_model.onnx`),
  text: readFileSync(`${FIXTURE}/text_model.onnx`),
  tokenizer: readFileSync(`${FIXTURE}/tokenizer.json`),
};

const dir = mkdtempSync(join(tmpdir(), 'clipvg-models-'));
const svg = join(dir, 'in.svg');
writeFileSync(svg, '<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"><rect x="6" y="6" width="20" height="20" fill="#0000ff"/></svg>');
let hub: LoopbackHfHub;
let entry: ModelEntry;
let registryFile = '';

before(async () => {
  hub = await startLoopbackHfHubAsync(REPO, REV, {
    'onnx/vision_model.onnx': { bytes: fixture.vision },
    'onnx/text_model.onnx': { bytes: fixture.text },
    'tokenizer.json': { bytes: fixture.tokenizer, lfs: false },
  });
  const file = (path: string, bytes: Buffer) => ({ url: hub.resolveUrl(path), sha256: sha(bytes), bytes: bytes.length, provenance: 'test fixture' });
  entry = {
    ...MODEL_REGISTRY.find((e) => e.id === 'clip-vit-base-patch32')!,
    embedDim: 32,
    defaultVariant: 'fp32',
    variants: {
      fp32: {
        vision: file('onnx/vision_model.onnx', fixture.vision),
        text: file('onnx/text_model.onnx', fixture.text),
        tokenizer: file('tokenizer.json', fixture.tokenizer),
      },
    },
  };
  registryFile = join(dir, 'test-registry.json');
  writeFileSync(registryFile, JSON.stringify({ allowedOrigins: [hub.hubOrigin, hub.cdnOrigin], models: [entry] }));
});
after(() => hub.closeAsync());

// Spawned asynchronously: the loopback hub lives in this process and must keep answering.
function cli(
  args: string[],
  opts: { cacheHome: string; registry?: boolean; offline?: boolean },
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_CACHE_HOME: opts.cacheHome,
    VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? '/usr/lib/chromium/vk_swiftshader_icd.json',
  };
  delete env.CLIPVG_TEST_REGISTRY;
  if (opts.registry) env.CLIPVG_TEST_REGISTRY = registryFile;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...(opts.offline ? ['--import', NO_NETWORK] : []), BIN, ...args],
      { encoding: 'utf8', env, timeout: 300_000, maxBuffer: 1 << 24 },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: unknown }).code ?? null) : 0;
        resolve({ status: typeof code === 'number' ? code : null, stdout, stderr });
      },
    );
  });
}

const sources = (): CliModelSources => ({
  registry: [entry, ...MODEL_REGISTRY.filter((e) => e.id !== entry.id)],
  allowedOrigins: [hub.hubOrigin, hub.cdnOrigin],
});

test('cache: put is atomic (temp file + rename), get re-hashes and drops a damaged file, verify removes partials', async () => {
  const cache = new FileModelCache(join(dir, 'unit-cache', 'clipvg'));
  const bytes = new Uint8Array(fixture.text);
  await assert.rejects(cache.putAsync(sha(fixture.vision), bytes), /refusing to store/);
  await cache.putAsync(sha(bytes), bytes);
  assert.deepEqual(readdirSync(cache.filesDir), [sha(bytes)]);
  assert.deepEqual(Buffer.from((await cache.getAsync(sha(bytes)))!), fixture.text);
  // A file cut short by a crash mid-write can only exist under the partial name, never the final one.
  writeFileSync(join(cache.filesDir, `.partial-${sha(fixture.vision)}-1-abcd`), fixture.vision.subarray(0, 1000));
  assert.equal(await cache.fileSizeAsync(sha(fixture.vision)), undefined);
  // Damage the stored file: the read notices and deletes it.
  const damaged = Buffer.from(fixture.text);
  damaged[100]! ^= 0xff;
  writeFileSync(cache.pathOf(sha(bytes)), damaged);
  assert.equal(await cache.getAsync(sha(bytes)), undefined);
  assert.equal(existsSync(cache.pathOf(sha(bytes))), false);
  await cache.putAsync(sha(bytes), bytes);
  writeFileSync(cache.pathOf(sha(bytes)), damaged);
  const v = await cache.verifyAllAsync();
  assert.deepEqual(
    v.checked.map((c) => c.ok),
    [false],
  );
  assert.equal(v.removedPartials.length, 1);
  assert.deepEqual(readdirSync(cache.filesDir), []);
});

test('the test registry override accepts loopback hosts only', () => {
  const bad = join(dir, 'bad-registry.json');
  writeFileSync(bad, JSON.stringify({ allowedOrigins: ['https://huggingface.co'], models: [] }));
  assert.throws(
    () => cliModelSources({ CLIPVG_TEST_REGISTRY: bad }),
    (e: unknown) => e instanceof InputError && /not a loopback/.test(e.message),
  );
  writeFileSync(
    bad,
    JSON.stringify({
      allowedOrigins: [hub.hubOrigin],
      models: [
        { ...entry, variants: { fp32: { ...entry.variants.fp32!, text: { ...entry.variants.fp32!.text, url: 'https://evil.example/text_model.onnx' } } } },
      ],
    }),
  );
  assert.throws(() => cliModelSources({ CLIPVG_TEST_REGISTRY: bad }), /file URL 'https:\/\/evil\.example\/text_model\.onnx' is not a loopback/);
  assert.deepEqual(cliModelSources({}), { registry: MODEL_REGISTRY, allowedOrigins: MODEL_ORIGINS });
  const ok = cliModelSources({ CLIPVG_TEST_REGISTRY: registryFile });
  assert.deepEqual(
    ok.registry.map((e) => e.id),
    MODEL_REGISTRY.map((e) => e.id),
  );
  assert.equal(ok.registry[0]!.variants.fp32!.vision.url, hub.resolveUrl('onnx/vision_model.onnx'));
});

test('model choice: default is the shipped model (one line) until the real one is cached, then the cached one with no request', async () => {
  const cache = new FileModelCache(join(dir, 'choice-cache', 'clipvg'));
  const said: string[] = [];
  let fetches = 0;
  const counting = (input: string, init?: RequestInit) => (fetches++, fetch(input, init));
  const ctx = {
    sources: sources(),
    cache,
    modelsDir: fileURLToPath(new URL('../../models/', import.meta.url)),
    say: (l: string) => void said.push(l),
    fetch: counting,
  };
  const first = await chooseModelAsync(undefined, ctx);
  assert.equal(first.id, 'shapes-clip');
  assert.equal(said.length, 1);
  assert.match(said[0]!, /using the shipped tiny model shapes-clip .*clip-vit-base-patch32 is not cached/);
  assert.equal(fetches, 0, 'a default choice never downloads');
  const explicit = await chooseModelAsync('clip-vit-base-patch32', ctx);
  assert.equal(explicit.from, 'download');
  assert.ok(fetches >= 3);
  const before = hub.requests.length;
  fetches = 0;
  said.length = 0;
  const second = await chooseModelAsync(undefined, ctx);
  assert.deepEqual(
    [second.id, second.from, second.variant, said.length, fetches, hub.requests.length],
    ['clip-vit-base-patch32', 'cache', 'fp32', 0, 0, before],
  );
  assert.deepEqual(Buffer.from((second.assets['model/vision_model.onnx'] as { body: Uint8Array }).body), fixture.vision);
});

test('model choice: an explicit model that fails is a CommandFailure with the loader reason (hash, offline)', async () => {
  const cache = new FileModelCache(join(dir, 'fail-cache', 'clipvg'));
  const ctx = { sources: sources(), cache, modelsDir: 'models/', say: () => {} };
  const good = hub.files.get('onnx/text_model.onnx')!;
  const corrupt = Buffer.from(good.bytes);
  corrupt[500]! ^= 1;
  hub.files.set('onnx/text_model.onnx', { bytes: corrupt });
  try {
    await assert.rejects(
      chooseModelAsync('clip-vit-base-patch32', ctx),
      (e: unknown) => e instanceof CommandFailure && /cannot load --model clip-vit-base-patch32: SHA-256 of .* expected/.test(e.message),
    );
  } finally {
    hub.files.set('onnx/text_model.onnx', good);
  }
  const offline = { ...ctx, fetch: async () => Promise.reject(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') })) };
  await assert.rejects(
    chooseModelAsync('clip-vit-base-patch32', offline),
    (e: unknown) => e instanceof CommandFailure && /cannot reach 127\.0\.0\.1:\d+ \(offline/.test(e.message),
  );
});

test('a tokenizer pinned by its BPE merges is cached as its merges text and rebuilt from the cache', async () => {
  const clipTokenizer = Buffer.from(
    JSON.stringify(clipTokenizerJsonFromBpeText(gunzipSync(readFileSync('models/clip-text/clip-bpe/bpe_simple_vocab_16e6.txt.gz')).toString('utf8'))),
  );
  const merges = (JSON.parse(clipTokenizer.toString()).model.merges as string[]).join('\n');
  hub.files.set('clip-tokenizer.json', { bytes: clipTokenizer, lfs: false });
  const merged: ModelEntry = {
    ...entry,
    variants: {
      fp32: {
        ...entry.variants.fp32!,
        tokenizer: { url: hub.resolveUrl('clip-tokenizer.json'), sha256: null, bytes: null, clipMergesSha256: sha(Buffer.from(merges)), provenance: 'test' },
      },
    },
  };
  const cache = new FileModelCache(join(dir, 'merges-cache', 'clipvg'));
  const opts = { allowedOrigins: [hub.hubOrigin, hub.cdnOrigin], cache, files: ['tokenizer'] as const };
  const first = await loadClipModelAsync(merged, opts);
  assert.deepEqual(readFileSync(cache.pathOf(sha(Buffer.from(merges)))).toString(), merges);
  const before = hub.requests.length;
  const second = await loadClipModelAsync(merged, { ...opts, fetch: async () => assert.fail('no request expected') });
  assert.equal(hub.requests.length, before);
  assert.deepEqual(second.tokenizerJson, first.tokenizerJson);
});

test('clipvg models --json, models fetch (302 to the CDN, progress bar), models verify', async () => {
  const home = join(dir, 'cli-cache');
  const list = async () => {
    const r = await cli(['models', '--json'], { cacheHome: home, registry: true });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as {
      cacheDir: string;
      models: {
        id: string;
        default: boolean;
        variant: string;
        downloadBytes: number;
        files: { role: string; url: string; bytes: number | null; sha256: string | null; cached: boolean }[];
      }[];
    };
  };
  const empty = await list();
  assert.deepEqual(Object.keys(empty), ['cacheDir', 'models']);
  assert.equal(empty.cacheDir, join(home, 'clipvg'));
  const b32 = empty.models.find((m) => m.id === 'clip-vit-base-patch32')!;
  assert.deepEqual(Object.keys(b32), ['id', 'default', 'variant', 'downloadBytes', 'files']);
  assert.deepEqual(Object.keys(b32.files[0]!), ['role', 'url', 'bytes', 'sha256', 'cached']);
  assert.deepEqual([b32.default, b32.variant, b32.downloadBytes], [true, 'fp32', fixture.vision.length + fixture.text.length + fixture.tokenizer.length]);
  assert.deepEqual(
    b32.files.map((f) => [f.role, f.sha256, f.cached]),
    [
      ['vision', sha(fixture.vision), false],
      ['text', sha(fixture.text), false],
      ['tokenizer', sha(fixture.tokenizer), false],
    ],
  );
  const shipped = empty.models.find((m) => m.id === 'shapes-clip')!;
  assert.deepEqual([shipped.downloadBytes, shipped.files.every((f) => f.cached && f.url.startsWith('file:'))], [0, true]);

  const before = hub.requests.length;
  const fetched = await cli(['models', 'fetch', 'clip-vit-base-patch32'], { cacheHome: home, registry: true });
  assert.equal(fetched.status, 0, fetched.stderr);
  assert.match(fetched.stderr, /vision +\[#{30}\] 100%/);
  assert.match(fetched.stdout, /clip-vit-base-patch32 \(fp32\) is cached and verified/);
  const made = hub.requests.slice(before);
  assert.deepEqual(made.filter((r) => r.startsWith('hub')).length, 3);
  assert.deepEqual(made.filter((r) => r.startsWith('cdn')).length, 2, 'the two LFS files came through the redirect');
  for (const bytes of Object.values(fixture)) assert.deepEqual(readFileSync(join(home, 'clipvg', 'sha256', sha(bytes))), bytes);
  assert.ok((await list()).models.find((m) => m.id === 'clip-vit-base-patch32')!.files.every((f) => f.cached));

  const verified = await cli(['models', 'verify'], { cacheHome: home });
  assert.equal(verified.status, 0, verified.stderr);
  assert.match(verified.stdout, /3 cached files .*: 3 verified, 0 damaged/);
  const table = await cli(['models'], { cacheHome: home, registry: true });
  const kB = Math.round((fixture.vision.length + fixture.text.length + fixture.tokenizer.length) / 1e3);
  assert.match(table.stdout, new RegExp(`clip-vit-base-patch32 +fp32 +yes +${kB} kB +3/3 files`));
});

test('clipvg edit --model clip-vit-base-patch32 with no network: exit 1, the loader message, no output file', async () => {
  const out = join(dir, 'offline.svg');
  const r = await cli(['edit', svg, '-o', out, '--prompt', 'a red square', '--iters', '1', '--model', 'clip-vit-base-patch32'], {
    cacheHome: join(dir, 'empty-cache'),
    offline: true,
  });
  assert.equal(r.status, 1, r.stderr);
  assert.match(
    r.stderr.trim(),
    /^clipvg edit: cannot load --model clip-vit-base-patch32: cannot reach huggingface\.co \(offline, blocked or DNS failure: getaddrinfo ENOTFOUND huggingface\.co\)/,
  );
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.equal(existsSync(out), false);
});

test('clipvg edit --model clip-vit-base-patch32 once cached makes no request, and names the model', async () => {
  const home = join(dir, 'edit-cache');
  mkdirSync(home, { recursive: true });
  assert.equal((await cli(['models', 'fetch', 'clip-vit-base-patch32'], { cacheHome: home, registry: true })).status, 0);
  const before = hub.requests.length;
  const out = join(dir, 'cached.svg');
  const report = join(dir, 'cached.json');
  const r = await cli(
    ['edit', svg, '-o', out, '--report', report, '--prompt', 'a red square', '--iters', '1', '--patches', '0', '--quiet', '--model', 'clip-vit-base-patch32'],
    { cacheHome: home, registry: true },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.equal(hub.requests.length, before, `requests made: ${hub.requests.slice(before).join(', ')}`);
  assert.match(r.stdout, /-> .*cached\.svg: model clip-vit-base-patch32 \(fp32\), 1 iterations/);
  const rep = JSON.parse(readFileSync(report, 'utf8')) as { model: string; modelVariant: string; modelFrom: string };
  assert.deepEqual([rep.model, rep.modelVariant, rep.modelFrom], ['clip-vit-base-patch32', 'fp32', 'cache']);
  assert.ok(existsSync(out));
});
