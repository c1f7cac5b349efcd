/**
 * Harness tests of the event-time interval join: bounds are inclusive, rows
 * behind the watermark are dropped (or padded when outer), expired outer rows
 * are padded when the watermark passes them, and the forwarded watermark is
 * held back by the largest relative window.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { OperatorHarness } from './harness.ts';
import { IntervalJoin } from './interval-join.ts';
import type { JoinType } from './streaming-join.ts';
import type { Row } from '../row.ts';
import type { StateKey } from '../../state/api.ts';
import { keyGroupFor } from '../../state/key-groups.ts';

// rows: [key, time, tag]; left.time BETWEEN right.time - 5 s AND right.time + 6 s
function op(joinType: JoinType): IntervalJoin {
  const key = (r: Row) => (r[0] === null ? undefined : (r[0] as string));
  return new IntervalJoin({ joinType, leftKey: key, rightKey: key, condition: null, leftTime: 1, rightTime: 1, lower: -5000, upper: 6000, leftWidth: 3, rightWidth: 3 });
}

void test('inner interval join: inclusive bounds, both arrival orders', () => {
  const h = new OperatorHarness(op('INNER'));
  h.process([['a', 1000, 'L1'], ['a', 999, 'L0']], undefined, 0);
  h.process([['a', 6000, 'R1']], undefined, 1); // left in [1000, 12000]
  h.process([['a', 12000, 'L2'], ['a', 12001, 'L3'], ['b', 6000, 'Lb']], undefined, 0);
  assert.deepEqual(h.take(), ['+I[a, 1000, L1, a, 6000, R1]', '+I[a, 12000, L2, a, 6000, R1]']);
});

void test('watermark is held back by the largest relative size; late rows are dropped', () => {
  const h = new OperatorHarness(op('INNER'));
  h.processWatermark(20000);
  assert.deepEqual(h.take(), ['WM 14000']);
  h.process([['a', 10000, 'R']], undefined, 1); // upper bound 16000 < operator time: not cached
  h.process([['a', 12000, 'L']], undefined, 0);
  assert.deepEqual(h.take(), []);
});

void test('left outer interval join pads rows that never joined when they expire', () => {
  const h = new OperatorHarness(op('LEFT'));
  h.process([['a', 1000, 'L1'], ['a', 2000, 'L2']], undefined, 0);
  h.process([['a', 7500, 'R1']], undefined, 1); // needs left time in [2500, 13500]: joins neither
  h.processWatermark(100000);
  const out = h.take().filter((s) => !s.startsWith('WM'));
  assert.deepEqual(out.sort(), ['+I[a, 1000, L1, null, null, null]', '+I[a, 2000, L2, null, null, null]']);
  // A full join pads both sides at the end of input.
  const f = new OperatorHarness(op('FULL'));
  f.process([['a', 1000, 'L1']], undefined, 0);
  f.process([['a', 6000, 'R1'], ['a', 20000, 'R2']], undefined, 1);
  f.endInput(2);
  assert.deepEqual(
    f.take().filter((s) => !s.startsWith('WM')).sort(),
    ['+I[a, 1000, L1, a, 6000, R1]', '+I[null, null, null, a, 20000, R2]'],
  );
});

void test('an outer row that joined is not padded when a later probe expires it (one cached row or several)', () => {
  for (const rows of [[['a', 1000, 'L1']], [['a', 1000, 'L1'], ['a', 1500, 'L2']]] as Row[][]) {
    const h = new OperatorHarness(op('LEFT'));
    h.process(rows, undefined, 0);
    h.process([['a', 6000, 'R1']], undefined, 1); // joins both (left in [1000, 12000])
    // operator time 8000: left rows up to 2999 are expired, their cleanup timer (at 11501) has not fired
    h.processWatermark(8000);
    h.process([['a', 20000, 'R2']], undefined, 1); // probes the left cache, which drops the expired rows
    h.processWatermark(100000);
    const got = h.take().filter((s) => !s.startsWith('WM'));
    assert.deepEqual(got.sort(), rows.map((r) => `+I[a, ${String(r[1])}, ${String(r[2])}, a, 6000, R1]`).sort());
  }
});

void test('cached rows and cleanup timers survive a snapshot and restore', () => {
  const h = new OperatorHarness(op('LEFT'));
  h.process([['a', 1000, 'L1'], ['a', 50000, 'L2']], undefined, 0);
  const h2 = new OperatorHarness(op('LEFT'), {}, [h.snapshot()]);
  h2.process([['a', 6000, 'R1']], undefined, 1);
  h2.processWatermark(200000);
  assert.deepEqual(h2.take().filter((s) => !s.startsWith('WM')).sort(), ['+I[a, 1000, L1, a, 6000, R1]', '+I[a, 50000, L2, null, null, null]']);
});

void test('a snapshot of the layout without times (the row itself or a RowSet of rows and flags, the single row\'s flag in lj/rj) restores with its joined flags', () => {
  const previous = {
    l: { rows: [['a', 1000, 'L1'], ['a', 2000, 'L2']], joined: [true, false] },
    lj: false,
    r: ['a', 3000, 'R1'],
    rj: false,
    lt: 14501,
    rt: 11501,
  };
  const snapshot = {
    keyed: {
      maxParallelism: 128,
      states: [{ name: 'interval-join-caches', kind: 'value' as const, keyGroups: [{ keyGroup: keyGroupFor('a', 128), entries: [['a', previous]] as [StateKey, unknown][] }] }],
    },
    operator: {},
  };
  const h = new OperatorHarness(op('FULL'), {}, [snapshot]);
  h.process([['a', 12000, 'R2']], undefined, 1); // left in [7000, 18000]: none
  h.process([['a', 8000, 'L3']], undefined, 0); // right in [3000, 14000]: R1 and R2
  h.processWatermark(200000);
  assert.deepEqual(
    h
      .take()
      .filter((s) => !s.startsWith('WM'))
      .sort(),
    ['+I[a, 2000, L2, null, null, null]', '+I[a, 8000, L3, a, 12000, R2]', '+I[a, 8000, L3, a, 3000, R1]'],
  );
});

/**
 * Without late rows (every watermark stays behind the rows still to come by
 * more than the interval), the operator's output is the plain interval join:
 * every pair with equal keys whose times satisfy the bounds, plus the outer
 * side(s)' rows that never joined, padded. Checked over random inputs with
 * random watermarks and a snapshot/restore at a random point, so caching,
 * expiry on probe, cleanup timers (re-registered, shared by both sides) and
 * their rebuild after a restore must all agree.
 */
