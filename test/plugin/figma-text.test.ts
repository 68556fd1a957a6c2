import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Resvg } from '@resvg/resvg-js';
import { psnr } from '../support/image-metrics.ts';
import type { RgbaImage } from '../../src/image/rgba-image.ts';
import { readSelectionAsync } from '../../src/plugin/read-selection.ts';
import { exportSvg } from '../../src/scene/svg-export.ts';
import { fakeTextFrame, TEXT_COLOUR } from '../support/figma-text-frame.ts';
import { fontPath, loadFont, textBaseline } from '../fake-figma/fake-geometry.ts';

// A TEXT node's fill geometry (real DejaVu glyph outlines in the fake) reads back as the
// text's outlines with the text's fill. The oracle is independent of the fake's layout:
// resvg's own text engine drawing the same string from the same font file.

function render(svg: string, width: number): RgbaImage {
  const r = new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    background: 'white',
    font: { loadSystemFonts: false, fontFiles: [fontPath('DejaVu Sans')], defaultFontFamily: 'DejaVu Sans' },
  }).render();
  return { width: r.width, height: r.height, data: new Uint8ClampedArray(r.pixels) };
}

test('text reads back as its glyph outlines, filled with its colour', async () => {
  const { f, text } = fakeTextFrame({ characters: 'Figma & CLIPVG', fontSize: 36, width: 320, height: 80, x: 12, y: 8 });
  const colour = TEXT_COLOUR;
  const { scene } = await readSelectionAsync(f.api);
  assert.ok(scene);
  const glyphs = scene.groups.filter((g) => g.source.ref === text.id);
  assert.equal(glyphs.length, 1);
  assert.deepEqual(glyphs[0]!.fill, { ...colour, a: 1 });
  assert.ok(glyphs[0]!.paths.length >= 14, 'at least one contour per visible glyph');
  assert.ok(scene.warnings.some((w) => w.where.includes(text.id) && /glyph outlines/.test(w.message)));

  const baseline = 8 + textBaseline(loadFont('DejaVu Sans'), 36);
  const reference = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="80"><text x="12" y="${baseline}" font-family="DejaVu Sans" font-size="36" fill="#cc3366" style="font-kerning:none">Figma &amp; CLIPVG</text></svg>`;
  const db = psnr(render(exportSvg({ ...scene, groups: glyphs }), 320), render(reference, 320));
  assert.ok(db >= 35, `outlines vs resvg's text rendering: ${db.toFixed(1)} dB`);
});
