import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clipSubPathsToConvex } from '../../src/scene/clip-convex.ts';
import { exportSvg } from '../../src/scene/svg-export.ts';
import { importSvg } from '../../src/scene/svg-import.ts';
import { pathArea as area } from '../support/path-area.ts';
import { renderPsnr } from './render-compare.ts';

// Nested viewports (<svg>, <symbol> through <use>) clip what they draw; the scene holds the
// clipped outlines, compared here with resvg's own render of the source.

const svg = (body: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">${body}</svg>`;

test('a circle clipped to a square through its centre keeps a quarter of its area, in either clip orientation', () => {
  const circle = importSvg(svg('<circle cx="50" cy="50" r="30"/>')).groups[0]!.paths;
  for (const clip of [
    [50, 50, 100, 50, 100, 100, 50, 100],
    [50, 50, 50, 100, 100, 100, 100, 50],
  ]) {
    const out = clipSubPathsToConvex(circle, clip);
    assert.equal(out.length, 1);
    const want = (Math.PI * 30 * 30) / 4;
    assert.ok(Math.abs(area(out[0]!.points) - want) < want * 1e-3, `${area(out[0]!.points)} vs ${want}`);
    for (let i = 0; i < out[0]!.points.length; i += 2) assert.ok(out[0]!.points[i]! >= 50 - 1e-9 && out[0]!.points[i + 1]! >= 50 - 1e-9);
  }
  assert.deepEqual(clipSubPathsToConvex(circle, [0, 0, 100, 0, 100, 100, 0, 100]), circle);
  assert.deepEqual(clipSubPathsToConvex(circle, [90, 90, 100, 90, 100, 100, 90, 100]), []);
});

const cases: [string, string][] = [
  [
    'nested <svg> with a viewBox, content crossing it',
    '<svg x="20" y="10" width="50" height="60" viewBox="0 0 10 10"><circle cx="5" cy="5" r="7" fill="green"/></svg>',
  ],
  [
    'a rotated nested <svg> with an even-odd ring crossing two sides',
    '<g transform="rotate(30 50 50)"><svg x="25" y="25" width="50" height="50"><path fill-rule="evenodd" fill="#36c" d="M-10 -10h60v60h-60z M10 10h20v20h-20z"/></svg></g>',
  ],
  [
    '<use> of a <symbol> with a custom size, stroked content',
    '<symbol id="s" viewBox="0 0 20 20"><rect x="-5" y="5" width="30" height="10" fill="gold" stroke="black" stroke-width="3"/></symbol><use href="#s" x="10" y="10" width="60" height="80"/>',
  ],
  [
    'two nested <svg> viewports, the inner one partly outside the outer',
    '<svg x="10" y="10" width="60" height="60"><svg x="30" y="30" width="60" height="60"><rect width="60" height="60" fill="purple"/></svg></svg>',
  ],
];

for (const [name, body] of cases) {
  test(`clipped like resvg: ${name}`, () => {
    const source = svg(body);
    const scene = importSvg(source);
    const p = renderPsnr(source, exportSvg(scene), 100);
    assert.ok(p >= 40, `PSNR ${p.toFixed(2)} dB; warnings: ${JSON.stringify(scene.warnings)}`);
  });
}
