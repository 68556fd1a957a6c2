import type { Browser, FrameLocator, Page } from 'playwright-core';
import { buildUiHtmlAsync, offlineModelAsync } from '../../esbuild.config.mjs';
import { startLocalPageServerAsync, type LocalPageServer } from '../../src/cli/local-page-server.ts';
import { startPluginController, type PluginController } from '../../src/plugin/controller.ts';
import type { FakeFigma } from '../fake-figma/fake-figma.ts';
import { figmaPluginCsp, readAllowedDomains, recordCspViolationsAsync, withCspMeta, type CspViolationLog } from './figma-plugin-csp.ts';
import { harnessHostPageHtml, type HarnessVariant } from './harness-host-page.ts';

// End to end without Figma: the real sandbox code (controller, reader, writer) runs in Node on
// the fake Figma; the real built ui.html runs in headless Chromium, inside a host page served
// from 127.0.0.1. The host page relays { pluginMessage } envelopes both ways. The UI runs under
// the content security policy Figma gives plugin windows (figma-plugin-csp.ts), built from
// manifest.json's allowedDomains; every violation in any frame fails the test at closeAsync
// unless the test took it (h.csp.violations.take) to assert on it.

export interface UiHarness {
  page: Page;
  ui: FrameLocator;
  controller: PluginController;
  csp: { policy: string; violations: CspViolationLog };
  closeAsync(): Promise<void>;
}

type Packed = unknown;

export function pack(v: unknown): Packed {
  if (v instanceof Uint8Array) return { __bytes: Buffer.from(v).toString('base64') };
  if (Array.isArray(v)) return v.map(pack);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, pack(x)]));
  return v;
}

export function unpack(v: Packed): unknown {
  if (v && typeof v === 'object' && typeof (v as { __bytes?: unknown }).__bytes === 'string')
    return new Uint8Array(Buffer.from((v as { __bytes: string }).__bytes, 'base64'));
  if (Array.isArray(v)) return v.map(unpack);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unpack(x)]));
  return v;
}

let uiHtml: Promise<string> | undefined;

export interface UiHarnessOptions {
  /** Runs on the page before it navigates (e.g. page.route for pinned CDN URLs). */
  beforeNavigateAsync?: (page: Page) => Promise<void>;
  /** The allowedDomains the plugin window's policy is built from (default: manifest.json's). */
  allowedDomains?: readonly string[];
  /** The ui.html to open (default: the plugin's own build, made once per test file). */
  uiHtml?: Promise<string>;
}

export async function openUiHarnessAsync(browser: Browser, fake: FakeFigma, variant: HarnessVariant, options: UiHarnessOptions = {}): Promise<UiHarness> {
  const html = await (options.uiHtml ?? (uiHtml ??= buildUiHtmlAsync()));
  const policy = figmaPluginCsp(options.allowedDomains ?? readAllowedDomains());
  const server: LocalPageServer = await startLocalPageServerAsync({
    'index.html': { body: harnessHostPageHtml(), type: 'text/html; charset=utf-8' },
    'ui.html': { body: withCspMeta(html, policy), type: 'text/html; charset=utf-8' },
  });
  const page = await browser.newPage({ viewport: { width: 392, height: 770 } });
  if (process.env.CLIPVG_HARNESS_ECHO) page.on('console', (m) => process.stderr.write(`[ui] ${m.text()}\n`));
  const violations = await recordCspViolationsAsync(page);
  await options.beforeNavigateAsync?.(page);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.exposeFunction('__toSandbox', (packed: Packed) => fake.sendFromUi(unpack(packed)));
  fake.onUiMessage = (m) => {
    page.evaluate((p) => (window as unknown as { __toUi(p: unknown): void }).__toUi(p), pack(m)).catch(() => {});
  };
  // The sandbox bundle embeds the shipped model (esbuild.config.mjs); here the same files.
  const controller = startPluginController(fake.api, html, { offlineModel: await offlineModelAsync() });
  await page.goto(`${server.url}?variant=${variant}`);
  return {
    page,
    ui: page.frameLocator('#plugin-ui'),
    controller,
    csp: { policy, violations },
    closeAsync: async () => {
      fake.onUiMessage = undefined;
      await page.close();
      await server.closeAsync();
      if (pageErrors.length) throw new Error(`host page errors: ${pageErrors.join('; ')}`);
      violations.assertNone('the plugin window');
    },
  };
}
