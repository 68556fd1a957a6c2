import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportSvg, subPathsToD } from '../../src/scene/svg-export.ts';
import { PathBuilder } from '../../src/scene/path-builder.ts';
import { emptyScene, type Scene } from '../../src/scene/scene.ts';
import { SceneValidationError } from '../../src/scene/scene-validate.ts';
import { renderSvgWithResvg } from '../support/resvg-render.ts';

function squareScene(): Scene {
  const s = emptyScene(20, 10);
  const b = new PathBuilder();
  b.moveTo(2, 2);
  b.lineTo(8, 2);
  b.lineTo(8, 8);
  b.lineTo(2, 8);
  b.close();
  s.groups.push({ fill: { r: 1, g: 0, b: 0, a: 0.5 }, fillRule: 'evenodd', paths: b.build(), source: { kind: 'synthetic', ref: 'a<b>"c"&d' } });
  return s;
}

test('exportSvg writes absolute M/C/Z, hex fill, fill-opacity, fill-rule and escaped provenance', () => {
  const svg = exportSvg(squareScene());
  assert.match(svg, /width="20" height="10" viewBox="0 0 20 10"/);
  assert.match(svg, /d="M2 2C4 2 6 2 8 2C8 4 8 6 8 8C6 8 4 8 2 8C2 6 2 4 2 2Z"/);
  assert.match(svg, /fill="#ff0000" fill-opacity="0.5" fill-rule="evenodd"/);
  assert.match(svg, /data-source="synthetic:a&lt;b&gt;&quot;c&quot;&amp;d"/);
});

test('the exported SVG renders where the scene says (resvg, independent)', () => {
  const img = renderSvgWithResvg(exportSvg(squareScene()), 20);
  const px = (x: number, y: number) => Array.from(img.data.slice((y * 20 + x) * 4, (y * 20 + x) * 4 + 4));
  const inside = px(5, 5); // half-transparent red over white
  assert.equal(inside[0], 255);
  assert.ok(Math.abs(inside[1]! - 127.5) <= 1 && Math.abs(inside[2]! - 127.5) <= 1, `got ${inside}`);
  assert.deepEqual(px(15, 5), [255, 255, 255, 255]);
});

test('subPathsToD keeps sub-paths separate and rounds to 1e-4 px', () => {
  const d = subPathsToD([{ points: [0.123456, -0.00001, 1, 1, 2, 2] }, { points: [5, 5, 6, 6, 7, 7] }]);
  assert.equal(d, 'M0.1235 0C1 1 2 2 0.1235 0ZM5 5C6 6 7 7 5 5Z');
});

test('exportSvg refuses NaN and Infinity with the place named', () => {
  const s = squareScene();
  s.groups[0]!.paths[0]!.points[3] = Number.NaN;
  assert.throws(
    () => exportSvg(s),
    (e: unknown) => e instanceof SceneValidationError && /sub-path 0: coordinate y of point 1 is NaN/.test(e.message),
  );
  const t = squareScene();
  t.width = Infinity;
  assert.throws(() => exportSvg(t), SceneValidationError);
});
