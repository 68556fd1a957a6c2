import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readSelectionAsync } from '../../src/plugin/read-selection.ts';
import { writeSceneAsync } from '../../src/plugin/write-scene.ts';
import type { Gradient, Scene } from '../../src/scene/scene.ts';
import { exportSvg } from '../../src/scene/svg-export.ts';
import { importSvg } from '../../src/scene/svg-import.ts';
import { iconSvgAtSize } from '../bench/semantics-icons.ts';
import { FakeFigma } from '../fake-figma/fake-figma.ts';
import type { FakeContainer, FakeSceneNode } from '../fake-figma/fake-nodes.ts';
import { renderNode } from '../plugin/support/every-case-frame.ts';
import { openEditBrowserAsync, type EditBrowser } from '../support/edit-browser.ts';
import { psnr } from '../support/image-metrics.ts';
import { renderSvgWithResvg } from '../support/resvg-render.ts';

// Issue 18's must-show: a colour-mode edit of a real gradient-filled icon (Tango's
// emblem-favorite, a heart drawn with one radial and three linear gradients; artwork we did
// not make) changes the stop colours and keeps the gradients in the output, both as an SVG
// written by `clipvg edit` and as Figma fills written by the plugin into the fake Figma.
// The shipped tiny CLIP on SwiftShader: 64 px, few iterations, a 5x colour step.

const ICON = 'tango-emblem-favorite.svg';
const SIZE = 64;
const PROMPT = 'a blue icon';
const BIN = fileURLToPath(new URL('../../bin/clipvg.mjs', import.meta.url));
const ENV = { ...process.env, VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? '/usr/lib/chromium/vk_swiftshader_icd.json' };
const log = (what: string, v: unknown) => process.stderr.write(`# ${what}: ${JSON.stringify(v)}\n`);

const gradients = (s: Scene) => s.groups.flatMap((g) => (g.gradient ? [g.gradient] : []));
const geometry = (g: Gradient) => (g.kind === 'linear' ? [g.x1, g.y1, g.x2, g.y2] : [g.cx, g.cy, g.r, g.fx, g.fy, g.fr]);
/** The largest change of any stop's colour channel between two gradients with the same stops. */
const stopChange = (a: Gradient, b: Gradient) =>
  Math.max(...a.stops.flatMap((s, i) => (['r', 'g', 'b', 'a'] as const).map((c) => Math.abs(s.color[c] - b.stops[i]!.color[c]))));
/** Mean blueness of the stops (blue minus the larger of red and green), weighted by alpha. */
const blueness = (gs: Gradient[]) => {
  const stops = gs.flatMap((g) => g.stops);
  return stops.reduce((sum, s) => sum + s.color.a * (s.color.b - Math.max(s.color.r, s.color.g)), 0) / stops.length;
};

/** The edited gradients are the source's, same kind, stop count and geometry (within `tol`), with new stop colours (colour mode moves stops, colours and offsets, only). */
function assertGradientsRecoloured(source: Gradient[], edited: Gradient[], tol: number, where: string) {
  assert.ok(source.length >= 4, `${ICON} has gradients (${source.length})`);
  assert.deepEqual(
    edited.map((g) => `${g.kind}:${g.stops.length}`),
    source.map((g) => `${g.kind}:${g.stops.length}`),
    `${where}: the gradients were not all kept`,
  );
  edited.forEach((g, i) => {
    const s = source[i]!;
    geometry(g).forEach((v, k) => assert.ok(Math.abs(v - geometry(s)[k]!) <= tol * Math.max(1, Math.abs(v)), `${where}: gradient ${i} moved in colour mode`));
  });
  const changes = edited.map((g, i) => stopChange(source[i]!, g));
  const changed = changes.filter((c) => c > 0.02).length;
  assert.ok(
    changed >= Math.ceil(source.length / 2),
    `${where}: stop colours changed in ${changed} of ${source.length} gradients (${changes.map((c) => c.toFixed(3))})`,
  );
  assert.ok(blueness(edited) > blueness(source) + 0.02, `${where}: stops not bluer: ${blueness(source).toFixed(3)} -> ${blueness(edited).toFixed(3)}`);
  return changes;
}

let b: EditBrowser;
before(async () => {
  b = await openEditBrowserAsync();
});
after(async () => b?.closeAsync());

