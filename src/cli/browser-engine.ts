import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromiumAsync } from './chromium.ts';
import { bundleForBrowserAsync, startLocalPageServerAsync, type LocalPageServer, type PageAsset } from './local-page-server.ts';

// Runs a browser entry module (engine code plus a thin page adapter) in headless Chromium,
// served from loopback so WebGPU is available. onnxruntime-web's wasm/mjs files are served
// under ort/ (set ort.env.wasm.wasmPaths = new URL('ort/', location.href).href in the page).
// The page may reach nothing but that server: any other request is refused and recorded, so
// nothing (ORT's wasm above all) can quietly come from a CDN.

export interface BrowserEngine {
  page: Page;
  browser: Browser;
  server: LocalPageServer;
  /** Every URL the page (and its workers) requested, in order. */
  requests: string[];
  /** Requests to anywhere but the loopback server: refused. */
  refused: string[];
  closeAsync(): Promise<void>;
}

export interface BrowserEngineOptions {
  /** Absolute path of the TypeScript entry module to bundle as engine.js. */
  entry: string;
  /** Extra files to serve (URL path without leading slash -> asset). */
  assets?: Record<string, PageAsset>;
  /** Forward the page's console to stderr (debugging). */
  echoConsole?: boolean;
}

function ortAssets(): Record<string, PageAsset> {
  const require = createRequire(import.meta.url);
  const dist = dirname(require.resolve('onnxruntime-web'));
  const names = [
    'ort-wasm-simd-threaded.wasm',
    'ort-wasm-simd-threaded.mjs',
    'ort-wasm-simd-threaded.jsep.wasm',
    'ort-wasm-simd-threaded.jsep.mjs',
    'ort-wasm-simd-threaded.asyncify.wasm',
    'ort-wasm-simd-threaded.asyncify.mjs',
    'ort-wasm-simd-threaded.jspi.wasm',
    'ort-wasm-simd-threaded.jspi.mjs',
  ];
  return Object.fromEntries(names.map((n) => [`ort/${n}`, { file: join(dist, n) }]));
}

export async function openBrowserEngineAsync(options: BrowserEngineOptions): Promise<BrowserEngine> {
  const code = await bundleForBrowserAsync(options.entry);
  const html = '<!doctype html><meta charset="utf-8"><title>clipvg engine</title><script type="module" src="engine.js"></script>';
  const server = await startLocalPageServerAsync({
    'index.html': { body: html, type: 'text/html; charset=utf-8' },
    'engine.js': { body: code, type: 'text/javascript; charset=utf-8' },
    ...ortAssets(),
    ...options.assets,
  });
  let browser: Browser | undefined;
  try {
    browser = await launchChromiumAsync();
    const context = await browser.newContext();
    const requests: string[] = [];
    const refused: string[] = [];
    context.on('request', (r) => void requests.push(r.url()));
    const origin = new URL(server.url).origin;
    await context.route(
      (url) => url.origin !== origin,
      (route) => {
        refused.push(route.request().url());
        return route.abort('blockedbyclient');
      },
    );
    const page = await context.newPage();
    if (options.echoConsole) page.on('console', (m) => process.stderr.write(`[page] ${m.text()}\n`));
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await page.waitForFunction(
      () => (globalThis as { __engineReady?: boolean }).__engineReady === true || (globalThis as { __engineError?: string }).__engineError !== undefined,
      null,
      { timeout: 60_000 },
    );
    const startError = await page.evaluate(() => (globalThis as { __engineError?: string }).__engineError);
    if (startError || errors.length) throw new Error(`engine page failed to start: ${startError ?? errors.join('; ')}`);
    const b = browser;
    return {
      page,
      browser: b,
      server,
      requests,
      refused,
      closeAsync: async () => {
        await b.close();
        await server.closeAsync();
      },
    };
  } catch (err) {
    await browser?.close();
    await server.closeAsync();
    throw err;
  }
}
