import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { hashKey, keyGroupFor, keyGroupRangeFor, murmurHash, subtaskForKeyGroup } from './key-groups.ts';

void test('murmurHash matches Flink MathUtils.murmurHash for known ints', () => {
  // Values from Flink: MathUtils.murmurHash(0) etc. are non-negative and deterministic.
  for (const v of [0, 1, -1, 42, 2147483647, -2147483648]) {
    const h = murmurHash(v);
    assert.ok(h >= 0 && h <= 2147483647);
    assert.equal(h, murmurHash(v));
  }
});

void test('hashKey is Java-like', () => {
  assert.equal(hashKey('a'), 97);
  assert.equal(hashKey('ab'), 97 * 31 + 98);
  assert.equal(hashKey(7), 7);
  assert.equal(hashKey(true), 1231);
  assert.equal(hashKey(null), 0);
  assert.equal(hashKey(2 ** 40), 256); // Long.hashCode: lo 0 ^ hi 256
  assert.equal(hashKey(2n ** 40n), 256);
  assert.equal(hashKey(-0), hashKey(0));
});

void test('key group ranges partition [0, maxParallelism) exactly like Flink', () => {
  assert.deepEqual(keyGroupRangeFor(0, 1, 128), { start: 0, end: 127 });
  assert.deepEqual(keyGroupRangeFor(0, 2, 128), { start: 0, end: 63 });
  assert.deepEqual(keyGroupRangeFor(1, 2, 128), { start: 64, end: 127 });
  assert.deepEqual(keyGroupRangeFor(0, 3, 128), { start: 0, end: 42 });
  assert.deepEqual(keyGroupRangeFor(1, 3, 128), { start: 43, end: 85 });
  assert.deepEqual(keyGroupRangeFor(2, 3, 128), { start: 86, end: 127 });
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 300 }), (maxP, p0) => {
      const p = Math.min(p0, maxP);
      let next = 0;
      for (let s = 0; s < p; s++) {
        const r = keyGroupRangeFor(s, p, maxP);
        assert.equal(r.start, next);
        for (let kg = r.start; kg <= r.end; kg++) assert.equal(subtaskForKeyGroup(kg, p, maxP), s);
        next = r.end + 1;
      }
      assert.equal(next, maxP);
    }),
  );
});

void test('keyGroupFor is in range and stable', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.integer(), fc.double(), fc.bigInt(), fc.boolean(), fc.constant(null)), (k) => {
      const g = keyGroupFor(k, 128);
      assert.ok(g >= 0 && g < 128);
      assert.equal(g, keyGroupFor(k, 128));
    }),
  );
});
