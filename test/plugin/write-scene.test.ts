import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readSelectionAsync } from '../../src/plugin/read-selection.ts';
import { RESULT_GAP, writeSceneAsync } from '../../src/plugin/write-scene.ts';
import type { Scene, ShapeGroup } from '../../src/scene/scene.ts';
import { assertScenesEqual } from '../support/figma-scene-equal.ts';
import { FakeFigma } from '../fake-figma/fake-figma.ts';
import type { FakeContainer, FakeSceneNode } from '../fake-figma/fake-nodes.ts';

function square(i: number, x: number, y: number, s: number): ShapeGroup {
  const pts: number[] = [];
  const corners = [
    [x, y],
    [x + s, y],
    [x + s, y + s],
    [x, y + s],
  ];
  corners.forEach(([ax, ay], k) => {
    const [bx, by] = corners[(k + 1) % 4]!;
    pts.push(ax!, ay!, ax! + (bx! - ax!) / 3, ay! + (by! - ay!) / 3, ax! + (2 * (bx! - ax!)) / 3, ay! + (2 * (by! - ay!)) / 3);
  });
  return {
    fill: { r: (i % 7) / 7, g: 0.25, b: 1 - (i % 5) / 5, a: 0.5 + (i % 3) / 6 },
    fillRule: i % 2 ? 'evenodd' : 'nonzero',
    paths: [{ points: pts }],
    source: { kind: 'svg', ref: `svg/path[${i}]`, name: `p${i}` },
  };
}

function gridScene(n: number): Scene {
  const groups = Array.from({ length: n }, (_, i) => square(i, (i % 100) * 3.25 + 0.125, Math.floor(i / 100) * 2.5 + 0.375, 2.5));
  return { width: 330, height: 260, groups, rois: [], warnings: [] };
}

function snapshot(node: FakeSceneNode): string {
  const walk = (n: FakeSceneNode): unknown => ({
    id: n.id,
    name: n.name,
    t: n.relativeTransform,
    size: [n.width, n.height],
    fills: 'fills' in n ? n.fills : null,
    kids: 'children' in n ? (n as FakeContainer).children.map(walk) : null,
  });
  return JSON.stringify(walk(node));
}

function sourceFrame(f: FakeFigma) {
  const src = f.createFrame();
  src.name = 'Portrait';
  src.x = 10;
  src.y = 20;
  src.resize(330, 260);
  const r = f.createRectangle();
  src.appendChild(r);
  return src;
}

test('apply writes a frame beside the source: same size, named after source and prompt, one vector per group in order; the source is untouched', async () => {
  const f = new FakeFigma();
  const src = sourceFrame(f);
  const before = snapshot(src);
  const scene = gridScene(7);
  const { frame, nodeCount } = await writeSceneAsync(f.api, { sourceId: src.id, prompt: 'Joker, Heath Ledger', scene });
  assert.equal(snapshot(src), before);
  assert.equal(nodeCount, 7);
  const out = frame as unknown as FakeContainer;
  assert.equal(out.parent, src.parent);
  assert.equal(out.parent!.children.indexOf(out), out.parent!.children.indexOf(src) + 1);
  assert.deepEqual([out.x, out.y, out.width, out.height], [10 + 330 + RESULT_GAP, 20, 330, 260]);
  assert.equal(out.name, 'Portrait — Joker, Heath Ledger');
  assert.equal(out.children.length, 7);
  out.children.forEach((v, i) => {
    const g = scene.groups[i]!;
    assert.equal(v.type, 'VECTOR');
    assert.equal(v.name, `p${i} · svg/path[${i}]`);
    const vp = (v as unknown as { vectorPaths: { windingRule: string }[] }).vectorPaths;
    assert.equal(vp.length, 1);
    assert.equal(vp[0]!.windingRule, g.fillRule === 'evenodd' ? 'EVENODD' : 'NONZERO');
    assert.deepEqual((v as unknown as { fills: unknown }).fills, [{ type: 'SOLID', color: { r: g.fill.r, g: g.fill.g, b: g.fill.b }, opacity: g.fill.a }]);
  });
  // Read the result back: the same scene.
  f.select(out);
  const back = await readSelectionAsync(f.api);
  assertScenesEqual(back.scene!, scene);
});

test('one apply is one undo step, and large scenes are written in batches with progress', async () => {
  const f = new FakeFigma();
  const src = sourceFrame(f);
  const progress: [number, number][] = [];
  let yields = 0;
  const timer = setInterval(() => yields++, 0);
  await writeSceneAsync(f.api, { sourceId: src.id, prompt: '', scene: gridScene(1200) }, { batchSize: 500, onProgress: (d, t) => progress.push([d, t]) });
  clearInterval(timer);
  assert.deepEqual(progress, [
    [500, 1200],
    [1000, 1200],
    [1200, 1200],
  ]);
  assert.equal(f.undoCommits.length, 2, 'commitUndo before the first node and after the last');
  assert.equal(f.undoCommits[1], f.nodeCount());
  assert.ok(yields > 0, 'the writer yields to the event loop between batches');
});

test('10,000 groups are written in 20 batches', async () => {
  const f = new FakeFigma();
  const src = sourceFrame(f);
  let reports = 0;
  const { nodeCount } = await writeSceneAsync(f.api, { sourceId: src.id, prompt: 'x', scene: gridScene(10_000) }, { onProgress: () => reports++ });
  assert.equal(nodeCount, 10_000);
  assert.equal(reports, 20);
});

test('a failed apply leaves nothing behind; a vanished source is a clear error', async () => {
  const f = new FakeFigma();
  const src = sourceFrame(f);
  const bad = gridScene(3);
  bad.groups[2]!.fill.r = 2; // Figma refuses colour channels outside [0, 1]
  const count = f.nodeCount();
  await assert.rejects(writeSceneAsync(f.api, { sourceId: src.id, prompt: '', scene: bad }), /color/);
  assert.equal(f.nodeCount(), count);
  assert.deepEqual(f.undoCommits, [count], 'only the commit before the write: nothing of it is left to undo');
  src.remove();
  await assert.rejects(writeSceneAsync(f.api, { sourceId: src.id, prompt: '', scene: gridScene(1) }), /no longer exists/);
});

test('a nested source gets its result as a top-level frame beside its page bounds, never inside its container', async () => {
  const f = new FakeFigma();
  const outer = f.createFrame();
  outer.x = 1000;
  outer.y = 500;
  outer.resize(800, 600);
  const src = f.createFrame();
  outer.appendChild(src);
  src.x = 50;
  src.y = 60;
  src.resize(100, 80);
  const { frame } = await writeSceneAsync(f.api, { sourceId: src.id, prompt: 'p', scene: gridScene(1) });
  const out = frame as unknown as FakeContainer;
  assert.equal(out.parent, f.currentPage);
  assert.equal(outer.children.length, 1, 'the container is untouched');
  assert.deepEqual([out.x, out.y], [1000 + 50 + 100 + RESULT_GAP, 560]);
});
