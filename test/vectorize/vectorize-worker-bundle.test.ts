import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runInNewContext } from 'node:vm';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { encode as encodePng } from 'fast-png';

// The vectoriser must run in the plugin's Web Worker: bundle it for the browser and run the
// bundle in a bare JavaScript context that has no DOM and no Node (no require, process,
// Buffer), only what a worker also has (setTimeout, TextEncoder, TextDecoder).

const ENTRY = fileURLToPath(new URL('../../src/engine/vectorize/load-scene-from-image-file.ts', import.meta.url));

test('the vectoriser bundles for the browser and runs without DOM or Node globals', async () => {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'vectorizer',
    platform: 'browser',
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.text;
  assert.ok(!/\brequire\(["']node:/.test(code), 'no node: imports');
  const context: Record<string, unknown> = { setTimeout, TextEncoder, TextDecoder };
  runInNewContext(code, context);
  const api = context.vectorizer as { loadSceneFromImageFileAsync(bytes: Uint8Array, o: object): Promise<{ scene: { width: number; groups: unknown[] } }> };
  const data = new Uint8Array(20 * 10 * 3);
  for (let p = 0; p < 200; p++) data.set(p % 20 < 10 ? [250, 0, 0] : [0, 0, 250], p * 3);
  const png = encodePng({ width: 20, height: 10, data, channels: 3, depth: 8 });
  const loaded = await api.loadSceneFromImageFileAsync(png, { rounds: [2, 4] });
  assert.equal(loaded.scene.width, 20);
  assert.ok(loaded.scene.groups.length >= 4, `${loaded.scene.groups.length} groups`);
});
