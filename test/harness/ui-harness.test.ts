import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Frame } from 'playwright-core';
import { FakeFigma } from '../fake-figma/fake-figma.ts';
import { ARTIFACTS, useHarnessBrowser } from './harness-browser.ts';
import { openUiHarnessAsync, type UiHarness } from './harness-figma-host.ts';

// The built ui.html in headless Chromium, loaded as Figma loads it, talking to the real
// sandbox code over the protocol. Screenshots go to test-artifacts/ (not committed).

const harnessBrowser = useHarnessBrowser();

function portrait(): { f: FakeFigma; face: ReturnType<FakeFigma['createFrame']> } {
  const f = new FakeFigma();
  const frame = f.createFrame();
  frame.name = 'Portrait';
  frame.resize(512, 512);
  frame.setPluginData('prompt', 'Joker, Heath Ledger');
  const head = f.createEllipse();
  frame.appendChild(head);
  head.x = 156;
  head.y = 100;
  head.resize(200, 260);
  // Angular: still read as its mean colour, with the one warning the summary below counts.
  head.fills = [
    {
      type: 'GRADIENT_ANGULAR',
      gradientStops: [
        { position: 0, color: { r: 1, g: 0.8, b: 0.6, a: 1 } },
        { position: 1, color: { r: 0.8, g: 0.6, b: 0.4, a: 1 } },
      ],
      gradientTransform: [
        [1, 0, 0],
        [0, 1, 0],
      ],
    },
  ];
  const face = f.createFrame();
  frame.appendChild(face);
  face.name = 'Face';
  face.x = 180;
  face.y = 150;
  face.resize(150, 180);
  face.fills = [];
  face.setPluginData('prompt', 'a smile');
  const hat = f.createFrame();
  frame.appendChild(hat);
  hat.name = 'Hat';
  hat.x = 150;
  hat.y = 20;
  hat.resize(210, 90);
  hat.fills = [];
  f.select(frame);
  return { f, face };
}

/** What the browser itself says about WebGPU in the UI frame: the ground truth for the UI's claim. */
async function frameWebGpu(h: UiHarness): Promise<{ secure: boolean; gpu: boolean; vendor: string | null }> {
  const frame: Frame | undefined = h.page.frames().find((fr) => fr !== h.page.mainFrame());
  assert.ok(frame, 'the UI iframe exists');
  return frame.evaluate(async () => {
    const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
    const adapter = gpu ? await gpu.requestAdapter() : null;
    return { secure: isSecureContext, gpu: !!gpu, vendor: adapter ? ((adapter as GPUAdapter & { info?: { vendor?: string } }).info?.vendor ?? '') : null };
  });
}

test('data: iframe (as Figma loads it): the UI boots, lists frames and prompts, and says why WebGPU is unavailable', async () => {
  const { f, face } = portrait();
  const h = await openUiHarnessAsync(harnessBrowser(), f, 'data');
  try {
    const { ui } = h;
    await ui.locator('[data-testid="roi"]').nth(2).waitFor({ timeout: 30_000 });
    assert.deepEqual(await ui.locator('[data-testid="roi-name"]').allTextContents(), ['Portrait', 'Face', 'Hat']);
    const prompts = ui.locator('[data-testid="roi"] input');
    assert.deepEqual(await Promise.all([0, 1, 2].map((i) => prompts.nth(i).inputValue())), ['Joker, Heath Ledger', 'a smile', '']);
    assert.match((await ui.locator('[data-testid="selection-summary"]').textContent()) ?? '', /Portrait.*3 frames.*2 shape groups.*1 warning/);
    const status = ui.locator('[data-testid="webgpu-status"]:not([data-webgpu="probing"])');
    await status.waitFor();
    const truth = await frameWebGpu(h);
    assert.deepEqual([truth.secure, truth.gpu], [false, false], 'Chromium: a data: iframe is not a secure context and has no navigator.gpu');
    assert.equal(await status.getAttribute('data-webgpu'), 'unavailable');
    assert.match((await status.textContent()) ?? '', /WebGPU here: unavailable: not a secure context/);
    // A sandboxed srcdoc frame inside the data: frame is a secure context again: the UI says
    // so, naming the adapter the browser gives a secure page (the top-level page here).
    const topVendor = await h.page.evaluate(async () => (await (navigator as Navigator & { gpu: GPU }).gpu.requestAdapter())?.info.vendor ?? null);
    assert.ok(topVendor, 'the top-level loopback page has an adapter');
    assert.equal(await status.getAttribute('data-webgpu-nested'), 'available');
    assert.ok(((await ui.locator('[data-testid="webgpu-nested"]').textContent()) ?? '').includes(topVendor));
    assert.ok(await ui.locator('[data-testid="run"]').first().isVisible());

    // A prompt typed in the UI lands on the frame as plugin data, through the real sandbox code.
    await prompts.nth(1).fill('a wide grin');
    await waitForAsync(() => face.getPluginData('prompt') === 'a wide grin');
    // The mode persists in clientStorage.
    await ui.locator('input[type="radio"][value="color"]').click();
    await waitForAsync(async () => ((await f.clientStorage.getAsync('settings')) as { mode?: string } | undefined)?.mode === 'color');

    // A message that fails validation is shown, not acted on.
    await h.page.evaluate(() =>
      (window as unknown as { __postRawToUi(d: unknown): void }).__postRawToUi({
        pluginMessage: { protocol: 'clipvg', version: 1, type: 'selection', info: 'garbage' },
      }),
    );
    await ui.locator('[data-testid="error"]').waitFor();
    assert.match((await ui.locator('[data-testid="error"]').textContent()) ?? '', /selection\.info: expected an object/);
    assert.equal(await ui.locator('[data-testid="roi"]').count(), 3, 'the bad selection did not replace the good one');
    await h.page.screenshot({ path: join(ARTIFACTS, 'ui-harness-data-iframe.png') });
  } finally {
    await h.closeAsync();
  }
});

test('sandboxed srcdoc iframe (origin null, secure context): the UI reports the WebGPU adapter', async () => {
  const { f } = portrait();
  const h = await openUiHarnessAsync(harnessBrowser(), f, 'srcdoc');
  try {
    const { ui } = h;
    await ui.locator('[data-testid="roi"]').first().waitFor({ timeout: 30_000 });
    const status = ui.locator('[data-testid="webgpu-status"]:not([data-webgpu="probing"])');
    await status.waitFor({ timeout: 30_000 });
    const truth = await frameWebGpu(h);
    assert.equal(truth.secure, true);
    assert.equal(truth.gpu, true);
    assert.notEqual(truth.vendor, null, 'Chromium gives this frame an adapter');
    assert.equal(await status.getAttribute('data-webgpu'), 'available');
    assert.equal(await status.getAttribute('data-webgpu-nested'), 'not-probed');
    const text = (await status.textContent()) ?? '';
    if (truth.vendor) assert.ok(text.includes(truth.vendor), `${text} names the adapter vendor ${truth.vendor}`);
    await h.page.screenshot({ path: join(ARTIFACTS, 'ui-harness-srcdoc-iframe.png') });
  } finally {
    await h.closeAsync();
  }
});

async function waitForAsync(cond: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
