import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Gradient, Scene } from '../../src/scene/scene.ts';
import { SceneValidationError, validateScene } from '../../src/scene/scene-validate.ts';
import { sceneCheck } from '../../src/protocol/validate-message.ts';
import { ProtocolError } from '../../src/protocol/check.ts';

const red = { r: 1, g: 0, b: 0, a: 1 };
const blue = { r: 0, g: 0, b: 1, a: 1 };

function sceneWith(gradient: Gradient): Scene {
  return {
    width: 10,
    height: 10,
    groups: [
      { fill: red, gradient, fillRule: 'nonzero', paths: [{ points: [0, 0, 5, 0, 10, 0, 10, 10, 5, 10, 0, 10] }], source: { kind: 'synthetic', ref: 'g' } },
    ],
    rois: [],
    warnings: [],
  };
}

const linear = (): Gradient => ({
  kind: 'linear',
  x1: 0,
  y1: 0,
  x2: 10,
  y2: 0,
  stops: [
    { offset: 0, color: red },
    { offset: 1, color: blue },
  ],
  spread: 'pad',
  transform: [1, 0, 0, 1, 0, 0],
});

test('a well-formed gradient passes both the model check and the message check', () => {
  validateScene(sceneWith(linear()));
  const radial: Gradient = { kind: 'radial', cx: 5, cy: 5, r: 5, fx: 4, fy: 4, fr: 0, stops: linear().stops, spread: 'reflect', transform: [2, 0, 0, 1, 0, 0] };
  sceneCheck(structuredClone(sceneWith(radial)), 'scene');
});

test('decreasing stop offsets, a negative radius, a bad transform and no stops are refused with where they are', () => {
  const g1 = linear();
  g1.stops[1]!.offset = -0.5;
  assert.throws(
    () => validateScene(sceneWith(g1)),
    (e: Error) => e instanceof SceneValidationError && /stop 1 offset -0.5/.test(e.message),
  );
  const g2: Gradient = { kind: 'radial', cx: 5, cy: 5, r: -1, fx: 5, fy: 5, fr: 0, stops: linear().stops, spread: 'pad', transform: [1, 0, 0, 1, 0, 0] };
  assert.throws(() => validateScene(sceneWith(g2)), /radii r=-1/);
  const g3 = linear();
  g3.transform = [1, 0, 0, Number.NaN, 0, 0];
  assert.throws(() => validateScene(sceneWith(g3)), /transform/);
  const g4 = linear();
  g4.stops = [];
  assert.throws(() => validateScene(sceneWith(g4)), /no stops/);
  const g5 = linear();
  g5.stops[0]!.color = { r: 2, g: 0, b: 0, a: 1 };
  assert.throws(
    () => sceneCheck(sceneWith(g5), 'scene'),
    (e: Error) => e instanceof ProtocolError && /stop 0 colour channel r is 2/.test(e.message),
  );
  const g6 = { ...linear(), x2: 'far' } as unknown as Gradient;
  assert.throws(() => sceneCheck(sceneWith(g6), 'scene'), /scene\.groups\[0\]\.gradient\.x2/);
});
