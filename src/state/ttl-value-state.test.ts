import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TtlValueState } from './ttl-value-state.ts';
import { createKeyedStateStore, stateBackendConfig } from './backends/select.ts';
import type { StateKey } from './api.ts';

const DESC = { name: 'ttl-test', description: 'values with their write time' };

function store(backend: string) {
  return createKeyedStateStore(stateBackendConfig(new Map([['state.backend.type', backend], ['state.backend.lmdb.cache.entries', '16']])), 128);
}

for (const backend of ['hashmap', 'lmdb']) {
  void test(`${backend}: get never returns an expired value; touch refreshes a value changed in place`, () => {
    let now = 0;
    const s = store(backend);
    const t = new TtlValueState(s.valueState<[number[], number]>(DESC), 1000, () => now);
    t.put('a', [1]);
    t.put('b', [2]);
    now = 600;
    t.get('a')!.push(3);
    t.touch('a');
    now = 1000;
    assert.equal(t.get('b'), undefined);
    assert.deepEqual(t.get('a'), [1, 3]);
    now = 1600;
    assert.equal(t.get('a'), undefined);
  });

  void test(`${backend}: incremental cleanup during an asynchronous snapshot removes expired entries and leaves the snapshot whole`, async () => {
    let now = 0;
    const s = store(backend);
    const inner = s.valueState<[number, number]>(DESC);
    const t = new TtlValueState(inner, 1000, () => now);
    for (let i = 0; i < 100; i++) t.put(`old${i}`, i);
    now = 500;
    for (let i = 0; i < 100; i++) t.put(`new${i}`, i);
    const lazy = s.snapshotAsync();
    now = 1000;
    for (let i = 0; i < 30; i++) t.expireSome(10);
    assert.equal(inner.size, 100, 'the expired half is gone');
    if (backend === 'hashmap') {
      // the scan copies nothing for the snapshot: only the deleted entries were saved for it
      const guard = (inner as unknown as { guard?: { shadow: Map<StateKey, unknown> } }).guard;
      assert.equal(guard?.shadow.size, 100);
    }
    const seen = new Map<StateKey, unknown>();
    for (const st of lazy.states) {
      if (st.name !== DESC.name) continue;
      await st.collect({ entry: (_kg, k, v) => seen.set(k, structuredClone(v)), endChunk: () => undefined }, () => Promise.resolve());
    }
    assert.equal(seen.size, 200);
    assert.deepEqual(seen.get('old7'), [7, 0]);
    await s.close?.();
  });
}
