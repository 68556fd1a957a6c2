import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { encode as encodePng } from 'fast-png';
import type { Frame, FrameLocator } from 'playwright-core';
import { readNodesAsync } from '../../src/plugin/read-selection.ts';
import { writeSceneAsync } from '../../src/plugin/write-scene.ts';
import type { Scene } from '../../src/scene/scene.ts';
import type { FakeFigma } from '../fake-figma/fake-figma.ts';
import { setTextbox, waitForAsync } from './harness-ui-steps.ts';
import { ARTIFACTS, useHarnessBrowser } from './harness-browser.ts';
import { openUiHarnessAsync, type UiHarness } from './harness-figma-host.ts';
import { blueDots, serveOrtWasmAsync } from './harness-fixtures.ts';

// Issue 16 in the plugin window, end to end on the fake Figma: three variations shown as they
// finish and one applied, with a locked layer written back bit for bit; Compare (button, key and
// side by side) showing the original in the preview; an icon set of three frames edited in turn,
// cancelled midway (the finished frame kept and applied beside its source), then run through.
// SwiftShader is slow: 48 px scenes, two or three iterations, one patch, the shipped tiny model.

const harnessBrowser = useHarnessBrowser();

/** An attribute of the first element with that test id; null when there is none (yet). */
async function attr(ui: FrameLocator, testid: string, name: string): Promise<string | null> {
  const el = ui.locator(`[data-testid="${testid}"]`).first();
  if ((await el.count()) === 0) return null;
  return el.getAttribute(name, { timeout: 10_000 }).catch(() => null);
}

async function openAsync(f: FakeFigma): Promise<UiHarness> {
  const h = await openUiHarnessAsync(harnessBrowser(), f, 'data', { beforeNavigateAsync: (page) => serveOrtWasmAsync(page) });
  await h.ui
    .locator('[data-testid="engine-status"][data-phase="ready"], [data-testid="engine-status"][data-phase="failed"]')
    .first()
    .waitFor({ timeout: 150_000 });
  assert.equal(await attr(h.ui, 'engine-status', 'data-phase'), 'ready', (await h.ui.locator('[data-testid="engine-status"]').textContent()) ?? '');
  await waitForAsync(h.ui, async () => Number(await attr(h.ui, 'preview', 'data-preview-count')) >= 1, 30_000, 'the static preview');
  return h;
}

/** The engine frame's canvas: its size and a checksum of its pixels. */
async function canvasAsync(h: UiHarness): Promise<{ width: number; height: number; sum: number }> {
  const engineFrame: Frame | undefined = h.page.frames().find((fr) => fr.url() === 'about:srcdoc');
  assert.ok(engineFrame, 'the engine frame exists');
  return engineFrame.evaluate(() => {
    const c = document.getElementById('preview') as HTMLCanvasElement;
    const read = new OffscreenCanvas(c.width, c.height).getContext('2d')!;
    read.drawImage(c, 0, 0);
    const d = read.getImageData(0, 0, c.width, c.height).data;
    let sum = 0;
    for (let i = 0; i < d.length; i++) sum = (sum * 31 + d[i]! * (1 + (i % 7))) % 1_000_000_007;
    return { width: c.width, height: c.height, sum };
  });
}

/** Waits until the preview has drawn `view` (the UI sets the attribute once the engine drew it). */
async function viewShownAsync(h: UiHarness, view: string): Promise<void> {
  await waitForAsync(h.ui, async () => (await attr(h.ui, 'preview', 'data-preview-view')) === view, 20_000, `the ${view} view`);
  await h.controller.idleAsync();
}

interface WrittenVector {
  name: string;
  x: number;
  y: number;
  vectorPaths: { windingRule: string; data: string }[];
  fills: { type: string; color: { r: number; g: number; b: number }; opacity: number }[];
}

/** The vectors the writer makes of `scene` as it is (in a document of its own). */
async function writtenUneditedAsync(scene: Scene): Promise<WrittenVector[]> {
  const { f, frame } = blueDots();
  const { frame: out } = await writeSceneAsync(f.api, { sourceId: frame.id, prompt: 'as it was', scene });
  return (out as unknown as { children: WrittenVector[] }).children;
}

