import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { buildWebAsync, hostedManifestAsync, pluginManifestAsync } from '../../esbuild.config.mjs';
import { startPluginController, type PluginController } from '../../src/plugin/controller.ts';
import { hostedUiHtml } from '../../src/plugin/hosted-ui.ts';
import type { FakeFigma } from '../fake-figma/fake-figma.ts';
import { figmaPluginCsp, recordCspViolationsAsync, withCspMeta, type CspViolationLog } from './figma-plugin-csp.ts';
import { pack, unpack } from './harness-figma-host.ts';
import { startStaticSiteAsync, type StaticSite } from './static-site-server.ts';

// Hosted mode without Figma. Two loopback origins: the host page plays Figma on one
// (127.0.0.1:A) and the web build (dist/web, built for this test with A as "Figma's origin")
// is served from another (127.0.0.1:B), a static host that counts requests. The real sandbox
// code runs on the fake Figma in Node and shows its redirect document, which the host page
// loads as Figma does: a data: URL iframe, which then navigates itself to the hosted page.

export interface HostedSites {
  figma: StaticSite;
  web: StaticSite;
  pluginId: string;
  closeAsync(): Promise<void>;
}

/** Builds the web UI for a harness "Figma" origin and serves both; open as many UIs as needed. */
export async function startHostedSitesAsync(): Promise<HostedSites> {
  const figma = await startStaticSiteAsync(null);
  const outdir = mkdtempSync(join(tmpdir(), 'clipvg-web-'));
  const pluginId = (await pluginManifestAsync()).id;
  await buildWebAsync({ outdir, figmaOrigin: figma.origin, pluginId });
  const web = await startStaticSiteAsync(outdir);
  return {
    figma,
    web,
    pluginId,
    closeAsync: async () => {
      await figma.closeAsync();
      await web.closeAsync();
      rmSync(outdir, { recursive: true, force: true });
    },
  };
}

function hostPageHtml(pluginId: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Figma plugin harness (hosted UI)</title>
<style>body{margin:0;background:#e5e5e5}.window{margin:16px;width:360px;background:#fff}iframe{display:block;border:0;width:360px;height:680px}</style>
</head><body><div class="window"><iframe id="plugin-ui"></iframe></div>
<script>
  const PLUGIN_ID = ${JSON.stringify(pluginId)};
  const iframe = document.getElementById('plugin-ui');
  const toBase64 = (bytes) => { let s = ''; for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000)); return btoa(s); };
  const fromBase64 = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const pack = (v) => v instanceof Uint8Array ? { __bytes: toBase64(v) } : Array.isArray(v) ? v.map(pack)
    : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, pack(x)])) : v;
  const unpack = (v) => v && typeof v === 'object' && typeof v.__bytes === 'string' ? fromBase64(v.__bytes) : Array.isArray(v) ? v.map(unpack)
    : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unpack(x)])) : v;
  window.__dropped = [];
  // figma.ui.postMessage(m, { origin }): delivered only to a document of that origin.
  window.__toUi = (packed, origin) => iframe.contentWindow.postMessage({ pluginMessage: unpack(packed) }, origin || '*');
  window.addEventListener('message', (e) => {
    if (e.source !== iframe.contentWindow || !e.data || typeof e.data !== 'object' || !('pluginMessage' in e.data)) return;
    // Figma's rule for a UI with a non-null origin: its messages must carry the plugin's id.
    if (e.origin !== 'null' && e.data.pluginId !== PLUGIN_ID) { window.__dropped.push(e.origin); return; }
    window.__toSandbox(pack(e.data.pluginMessage), e.origin);
  });
  fetch('ui.html').then((r) => r.text()).then((html) => {
    iframe.src = 'data:text/html;charset=utf-8;base64,' + toBase64(new TextEncoder().encode(html));
  });
</script></body></html>`;
}

export interface HostedUi {
  page: Page;
  /** The hosted UI's frame (once it has navigated to the web host). */
  uiFrame(): Frame;
  controller: PluginController;
  /** Content-security-policy refusals in any frame or worker of the window (the hosted page has its own policy). */
  violations: CspViolationLog;
  closeAsync(): Promise<void>;
}

/** Opens the plugin once in `context` (a second call on the same context is a restart with the same storage). */
export async function openHostedUiAsync(
  context: BrowserContext,
  fake: FakeFigma,
  sites: HostedSites,
  beforeNavigateAsync?: (page: Page) => Promise<void>,
): Promise<HostedUi> {
  const page = await context.newPage();
  await page.setViewportSize({ width: 392, height: 770 });
  if (process.env.CLIPVG_HARNESS_ECHO) page.on('console', (m) => process.stderr.write(`[ui] ${m.text()}\n`));
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // The hosted page carries its own policy (dist/web/index.html); any refusal fails the test.
  const violations = await recordCspViolationsAsync(page);
  await beforeNavigateAsync?.(page);
  // Uint8Arrays cross the Node bridge base64-tagged (pack / unpack), as in data: mode.
  await page.exposeFunction('__toSandbox', (message: unknown, origin: string) => fake.sendFromUi(unpack(message), origin));
  fake.onUiMessage = (m, options) => {
    page
      .evaluate(([msg, origin]) => (window as unknown as { __toUi(m: unknown, o?: string): void }).__toUi(msg, origin), [pack(m), options?.origin] as const)
      .catch(() => {});
  };
  const controller = startPluginController(fake.api, hostedUiHtml(sites.web.url), { uiOrigin: sites.web.origin });
  sites.figma.bodies['index.html'] = { body: hostPageHtml(sites.pluginId), type: 'text/html; charset=utf-8' };
  // Figma's window runs showUI's document (the redirect) under its plugin-window policy, built
  // from the hosted build's manifest; the page it navigates to then has its own policy.
  const allowed = (await hostedManifestAsync({ origin: sites.web.origin, url: sites.web.url })).networkAccess.allowedDomains;
  const shown = withCspMeta(`<!doctype html><html><head></head><body>${fake.shownUi!.html}</body></html>`, figmaPluginCsp(allowed));
  sites.figma.bodies['ui.html'] = { body: shown, type: 'text/html; charset=utf-8' };
  await page.goto(sites.figma.url);
  const uiFrame = () => {
    const f = page.frames().find((fr) => fr.url().startsWith(sites.web.url));
    if (!f)
      throw new Error(
        `the plugin window has not navigated to ${sites.web.url} (frames: ${page
          .frames()
          .map((fr) => fr.url().slice(0, 60))
          .join(', ')})`,
      );
    return f;
  };
  return {
    page,
    uiFrame,
    controller,
    violations,
    closeAsync: async () => {
      fake.onUiMessage = undefined;
      await page.close();
      if (pageErrors.length) throw new Error(`host page errors: ${pageErrors.join('; ')}`);
      violations.assertNone('the hosted plugin window');
    },
  };
}
