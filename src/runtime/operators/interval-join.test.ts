/**
 * Harness tests of the event-time interval join: bounds are inclusive, rows
 * behind the watermark are dropped (or padded when outer), expired outer rows
 * are padded when the watermark passes them, and the forwarded watermark is
 * held back by the largest relative window.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OperatorHarness } from './harness.ts';
import { IntervalJoin } from './interval-join.ts';
import type { JoinType } from './streaming-join.ts';
import type { Row } from '../row.ts';

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

void test('cached rows and cleanup timers survive a snapshot and restore', () => {
  const h = new OperatorHarness(op('LEFT'));
  h.process([['a', 1000, 'L1'], ['a', 50000, 'L2']], undefined, 0);
  const h2 = new OperatorHarness(op('LEFT'), {}, [h.snapshot()]);
  h2.process([['a', 6000, 'R1']], undefined, 1);
  h2.processWatermark(200000);
  assert.deepEqual(h2.take().filter((s) => !s.startsWith('WM')).sort(), ['+I[a, 1000, L1, a, 6000, R1]', '+I[a, 50000, L2, null, null, null]']);
});