test('variations: three shown as they finish, one applied with its locked layer bit for bit; Compare shows the original', { timeout: 240_000 }, async () => {
  const { f, frame } = blueDots();
  const [lockedDot] = (frame as unknown as { children: { locked: boolean; id: string }[] }).children;
  lockedDot!.locked = true;
  const source = await readNodesAsync(f.api, [frame as unknown as SceneNode]);
  assert.ok(source.scene);
  const lockedIndex = source.scene.groups.findIndex((g) => g.source.ref === lockedDot!.id);
  assert.deepEqual(source.info.lockedGroups, [lockedIndex]);

  const h = await openAsync(f);
  try {
    const { ui } = h;
    const original = await canvasAsync(h);
    await setTextbox(ui, 'iterations', '2');
    await setTextbox(ui, 'patches', '1');
    await ui.locator('[data-testid="variations"]').selectOption('3');
    await ui.locator('[data-testid="run"]').first().click();

    // Thumbnails appear one by one while the later seeds still run.
    const seenWhileRunning = new Set<number>();
    await waitForAsync(
      ui,
      async () => {
        if ((await attr(ui, 'run-status', 'data-phase')) === 'done') return true;
        if (await ui.locator('[data-testid="batch-progress"]').count()) seenWhileRunning.add(Number((await attr(ui, 'candidates', 'data-count')) ?? '0'));
        return false;
      },
      180_000,
      'three variations',
    );
    assert.ok(
      [...seenWhileRunning].some((n) => n >= 1 && n < 3),
      `a finished variation showed before the last was done: ${[...seenWhileRunning]}`,
    );
    assert.equal(await attr(ui, 'candidates', 'data-count'), '3');
    const thumbs = await ui
      .locator('[data-testid="candidate-thumbnail"]')
      .evaluateAll((els) => els.map((c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]));
    assert.equal(thumbs.length, 3);
    for (const [w, hh] of thumbs) assert.ok(w! > 1 && w === hh, `a square thumbnail of the final render: ${w}x${hh}`);
    assert.match((await ui.locator('[data-testid="run-status"]').textContent()) ?? '', /3 of 3 variations/);
    await h.page.screenshot({ path: join(ARTIFACTS, 'variations-three.png') });

    // Selecting the second draws it in the preview.
    await ui.locator('[data-testid="candidate"][data-index="1"]').click();
    await viewShownAsync(h, 'candidate');
    assert.equal(await attr(ui, 'candidate', 'data-selected'), 'false');
    assert.equal(await ui.locator('[data-testid="candidate"][data-index="1"]').getAttribute('data-selected'), 'true');
    await waitForAsync(ui, async () => (await canvasAsync(h)).sum !== original.sum, 20_000, 'the selected variation drawn');
    const candidate = await canvasAsync(h);

    // Compare, the button: held = the original, exactly as drawn before the run; released = the candidate.
    const hold = ui.locator('[data-testid="compare-hold"]');
    await hold.hover();
    await h.page.mouse.down();
    await viewShownAsync(h, 'original');
    assert.deepEqual(await canvasAsync(h), original, 'the original, pixel for pixel');
    await h.page.screenshot({ path: join(ARTIFACTS, 'compare-hold-original.png') });
    await h.page.mouse.up();
    await viewShownAsync(h, 'candidate');
    assert.deepEqual(await canvasAsync(h), candidate);
    // Compare, the key: Space held over the focused preview.
    await ui.locator('[data-testid="preview"]').focus();
    await h.page.keyboard.down('Space');
    await viewShownAsync(h, 'original');
    assert.deepEqual(await canvasAsync(h), original);
    await h.page.keyboard.up('Space');
    await viewShownAsync(h, 'candidate');
    assert.deepEqual(await canvasAsync(h), candidate);
    // Side by side: source | candidate, one canvas about twice as wide as high.
    await ui.locator('[data-testid="compare-side"]').click();
    await viewShownAsync(h, 'side-by-side');
    const both = await canvasAsync(h);
    assert.ok(both.width > 1.9 * both.height && both.width < 2.2 * both.height, `side by side is twice as wide: ${both.width}x${both.height}`);
    await h.page.screenshot({ path: join(ARTIFACTS, 'compare-side-by-side.png') });
    await ui.locator('[data-testid="compare-side"]').click();
    await viewShownAsync(h, 'candidate');

    // Apply the selected variation: one frame, one undo step; the locked circle as it was, bit for bit.
    const commits = f.undoCommits.length;
    await ui.locator('[data-testid="apply"]').first().click();
    await ui.locator('[data-testid="run-status"][data-phase="applied"]').waitFor({ timeout: 30_000 });
    await h.controller.idleAsync();
    const frames = f.currentPage.children.filter((n) => n.type === 'FRAME');
    assert.equal(frames.length, 2, 'one new frame');
    assert.equal(f.undoCommits.length - commits, 2, 'one undo step (a commit before and after)');
    const written = (frames.find((n) => n !== frame) as unknown as { children: WrittenVector[] }).children;
    assert.equal(written.length, source.scene.groups.length);
    // The oracle: the same writer given the unedited source scene (it places each vector at its own box).
    const unedited = await writtenUneditedAsync(source.scene);
    const fields = (v: WrittenVector) => ({ x: v.x, y: v.y, vectorPaths: v.vectorPaths, fills: v.fills });
    assert.deepEqual(fields(written[lockedIndex]!), fields(unedited[lockedIndex]!), 'the locked circle: path data, place and paint bit for bit');
    const free = source.scene.groups.findIndex((_, i) => i !== lockedIndex);
    assert.notDeepEqual(fields(written[free]!), fields(unedited[free]!), 'the unlocked circle was edited');
    await h.page.screenshot({ path: join(ARTIFACTS, 'variations-applied.png') });
  } finally {
    await h.closeAsync();
  }
});

