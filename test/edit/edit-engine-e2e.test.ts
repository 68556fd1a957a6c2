import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RgbaImage } from '../../src/image/rgba-image.ts';
import { readSelectionAsync } from '../../src/plugin/read-selection.ts';
import type { Rgba, Scene } from '../../src/scene/scene.ts';
import { exportSvg } from '../../src/scene/svg-export.ts';
import { fakeTextFrame, TEXT_COLOUR } from '../support/figma-text-frame.ts';
import { openEditBrowserAsync, type EditBrowser } from '../support/edit-browser.ts';
import { blueCirclesScene, circleGroup } from '../support/edit-scenes.ts';
import { renderSvgWithResvg } from '../support/resvg-render.ts';
import { redness } from '../support/redness.ts';

// End to end with the trained tiny CLIP (models/shapes-clip) through the engine object the
// plugin's worker holds (createEditEngineAsync, here in headless Chromium: rasteriser and
// augmentation on WebGPU/SwiftShader, CLIP on WASM, which is much faster than SwiftShader
// for a tiny model). Effects are measured on resvg renders of the exported SVG (independent
// of our rasteriser). Scenes are 64 px with few patches: SwiftShader is slow.

const render = (s: Scene): RgbaImage => renderSvgWithResvg(exportSvg(s), s.width);

/** Mean absolute RGB change per pixel inside and outside a rectangle. */
function changeInOut(a: RgbaImage, b: RgbaImage, x0: number, y0: number, x1: number, y1: number) {
  let inS = 0;
  let inN = 0;
  let outS = 0;
  let outN = 0;
  for (let y = 0; y < a.height; y++)
    for (let x = 0; x < a.width; x++) {
      const i = (y * a.width + x) * 4;
      const d = (Math.abs(a.data[i]! - b.data[i]!) + Math.abs(a.data[i + 1]! - b.data[i + 1]!) + Math.abs(a.data[i + 2]! - b.data[i + 2]!)) / 765;
      if (x >= x0 && x < x1 && y >= y0 && y < y1) {
        inS += d;
        inN++;
      } else {
        outS += d;
        outN++;
      }
    }
  return { inside: inS / inN, outside: outS / outN };
}

const allPoints = (s: Scene) => s.groups.flatMap((g) => g.paths.flatMap((p) => p.points));
const log = (what: string, v: unknown) => process.stderr.write(`# ${what}: ${JSON.stringify(v)}\n`);

