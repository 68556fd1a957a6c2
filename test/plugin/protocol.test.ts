import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PROTOCOL_VERSION, sandboxMessage, uiMessage, type SandboxToUi, type UiToSandbox } from '../../src/protocol/protocol.ts';
import { parseSandboxToUi, parseUiToSandbox } from '../../src/protocol/validate-message.ts';
import type { Scene } from '../../src/scene/scene.ts';

const scene: Scene = {
  width: 10,
  height: 10,
  groups: [
    {
      fill: { r: 1, g: 0, b: 0, a: 1 },
      fillRule: 'nonzero',
      paths: [{ points: [0, 0, 1, 0, 2, 0, 3, 3, 2, 3, 1, 3] }],
      source: { kind: 'synthetic', ref: 'g0' },
    },
  ],
  rois: [{ x: 1, y: 1, width: 5, height: 5, prompt: 'eye' }],
  warnings: [],
};

const everyUiMessage: UiToSandbox[] = [
  uiMessage({ type: 'ui-ready' }),
  uiMessage({ type: 'refresh-selection' }),
  uiMessage({ type: 'set-prompt', nodeId: '1:2', prompt: 'a cat' }),
  uiMessage({ type: 'save-settings', settings: { mode: 'color', iterations: 150 } }),
  uiMessage({ type: 'apply-scene', requestId: 'r1', sourceId: '1:2', prompt: 'p', scene }),
  uiMessage({ type: 'apply-scene', requestId: 'r2', sourceId: '1:2', besideIds: ['1:2', '1:5'], prompt: 'p', scene }),
  uiMessage({ type: 'request-images', requestId: 'i1' }),
  uiMessage({ type: 'request-palette' }),
  uiMessage({ type: 'request-offline-model' }),
];

const everySandboxMessage: SandboxToUi[] = [
  sandboxMessage({
    type: 'selection',
    info: {
      sourceId: '1:2',
      sourceIds: ['1:2'],
      sourceName: 'F',
      frames: [{ nodeId: '1:2', name: 'F', x: 0, y: 0, width: 10, height: 10, prompt: '', isRoot: true }],
      groupCount: 1,
      pathCount: 1,
      imageCount: 1,
      warnings: [],
      note: '',
    },
    scene,
  }),
  sandboxMessage({
    type: 'images',
    requestId: 'i1',
    sourceId: '1:2',
    images: [
      {
        nodeId: '1:3',
        name: 'img',
        x: 0,
        y: 0,
        width: 2,
        height: 2,
        scale: 1,
        png: new Uint8Array([137, 80]),
        placement: [
          [2, 0, 0],
          [0, 2, 0],
        ],
        groupIndex: 1,
      },
    ],
  }),
  sandboxMessage({ type: 'settings', settings: { mode: 'full', iterations: 150 } }),
  sandboxMessage({ type: 'prompt-saved', nodeId: '1:2', prompt: 'x' }),
  sandboxMessage({ type: 'apply-progress', requestId: 'r', done: 1, total: 2 }),
  sandboxMessage({
    type: 'apply-done',
    requestId: 'r',
    frameId: '1:9',
    frameName: 'F — x',
    nodeCount: 2,
    warnings: [{ where: 'Shape 1 (1:10)', message: "spread 'reflect' drawn as pad (Figma's gradients always pad)" }],
  }),
  sandboxMessage({ type: 'apply-scenes-done', requestId: 'r', frames: [{ item: 0, frameId: '1:9', frameName: 'F — x', nodeCount: 2, warnings: [] }] }),
  sandboxMessage({ type: 'palette', colours: [{ name: 'Brand/Red', colour: { r: 1, g: 0, b: 0, a: 1 } }] }),
  sandboxMessage({ type: 'offline-model', id: 'shapes-clip', files: { vision: 'AAEC', text: 'AwQ=', tokenizer: 'e30=' } }),
  sandboxMessage({ type: 'offline-model', id: 'shapes-clip', files: null }),
  sandboxMessage({ type: 'error', message: 'boom' }),
];

