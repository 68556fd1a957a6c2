import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { build } from 'esbuild';

// The CLI, tests and benchmarks run engine code in headless Chromium. WebGPU exists only in
// secure contexts, and http://127.0.0.1 is one, so we serve pages from a loopback server.

export type PageAsset = { body: string | Uint8Array; type: string } | { file: string; type?: string };

export interface LocalPageServer {
  /** Base URL, ending in '/'. */
  url: string;
  closeAsync(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.onnx': 'application/octet-stream',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** Serves `assets` (URL path without leading slash -> content) on 127.0.0.1, cross-origin isolated. */
export async function startLocalPageServerAsync(assets: Record<string, PageAsset>): Promise<LocalPageServer> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice(1)) || 'index.html';
    const asset = assets[path];
    // Cross-origin isolation lets onnxruntime-web use SharedArrayBuffer (threaded WASM).
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    res.setHeader('Cache-Control', 'no-store');
    if (!asset) {
      res.statusCode = 404;
      res.end(`not found: ${path}`);
      return;
    }
    const send = (body: string | Uint8Array, type: string) => {
      res.setHeader('Content-Type', type);
      res.end(body);
    };
    if ('file' in asset) {
      readFile(asset.file).then(
        (bytes) => send(bytes, asset.type ?? TYPES[extname(asset.file)] ?? 'application/octet-stream'),
        () => {
          res.statusCode = 404;
          res.end(`missing file for ${path}`);
        },
      );
    } else {
      send(asset.body, asset.type);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('loopback server has no port');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    closeAsync: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Bundles a TypeScript entry for the browser (ESM, one file, in memory). */
export async function bundleForBrowserAsync(entry: string, define: Record<string, string> = {}): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    sourcemap: 'inline',
    define,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}
