import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeapKeyedStateStore } from './heap-keyed-state-store.ts';
import { keyGroupFor, keyGroupRangeFor, subtaskForKey } from '../../key-groups.ts';
import type { KeyedStateSnapshot } from '../../snapshot.ts';

const V = { name: 'counts' };
const L = { name: 'lists' };
const M = { name: 'maps' };

function fill(store: HeapKeyedStateStore, keys: number): void {
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

void test('value, list and map state basics', () => {
  const s = new HeapKeyedStateStore();
  const v = s.valueState<number>(V);
  v.put('a', 1);
  assert.equal(v.get('a'), 1);
  assert.equal(v.size, 1);
  v.delete('a');
  assert.equal(v.get('a'), undefined);
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

void test('snapshot is deep and grouped by key group', () => {
  const s = new HeapKeyedStateStore(128);
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

function contents(stores: HeapKeyedStateStore[]): { v: Map<unknown, unknown>; l: Map<unknown, unknown>; m: Map<unknown, unknown> } {
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

void test('rescale 1 -> 2 -> 1 redistributes by key group', () => {
  const one = new HeapKeyedStateStore(128);
  fill(one, 500);
  const before = contents([one]);
  const snap1 = one.snapshot();

  const two = [0, 1].map((i) => {
    const s = new HeapKeyedStateStore(128);
    s.restore([snap1], keyGroupRangeFor(i, 2, 128));
    return s;
  });
  // each subtask holds exactly the keys it owns
  for (let i = 0; i < 2; i++) {
    for (const [k] of two[i]!.valueState(V).entries()) assert.equal(subtaskForKey(k, 2, 128), i);
    for (const [k] of two[i]!.mapState(M).entries()) assert.equal(subtaskForKey(k, 2, 128), i);
  }
  assert.ok(two[0]!.valueState(V).size > 100 && two[1]!.valueState(V).size > 100);
  assert.deepEqual(contents(two), before);

  const snaps2: KeyedStateSnapshot[] = two.map((s) => s.snapshot());
  const back = new HeapKeyedStateStore(128);
  back.restore(structuredClone(snaps2), keyGroupRangeFor(0, 1, 128));
  assert.deepEqual(contents([back]), before);
});

void test('restore before declaration fills the state when declared', () => {
  const a = new HeapKeyedStateStore();
  a.valueState<string>(V).put(5, 'five');
  const b = new HeapKeyedStateStore();
  b.restore([a.snapshot()], keyGroupRangeFor(0, 1));
  // undeclared restored state survives a snapshot
  assert.equal(b.snapshot().states.length, 1);
  assert.equal(b.valueState<string>(V).get(5), 'five');
});
