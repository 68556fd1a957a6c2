import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { chromium, type Frame } from 'playwright-core';
import { MODEL_REGISTRY } from '../../models/model-registry.ts';
import { CHROMIUM_ARGS, findChromium } from '../../src/cli/chromium.ts';
import { ORT_WASM_CDN_URL } from '../../src/engine/clip/clip-ort-config.ts';
import { FakeFigma } from '../fake-figma/fake-figma.ts';
import { useHarnessBrowser } from './harness-browser.ts';
import { CORS, ortWasmBytes, serveOrtWasmAsync } from './harness-fixtures.ts';
import { openUiHarnessAsync, type UiHarness } from './harness-figma-host.ts';
import { startLoopbackTlsHubAsync } from './loopback-tls-hub.ts';
import { figmaPluginCsp, MANIFEST_PATH, readAllowedDomains, withCspMeta, type CspViolation } from './figma-plugin-csp.ts';

// Figma's plugin-window content security policy, as the harness enforces it: built from
// manifest.json, in force in the data: UI frame and inherited by the nested srcdoc engine frame
// and by workers, checked at every redirect hop, and every violation reported with the blocked
// URL and the directive. Hosts outside the manifest are never contacted: the policy refuses
// them in the browser before any request leaves it (page.route would see it otherwise).

const harnessBrowser = useHarnessBrowser();