void test('a snapshot of the earlier state layout (Maps of time groups, cleanup timers in the timer service) restores', () => {
  // what the operator kept per key before the flat caches: left rows by time with their emitted flag
  const legacy = {
    l: new Map([
      [1000, [{ row: ['a', 1000, 'L1'], emitted: true }]],
      [50000, [{ row: ['a', 50000, 'L2'], emitted: false }, { row: ['a', 50000, 'L3'], emitted: false }]],
    ]),
    r: null,
    lt: null,
    rt: 11501,
  };
  const snapshot = {
    keyed: {
      maxParallelism: 128,
      states: [
        { name: 'interval-join-caches', kind: 'value' as const, keyGroups: [{ keyGroup: keyGroupFor('a', 128), entries: [['a', legacy]] as [StateKey, unknown][] }] },
        { name: '_timers/event-time', kind: 'timers' as const, keyGroups: [{ keyGroup: keyGroupFor('a', 128), entries: [['a', new Set([11501])]] as [StateKey, unknown][] }] },
      ],
    },
    operator: {},
  };
  const h = new OperatorHarness(op('LEFT'), {}, [snapshot]);
  h.process([['a', 52000, 'R1']], undefined, 1); // joins L2 and L3 (left in [47000, 58000])
  h.processWatermark(200000);
  assert.deepEqual(h.take().filter((s) => !s.startsWith('WM')).sort(), ['+I[a, 50000, L2, a, 52000, R1]', '+I[a, 50000, L3, a, 52000, R1]']);
});

void test('property: without late rows the output is the plain interval join', () => {
  const joinTypes: JoinType[] = ['INNER', 'LEFT', 'RIGHT', 'FULL'];
  fc.assert(
    fc.property(
      fc.constantFrom(...joinTypes),
      fc.integer({ min: -40, max: 20 }),
      fc.integer({ min: 0, max: 40 }),
      fc.array(fc.tuple(fc.boolean(), fc.constantFrom('a', 'b', 'c', null), fc.integer({ min: 1, max: 300 })), { maxLength: 60 }),
      fc.array(fc.boolean(), { maxLength: 60 }),
      fc.nat({ max: 60 }),
      (joinType, lower, width, events, wmAfter, restoreAt) => {
        const upper = lower + width;
        const key = (r: Row) => (r[0] === null ? undefined : (r[0] as string));
        const make = () => new IntervalJoin({ joinType, leftKey: key, rightKey: key, condition: null, leftTime: 1, rightTime: 1, lower, upper, leftWidth: 3, rightWidth: 3 });
        // arrival order: roughly by time, with some disorder
        const rows = events.map(([left, k, t], i) => ({ left, row: [k, t, `${left ? 'L' : 'R'}${i}`] as Row }));
        let h = new OperatorHarness(make());
        const slack = Math.max(Math.abs(lower), Math.abs(upper)) + 2;
        const outputs: string[] = [];
        for (let i = 0; i < rows.length; i++) {
          if (i === restoreAt) {
            outputs.push(...h.take());
            h = new OperatorHarness(make(), {}, [h.snapshot()]);
          }
          h.process([rows[i]!.row], undefined, rows[i]!.left ? 0 : 1);
          if (wmAfter[i]) {
            let min = Infinity;
            for (let j = i + 1; j < rows.length; j++) min = Math.min(min, rows[j]!.row[1] as number);
            const wm = min === Infinity ? 100_000 : min - slack;
            if (wm > 0) h.processWatermark(wm);
          }
        }
        h.endInput(2);
        outputs.push(...h.take());
        const got = outputs.filter((s) => !s.startsWith('WM')).sort();
        const expected: string[] = [];
        const fmt = (r: readonly unknown[]) => `+I[${r.map((v) => (v === null ? 'null' : String(v))).join(', ')}]`;
        const ls = rows.filter((r) => r.left).map((r) => r.row);
        const rs = rows.filter((r) => !r.left).map((r) => r.row);
        const lJoined = new Set<Row>();
        const rJoined = new Set<Row>();
        for (const l of ls) {
          for (const r of rs) {
            const d = (l[1] as number) - (r[1] as number);
            if (l[0] !== null && l[0] === r[0] && d >= lower && d <= upper) {
              expected.push(fmt([...l, ...r]));
              lJoined.add(l);
              rJoined.add(r);
            }
          }
        }
        if (joinType === 'LEFT' || joinType === 'FULL') for (const l of ls) if (!lJoined.has(l)) expected.push(fmt([...l, null, null, null]));
        if (joinType === 'RIGHT' || joinType === 'FULL') for (const r of rs) if (!rJoined.has(r)) expected.push(fmt([null, null, null, ...r]));
        assert.deepEqual(got, expected.sort());
      },
    ),
    { numRuns: 300 },
  );
});
