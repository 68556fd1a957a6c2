import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startPluginController } from '../../src/plugin/controller.ts';
import { uiMessage, type SandboxToUi } from '../../src/protocol/protocol.ts';
import { parseSandboxToUi } from '../../src/protocol/validate-message.ts';
import { FakeFigma } from '../fake-figma/fake-figma.ts';

function setUp() {
  const f = new FakeFigma();
  const frame = f.createFrame();
  frame.name = 'Portrait';
  frame.resize(64, 48);
  const inner = f.createFrame();
  frame.appendChild(inner);
  inner.name = 'Face';
  inner.resize(10, 10);
  f.select(frame);
  const controller = startPluginController(f.api, '<html>ui</html>', { batchSize: 2 });
  /** Everything the sandbox sent, each one checked by the UI's validator. */
  const received = (): SandboxToUi[] =>
    f.toUi.map((raw) => {
      const p = parseSandboxToUi(raw);
      assert.ok(p.ok, p.ok ? '' : p.error);
      return p.message;
    });
  return { f, frame, inner, controller, received };
}

test('on ui-ready the sandbox sends settings and the selection; selection changes are sent again', async () => {
  const { f, frame, controller, received } = setUp();
  assert.equal(f.shownUi?.html, '<html>ui</html>');
  f.sendFromUi(uiMessage({ type: 'ui-ready' }));
  await controller.idleAsync();
  const [settings, selection] = received();
  assert.deepEqual(settings, uiLess({ type: 'settings', settings: { mode: 'full', iterations: 150 } }));
  assert.equal(selection?.type, 'selection');
  if (selection?.type !== 'selection') return;
  assert.equal(selection.info.sourceId, frame.id);
  assert.deepEqual(
    selection.info.frames.map((x) => x.name),
    ['Portrait', 'Face'],
  );
  f.select();
  await controller.idleAsync();
  const last = received().at(-1);
  assert.ok(last?.type === 'selection' && last.info.sourceId === null);
});

function uiLess(body: object) {
  return { protocol: 'clipvg', version: 1, ...body };
}

test('prompts are stored as plugin data on the frame; settings persist in clientStorage', async () => {
  const { f, inner, controller, received } = setUp();
  f.sendFromUi(uiMessage({ type: 'set-prompt', nodeId: inner.id, prompt: 'an astronaut' }));
  f.sendFromUi(uiMessage({ type: 'save-settings', settings: { mode: 'palette', iterations: 80 } }));
  await controller.idleAsync();
  assert.equal(inner.getPluginData('prompt'), 'an astronaut');
  assert.deepEqual(await f.clientStorage.getAsync('settings'), { mode: 'palette', iterations: 80 });
  assert.deepEqual(
    received().map((m) => m.type),
    ['prompt-saved', 'settings'],
  );
  // A new session reads the stored settings.
  const g = new FakeFigma();
  await g.clientStorage.setAsync('settings', { mode: 'shape', iterations: 'many' });
  const c = startPluginController(g.api, '');
  g.sendFromUi(uiMessage({ type: 'ui-ready' }));
  await c.idleAsync();
  assert.deepEqual((g.toUi[0] as { settings: unknown }).settings, { mode: 'shape', iterations: 150 }, 'bad stored fields fall back to defaults');
});

test('a message that fails validation is reported and not acted on', async () => {
  const { f, inner, controller, received } = setUp();
  f.sendFromUi({ ...uiMessage({ type: 'set-prompt', nodeId: inner.id, prompt: 'x' }), prompt: 42 });
  f.sendFromUi({ hello: 'world' });
  await controller.idleAsync();
  assert.equal(inner.getPluginData('prompt'), '');
  const errors = received();
  assert.deepEqual(
    errors.map((m) => m.type),
    ['error', 'error'],
  );
  assert.match((errors[0] as { message: string }).message, /set-prompt\.prompt: expected a string, got 42/);
  assert.equal(f.notifications.filter((n) => n.error).length, 2);
});

