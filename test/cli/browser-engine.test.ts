import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { openBrowserEngineAsync } from '../../src/cli/browser-engine.ts';
import { callPageAsync } from '../../src/cli/page-api.ts';
import { WEBGPU_PROBE_PAGE } from '../support/test-page-apis.ts';

test('engine page runs in a secure, cross-origin-isolated context with a WebGPU adapter', async () => {
  const engine = await openBrowserEngineAsync({ entry: fileURLToPath(new URL('../support/webgpu-probe-page.ts', import.meta.url)) });
  try {
    const probe = await callPageAsync(engine.page, WEBGPU_PROBE_PAGE, 'probeAsync');
    assert.deepEqual(probe, { secure: true, adapter: true, crossOriginIsolated: true });
    const wasm = await (await fetch(new URL('ort/ort-wasm-simd-threaded.wasm', engine.server.url))).arrayBuffer();
    assert.ok(WebAssembly.validate(new Uint8Array(wasm)), 'ORT wasm is served intact');
  } finally {
    await engine.closeAsync();
  }
});
