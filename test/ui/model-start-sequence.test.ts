import assert from 'node:assert/strict';
import test from 'node:test';
import { ModelStartSequence } from '../../src/ui/model-start-sequence.ts';

test('progress that arrives after its start settled is not shown (ports are not ordered with each other)', () => {
  const s = new ModelStartSequence();
  const a = s.begin();
  assert.equal(s.acceptsProgress(a), true);
  assert.equal(s.settle(a), true);
  assert.equal(s.acceptsProgress(a), false, 'a late progress event must not turn a ready engine back to loading');
});

test('a superseded start neither reports progress nor its outcome; the newest does', () => {
  const s = new ModelStartSequence();
  const old = s.begin();
  const next = s.begin();
  assert.equal(s.acceptsProgress(old), false);
  assert.equal(s.settle(old), false, "the older start's failure must not replace the newer start's state");
  assert.equal(s.acceptsProgress(next), true);
  assert.equal(s.settle(next), true);
});
