import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDuration, lossCurvePoints } from '../../src/ui/loss-curve.tsx';

test('loss curve: x spreads over all iterations, y spans the range (lowest loss at the bottom edge)', () => {
  const pts = lossCurvePoints([3, 1, 2], 100, 10, 5)
    .split(' ')
    .map((p) => p.split(',').map(Number));
  assert.deepEqual(pts, [
    [0, 0],
    [25, 10],
    [50, 5],
  ]);
  assert.equal(lossCurvePoints([NaN, 2], 100, 10, 2), '100.0,10.0', 'non-finite losses are skipped; a single value sits on the bottom edge');
});

test('durations read as seconds, then minutes', () => {
  assert.equal(formatDuration(4_400), '4 s');
  assert.equal(formatDuration(125_000), '2 min 5 s');
  assert.equal(formatDuration(Infinity), '–');
});
