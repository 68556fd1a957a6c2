import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A loopback stand-in for the Hugging Face hub, answering as huggingface.co does: GET
// /ORG/REPO/resolve/REV/PATH of a Git LFS file is a 302 to a second server (the LFS CDN, here
// another port) with X-Linked-Etag / X-Linked-Size; the CDN serves the bytes with ETag and
// Content-Length. Small non-LFS files (tokenizer.json) are served by the hub itself. Every
// request to either server is counted, so tests can prove a run made none.

export interface HubFile {
  bytes: Uint8Array;
  /** Stored with Git LFS (redirected to the CDN); default true. */
  lfs?: boolean;
}

export interface LoopbackHfHub {
  /** e.g. http://127.0.0.1:PORT (no trailing slash). */
  hubOrigin: string;
  cdnOrigin: string;
  /** `${hubOrigin}/${repo}/resolve/${rev}/${path}` */
  resolveUrl(path: string): string;
  /** "hub GET /path" / "cdn GET /path", in order. */
  requests: string[];
  /** Replace a file's bytes (e.g. to serve a corrupt copy). */
  files: Map<string, HubFile>;
  closeAsync(): Promise<void>;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function listenAsync(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; origin: string }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export async function startLoopbackHfHubAsync(repo: string, rev: string, files: Record<string, HubFile>): Promise<LoopbackHfHub> {
  const requests: string[] = [];
  const table = new Map(Object.entries(files));
  const byOid = () => new Map([...table.values()].map((f) => [sha256(f.bytes), f]));
  const cdn = await listenAsync((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(`cdn ${req.method} ${url.pathname}`);
    const oid = url.pathname.split('/').pop() ?? '';
    const file = byOid().get(oid);
    if (!file || !url.searchParams.get('X-Amz-Signature'))
      return void res.writeHead(403, { 'content-type': 'application/xml' }).end('<Error><Code>AccessDenied</Code></Error>');
    res
      .writeHead(200, { 'content-type': 'binary/octet-stream', 'content-length': file.bytes.length, etag: `"${oid}"`, 'accept-ranges': 'bytes' })
      .end(file.bytes);
  });
  const prefix = `/${repo}/resolve/${rev}/`;
  const hub = await listenAsync((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(`hub ${req.method} ${url.pathname}`);
    const file = url.pathname.startsWith(prefix) ? table.get(decodeURIComponent(url.pathname.slice(prefix.length))) : undefined;
    if (!file) return void res.writeHead(404, { 'x-error-code': 'EntryNotFound', 'content-type': 'text/plain' }).end('Entry not found');
    const oid = sha256(file.bytes);
    if (file.lfs ?? true) {
      const signed = `${cdn.origin}/repos/ab/cd/${oid}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=3600&X-Amz-Signature=${oid.slice(0, 16)}`;
      return void res
        .writeHead(302, {
          location: signed,
          'x-linked-etag': `"${oid}"`,
          'x-linked-size': String(file.bytes.length),
          'x-repo-commit': rev,
          'content-length': 0,
        })
        .end();
    }
    const etag = createHash('sha1').update(file.bytes).digest('hex');
    res
      .writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': file.bytes.length, etag: `"${etag}"`, 'x-repo-commit': rev })
      .end(file.bytes);
  });
  return {
    hubOrigin: hub.origin,
    cdnOrigin: cdn.origin,
    resolveUrl: (path) => `${hub.origin}${prefix}${path}`,
    requests,
    files: table,
    closeAsync: async () => {
      await Promise.all([hub.server, cdn.server].map((s) => new Promise<void>((r) => (s.closeAllConnections(), s.close(() => r())))));
    },
  };
}
