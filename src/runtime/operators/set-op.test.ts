import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SetOp, type SetOpParams } from './set-op.ts';
import { OperatorHarness } from './harness.ts';
import { keySelector } from '../key.ts';

const op = (p: Partial<SetOpParams> = {}): SetOp => new SetOp({ key: keySelector([0]), op: 'INTERSECT', all: false, ...p });

test('SetOp INTERSECT / EXCEPT: multiplicities follow both sides', () => {
  const h = new OperatorHarness(op());
  h.process([['a'], ['b']], ['+I', '+I'], 0);
  h.process([['a']], ['+I'], 1);
  h.process([['a']], ['-D'], 0);
  assert.deepEqual(h.take(), ['+I[a]', '-D[a]']);
  const e = new OperatorHarness(op({ op: 'EXCEPT', all: true }));
  e.process([['a'], ['a']], ['+I', '+I'], 0);
  e.process([['a']], ['+I'], 1);
  assert.deepEqual(e.take(), ['+I[a]', '+I[a]', '-D[a]']);
});

for (const backend of ['hashmap', 'lmdb']) {
  test(`SetOp state TTL (${backend}): a row whose counts were not written for the TTL is forgotten on both sides, across a restore`, () => {
    const cfg = { config: new Map([['state.backend.type', backend]]) };
    const h = new OperatorHarness(op({ stateTtlMs: 1000 }), cfg);
    h.process([['a']], ['+I'], 0);
    h.now = 500;
    h.process([['a']], ['+I'], 1); // written at 500
    const r = new OperatorHarness(op({ stateTtlMs: 1000 }), cfg, [h.snapshot()]);
    r.now = 1499;
    r.process([['b']], ['+I'], 0);
    r.now = 1500;
    r.process([['a']], ['+I'], 0); // a expired: the right side's occurrence is forgotten
    r.process([['a']], ['+I'], 1);
    assert.deepEqual([...h.take(), ...r.take()], ['+I[a]', '+I[a]']);
    r.now = 10_000;
    for (let i = 0; i < 5; i++) r.process([[`k${i}`]], ['+I'], 0);
    const keys = [...r.keyed.valueState({ name: 'set-op-counts-ttl' }).entries()].map(([k]) => k);
    assert.equal(keys.includes('a') || keys.includes('b'), false, keys.join(','));
  });
}
