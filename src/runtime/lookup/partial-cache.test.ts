/**
 * The PARTIAL lookup cache with an injected clock: LRU eviction beyond
 * max-rows, expiry after write and after access (an access renews only the
 * latter), and cache-missing-key.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PartialLookupCache } from './partial-cache.ts';
import type { PartialCacheSpec } from './lookup-cache-spec.ts';

const spec = (s: Partial<PartialCacheSpec>): PartialCacheSpec => ({
  kind: 'PARTIAL',
  maxRows: undefined,
  expireAfterAccessMs: undefined,
  expireAfterWriteMs: undefined,
  cacheMissingKey: true,
  ...s,
});

void test('max-rows evicts the least recently used key (a read makes a key recent)', () => {
  const c = new PartialLookupCache(spec({ maxRows: 2 }), () => 0);
  c.put(1, [[1, 'a']]);
  c.put(2, [[2, 'b']]);
  assert.deepEqual(c.getIfPresent(1), [[1, 'a']]);
  c.put(3, [[3, 'c']]);
  assert.equal(c.size, 2);
  assert.equal(c.getIfPresent(2), undefined);
  assert.deepEqual(c.getIfPresent(1), [[1, 'a']]);
  assert.deepEqual(c.getIfPresent(3), [[3, 'c']]);
  assert.equal(c.hits, 3);
  assert.equal(c.misses, 1);
  // rewriting a key keeps one entry
  c.put(3, [[3, 'c2']]);
  assert.equal(c.size, 2);
  assert.deepEqual(c.getIfPresent(3), [[3, 'c2']]);
});

void test('expire-after-write: an entry goes at write + ttl whatever its reads', () => {
  let now = 0;
  const c = new PartialLookupCache(spec({ expireAfterWriteMs: 100 }), () => now);
  c.put('k', [['k']]);
  now = 99;
  assert.deepEqual(c.getIfPresent('k'), [['k']]);
  now = 100;
  assert.equal(c.getIfPresent('k'), undefined);
  assert.equal(c.size, 0);
});

void test('expire-after-access: each read renews the entry; idle entries are purged on the next write', () => {
  let now = 0;
  const c = new PartialLookupCache(spec({ expireAfterAccessMs: 100 }), () => now);
  c.put('a', [['a']]);
  c.put('b', [['b']]);
  for (now = 50; now <= 250; now += 50) assert.deepEqual(c.getIfPresent('a'), [['a']]);
  now = 260;
  c.put('c', [['c']]);
  assert.equal(c.size, 2); // b (idle since 0) is gone
  assert.equal(c.getIfPresent('b'), undefined);
  now = 350;
  assert.equal(c.getIfPresent('a'), undefined);
  assert.deepEqual(c.getIfPresent('c'), [['c']]);
});

void test('cache-missing-key: an empty answer is cached only when asked to', () => {
  const yes = new PartialLookupCache(spec({ maxRows: 10 }), () => 0);
  yes.put('x', []);
  assert.deepEqual(yes.getIfPresent('x'), []);
  const no = new PartialLookupCache(spec({ maxRows: 10, cacheMissingKey: false }), () => 0);
  no.put('x', []);
  assert.equal(no.getIfPresent('x'), undefined);
  assert.equal(no.size, 0);
});
