import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { chromium, type Frame, type FrameLocator } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../../src/cli/chromium.ts';
import { ORT_WASM_CDN_URL } from '../../src/engine/clip/clip-ort-config.ts';
import type { FakeFigma } from '../fake-figma/fake-figma.ts';
import { ARTIFACTS, useHarnessBrowser } from './harness-browser.ts';
import { blueDots, ortWasmBytes } from './harness-fixtures.ts';
import { setTextbox, waitForAsync } from './harness-ui-steps.ts';
import { openUiHarnessAsync, type UiHarness } from './harness-figma-host.ts';

// The plugin flow end to end, as Figma would run it: the built ui.html in a data: iframe, the
// engine in its nested sandboxed frame (WebGPU via SwiftShader here), the shipped tiny CLIP
// handed over by the real sandbox code running on the fake Figma. Tiny scene, few iterations
// and one patch: SwiftShader is slow. ORT's wasm is requested from its pinned jsDelivr URL;
// the test answers that URL with the same npm file (the engine still checks its SHA-256).

const harnessBrowser = useHarnessBrowser();

/** A structural fingerprint of the whole fake document (every node's type, name, parent and geometry). */
function documentFingerprint(f: FakeFigma): string {
  const walk = (n: unknown): unknown => {
    const node = n as {
      type: string;
      name: string;
      id: string;
      x?: number;
      y?: number;
      width?: number;
      height?: number;
      children?: unknown[];
      fills?: unknown;
    };
    return [node.type, node.id, node.name, node.x, node.y, node.width, node.height, JSON.stringify(node.fills ?? null), (node.children ?? []).map(walk)];
  };
  return JSON.stringify(walk(f.currentPage));
}

async function attr(ui: FrameLocator, testid: string, name: string): Promise<string | null> {
  return ui.locator(`[data-testid="${testid}"]`).first().getAttribute(name);
}

interface PreviewPixels {
  width: number;
  height: number;
  /** Share of pixels close to the circles' blue (0.1, 0.2, 0.9). */
  blue: number;
  /** Share of pixels that are not near-white. */
  inked: number;
  path: string | undefined;
}

/** Reads the engine frame's visible preview canvas back through a 2D canvas, inside that frame. */
async function previewPixelsAsync(engineFrame: Frame): Promise<PreviewPixels> {
  return engineFrame.evaluate(() => {
    const c = document.getElementById('preview') as HTMLCanvasElement;
    const read = new OffscreenCanvas(c.width, c.height).getContext('2d')!;
    read.drawImage(c, 0, 0);
    const d = read.getImageData(0, 0, c.width, c.height).data;
    let blue = 0;
    let inked = 0;
    for (let i = 0; i < d.length; i += 4) {
      const [r, g, b] = [d[i]!, d[i + 1]!, d[i + 2]!];
      if (b > 160 && r < 110 && g < 140) blue++;
      if (r + g + b < 3 * 235) inked++;
    }
    const n = d.length / 4;
    return { width: c.width, height: c.height, blue: blue / n, inked: inked / n, path: c.dataset.previewPath };
  });
}

// Two 16 px circles in a 48 px square cover 2·π·8² / 48² ≈ 17 % of it.
const CIRCLES_SHARE = (2 * Math.PI * 8 * 8) / (48 * 48);

