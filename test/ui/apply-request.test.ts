import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseUiToSandbox } from '../../src/protocol/validate-message.ts';
import { applyAllRequest, applyRequest } from '../../src/ui/apply-request.ts';
import { addCandidate, startBatch, type Candidate } from '../../src/ui/batch-state.ts';
import { resultOf, scene, selectionOf } from './ui-state-fixtures.ts';

const candidate = (index: number, sourceId: string): Candidate => ({
  index,
  label: `#${index}`,
  sourceId,
  prompt: 'a red circle',
  result: resultOf({ scene: { ...scene, width: 10 + index } }),
});

test('Apply all: every candidate in order, one item each, a message the sandbox accepts', () => {
  let batch = startBatch('variations', 3);
  for (const i of [0, 1, 2]) batch = addCandidate(batch, candidate(i, '1:1'));
  const r = applyAllRequest(batch, 'apply-3');
  assert.ok(r);
  assert.deepEqual(r.action, { type: 'apply-all-start', requestId: 'apply-3', total: 3 });
  const parsed = parseUiToSandbox(JSON.parse(JSON.stringify(r.message)));
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  assert.equal(parsed.message.type, 'apply-scenes');
  if (parsed.message.type !== 'apply-scenes') return;
  assert.deepEqual(
    parsed.message.items.map((it) => [it.sourceId, it.scene.width]),
    [
      ['1:1', 10],
      ['1:1', 11],
      ['1:1', 12],
    ],
  );
  assert.equal(applyAllRequest(startBatch('variations', 2), 'x'), null, 'nothing finished, nothing to write');
});

test('Apply: the selected result beside the whole selection; for an icon set, every finished frame beside its own source', () => {
  const info = selectionOf('1:1').info;
  const result = resultOf();
  const one = applyRequest(null, result, info, 'a red circle', 'apply-1');
  assert.ok(one);
  assert.deepEqual(one.action, { type: 'apply-start', requestId: 'apply-1', total: 1 });
  assert.equal(one.message.type, 'apply-scene');
  if (one.message.type === 'apply-scene') assert.deepEqual([one.message.sourceId, one.message.besideIds, one.message.scene], ['1:1', ['1:1'], result.scene]);
  assert.equal(applyRequest(null, null, info, 'p', 'x'), null);

  let set = startBatch('icon-set', 3);
  set = addCandidate(addCandidate(set, candidate(0, '2:1')), candidate(1, '3:1'));
  const all = applyRequest(set, result, info, 'a red circle', 'apply-2');
  assert.equal(all?.message.type, 'apply-scenes');
  if (all?.message.type === 'apply-scenes')
    assert.deepEqual(
      all.message.items.map((it) => it.sourceId),
      ['2:1', '3:1'],
    );
});
