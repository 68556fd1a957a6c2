import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { microBatchesOfSize } from '../../src/engine/clip/clip-micro-batch-plan.ts';
import { maxMicroBatchForBudget, planMicroBatches } from '../support/clip-micro-batch-budget.ts';

test('micro-batches cover every image exactly once, in order, none larger than the cap, sizes within one of each other', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 64 }), (images, cap) => {
      const plan = planMicroBatches(images, cap);
      assert.ok(plan.size <= cap);
      let next = 0;
      for (const mb of plan.batches) {
        assert.equal(mb.start, next);
        assert.ok(mb.count >= 1 && mb.count <= plan.size);
        next += mb.count;
      }
      assert.equal(next, images);
      assert.equal(plan.batches.length, Math.ceil(images / cap), 'no more runs than the cap requires');
      const counts = plan.batches.map((b) => b.count);
      assert.ok(Math.max(...counts) - Math.min(...counts) <= plan.size - 1);
    }),
  );
});

test('65 crops (64 patches + 1 ROI view) under a cap of 16 run as 5 micro-batches of 13, no padding', () => {
  const plan = planMicroBatches(65, 16);
  assert.equal(plan.size, 13);
  assert.deepEqual(
    plan.batches.map((b) => b.count),
    [13, 13, 13, 13, 13],
  );
});

test('fixed-size split pads only the last micro-batch', () => {
  assert.deepEqual(microBatchesOfSize(5, 2).batches, [
    { start: 0, count: 2 },
    { start: 2, count: 2 },
    { start: 4, count: 1 },
  ]);
});

test('budget: largest micro-batch whose peak fits', () => {
  assert.equal(maxMicroBatchForBudget(100, 30, 250), 5);
  assert.equal(maxMicroBatchForBudget(300, 30, 250), 0);
  assert.throws(() => planMicroBatches(0, 4), /images must be a positive integer/);
  assert.throws(() => planMicroBatches(3, 0), /micro-batch size must be a positive integer/);
});
