// A loopback stand-in for the Hugging Face hub and its storage hosts, answering as they do:
//   GET https://huggingface.co/ORG/REPO/resolve/REV/PATH
//     LFS file  -> 302 to https://<storage host>/xet-bridge-us/<sha256>?X-Amz-...  (a second host)
//     small file -> 200 from huggingface.co itself
//   GET https://<storage host>/... -> 200 with ETag and Content-Length, no Accept-Ranges
//     (a Range header is ignored: the whole body comes back).
// Hosts are mapped to loopback by the FetchLike `fetch` below (test-only; the loader's https
// rule is unchanged): a request to an unmapped host fails like a DNS error, and every request
// is logged with its host so tests can show that a refused host was never contacted.
import { createHash } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FetchLike } from '../../src/engine/models/host-allowlist.ts';

export interface HubFile {
  /** Path inside the repo (e.g. onnx/vision_model_fp16.onnx). */
  path: string;
  bytes: Uint8Array;
  /** Served from huggingface.co directly (non-LFS), not via a redirect. */
  small?: boolean;
}

export interface HubRequest {
  host: string;
  path: string;
  range?: string;
}

export interface LoopbackHub {
  /** https://huggingface.co/ORG/REPO/resolve/REV/PATH for a file. */
  url(path: string): string;
  fetch: FetchLike;
  requests: HubRequest[];
  /** Where LFS files redirect to: a list of hosts walked in turn (last one serves the bytes). */
  redirectVia: string[];
  closeAsync(): Promise<void>;
}

export const HUB_REPO = 'clipvg-test/published-clip';
export const HUB_REV = '0123456789abcdef0123456789abcdef01234567';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export interface HubOptions {
  /** The repo and revision of the resolve URLs (default: a test repo); the registry's own for its real URLs. */
  repo?: string;
  rev?: string;
}

/** What the hub and its storage hosts answer, by host name: the one responder behind every loopback hub. */
export interface HubResponder {
  url(path: string): string;
  /** Where LFS files redirect to: a list of hosts walked in turn (last one serves the bytes). */
  redirectVia: string[];
  /** Answers a GET of `url` (path and query) sent to `host`. */
  answer(host: string, url: string, res: ServerResponse): void;
}

export function hubResponder(files: HubFile[], options: HubOptions = {}): HubResponder {
  const repo = options.repo ?? HUB_REPO;
  const rev = options.rev ?? HUB_REV;
  const byPath = new Map(files.map((f) => [f.path, f]));
  const bySha = new Map(files.map((f) => [sha256(f.bytes), f]));
  const responder: HubResponder = {
    url: (path) => `https://huggingface.co/${repo}/resolve/${rev}/${path}`,
    redirectVia: ['us.aws.cdn.hf.co'],
    answer(host, requestUrl, res) {
      const url = new URL(requestUrl, 'http://x');
      if (host === 'huggingface.co') {
        const prefix = `/${repo}/resolve/${rev}/`;
        const file = url.pathname.startsWith(prefix) ? byPath.get(url.pathname.slice(prefix.length)) : undefined;
        if (!file) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('Entry not found');
        const etag = `"${sha256(file.bytes)}"`;
        if (file.small) return void res.writeHead(200, { etag, 'content-length': file.bytes.length, 'content-type': 'application/json' }).end(file.bytes);
        const [first] = responder.redirectVia;
        return void res
          .writeHead(302, {
            location: `https://${first}/xet-bridge-us/${sha256(file.bytes)}?hop=0&X-Amz-Signature=test`,
            'x-linked-etag': etag,
            'x-linked-size': String(file.bytes.length),
          })
          .end();
      }
      // Storage hosts: walk the redirect chain, then serve by content hash.
      const hop = Number(url.searchParams.get('hop') ?? '0');
      const next = responder.redirectVia[hop + 1];
      const file = bySha.get(url.pathname.split('/').pop() ?? '');
      if (!file) return void res.writeHead(404).end();
      if (next !== undefined) return void res.writeHead(302, { location: `https://${next}${url.pathname}?hop=${hop + 1}&X-Amz-Signature=test` }).end();
      res.writeHead(200, { etag: `"${sha256(file.bytes)}"`, 'content-length': file.bytes.length, 'content-type': 'application/octet-stream' }).end(file.bytes);
    },
  };
  return responder;
}

export async function startLoopbackHubAsync(files: HubFile[], options: HubOptions = {}): Promise<LoopbackHub> {
  const responder = hubResponder(files, options);
  const requests: HubRequest[] = [];
  const hub: LoopbackHub = {
    url: responder.url,
    fetch: undefined as unknown as FetchLike,
    requests,
    get redirectVia() {
      return responder.redirectVia;
    },
    set redirectVia(via) {
      responder.redirectVia = via;
    },
    closeAsync: () => new Promise<void>((r) => server.close(() => r())),
  };
  const server: Server = createServer((req, res) => {
    const host = String(req.headers['x-test-host'] ?? '');
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push({ host, path: url.pathname, range: req.headers.range });
    responder.answer(host, req.url ?? '/', res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  server.keepAliveTimeout = 60_000;
  const { port } = server.address() as AddressInfo;
  hub.fetch = async (input, init) => {
    const u = new URL(input);
    // Only https names are mapped (as on the real network, plain http to these hosts is not
    // answered); every name resolves to the loopback server, which tells hosts apart by header.
    if (u.protocol !== 'https:') throw new TypeError(`fetch failed`, { cause: new Error(`test network: no plain http to ${u.host}`) });
    const headers = new Headers(init?.headers);
    headers.set('x-test-host', u.host);
    return fetch(`http://127.0.0.1:${port}${u.pathname}${u.search}`, { ...init, headers });
  };
  return hub;
}
