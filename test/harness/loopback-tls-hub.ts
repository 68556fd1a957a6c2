import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

// One loopback HTTPS server that answers for any number of host names (huggingface.co, its
// storage hosts, a host outside the manifest), so the browser makes real TLS requests with
// real redirects between real host names, and the plugin window's policy is checked at every
// hop. Chromium reaches it through --host-resolver-rules (hubBrowserArgs) and accepts its
// self-signed certificate (test/data/loopback-tls) with --ignore-certificate-errors. Every
// request is logged with its host, so a test can show that a refused host was never contacted.

const TLS = join(import.meta.dirname, '..', 'data', 'loopback-tls');

export interface HubRequest {
  host: string;
  path: string;
  /** The Range header, if the browser sent one. */
  range?: string;
}

export type HubHandler = (request: HubRequest, response: ServerResponse) => void;

export interface LoopbackTlsHub {
  port: number;
  requests: HubRequest[];
  /** Chromium flags mapping `hosts` (port 443) to this server. */
  browserArgs(hosts: readonly string[]): string[];
  closeAsync(): Promise<void>;
}

export async function startLoopbackTlsHubAsync(handler: HubHandler): Promise<LoopbackTlsHub> {
  const requests: HubRequest[] = [];
  const server: Server = createServer({ cert: readFileSync(join(TLS, 'cert.pem')), key: readFileSync(join(TLS, 'key.pem')) }, (req, res) => {
    const request: HubRequest = { host: (req.headers.host ?? '').replace(/:\d+$/, ''), path: req.url ?? '/' };
    if (req.headers.range) request.range = req.headers.range;
    requests.push(request);
    // The plugin's frames have origin null and sit in a cross-origin isolated host page.
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    handler(request, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    requests,
    browserArgs: (hosts) => [`--host-resolver-rules=${hosts.map((h) => `MAP ${h} 127.0.0.1:${port}`).join(', ')}`, '--ignore-certificate-errors'],
    closeAsync: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