test('apply-scene writes the result, reports progress and completion; palette lists solid paint styles', async () => {
  const { f, frame, controller, received } = setUp();
  const group = (x: number) => ({
    fill: { r: 0, g: 0.5, b: 1, a: 1 },
    fillRule: 'nonzero' as const,
    paths: [{ points: [x, 0, x + 1, 0, x + 2, 0, x + 3, 3, x + 2, 3, x + 1, 3] }],
    source: { kind: 'synthetic' as const, ref: `g${x}` },
  });
  f.localPaintStyles = [
    { name: 'Brand/Blue', paints: [{ type: 'SOLID', color: { r: 0, g: 0, b: 1 }, opacity: 0.5 }] },
    { name: 'Fancy', paints: [{ type: 'GRADIENT_LINEAR', gradientStops: [] }] },
  ];
  // The third group's reflect spread is what Figma cannot draw: the writer's named warning reaches the UI.
  const reflected = {
    ...group(20),
    gradient: {
      kind: 'linear' as const,
      x1: 0,
      y1: 0,
      x2: 1,
      y2: 0,
      stops: [
        { offset: 0, color: { r: 1, g: 0, b: 0, a: 1 } },
        { offset: 1, color: { r: 0, g: 0, b: 1, a: 1 } },
      ],
      spread: 'reflect' as const,
      transform: [3, 0, 0, 3, 20, 0] as [number, number, number, number, number, number],
    },
  };
  const scene = { width: 64, height: 48, groups: [group(0), group(10), reflected], rois: [], warnings: [] };
  f.sendFromUi(uiMessage({ type: 'apply-scene', requestId: 'run-1', sourceId: frame.id, prompt: 'Joker', scene }));
  f.sendFromUi(uiMessage({ type: 'request-palette' }));
  await controller.idleAsync();
  const msgs = received();
  assert.deepEqual(
    msgs.filter((m) => m.type === 'apply-progress').map((m) => (m.type === 'apply-progress' ? [m.done, m.total] : [])),
    [
      [2, 3],
      [3, 3],
    ],
  );
  const done = msgs.find((m) => m.type === 'apply-done');
  assert.ok(done?.type === 'apply-done');
  assert.equal(done.nodeCount, 3);
  assert.equal(done.frameName, 'Portrait — Joker');
  assert.deepEqual(
    done.warnings.map((w) => w.message),
    ["spread 'reflect' drawn as pad (Figma's gradients always pad)"],
  );
  assert.equal(f.undoCommits.length, 2, 'commitUndo before the first node and after the last');
  const palette = msgs.find((m) => m.type === 'palette');
  assert.deepEqual(palette?.type === 'palette' ? palette.colours : null, [{ name: 'Brand/Blue', colour: { r: 0, g: 0, b: 1, a: 0.5 } }]);
  // An apply against a deleted source fails with a message for the user, tagged with its request.
  frame.remove();
  f.sendFromUi(uiMessage({ type: 'apply-scene', requestId: 'run-2', sourceId: frame.id, prompt: '', scene }));
  await controller.idleAsync();
  const err = received().at(-1);
  assert.ok(err?.type === 'error' && err.requestId === 'run-2' && /no longer exists/.test(err.message));
});

test('request-offline-model: the sandbox hands over the shipped model it carries, or says it has none', async () => {
  const f = new FakeFigma();
  const files = { vision: 'AAEC', text: 'AwQ=', tokenizer: 'e30=' };
  const controller = startPluginController(f.api, '<html>ui</html>', { offlineModel: { id: 'shapes-clip', files } });
  f.sendFromUi(uiMessage({ type: 'request-offline-model' }));
  await controller.idleAsync();
  const reply = f.toUi.map((raw) => parseSandboxToUi(raw)).find((p) => p.ok && p.message.type === 'offline-model');
  assert.ok(reply?.ok && reply.message.type === 'offline-model');
  assert.deepEqual(reply.message.files, files);
  const bare = new FakeFigma();
  const c2 = startPluginController(bare.api, '<html>ui</html>');
  bare.sendFromUi(uiMessage({ type: 'request-offline-model' }));
  await c2.idleAsync();
  const none = bare.toUi.map((raw) => parseSandboxToUi(raw)).find((p) => p.ok && p.message.type === 'offline-model');
  assert.ok(none?.ok && none.message.type === 'offline-model' && none.message.files === null);
});

test('item 10: images are exported only when the UI asks (vectorise), not on selection changes; invisible instance children are skipped', async () => {
  const { f, frame, controller, received } = setUp();
  assert.equal(f.skipInvisibleInstanceChildren, true);
  const image = f.createImage(
    new Uint8Array(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64')),
  );
  const photo = f.createRectangle();
  frame.appendChild(photo);
  photo.resize(20, 10);
  photo.fills = [{ type: 'IMAGE', imageHash: image.hash, scaleMode: 'FILL' }];
  f.sendFromUi(uiMessage({ type: 'ui-ready' }));
  f.select(frame);
  f.select(frame);
  await controller.idleAsync();
  const selections = received().filter((m) => m.type === 'selection');
  assert.ok(selections.length >= 1);
  assert.equal(f.exports.length, 0, 'no export on selection changes');
  const last = selections.at(-1)!;
  assert.ok(last.type === 'selection' && last.info.imageCount === 1 && !('images' in last));
  f.sendFromUi(uiMessage({ type: 'request-images', requestId: 'v1' }));
  await controller.idleAsync();
  const reply = received().at(-1);
  assert.ok(reply?.type === 'images', JSON.stringify(reply?.type));
  assert.equal(reply.requestId, 'v1');
  assert.equal(reply.sourceId, frame.id);
  assert.deepEqual(
    reply.images.map((i) => i.nodeId),
    [photo.id],
  );
  assert.equal(f.exports.length, 1);
});
