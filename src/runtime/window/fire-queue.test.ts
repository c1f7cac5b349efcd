import assert from 'node:assert/strict';
import test from 'node:test';
import fc from 'fast-check';
import { FireQueue } from './fire-queue.ts';

void test('FireQueue pops distinct ends in increasing order with all their keys, repeats allowed (property)', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.constantFrom('a', 'b', 'c')), { maxLength: 60 }), (adds) => {
      const q = new FireQueue();
      const want = new Map<number, Set<string>>();
      for (const [e, k] of adds) {
        q.add(e, k);
        if (!want.has(e)) want.set(e, new Set());
        want.get(e)!.add(k);
      }
      assert.equal(q.size, want.size);
      const got: [number, string[]][] = [];
      for (let x = q.pop(); x; x = q.pop()) got.push([x.end, [...new Set(x.keys)].map(String).sort()]);
      assert.deepEqual(got, [...want].sort((a, b) => a[0] - b[0]).map(([e, ks]) => [e, [...ks].sort()]));
      assert.equal(q.peek(), undefined);
    }),
  );
});
