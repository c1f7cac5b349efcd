import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WindowTopN, type WindowTopNParams } from './top-n-window.ts';
import { OperatorHarness } from './harness.ts';
import { keySelector } from '../key.ts';
import { rowComparator } from './sort-compare.ts';

// rows: [window_end, item, price]
function windowTopN(p: Partial<WindowTopNParams> = {}): OperatorHarness {
  return new OperatorHarness(
    new WindowTopN({
      key: keySelector([0]),
      compare: rowComparator([{ index: 2, descending: true, nullsFirst: false }]),
      rankType: 'ROW_NUMBER',
      rankStart: 1,
      rankEnd: 2,
      outputRankNumber: true,
      closeTime: (r) => (r[0] as number) - 1,
      eventTime: true,
      lastWinsTies: false,
      ...p,
    }),
  );
}

test('WindowTopN emits each window once, when the watermark closes it; late rows are dropped and counted', () => {
  const h = windowTopN();
  h.process([[10, 'a', 1], [10, 'b', 5], [20, 'c', 7], [10, 'd', 3], [10, 'e', 3]]);
  assert.deepEqual(h.take(), []);
  h.processWatermark(9);
  assert.deepEqual(h.take(), ['+I[10, b, 5, 1]', '+I[10, d, 3, 2]', 'WM 9']);
  h.process([[10, 'late', 100], [20, 'f', 1]]);
  h.processWatermark(19);
  assert.deepEqual(h.take(), ['+I[20, c, 7, 1]', '+I[20, f, 1, 2]', 'WM 19']);
  assert.equal(h.metrics.counter('numLateRecordsDropped').value, 1);
});

test('WindowTopN keep-last deduplication: of equal rows the later wins', () => {
  const h = windowTopN({ rankEnd: 1, outputRankNumber: false, lastWinsTies: true });
  h.process([[10, 'a', 5], [10, 'b', 5], [10, 'c', 4]]);
  h.endInput();
  assert.deepEqual(h.take(), ['+I[10, b, 5]', 'WM MAX']);
});

test('WindowTopN RANK range 2..3 with ties', () => {
  const h = windowTopN({ rankType: 'RANK', rankStart: 2, rankEnd: 3 });
  h.process([[10, 'a', 9], [10, 'b', 5], [10, 'c', 5], [10, 'd', 1]]);
  h.endInput();
  assert.deepEqual(h.take(), ['+I[10, b, 5, 2]', '+I[10, c, 5, 2]', 'WM MAX']);
});

test('WindowTopN: buffered windows and their timers survive a snapshot and restore', () => {
  const h = windowTopN();
  h.process([[10, 'a', 1], [10, 'b', 5]]);
  const h2 = new OperatorHarness(
    new WindowTopN({
      key: keySelector([0]),
      compare: rowComparator([{ index: 2, descending: true, nullsFirst: false }]),
      rankType: 'ROW_NUMBER',
      rankStart: 1,
      rankEnd: 2,
      outputRankNumber: true,
      closeTime: (r) => (r[0] as number) - 1,
      eventTime: true,
      lastWinsTies: false,
    }),
    {},
    [h.snapshot()],
  );
  h2.process([[10, 'c', 3]]);
  h2.processWatermark(9);
  assert.deepEqual(h2.take(), ['+I[10, b, 5, 1]', '+I[10, c, 3, 2]', 'WM 9']);
});
