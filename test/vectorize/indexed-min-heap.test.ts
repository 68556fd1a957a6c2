import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { IndexedMinHeap } from '../../src/engine/vectorize/indexed-min-heap.ts';

// The indexed heap against a plain set of items scanned for its least key: after any mix of
// inserts, key changes (up and down) and removals, the top has the least key and the size agrees.

const opArb = fc.oneof(
  fc.record({ kind: fc.constant('update' as const), item: fc.integer({ min: 0, max: 15 }), key: fc.double({ min: -100, max: 100, noNaN: true }) }),
  fc.record({ kind: fc.constant('remove' as const), item: fc.integer({ min: 0, max: 15 }) }),
);

test('after any inserts, key changes and removals the top has the least key', () => {
  fc.assert(
    fc.property(fc.array(opArb, { maxLength: 200 }), (ops) => {
      const key = new Float64Array(16);
      const heap = new IndexedMinHeap(16, key);
      const present = new Set<number>();
      for (const op of ops) {
        if (op.kind === 'update') {
          key[op.item] = op.key;
          heap.update(op.item);
          present.add(op.item);
        } else {
          heap.remove(op.item);
          present.delete(op.item);
        }
        assert.equal(heap.size, present.size);
        for (let i = 0; i < 16; i++) assert.equal(heap.has(i), present.has(i));
        if (present.size > 0) {
          const least = Math.min(...[...present].map((i) => key[i]!));
          // === rather than Object.is: 0 and -0 are the same key.
          assert.ok(key[heap.peek()] === least, `top key ${key[heap.peek()]}, least ${least}`);
        }
      }
    }),
  );
});
