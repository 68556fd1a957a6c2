import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Scene } from '../../src/scene/scene.ts';
import { exportSvg } from '../../src/scene/svg-export.ts';
import { importSvg } from '../../src/scene/svg-import.ts';
import { renderPsnr } from './render-compare.ts';

// clip-path with a <clipPath> of any shape (issue 18: resvg's masking/clipPath tests): the
// shapes are cut to the region, so the scene renders as resvg renders the source.

const svg = (body: string) => `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 200 200">${body}</svg>`;
const warningsOf = (scene: Scene) => scene.warnings.map((w) => `${w.where}: ${w.message}`).join('\n');
const STAR = 'M 100 15 l 50 160 l -130 -100 l 160 0 l -130 100 z';

function assertRendersLikeSource(source: string): Scene {
  const scene = importSvg(source);
  const db = renderPsnr(source, exportSvg(scene), 100);
  assert.ok(db >= 40, `${db.toFixed(1)} dB\n${warningsOf(scene)}`);
  return scene;
}

test('a non-convex clip (a star, either clip-rule) cuts fills and strokes of a group', () => {
  for (const rule of ['nonzero', 'evenodd']) {
    const s = assertRendersLikeSource(
      svg(
        `<clipPath id="c"><path d="${STAR}" clip-rule="${rule}"/></clipPath>` +
          '<g clip-path="url(#c)"><rect width="200" height="120" fill="green"/><circle cx="100" cy="140" r="50" fill="blue" stroke="black" stroke-width="8"/></g>',
      ),
    );
    assert.match(warningsOf(s), /^svg\/g\[1\]: clip-path url\(#c\) applied by cutting \d+ sub-paths into \d+ pieces along the clip outline$/m);
  }
});

test('clipPathUnits, transforms on the clipPath and its children, <use> children and a clipPath clipped in turn', () => {
  assertRendersLikeSource(
    svg(
      '<clipPath id="b" clipPathUnits="objectBoundingBox" transform="rotate(10 0.5 0.5)"><circle cx="0.5" cy="0.5" r="0.45"/><rect x="0" y="0" width="0.3" height="0.3" transform="skewX(10)"/></clipPath>' +
        '<rect x="30" y="40" width="140" height="100" fill="green" transform="rotate(-5 100 100)" clip-path="url(#b)"/>',
    ),
  );
  assertRendersLikeSource(
    svg(
      `<defs><path id="star" d="${STAR}"/></defs><clipPath id="outer"><rect x="60" y="0" width="200" height="200"/></clipPath>` +
        '<clipPath id="c" clip-path="url(#outer)"><use xlink:href="#star" x="5"/></clipPath>' +
        '<rect width="200" height="200" fill="green" clip-path="url(#c)"/>',
    ),
  );
});

test('what a clip region cannot hold is named: text children, clip-path on children, cycles, bad references', () => {
  const s = importSvg(
    svg(
      '<clipPath id="t"><text x="10" y="50">Hi</text><rect width="50" height="50" clip-path="url(#t)"/></clipPath>' +
        '<clipPath id="self" clip-path="url(#self)"><rect width="50" height="50"/></clipPath>' +
        '<rect width="100" height="100" clip-path="url(#t)"/><rect width="100" height="100" clip-path="url(#self)"/>' +
        '<rect width="100" height="100" clip-path="url(#nothing)"/><rect width="100" height="100" clip-path="circle(40%)"/>',
    ),
  );
  const w = warningsOf(s);
  assert.match(w, /svg\/rect\[1\] \(clip-path child text\[1\]\): text in a <clipPath> is not converted to outlines; it clips nothing/);
  assert.match(w, /svg\/rect\[1\] \(clip-path child rect\[2\]\): clip-path url\(#t\) refers back to a clipPath it is part of; the cycle is not followed/);
  assert.match(w, /svg\/rect\[2\]: clip-path url\(#self\) refers to itself through its own clip-path; the cycle is not followed/);
  assert.match(w, /svg\/rect\[3\]: clip-path url\(#nothing\) refers to nothing in this file; drawn unclipped/);
  assert.match(w, /svg\/rect\[4\]: clip-path 'circle\(40%\)' is not a url\(#id\) reference \(basic shapes are not supported\); drawn unclipped/);
  // The first rect is clipped to the 50x50 rect (the text adds nothing, the child's own cycle is cut), the second by its clipPath once.
  assert.equal(s.groups.length, 4);
});

test('a convex clip (a circle) clips in one piece: no seams to warn about', () => {
  const s = assertRendersLikeSource(
    svg(
      '<clipPath id="c"><circle cx="100" cy="100" r="70"/></clipPath><g clip-path="url(#c)"><rect width="200" height="120" fill="green"/><rect y="120" width="200" height="80" fill="blue"/></g>',
    ),
  );
  assert.doesNotMatch(warningsOf(s), /clip/);
  assert.equal(
    s.groups.reduce((n, g) => n + g.paths.length, 0),
    2,
  );
});

test('a child of a clipPath clipped in turn by another clipPath: the two regions intersect', () => {
  assertRendersLikeSource(
    svg(
      `<clipPath id="inner"><circle cx="100" cy="100" r="60"/></clipPath><clipPath id="c"><path d="${STAR}" clip-path="url(#inner)" transform="rotate(20 100 100)"/><rect width="40" height="40"/></clipPath>` +
        '<rect width="200" height="200" fill="green" clip-path="url(#c)"/>',
    ),
  );
  const s = importSvg(
    svg(
      '<clipPath id="c"><rect width="50" height="50" clip-path="url(#none)"/><rect x="100" width="50" height="50"/></clipPath><rect width="200" height="200" clip-path="url(#c)"/>',
    ),
  );
  assert.match(warningsOf(s), /clip-path url\(#none\) refers to nothing in this file; this child clips nothing, as resvg does/);
  const xs = s.groups.flatMap((g) => g.paths.flatMap((p) => p.points.filter((_, i) => i % 2 === 0)));
  assert.deepEqual([Math.min(...xs), Math.max(...xs)], [100, 150]);
});
