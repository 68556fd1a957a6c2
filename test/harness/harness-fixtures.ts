import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { ORT_WASM_CDN_URL, ORT_WASM_FILE } from '../../src/engine/clip/clip-ort-config.ts';
import { FakeFigma } from '../fake-figma/fake-figma.ts';

// What the harness tests share: the little scene they edit, and ORT's wasm served at its pinned
// URL from the npm package (the engine still checks its SHA-256).

export const CORS = { 'access-control-allow-origin': '*', 'cross-origin-resource-policy': 'cross-origin' };

export function ortWasmBytes(): Buffer {
  const require = createRequire(import.meta.url);
  return readFileSync(join(dirname(require.resolve('onnxruntime-web')), ORT_WASM_FILE));
}

/** Answers ORT's pinned wasm URL in `page` with the npm file; `onRequest` sees each request's URL. */
export async function serveOrtWasmAsync(page: Page, onRequest?: (url: string) => void): Promise<void> {
  const wasm = ortWasmBytes();
  await page.route(ORT_WASM_CDN_URL, (route) => {
    onRequest?.(route.request().url());
    return route.fulfill({ status: 200, body: wasm, headers: { 'content-type': 'application/wasm', ...CORS } });
  });
}

/** A 48 px frame with two blue 16 px circles and the prompt "a red circle", selected. */
export function blueDots(): { f: FakeFigma; frame: ReturnType<FakeFigma['createFrame']> } {
  const f = new FakeFigma();
  const frame = f.createFrame();
  frame.name = 'Dots';
  frame.resize(48, 48);
  frame.fills = [];
  frame.setPluginData('prompt', 'a red circle');
  for (const [x, y] of [
    [6, 8],
    [26, 22],
  ] as const) {
    const e = f.createEllipse();
    frame.appendChild(e);
    e.x = x;
    e.y = y;
    e.resize(16, 16);
    e.fills = [{ type: 'SOLID', color: { r: 0.1, g: 0.2, b: 0.9 }, opacity: 1 }];
  }
  f.select(frame);
  return { f, frame };
}
