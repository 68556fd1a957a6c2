import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ORT_VERSION, ORT_WASM_BYTES, ORT_WASM_CDN_URL, ORT_WASM_SHA256, fetchPinnedWasmAsync, gunzipAsync } from '../../src/engine/clip/clip-ort-config.ts';
import { base64ToBytes } from '../../src/engine/gpu/base64-floats.ts';
import { sha256HexAsync } from '../../src/engine/models/sha256-stream.ts';
import { ortWasmPath } from '../support/clip-startup-html.ts';

test('the pinned wasm hash, size and version are those of the installed onnxruntime-web', () => {
  const bytes = readFileSync(ortWasmPath());
  assert.equal(createHash('sha256').update(bytes).digest('hex'), ORT_WASM_SHA256);
  assert.equal(bytes.length, ORT_WASM_BYTES);
  const pkg = JSON.parse(readFileSync(join(dirname(ortWasmPath()), '..', 'package.json'), 'utf8')) as { version: string };
  assert.equal(pkg.version, ORT_VERSION);
  assert.ok(ORT_WASM_CDN_URL.endsWith(`onnxruntime-web@${ORT_VERSION}/dist/ort-wasm-simd-threaded.asyncify.wasm`));
});

test('gzip+base64 inlining round-trips to the same bytes (what ui.html carries)', async () => {
  const bytes = new Uint8Array(readFileSync(ortWasmPath()).subarray(0, 200_000));
  const back = await gunzipAsync(base64ToBytes(gzipSync(bytes).toString('base64')));
  assert.deepEqual(back, bytes);
  assert.equal(await sha256HexAsync(bytes), createHash('sha256').update(bytes).digest('hex'));
});

const fakeFetch = (body: Uint8Array | Error, status = 200) =>
  (async () => {
    if (body instanceof Error) throw body;
    return new Response(body as BodyInit, { status });
  }) as unknown as typeof fetch;

test('a pinned download is refused on a wrong hash, an HTTP error or no network, each with its own message', async () => {
  const good = new Uint8Array([1, 2, 3]);
  const hash = createHash('sha256').update(good).digest('hex');
  assert.deepEqual(await fetchPinnedWasmAsync('https://x/ort.wasm', hash, fakeFetch(good)), good);
  await assert.rejects(
    fetchPinnedWasmAsync('https://x/ort.wasm', hash, fakeFetch(new Uint8Array([1, 2]))),
    /has SHA-256 [0-9a-f]{64}, expected .*2 bytes received.*refusing/,
  );
  await assert.rejects(fetchPinnedWasmAsync('https://x/ort.wasm', hash, fakeFetch(good, 404)), /HTTP 404/);
  await assert.rejects(fetchPinnedWasmAsync('https://x/ort.wasm', hash, fakeFetch(new TypeError('Failed to fetch'))), /offline\?.*Failed to fetch/);
});
