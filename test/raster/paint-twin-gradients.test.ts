import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Background } from '../../src/engine/raster/compositing.ts';
import { unpackScene } from '../../src/engine/raster/packed-scene.ts';
import { paintColorAt, PAINT_GEOMETRY, ROLE_UNUSED } from '../../src/engine/raster/paint.ts';
import type { GradientSpread, Scene } from '../../src/scene/scene.ts';
import { mulberry32 } from '../../src/engine/random/seeded-random.ts';
import { gradientScene } from '../support/paint-scenes.ts';
import { centralDifference, linearLoss, packed, relativeErrors, twinGradients, twinImage } from '../support/raster-twin.ts';

// dL/d(gradient paint parameters) of the float64 twin vs central finite differences of the
// same forward: stop colours and offsets, linear endpoints, radial centre, radius, focal
// point (off centre) and focal radius, with each spread.

const NAMES = { linear: ['x1', 'y1', 'x2', 'y2'], radial: ['cx', 'cy', 'r', 'fx', 'fy', 'fr'] } as const;

function paintFiniteDifferences(
  spread: GradientSpread,
  channels: 3 | 4,
  background: Background,
  seed: number,
  t: { diagnostic(m: string): void },
  edit: (s: Scene) => void = () => {},
) {
  const scene = gradientScene(seed, 26, 22, spread);
  edit(scene);
  const ps = packed(scene);
  const rand = mulberry32(seed + 7);
  const weights = Float64Array.from({ length: ps.width * ps.height * channels }, () => rand() - 0.5);
  const { paintGrad } = twinGradients(ps, weights, channels, background);
  const loss = () => linearLoss(twinImage(ps, background), weights, channels);
  const values = ps.paint.params;
  const h = 1e-6;
  const analytic: number[] = [];
  const numeric: number[] = [];
  const kinds: string[] = [];
  /** Largest |dL/d(geometry)| per group. */
  const geometryReach = new Map<number, number>();
  for (let i = 0; i < values.length; i++) {
    const role = ps.paint.role[i]! & 7;
    if (role === ROLE_UNUSED) continue;
    analytic.push(paintGrad[i]!);
    numeric.push(centralDifference(values, i, h, loss));
    const g = ps.paint.role[i]! >> 3;
    const gradient = scene.groups[g]!.gradient!;
    const local = i - ps.paint.info[g * 4 + 2]!;
    if (local < PAINT_GEOMETRY) geometryReach.set(g, Math.max(geometryReach.get(g) ?? 0, Math.abs(numeric.at(-1)!)));
    kinds.push(local < PAINT_GEOMETRY ? `${gradient.kind} ${NAMES[gradient.kind][local]}` : local % 5 === 1 ? 'offset' : 'stop colour');
  }
  const errors = relativeErrors(analytic, numeric, 1e-4);
  const byKind = new Map<string, number[]>();
  kinds.forEach((k, i) => byKind.set(k, [...(byKind.get(k) ?? []), i]));
  for (const [kind, idx] of byKind) {
    const worst = Math.max(...idx.map((i) => errors[i]!));
    const largest = Math.max(...idx.map((i) => Math.abs(numeric[i]!)));
    t.diagnostic(`${spread} ${kind}: ${idx.length} values, largest |dL/dθ| ${largest.toExponential(1)}, worst relative error ${worst.toExponential(1)}`);
    // Every kind is exercised: its gradient is not zero everywhere.
    assert.ok(largest > 1e-3, `${spread} ${kind}: finite differences are all ~0 (${largest}); the scene does not exercise it`);
    for (const i of idx) {
      assert.ok(Number.isFinite(analytic[i]!), `${spread} ${kind}: NaN`);
      assert.ok(errors[i]! <= 2e-3, `${spread} ${kind} (parameter ${i}): analytic ${analytic[i]} vs finite differences ${numeric[i]}`);
    }
  }
  return { scene, geometryReach };
}

