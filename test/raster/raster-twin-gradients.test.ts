import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reflattenedScene } from '../../src/engine/raster/allocate-lines.ts';
import type { Background } from '../../src/engine/raster/compositing.ts';
import type { PackedScene } from '../../src/engine/raster/packed-scene.ts';
import type { Scene } from '../../src/scene/scene.ts';
import { mulberry32 } from '../../src/engine/random/seeded-random.ts';
import { polygonPath, randomScene } from '../support/raster-scenes.ts';
import { centralDifference, linearLoss, packed, relativeErrors, twinGradients, twinImage } from '../support/raster-twin.ts';

// Analytic gradients of the float64 twin vs central finite differences of the same forward.

interface FdReport {
  errors: number[];
  analytic: number[];
  numeric: number[];
}

function finiteDifferences(ps: PackedScene, channels: 3 | 4, background: Background, seed: number, h = 1e-5): FdReport {
  const rand = mulberry32(seed);
  const weights = Float64Array.from({ length: ps.width * ps.height * channels }, () => rand() - 0.5);
  const { pointGrad, colorGrad } = twinGradients(ps, weights, channels, background);
  const loss = () => linearLoss(twinImage(ps, background), weights, channels);
  const analytic: number[] = [];
  const numeric: number[] = [];
  for (const [values, grads] of [
    [ps.points, pointGrad],
    [ps.colors, colorGrad],
  ] as const) {
    for (let i = 0; i < values.length; i++) {
      analytic.push(grads[i]!);
      numeric.push(centralDifference(values, i, h, loss));
    }
  }
  return { errors: relativeErrors(analytic, numeric, 1e-4), analytic, numeric };
}

function assertGradientsMatch(r: FdReport, what: string, t?: { diagnostic(m: string): void }): void {
  const sorted = [...r.errors].sort((a, b) => a - b);
  t?.diagnostic(
    `${what}: ${r.errors.length} parameters, median relative error ${sorted[sorted.length >> 1]!.toExponential(1)}, worst ${sorted[sorted.length - 1]!.toExponential(1)}`,
  );
  assert.ok(r.analytic.every(Number.isFinite), `${what}: NaN/Infinity in analytic gradients`);
  const good = r.errors.filter((e) => e <= 1e-2).length;
  assert.ok(
    good >= 0.95 * r.errors.length,
    `${what}: only ${good}/${r.errors.length} gradients within 1e-2 of finite differences (worst ${Math.max(...r.errors)})`,
  );
}

test('twin gradients match central differences on random scenes (overlaps, opaque, translucent, even-odd, off-canvas)', (t) => {
  for (const seed of [1, 2, 3]) {
    const ps = packed(randomScene(seed, 24, 20));
    assertGradientsMatch(finiteDifferences(ps, 3, 'white', 100 + seed), `seed ${seed}`, t);
  }
});

test('twin gradients match over a transparent background with an RGBA loss', (t) => {
  const ps = packed(randomScene(7, 20, 18));
  assertGradientsMatch(finiteDifferences(ps, 4, 'none', 7), 'transparent RGBA', t);
});

test('gradients through line counts recomputed from the points match central differences within one count regime', (t) => {
  // Stretched 1.4x from the upload: the counts are recomputed from these points (allocate-lines.ts).
  const base = packed(randomScene(4, 30, 26));
  const points = base.points.map((v, i) => (i % 2 ? 13 : 15) + (v - (i % 2 ? 13 : 15)) * 1.4);
  const at = reflattenedScene(base, points);
  assert.notDeepEqual(at.segLineCount, base.segLineCount, 'the counts should differ from the upload');
  const rand = mulberry32(41);
  const weights = Float64Array.from({ length: at.width * at.height * 3 }, () => rand() - 0.5);
  const { pointGrad } = twinGradients(at, weights, 3);
  const h = 1e-5;
  const analytic: number[] = [];
  const numeric: number[] = [];
  let crossed = 0;
  for (let i = 0; i < points.length; i++) {
    const moved = (d: number) =>
      reflattenedScene(
        base,
        points.map((v, k) => (k === i ? v + d : v)),
      );
    const [up, down] = [moved(h), moved(-h)];
    // A count that changes within +-h is a step in the loss, not part of its gradient.
    if (!up.segLineCount.every((n, s) => n === at.segLineCount[s] && n === down.segLineCount[s])) {
      crossed++;
      continue;
    }
    analytic.push(pointGrad[i]!);
    numeric.push((linearLoss(twinImage(up), weights, 3) - linearLoss(twinImage(down), weights, 3)) / (2 * h));
  }
  assert.ok(crossed <= points.length / 20, `${crossed} coordinates sit on a count boundary`);
  assert.ok(analytic.filter((g) => g !== 0).length >= analytic.length / 3, 'too few visible points to test');
  assertGradientsMatch({ errors: relativeErrors(analytic, numeric, 1e-4), analytic, numeric }, 'recomputed counts', t);
});

