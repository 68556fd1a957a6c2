import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EditCheckpoint, EditOptions, EditProgress, EditResult, EditVariation } from '../../src/engine/edit/edit-types.ts';
import type { PreviewState, VariationDone, VariationProgress } from '../../src/engine-host/engine-host-api.ts';
import type { Scene } from '../../src/scene/scene.ts';
import { continueRunAsync, runIconSetAsync, runVariationsAsync, type IconSetItem } from '../../src/ui/run-flow.ts';
import { progressOf, resultOf, scene, windowOf } from './ui-state-fixtures.ts';

// Continue, variations and icon sets against a stand-in engine: the window's state is the
// reducer's after exactly the actions each flow dispatched.

const options: EditOptions = { prompt: 'a red circle', mode: 'full', iterations: 2, patches: 0 };

test('Continue asks the engine for more iterations from the checkpoint and ends with the continued result', async () => {
  const w = windowOf();
  const checkpoint = { iterations: 2 } as EditCheckpoint;
  const continued = resultOf({ iterations: 5 });
  const api = {
    continueEditAsync: async (c: EditCheckpoint, n: number, onProgress: (p: EditProgress) => void) => {
      assert.equal(c, checkpoint);
      assert.equal(n, 3);
      onProgress(progressOf(3, 0.4));
      return continued;
    },
  };
  assert.equal(await continueRunAsync(api, w.dispatch, checkpoint, 3, () => {}), continued);
  assert.deepEqual(w.state.losses, [0.4]);
  assert.deepEqual(w.state.run, { phase: 'done', result: continued });
});

test('variations: each finished seed is a candidate with its thumbnail; the progress fraction runs across all seeds', async () => {
  const w = windowOf();
  const fractions: number[] = [];
  const api = {
    runVariationsAsync: async (
      _s: Scene,
      _o: EditOptions,
      seeds: number[],
      onProgress: (p: VariationProgress) => void,
      onVariation: (v: VariationDone) => void,
    ): Promise<EditVariation[]> => {
      const out: EditVariation[] = [];
      for (const [index, seed] of seeds.entries()) {
        onProgress({ ...progressOf(1, 0.5), iterations: 2, variation: index, variations: seeds.length });
        fractions.push(w.state.batch!.fraction);
        const v = { index, seed, result: resultOf({ losses: [seed] }) };
        onVariation({ ...v, thumbnail: { width: 1, height: 1, data: new Uint8ClampedArray(4) } });
        assert.equal(w.state.batch?.items.length, index + 1, 'shown as soon as it finishes');
        out.push(v);
      }
      return out;
    },
  };
  const out = await runVariationsAsync(api, w.dispatch, scene, options, [0, 1, 2], { sourceId: '1:1', prompt: 'a red circle' });
  assert.equal(out?.length, 3);
  assert.deepEqual(
    fractions.map((f) => Math.round(f * 1000) / 1000),
    [0.167, 0.5, 0.833],
  );
  assert.equal(w.state.run.phase, 'done');
  assert.deepEqual(
    w.state.batch?.items.map((c) => [c.label, c.sourceId, c.thumbnail?.width]),
    [
      ['Seed 0', '1:1', 1],
      ['Seed 1', '1:1', 1],
      ['Seed 2', '1:1', 1],
    ],
  );
});

test('variations: a last variation whose callback arrives after the run resolves, or never, is a candidate with its thumbnail from the reply before the batch ends (Comlink orders them apart)', async () => {
  for (const late of ['after the reply', 'never'] as const) {
    const w = windowOf();
    const api = {
      runVariationsAsync: async (
        _s: Scene,
        _o: EditOptions,
        seeds: number[],
        _onProgress: (p: VariationProgress) => void,
        onVariation: (v: VariationDone) => void,
      ): Promise<VariationDone[]> => {
        const thumbnail = { width: 2, height: 2, data: new Uint8ClampedArray(16) };
        const out = seeds.map((seed, index) => ({ index, seed, result: resultOf({ losses: [seed] }), thumbnail }));
        for (const v of out.slice(0, -1)) onVariation(v);
        if (late === 'after the reply') setTimeout(() => onVariation(out.at(-1)!), 0);
        return out;
      },
    };
    await runVariationsAsync(api, w.dispatch, scene, options, [0, 1, 2], { sourceId: '1:1', prompt: 'a red circle' });
    assert.equal(w.state.run.phase, 'done', late);
    assert.deepEqual(
      w.state.batch?.items.map((c) => [c.label, c.thumbnail?.width]),
      [
        ['Seed 0', 2],
        ['Seed 1', 2],
        ['Seed 2', 2],
      ],
      late,
    );
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(w.state.batch?.items.length, 3, `${late}: a callback after the batch ended adds nothing`);
  }
});

test('icon set: frames run in turn with their own options; cancel during the second keeps the first and starts no third', async () => {
  const w = windowOf();
  const item = (i: number): IconSetItem => ({
    name: `Icon ${i}`,
    sourceId: `${i}:1`,
    prompt: 'a red circle',
    scene,
    options: { ...options, frozenGroups: [i] },
  });
  let cancelled = false;
  const asked: number[][] = [];
  const api = {
    runEditAsync: async (_s: Scene, o: EditOptions, onProgress: (p: EditProgress) => void, _p: (p: PreviewState) => void): Promise<EditResult> => {
      asked.push(o.frozenGroups ?? []);
      onProgress(progressOf(1, 0.5));
      if (asked.length === 2) {
        // The user cancels while the second frame runs: the engine stops it.
        cancelled = true;
        w.dispatch({ type: 'cancel' });
        return resultOf({ cancelled: true });
      }
      return resultOf();
    },
  };
  assert.equal(
    await runIconSetAsync(
      api,
      w.dispatch,
      [item(0), item(1), item(2)],
      () => cancelled,
      () => {},
    ),
    1,
  );
  assert.deepEqual(asked, [[0], [1]], 'each frame with its own locks; the third never started');
  assert.equal(w.state.run.phase, 'done');
  assert.equal(w.state.batch?.cancelled, true);
  assert.deepEqual(
    w.state.batch?.items.map((c) => c.sourceId),
    ['0:1'],
  );
});