/** Three 48 px icon frames in a row, one blue circle each, all selected: an icon set. */
function threeIcons(): { f: FakeFigma; frames: { id: string; x: number; width: number }[] } {
  const { f, frame: first } = blueDots();
  const frames = [first];
  for (const [i, name] of ['Heart', 'Moon'].entries()) {
    const fr = f.createFrame();
    fr.name = name;
    fr.resize(48, 48);
    fr.x = 200 * (i + 1);
    fr.fills = [];
    const e = f.createEllipse();
    fr.appendChild(e);
    e.x = 12;
    e.y = 12;
    e.resize(24, 24);
    e.fills = [{ type: 'SOLID', color: { r: 0.1, g: 0.2, b: 0.9 }, opacity: 1 }];
    frames.push(fr);
  }
  f.select(...frames);
  return { f, frames: frames as unknown as { id: string; x: number; width: number }[] };
}

test('icon set: three frames edited in turn with one prompt; Cancel midway keeps the finished frame; each result beside its source', {
  timeout: 240_000,
}, async () => {
  const { f, frames } = threeIcons();
  const h = await openAsync(f);
  try {
    const { ui } = h;
    await setTextbox(ui, 'set-prompt', 'a red circle');
    await setTextbox(ui, 'patches', '1');
    // Enough iterations that the second frame is still running when Cancel lands.
    await setTextbox(ui, 'iterations', '20');
    const run = ui.locator('[data-testid="run"]').first();

    // Cancel while the second frame runs: the first is kept.
    await run.click();
    await waitForAsync(ui, async () => (await attr(ui, 'batch-progress', 'data-current')) === '1', 150_000, 'the second frame to start');
    assert.match((await ui.locator('[data-testid="batch-progress"]').textContent()) ?? '', /Frame 2 of 3 \(Heart\)/);
    await ui.locator('[data-testid="cancel"]').first().click();
    await ui.locator('[data-testid="run-status"][data-phase="done"]').waitFor({ timeout: 60_000 });
    assert.match((await ui.locator('[data-testid="run-status"]').textContent()) ?? '', /^1 of 3 frames edited\. Cancelled/);
    assert.equal(await attr(ui, 'candidates', 'data-count'), '1');
    let commits = f.undoCommits.length;
    await ui.locator('[data-testid="apply"]').first().click();
    await ui.locator('[data-testid="run-status"][data-phase="applied"]').waitFor({ timeout: 30_000 });
    await h.controller.idleAsync();
    let results = f.currentPage.children.filter((n) => n.type === 'FRAME' && !frames.some((s) => s.id === n.id)) as unknown as {
      name: string;
      x: number;
      y: number;
    }[];
    assert.deepEqual(
      results.map((r) => r.name),
      ['Dots — a red circle'],
    );
    assert.ok(results[0]!.x >= frames[0]!.x + 48 && results[0]!.x < frames[1]!.x, `beside its own source: x ${results[0]!.x}`);
    assert.equal(f.undoCommits.length - commits, 2, 'one undo step');

    // The whole set, in turn: frame 1, 2, 3, one bar across them.
    await setTextbox(ui, 'iterations', '2');
    const order: number[] = [];
    await run.click();
    await waitForAsync(
      ui,
      async () => {
        const cur = await attr(ui, 'batch-progress', 'data-current');
        if (cur !== null && order.at(-1) !== Number(cur)) order.push(Number(cur));
        return (await attr(ui, 'run-status', 'data-phase')) === 'done';
      },
      180_000,
      'the icon set',
    );
    assert.deepEqual(
      order.filter((v, i) => order.indexOf(v) === i),
      order,
      `frames run in turn, never back: ${order}`,
    );
    assert.ok(order.length >= 2 && order[0] === 0, `progress went across the set: ${order}`);
    assert.equal(await attr(ui, 'candidates', 'data-count'), '3');
    await h.page.screenshot({ path: join(ARTIFACTS, 'variations-icon-set.png') });
    commits = f.undoCommits.length;
    await ui.locator('[data-testid="apply"]').first().click();
    await ui.locator('[data-testid="run-status"][data-phase="applied"]').waitFor({ timeout: 30_000 });
    await h.controller.idleAsync();
    assert.equal(f.undoCommits.length - commits, 6, 'one undo step per frame');
    results = f.currentPage.children.filter((n) => n.type === 'FRAME' && !frames.some((s) => s.id === n.id)) as unknown as {
      name: string;
      x: number;
      y: number;
    }[];
    assert.deepEqual(
      results.slice(1).map((r) => r.name),
      ['Dots — a red circle', 'Heart — a red circle', 'Moon — a red circle'],
    );
    for (const [i, r] of results.slice(1).entries()) assert.ok(r.x >= frames[i]!.x + 48, `${r.name} right of its source`);
  } finally {
    await h.closeAsync();
  }
});

