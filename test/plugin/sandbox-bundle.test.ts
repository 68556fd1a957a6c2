import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { buildSandboxAsync } from '../../esbuild.config.mjs';
import { uiMessage } from '../../src/protocol/protocol.ts';
import { parseSandboxToUi } from '../../src/protocol/validate-message.ts';
import { FakeFigma } from '../fake-figma/fake-figma.ts';

// The built dist/code.js itself (not the TypeScript sources), run the way Figma runs it: a
// bare realm with only `figma`, `__html__`, console and timers as globals.

test('dist/code.js boots in a bare realm, shows the UI and answers ui-ready and apply-scene', async () => {
  await buildSandboxAsync();
  const code = readFileSync(join(import.meta.dirname, '..', '..', 'dist', 'code.js'), 'utf8');
  const f = new FakeFigma();
  const frame = f.createFrame();
  frame.name = 'Cat';
  frame.resize(40, 30);
  frame.setPluginData('prompt', 'a tiger');
  f.select(frame);
  runInNewContext(code, { figma: f.api, __html__: '<p>ui</p>', console, setTimeout, clearTimeout });
  assert.equal(f.shownUi?.html, '<p>ui</p>');
  f.sendFromUi(uiMessage({ type: 'ui-ready' }));
  const waitFor = async (type: string) => {
    const deadline = Date.now() + 5000;
    while (!f.toUi.some((m) => (m as { type?: string }).type === type)) {
      assert.ok(Date.now() < deadline, `no ${type} message`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  await waitFor('selection');
  const scene = {
    width: 40,
    height: 30,
    groups: [
      {
        fill: { r: 1, g: 0.5, b: 0, a: 1 },
        fillRule: 'evenodd' as const,
        paths: [{ points: [0, 0, 3, 0, 6, 0, 9, 9, 6, 9, 3, 9] }],
        source: { kind: 'synthetic' as const, ref: 'g' },
      },
    ],
    rois: [],
    warnings: [],
  };
  f.sendFromUi(uiMessage({ type: 'apply-scene', requestId: 'a', sourceId: frame.id, prompt: 'a tiger', scene }));
  await waitFor('apply-done');
  const types = f.toUi.map((m) => {
    const p = parseSandboxToUi(m);
    assert.ok(p.ok, p.ok ? '' : p.error);
    return p.message.type;
  });
  assert.deepEqual(types, ['settings', 'selection', 'apply-progress', 'apply-done']);
  const selection = f.toUi[1] as { info: { frames: { prompt: string }[] } };
  assert.equal(selection.info.frames[0]!.prompt, 'a tiger');
  const result = f.currentPage.children.find((n) => n.name === 'Cat — a tiger');
  assert.ok(result, 'the result frame exists on the page');
});
