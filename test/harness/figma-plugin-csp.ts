import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

// Figma's content security policy for a plugin window, and a recorder of its violations.
//
// API (also for the hosted UI mode, which serves its own page under the same policy):
//   readAllowedDomains(manifestPath?)       manifest.json networkAccess.allowedDomains
//   figmaPluginCsp(allowedDomains)          the policy string Figma would apply to the plugin window
//   withCspMeta(html, policy)               the HTML with the policy as its first <head> element
//                                           (how the harness delivers it to the data:/srcdoc frame;
//                                           a page served over HTTP can send it as a header instead)
//   recordCspViolationsAsync(page)          call before page.goto: every frame of the page (the
//                                           data: UI, the srcdoc engine frame, any frame they make)
//                                           and every dedicated worker (from when Playwright sees
//                                           it) reports its `securitypolicyviolation` events into
//                                           the returned log: take() the expected ones, assertNone()
//   formatCspViolation(v)                   one line: blocked URL, directive, frame
//
// Delivery: Figma loads the UI from a data: URL, which no response header can accompany, so
// the harness puts the policy into the document itself (a meta element ahead of everything
// else). A srcdoc child frame and a blob: worker inherit their creator's policy, so the engine
// frame and any worker it starts are held to the same policy (figma-plugin-csp.test.ts shows
// each), and the browser checks it at every redirect hop of a fetch.
//
// Sources, each with the public evidence for it:
//
// default-src data: blob: <allowedDomains>
//   Figma's own error text, quoted in plugin bug reports: "Refused to connect to 'https://gitlab.
//   mycompany.com/…' because it violates the following Content Security Policy directive:
//   "default-src data: blob: https://github.com https://bitbucket.org/ https://gitlab.com/
//   https://rsms.me …". Note that 'connect-src' was not explicitly set, so 'default-src' is used
//   as a fallback." (github.com/lukasoppermann/design-tokens/issues/302, 2024-03). The domains
//   are the plugin manifest's networkAccess.allowedDomains, in manifest order. Because
//   connect-src, worker-src, frame-src and img-src are not set, default-src governs fetches
//   (every redirect hop included), workers, frames and images.
//
// script-src data: blob: <allowedDomains> 'unsafe-inline' 'wasm-unsafe-eval'
//   'unsafe-inline': Figma hands the plugin's ui.html to figma.showUI as text (__html__) and
//   loads it from a data: URL, so a plugin UI's scripts are inline or it has none; plugins
//   ship single-file, inline-script UIs under restricted networkAccess (e.g.
//   github.com/software-mansion/pulsar/pull/115: "The plugin ships as a single, null-origin
//   ui.html (viteSingleFile)" with networkAccess restricted to its server; github.com/
//   jamsinclair/jSquash/issues/96: "in figma plugin environment it only allow inline js").
//   'wasm-unsafe-eval': plugins compile WebAssembly inside the plugin iframe (github.com/
//   ComposeGears/Valkyrie/pull/923: "compiled to Wasm and run inside the plugin iframe";
//   jSquash/issues/96 compiles its wasm there with WebAssembly.compile). No public report we
//   found quotes Figma's script-src keyword itself, so the harness grants the narrowest one
//   that lets WebAssembly compile ('wasm-unsafe-eval', not 'unsafe-eval', which would also
//   allow eval and new Function): code that passes here passes under either.
//
// style-src data: blob: <allowedDomains> 'unsafe-inline'
//   Figma itself injects inline styles into every plugin iframe (the Inter @font-face, the
//   theme colour variables): github.com/yuanqing/create-figma-plugin/issues/188 ("figma already
//   injects/defines Inter in plugin iframe … the fontface is injected by figma"); and plugin
//   UIs inline their CSS (github.com/rogie/figui3/issues/4 injects `<style>${css}</style>`).
//
// font-src data: blob: <allowedDomains> https://static.figma.com/webfont/
//   github.com/google/automotive-design-compose/pull/641: "Figma appends
//   `https://static.figma.com/webfont/` to the `font-src` directive in the CSP".

export const MANIFEST_PATH = join(import.meta.dirname, '..', '..', 'manifest.json');

/** The sources the policy holds beyond the allowed domains, by directive (see the evidence above). */
export const FIGMA_PLUGIN_CSP_SOURCES = {
  default: ['data:', 'blob:'],
  script: ["'unsafe-inline'", "'wasm-unsafe-eval'"],
  style: ["'unsafe-inline'"],
  font: ['https://static.figma.com/webfont/'],
} as const;

/** manifest.json's networkAccess.allowedDomains; ["none"] (Figma's keyword for no access) gives []. */
export function readAllowedDomains(manifestPath: string = MANIFEST_PATH): string[] {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { networkAccess?: { allowedDomains?: unknown } };
  const domains = manifest.networkAccess?.allowedDomains;
  if (!Array.isArray(domains) || !domains.every((d): d is string => typeof d === 'string' && d.trim() !== '' && !/[\s;,]/.test(d))) {
    throw new Error(`${manifestPath}: networkAccess.allowedDomains must be a list of domains without spaces, ';' or ','`);
  }
  return domains.filter((d) => d !== 'none');
}

/** The content security policy Figma applies to a plugin window whose manifest allows `allowedDomains`. */
export function figmaPluginCsp(allowedDomains: readonly string[]): string {
  const base = [...FIGMA_PLUGIN_CSP_SOURCES.default, ...allowedDomains];
  return [
    ['default-src', ...base],
    ['script-src', ...base, ...FIGMA_PLUGIN_CSP_SOURCES.script],
    ['style-src', ...base, ...FIGMA_PLUGIN_CSP_SOURCES.style],
    ['font-src', ...base, ...FIGMA_PLUGIN_CSP_SOURCES.font],
  ]
    .map((d) => d.join(' '))
    .join('; ');
}