test('reference image: a picked PNG stands in for the prompt (a weight slider only with both), and Run takes it', { timeout: 180_000 }, async () => {
  const { f } = blueDots();
  const h = await openAsync(f);
  try {
    const { ui } = h;
    const px = new Uint8Array(24 * 24 * 4);
    for (let i = 0; i < px.length; i += 4) px.set([230, 20, 20, 255], i);
    await ui
      .locator('[data-testid="reference-file"]')
      .setInputFiles({ name: 'red.png', mimeType: 'image/png', buffer: Buffer.from(encodePng({ width: 24, height: 24, data: px, channels: 4, depth: 8 })) });
    await waitForAsync(ui, async () => (await attr(ui, 'reference', 'data-reference')) === 'red.png', 10_000, 'the reference to be set');
    assert.equal(await ui.locator('[data-testid="reference-weight"]').count(), 1, 'prompt and picture: the weight slider shows');
    await setTextbox(ui, 'roi-prompt', '');
    assert.equal(await ui.locator('[data-testid="reference-weight"]').count(), 0, 'the picture alone: no weight');
    await setTextbox(ui, 'iterations', '1');
    await setTextbox(ui, 'patches', '0');
    const run = ui.locator('[data-testid="run"]').first();
    await waitForAsync(ui, () => run.isEnabled(), 10_000, 'Run enabled without a prompt');
    await run.click();
    await ui.locator('[data-testid="run-status"][data-phase="done"]').waitFor({ timeout: 120_000 });
    assert.equal(await attr(ui, 'run-progress', 'data-iteration'), '1');
    // Not a picture: refused by name.
    await ui.locator('[data-testid="reference-file"]').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    await ui.locator('[data-testid="error"]').first().waitFor({ timeout: 10_000 });
    assert.match((await ui.locator('[data-testid="error"]').first().textContent()) ?? '', /must be a PNG or JPEG file; “notes\.txt” is text\/plain/);
    assert.equal(await attr(ui, 'reference', 'data-reference'), 'red.png', 'the picture set before stays');
  } finally {
    await h.closeAsync();
  }
});
