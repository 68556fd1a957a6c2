import { test } from 'node:test';
import assert from 'node:assert/strict';
import { outlineStroke, type StrokeStyle } from '../../src/scene/svg-stroke.ts';
import { pathDataContours } from '../../src/scene/svg-shapes.ts';
import type { SubPath } from '../../src/scene/scene.ts';

// Where the outline pieces tile the stroke (no overlaps, no gaps), the sum of their signed
// areas equals the stroke's area, which we know in closed form for these shapes.

function signedArea(p: SubPath): number {
  const pts = p.points;
  const n = pts.length / 2;
  let a = 0;
  let px = pts[0]!,
    py = pts[1]!;
  for (let i = 0; i < n; i += 3) {
    const x0 = pts[2 * i]!,
      y0 = pts[2 * i + 1]!;
    const x1 = pts[2 * i + 2]!,
      y1 = pts[2 * i + 3]!,
      x2 = pts[2 * i + 4]!,
      y2 = pts[2 * i + 5]!;
    const e = (i + 3) % n;
    const x3 = pts[2 * e]!,
      y3 = pts[2 * e + 1]!;
    for (let k = 1; k <= 64; k++) {
      const t = k / 64,
        u = 1 - t;
      const x = u * u * u * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t * t * t * x3;
      const y = u * u * u * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * y3;
      a += px * y - x * py;
      px = x;
      py = y;
    }
  }
  return a / 2;
}

function outlineArea(d: string, style: Partial<StrokeStyle>): { area: number; pieces: SubPath[] } {
  const pieces = outlineStroke(pathDataContours(d, 'test', assert.fail), { width: 10, join: 'miter', cap: 'butt', miterLimit: 4, tolerance: 0.01, ...style });
  for (const p of pieces) assert.ok(signedArea(p) > 0, 'every piece is wound the same (positive) way');
  return { area: pieces.reduce((s, p) => s + signedArea(p), 0), pieces };
}

const near = (got: number, want: number, rel: number) => assert.ok(Math.abs(got - want) <= rel * want, `${got} vs ${want}`);

test('a straight segment: length x width, plus its caps', () => {
  near(outlineArea('M0 0 L100 0', {}).area, 1000, 1e-9);
  near(outlineArea('M0 0 L100 0', { cap: 'square' }).area, 1100, 1e-9);
  // Arcs are chords within the 0.01 tolerance: about (2/3) x 0.01 x arc length of area is lost.
  near(outlineArea('M0 0 L100 0', { cap: 'round' }).area, 1000 + Math.PI * 25, 3e-4);
});

test('a right-angle corner: miter, bevel and round joins add their exact outer pieces', () => {
  near(outlineArea('M0 0 L100 0 L100 100', {}).area, 2000, 1e-9);
  near(outlineArea('M0 0 L100 0 L100 100', { join: 'bevel' }).area, 2000 - 12.5, 1e-9);
  near(outlineArea('M0 0 L100 0 L100 100', { join: 'round' }).area, 2000 - 25 + (Math.PI * 25) / 4, 1e-4);
  // Miter limit 1.4 < sqrt(2): the corner falls back to a bevel, as SVG specifies.
  near(outlineArea('M0 0 L100 0 L100 100', { miterLimit: 1.4 }).area, 2000 - 12.5, 1e-9);
});

test('closed shapes: a square ring and a circular ring', () => {
  near(outlineArea('M0 0 H100 V100 H0 Z', {}).area, 110 * 110 - 90 * 90, 1e-9);
  const ring = outlineArea('M50 0 A50 50 0 1 1 50 100 A50 50 0 1 1 50 0 Z', {});
  // Overlapping pieces at the inner side would add about pi h^2 (2.5%); tiling keeps the sum exact.
  near(ring.area, Math.PI * (55 * 55 - 45 * 45), 3e-4);
});

test('a thick stroke on a tight curve still covers the stroke (overlaps allowed there) and stays positive', () => {
  const { area } = outlineArea('M0 0 C0 -20 5 -20 5 0', { width: 30 });
  // The stroke covers at least the disc swept at the apex region and no more than its bounding box.
  assert.ok(area >= Math.PI * 15 * 15 * 0.9, `${area}`);
});