describe('prompt editing end to end (trained tiny CLIP)', () => {
  let b: EditBrowser;
  before(async () => {
    b = await openEditBrowserAsync();
  });
  after(async () => b?.closeAsync());

  test('blue circles + "a red circle": the render gets redder and the directional CLIP similarity rises', async () => {
    const scene = blueCirclesScene();
    const t = performance.now();
    const { result, frames } = await b.editAsync(
      scene,
      { prompt: 'a red circle', iterations: 12, patches: 4, seed: 3, colorLr: 0.03, shapeLr: 0.3, previewIntervalMs: 0 },
      { frames: true },
    );
    const before = redness(render(scene));
    const afterR = redness(render(result.scene));
    const sim = await b.similarityAsync(scene, result.scene, 'a red circle');
    const firstCos = 1 - result.roiViewLosses[0]![0]!;
    log('red circle', {
      ms: Math.round(performance.now() - t),
      rednessBefore: before,
      rednessAfter: afterR,
      similarityFirstIteration: firstCos,
      similarityAfter: sim.perRoi[0],
      lossFirst: result.losses[0],
      lossLast: result.losses.at(-1),
      perIterationMs: Math.round(result.timings.perIterationMs),
    });
    assert.equal(result.iterations, 12);
    assert.equal(result.cancelled, false);
    assert.deepEqual(result.skippedSteps, []);
    assert.ok(afterR > before + 0.05, `redness ${before.toFixed(3)} -> ${afterR.toFixed(3)}`);
    assert.ok(
      sim.perRoi[0]! > 0 && sim.perRoi[0]! > firstCos,
      `directional similarity ${firstCos.toFixed(3)} (first iteration) -> ${sim.perRoi[0]!.toFixed(3)}`,
    );
    // Previews: the initial render, one per iteration (interval 0), the final one; PNG.
    assert.ok(frames.length >= 12 && frames.every((f) => f.png.startsWith('iVBOR')), `${frames.length} frames`);
  });

  test('shape only: every colour bit-for-bit unchanged, geometry moves', async () => {
    const scene = blueCirclesScene();
    const { result } = await b.editAsync(scene, { prompt: 'a red square', mode: 'shape', iterations: 3, patches: 2, seed: 1, shapeLr: 0.5 });
    assert.deepEqual(result.warnings, []);
    result.scene.groups.forEach((g, i) => {
      for (const k of ['r', 'g', 'b', 'a'] as const) assert.ok(Object.is(g.fill[k], scene.groups[i]!.fill[k]), `group ${i} ${k}`);
    });
    const moved = allPoints(result.scene).filter((v, i) => v !== allPoints(scene)[i]).length;
    assert.ok(moved > 0, 'some control point moved');
  });

  test('colour only: every coordinate bit-for-bit unchanged, colours move', async () => {
    const scene = blueCirclesScene();
    const { result } = await b.editAsync(scene, { prompt: 'a red circle', mode: 'color', iterations: 3, patches: 2, seed: 1 });
    assert.deepEqual(result.warnings, []);
    const before = allPoints(scene);
    const afterPts = allPoints(result.scene);
    assert.equal(afterPts.length, before.length);
    afterPts.forEach((v, i) => assert.ok(Object.is(v, before[i]), `coordinate ${i}`));
    assert.ok(
      result.scene.groups.some((g, i) => g.fill.r !== scene.groups[i]!.fill.r),
      'some colour changed',
    );
  });

  test('palette: the output uses only palette colours, exactly', async () => {
    const scene = blueCirclesScene();
    const palette: Rgba[] = [
      { r: 1, g: 0, b: 0, a: 1 },
      { r: 0.2, g: 0.8, b: 0.2, a: 1 },
      { r: 0, g: 0, b: 0.6, a: 1 },
      { r: 0.95, g: 0.85, b: 0.1, a: 1 },
    ];
    const { result } = await b.editAsync(scene, { prompt: 'a red circle', mode: 'palette', palette, iterations: 3, patches: 2, seed: 1, colorLr: 0.05 });
    for (const g of result.scene.groups) {
      assert.ok(
        palette.some((p) => p.r === g.fill.r && p.g === g.fill.g && p.b === g.fill.b),
        `fill ${JSON.stringify(g.fill)} is a palette colour`,
      );
    }
    allPoints(result.scene).forEach((v, i) => assert.ok(Object.is(v, allPoints(scene)[i])));
  });

  test('a second ROI with its own prompt changes its region more than the rest', async () => {
    // Measured against the same edit without the ROI (same prompt, seed and settings): the
    // main prompt moves both circles by itself, so a change from the source mixes its
    // effect with the ROI's; the difference between the two runs is the ROI's own effect.
    const sceneWith = (rois: Scene['rois']): Scene => ({
      width: 64,
      height: 64,
      groups: [circleGroup(16, 32, 12, { r: 0.2, g: 0.3, b: 0.85, a: 1 }, 'left'), circleGroup(48, 32, 12, { r: 0.2, g: 0.3, b: 0.85, a: 1 }, 'right')],
      rois,
      warnings: [],
    });
    const options = { prompt: 'a blue circle', iterations: 6, patches: 2, seed: 2, colorLr: 0.03, shapeLr: 0.4 };
    const withRoi = await b.editAsync(sceneWith([{ x: 32, y: 0, width: 32, height: 64, prompt: 'a yellow star' }]), options);
    const withoutRoi = await b.editAsync(sceneWith([]), options);
    const c = changeInOut(render(withoutRoi.result.scene), render(withRoi.result.scene), 32, 0, 64, 64);
    log('roi change', { ...c, ratio: c.inside / c.outside, roiViewLosses: withRoi.result.roiViewLosses.at(-1) });
    assert.ok(c.inside > c.outside, `mean change the ROI makes inside it ${c.inside.toFixed(4)} vs outside ${c.outside.toFixed(4)}`);
  });

  test('a Figma text node (DejaVu outlines) restyled shape-only comes back as vectors in the text colour', async () => {
    const { f, text } = fakeTextFrame({ characters: 'Ab', fontSize: 40, width: 96, height: 64, x: 8, y: 6 });
    const colour = TEXT_COLOUR;
    const { scene } = await readSelectionAsync(f.api);
    assert.ok(scene);
    const { result } = await b.editAsync(scene, { prompt: 'a star', mode: 'shape', iterations: 3, patches: 2, seed: 1, shapeLr: 0.4 });
    const glyphs = result.scene.groups.filter((g) => g.source.ref === text.id);
    assert.equal(glyphs.length, 1);
    assert.deepEqual(glyphs[0]!.fill, { ...colour, a: 1 });
    const src = scene.groups.find((g) => g.source.ref === text.id)!;
    assert.equal(glyphs[0]!.paths.length, src.paths.length);
    assert.ok(glyphs[0]!.paths.every((p, i) => p.points.length === src.paths[i]!.points.length && p.points.every(Number.isFinite)));
    assert.ok(
      glyphs[0]!.paths.some((p, i) => p.points.some((v, k) => v !== src.paths[i]!.points[k])),
      'the outlines moved',
    );
    assert.match(exportSvg(result.scene), /<path[^>]*fill="#cc3366"/);
  });

  test('cancel stops within one iteration and reports it; the input is untouched', async () => {
    // The check runs in the page, on the object the engine was handed: a copy kept here in
    // Node could never change, since page.evaluate sends the page a clone.
    const { result, inputUnchanged } = await b.cancelledEditAsync(blueCirclesScene(), { prompt: 'a red circle', iterations: 40, patches: 2, seed: 1 }, 1);
    assert.equal(result.cancelled, true);
    assert.equal(result.iterations, 1);
    assert.equal(result.losses.length, 1);
    assert.ok(inputUnchanged, 'the engine changed the scene it was given');
  });

  test('bad options are refused with a specific message', async () => {
    const scene = blueCirclesScene();
    await assert.rejects(b.editAsync(scene, { prompt: 'x', mode: 'palette', iterations: 1 }), /palette mode needs at least one palette colour/);
    await assert.rejects(b.editAsync(scene, { prompt: '  ', iterations: 1 }), /prompt is empty/);
    await assert.rejects(b.editAsync(scene, { prompt: 'x', iterations: 0 }), /iterations must be a whole number >= 1/);
  });
});
