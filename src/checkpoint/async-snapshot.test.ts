/**
 * The heap backend's asynchronous snapshot (copy on access): whatever the
 * operator does while the snapshot is being written — in-place mutation after
 * a get, put, delete, new keys, list adds, map puts — the written snapshot is
 * the state as of the synchronous part.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeapKeyedStateStore } from '../state/backends/heap/index.ts';
import { decodeSubtaskState, encodeSubtaskState } from './state-file.ts';
import type { StateKey } from '../state/api.ts';

function asObject(st: { keyGroups: { entries: Array<[StateKey, unknown]> }[] } | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kg of st?.keyGroups ?? []) for (const [k, v] of kg.entries) out[String(k)] = v;
  return out;
}

void test('asynchronous snapshot: concurrent mutations do not leak into it', async () => {
  const store = new HeapKeyedStateStore(128);
  const vs = store.valueState<number[]>({ name: 'v' });
  const ls = store.listState<number>({ name: 'l' });
  const ms = store.mapState<string, number>({ name: 'm' });
  const N = 5000;
  for (let i = 0; i < N; i++) {
    vs.put(`k${i}`, [i]);
    ls.add(`k${i}`, i);
    ms.put(`k${i}`, 'a', i);
  }
  const expected = asObject(store.snapshot().states.find((s) => s.name === 'v'));
  const lazy = store.snapshotAsync();
  assert.equal(store.snapshotting, true);
  // mutate while the writer runs: interleave through the pause callback
  let step = 0;
  const mutate = (): Promise<void> => {
    for (let j = 0; j < 300; j++, step++) {
      const k = `k${(step * 7) % N}`;
      const arr = vs.get(k);
      if (arr) arr[0] = -1; // in place, after a get
      if (step % 5 === 0) vs.delete(`k${(step * 13) % N}`);
      vs.put(`new${step}`, [step]);
      ls.add(k, -1);
      ms.put(k, 'b', -1);
      ms.remove(`k${(step * 3) % N}`, 'a');
    }
    return new Promise((r) => setImmediate(r));
  };
  const enc = await encodeSubtaskState({ nodeId: 1, subtask: 0, lazyKeyed: lazy });
  assert.equal(store.snapshotting, false);
  const back = decodeSubtaskState(enc);
  const byName = new Map(back.keyed!.states.map((s) => [s.name, s]));
  assert.deepEqual(asObject(byName.get('v')), expected);

  // now with real interleaving: chunks of 100 entries, mutations between them
  const lazy2 = store.snapshotAsync();
  const want = new Map<string, Record<string, unknown>>();
  // the expected content is the state right now (before any mutation below)
  const now = store.snapshot();
  for (const st of now.states) want.set(st.name, asObject(st));
  const got = new Map<string, Record<string, unknown>>();
  for (const st of lazy2.states) {
    const o: Record<string, unknown> = {};
    await st.collect(
      { entry: (_g, k, v) => (o[String(k)] = structuredClone(v)), endChunk: () => undefined },
      mutate,
      100,
    );
    got.set(st.name, o);
  }
  assert.ok(step > 0, 'mutations interleaved');
  for (const name of ['v', 'l', 'm']) assert.deepEqual(got.get(name), want.get(name), name);
  // and the live state did change
  assert.notDeepEqual(asObject(store.snapshot().states.find((s) => s.name === 'v')), want.get('v'));
});

void test('asynchronous snapshot through the state file: one entry per key, as of the synchronous part, with the operator running meanwhile', async () => {
  const store = new HeapKeyedStateStore(128);
  const vs = store.valueState<unknown[]>({ name: 'acc' });
  const N = 30_000; // several frames, so the writer yields between them
  for (let i = 0; i < N; i++) vs.put(i, [i, [i * 2, 1], `s${i}`]);
  const want = asObject(store.snapshot().states.find((s) => s.name === 'acc'));
  const lazy = store.snapshotAsync();
  let running = true;
  let touched = 0;
  const operator = (async () => {
    // touches keys the writer has already emitted and keys it has not reached yet
    for (let round = 0; running; round++) {
      for (let j = 0; j < 2000; j++, touched++) {
        const k = (round * 7919 + j * 13) % N;
        const v = vs.get(k);
        if (v) {
          v[0] = -1;
          (v[1] as number[])[0] = -1;
        }
        if (j % 50 === 0) vs.delete((k + 1) % N);
        if (j % 70 === 0) vs.put(N + touched, [0]);
      }
      await new Promise((r) => setImmediate(r));
    }
  })();
  const enc = await encodeSubtaskState({ nodeId: 1, subtask: 0, lazyKeyed: lazy });
  running = false;
  await operator;
  assert.ok(touched > 2000, 'the operator ran while the snapshot was written');
  const st = decodeSubtaskState(enc).keyed!.states.find((s) => s.name === 'acc')!;
  const keys = st.keyGroups.flatMap((kg) => kg.entries.map(([k]) => k));
  assert.equal(keys.length, N, 'one entry per key');
  assert.equal(new Set(keys).size, N);
  assert.deepEqual(asObject(st), want);
});