test('a vertex whose move changes only edge coverage gets the boundary gradient', () => {
  // One opaque square over white: colour is flat inside, so moving a corner changes the
  // image only through coverage of the pixels its edges cross.
  const scene: Scene = {
    width: 16,
    height: 16,
    rois: [],
    warnings: [],
    groups: [
      {
        fill: { r: 0.2, g: 0.4, b: 0.9, a: 1 },
        fillRule: 'nonzero',
        paths: [polygonPath([3.3, 2.6, 11.7, 3.1, 12.2, 12.4, 2.8, 11.9])],
        source: { kind: 'synthetic', ref: 'square' },
      },
    ],
  };
  const ps = packed(scene);
  const r = finiteDifferences(ps, 3, 'white', 3);
  assertGradientsMatch(r, 'square');
  // Corner 1 (11.7, 3.1) is point index 3: its x moves the right edge.
  const gx = r.analytic[6]!;
  assert.ok(Math.abs(gx) > 1e-3, `corner x gradient is ${gx}: boundary motion must produce gradient`);
  assert.ok(Math.abs(gx - r.numeric[6]!) <= 1e-3 * Math.abs(r.numeric[6]!), `corner x: analytic ${gx} vs numeric ${r.numeric[6]}`);
});

test('degenerate geometry renders and differentiates without NaN', () => {
  const degenerate = [
    // zero-length segments and coincident points
    { points: [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 9, 9, 9, 9, 9, 9] },
    // collinear control points (a flat cubic) closing back on itself
    { points: [1, 1, 4, 4, 7, 7, 10, 10, 7, 7, 4, 4] },
    // self-intersecting bow tie
    polygonPath([2, 2, 14, 14, 14, 2, 2, 14]),
    // wholly off canvas, left, right, above, and huge
    polygonPath([-50, 3, -40, 3, -40, 9]),
    polygonPath([60, 3, 70, 3, 70, 9]),
    polygonPath([3, -60, 9, -60, 9, -50]),
    polygonPath([-1e5, -1e5, 1e5, -1e5, 1e5, 1e5]),
  ];
  const scene: Scene = {
    width: 16,
    height: 16,
    rois: [],
    warnings: [],
    groups: degenerate.map((p, i) => ({
      fill: { r: 0.1 * i, g: 0.5, b: 1 - 0.1 * i, a: i % 2 ? 1 : 0.5 },
      fillRule: i % 3 ? 'nonzero' : 'evenodd',
      paths: [p],
      source: { kind: 'synthetic', ref: `d${i}` },
    })),
  };
  const ps = packed(scene);
  const weights = Float64Array.from({ length: 16 * 16 * 3 }, (_, i) => Math.sin(i));
  const g = twinGradients(ps, weights, 3);
  assert.ok(g.image.every(Number.isFinite), 'image has NaN');
  assert.ok(g.pointGrad.every(Number.isFinite) && g.colorGrad.every(Number.isFinite), 'gradient has NaN');
  for (const v of g.image) assert.ok(v >= -1e-9 && v <= 1 + 1e-9, `pixel value ${v} outside [0,1]`);
});
