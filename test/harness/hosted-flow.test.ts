import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { decode } from 'fast-png';
import type { BrowserContext, Frame } from 'playwright-core';
import { ARTIFACTS, useHarnessBrowser } from './harness-browser.ts';
import { blueDots } from './harness-fixtures.ts';
import { waitForAsync } from './harness-ui-steps.ts';
import { openHostedUiAsync, startHostedSitesAsync, type HostedSites, type HostedUi } from './harness-hosted.ts';

// Hosted mode end to end: the plugin window navigates to the web build on its own origin, the
// engine runs in a dedicated worker there, the shipped tiny CLIP comes from the web host and
// is kept in the Cache API. Opened twice in one browser profile: the second opening reads the
// model from the cache, and the web host sees no request for a model file.

const harnessBrowser = useHarnessBrowser();
let sites: HostedSites;
let context: BrowserContext;
before(async () => {
  sites = await startHostedSitesAsync();
  context = await harnessBrowser().newContext();
});
after(async () => {
  await context?.close();
  await sites?.closeAsync();
});

const CIRCLES_SHARE = (2 * Math.PI * 8 * 8) / (48 * 48);
// The store must hold exactly the shipped files: their sizes on disk, not a copy of them that
// goes stale whenever the model is retrained.
const SHIPPED_MODEL_BYTES = ['vision_model.onnx', 'text_model.onnx', 'tokenizer.json']
  .map((f) => statSync(fileURLToPath(new URL(`../../models/shapes-clip/${f}`, import.meta.url))).size)
  .reduce((a, b) => a + b, 0);
