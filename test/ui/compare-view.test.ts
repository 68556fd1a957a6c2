import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Scene } from '../../src/scene/scene.ts';
import { isCompareKey, previewSceneOf, sideBySideScene } from '../../src/ui/compare-view.ts';

const square = (x: number, r: number): Scene => ({
  width: 32,
  height: 20,
  groups: [
    {
      fill: { r, g: 0, b: 0, a: 1 },
      fillRule: 'nonzero',
      paths: [{ points: [x, 1, x + 4, 1, x + 8, 1, x + 8, 9, x + 4, 9, x, 9] }],
      source: { kind: 'figma', ref: '1:2' },
    },
  ],
  rois: [{ x: 0, y: 0, width: 10, height: 10, prompt: 'p' }],
  warnings: [],
});

test('side by side: the source on the left, the candidate shifted right by the source width and a gap, nothing else moved', () => {
  const source = square(2, 0);
  const candidate = square(3, 1);
  const s = sideBySideScene(source, candidate);
  assert.equal(s.width, 32 + 2 + 32, 'gap of 1/16 of the width');
  assert.equal(s.height, 20);
  assert.equal(s.groups.length, 2);
  assert.deepEqual(s.groups[0], source.groups[0], 'the source as it was');
  const left = candidate.groups[0]!.paths[0]!.points;
  const right = s.groups[1]!.paths[0]!.points;
  right.forEach((v, i) => assert.equal(v, i % 2 === 0 ? left[i]! + 34 : left[i]!));
  assert.equal(s.groups[1]!.fill.r, 1);
  assert.deepEqual(s.rois, [], 'regions are not drawn');
  assert.equal(candidate.groups[0]!.paths[0]!.points[0], 3, 'inputs untouched');
});

test('the preview scene follows the view; Space and Alt are the hold keys', () => {
  const source = square(2, 0);
  const candidate = square(3, 1);
  assert.equal(previewSceneOf('original', source, candidate), source);
  assert.equal(previewSceneOf('candidate', source, candidate), candidate);
  assert.equal(previewSceneOf('side-by-side', source, candidate).width, 66);
  assert.deepEqual([' ', 'Alt', 'a', 'Enter'].map(isCompareKey), [true, true, false, false]);
});
