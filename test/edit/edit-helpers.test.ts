import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { groupMasks, modeLearningRates } from '../../src/engine/edit/edit-group-masks.ts';
import { buildLossRows, cosine } from '../../src/engine/edit/edit-loss-rows.ts';
import { nearestPaletteIndex, projectSceneToPalette, rgbToOklab } from '../../src/engine/edit/palette-projection.ts';
import { renderToRgba8 } from '../../src/engine/edit/render-to-rgba8.ts';
import { resolveEditOptions } from '../../src/engine/edit/resolve-edit-options.ts';
import { MASK_COLOR, MASK_SHAPE } from '../../src/engine/optim/adam-step.ts';
import { blueCirclesScene } from '../support/edit-scenes.ts';

test('loss rows: per ROI w_roi on the view and w_patch on the patch mean; ΔT and reference per ROI', () => {
  const dts = [new Float32Array([1, 0, 0]), new Float32Array([0, 1, 0])];
  const refs = [new Float32Array([0, 0, 1]), new Float32Array([0.6, 0.8, 0])];
  const rows = buildLossRows(dts, refs, 4, 30, 80);
  assert.equal(rows.count, 10);
  for (let r = 0; r < 2; r++) {
    const w = rows.weights.slice(r * 5, r * 5 + 5);
    assert.equal(w[0], 30);
    assert.ok(Math.abs(w.slice(1).reduce((a, b) => a + b, 0) - 80) < 1e-4);
    for (let k = 0; k < 5; k++) {
      assert.deepEqual(Array.from(rows.deltaT.slice((r * 5 + k) * 3, (r * 5 + k + 1) * 3)), Array.from(dts[r]!));
      assert.deepEqual(Array.from(rows.refEmbeds.slice((r * 5 + k) * 3, (r * 5 + k + 1) * 3)), Array.from(refs[r]!));
    }
  }
  assert.equal(buildLossRows(dts, refs, 0, 30, 80).count, 2);
  assert.ok(Math.abs(cosine([1, 0], [1, 1]) - Math.SQRT1_2) < 1e-12);
});

test("OKLab matches Ottosson's published values", () => {
  const close = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]!) < 2e-4);
  assert.ok(close(rgbToOklab({ r: 1, g: 1, b: 1 }), [1, 0, 0]));
  assert.ok(close(rgbToOklab({ r: 1, g: 0, b: 0 }), [0.62796, 0.22486, 0.12585]));
  assert.ok(close(rgbToOklab({ r: 0, g: 0, b: 1 }), [0.45201, -0.03246, -0.31153]));
});

test('palette projection: every output colour is a palette colour (exactly), the nearest in OKLab, alpha kept', () => {
  const colour = fc.record({
    r: fc.double({ min: 0, max: 1, noNaN: true }),
    g: fc.double({ min: 0, max: 1, noNaN: true }),
    b: fc.double({ min: 0, max: 1, noNaN: true }),
    a: fc.double({ min: 0, max: 1, noNaN: true }),
  });
  fc.assert(
    fc.property(fc.array(colour, { minLength: 1, maxLength: 6 }), fc.array(colour, { minLength: 1, maxLength: 8 }), (palette, fills) => {
      const scene = { ...blueCirclesScene(), groups: fills.map((fill, i) => ({ ...blueCirclesScene().groups[i % 3]!, fill })) };
      const out = projectSceneToPalette(scene, palette);
      const labs = palette.map(rgbToOklab);
      out.groups.forEach((g, i) => {
        const p = palette.find((q) => q.r === g.fill.r && q.g === g.fill.g && q.b === g.fill.b);
        assert.ok(p, 'a palette colour');
        assert.equal(g.fill.a, fills[i]!.a);
        const d = (q: number[]) => {
          const l = rgbToOklab(fills[i]!);
          return (q[0]! - l[0]) ** 2 + (q[1]! - l[1]) ** 2 + (q[2]! - l[2]) ** 2;
        };
        const best = Math.min(...labs.map(d));
        assert.ok(d(rgbToOklab(g.fill)) <= best + 1e-12);
        // nearestPaletteIndex against a brute-force minimum over the palette.
        assert.ok(d(labs[nearestPaletteIndex(fills[i]!, labs)]!) <= best + 1e-12);
      });
    }),
  );
});

test('mode masks and learning rates; local edit masks only groups meeting the ROI', () => {
  const s = blueCirclesScene();
  assert.deepEqual(Array.from(groupMasks(s, 'full')), [3, 3, 3]);
  assert.deepEqual(Array.from(groupMasks(s, 'shape')), [MASK_SHAPE, MASK_SHAPE, MASK_SHAPE]);
  assert.deepEqual(Array.from(groupMasks(s, 'palette')), [MASK_COLOR, MASK_COLOR, MASK_COLOR]);
  // Circles: c1 at (20,22) r13, c2 at (44,40) r15, c3 at (18,48) r8. ROI in the top-left corner meets c1 only.
  assert.deepEqual(Array.from(groupMasks(s, 'full', { x: 0, y: 0, width: 12, height: 12 })), [3, 0, 0]);
  assert.deepEqual(modeLearningRates('shape', 0.2, 0.01), { lrPoints: 0.2, lrColors: 0 });
  assert.deepEqual(modeLearningRates('color', 0.2, 0.01), { lrPoints: 0, lrColors: 0.01 });
});

test("options: the defaults are the ones docs/clipvg-method.md specifies (CLIPVG's); specific refusals", () => {
  const s = blueCirclesScene();
  const o = resolveEditOptions(s, { prompt: 'a cat' });
  // Oracle: the method document's bold figures, read from the document, not restated here.
  const method = readFileSync('docs/clipvg-method.md', 'utf8').replace(/\s+/g, ' ');
  const figure = (re: RegExp) => {
    const m = re.exec(method);
    assert.ok(m, `docs/clipvg-method.md no longer states ${re}`);
    return Number(m[1]);
  };
  assert.equal(o.iterations, figure(/\*\*(\d+) iterations\*\*/));
  assert.equal(o.patches, figure(/\*\*(\d+) patches\*\*/));
  assert.equal(o.shapeLr, figure(/\*\*shape ([\d.]+)\*\*/));
  assert.equal(o.colorLr, figure(/\*\*colour ([\d.]+)\*\*/));
  assert.equal(o.roiWeight, figure(/\*\*w_roi = ([\d.]+)\*\*/));
  assert.equal(o.patchWeight, figure(/\*\*w_patch = ([\d.]+)\*\*/));
  assert.equal(o.mode, 'full');
  assert.throws(() => resolveEditOptions(s, { prompt: 'x', mode: 'nope' as never }), /unknown edit mode "nope"/);
  assert.throws(() => resolveEditOptions(s, { prompt: 'x', onlyInsideRoi: 1 }), /onlyInsideRoi must be 0..0/);
  assert.throws(() => resolveEditOptions({ ...s, rois: [{ x: 0, y: 0, width: 4, height: 4, prompt: '' }] }, { prompt: 'x' }), /ROI 1 has an empty prompt/);
  assert.throws(() => resolveEditOptions(s, { prompt: 'x', patches: 1.5 }), /patches must be a whole number/);
});

test('render to 8-bit: clamps, rounds, NaN to 0', () => {
  const img = renderToRgba8(new Float32Array([0, 0.5, 1.2, -1, Number.NaN, 1, 0.999, 0.001]), 2, 1);
  assert.deepEqual(Array.from(img.data), [0, 128, 255, 0, 0, 255, 255, 0]);
});
