/**
 * Harness tests of the window join: nothing before the window ends, then the
 * window's rows joined by kind; late rows dropped; NULL keys padded (outer)
 * or kept (anti) but never matched.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OperatorHarness } from './harness.ts';
import { WindowJoin, type WindowJoinType } from './window-join.ts';
import type { Row } from '../row.ts';

// rows: [name, id, window_end]
function op(joinType: WindowJoinType): WindowJoin {
  const key = (r: Row) => (r[0] === null ? undefined : (r[0] as string));
  return new WindowJoin({ joinType, leftKey: key, rightKey: key, condition: null, leftWindowEnd: 2, rightWindowEnd: 2, leftWidth: 3, rightWidth: 3 });
}

const rowsOnly = (h: OperatorHarness) => h.take().filter((s) => !s.startsWith('WM')).sort();

void test('inner window join emits at the window end; late rows are dropped', () => {
  const h = new OperatorHarness(op('INNER'));
  h.process([['a', 'L1', 5000], ['b', 'L2', 10000]], undefined, 0);
  h.process([['a', 'R1', 5000], ['b', 'R2', 5000]], undefined, 1);
  assert.deepEqual(rowsOnly(h), []);
  h.processWatermark(4999);
  assert.deepEqual(rowsOnly(h), ['+I[a, L1, 5000, a, R1, 5000]']);
  h.process([['a', 'L4', 5000]], undefined, 0);
  h.endInput(2);
  assert.deepEqual(rowsOnly(h), []);
  assert.equal(h.metrics.counter('numLateRecordsDropped').value, 1);
});

void test('full, semi and anti window joins', () => {
  const feed = (h: OperatorHarness) => {
    h.process([['a', 'L1', 5000], [null, 'L2', 5000], ['c', 'L3', 5000]], undefined, 0);
    h.process([['a', 'R1', 5000], [null, 'R2', 5000], ['d', 'R3', 5000]], undefined, 1);
    h.endInput(2);
    return rowsOnly(h);
  };
  assert.deepEqual(feed(new OperatorHarness(op('FULL'))), [
    '+I[a, L1, 5000, a, R1, 5000]',
    '+I[c, L3, 5000, null, null, null]',
    '+I[null, L2, 5000, null, null, null]',
    '+I[null, null, null, d, R3, 5000]',
    '+I[null, null, null, null, R2, 5000]',
  ]);
  assert.deepEqual(feed(new OperatorHarness(op('SEMI'))), ['+I[a, L1, 5000]']);
  assert.deepEqual(feed(new OperatorHarness(op('ANTI'))), ['+I[c, L3, 5000]', '+I[null, L2, 5000]']);
});