test('every message of the protocol passes its own validator after a structured clone', () => {
  for (const m of everyUiMessage) assert.deepEqual(parseUiToSandbox(structuredClone(m)), { ok: true, message: m }, m.type);
  for (const m of everySandboxMessage) assert.deepEqual(parseSandboxToUi(structuredClone(m)), { ok: true, message: m }, m.type);
});

test('messages are directional: a UI message arriving at the UI is rejected', () => {
  const r = parseSandboxToUi(uiMessage({ type: 'ui-ready' }));
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.error : '', /unknown message type 'ui-ready'/);
});

function rejection(raw: unknown, parse: (raw: unknown) => { ok: true } | { ok: false; error: string } = parseUiToSandbox): string {
  const r = parse(raw);
  assert.equal(r.ok, false, `accepted: ${JSON.stringify(raw)}`);
  return r.ok ? '' : r.error;
}

test('bad messages are rejected with the path of the bad field', () => {
  assert.match(rejection(null), /expected a message object, got null/);
  assert.match(rejection({ type: 'ui-ready' }), /not a clipvg message/);
  assert.match(rejection({ ...uiMessage({ type: 'ui-ready' }), version: PROTOCOL_VERSION + 1 }), /protocol version 2, this build speaks 1/);
  assert.match(rejection({ ...uiMessage({ type: 'set-prompt', nodeId: '1:2', prompt: 'x' }), prompt: 5 }), /set-prompt\.prompt: expected a string, got 5/);
  assert.match(
    rejection(uiMessage({ type: 'save-settings', settings: { mode: 'sparkles' as never, iterations: 1 } })),
    /settings\.mode: expected one of full, shape, color, palette/,
  );
  const nan = structuredClone(scene);
  nan.groups[0]!.paths[0]!.points[3] = NaN;
  assert.match(
    rejection(uiMessage({ type: 'apply-scene', requestId: 'r', sourceId: '1', prompt: '', scene: nan })),
    /apply-scene\.scene: .*sub-path 0: coordinate y of point 1 is NaN/,
  );
  const odd = structuredClone(scene);
  odd.groups[0]!.paths[0]!.points.pop();
  assert.match(rejection(uiMessage({ type: 'apply-scene', requestId: 'r', sourceId: '1', prompt: '', scene: odd })), /multiple of 6/);
  const colour = structuredClone(scene);
  colour.groups[0]!.fill.a = 1.5;
  assert.match(rejection(uiMessage({ type: 'apply-scene', requestId: 'r', sourceId: '1', prompt: '', scene: colour })), /fill channel a is 1\.5/);
  assert.match(rejection({ ...everySandboxMessage[1]!, images: [{ nodeId: 'x' }] }, parseSandboxToUi), /images\.images\[0\]\.name: expected a string/);
  const image = (everySandboxMessage[1] as { images: object[] }).images[0]!;
  assert.match(
    rejection({ ...everySandboxMessage[1]!, images: [{ ...image, placement: [[1, 0, 0]] }] }, parseSandboxToUi),
    /images\.images\[0\]\.placement: expected a 2x3 matrix/,
  );
  assert.match(rejection({ ...uiMessage({ type: 'ui-ready' }), type: 'constructor' }), /unknown message type 'constructor'/);
  assert.match(
    rejection(sandboxMessage({ type: 'offline-model', id: 'm', files: { vision: 'A', text: 7, tokenizer: 'B' } as never }), parseSandboxToUi),
    /offline-model\.files\.text: expected a string, got 7/,
  );
  assert.match(
    rejection({ ...sandboxMessage({ type: 'offline-model', id: 'm', files: null }), files: undefined }, parseSandboxToUi),
    /offline-model\.files: expected an object, got undefined/,
  );
});