test('engine hosting in a data: iframe: the nested engine frame starts on WebGPU with the shipped model and draws the selection', {
  timeout: 180_000,
}, async () => {
  const { f } = blueDots();
  const wasm = ortWasmBytes();
  const wasmRequests: string[] = [];
  const h: UiHarness = await openUiHarnessAsync(harnessBrowser(), f, 'data', {
    beforeNavigateAsync: async (page) => {
      await page.route(ORT_WASM_CDN_URL, (route) => {
        wasmRequests.push(route.request().url());
        return route.fulfill({
          status: 200,
          body: wasm,
          headers: { 'content-type': 'application/wasm', 'access-control-allow-origin': '*', 'cross-origin-resource-policy': 'cross-origin' },
        });
      });
    },
  });
  try {
    const { ui } = h;
    const t0 = Date.now();
    await ui
      .locator('[data-testid="engine-status"][data-phase="ready"], [data-testid="engine-status"][data-phase="failed"]')
      .first()
      .waitFor({ timeout: 120_000 });
    const readyMs = Date.now() - t0;
    assert.equal(await attr(ui, 'engine-status', 'data-phase'), 'ready', (await ui.locator('[data-testid="engine-status"]').textContent()) ?? '');
    assert.equal(await attr(ui, 'engine-status', 'data-model'), 'shapes-clip');
    assert.match((await ui.locator('[data-testid="offline-model-notice"]').textContent()) ?? '', /Only the tiny offline model/);
    assert.deepEqual(wasmRequests, [ORT_WASM_CDN_URL], 'ORT wasm fetched once, from the pinned URL');
    await waitForAsync(ui, async () => Number(await attr(ui, 'preview', 'data-preview-count')) >= 1, 30_000, 'the static preview');
    const engineFrame = h.page.frames().find((fr) => fr.url() === 'about:srcdoc');
    assert.ok(engineFrame, 'the engine frame exists');
    const c = await engineFrame.evaluate(() => {
      const el = document.getElementById('preview') as HTMLCanvasElement;
      return { secure: isSecureContext, count: Number(el.dataset.previewCount), w: el.width, h: el.height };
    });
    assert.equal(c.secure, true, 'the engine frame is a secure context');
    assert.ok(c.count >= 1 && c.w > 1 && c.w === c.h, `the square selection is drawn into the engine frame's WebGPU canvas: ${JSON.stringify(c)}`);
    const px = await previewPixelsAsync(engineFrame);
    // SwiftShader here: a WebGPU canvas would destroy the engine's device, so previews go through 2D.
    assert.equal(px.path, '2d', 'software adapter: read-back previews');
    assert.ok(
      Math.abs(px.blue - CIRCLES_SHARE) < 0.05,
      `the preview shows the two blue circles (${(100 * CIRCLES_SHARE).toFixed(1)} % of the canvas): ${JSON.stringify(px)}`,
    );
    assert.equal(await attr(ui, 'webgpu-status', 'data-webgpu-nested'), 'available');
    assert.equal(await attr(ui, 'engine-mode', 'data-mode'), 'frame', 'data: mode: the UI says the engine runs in the nested frame');
    assert.ok(await ui.locator('[data-testid="run"]').first().isEnabled(), 'Run is enabled once the engine is ready and a prompt exists');
    assert.ok(await ui.locator('[data-testid="apply"]').first().isDisabled(), 'nothing to apply yet');
    await h.page.screenshot({ path: join(ARTIFACTS, 'edit-engine-ready-data-iframe.png') });
    console.log(JSON.stringify({ engineReadyMs: readyMs }));
  } finally {
    await h.closeAsync();
  }
});

