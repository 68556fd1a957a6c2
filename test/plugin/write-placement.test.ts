import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readSelectionAsync } from '../../src/plugin/read-selection.ts';
import { RESULT_GAP, writeSceneAsync } from '../../src/plugin/write-scene.ts';
import type { Scene } from '../../src/scene/scene.ts';
import { FakeFigma } from '../fake-figma/fake-figma.ts';
import type { FakeContainer, FakeSceneNode } from '../fake-figma/fake-nodes.ts';

// Issue 13, items 9, 11 and 12: the writer under dynamic-page, its undo steps and where the
// result goes. Each test failed on the writer before the fix.

const solid = (r: number, g: number, b: number) => ({ type: 'SOLID', color: { r, g, b }, opacity: 1 });

function oneSquare(w: number, h: number): Scene {
  const s = Math.min(w, h) / 2;
  return {
    width: w,
    height: h,
    groups: [
      {
        fill: { r: 1, g: 0, b: 0, a: 1 },
        fillRule: 'nonzero',
        paths: [{ points: [0, 0, s / 3, 0, (2 * s) / 3, 0, s, 0, s, s / 3, s, (2 * s) / 3, s, s, (2 * s) / 3, s, s / 3, s, 0, s, 0, (2 * s) / 3, 0, s / 3] }],
        source: { kind: 'synthetic', ref: 'g' },
      },
    ],
    rois: [],
    warnings: [],
  };
}

function overlaps(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

test('item 9: under dynamic-page the writer loads the source page before using its children', async () => {
  const f = new FakeFigma();
  const other = f.createPage();
  const src = f.createFrame();
  other.appendChild(src);
  src.resize(50, 40);
  other.loaded = false; // as when the file was opened on another page
  const { frame } = await writeSceneAsync(f.api, { sourceId: src.id, prompt: 'p', scene: oneSquare(50, 40) });
  const out = frame as unknown as FakeSceneNode;
  assert.equal(out.parent, other);
  assert.equal(other.children.indexOf(out), other.children.indexOf(src) + 1);
});

test('item 11: commitUndo before the first node too, so undoing an Apply undoes only the Apply', async () => {
  const f = new FakeFigma();
  const src = f.createFrame();
  src.setPluginData('prompt', 'typed before the apply');
  const before = f.nodeCount();
  await writeSceneAsync(f.api, { sourceId: src.id, prompt: 'p', scene: oneSquare(100, 100) });
  assert.deepEqual(f.undoCommits, [before, f.nodeCount()], 'a commit with none of the result, then one with all of it');
});

test('item 12: with several layers selected the result goes beside all of them, overlapping none', async () => {
  const f = new FakeFigma();
  const a = f.createRectangle();
  a.x = 300;
  a.y = 0;
  a.resize(50, 50);
  const b = f.createRectangle();
  b.x = 0;
  b.y = 100;
  b.resize(100, 30);
  b.effects = [{ type: 'DROP_SHADOW', visible: true, color: { r: 0, g: 0, b: 0, a: 0.5 }, offset: { x: 20, y: 0 }, radius: 0, spread: 0 }];
  f.select(b, a); // selection[0] is the left one
  const reading = await readSelectionAsync(f.api);
  const { frame } = await writeSceneAsync(f.api, { sourceId: reading.info.sourceId!, besideIds: reading.info.sourceIds, prompt: 'p', scene: reading.scene! });
  const out = (frame as unknown as FakeSceneNode).absoluteBoundingBox;
  for (const n of [a, b])
    assert.ok(!overlaps(out, n.absoluteRenderBounds!), `the result ${JSON.stringify(out)} overlaps ${n.name} ${JSON.stringify(n.absoluteRenderBounds)}`);
  assert.equal(out.x, 350 + RESULT_GAP);
  assert.equal(out.y, 0);
});

test('item 12: a rotated source frame gives a result turned the same way, beside it', async () => {
  const f = new FakeFigma();
  const src = f.createFrame();
  src.resize(120, 80);
  const t = (25 * Math.PI) / 180;
  src.relativeTransform = [
    [Math.cos(t), -Math.sin(t), 200],
    [Math.sin(t), Math.cos(t), 50],
  ];
  f.select(src);
  const reading = await readSelectionAsync(f.api);
  const { frame } = await writeSceneAsync(f.api, { sourceId: src.id, besideIds: reading.info.sourceIds, prompt: 'p', scene: reading.scene! });
  const out = frame as unknown as FakeSceneNode;
  const m = out.absoluteTransform;
  const s = src.absoluteTransform;
  for (const [i, j] of [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ] as const) {
    assert.ok(Math.abs(m[i][j] - s[i][j]) < 1e-12, `rotation entry ${i}${j}: ${m[i][j]} vs ${s[i][j]}`);
  }
  assert.ok(!overlaps(out.absoluteBoundingBox, src.absoluteBoundingBox));
  assert.ok(Math.abs(out.absoluteBoundingBox.x - (src.absoluteBoundingBox.x + src.absoluteBoundingBox.width + RESULT_GAP)) < 1e-9);
});

test('item 12: a lone horizontal line (height 0) reads with its stroke and writes back (sizes stay >= 0.01)', async () => {
  const f = new FakeFigma();
  const line = f.createLine();
  line.x = 10;
  line.y = 30;
  line.resize(80, 0);
  line.strokeWeight = 4;
  line.strokes = [solid(0, 0, 0)];
  f.select(line);
  const reading = await readSelectionAsync(f.api);
  assert.ok(reading.scene);
  assert.deepEqual([reading.scene.width, reading.scene.height], [80, 4]);
  const { frame, nodeCount } = await writeSceneAsync(f.api, { sourceId: line.id, besideIds: reading.info.sourceIds, prompt: 'p', scene: reading.scene });
  assert.equal(nodeCount, 1);
  const out = frame as unknown as FakeContainer;
  assert.deepEqual([out.width, out.height], [80, 4]);
  const v = out.children[0]!;
  assert.ok(v.x >= -1e-9 && v.y >= -1e-9 && v.x + v.width <= 80 + 1e-9 && v.y + v.height <= 4 + 1e-9, 'the stroke lies inside the result frame');
});
