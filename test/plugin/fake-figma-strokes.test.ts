import assert from 'node:assert/strict';
import { test } from 'node:test';
import { psnr } from '../support/image-metrics.ts';
import { FakeFigma } from '../fake-figma/fake-figma.ts';
import { nodeSvgDocument, type Drawable } from '../fake-figma/fake-render.ts';
import type { FakeSceneNode } from '../fake-figma/fake-nodes.ts';
import { renderSvgWithResvg } from '../support/resvg-render.ts';

// The fake has two models of a stroke: its outlineStroke polygons (fake-stroke-outline.ts) and
// the SVG stroking it draws with (fake-render.ts, doubled and masked as strokeAlign's doc says).
// They were written independently; drawn by resvg they must agree, or the fake is no oracle.

const solid = (r: number, g: number, b: number) => ({ type: 'SOLID', color: { r, g, b }, opacity: 1 });

for (const [align, dash] of [
  ['INSIDE', []],
  ['OUTSIDE', []],
  ['CENTER', []],
  ['CENTER', [8, 6]],
  ['INSIDE', [12, 4]],
  ['OUTSIDE', [10, 6]],
  ['CENTER', [5, 5, 10]],
] as const) {
  test(`fake: outlineStroke of a ${align}${dash.length ? ` dashed [${dash}]` : ''} stroke draws like the stroke itself`, () => {
    const f = new FakeFigma();
    const r = f.createRectangle();
    r.x = 20;
    r.y = 15;
    r.resize(70, 45);
    r.fills = [];
    r.strokes = [solid(0, 0, 0)];
    r.strokeWeight = 6;
    r.strokeAlign = align;
    r.dashPattern = dash;
    const box = { x: 0, y: 0, width: 110, height: 75 };
    const drawn = renderSvgWithResvg(nodeSvgDocument(r as unknown as Drawable, f, box, 1, 'white'), 440);
    const outline = r.outlineStroke()!;
    const outlined = renderSvgWithResvg(nodeSvgDocument(outline as unknown as Drawable, f, box, 1, 'white'), 440);
    const db = psnr(drawn, outlined);
    assert.ok(db > 28, `PSNR ${db.toFixed(2)} dB`);
    (outline as unknown as FakeSceneNode).remove();
  });
}
