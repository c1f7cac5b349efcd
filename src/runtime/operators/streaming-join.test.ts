/**
 * Harness tests of the regular join and the semi/anti join: Flink's
 * StreamingJoinOperator / StreamingSemiAntiJoinOperator outputs record by
 * record, including the padding and its retraction for outer joins, and state
 * that survives a snapshot and restore.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OperatorHarness } from './harness.ts';
import { StreamingJoin, type JoinType } from './streaming-join.ts';
import { SemiAntiJoin } from './semi-anti-join.ts';
import type { Row } from '../row.ts';

const key0 = (r: Row) => (r[0] === null ? undefined : (r[0] as number));

function join(joinType: JoinType, condition: ((l: Row, r: Row) => boolean) | null = null): StreamingJoin {
  return new StreamingJoin({ joinType, leftKey: key0, rightKey: key0, condition, leftWidth: 2, rightWidth: 2 });
}

void test('inner join of insert-only inputs keeps +I and joins both orders of arrival', () => {
  const h = new OperatorHarness(join('INNER'));
  h.process([[1, 'a']], ['+I'], 0);
  h.process([[1, 'x'], [2, 'y']], ['+I', '+I'], 1);
  h.process([[1, 'b'], [2, 'c'], [3, 'd']], ['+I', '+I', '+I'], 0);
  assert.deepEqual(h.take(), ['+I[1, a, 1, x]', '+I[1, b, 1, x]', '+I[2, c, 2, y]']);
});

void test('inner join passes the input kind through for retractions', () => {
  const h = new OperatorHarness(join('INNER'));
  h.process([[1, 'a']], ['+I'], 0);
  h.process([[1, 'x']], ['+I'], 1);
  h.process([[1, 'x'], [1, 'z']], ['-U', '+U'], 1);
  h.process([[1, 'a']], ['-D'], 0);
  assert.deepEqual(h.take(), ['+I[1, a, 1, x]', '-U[1, a, 1, x]', '+U[1, a, 1, z]', '-D[1, a, 1, z]']);
});

void test('left join pads, retracts the padding on the first match and restores it after the last', () => {
  const h = new OperatorHarness(join('LEFT'));
  h.process([[1, 'a']], ['+I'], 0);
  h.process([[1, 'x']], ['+I'], 1);
  h.process([[1, 'y']], ['+I'], 1);
  h.process([[1, 'x']], ['-D'], 1);
  h.process([[1, 'y']], ['-D'], 1);
  assert.deepEqual(h.take(), [
    '+I[1, a, null, null]',
    '-D[1, a, null, null]',
    '+I[1, a, 1, x]',
    '+I[1, a, 1, y]',
    '-D[1, a, 1, x]',
    '-D[1, a, 1, y]',
    '+I[1, a, null, null]',
  ]);
  // A left retraction with no match retracts the padded row.
  h.process([[1, 'a']], ['-D'], 0);
  assert.deepEqual(h.take(), ['-D[1, a, null, null]']);
});

void test('full join: both sides padded; a non-equi condition decides matches; NULL keys never match', () => {
  const h = new OperatorHarness(join('FULL', (l, r) => (l[1] as string) < (r[1] as string)));
  h.process([[1, 'm'], [null, 'n']], ['+I', '+I'], 0);
  h.process([[1, 'a'], [null, 'z']], ['+I', '+I'], 1);
  h.process([[1, 'z']], ['+I'], 1);
  h.process([[1, 'm']], ['-D'], 0);
  assert.deepEqual(h.take(), [
    '+I[1, m, null, null]',
    '+I[null, n, null, null]',
    '+I[null, null, 1, a]',
    '+I[null, null, null, z]',
    '-D[1, m, null, null]',
    '+I[1, m, 1, z]',
    '-D[1, m, 1, z]',
    '+I[null, null, 1, z]',
  ]);
});

void test('right join: duplicates are separate occurrences; state survives snapshot and restore', () => {
  const h = new OperatorHarness(join('RIGHT'));
  h.process([[1, 'x'], [1, 'x']], ['+I', '+I'], 1);
  const snap = h.snapshot();
  const h2 = new OperatorHarness(join('RIGHT'), {}, [snap]);
  h2.process([[1, 'a']], ['+I'], 0);
  h2.process([[1, 'x']], ['-D'], 1);
  assert.deepEqual(h2.take(), ['-D[null, null, 1, x]', '-D[null, null, 1, x]', '+I[1, a, 1, x]', '+I[1, a, 1, x]', '-D[1, a, 1, x]']);
  assert.deepEqual(h.take(), ['+I[null, null, 1, x]', '+I[null, null, 1, x]']);
});

void test('semi join emits a left row on its first match and retracts it after the last', () => {
  const h = new OperatorHarness(new SemiAntiJoin({ anti: false, leftKey: key0, rightKey: key0, condition: null }));
  h.process([[1, 'a'], [2, 'b']], ['+I', '+I'], 0);
  h.process([[1, 'x'], [1, 'y']], ['+I', '+I'], 1);
  h.process([[2, 'q'], [1, 'c']], ['+I', '+I'], 0);
  h.process([[1, 'x'], [1, 'y']], ['-D', '-D'], 1);
  assert.deepEqual(h.take(), ['+I[1, a]', '+I[1, c]', '-D[1, a]', '-D[1, c]']);
});

void test('anti join emits unmatched left rows and retracts them when a match arrives', () => {
  const h = new OperatorHarness(new SemiAntiJoin({ anti: true, leftKey: key0, rightKey: key0, condition: null }));
  h.process([[1, 'a'], [null, 'n']], ['+I', '+I'], 0);
  h.process([[1, 'x']], ['+I'], 1);
  h.process([[1, 'b']], ['+I'], 0);
  h.process([[1, 'x']], ['-D'], 1);
  assert.deepEqual(h.take(), ['+I[1, a]', '+I[null, n]', '-D[1, a]', '+I[1, a]', '+I[1, b]']);
});

void test('state TTL: a row not written for the TTL no longer matches (processing time)', () => {
  const key = (r: Row) => r[0] as number;
  const h = new OperatorHarness(new StreamingJoin({ joinType: 'LEFT', leftKey: key, rightKey: key, condition: null, leftWidth: 2, rightWidth: 2, stateTtlMs: 1000 }));
  h.now = 0;
  h.process([[1, 'x']], ['+I'], 1);
  h.now = 500;
  h.process([[1, 'a']], ['+I'], 0);
  h.now = 1600;
  h.process([[1, 'b']], ['+I'], 0);
  assert.deepEqual(h.take(), ['+I[1, a, 1, x]', '+I[1, b, null, null]']);
  const inner = new OperatorHarness(new StreamingJoin({ joinType: 'INNER', leftKey: key, rightKey: key, condition: null, leftWidth: 2, rightWidth: 2, stateTtlMs: 1000 }));
  inner.process([[1, 'x']], ['+I'], 1);
  inner.now = 1000;
  inner.process([[1, 'a']], ['+I'], 0);
  assert.deepEqual(inner.take(), []);
});

for (const backend of ['hashmap', 'lmdb']) {
  void test(`state TTL per side (STATE_TTL hint, ${backend}): each input expires with its own TTL, across a restore; stale join keys are cleaned incrementally`, () => {
    const cfg = { config: new Map([['state.backend.type', backend]]) };
    const key = (r: Row) => r[0] as number;
    const op = (): StreamingJoin =>
      new StreamingJoin({ joinType: 'LEFT', leftKey: key, rightKey: key, condition: null, leftWidth: 2, rightWidth: 2, stateTtlMs: 99_999, leftStateTtlMs: 1000, rightStateTtlMs: 5000 });
    const h = new OperatorHarness(op(), cfg);
    h.process([[1, 'a']], ['+I'], 0);
    h.process([[2, 'x']], ['+I'], 1);
    h.now = 2000;
    h.process([[1, 'y']], ['+I'], 1); // left row a (TTL 1 s) has expired: no match
    h.process([[2, 'b']], ['+I'], 0); // right row x (TTL 5 s) is alive
    assert.deepEqual(h.take(), ['+I[1, a, null, null]', '+I[2, b, 2, x]']);
    const r = new OperatorHarness(op(), cfg, [h.snapshot()]);
    r.now = 5500;
    r.process([[2, 'c']], ['+I'], 0); // x was written at 0: expired
    r.process([[1, 'd']], ['+I'], 0); // y was written at 2000: alive until 7000
    assert.deepEqual(r.take(), ['+I[2, c, null, null]', '+I[1, d, 1, y]']);
    r.now = 100_000;
    for (let i = 10; i < 20; i++) r.process([[i, 'z']], ['+I'], i % 2);
    for (const side of ['left', 'right']) {
      const keys = [...r.keyed.valueState({ name: `${side}-records` }).entries()].map(([k]) => k);
      assert.deepEqual(keys.filter((k) => (k as number) < 10), [], `${side}: rows of keys 1 and 2 are removed`);
    }
  });
}

void test('SemiAntiJoin state TTL: right rows not written for the TTL no longer match, across a restore', () => {
  const key = (r: Row) => r[0] as number;
  const op = (anti: boolean): SemiAntiJoin => new SemiAntiJoin({ anti, leftKey: key, rightKey: key, condition: null, stateTtlMs: 1000 });
  for (const anti of [false, true]) {
    const h = new OperatorHarness(op(anti));
    h.process([[1, 'x']], ['+I'], 1);
    h.now = 500;
    h.process([[1, 'a']], ['+I'], 0);
    const r = new OperatorHarness(op(anti), {}, [h.snapshot()]);
    r.now = 999;
    r.process([[1, 'b']], ['+I'], 0);
    r.now = 1000;
    r.process([[1, 'c']], ['+I'], 0); // the right row was written at 0
    assert.deepEqual([...h.take(), ...r.take()], anti ? ['+I[1, c]'] : ['+I[1, a]', '+I[1, b]'], anti ? 'anti' : 'semi');
  }
});

void test('an INNER join restored with state TTL switched on or off is refused, not misread; the same setting restores', () => {
  const inner = (ttl: number) => new StreamingJoin({ joinType: 'INNER', leftKey: key0, rightKey: key0, condition: null, leftWidth: 2, rightWidth: 2, stateTtlMs: ttl });
  for (const [from, to] of [
    [0, 60_000],
    [60_000, 0],
  ] as const) {
    const h = new OperatorHarness(inner(from));
    h.process([[1, 'a']], ['+I'], 0);
    const snap = h.snapshot();
    assert.throws(() => new OperatorHarness(inner(to), {}, [snap]), (e: Error & { code?: string }) => e.code === 'STATE_TTL_CHANGED' && /table\.exec\.state\.ttl/.test(e.message));
    const same = new OperatorHarness(inner(from), {}, [snap]);
    same.process([[1, 'x']], ['+I'], 1);
    assert.deepEqual(same.take(), ['+I[1, a, 1, x]']);
  }
  // two TTL durations keep the same state shape
  const h = new OperatorHarness(inner(1000));
  h.process([[1, 'a']], ['+I'], 0);
  const longer = new OperatorHarness(inner(60_000), {}, [h.snapshot()]);
  longer.process([[1, 'x']], ['+I'], 1);
  assert.deepEqual(longer.take(), ['+I[1, a, 1, x]']);
});