test('clipvg edit --mode color on a gradient-filled Tango icon: the SVG written keeps its gradients, with new stop colours', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clipvg-gradient-icon-'));
  const input = join(dir, 'heart.svg');
  const output = join(dir, 'heart-blue.svg');
  writeFileSync(input, iconSvgAtSize(ICON, SIZE));
  const t = performance.now();
  const r = spawnSync(
    process.execPath,
    [BIN, 'edit', input, '-o', output, '--prompt', PROMPT, '--mode', 'color', '--iters', '12', '--patches', '4', '--color-lr', '0.05', '--quiet'],
    { encoding: 'utf8', timeout: 600_000, env: ENV },
  );
  assert.equal(r.status, 0, r.stderr);
  const written = readFileSync(output, 'utf8');
  const source = gradients(importSvg(readFileSync(input, 'utf8')));
  const count = (tag: string, svg: string) => (svg.match(new RegExp(`<${tag}\\b`, 'g')) ?? []).length;
  assert.equal(count('linearGradient', written), source.filter((g) => g.kind === 'linear').length, written);
  assert.equal(count('radialGradient', written), source.filter((g) => g.kind === 'radial').length, written);
  // Read back from the file: the SVG's gradients are the edited ones, not a flattened mean.
  const edited = gradients(importSvg(written));
  const changes = assertGradientsRecoloured(source, edited, 1e-3, 'clipvg edit');
  log('clipvg edit --mode color', {
    icon: ICON,
    ms: Math.round(performance.now() - t),
    stopChange: changes.map((c) => +c.toFixed(3)),
    bluenessBefore: +blueness(source).toFixed(3),
    bluenessAfter: +blueness(edited).toFixed(3),
  });
});

test('the plugin flow on the fake Figma: the icon frame read with its gradient fills, edited in colour mode, written back as GRADIENT_* fills with new stops; the source untouched', async () => {
  const f = new FakeFigma();
  // The designer's frame: the icon put into Figma as gradient-filled vectors (written by the
  // plugin's own writer, which the read/write round-trip tests check against the fake's renderer).
  const iconScene = importSvg(iconSvgAtSize(ICON, SIZE));
  const holder = f.createFrame();
  const { frame: placed } = await writeSceneAsync(f.api, { sourceId: holder.id, prompt: '', scene: iconScene });
  const sourceFrame = placed as unknown as FakeContainer & FakeSceneNode;
  const fillsOf = (frame: FakeContainer) => JSON.stringify(frame.children.map((c) => (c as unknown as { fills: unknown }).fills));
  const sourceFills = fillsOf(sourceFrame);

  f.select(sourceFrame);
  const { scene } = await readSelectionAsync(f.api);
  assert.ok(scene);
  const read = gradients(scene);
  const { result } = await b.editAsync(scene, { prompt: PROMPT, mode: 'color', iterations: 12, patches: 4, seed: 0, colorLr: 0.05, previewIntervalMs: 1e9 });
  assert.equal(result.iterations, 12);
  const changes = assertGradientsRecoloured(read, gradients(result.scene), 0, 'engine');

  const { frame, warnings } = await writeSceneAsync(f.api, { sourceId: sourceFrame.id, prompt: PROMPT, scene: result.scene });
  assert.ok(
    warnings.every((w) => /focal point/.test(w.message)),
    `only the named focal-point approximation may be reported: ${warnings.map((w) => w.message).join('; ')}`,
  );
  const out = frame as unknown as FakeContainer & FakeSceneNode;
  const types = out.children.map((c) => (c as unknown as { fills: { type: string }[] }).fills[0]?.type);
  assert.deepEqual(
    types,
    result.scene.groups.map((g) => (g.gradient ? `GRADIENT_${g.gradient.kind.toUpperCase()}` : 'SOLID')),
  );
  // The written fills carry the edited stops: read the new frame back and compare.
  f.select(out);
  const back = await readSelectionAsync(f.api);
  assert.ok(back.scene);
  assertGradientsRecoloured(read, gradients(back.scene), 1e-6, 'written frame');
  gradients(back.scene).forEach((g, i) => assert.ok(stopChange(g, gradients(result.scene)[i]!) < 1e-6, `written gradient ${i} differs from the edit's`));
  // Drawn by the fake's own gradient renderer as resvg draws the edited SVG.
  const db = psnr(renderNode(out, f).image, renderSvgWithResvg(exportSvg(result.scene), 2 * out.width));
  assert.equal(fillsOf(sourceFrame), sourceFills, 'the source frame was modified');
  log('plugin flow, colour mode', {
    stopChange: changes.map((c) => +c.toFixed(3)),
    writtenVsSvgPsnr: +db.toFixed(1),
    warnings: warnings.map((w) => w.message),
  });
  assert.ok(db > 30, `the written frame draws unlike the edited SVG: ${db.toFixed(1)} dB`);
});
