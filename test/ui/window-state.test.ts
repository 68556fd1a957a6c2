import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isBusy, resultToApply, runStatusText, showsRunProgress, showsRunResult } from '../../src/ui/run-state.ts';
import { INITIAL_WINDOW_STATE, MAX_ERRORS, windowReducer } from '../../src/ui/window-state.ts';
import { progressOf, reduce, resultOf, scene, selectionOf } from './ui-state-fixtures.ts';

test("a run goes idle -> running -> done, collecting each iteration's loss, and Apply -> applying -> applied", () => {
  const result = resultOf();
  let s = reduce([{ type: 'selection', selection: selectionOf('1:1') }, { type: 'run-start' }]);
  assert.equal(s.run.phase, 'running');
  assert.ok(isBusy(s.run) && showsRunProgress(s.run) && showsRunResult(s.run));
  s = reduce(
    [
      { type: 'run-progress', progress: progressOf(1, 0.9) },
      { type: 'run-progress', progress: progressOf(2, 0.7) },
      { type: 'run-end', result },
    ],
    s,
  );
  assert.deepEqual(s.losses, [0.9, 0.7]);
  assert.equal(s.progress?.iteration, 2);
  assert.equal(s.run.phase, 'done');
  assert.equal(resultToApply(s.run), result);
  assert.equal(isBusy(s.run), false);
  assert.match(runStatusText(s.run, null) ?? '', /^Done in 1\.5 s/);

  s = reduce(
    [
      { type: 'apply-start', requestId: 'apply-1', total: 1 },
      { type: 'apply-progress', requestId: 'apply-1', done: 1, total: 1 },
    ],
    s,
  );
  assert.deepEqual([s.run.phase, runStatusText(s.run, null)], ['applying', 'Writing layers… 1 / 1']);
  assert.equal(resultToApply(s.run), null, 'no second Apply while one is in flight');
  s = windowReducer(s, { type: 'apply-done', requestId: 'apply-1', frameName: 'Poster — a red poster', nodeCount: 3 });
  assert.deepEqual(s.run, { phase: 'applied', frameName: 'Poster — a red poster', nodeCount: 3 });
  assert.equal(showsRunResult(s.run), true);
});

test("the writer's warnings (what Figma draws instead) are shown when the apply is done; with several frames, each names its frame", () => {
  const done = reduce([{ type: 'run-start' }, { type: 'run-end', result: resultOf() }]);
  const one = reduce(
    [
      { type: 'apply-start', requestId: 'a', total: 1 },
      { type: 'apply-done', requestId: 'a', frameName: 'F', nodeCount: 1, warnings: ['written to Figma: Shape (1:2): the focal point is dropped'] },
    ],
    done,
  );
  assert.equal(one.run.phase, 'applied');
  assert.deepEqual(one.errors.slice(-1), ['written to Figma: Shape (1:2): the focal point is dropped']);
  const many = reduce(
    [
      { type: 'apply-start', requestId: 'b', total: 2 },
      {
        type: 'apply-all-done',
        requestId: 'b',
        frames: [
          { frameName: 'A', nodeCount: 1, warnings: ['w1'] },
          { frameName: 'B', nodeCount: 1, warnings: [] },
        ],
      },
    ],
    done,
  );
  assert.deepEqual(many.errors.slice(-1), ['A: w1']);
});

test('reports that arrive after their phase ended change nothing (progress after the result, an apply reply for another request)', () => {
  const done = reduce([{ type: 'run-start' }, { type: 'run-progress', progress: progressOf(1, 0.9) }, { type: 'run-end', result: resultOf() }]);
  assert.equal(windowReducer(done, { type: 'run-progress', progress: progressOf(2, 0.1) }), done);
  assert.equal(windowReducer(done, { type: 'run-end', result: resultOf() }), done);
  const applying = windowReducer(done, { type: 'apply-start', requestId: 'apply-2', total: 1 });
  assert.equal(windowReducer(applying, { type: 'apply-done', requestId: 'apply-1', frameName: 'x', nodeCount: 1 }), applying);
  assert.equal(windowReducer(applying, { type: 'apply-progress', requestId: 'apply-1', done: 1, total: 1 }), applying);
  assert.equal(windowReducer(INITIAL_WINDOW_STATE, { type: 'apply-start', requestId: 'apply-3', total: 1 }), INITIAL_WINDOW_STATE, 'nothing to apply');
  assert.equal(windowReducer(INITIAL_WINDOW_STATE, { type: 'cancel' }), INITIAL_WINDOW_STATE, 'nothing to cancel');
});

test('Cancel: running -> cancelling -> cancelled, and the cancelled scene is not offered to Apply', () => {
  let s = reduce([{ type: 'run-start' }, { type: 'cancel' }]);
  assert.equal(s.run.phase, 'cancelling');
  assert.equal(isBusy(s.run), true);
  assert.equal(windowReducer(s, { type: 'run-start' }), s, 'no second run while one stops');
  s = windowReducer(s, { type: 'run-end', result: resultOf({ cancelled: true }) });
  assert.equal(s.run.phase, 'cancelled');
  assert.equal(resultToApply(s.run), null);
  assert.equal(showsRunResult(s.run), false, 'the preview goes back to the scene Run would edit');
  assert.equal(runStatusText(s.run, null), 'Cancelled: nothing was changed.');
});