const modelRequests = () => sites.web.requests.filter((p) => /^models-[0-9a-f]+\//.test(p));

const attr = (ui: Frame, testid: string, name: string) => ui.locator(`[data-testid="${testid}"]`).first().getAttribute(name);

async function readyAsync(h: HostedUi): Promise<Frame> {
  let ui: Frame | undefined;
  await waitForAsync(
    h.page.mainFrame(),
    () => {
      try {
        ui = h.uiFrame();
        return true;
      } catch {
        return false;
      }
    },
    30_000,
    'the hosted page',
  );
  await ui!
    .locator('[data-testid="engine-status"][data-phase="ready"], [data-testid="engine-status"][data-phase="failed"]')
    .first()
    .waitFor({ timeout: 180_000 });
  assert.equal(await attr(ui!, 'engine-status', 'data-phase'), 'ready', (await ui!.locator('[data-testid="engine-status"]').textContent()) ?? '');
  return ui!;
}

/** Share of blue and of inked pixels in the preview canvas, from a screenshot of it. */
async function previewPixelsAsync(ui: Frame): Promise<{ blue: number; inked: number }> {
  const png = decode(await ui.locator('[data-testid="preview-canvas"]').screenshot());
  const ch = png.channels;
  let blue = 0;
  let inked = 0;
  const n = png.width * png.height;
  for (let i = 0; i < n; i++) {
    const [r, g, b] = [png.data[i * ch]!, png.data[i * ch + 1]!, png.data[i * ch + 2]!];
    if (b > 160 && r < 110 && g < 140) blue++;
    if (r + g + b < 3 * 235) inked++;
  }
  return { blue: blue / n, inked: inked / n };
}

test('hosted mode: the window on its own origin, the engine in a worker; selection -> Run -> preview -> Cancel -> Run -> Apply; the UI thread stays free', {
  timeout: 420_000,
}, async () => {
  const { f, frame } = blueDots();
  const h = await openHostedUiAsync(context, f, sites, async (page) => {
    // Long main-thread tasks of the hosted UI document (not the host page, not the worker).
    await page.addInitScript((webOrigin) => {
      if (location.origin !== webOrigin) return;
      const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    }, sites.web.origin);
  });
  try {
    const ui = await readyAsync(h);
    const truth = await ui.evaluate(() => ({ origin: location.origin, secure: isSecureContext }));
    assert.deepEqual(truth, { origin: sites.web.origin, secure: true }, 'the UI runs on the web host’s origin, a secure context');
    assert.equal(await attr(ui, 'engine-mode', 'data-mode'), 'worker');
    assert.match((await ui.locator('[data-testid="engine-mode"]').textContent()) ?? '', /dedicated worker/);
    assert.equal(await attr(ui, 'engine-status', 'data-model'), 'shapes-clip');
    // First opening: the shipped model was downloaded from the web host, once per file, into the Cache API.
    assert.deepEqual(
      modelRequests()
        .map((p) => p.split('/').pop())
        .sort(),
      ['text_model.onnx', 'tokenizer.json', 'vision_model.onnx'],
    );
    assert.equal(await attr(ui, 'engine-status', 'data-from-cache'), 'false');
    assert.match(
      (await ui.locator('[data-testid="engine-status"]').textContent()) ?? '',
      /shipped with the plugin; fetched from the plugin’s site, kept in cache-api/,
    );
    assert.equal(await attr(ui, 'model-store', 'data-kind'), 'cache-api');
    assert.equal(Number(await attr(ui, 'model-store', 'data-files')), 3);
    assert.equal(Number(await attr(ui, 'model-store', 'data-bytes')), SHIPPED_MODEL_BYTES);
    assert.ok(!sites.web.requests.some((p) => p.includes('jsdelivr')), 'ORT’s wasm comes from the web host');
    assert.ok(
      sites.web.requests.some((p) => /^ort-wasm-simd-threaded\.asyncify\.[0-9a-f]{12}\.wasm$/.test(p)),
      `ORT's wasm requested from the web host: ${sites.web.requests.join(', ')}`,
    );
    // The hosted page's own policy is in force: a download from a host the manifest does not list is refused.
    const outside = 'https://not-in-the-manifest.example/model.onnx';
    assert.equal(
      await ui.evaluate(
        (u) =>
          fetch(u).then(
            () => 'fetched',
            () => 'refused',
          ),
        outside,
      ),
      'refused',
    );
    for (let i = 0; i < 50 && !h.violations.all.some((v) => v.blockedURL === outside); i++) await new Promise((r) => setTimeout(r, 100));
    const refused = h.violations.take((v) => v.blockedURL === outside);
    assert.deepEqual(
      refused.map((v) => v.effectiveDirective),
      ['connect-src'],
    );
    // The messages went with pluginId to the exact origins: nothing was dropped by the host page.
    assert.deepEqual(await h.page.evaluate(() => (window as unknown as { __dropped: string[] }).__dropped), []);

    await ui.locator('[data-testid="roi"]').first().waitFor({ timeout: 30_000 });
    await waitForAsync(ui, async () => Number(await attr(ui, 'preview', 'data-preview-count')) >= 1, 60_000, 'the static preview');
    assert.equal(await attr(ui, 'preview-canvas', 'data-preview-path'), '2d', 'software adapter: read-back previews');
    const still = await previewPixelsAsync(ui);
    assert.ok(Math.abs(still.blue - CIRCLES_SHARE) < 0.05, `the worker drew the two blue circles into the UI's canvas: ${JSON.stringify(still)}`);

    // Cancel: a long run stopped after its first iteration leaves the document as it was.
    const documentBefore = JSON.stringify(f.currentPage.children.map((n) => n.id));
    await ui.locator('[data-testid="iterations"] input, input[data-testid="iterations"]').first().fill('400');
    await ui.locator('[data-testid="patches"] input, input[data-testid="patches"]').first().fill('1');
    const run = ui.locator('[data-testid="run"]').first();
    await waitForAsync(ui, () => run.isEnabled(), 10_000, 'Run to be enabled');
    await run.click();
    await waitForAsync(ui, async () => Number(await attr(ui, 'run-progress', 'data-iteration')) >= 1, 180_000, 'the first iteration');
    await ui.locator('[data-testid="cancel"]').first().click();
    await waitForAsync(ui, async () => (await attr(ui, 'run-status', 'data-phase')) === 'cancelled', 120_000, 'the run to stop after Cancel');
    await h.controller.idleAsync();
    assert.equal(JSON.stringify(f.currentPage.children.map((n) => n.id)), documentBefore, 'Cancel left the document unchanged');

    // Run to the end, timing the UI document's longest task while the worker edits.
    await ui.locator('[data-testid="iterations"] input, input[data-testid="iterations"]').first().fill('4');
    const tStart = await ui.evaluate(() => performance.now());
    await waitForAsync(ui, () => run.isEnabled(), 10_000, 'Run to be enabled again');
    await run.click();
    await ui.locator('[data-testid="run-status"][data-phase="done"]').waitFor({ timeout: 240_000 });
    const tEnd = await ui.evaluate(() => performance.now());
    assert.equal(Number(await attr(ui, 'preview', 'data-preview-iteration')), 4, 'the last preview shows the final iteration');
    const ran = await previewPixelsAsync(ui);
    assert.ok(Math.abs(ran.inked - CIRCLES_SHARE) < 0.06, `the last preview shows the edited circles: ${JSON.stringify(ran)}`);
    const tasks = await ui.evaluate(() => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks);
    const during = tasks.filter((t) => t.start + t.duration >= tStart && t.start <= tEnd);
    const longestMs = during.reduce((m, t) => Math.max(m, t.duration), 0);
    console.log(JSON.stringify({ hostedEdit: { runMs: Math.round(tEnd - tStart), uiLongTasks: during.length, uiLongestTaskMs: Math.round(longestMs) } }));
    await h.page.screenshot({ path: join(ARTIFACTS, 'hosted-flow.png') });

    await ui.locator('[data-testid="apply"]').first().click();
    await ui.locator('[data-testid="run-status"][data-phase="applied"]').waitFor({ timeout: 30_000 });
    await h.controller.idleAsync();
    const frames = f.currentPage.children.filter((n) => n.type === 'FRAME');
    assert.equal(frames.length, 2, 'a new frame beside the source');
    const result = frames.find((n) => n !== frame) as unknown as { name: string; children: { type: string }[] };
    assert.equal(result.name, 'Dots — a red circle');
    assert.deepEqual(
      result.children.map((c) => c.type),
      ['VECTOR', 'VECTOR'],
    );
  } finally {
    await h.closeAsync();
  }
});

test('hosted mode, second opening: the model comes from the cache with zero requests to the model host; Remove downloaded models empties it', {
  timeout: 300_000,
}, async () => {
  const { f } = blueDots();
  const before = sites.web.requests.length;
  const h = await openHostedUiAsync(context, f, sites);
  try {
    const ui = await readyAsync(h);
    const after = sites.web.requests.slice(before);
    assert.ok(after.includes('index.html') || after.some((p) => p.startsWith('ui.')), `the page itself was loaded again: ${after.join(', ')}`);
    assert.deepEqual(
      after.filter((p) => /^models-[0-9a-f]+\//.test(p)),
      [],
      'no model file requested on the second opening',
    );
    assert.equal(await attr(ui, 'engine-status', 'data-from-cache'), 'true');
    assert.match((await ui.locator('[data-testid="engine-status"]').textContent()) ?? '', /shipped with the plugin; read from the cache-api store/);
    assert.equal(Number(await attr(ui, 'model-store', 'data-files')), 3);
    await ui.locator('[data-testid="clear-models"]').first().click();
    await waitForAsync(ui, async () => Number(await attr(ui, 'model-store', 'data-files')) === 0, 30_000, 'the store to empty');
    assert.equal(Number(await attr(ui, 'model-store', 'data-bytes')), 0);
  } finally {
    await h.closeAsync();
  }
});
