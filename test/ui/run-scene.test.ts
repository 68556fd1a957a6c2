import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PromptFrame } from '../../src/protocol/protocol.ts';
import type { Scene } from '../../src/scene/scene.ts';
import { buildRunScene, placeVectorisedImage } from '../../src/ui/run-scene.ts';

const root: PromptFrame = { nodeId: '1:1', name: 'Poster', x: 0, y: 0, width: 200, height: 100, prompt: 'stored prompt', isRoot: true };
const face: PromptFrame = { nodeId: '1:2', name: 'Face', x: 10, y: 10, width: 50, height: 40, prompt: 'a smile', isRoot: false };
const hat: PromptFrame = { nodeId: '1:3', name: 'Hat', x: 100, y: 0, width: 50, height: 20, prompt: '', isRoot: false };

const base: Scene = {
  width: 200,
  height: 100,
  groups: [
    {
      fill: { r: 0, g: 0, b: 1, a: 1 },
      fillRule: 'nonzero',
      paths: [{ points: [0, 0, 10, 0, 10, 10, 0, 10, 0, 5, 0, 2] }],
      source: { kind: 'figma', ref: '1:9' },
    },
  ],
  rois: [
    { x: 10, y: 10, width: 50, height: 40, prompt: 'a smile', source: { kind: 'figma', ref: '1:2', name: 'Face' } },
    { x: 100, y: 0, width: 50, height: 20, prompt: '', source: { kind: 'figma', ref: '1:3', name: 'Hat' } },
  ],
  warnings: [],
};

test('prompts typed in the UI win over stored ones; regions without a prompt are left out and named', () => {
  const r = buildRunScene(base, [root, face, hat], { '1:1': '  a red poster ', '1:2': 'a frown' });
  assert.equal(r.prompt, 'a red poster');
  assert.deepEqual(
    r.scene.rois.map((x) => x.prompt),
    ['a frown'],
  );
  assert.deepEqual(r.skippedFrames, ['Hat']);
  assert.equal(base.rois[0]!.prompt, 'a smile', 'the selection scene is not modified');
  const typedHat = buildRunScene(base, [root, face, hat], { '1:3': 'a crown' });
  assert.equal(typedHat.prompt, 'stored prompt');
  assert.deepEqual(
    typedHat.scene.rois.map((x) => x.prompt),
    ['a smile', 'a crown'],
  );
});

test('vectorised images are mapped onto the image box and stacked under the vector layers', () => {
  const imageScene: Scene = {
    width: 64,
    height: 32,
    groups: [
      {
        fill: { r: 1, g: 0, b: 0, a: 1 },
        fillRule: 'nonzero',
        paths: [{ points: [0, 0, 64, 0, 64, 32, 0, 32, 0, 16, 0, 8] }],
        source: { kind: 'vectorize', ref: 'round-1', name: 'r1' },
      },
    ],
    rois: [],
    warnings: [],
  };
  const img = { source: { nodeId: '1:5', name: 'Photo', x: 20, y: 30, width: 128, height: 48 }, scene: imageScene };
  const placed = placeVectorisedImage(img);
  // (0,0) -> box corner; (64,32) -> opposite corner; x and y scale independently.
  assert.deepEqual(placed[0]!.paths[0]!.points, [20, 30, 148, 30, 148, 78, 20, 78, 20, 54, 20, 42]);
  assert.equal(placed[0]!.source.kind, 'vectorize');
  assert.match(placed[0]!.source.ref, /^1:5\//);
  const r = buildRunScene(base, [root], {}, [img]);
  assert.equal(r.scene.groups.length, 2);
  assert.equal(r.scene.groups[0]!.source.kind, 'vectorize', 'image vectors at the bottom');
  assert.equal(r.scene.groups[1], base.groups[0]);
});

test('a vectorised image goes through its placement (rotated node) and back in at its layer index', () => {
  const imageScene: Scene = {
    width: 10,
    height: 20,
    groups: [
      {
        fill: { r: 1, g: 0, b: 0, a: 1 },
        fillRule: 'nonzero',
        paths: [{ points: [0, 0, 10, 0, 10, 20, 0, 20, 0, 10, 5, 5] }],
        source: { kind: 'vectorize', ref: 'round-1' },
      },
    ],
    rois: [],
    warnings: [],
  };
  // Unit square -> a 40 x 30 node turned 90 degrees, its origin at (100, 10).
  const placement: [[number, number, number], [number, number, number]] = [
    [0, -30, 100],
    [40, 0, 10],
  ];
  const img = { source: { nodeId: '1:5', name: 'Photo', x: 70, y: 10, width: 30, height: 40, placement, groupIndex: 1 }, scene: imageScene };
  const [g] = placeVectorisedImage(img);
  // Vectoriser (x, y) -> unit (x/10, y/20) -> (100 - 30 v, 10 + 40 u).
  assert.deepEqual(g!.paths[0]!.points, [100, 10, 100, 50, 70, 50, 70, 10, 85, 10, 92.5, 30]);
  const two: Scene = { ...base, groups: [base.groups[0]!, { ...base.groups[0]!, source: { kind: 'figma', ref: '1:10' } }] };
  const r = buildRunScene(two, [root], {}, [img]);
  assert.deepEqual(
    r.scene.groups.map((x) => x.source.ref),
    ['1:9', '1:5/round-1', '1:10'],
    'above the frame background it was drawn over, under the layers drawn over it',
  );
});
