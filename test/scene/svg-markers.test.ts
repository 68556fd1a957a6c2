import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportSvg } from '../../src/scene/svg-export.ts';
import { importSvg } from '../../src/scene/svg-import.ts';
import { markerVertices } from '../../src/scene/svg-markers.ts';
import { pathDataContours } from '../../src/scene/svg-shapes.ts';
import { renderPsnr } from './render-compare.ts';

// Markers drawn as ordinary shapes at the path's vertices, compared with resvg's own render.

const svg = (body: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">${body}</svg>`;

test('vertices: start, mids and end, with the path direction (the bisector at corners)', () => {
  const v = markerVertices(pathDataContours('M10 10 L50 10 L50 50', 'p', () => {}));
  assert.deepEqual(
    v.map((x) => [x.x, x.y, x.slot, Math.round((x.angle * 180) / Math.PI)]),
    [
      [10, 10, 'start', 0],
      [50, 10, 'mid', 45],
      [50, 50, 'end', 90],
    ],
  );
  // An arc is one command however many cubics it becomes: its start and end only (browsers agree; resvg also marks its splits).
  const arc = markerVertices(pathDataContours('M40 60 A40 30 20 1 1 150 120 L160 130', 'p', () => {}));
  assert.deepEqual(
    arc.map((x) => [x.x, x.y, x.slot]),
    [
      [40, 60, 'start'],
      [150, 120, 'mid'],
      [160, 130, 'end'],
    ],
  );
  // A closed contour: its last vertex is the start point again, both on the closing bisector.
  const closed = markerVertices(pathDataContours('M10 10 H50 V50 Z', 'p', () => {}));
  assert.equal(closed.length, 4);
  assert.deepEqual([closed[3]!.x, closed[3]!.y, closed[3]!.slot], [10, 10, 'end']);
  assert.equal(Math.round((closed[0]!.angle * 180) / Math.PI), -67);
});

const ARROW =
  '<marker id="a" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="4" markerHeight="4" orient="auto"><path d="M0 0 L10 5 L0 10 z" fill="#c30"/></marker>';

const cases: [string, string][] = [
  [
    'arrowheads (orient auto, viewBox, markerUnits strokeWidth) on a polyline',
    `${ARROW}<polyline points="15,80 40,20 85,60" fill="none" stroke="#036" stroke-width="3" marker-start="url(#a)" marker-mid="url(#a)" marker-end="url(#a)"/>`,
  ],
  [
    'marker content beyond its viewport is clipped; userSpaceOnUse and a fixed orient',
    '<marker id="m" markerUnits="userSpaceOnUse" markerWidth="20" markerHeight="12" refX="10" refY="6" orient="30"><circle cx="10" cy="6" r="12" fill="green"/></marker><path d="M20 20 H80 V80" fill="none" stroke="black" marker-mid="url(#m)" marker-end="url(#m)"/>',
  ],
  ['orient auto at the end of a curve', `${ARROW}<path d="M20 50 C40 10 60 90 80 50" fill="none" stroke="blue" marker-end="url(#a)" stroke-width="4"/>`],
];

for (const [name, body] of cases) {
  test(`markers like resvg: ${name}`, () => {
    const source = svg(body);
    const scene = importSvg(source);
    const p = renderPsnr(source, exportSvg(scene), 100);
    process.stderr.write(`# ${name}: ${p.toFixed(1)} dB\n`);
    assert.ok(p >= 40, `PSNR ${p.toFixed(2)} dB; warnings: ${JSON.stringify(scene.warnings)}`);
    assert.ok(!scene.warnings.some((w) => /marker/.test(w.message)), JSON.stringify(scene.warnings));
  });
}

test('a marker drawn inside itself is drawn once, with a warning naming it', () => {
  const scene = importSvg(
    svg(
      '<marker id="r" markerWidth="10" markerHeight="10"><path d="M0 0 H5" fill="none" stroke="red" marker-end="url(#r)"/></marker><path id="p" d="M10 10 H50" fill="none" stroke="blue" marker-end="url(#r)"/>',
    ),
  );
  assert.ok(
    scene.warnings.some((w) => /marker-end url\(#r\) is drawn inside itself/.test(w.message)),
    JSON.stringify(scene.warnings),
  );
  assert.equal(scene.groups.length, 2);
});

test('a path with neither fill nor stroke still shows its markers, as SVG specifies (browsers do; this resvg build does not)', () => {
  const scene = importSvg(svg(`${ARROW}<path d="M20 50 L80 50" fill="none" marker-start="url(#a)" marker-end="url(#a)"/>`));
  assert.equal(scene.groups.length, 2);
  assert.deepEqual(
    scene.groups.map((g) => g.source.ref),
    ['svg/path[1]/marker#a/path[1]', 'svg/path[1]/marker#a/path[1]'],
  );
});