/**
 * `html` with `policy` in a <meta http-equiv> as the first element of its <head>, so that it is
 * in force before any of the document's own styles or scripts. A meta policy governs the
 * document and everything that inherits its policy container: srcdoc frames, blob: workers.
 */
export function withCspMeta(html: string, policy: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}">`;
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (!head) throw new Error('withCspMeta: the HTML has no <head>');
  const at = head.index + head[0].length;
  return html.slice(0, at) + meta + html.slice(at);
}

export interface CspViolation {
  /** The URL the browser refused. For a refused redirect hop Chromium gives the URL first
   *  requested (CSP3 hides a redirect's target); a refused frame is given by its origin. */
  blockedURL: string;
  /** The directive that applied, e.g. 'connect-src' (governed by default-src when unset). */
  effectiveDirective: string;
  violatedDirective: string;
  /** The full policy that was violated, as the browser holds it. */
  originalPolicy: string;
  disposition: string;
  /** The document (or worker) in which it happened: its URL, cut to 100 characters (the
   *  event's own documentURI is only the scheme for data:, about: and blob: documents). */
  documentURL: string;
  sourceFile: string;
  lineNumber: number;
}

export interface CspViolationLog {
  /** Every violation so far, in order. */
  readonly all: readonly CspViolation[];
  /** How many workers have had the listener added (a worker's violations before that are missed). */
  readonly listeningWorkers: number;
  /** Removes and returns the violations that `match`; the test then asserts on them. */
  take(match: (v: CspViolation) => boolean): CspViolation[];
  /** Throws, listing each one, if any violation has not been taken. */
  assertNone(context?: string): void;
}

export function formatCspViolation(v: CspViolation): string {
  return `refused ${v.blockedURL || '(inline)'} by ${v.effectiveDirective} in ${v.documentURL.slice(0, 60)}${v.sourceFile ? ` (${v.sourceFile.slice(0, 60)}:${v.lineNumber})` : ''}`;
}

const BINDING = '__clipvgCspViolation';
const WORKER_MARKER = '[clipvg-csp-violation] ';

/** Runs in every frame and worker, before any of its own scripts (as an init script, outside CSP). */
function listenForViolations(binding: string): void {
  const report = (globalThis as unknown as Record<string, ((v: unknown) => void) | undefined>)[binding];
  if (typeof report !== 'function') return;
  const g = globalThis as unknown as { __clipvgCspListening?: boolean; location: { href: string } };
  if (g.__clipvgCspListening) return;
  g.__clipvgCspListening = true;
  globalThis.addEventListener(
    'securitypolicyviolation',
    (e) => {
      const v = e as SecurityPolicyViolationEvent;
      report({
        blockedURL: v.blockedURI,
        effectiveDirective: v.effectiveDirective,
        violatedDirective: v.violatedDirective,
        originalPolicy: v.originalPolicy,
        disposition: v.disposition,
        documentURL: g.location.href.slice(0, 100),
        sourceFile: v.sourceFile,
        lineNumber: v.lineNumber,
      });
    },
    true,
  );
}

function listenForViolationsInWorker(marker: string): void {
  globalThis.addEventListener('securitypolicyviolation', (e) => {
    const v = e as SecurityPolicyViolationEvent;
    const record = {
      blockedURL: v.blockedURI,
      effectiveDirective: v.effectiveDirective,
      violatedDirective: v.violatedDirective,
      originalPolicy: v.originalPolicy,
      disposition: v.disposition,
      documentURL: String(globalThis.location).slice(0, 100),
      sourceFile: v.sourceFile,
      lineNumber: v.lineNumber,
    };
    console.error(marker + JSON.stringify(record));
  });
}

/**
 * Records every CSP violation in every frame of `page` (call before it navigates). Frames get
 * the listener through an init script, which Chromium runs in each new document (data:,
 * srcdoc and sandboxed ones included) before the document's own scripts; dedicated workers
 * get it as soon as Playwright sees them.
 */
export async function recordCspViolationsAsync(page: Page): Promise<CspViolationLog> {
  const seen: CspViolation[] = [];
  let workers = 0;
  await page.exposeBinding(BINDING, (_source, v: CspViolation) => {
    seen.push(v);
  });
  await page.addInitScript(listenForViolations, BINDING);
  // A worker has no init scripts: it gets the listener as soon as Playwright sees it, and
  // reports through its console (which Playwright relays to the page) with a marker.
  page.on('worker', (worker) => {
    worker.evaluate(listenForViolationsInWorker, WORKER_MARKER).then(
      () => workers++,
      () => undefined,
    );
  });
  page.on('console', (m) => {
    const text = m.text();
    if (text.startsWith(WORKER_MARKER)) seen.push(JSON.parse(text.slice(WORKER_MARKER.length)) as CspViolation);
  });
  return {
    get all() {
      return seen;
    },
    get listeningWorkers() {
      return workers;
    },
    take(match) {
      const taken = seen.filter(match);
      for (const v of taken) seen.splice(seen.indexOf(v), 1);
      return taken;
    },
    assertNone(context = 'the harness') {
      if (seen.length) throw new Error(`${context}: ${seen.length} content security policy violation(s): ${seen.map(formatCspViolation).join('; ')}`);
    },
  };
}
