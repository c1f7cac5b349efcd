/**
 * The on-disk store's asynchronous snapshot through the checkpoint state
 * file: whatever the operator does while the file is written (in-place
 * mutation after a get, puts, deletes, evictions), the file holds the state as
 * of the synchronous part; and a file written from one backend restores into
 * the other, at another parallelism.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { LmdbKeyedStateStore } from './index.ts';
import { HeapKeyedStateStore } from '../heap/index.ts';
import type { ManagedKeyedStateStore } from '../select.ts';
import { decodeSubtaskState, encodeSubtaskState } from '../../../checkpoint/state-file.ts';
import { keyGroupRangeFor } from '../../key-groups.ts';
import type { StateKey } from '../../api.ts';
import type { KeyedStateSnapshot } from '../../snapshot.ts';

const stores: LmdbKeyedStateStore[] = [];
const lmdb = (cacheEntries = 64): LmdbKeyedStateStore => {
  const s = new LmdbKeyedStateStore(128, { cacheEntries });
  stores.push(s);
  return s;
};
after(async () => {
  for (const s of stores) await s.close();
});

function asObject(st: { keyGroups: { entries: Array<[StateKey, unknown]> }[] } | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kg of st?.keyGroups ?? []) for (const [k, v] of kg.entries) out[String(k)] = v;
  return out;
}

function fill(store: ManagedKeyedStateStore, n: number): void {
  const vs = store.valueState<number[]>({ name: 'v' });
  const ls = store.listState<number>({ name: 'l' });
  const ms = store.mapState<string, number>({ name: 'm' });
  for (let i = 0; i < n; i++) {
    vs.put(`k${i}`, [i]);
    ls.add(`k${i}`, i);
    ms.put(`k${i}`, 'a', i);
  }
}

for (const cache of [64, 20_000]) void test(`asynchronous snapshot of the on-disk store (cache ${cache}): concurrent mutations do not leak into it`, async () => {
  const store = lmdb(cache);
  fill(store, 5000);
  const vs = store.valueState<number[]>({ name: 'v' });
  const ls = store.listState<number>({ name: 'l' });
  const ms = store.mapState<string, number>({ name: 'm' });
  const want = new Map(store.snapshot().states.map((s) => [s.name, asObject(s)]));
  // snapshot() wrote everything: read every value again so the cached ones are dirty (live, not yet written)
  for (let i = 0; i < 5000; i++) {
    vs.get(`k${i}`);
    ls.get(`k${i}`);
    ms.getMap(`k${i}`);
  }
  const lazy = store.snapshotAsync();
  let step = 0;
  const mutate = (): Promise<void> => {
    for (let j = 0; j < 300; j++, step++) {
      const k = `k${(step * 7) % 5000}`;
      const arr = vs.get(k);
      if (arr) arr[0] = -1; // in place, after a get
      if (step % 5 === 0) vs.delete(`k${(step * 13) % 5000}`);
      vs.put(`new${step}`, [step]);
      ls.add(k, -1);
      ms.put(k, 'b', -1);
      ms.remove(`k${(step * 3) % 5000}`, 'a');
    }
    return new Promise((r) => setImmediate(r));
  };
  const got = new Map<string, Record<string, unknown>>();
  for (const st of lazy.states) {
    const o: Record<string, unknown> = {};
    await st.collect(
      { entry: (_g, k, v) => (o[String(k)] = structuredClone(v)), endChunk: () => undefined },
      mutate,
      250,
    );
    got.set(st.name, o);
  }
  lazy.release();
  assert.ok(step > 3000, `mutations interleaved (${step})`);
  for (const name of ['v', 'l', 'm']) assert.deepEqual(got.get(name), want.get(name), name);
  assert.notDeepEqual(asObject(store.snapshot().states.find((s) => s.name === 'v')), want.get('v'));
});

async function stateFile(store: ManagedKeyedStateStore): Promise<KeyedStateSnapshot> {
  const enc = await encodeSubtaskState({ nodeId: 1, subtask: 0, lazyKeyed: store.snapshotAsync() });
  return decodeSubtaskState(enc).keyed!;
}

function contents(stores: ManagedKeyedStateStore[]): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = { v: {}, l: {}, m: {} };
  for (const s of stores) {
    for (const [k, x] of s.valueState({ name: 'v' }).entries()) out['v']![String(k)] = x;
    for (const [k, x] of s.listState({ name: 'l' }).entries()) out['l']![String(k)] = x;
    for (const [k, x] of s.mapState({ name: 'm' }).entries()) out['m']![String(k)] = x;
  }
  return out;
}

void test('state files: heap -> on-disk at parallelism 3, on-disk -> heap at parallelism 2', async () => {
  const heap = new HeapKeyedStateStore(128);
  fill(heap, 2000);
  const expected = contents([heap]);
  const file1 = await stateFile(heap);
  const disk = [0, 1, 2].map((i) => {
    const s = lmdb(32);
    s.restore([file1], keyGroupRangeFor(i, 3, 128));
    return s;
  });
  assert.deepEqual(contents(disk), expected);
  // change the on-disk state, then write it and restore into heap stores
  for (const s of disk) {
    const vs = s.valueState<number[]>({ name: 'v' });
    for (const [, v] of vs.entries()) v.push(1);
  }
  for (const v of Object.values(expected['v']!)) (v as number[]).push(1);
  const files = await Promise.all(disk.map((s) => stateFile(s)));
  const heaps = [0, 1].map((i) => {
    const s = new HeapKeyedStateStore(128);
    s.restore(files, keyGroupRangeFor(i, 2, 128));
    return s;
  });
  assert.deepEqual(contents(heaps), expected);
});

void test('the synchronous part of an on-disk snapshot neither serialises nor writes', async () => {
  const store = lmdb(20_000);
  fill(store, 10_000);
  const writes = (): number => [...store.stats().values()].reduce((a, s) => a + s.writes, 0);
  const w0 = writes();
  const lazy = store.snapshotAsync();
  assert.equal(writes(), w0);
  const file = await encodeSubtaskState({ nodeId: 1, subtask: 0, lazyKeyed: lazy });
  const back = decodeSubtaskState(file).keyed!;
  const heap = new HeapKeyedStateStore(128);
  heap.restore([back], keyGroupRangeFor(0, 1, 128));
  assert.deepEqual(contents([heap]), contents([store]));
});

void test('overlapping asynchronous snapshots each hold the state as of their own start', async () => {
  for (const cache of [64, 20_000]) {
    const store = lmdb(cache);
    fill(store, 3000);
    const vs = store.valueState<number[]>({ name: 'v' });
    const touchAll = (): void => {
      for (let i = 0; i < 3000; i++) vs.get(`k${i}`);
    };
    touchAll();
    const want1 = structuredClone(contents([store]));
    const lazy1 = store.snapshotAsync();
    assert.equal(store.snapshotting, false, 'a second snapshot need not fall back to a synchronous copy');
    // change a third of the values, delete some, add some: the second snapshot sees that; the rest (and the
    // list and map states) stays untouched between the two snapshots, so it belongs to both
    const model = structuredClone(want1['v']!) as Record<string, number[]>;
    for (let i = 0; i < 3000; i += 3) {
      vs.get(`k${i}`)!.push(2);
      model[`k${i}`]!.push(2);
    }
    for (let i = 1; i < 3000; i += 50) {
      vs.delete(`k${i}`);
      delete model[`k${i}`];
    }
    for (let i = 0; i < 100; i++) {
      vs.put(`n${i}`, [i]);
      model[`n${i}`] = [i];
    }
    const want2: Record<string, Record<string, unknown>> = { v: structuredClone(model), l: want1['l']!, m: want1['m']! };
    const lazy2 = store.snapshotAsync();
    // more changes while both are written, interleaved: second snapshot first, then the first one
    let step = 0;
    const mutate = (): Promise<void> => {
      for (let j = 0; j < 200; j++, step++) {
        const a = vs.get(`k${(step * 7) % 3000}`);
        if (a) a[0] = -1;
        if (step % 7 === 0) vs.delete(`k${(step * 11) % 3000}`);
        vs.put(`m${step}`, [step]);
      }
      return new Promise((r) => setImmediate(r));
    };
    const collectAll = async (lazy: ReturnType<typeof store.snapshotAsync>): Promise<Record<string, Record<string, unknown>>> => {
      const out: Record<string, Record<string, unknown>> = {};
      for (const st of lazy.states) {
        const o: Record<string, unknown> = {};
        await st.collect(
          { entry: (_g, k, v) => (o[String(k)] = structuredClone(v)), endChunk: () => undefined },
          mutate,
          100,
        );
        out[st.name] = o;
      }
      lazy.release();
      return out;
    };
    const got2 = await collectAll(lazy2);
    const got1 = await collectAll(lazy1);
    assert.ok(step > 1000, `interleaved (${step})`);
    for (const [name, want, got] of [['first', want1, got1], ['second', want2, got2]] as const) {
      for (const st of ['v', 'l', 'm']) {
        const diff = [...new Set([...Object.keys(want[st]!), ...Object.keys(got[st]!)])].filter((k) => JSON.stringify(want[st]![k]) !== JSON.stringify(got[st]![k]));
        assert.deepEqual(diff.slice(0, 5).map((k) => [k, want[st]![k], got[st]![k]]), [], `${name} snapshot, state ${st}, cache ${cache}: ${diff.length} keys differ`);
      }
    }
  }
});

void test('a value read from disk and not changed is not written back when evicted', () => {
  const store = lmdb(16);
  const vs = store.valueState<{ n: number; tags: Map<string, number> }>({ name: 'v' });
  for (let i = 0; i < 200; i++) vs.put(i, { n: i, tags: new Map([['a', i]]) });
  const stats = (): { writes: number; unchanged: number } => store.stats().get('v')!;
  // a first pass writes the values put (they were never on disk); in a second pass every value is loaded and
  // evicted unchanged
  for (let i = 0; i < 200; i++) assert.equal(vs.get(i)!.n, i);
  const w0 = stats().writes;
  for (let i = 0; i < 200; i++) assert.equal(vs.get(i)!.n, i);
  assert.equal(stats().writes, w0);
  assert.ok(stats().unchanged >= 180);
  // a change in place (even deep in a Map) is written
  for (let i = 0; i < 200; i++) vs.get(i)!.tags.set('a', -i - 1);
  for (let i = 0; i < 200; i++) assert.equal(vs.get(i)!.tags.get('a'), -i - 1);
  assert.ok(stats().writes >= w0 + 180);
});
