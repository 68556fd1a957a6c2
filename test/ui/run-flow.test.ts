import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EditOptions, EditProgress } from '../../src/engine/edit/edit-types.ts';
import type { PreviewState } from '../../src/engine-host/engine-host-api.ts';
import { sandboxMessage, type ImagesMessage, type ImageSource } from '../../src/protocol/protocol.ts';
import type { Scene } from '../../src/scene/scene.ts';
import { runEditAsync, vectoriseImagesAsync } from '../../src/ui/run-flow.ts';
import { runBlockerOf } from '../../src/ui/run-blocker.ts';
import { buildRunScene } from '../../src/ui/run-scene.ts';
import { INITIAL_WINDOW_STATE, windowReducer } from '../../src/ui/window-state.ts';
import { progressOf, resultOf, scene, selectionOf, windowOf } from './ui-state-fixtures.ts';

// The flows against a stand-in engine: what the window shows is the reducer's state after
// exactly the actions the flow dispatched.

const options: EditOptions = { prompt: 'a red circle', mode: 'full', iterations: 2, patches: 0 };

test('a run reports each iteration and its preview, then the result', async () => {
  const w = windowOf();
  const previews: PreviewState[] = [];
  const result = resultOf();
  const api = {
    runEditAsync: async (_s: Scene, o: EditOptions, onProgress: (p: EditProgress) => void, onPreview: (p: PreviewState) => void) => {
      assert.equal(o, options);
      assert.equal(w.state.run.phase, 'running', 'running before the engine is asked');
      onProgress(progressOf(1, 0.8));
      onPreview({ count: 1, iteration: 1 });
      onProgress(progressOf(2, 0.6));
      return result;
    },
  };
  assert.equal(await runEditAsync(api, w.dispatch, scene, options, (p) => previews.push(p)), result);
  assert.deepEqual(w.state.losses, [0.8, 0.6]);
  assert.deepEqual(previews, [{ count: 1, iteration: 1 }]);
  assert.equal(w.state.run.phase, 'done');
});

test("a run the engine rejects ends failed, with the engine's reason", async () => {
  const w = windowOf();
  const api = {
    runEditAsync: async () => {
      throw new Error('the GPU device was lost');
    },
  };
  assert.equal(await runEditAsync(api, w.dispatch, scene, options, () => {}), null);
  assert.deepEqual(w.state.run, { phase: 'failed', step: 'run', error: 'the GPU device was lost' });
});

const image = (nodeId: string): ImageSource => ({ nodeId, name: nodeId, x: 0, y: 0, width: 4, height: 4, png: new Uint8Array([nodeId.length]) }) as ImageSource;

test('vectorising exports the images once, vectorises each, and keeps them for the selection', async () => {
  const w = windowOf(windowReducer(INITIAL_WINDOW_STATE, { type: 'selection', selection: selectionOf('1:1', 2) }));
  const reply = sandboxMessage({ type: 'images', requestId: 'images-1', sourceId: '1:1', images: [image('2:1'), image('2:22')] }) as ImagesMessage;
  const seen: number[] = [];
  const api = {
    vectorizeImageAsync: async (png: Uint8Array) => {
      seen.push(png[0]!);
      return scene;
    },
  };
  await vectoriseImagesAsync(api, async () => reply, w.dispatch, { sourceId: '1:1', imageCount: 2 });
  assert.deepEqual(seen, [3, 4]);
  assert.deepEqual(
    w.actions.map((a) => a.type),
    ['vectorise-start', 'vectorise-progress', 'vectorise-progress', 'vectorise-done'],
  );
  assert.equal(w.state.run.phase, 'idle');
  assert.deepEqual(
    w.state.vectorised.map((v) => v.source.nodeId),
    ['2:1', '2:22'],
  );
});

test('images exported for another selection are refused with the reason, and nothing is vectorised', async () => {
  const w = windowOf();
  const reply = sandboxMessage({ type: 'images', requestId: 'images-1', sourceId: '9:9', images: [image('2:1')] }) as ImagesMessage;
  const api = {
    vectorizeImageAsync: async () => assert.fail('nothing to vectorise'),
  };
  await vectoriseImagesAsync(api, async () => reply, w.dispatch, { sourceId: '1:1', imageCount: 1 });
  assert.equal(w.state.run.phase, 'failed');
  assert.match(w.state.errors.at(-1) ?? '', /the selection changed while its images were exported/);
  assert.deepEqual(w.state.vectorised, []);
});

test('what stops Run, in the order a designer meets it', () => {
  const sel = selectionOf('1:1');
  const root = { nodeId: '1:1', name: 'Poster', x: 0, y: 0, width: 10, height: 10, prompt: '', isRoot: true };
  const info = { ...sel.info, frames: [root] };
  const unprompted = buildRunScene(scene, [root], {}, []);
  const prompted = buildRunScene(scene, [root], { '1:1': 'a red poster' }, []);
  const empty = buildRunScene({ ...scene, groups: [] }, [root], { '1:1': 'a red poster' }, []);
  const base = { engineReady: true, runScene: prompted, info, mode: 'full' as const, paletteSize: 0 };
  assert.equal(runBlockerOf({ ...base, engineReady: false }), 'the engine is not ready');
  assert.equal(runBlockerOf({ ...base, runScene: null }), 'select a frame');
  assert.equal(runBlockerOf({ ...base, info: { ...info, sourceId: null } }), 'select a frame');
  assert.equal(runBlockerOf({ ...base, runScene: empty }), 'the selection has no shapes');
  assert.equal(runBlockerOf({ ...base, runScene: empty, info: { ...info, imageCount: 1 } }), 'vectorise the images first');
  assert.equal(runBlockerOf({ ...base, runScene: unprompted }), 'type a prompt for the whole picture, or set a reference image');
  assert.equal(runBlockerOf({ ...base, mode: 'palette' }), 'the palette is empty');
  assert.equal(runBlockerOf({ ...base, mode: 'palette', paletteSize: 3 }), null);
  assert.equal(runBlockerOf(base), null);
});
