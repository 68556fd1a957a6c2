import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_VARIATIONS } from '../../src/engine/edit/edit-types.ts';
import { resolveEditOptions } from '../../src/engine/edit/resolve-edit-options.ts';
import type { PromptFrame, SelectionInfo } from '../../src/protocol/protocol.ts';
import type { Scene, ShapeGroup } from '../../src/scene/scene.ts';
import { iconSetItems, initialSetPrompt, type IconSet } from '../../src/ui/icon-set.ts';
import { editOptionsOf, iterationsAtStrength, variationSeeds } from '../../src/ui/run-options.ts';
import { buildRunScene, type VectorisedImage } from '../../src/ui/run-scene.ts';

const group = (ref: string): ShapeGroup => ({
  fill: { r: 0, g: 0, b: 1, a: 1 },
  fillRule: 'nonzero',
  paths: [{ points: [0, 0, 4, 0, 8, 0, 8, 8, 4, 8, 0, 8] }],
  source: { kind: 'figma', ref },
});
const sceneOf = (refs: string[]): Scene => ({ width: 16, height: 16, groups: refs.map(group), rois: [], warnings: [] });
const base = { mode: 'full' as const, iterations: 10, patches: 2, strength: 0.5, referenceWeight: 0.3 };

test('options: strength and locks pass through; the reference weight only with both a picture and a prompt', () => {
  const plain = editOptionsOf({ ...base, prompt: ' a red circle ', frozenGroups: [] });
  assert.deepEqual(plain, { prompt: 'a red circle', mode: 'full', iterations: 10, patches: 2, strength: 0.5 });
  const png = new Uint8Array([137, 80, 78, 71]);
  const both = editOptionsOf({ ...base, prompt: 'a red circle', reference: png, frozenGroups: [1] });
  assert.equal(both.referenceImage, png);
  assert.equal(both.referenceWeight, 0.3);
  assert.deepEqual(both.frozenGroups, [1]);
  const pictureOnly = editOptionsOf({ ...base, prompt: '', reference: png });
  assert.equal(pictureOnly.referenceWeight, undefined, 'the engine refuses a weight without a prompt to blend with');
  assert.equal(editOptionsOf({ ...base, prompt: 'x', strength: 3 }).strength, 1);
  // What the window sends is what the engine accepts.
  const resolved = resolveEditOptions(sceneOf(['a', 'b']), both);
  assert.deepEqual(resolved.frozenGroups, [1]);
  assert.equal(resolved.iterations, iterationsAtStrength(10, 0.5));
});

test('strength scales the iterations as the engine does; variation seeds are 0..k-1, k clamped to 1..MAX_VARIATIONS', () => {
  assert.deepEqual(
    [0, 0.5, 1].map((s) => iterationsAtStrength(150, s)),
    [75, 150, 300],
  );
  for (const s of [0, 0.25, 0.5, 0.8, 1])
    assert.equal(iterationsAtStrength(7, s), resolveEditOptions(sceneOf(['a']), { prompt: 'x', iterations: 7, strength: s }).iterations);
  assert.deepEqual(variationSeeds(3), [0, 1, 2]);
  assert.equal(variationSeeds(99).length, MAX_VARIATIONS);
  assert.deepEqual(variationSeeds(0), [0]);
});

test('locked groups follow their layers when vectorised images are inserted below them', () => {
  const scene = sceneOf(['bg', 'locked', 'free']);
  const img: VectorisedImage = {
    source: { nodeId: '9:9', name: 'Photo', x: 0, y: 0, width: 16, height: 16, groupIndex: 1 },
    scene: { width: 8, height: 8, groups: [group('v0'), group('v1')], rois: [], warnings: [] },
  };
  const r = buildRunScene(scene, [], {}, [img], [1]);
  assert.deepEqual(
    r.scene.groups.map((g) => g.source.ref),
    ['bg', '9:9/v0', '9:9/v1', 'locked', 'free'],
  );
  assert.deepEqual(r.frozenGroups, [3]);
  assert.deepEqual(buildRunScene(scene, [], {}, [], [1, 2]).frozenGroups, [1, 2]);
});

function setItem(id: string, prompt: string, locked: number[]): IconSet[number] {
  const root: PromptFrame = { nodeId: id, name: `Icon ${id}`, x: 0, y: 0, width: 16, height: 16, prompt, isRoot: true };
  const info: SelectionInfo = {
    sourceId: id,
    sourceIds: [id],
    sourceName: `Icon ${id}`,
    frames: [root],
    groupCount: 2,
    pathCount: 2,
    imageCount: 0,
    lockedGroups: locked,
    warnings: [],
    note: '',
  };
  return { info, scene: sceneOf([`${id}/a`, `${id}/b`]) };
}

test('icon set: one prompt for every frame, each frame with its own locks and its own source', () => {
  const set = [setItem('1:1', '', [0]), setItem('2:1', 'a star', []), setItem('3:1', 'a moon', [1])];
  assert.equal(initialSetPrompt(set), 'a star');
  const items = iconSetItems(set, 'a red icon', { ...base });
  assert.deepEqual(
    items.map((i) => [i.sourceId, i.name, i.prompt, i.options.prompt, i.options.frozenGroups]),
    [
      ['1:1', 'Icon 1:1', 'a red icon', 'a red icon', [0]],
      ['2:1', 'Icon 2:1', 'a red icon', 'a red icon', undefined],
      ['3:1', 'Icon 3:1', 'a red icon', 'a red icon', [1]],
    ],
  );
  assert.deepEqual(
    items[2]!.scene.groups.map((g) => g.source.ref),
    ['3:1/a', '3:1/b'],
  );
});