/** The directives of a policy string, each as its list of sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

test('the policy is built from manifest.json: default-src data: blob: and the allowed domains; inline scripts and WebAssembly allowed, eval not', () => {
  const manifest = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as { networkAccess: { allowedDomains: string[] } };
  const domains = manifest.networkAccess.allowedDomains;
  assert.ok(domains.length > 0);
  const policy = directives(figmaPluginCsp(readAllowedDomains()));
  assert.deepEqual(policy.get('default-src'), ['data:', 'blob:', ...domains]);
  // Only default-src governs fetches, workers and frames, as in Figma's quoted error text.
  for (const d of ['connect-src', 'worker-src', 'child-src', 'frame-src', 'img-src']) assert.equal(policy.has(d), false, `${d} is not set`);
  const script = policy.get('script-src') ?? [];
  assert.deepEqual(script.slice(0, domains.length + 2), ['data:', 'blob:', ...domains]);
  assert.ok(script.includes("'unsafe-inline'") && script.includes("'wasm-unsafe-eval'"));
  assert.equal(script.includes("'unsafe-eval'"), false, 'JavaScript eval stays forbidden');
  assert.ok(policy.get('style-src')?.includes("'unsafe-inline'"));
  assert.ok(policy.get('font-src')?.includes('https://static.figma.com/webfont/'));

  // "none" (Figma's keyword for a plugin with no network access) leaves only data: and blob:.
  const dir = mkdtempSync(join(tmpdir(), 'clipvg-manifest-'));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ networkAccess: { allowedDomains: ['none'] } }));
  assert.deepEqual(directives(figmaPluginCsp(readAllowedDomains(join(dir, 'manifest.json')))).get('default-src'), ['data:', 'blob:']);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ networkAccess: { allowedDomains: ['https://a.example; script-src *'] } }));
  assert.throws(() => readAllowedDomains(join(dir, 'manifest.json')), /allowedDomains/);

  // The meta element is the first thing in <head>, ahead of every style and script.
  const html = withCspMeta(
    '<!doctype html><html><head><meta charset="utf-8"><style>b{}</style></head><body><script>1</script></body></html>',
    "default-src data:; script-src 'unsafe-inline'",
  );
  assert.match(
    html,
    /^<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src data:; script-src 'unsafe-inline'"><meta charset/,
  );
});

function oneFrame(): FakeFigma {
  const f = new FakeFigma();
  const frame = f.createFrame();
  frame.name = 'Dot';
  frame.resize(32, 32);
  frame.setPluginData('prompt', 'a red circle');
  const e = f.createEllipse();
  frame.appendChild(e);
  e.resize(12, 12);
  f.select(frame);
  return f;
}

async function engineFrameAsync(h: UiHarness): Promise<Frame> {
  await h.ui.locator('[data-testid="engine-frame"]').waitFor({ timeout: 30_000 });
  for (let i = 0; i < 100; i++) {
    const frame = h.page.frames().find((fr) => fr.url() === 'about:srcdoc');
    if (frame) return frame;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the engine frame did not appear');
}

function uiFrame(h: UiHarness): Frame {
  const frame = h.page.frames().find((fr) => fr.url().startsWith('data:'));
  assert.ok(frame, 'the data: UI frame exists');
  return frame;
}

async function waitForViolationsAsync(h: UiHarness, match: (v: CspViolation) => boolean, count = 1): Promise<CspViolation[]> {
  for (let i = 0; i < 100 && h.csp.violations.all.filter(match).length < count; i++) await new Promise((r) => setTimeout(r, 100));
  return h.csp.violations.take(match);
}

const OUTSIDE = 'https://not-in-the-manifest.example';

test('the policy is in force in the data: UI frame and inherited by the nested engine frame and its workers; each refusal is reported with the blocked URL and directive', {
  timeout: 120_000,
}, async () => {
  const h = await openUiHarnessAsync(harnessBrowser(), oneFrame(), 'data', { beforeNavigateAsync: serveOrtWasmAsync });
  try {
    const engine = await engineFrameAsync(h);
    const ui = uiFrame(h);
    // The listener was in place in both frames before their own scripts ran.
    for (const fr of [ui, engine])
      assert.equal(await fr.evaluate(() => (globalThis as { __clipvgCspListening?: boolean }).__clipvgCspListening), true, fr.url().slice(0, 20));
    // The engine frame holds the same policy: a sandboxed srcdoc frame inherits its parent's.
    const uiFetch = await ui.evaluate(
      (u) =>
        fetch(u).then(
          () => 'fetched',
          (e: Error) => e.name,
        ),
      `${OUTSIDE}/ui`,
    );
    const engineFetch = await engine.evaluate(
      (u) =>
        fetch(u).then(
          () => 'fetched',
          (e: Error) => e.name,
        ),
      `${OUTSIDE}/engine`,
    );
    assert.deepEqual([uiFetch, engineFetch], ['TypeError', 'TypeError'], 'both fetches refused');
    const [fromUi] = await waitForViolationsAsync(h, (v) => v.blockedURL === `${OUTSIDE}/ui`);
    const [fromEngine] = await waitForViolationsAsync(h, (v) => v.blockedURL === `${OUTSIDE}/engine`);
    assert.ok(fromUi && fromEngine, 'both refusals reported');
    assert.equal(fromUi.effectiveDirective, 'connect-src');
    assert.ok(fromUi.documentURL.startsWith('data:text/html'), fromUi.documentURL.slice(0, 40));
    assert.equal(fromEngine.effectiveDirective, 'connect-src');
    assert.equal(fromEngine.documentURL, 'about:srcdoc');
    assert.deepEqual(
      directives(fromEngine.originalPolicy).get('default-src'),
      directives(h.csp.policy).get('default-src'),
      'the engine frame enforces the plugin window policy',
    );

    // A frame from outside the manifest is refused too (frame-src falls back to default-src); a
    // blob: worker is allowed and inherits the policy. (A worker script from another origin is
    // refused by the same-origin rule before CSP is asked.)
    await engine.evaluate((u) => {
      const f = document.createElement('iframe');
      f.src = `${u}/frame`;
      document.body.appendChild(f);
      const code = `onmessage = () => fetch('${u}/from-worker').catch(() => undefined);`;
      (globalThis as { __w?: Worker }).__w = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
    }, OUTSIDE);
    for (let i = 0; i < 100 && h.csp.violations.listeningWorkers < 1; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(h.csp.violations.listeningWorkers, 1, 'the blob: worker is listened to');
    await engine.evaluate(() => (globalThis as { __w?: Worker }).__w!.postMessage('go'));
    // Chromium reports a refused frame by its origin only.
    const [frameV] = await waitForViolationsAsync(h, (v) => v.blockedURL.startsWith(OUTSIDE) && v.effectiveDirective === 'frame-src');
    const [inWorker] = await waitForViolationsAsync(h, (v) => v.blockedURL === `${OUTSIDE}/from-worker`);
    assert.ok(frameV, 'the frame was refused by frame-src (default-src)');
    assert.equal(inWorker?.effectiveDirective, 'connect-src', 'the blob: worker inherits the policy and its refusal is reported');
    assert.ok(inWorker.documentURL.startsWith('blob:'), inWorker.documentURL);
  } finally {
    await h.closeAsync();
  }
});

const VIT = MODEL_REGISTRY.find((e) => e.source === 'remote')!;
const LOCAL = MODEL_REGISTRY.find((e) => e.source === 'local')!;

async function engineSettledAsync(h: UiHarness): Promise<{ phase: string; text: string }> {
  const status = h.ui.locator('[data-testid="engine-status"][data-phase="ready"], [data-testid="engine-status"][data-phase="failed"]').first();
  await status.waitFor({ timeout: 240_000 }).catch(async (e: Error) => {
    const now = h.ui.locator('[data-testid="engine-status"]').first();
    throw new Error(
      `${e.message.split('\n')[0]}; engine status: ${await now.getAttribute('data-phase').catch(() => '?')} "${await now.textContent().catch(() => '?')}"; errors: ${(await h.ui.locator('[data-testid="error"]').allTextContents()).join(' | ')}; violations: ${JSON.stringify(h.csp.violations.all)}`,
    );
  });
  return { phase: (await status.getAttribute('data-phase')) ?? '', text: (await status.textContent()) ?? '' };
}

async function chooseModelAsync(h: UiHarness, id: string): Promise<void> {
  await h.ui.locator(`[data-testid="model"][value="${id}"]`).click();
  await h.ui
    .locator('[data-testid="engine-status"][data-phase="loading-model"]')
    .first()
    .waitFor({ timeout: 10_000 })
    .catch(() => undefined);
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

test('a model download follows the hub redirect to an allowed storage host with no violation; a redirect to a host the manifest omits is refused at that hop', {
  timeout: 600_000,
}, async () => {
  // A loopback HTTPS hub answers as huggingface.co: each "resolve" URL redirects (302) to a
  // storage host, as the hub does for LFS files. The storage host's bytes are not the pinned
  // file (the real one is hundreds of MB), so the download ends at the size or hash check:
  // proof that the bytes came through both hops.
  const visionUrl = VIT.variants[VIT.defaultVariant]!.vision.url;
  const hubHost = new URL(visionUrl).host;
  const storageHost = 'cdn-lfs.hf.co';
  const outsideHost = 'cdn-lfs.not-in-the-manifest.example';
  assert.ok(
    readAllowedDomains().some((d) => d === `https://${storageHost}` || d === 'https://*.hf.co'),
    `${storageHost} is in the manifest`,
  );
  let redirectTo = storageHost;
  const body = new TextEncoder().encode('not the pinned vision model');
  const hub = await startLoopbackTlsHubAsync((req, res) => {
    if (req.host === hubHost) {
      res.statusCode = 302;
      res.setHeader('location', `https://${redirectTo}/repos/ab/cd${req.path.split('?')[0]}?X-Amz-Signature=x`);
      res.end();
      return;
    }
    res.setHeader('content-type', 'application/octet-stream');
    res.setHeader('content-length', String(body.length));
    res.end(body);
  });
  const browser = await chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: [...CHROMIUM_ARGS, ...hub.browserArgs([hubHost, storageHost, outsideHost])],
  });
  const hosts = () => hub.requests.map((r) => r.host);
  try {
    const h = await openUiHarnessAsync(browser, oneFrame(), 'data', { beforeNavigateAsync: serveOrtWasmAsync });
    try {
      // Start-up under the policy: ORT's runtime and the shipped model, no violation.
      const start = await engineSettledAsync(h);
      assert.deepEqual([start.phase, h.csp.violations.all.length], ['ready', 0], start.text);

      await chooseModelAsync(h, VIT.id);
      const allowed = await engineSettledAsync(h);
      assert.equal(allowed.phase, 'failed');
      assert.ok(
        allowed.text.includes(`is ${sha256Hex(body)}`) || allowed.text.includes(`after ${body.length} of`),
        `the download reached the size or hash check with the storage host's bytes: ${allowed.text}`,
      );
      assert.ok(hosts().includes(hubHost), 'the hub was asked');
      assert.equal(hosts().filter((x) => x === storageHost).length, 1, `the redirect was followed to the storage host once: ${hosts().join(', ')}`);
      assert.deepEqual(h.csp.violations.all, [], 'no violation on the allowed redirect');

      // The same download when the hub redirects outside the manifest's domains.
      redirectTo = outsideHost;
      await chooseModelAsync(h, LOCAL.id);
      assert.equal((await engineSettledAsync(h)).phase, 'ready');
      await chooseModelAsync(h, VIT.id);
      const refused = await engineSettledAsync(h);
      assert.equal(refused.phase, 'failed');
      assert.match(refused.text, new RegExp(`cannot reach ${hubHost.replace(/\./g, '\\.')}`));
      // Chromium reports a refused redirect hop by the URL first requested (CSP3: the blocked URL
      // of a redirected request is the one before the redirect, so as not to leak the target).
      // That URL is allowed, so what was refused is the hop: the hub answered, the target never did.
      // The loader tries a failed GET once more (host-allowlist.ts: a refused hop looks like a
      // reset connection to fetch), so the hop is refused once per attempt.
      const violations = await waitForViolationsAsync(h, (v) => v.blockedURL === visionUrl, 2);
      assert.equal(violations.length, 2, 'one refusal per attempt, at the redirect hop');
      for (const v of violations) {
        assert.equal(v.effectiveDirective, 'connect-src');
        assert.equal(v.documentURL, 'about:srcdoc', 'refused in the engine frame, which does the download');
      }
      assert.ok(hosts().filter((x) => x === hubHost).length >= 2, 'the hub answered the second download');
      assert.equal(hosts().includes(outsideHost), false, 'the host outside the manifest was never contacted');
    } finally {
      await h.closeAsync();
    }
  } finally {
    await browser.close();
    await hub.closeAsync();
  }
});

test("negative: a build whose manifest omits the runtime's host gets ORT's wasm refused, as Figma would, and the engine says so", {
  timeout: 180_000,
}, async () => {
  const runtimeOrigin = new URL(ORT_WASM_CDN_URL).origin;
  const domains = readAllowedDomains();
  assert.ok(domains.includes(runtimeOrigin), `manifest.json allows ${runtimeOrigin}`);
  const dir = mkdtempSync(join(tmpdir(), 'clipvg-manifest-'));
  const variant = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as { networkAccess: { allowedDomains: string[] } };
  manifest.networkAccess.allowedDomains = domains.filter((d) => d !== runtimeOrigin);
  writeFileSync(variant, JSON.stringify(manifest, null, 2));
  let runtimeHits = 0;
  const h = await openUiHarnessAsync(harnessBrowser(), oneFrame(), 'data', {
    allowedDomains: readAllowedDomains(variant),
    beforeNavigateAsync: async (page) => {
      await page.route(ORT_WASM_CDN_URL, (route) => {
        runtimeHits++;
        return route.fulfill({ status: 200, body: ortWasmBytes(), headers: { 'content-type': 'application/wasm', ...CORS } });
      });
    },
  });
  try {
    const settled = await engineSettledAsync(h);
    assert.equal(settled.phase, 'failed');
    assert.match(settled.text, /could not download the ONNX Runtime wasm/);
    const violations = await waitForViolationsAsync(h, (v) => v.blockedURL === ORT_WASM_CDN_URL);
    assert.equal(violations.length, 1, `ORT's wasm refused once: ${JSON.stringify(h.csp.violations.all)}`);
    assert.equal(violations[0]!.effectiveDirective, 'connect-src');
    assert.equal(violations[0]!.documentURL, 'about:srcdoc');
    assert.equal(directives(violations[0]!.originalPolicy).get('default-src')?.includes(runtimeOrigin), false);
    assert.equal(runtimeHits, 0, 'the request never left the browser');
  } finally {
    await h.closeAsync();
  }
});
