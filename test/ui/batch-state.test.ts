import assert from 'node:assert/strict';
import { test } from 'node:test';
import { batchProgressText, type Candidate } from '../../src/ui/batch-state.ts';
import { isBusy, resultToApply } from '../../src/ui/run-state.ts';
import { windowReducer, windowStatusText } from '../../src/ui/window-state.ts';
import { progressOf, reduce, resultOf, scene, selectionOf } from './ui-state-fixtures.ts';

// Variations and icon sets in the window reducer: candidates as they finish, a selection among
// them, Cancel keeping the finished ones, Apply (the selected one) and Apply all.

function candidate(index: number, sourceId = '1:1'): Candidate {
  return { index, label: `Seed ${index}`, sourceId, prompt: 'a red circle', result: resultOf({ losses: [index] }) };
}

test('variations: candidates arrive one by one, the first is selected at once, selecting another changes what Apply writes', () => {
  let s = reduce([
    { type: 'selection', selection: selectionOf('1:1') },
    { type: 'batch-start', kind: 'variations', total: 3 },
  ]);
  assert.equal(s.run.phase, 'running');
  assert.deepEqual([s.batch?.items.length, s.batch?.selected], [0, -1]);
  s = reduce(
    [
      { type: 'batch-progress', progress: progressOf(1, 0.9), current: 0, fraction: 0.1 },
      { type: 'batch-progress', progress: progressOf(2, 0.8), current: 0, fraction: 0.2 },
      { type: 'batch-item', candidate: candidate(0) },
      { type: 'batch-progress', progress: progressOf(1, 0.7), current: 1, fraction: 0.4 },
    ],
    s,
  );
  assert.deepEqual(s.losses, [0.7], 'the loss curve starts again with each variation');
  assert.equal(s.batch?.selected, 0);
  assert.equal(batchProgressText(s.batch!), 'Variation 2 of 3');
  assert.equal(isBusy(s.run), true);
  s = reduce(
    [
      { type: 'batch-item', candidate: candidate(1) },
      { type: 'batch-item', candidate: candidate(2) },
      { type: 'batch-end', cancelled: false, warnings: [] },
    ],
    s,
  );
  assert.equal(s.run.phase, 'done');
  assert.equal(resultToApply(s.run), s.batch!.items[0]!.result);
  assert.match(windowStatusText(s, null) ?? '', /^3 of 3 variations\. Apply writes the selected one; Apply all/);
  s = windowReducer(s, { type: 'select-candidate', index: 2 });
  assert.equal(resultToApply(s.run), s.batch!.items[2]!.result);
  assert.equal(windowReducer(s, { type: 'select-candidate', index: 7 }), s, 'no such candidate: nothing changes');

  s = windowReducer(s, { type: 'apply-all-start', requestId: 'apply-9', total: 3 });
  assert.equal(s.run.phase, 'applying');
  assert.equal(windowReducer(s, { type: 'select-candidate', index: 0 }), s, 'no change of candidate while writing');
  assert.equal(windowReducer(s, { type: 'apply-all-done', requestId: 'apply-8', frames: [] }), s, 'a reply to another request is ignored');
  s = windowReducer(s, {
    type: 'apply-all-done',
    requestId: 'apply-9',
    frames: [
      { frameName: 'A', nodeCount: 2 },
      { frameName: 'B', nodeCount: 2 },
      { frameName: 'C', nodeCount: 3 },
    ],
  });
  assert.deepEqual(s.run, { phase: 'applied', frameName: '3 frames', nodeCount: 7 });
});

test('icon set: Cancel midway keeps the finished frames for Apply; with none finished it is a plain cancel', () => {
  let s = reduce([
    { type: 'selection', selection: selectionOf('1:1') },
    { type: 'batch-start', kind: 'icon-set', total: 3 },
    { type: 'batch-item', candidate: candidate(0, '2:1') },
    { type: 'batch-progress', progress: progressOf(1, 0.5), current: 1, fraction: 0.4 },
  ]);
  assert.equal(batchProgressText(s.batch!, ['Star', 'Heart', 'Moon']), 'Frame 2 of 3 (Heart)');
  assert.ok(Math.abs(s.batch!.fraction - 0.4) < 1e-12);
  s = reduce([{ type: 'cancel' }, { type: 'batch-end', cancelled: true, warnings: ['w'] }], s);
  assert.equal(s.run.phase, 'done');
  assert.equal(s.batch?.items.length, 1);
  assert.deepEqual(s.errors, ['w']);
  assert.match(windowStatusText(s, null) ?? '', /^1 of 3 frames edited\. Cancelled: the 1 finished kept\. Apply writes each beside its source/);

  const none = reduce([
    { type: 'selection', selection: selectionOf('1:1') },
    { type: 'batch-start', kind: 'icon-set', total: 3 },
    { type: 'cancel' },
    { type: 'batch-end', cancelled: true, warnings: [] },
  ]);
  assert.equal(none.run.phase, 'cancelled');
  assert.equal(resultToApply(none.run), null);
});

test('a batch that fails midway keeps its finished result; a single run, or a new selection, drops the batch', () => {
  let s = reduce([
    { type: 'selection', selection: selectionOf('1:1') },
    { type: 'batch-start', kind: 'variations', total: 2 },
    { type: 'batch-item', candidate: candidate(0) },
    { type: 'failed', step: 'run', error: 'device lost' },
  ]);
  assert.equal(s.run.phase, 'failed');
  assert.equal(resultToApply(s.run), s.batch!.items[0]!.result);
  s = windowReducer(s, { type: 'run-start' });
  assert.equal(s.batch, null);
  s = reduce(
    [
      { type: 'run-end', result: resultOf({ scene }) },
      { type: 'batch-start', kind: 'variations', total: 2 },
    ],
    s,
  );
  assert.ok(s.batch);
  s = reduce(
    [
      { type: 'batch-end', cancelled: true, warnings: [] },
      { type: 'selection', selection: selectionOf('1:2') },
    ],
    s,
  );
  assert.deepEqual([s.batch, s.run.phase], [null, 'idle']);
});

test('batch actions outside a batch run change nothing', () => {
  const s = reduce([{ type: 'selection', selection: selectionOf('1:1') }]);
  assert.equal(windowReducer(s, { type: 'batch-item', candidate: candidate(0) }), s);
  assert.equal(windowReducer(s, { type: 'batch-end', cancelled: false, warnings: [] }), s);
  assert.equal(windowReducer(s, { type: 'apply-all-start', requestId: 'x', total: 1 }), s);
  const running = windowReducer(s, { type: 'run-start' });
  assert.equal(windowReducer(running, { type: 'batch-start', kind: 'icon-set', total: 2 }), running, 'no batch while a run is in flight');
});