test('gradient paint: twin derivatives match central differences (pad, RGB over white)', (t) => {
  paintFiniteDifferences('pad', 3, 'white', 1, t);
  paintFiniteDifferences('pad', 3, 'white', 2, t);
});

test('gradient paint: twin derivatives match central differences (reflect and repeat, RGBA over none)', (t) => {
  paintFiniteDifferences('reflect', 4, 'none', 3, t);
  paintFiniteDifferences('repeat', 4, 'none', 4, t);
});

test('gradient paint: twin derivatives match central differences with the focal point outside the circle (a cone, transparent outside it)', (t) => {
  const outside = (s: Scene) => {
    const g = s.groups[2]!.gradient!;
    assert.equal(g.kind, 'radial');
    if (g.kind === 'radial') Object.assign(g, { fx: 1.15, fy: 0.3, fr: 0 });
  };
  const { scene, geometryReach } = paintFiniteDifferences('pad', 3, 'white', 7, t, outside);
  t.diagnostic(`group 2 (focal point outside): largest |dL/d(geometry)| ${geometryReach.get(2)}`);
  assert.ok(geometryReach.get(2)! > 1e-2, 'the outside-focus gradient is not exercised');
  // Some of the group's pixels lie outside the cone: the paint is transparent there.
  const ps = packed(scene);
  const col = new Float64Array(4);
  let transparent = 0;
  for (let y = 0; y < 22; y++)
    for (let x = 0; x < 26; x++) {
      paintColorAt(ps.paint, ps.paint.params, ps.colors, 2, x + 0.5, y + 0.5, col);
      if (col.every((v) => v === 0)) transparent++;
    }
  assert.ok(transparent > 20 && transparent < 26 * 22 - 20, `${transparent} pixels outside the cone`);
});

test('gradient paint: a linear gradient renders its stops along its axis', () => {
  const scene = gradientScene(5, 26, 22);
  // Only the linear group, covering the canvas, opaque stops black -> white at 0 and 1.
  const g = scene.groups[1]!;
  scene.groups = [
    {
      ...scene.groups[0]!,
      gradient: {
        ...g.gradient!,
        stops: [
          { offset: 0, color: { r: 0, g: 0, b: 0, a: 1 } },
          { offset: 1, color: { r: 1, g: 1, b: 1, a: 1 } },
        ],
      },
    },
  ];
  const img = twinImage(packed(scene), 'white');
  const grad = scene.groups[0]!.gradient!;
  assert.equal(grad.kind, 'linear');
  if (grad.kind !== 'linear') return;
  // The axis runs (0.2, 0.3) -> (0.8, 0.6) in gradient space, which the transform scales by (w, h).
  const [ax, ay, bx, by] = [0.2, 0.3, 0.8, 0.6];
  for (const [px, py] of [
    [3, 4],
    [13, 11],
    [20, 15],
    [25, 21],
  ] as const) {
    const t = (((px + 0.5) / 26 - ax) * (bx - ax) + ((py + 0.5) / 22 - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2);
    assert.ok(Math.abs(img[(py * 26 + px) * 4]! - Math.min(1, Math.max(0, t))) < 1e-9, `pixel ${px},${py}`);
  }
});

test('gradient paint: a singular transform (a bounding box of zero height) paints the fill and comes back unchanged', () => {
  const scene = gradientScene(6, 20, 16);
  const g = scene.groups[1]!;
  g.gradient = { ...g.gradient!, transform: [20, 0, 0, 0, 0, 3] };
  const ps = packed(scene);
  const solid = gradientScene(6, 20, 16);
  delete solid.groups[1]!.gradient;
  assert.deepEqual(twinImage(ps), twinImage(packed(solid)), 'the group is not drawn with its fill');
  const back = unpackScene(scene, ps, ps.points, ps.colors, ps.paint.params);
  assert.deepEqual(back.groups[1]!.gradient, g.gradient);
  assert.deepEqual(back.groups[2]!.gradient, scene.groups[2]!.gradient, 'the other gradients come back');
});
