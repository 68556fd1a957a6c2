import type { Affine, Gradient, GradientSpread, GradientStop, Scene } from '../../src/scene/scene.ts';
import { mulberry32 } from '../../src/engine/random/seeded-random.ts';
import { randomScene } from './raster-scenes.ts';

// Small scenes whose groups are painted with linear and radial gradients, for the paint tests.

function stops(rand: () => number, n: number): GradientStop[] {
  const offsets = Array.from({ length: n }, () => 0.1 + 0.8 * rand()).sort((a, b) => a - b);
  return offsets.map((offset) => ({ offset, color: { r: rand(), g: rand(), b: rand(), a: 0.5 + 0.5 * rand() } }));
}

/** Rotation by `angle`, scale `s`, then translation (tx, ty): gradient space -> canvas. */
export function similarity(angle: number, s: number, tx: number, ty: number): Affine {
  return [s * Math.cos(angle), s * Math.sin(angle), -s * Math.sin(angle), s * Math.cos(angle), tx, ty];
}

/**
 * randomScene with gradients: group 1 linear, 2 radial with its focal point off centre, 3
 * radial with a focal radius, 4 linear with `spread`; the rest (and the background) solid.
 */
export function gradientScene(seed: number, width: number, height: number, spread: GradientSpread = 'pad'): Scene {
  const scene = randomScene(seed, width, height, 5);
  const rand = mulberry32(seed + 1000);
  const w = width;
  const h = height;
  const gradients: Gradient[] = [
    { kind: 'linear', x1: 0.2, y1: 0.3, x2: 0.8, y2: 0.6, stops: stops(rand, 3), spread: 'pad', transform: [w, 0, 0, h, 0, 0] },
    {
      kind: 'radial',
      cx: 0,
      cy: 0,
      r: 1,
      fx: 0.35,
      fy: -0.25,
      fr: 0,
      stops: stops(rand, 3),
      spread: 'pad',
      transform: similarity(0.4, 0.45 * w, 0.5 * w, 0.5 * h),
    },
    { kind: 'radial', cx: 0.5, cy: 0.5, r: 0.45, fx: 0.4, fy: 0.55, fr: 0.1, stops: stops(rand, 2), spread: 'pad', transform: [w, 0, 0.2 * h, h, 0, 0] },
    { kind: 'linear', x1: 2, y1: 3, x2: 9, y2: 5, stops: stops(rand, 3), spread, transform: similarity(-0.3, 1, 1, 2) },
  ];
  gradients.forEach((g, i) => {
    const group = scene.groups[i + 1];
    if (group) group.gradient = g;
  });
  return scene;
}
