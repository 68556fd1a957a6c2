import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { launchChromiumAsync } from '../../src/cli/chromium.ts';
import { startLocalPageServerAsync, type PageAsset } from '../../src/cli/local-page-server.ts';
import { ORT_WASM_FILE } from '../../src/engine/clip/clip-ort-config.ts';
import { callPageAsync } from '../../src/cli/page-api.ts';
import { CLIP_STARTUP_PAGE } from './test-page-apis.ts';

// Builds a self-contained ui.html-like page (script inline, minified, as the plugin build does)
// with ORT's wasm either inlined (gzip + base64) or fetched from a pinned URL, and measures
// its size and the time from navigation to a ready WebGPU session.

export type StartupMode = 'inline' | 'url';

export function ortWasmPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('onnxruntime-web')), ORT_WASM_FILE);
}

export async function buildStartupHtmlAsync(
  mode: StartupMode,
  opts: { modelUrl: string; wasmUrl: string; wasmSha256: string; gzipLevel?: number },
): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./clip-startup-page.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.text.replace(/<\/script/gi, '<\\/script');
  const source =
    mode === 'inline'
      ? `{gzipBase64:"${gzipSync(readFileSync(ortWasmPath()), { level: opts.gzipLevel ?? 9 }).toString('base64')}"}`
      : JSON.stringify({ url: opts.wasmUrl, sha256: opts.wasmSha256 });
  return `<!doctype html><meta charset="utf-8"><title>ui</title><script>globalThis.__ortWasm=${source};globalThis.__modelUrl=${JSON.stringify(opts.modelUrl)};</script><script type="module">${code}</script>`;
}

export interface StartupFigures {
  uiHtmlBytes: number;
  readyMs: number;
  wasmConfiguredMs: number;
  provider: string;
  /** URL paths the page requested besides ui.html. */
  requested: string[];
}

/** Serves `html` as the only page (plus the model, and for 'url' the wasm at cdn/) and times it. */
export async function measureStartupAsync(html: string, assets: Record<string, PageAsset>): Promise<StartupFigures> {
  const server = await startLocalPageServerAsync({ 'index.html': { body: html, type: 'text/html; charset=utf-8' }, ...assets });
  const browser = await launchChromiumAsync();
  try {
    const page = await browser.newPage();
    const requested: string[] = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname.slice(1);
      if (path !== '' && path !== 'index.html') requested.push(path);
    });
    await page.goto(server.url);
    await page.waitForFunction(() => Reflect.get(globalThis, '__engineReady') === true, null, { timeout: 120_000 });
    const s = await callPageAsync(page, CLIP_STARTUP_PAGE, 'startupAsync').catch((err: unknown) => {
      throw new Error(`start-up page failed: ${(err as Error).message}`);
    });
    return {
      uiHtmlBytes: Buffer.byteLength(html),
      readyMs: Math.round(s.readyMs),
      wasmConfiguredMs: Math.round(s.wasmConfiguredMs),
      provider: s.provider,
      requested,
    };
  } finally {
    await browser.close();
    await server.closeAsync();
  }
}
