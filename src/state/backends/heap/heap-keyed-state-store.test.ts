/**
 * The keyed state store contract, run against both backends: the heap store
 * and the on-disk LMDB store (with the smallest cache, so that nearly every
 * access goes through LMDB and eviction).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HeapKeyedStateStore } from './heap-keyed-state-store.ts';
import { LmdbKeyedStateStore, MIN_CACHE_ENTRIES } from '../lmdb/index.ts';
import type { ManagedKeyedStateStore } from '../select.ts';
import { keyGroupFor, keyGroupRangeFor, subtaskForKey } from '../../key-groups.ts';
import type { KeyedStateSnapshot } from '../../snapshot.ts';

const V = { name: 'counts' };
const L = { name: 'lists' };
const M = { name: 'maps' };

const open: ManagedKeyedStateStore[] = [];
after(async () => {
  for (const s of open) await s.close?.();
});

const backends: Array<[string, (maxParallelism?: number) => ManagedKeyedStateStore]> = [
  ['heap', (mp) => new HeapKeyedStateStore(mp)],
  [
    'lmdb',
    (mp) => {
      const s = new LmdbKeyedStateStore(mp, { cacheEntries: MIN_CACHE_ENTRIES });
      open.push(s);
      return s;
    },
  ],
];

function fill(store: ManagedKeyedStateStore, keys: number): void {
  const v = store.valueState<number>(V);
  const l = store.listState<string>(L);
  const m = store.mapState<string, number>(M);
  for (let i = 0; i < keys; i++) {
    v.put(`k${i}`, i);
    l.add(i, 'a');
    l.add(i, 'b');
    m.put(i % 2 === 0 ? `e${i}` : i, 'x', i);
  }
}

function contents(stores: ManagedKeyedStateStore[]): { v: Map<unknown, unknown>; l: Map<unknown, unknown>; m: Map<unknown, unknown> } {
  const v = new Map();
  const l = new Map();
  const m = new Map();
  for (const s of stores) {
    for (const [k, x] of s.valueState(V).entries()) v.set(k, x);
    for (const [k, x] of s.listState(L).entries()) l.set(k, x);
    for (const [k, x] of s.mapState(M).entries()) m.set(k, x);
  }
  return { v, l, m };
}

for (const [name, make] of backends) {
  void describe(`${name} keyed state store`, () => {
    void test('value, list and map state basics', () => {
      const s = make();
      const v = s.valueState<number>(V);
      v.put('a', 1);
      assert.equal(v.get('a'), 1);
      assert.equal(v.size, 1);
      v.delete('a');
      assert.equal(v.get('a'), undefined);
      assert.equal(v.size, 0);
      const l = s.listState<number>(L);
      l.add(1, 10);
      l.add(1, 11);
      assert.deepEqual(l.get(1), [10, 11]);
      const m = s.mapState<string, number>(M);
      m.put(null, 'x', 1);
      m.put(null, 'y', 2);
      m.remove(null, 'x');
      assert.deepEqual([...m.getMap(null)!], [['y', 2]]);
      m.remove(null, 'y');
      assert.equal(m.getMap(null), undefined);
      assert.equal(s.valueState(V), v, 'redeclaring returns the same state');
      assert.throws(() => s.listState(V));
    });

    void test('values mutated in place after a get survive eviction', () => {
      const s = make();
      const v = s.valueState<number[]>(V);
      const l = s.listState<number>(L);
      const N = 500;
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < N; i++) {
          const acc = v.get(i);
          if (acc) acc[0]! += i;
          else v.put(i, [i]);
          l.add(`k${i % 50}`, i);
        }
      }
      for (let i = 0; i < N; i++) assert.deepEqual(v.get(i), [3 * i], `key ${i}`);
      assert.equal(v.size, N);
      for (let i = 0; i < 50; i++) assert.equal(l.get(`k${i}`)!.length, 30);
      // delete half, re-add a few, check size and entries
      for (let i = 0; i < N; i += 2) v.delete(i);
      for (let i = 0; i < 10; i += 2) v.put(i, [-i]);
      assert.equal(v.size, N / 2 + 5);
      const all = new Map(v.entries());
      assert.equal(all.size, N / 2 + 5);
      assert.deepEqual(all.get(4), [-4]);
      assert.equal(all.get(12), undefined);
      assert.deepEqual(all.get(13), [39]);
    });

    void test('mutations made while iterating entries() are kept', () => {
      const s = make();
      const v = s.valueState<{ n: number }>(V);
      for (let i = 0; i < 300; i++) v.put(`k${i}`, { n: i });
      const drop: string[] = [];
      for (const [k, e] of v.entries()) {
        e.n += 1000;
        if (e.n % 3 === 0) drop.push(k as string);
      }
      for (const k of drop) v.delete(k);
      assert.equal(v.size, 300 - drop.length);
      let seen = 0;
      for (const [k, e] of v.entries()) {
        seen++;
        assert.equal(e.n, Number((k as string).slice(1)) + 1000);
      }
      assert.equal(seen, 300 - drop.length);
    });

    void test('keys of every kind, values of every kind operators store', () => {
      const s = make();
      const v = s.valueState<unknown>(V);
      const keys = [null, true, false, 0, -1.5, 2 ** 53 - 1, 7n, -(2n ** 80n), '', 'ü€😀', 'k'];
      const value = (i: number): unknown => [
        i,
        123456789012345678901234567890n,
        'text',
        null,
        undefined,
        true,
        [1, [2, [3n]]],
        new Map<unknown, unknown>([
          [1, 'a'],
          ['1', 'b'],
          [null, 3],
          [2n, [4]],
        ]),
        { l: [[1, 'x']], r: new Map([[5, { row: [1], n: 2 }]]) },
        new Uint8Array([1, 2, i]),
        Number.NaN,
        -Infinity,
        1.25,
      ];
      keys.forEach((k, i) => v.put(k, value(i)));
      for (let i = 0; i < 100; i++) v.put(`filler${i}`, i); // push the values above through LMDB
      keys.forEach((k, i) => assert.deepEqual(v.get(k), value(i), String(k)));
      const back = new Map(v.entries());
      for (const k of keys) assert.ok(back.has(k), String(k));
      assert.equal(v.get(1), undefined);
      assert.equal(v.get('0'), undefined);
      assert.equal(v.get(7), undefined, 'a number key is not the bigint key');
    });

    void test('snapshot is deep and grouped by key group', () => {
      const s = make(128);
      const v = s.valueState<number[]>(V);
      const arr = [1];
      v.put('a', arr);
      const snap = s.snapshot();
      arr.push(2); // later mutation must not leak into the snapshot
      const st = snap.states.find((x) => x.name === 'counts')!;
      assert.equal(st.keyGroups.length, 1);
      assert.equal(st.keyGroups[0]!.keyGroup, keyGroupFor('a', 128));
      assert.deepEqual(st.keyGroups[0]!.entries, [['a', [1]]]);
      assert.deepEqual(structuredClone(snap), snap);
    });

    void test('rescale 1 -> 2 -> 1 redistributes by key group', () => {
      const one = make(128);
      fill(one, 500);
      const before = contents([one]);
      const snap1 = one.snapshot();

      const two = [0, 1].map((i) => {
        const s = make(128);
        s.restore([snap1], keyGroupRangeFor(i, 2, 128));
        return s;
      });
      // each subtask holds exactly the keys it owns
      for (let i = 0; i < 2; i++) {
        for (const [k] of two[i]!.valueState(V).entries()) assert.equal(subtaskForKey(k, 2, 128), i);
        for (const [k] of two[i]!.mapState(M).entries()) assert.equal(subtaskForKey(k, 2, 128), i);
      }
      assert.ok(two[0]!.valueState(V).size > 100 && two[1]!.valueState(V).size > 100);
      assert.equal(two[0]!.valueState(V).size + two[1]!.valueState(V).size, 500);
      assert.deepEqual(contents(two), before);

      const snaps2: KeyedStateSnapshot[] = two.map((s) => s.snapshot());
      const back = make(128);
      back.restore(structuredClone(snaps2), keyGroupRangeFor(0, 1, 128));
      assert.deepEqual(contents([back]), before);
    });

    void test('restore before declaration fills the state when declared', () => {
      const a = make();
      a.valueState<string>(V).put(5, 'five');
      const b = make();
      b.restore([a.snapshot()], keyGroupRangeFor(0, 1));
      // undeclared restored state survives a snapshot
      assert.equal(b.snapshot().states.length, 1);
      assert.equal(b.valueState<string>(V).get(5), 'five');
      assert.throws(() => {
        const c = make();
        c.restore([a.snapshot()], keyGroupRangeFor(0, 1));
        c.listState(V);
      }, /restored state 'counts' is value state/);
    });
  });
}

// The checkpoint format is canonical: what one backend wrote, the other restores (at another parallelism too).
for (const [from, makeFrom] of backends) {
  for (const [to, makeTo] of backends) {
    if (from === to) continue;
    void test(`restore across backends: ${from} -> ${to}`, () => {
      const src = makeFrom(128);
      fill(src, 400);
      const before = contents([src]);
      const snap = structuredClone(src.snapshot());
      const one = makeTo(128);
      one.restore([snap], keyGroupRangeFor(0, 1, 128));
      assert.deepEqual(contents([one]), before);
      const parts = [0, 1, 2].map((i) => {
        const s = makeTo(128);
        s.restore([snap], keyGroupRangeFor(i, 3, 128));
        return s;
      });
      assert.deepEqual(contents(parts), before);
    });
  }
}