test('plugin flow in a data: iframe: selection -> Run -> live preview -> Cancel leaves the document; Run -> Apply writes the vectors', {
  timeout: 240_000,
}, async () => {
  const { f, frame } = blueDots();
  const wasm = ortWasmBytes();
  const wasmRequests: string[] = [];
  const h: UiHarness = await openUiHarnessAsync(harnessBrowser(), f, (process.env.CLIPVG_VARIANT ?? 'data') as 'data', {
    beforeNavigateAsync: async (page) => {
      await page.route(ORT_WASM_CDN_URL, (route) => {
        wasmRequests.push(route.request().url());
        return route.fulfill({
          status: 200,
          body: wasm,
          headers: { 'content-type': 'application/wasm', 'access-control-allow-origin': '*', 'cross-origin-resource-policy': 'cross-origin' },
        });
      });
    },
  });
  const timings: Record<string, number> = {};
  try {
    const { ui } = h;
    const t0 = Date.now();
    await ui.locator('[data-testid="roi"]').first().waitFor({ timeout: 30_000 });
    // The engine frame starts, takes the shipped model from the sandbox, and says which it is.
    await ui
      .locator('[data-testid="engine-status"][data-phase="ready"], [data-testid="engine-status"][data-phase="failed"]')
      .first()
      .waitFor({ timeout: 120_000 });
    timings.engineReadyMs = Date.now() - t0;
    assert.equal(await attr(ui, 'engine-status', 'data-phase'), 'ready', (await ui.locator('[data-testid="engine-status"]').textContent()) ?? '');
    assert.equal(await attr(ui, 'engine-status', 'data-model'), 'shapes-clip');
    assert.match((await ui.locator('[data-testid="offline-model-notice"]').textContent()) ?? '', /Only the tiny offline model/);
    assert.deepEqual(wasmRequests, [ORT_WASM_CDN_URL], 'ORT wasm fetched once, from the pinned URL');
    // The selection is drawn into the preview before any run (a static preview).
    await waitForAsync(ui, async () => Number(await attr(ui, 'preview', 'data-preview-count')) >= 1, 30_000, 'the static preview');

    const before = documentFingerprint(f);

    // Cancel: a long run, stopped after its first iteration, leaves the document as it was.
    await setTextbox(ui, 'iterations', '400');
    await setTextbox(ui, 'patches', '1');
    const run = ui.locator('[data-testid="run"]').first();
    await waitForAsync(ui, () => run.isEnabled(), 10_000, 'Run to be enabled');
    await run.click();
    await waitForAsync(ui, async () => Number(await attr(ui, 'run-progress', 'data-iteration')) >= 1, 120_000, 'the first iteration');
    const atCancel = Number(await attr(ui, 'run-progress', 'data-iteration'));
    await ui.locator('[data-testid="cancel"]').first().click();
    const tCancel = Date.now();
    // The progress bar goes away once cancelled: remember the last iteration it showed.
    let stoppedAt = atCancel;
    await waitForAsync(
      ui,
      async () => {
        if ((await attr(ui, 'run-status', 'data-phase')) === 'cancelled') return true;
        const it = await ui
          .locator('[data-testid="run-progress"]')
          .first()
          .getAttribute('data-iteration', { timeout: 200 })
          .catch(() => null);
        if (it !== null) stoppedAt = Math.max(stoppedAt, Number(it));
        return false;
      },
      60_000,
      'the run to stop after Cancel',
    );
    timings.cancelToStoppedMs = Date.now() - tCancel;
    assert.ok(stoppedAt <= atCancel + 2, `cancel stopped within about one iteration (clicked at ${atCancel}, stopped at ${stoppedAt})`);
    assert.ok(await ui.locator('[data-testid="apply"]').first().isDisabled(), 'nothing to apply after a cancel');
    await h.controller.idleAsync();
    assert.equal(documentFingerprint(f), before, 'Cancel left the document unchanged');

    // Run to the end: previews stream into the engine frame's WebGPU canvas, then Apply.
    await setTextbox(ui, 'iterations', '4');
    const previewsBefore = Number(await attr(ui, 'preview', 'data-preview-count'));
    const tRun = Date.now();
    await waitForAsync(ui, () => run.isEnabled(), 10_000, 'Run to be enabled again');
    await run.click();
    await ui.locator('[data-testid="run-status"][data-phase="done"]').waitFor({ timeout: 120_000 });
    timings.runMs = Date.now() - tRun;
    assert.equal(Number(await attr(ui, 'run-progress', 'data-iteration')), 4);
    const previews = Number(await attr(ui, 'preview', 'data-preview-count')) - previewsBefore;
    assert.ok(previews >= 2, `run previews observed (initial and final at least): ${previews}`);
    assert.ok(Number(await attr(ui, 'preview', 'data-preview-iteration')) === 4, 'the last preview shows the final iteration');
    // The engine frame's own canvas saw the same previews (its data attributes are set where it draws).
    const engineFrame = h.page.frames().find((fr) => fr.url() === 'about:srcdoc');
    assert.ok(engineFrame, 'the engine frame exists');
    const canvasInfo = await engineFrame.evaluate(() => {
      const c = document.getElementById('preview') as HTMLCanvasElement;
      return {
        count: Number(c.dataset.previewCount),
        iteration: Number(c.dataset.previewIteration),
        width: c.width,
        height: c.height,
        secure: isSecureContext,
      };
    });
    assert.equal(canvasInfo.secure, true);
    assert.equal(canvasInfo.iteration, 4);
    assert.ok(canvasInfo.width > 1 && canvasInfo.height > 1);
    // What the canvas shows after four small steps: still the two circles, in their place.
    const px = await previewPixelsAsync(engineFrame);
    assert.ok(Math.abs(px.inked - CIRCLES_SHARE) < 0.06, `the last preview shows the edited circles: ${JSON.stringify(px)}`);
    const points = ((await ui.locator('[data-testid="loss-curve"] polyline').getAttribute('points')) ?? '').trim().split(/\s+/);
    assert.equal(points.length, 4, 'one loss-curve point per iteration');
    await h.page.screenshot({ path: join(ARTIFACTS, 'edit-flow-data-iframe.png') });

    // Export under the policy: a blob: download link from the data: frame (blob: is allowed).
    const [download] = await Promise.all([h.page.waitForEvent('download', { timeout: 30_000 }), ui.locator('[data-testid="export-svg"]').first().click()]);
    assert.match(download.suggestedFilename(), /^Dots — a red circle\.svg$/);
    const exported = readFileSync(await download.path(), 'utf8');
    assert.match(exported, /<svg[\s>]/);
    assert.equal(exported.match(/<path[\s>]/g)?.length, 2, 'one path per shape group');
    await ui.locator('[data-testid="apply"]').first().click();
    await ui.locator('[data-testid="run-status"][data-phase="applied"]').waitFor({ timeout: 30_000 });
    await h.controller.idleAsync();
    const frames = f.currentPage.children.filter((n) => n.type === 'FRAME');
    assert.equal(frames.length, 2, 'a new frame beside the source');
    const result = frames.find((n) => n !== frame) as unknown as {
      name: string;
      width: number;
      height: number;
      children: { type: string; vectorPaths: { data: string }[]; fills: { type: string; color: { r: number; g: number; b: number } }[] }[];
    };
    assert.equal(result.name, 'Dots — a red circle');
    assert.deepEqual([result.width, result.height], [48, 48]);
    assert.equal(result.children.length, 2, 'one vector node per shape group');
    for (const v of result.children) {
      assert.equal(v.type, 'VECTOR');
      assert.match(v.vectorPaths[0]!.data, /^M .* C /);
      assert.equal(v.fills.length, 1);
      assert.equal(v.fills[0]!.type, 'SOLID');
      const { r, g, b } = v.fills[0]!.color;
      for (const c of [r, g, b]) assert.ok(c >= 0 && c <= 1, `fill channel in [0,1]: ${JSON.stringify(v.fills[0])}`);
      // Four steps at colour lr 0.01 move a channel by at most about 0.04 (Adam's step bound).
      assert.ok(
        Math.abs(r - 0.1) < 0.06 && Math.abs(g - 0.2) < 0.06 && Math.abs(b - 0.9) < 0.06,
        `fill close to the source blue: ${JSON.stringify(v.fills[0]!.color)}`,
      );
    }
    // Everything but the new frame is as before Apply.
    assert.equal(f.currentPage.children.length, 2);
    // The source frame itself is untouched by Apply.
    assert.equal((frame as unknown as { children: unknown[] }).children.length, 2);
    await h.page.screenshot({ path: join(ARTIFACTS, 'edit-flow-applied.png') });
    console.log(JSON.stringify({ editFlowTimings: timings }));
  } finally {
    await h.closeAsync();
  }
});