test('a failed run is the failed phase with its reason, on the status line and among the warnings', () => {
  const s = reduce([{ type: 'run-start' }, { type: 'failed', step: 'run', error: 'device lost' }]);
  assert.deepEqual(s.run, { phase: 'failed', step: 'run', error: 'device lost' });
  assert.deepEqual(s.errors, ['device lost']);
  assert.equal(runStatusText(s.run, 'select a frame'), 'The run failed: device lost');
  assert.equal(isBusy(s.run), false);
  assert.equal(reduce([{ type: 'run-start' }], s).run.phase, 'running', 'Run again');
});

test('a failed apply (a sandbox error naming the apply) keeps the result, so Apply can be tried again', () => {
  const result = resultOf();
  let s = reduce([{ type: 'run-start' }, { type: 'run-end', result }, { type: 'apply-start', requestId: 'apply-1', total: 1 }]);
  s = windowReducer(s, { type: 'error', message: 'apply failed: font missing', requestId: 'apply-1' });
  assert.deepEqual(s.run, { phase: 'failed', step: 'apply', error: 'apply failed: font missing', result });
  assert.equal(resultToApply(s.run), result);
  assert.match(runStatusText(s.run, null) ?? '', /^Writing the layers failed: apply failed: font missing Apply to try again\.$/);
  assert.equal(windowReducer(s, { type: 'apply-start', requestId: 'apply-2', total: 1 }).run.phase, 'applying');
  const other = reduce([{ type: 'run-start' }, { type: 'run-end', result }, { type: 'apply-start', requestId: 'apply-1', total: 1 }]);
  assert.equal(windowReducer(other, { type: 'error', message: 'unrelated', requestId: 'images-9' }).run.phase, 'applying');
});

test('a new selection drops prompts and vectors; a run or apply in flight still reports, a vectorisation of the old selection is dropped', () => {
  const images = [{ source: { nodeId: '2:1', name: 'img', x: 0, y: 0, width: 10, height: 10 }, scene }];
  let s = reduce([
    { type: 'selection', selection: selectionOf('1:1', 1) },
    { type: 'prompt', nodeId: '1:1', prompt: 'a red poster' },
    { type: 'vectorise-start', sourceId: '1:1', total: 1 },
    { type: 'vectorise-done', sourceId: '1:1', images },
  ]);
  assert.deepEqual([s.run.phase, s.vectorised, s.prompts], ['idle', images, { '1:1': 'a red poster' }]);
  s = windowReducer(s, { type: 'selection', selection: selectionOf('1:2') });
  assert.deepEqual([s.vectorised, s.prompts, s.selection?.info.sourceId], [[], {}, '1:2']);

  const running = reduce([{ type: 'run-start' }, { type: 'selection', selection: selectionOf('1:3') }], s);
  assert.equal(running.run.phase, 'running');
  const applying = reduce(
    [
      { type: 'run-end', result: resultOf() },
      { type: 'apply-start', requestId: 'a', total: 1 },
      { type: 'selection', selection: selectionOf('1:4') },
    ],
    running,
  );
  assert.equal(reduce([{ type: 'apply-done', requestId: 'a', frameName: 'f', nodeCount: 1 }], applying).run.phase, 'applied');

  const vectorising = reduce([
    { type: 'selection', selection: selectionOf('1:5', 2) },
    { type: 'vectorise-start', sourceId: '1:5', total: 2 },
  ]);
  const moved = reduce([{ type: 'selection', selection: selectionOf('1:6', 1) }], vectorising);
  assert.equal(moved.run.phase, 'idle');
  assert.equal(
    reduce(
      [
        { type: 'vectorise-progress', sourceId: '1:5', done: 1, total: 2 },
        { type: 'vectorise-done', sourceId: '1:5', images },
      ],
      moved,
    ),
    moved,
  );
});

test('busy phases refuse a second start; vectorising counts images; warnings keep the newest few', () => {
  const v = reduce([
    { type: 'vectorise-start', sourceId: '1:1', total: 3 },
    { type: 'vectorise-progress', sourceId: '1:1', done: 2, total: 3 },
  ]);
  assert.equal(runStatusText(v.run, null), 'Vectorising images… 2 / 3');
  assert.equal(windowReducer(v, { type: 'run-start' }), v);
  assert.equal(windowReducer(v, { type: 'vectorise-start', sourceId: '1:1', total: 3 }), v);
  const failed = windowReducer(v, { type: 'failed', step: 'vectorise', error: 'the selection changed' });
  assert.equal(runStatusText(failed.run, null), 'Vectorising failed: the selection changed');
  assert.equal(
    windowReducer(INITIAL_WINDOW_STATE, { type: 'failed', step: 'run', error: 'late' }).run.phase,
    'idle',
    'a failure of no current run is only a warning',
  );

  const many = reduce(Array.from({ length: MAX_ERRORS + 3 }, (_, i) => ({ type: 'error' as const, message: `e${i}` })));
  assert.deepEqual(
    many.errors,
    Array.from({ length: MAX_ERRORS }, (_, i) => `e${i + 3}`),
  );
  const warned = reduce([{ type: 'run-start' }, { type: 'run-end', result: resultOf({ warnings: ['CLIP fell back to WASM'] }) }]);
  assert.deepEqual(warned.errors, ['CLIP fell back to WASM']);
  assert.equal(runStatusText(INITIAL_WINDOW_STATE.run, 'select a frame'), 'To run: select a frame.');
  assert.equal(runStatusText(INITIAL_WINDOW_STATE.run, null), null);
});
