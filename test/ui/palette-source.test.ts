import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Scene } from '../../src/scene/scene.ts';
import { selectionColours, toHex } from '../../src/ui/palette-source.ts';

test('toHex writes alpha only when a colour is translucent', () => {
  assert.equal(toHex({ r: 1, g: 0, b: 0, a: 1 }), '#ff0000');
  assert.equal(toHex({ r: 0, g: 0, b: 1, a: 0x80 / 255 }), '#0000ff80');
});

test('selection colours: distinct fills, most used first', () => {
  const g = (r: number) => ({ fill: { r, g: 0, b: 0, a: 1 }, fillRule: 'nonzero' as const, paths: [], source: { kind: 'synthetic' as const, ref: String(r) } });
  const scene: Scene = { width: 1, height: 1, groups: [g(0.2), g(0.5), g(0.5), g(1), g(0.5), g(1)], rois: [], warnings: [] };
  assert.deepEqual(
    selectionColours(scene).map((c) => c.r),
    [0.5, 1, 0.2],
  );
});
