import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startPluginController } from '../../src/plugin/controller.ts';
import { readIconSetAsync, readSelectionAsync } from '../../src/plugin/read-selection.ts';
import { uiMessage, type SandboxToUi } from '../../src/protocol/protocol.ts';
import { parseSandboxToUi } from '../../src/protocol/validate-message.ts';
import { FakeFigma } from '../fake-figma/fake-figma.ts';

// Issue 16 in the sandbox: layers locked in Figma become frozen groups, several selected
// frames become an icon set, and apply-scenes writes several results, each its own frame and
// undo step, side by side.

/** A 32x32 icon frame at x with a locked circle, a circle inside a locked group, and a free square. */
function icon(f: FakeFigma, x: number, name: string) {
  const frame = f.createFrame();
  frame.name = name;
  frame.resize(32, 32);
  frame.x = x;
  const locked = f.createEllipse();
  locked.resize(10, 10);
  locked.locked = true;
  frame.appendChild(locked);
  const inGroup = f.createEllipse();
  inGroup.resize(8, 8);
  inGroup.x = 12;
  frame.appendChild(inGroup);
  const group = f.group([inGroup], frame);
  group.locked = true;
  const free = f.createRectangle();
  free.resize(6, 6);
  free.x = 20;
  free.y = 20;
  frame.appendChild(free);
  return { frame, locked, inGroup, free };
}

function received(f: FakeFigma): SandboxToUi[] {
  return f.toUi.map((raw) => {
    const p = parseSandboxToUi(raw);
    assert.ok(p.ok, p.ok ? '' : p.error);
    return p.message;
  });
}

test('locked layers, and layers inside a locked group, are the selection’s lockedGroups; the selected frame’s own lock does not count', async () => {
  const f = new FakeFigma();
  const { frame, locked, inGroup } = icon(f, 0, 'Icon');
  f.select(frame);
  const { scene, info } = await readSelectionAsync(f.api);
  assert.ok(scene);
  const refs = scene.groups.map((g) => g.source.ref);
  // Group 0 is the frame's own white fill; then the locked circle, the grouped one, the square.
  assert.deepEqual(info.lockedGroups, [refs.indexOf(locked.id), refs.indexOf(inGroup.id)]);
  frame.locked = true;
  assert.deepEqual((await readSelectionAsync(f.api)).info.lockedGroups, [refs.indexOf(locked.id), refs.indexOf(inGroup.id)]);
  locked.locked = false;
  assert.deepEqual((await readSelectionAsync(f.api)).info.lockedGroups, [refs.indexOf(inGroup.id)]);
});

test('three frames selected: an icon set of three scenes in the selection message; one frame is no set', async () => {
  const f = new FakeFigma();
  const icons = [icon(f, 0, 'A'), icon(f, 100, 'B'), icon(f, 200, 'C')];
  f.select(...icons.map((i) => i.frame));
  const set = await readIconSetAsync(f.api);
  assert.deepEqual(
    set.map((r) => [r.info.sourceId, r.scene?.width, r.info.lockedGroups?.length]),
    icons.map((i) => [i.frame.id, 32, 2]),
  );
  const controller = startPluginController(f.api, '<html>ui</html>');
  f.sendFromUi(uiMessage({ type: 'ui-ready' }));
  await controller.idleAsync();
  const sel = received(f).find((m) => m.type === 'selection');
  assert.ok(sel?.type === 'selection');
  assert.deepEqual(
    sel.iconSet?.map((s) => s.info.sourceName),
    ['A', 'B', 'C'],
  );
  f.select(icons[0]!.frame);
  assert.deepEqual(await readIconSetAsync(f.api), []);
});

test('apply-scenes: each result its own frame and undo step; variations of one source go side by side, set items beside their own frame', async () => {
  const f = new FakeFigma();
  const a = icon(f, 0, 'A');
  const b = icon(f, 100, 'B');
  f.select(a.frame, b.frame);
  const controller = startPluginController(f.api, '<html>ui</html>');
  const sceneA = (await readNodesScene(f, a.frame))!;
  const sceneB = (await readNodesScene(f, b.frame))!;
  f.sendFromUi(
    uiMessage({
      type: 'apply-scenes',
      requestId: 'all',
      items: [
        { sourceId: a.frame.id, prompt: 'red', scene: sceneA },
        { sourceId: a.frame.id, prompt: 'red', scene: sceneA },
        { sourceId: b.frame.id, prompt: 'red', scene: sceneB },
      ],
    }),
  );
  await controller.idleAsync();
  const done = received(f).find((m) => m.type === 'apply-scenes-done');
  assert.ok(done?.type === 'apply-scenes-done');
  assert.deepEqual(
    done.frames.map((x) => x.item),
    [0, 1, 2],
  );
  assert.deepEqual(
    done.frames.map((x) => x.warnings),
    [[], [], []],
  );
  // writeSceneAsync commits before the first node and after the last: two commits per frame.
  assert.equal(f.undoCommits.length, 6);
  const frames = (await Promise.all(done.frames.map((x) => f.getNodeByIdAsync(x.frameId)))) as unknown as { x: number; width: number }[];
  assert.ok(frames[0]!.x >= a.frame.x + 32, 'variation 1 right of its source');
  assert.ok(frames[1]!.x >= frames[0]!.x + frames[0]!.width, 'variation 2 right of variation 1');
  assert.ok(frames[2]!.x >= b.frame.x + 32, 'the set item beside its own frame');
});

async function readNodesScene(f: FakeFigma, frame: SceneNode | { id: string }) {
  const { readNodesAsync } = await import('../../src/plugin/read-selection.ts');
  return (await readNodesAsync(f.api, [frame as SceneNode])).scene;
}
