import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Scene } from '../../src/scene/scene.ts';
import { parseHexPalette, selectionColours, toHex } from '../../src/ui/palette-source.ts';

test('hex palettes: short, long and alpha forms, any separator; bad items are named', () => {
  const p = parseHexPalette('#f00, 00ff00  #0000ff80;#ABC');
  assert.ok(p.ok);
  assert.deepEqual(p.colours.map(toHex), ['#ff0000', '#00ff00', '#0000ff80', '#aabbcc']);
  assert.equal(p.colours[2]!.a, 0x80 / 255);
  const bad = parseHexPalette('#f00, #12345');
  assert.ok(!bad.ok);
  assert.match(bad.error, /"#12345" is not a hex colour/);
  assert.ok(!parseHexPalette('  ').ok);
});

test('selection colours: distinct fills, most used first', () => {
  const g = (r: number) => ({ fill: { r, g: 0, b: 0, a: 1 }, fillRule: 'nonzero' as const, paths: [], source: { kind: 'synthetic' as const, ref: String(r) } });
  const scene: Scene = { width: 1, height: 1, groups: [g(0.2), g(0.5), g(0.5), g(1), g(0.5), g(1)], rois: [], warnings: [] };
  assert.deepEqual(selectionColours(scene).map((c) => c.r), [0.5, 1, 0.2]);
});