// Real GPUs take the WebGPU preview path (the engine draws into an OffscreenCanvas on its own
// device, handed to the visible canvas as ImageBitmaps). Plain headless SwiftShader cannot back
// a WebGPU swap chain; with ANGLE's SwiftShader GL it can, so that path is forced here.
const ANGLE_ARGS = ['--use-gl=angle', '--use-angle=swiftshader', '--use-vulkan=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'];

test('WebGPU preview path (as on real GPUs): the static preview and run previews reach the canvas, the device survives', { timeout: 180_000 }, async () => {
  const angle = await chromium.launch({ executablePath: findChromium(), headless: true, args: [...CHROMIUM_ARGS, ...ANGLE_ARGS] });
  const { f } = blueDots();
  const wasm = ortWasmBytes();
  const lost: string[] = [];
  const h: UiHarness = await openUiHarnessAsync(angle, f, 'data', {
    beforeNavigateAsync: async (page) => {
      await page.addInitScript(() => ((globalThis as { __clipvgPreviewPath?: string }).__clipvgPreviewPath = 'webgpu'));
      page.on('console', (m) => (/device lost/i.test(m.text()) ? lost.push(m.text()) : undefined));
      await page.route(ORT_WASM_CDN_URL, (route) =>
        route.fulfill({
          status: 200,
          body: wasm,
          headers: { 'content-type': 'application/wasm', 'access-control-allow-origin': '*', 'cross-origin-resource-policy': 'cross-origin' },
        }),
      );
    },
  });
  try {
    const { ui } = h;
    await ui
      .locator('[data-testid="engine-status"][data-phase="ready"], [data-testid="engine-status"][data-phase="failed"]')
      .first()
      .waitFor({ timeout: 120_000 });
    assert.equal(await attr(ui, 'engine-status', 'data-phase'), 'ready', (await ui.locator('[data-testid="engine-status"]').textContent()) ?? '');
    await waitForAsync(ui, async () => Number(await attr(ui, 'preview', 'data-preview-count')) >= 1, 30_000, 'the static preview');
    const engineFrame = h.page.frames().find((fr) => fr.url() === 'about:srcdoc');
    assert.ok(engineFrame, 'the engine frame exists');
    const still = await previewPixelsAsync(engineFrame);
    assert.equal(still.path, 'webgpu');
    assert.ok(Math.abs(still.blue - CIRCLES_SHARE) < 0.05, `the WebGPU-drawn preview shows the two blue circles: ${JSON.stringify(still)}`);

    await setTextbox(ui, 'iterations', '3');
    await setTextbox(ui, 'patches', '1');
    const run = ui.locator('[data-testid="run"]').first();
    await waitForAsync(ui, () => run.isEnabled(), 10_000, 'Run to be enabled');
    await run.click();
    await ui.locator('[data-testid="run-status"][data-phase="done"]').waitFor({ timeout: 120_000 });
    assert.equal(Number(await attr(ui, 'preview', 'data-preview-iteration')), 3, 'the last preview shows the final iteration');
    const ran = await previewPixelsAsync(engineFrame);
    assert.ok(Math.abs(ran.inked - CIRCLES_SHARE) < 0.06, `the last WebGPU preview shows the edited circles: ${JSON.stringify(ran)}`);
    assert.deepEqual(lost, [], 'no WebGPU device was lost');
    await h.page.screenshot({ path: join(ARTIFACTS, 'edit-flow-webgpu-preview.png') });
  } finally {
    await h.closeAsync();
    await angle.close();
  }
});
