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

test('the CLI edit page reaches only its loopback server: ORT wasm from node_modules, no CDN', async () => {
  const { openEditBrowserAsync } = await import('../support/edit-browser.ts');
  const { importSvg } = await import('../../src/scene/svg-import.ts');
  const browser = await openEditBrowserAsync();
  try {
    const { engine } = browser;
    const scene = importSvg('<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"><rect x="6" y="6" width="20" height="20" fill="#0000ff"/></svg>');
    const run = await browser.editAsync(scene, { prompt: 'a red square', iterations: 1, patches: 0 });
    assert.equal(run.result.iterations, 1);
    const origin = new URL(engine.server.url).origin;
    assert.deepEqual(engine.refused, []);
    assert.deepEqual(
      engine.requests.filter((u) => new URL(u).origin !== origin),
      [],
    );
    assert.ok(
      engine.requests.some((u) => /\/ort\/ort-wasm-simd-threaded\.[a-z.]*wasm$/.test(u)),
      `ORT's wasm came from the server: ${engine.requests.join(', ')}`,
    );
    // The guard itself: a request elsewhere is refused and recorded.
    const cdn = 'https://cdn.jsdelivr.net/npm/onnxruntime-web@1.30.0/dist/ort-wasm-simd-threaded.wasm';
    const outcome = await engine.page.evaluate(
      (u) =>
        fetch(u).then(
          () => 'fetched',
          (e: Error) => `refused: ${e.message}`,
        ),
      cdn,
    );
    assert.match(outcome, /^refused/);
    assert.deepEqual(engine.refused, [cdn]);
  } finally {
    await browser.closeAsync();
  }
});
