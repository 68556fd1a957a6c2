import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

// A plain static host for the harness's hosted mode, like GitHub Pages or a bucket: files from
// a folder (or given bodies), no cross-origin isolation headers, and a log of every request
// (the tests count what the browser asked for).

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.onnx': 'application/octet-stream',
};

export interface StaticSite {
  /** http://127.0.0.1:PORT/ */
  url: string;
  origin: string;
  /** Paths requested so far (without the leading '/'). */
  requests: string[];
  /** Bodies served at fixed paths, checked before the folder (may change while serving). */
  bodies: Record<string, { body: string; type: string }>;
  closeAsync(): Promise<void>;
}

export async function startStaticSiteAsync(folder: string | null): Promise<StaticSite> {
  const requests: string[] = [];
  const bodies: StaticSite['bodies'] = {};
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice(1)) || 'index.html';
    requests.push(path);
    const fixed = bodies[path];
    if (fixed) {
      res.setHeader('Content-Type', fixed.type);
      res.end(fixed.body);
      return;
    }
    const file = folder ? normalize(join(folder, path)) : null;
    if (!file || !file.startsWith(folder! + sep)) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    readFile(file).then(
      (bytes) => {
        res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
        res.end(bytes);
      },
      () => {
        res.statusCode = 404;
        res.end('not found');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('static site has no port');
  const origin = `http://127.0.0.1:${address.port}`;
  return {
    url: `${origin}/`,
    origin,
    requests,
    bodies,
    closeAsync: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
