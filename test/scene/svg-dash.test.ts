import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dashContours } from '../../src/scene/svg-dash.ts';
import { exportSvg } from '../../src/scene/svg-export.ts';
import { importSvg } from '../../src/scene/svg-import.ts';
import { renderPsnr } from './render-compare.ts';

// stroke-dasharray and stroke-dashoffset: contours cut into dashes, then outlined; compared
// with resvg's own render of the dashed source.

const svg = (body: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">${body}</svg>`;

/** A straight open contour from (x0, y0) to (x1, y1) as one cubic. */
const line = (x0: number, y0: number, x1: number, y1: number) => ({
  pts: [x0, y0, x0 + (x1 - x0) / 3, y0 + (y1 - y0) / 3, x0 + ((x1 - x0) * 2) / 3, y0 + ((y1 - y0) * 2) / 3, x1, y1],
  closed: false,
});

test('a line of length 100 under "10 20" offset 5: dashes at [0,5], [25,35], [55,65], [85,95]', () => {
  const dashes = dashContours([line(0, 0, 100, 0)], [10, 20], 5);
  const spans = dashes.map((d) => [d.pts[0]!, d.pts.at(-2)!].map((v) => Math.round(v * 1e6) / 1e6));
  assert.deepEqual(spans, [
    [0, 5],
    [25, 35],
    [55, 65],
    [85, 95],
  ]);
  // An odd count repeats: "10" is "10 10"; a negative offset runs the pattern backwards.
  assert.deepEqual(
    dashContours([line(0, 0, 40, 0)], [10], -5).map((d) => [d.pts[0]!, d.pts.at(-2)!].map((v) => Math.round(v * 1e6) / 1e6)),
    [
      [5, 15],
      [25, 35],
    ],
  );
});

const cases: [string, string][] = [
  ['a circle, odd count', '<circle cx="50" cy="50" r="35" fill="none" stroke="#c30" stroke-width="8" stroke-dasharray="10 6 3"/>'],
  [
    'a rect with an offset in %, miter joins across corners',
    '<rect x="15" y="15" width="70" height="70" fill="none" stroke="#036" stroke-width="10" stroke-dasharray="50 10" stroke-dashoffset="10%"/>',
  ],
  [
    'zero-length dashes with round caps (dots)',
    '<path d="M10 20 H90 Q90 80 30 80" fill="none" stroke="green" stroke-width="10" stroke-linecap="round" stroke-dasharray="0 15"/>',
  ],
  [
    'a negative length: drawn solid, as SVG specifies',
    '<rect x="15" y="15" width="70" height="70" fill="none" stroke="#036" stroke-width="10" stroke-dasharray="20 -5"/>',
  ],
];

for (const [name, body] of cases) {
  test(`dashed like resvg: ${name}`, () => {
    const source = svg(body);
    const scene = importSvg(source);
    const p = renderPsnr(source, exportSvg(scene), 100);
    process.stderr.write(`# ${name}: ${p.toFixed(1)} dB\n`);
    assert.ok(p >= 35, `PSNR ${p.toFixed(2)} dB; warnings: ${JSON.stringify(scene.warnings)}`);
    assert.ok(!scene.warnings.some((w) => /dasharray/.test(w.message)));
  });
}

test('a pattern that would cut the path into too many dashes leaves it solid, with a warning', () => {
  const scene = importSvg(svg('<path d="M0 50 H100" fill="none" stroke="black" stroke-width="4" stroke-dasharray="0.001"/>'));
  assert.equal(scene.groups.length, 1);
  assert.equal(scene.groups[0]!.paths.length, 1);
  assert.match(
    scene.warnings.map((w) => w.message).join('\n'),
    /stroke-dasharray 0\.001 would cut the path into about 50000 dashes \(more than 20000\); the stroke is drawn solid/,
  );
});
