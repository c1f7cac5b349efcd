/**
 * MatchRecognize operator: event-time ordering under a watermark (out-of-order
 * rows sorted, late rows dropped, equal timestamps in arrival order), WITHIN
 * pruning on watermark, proctime arrival order, snapshot/restore mid-match.
 * Pattern: (DOWN{2,} UP) with DOWN AS price < LAST(price, 1) OR first row,
 * UP AS price > LAST(price, 1); rows [key, ts, price].
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OperatorHarness } from './harness.ts';
import { MatchRecognize } from './match-recognize.ts';
import { CompiledNfa } from '../cep/nfa.ts';
import { condition, type RuntimeMrExpr } from '../cep/evaluate.ts';
import { keySelector } from '../key.ts';
import type { Row } from '../row.ts';

const price = (r: Row): unknown => r[2];
const prev = { kind: 'nav' as const, variable: -1, first: false, offset: 1, expr: price };
const cur = { kind: 'nav' as const, variable: -1, first: false, offset: 0, expr: price };
const down: RuntimeMrExpr = { accessors: [cur, prev], fn: (s) => s[1] === null || (s[0] as number) < (s[1] as number), scratch: [null, null] };
const up: RuntimeMrExpr = { accessors: [cur, prev], fn: (s) => s[1] !== null && (s[0] as number) > (s[1] as number), scratch: [null, null] };
const measures: RuntimeMrExpr[] = [
  { accessors: [{ kind: 'nav', variable: 0, first: true, offset: 0, expr: price }], fn: (s) => s[0], scratch: [null] },
  { accessors: [{ kind: 'nav', variable: 1, first: false, offset: 0, expr: price }], fn: (s) => s[0], scratch: [null] },
  { accessors: [{ kind: 'matchRowtime' }], fn: (s) => s[0], scratch: [null] },
];

function operator(eventTime: boolean, within = 0, compare: ((a: Row, b: Row) => number) | null = null): MatchRecognize {
  const nfa = new CompiledNfa(
    [
      { name: 'DOWN', variable: 0, min: 2, max: Infinity, greedy: true },
      { name: 'UP', variable: 1, min: 1, max: 1, greedy: true },
    ],
    ['DOWN', 'UP'],
    [condition(down), condition(up)],
    { kind: 'PAST_LAST_ROW' },
    within,
  );
  return new MatchRecognize({ key: keySelector([0]), partitionKeys: [0], orderIndex: 1, eventTime, compare, nfa, measures });
}

test('event time: out-of-order rows are matched in rowtime order once the watermark passes', () => {
  const h = new OperatorHarness(operator(true));
  h.process([
    ['a', 3, 5],
    ['a', 1, 10],
    ['a', 2, 8],
  ]);
  assert.deepEqual(h.take(), []);
  h.process([['a', 4, 9]]);
  h.processWatermark(3);
  assert.deepEqual(h.take(), ['WM 3']);
  h.processWatermark(4);
  assert.deepEqual(h.take(), ['+I[a, 10, 9, 4]', 'WM 4']);
});

test('event time: rows at or before the watermark are late and dropped', () => {
  const h = new OperatorHarness(operator(true));
  h.process([
    ['a', 1, 10],
    ['a', 2, 8],
  ]);
  h.processWatermark(5);
  h.process([['a', 5, 20]]); // late: would have completed the match
  h.process([['a', 6, 7]]);
  h.processWatermark(6);
  assert.deepEqual(
    h.take().filter((s) => !s.startsWith('WM')),
    [],
  );
  h.process([['a', 7, 30]]);
  h.endInput();
  assert.deepEqual(h.take().filter((s) => !s.startsWith('WM')), ['+I[a, 10, 30, 7]']);
});

test('event time: equal timestamps keep arrival order; partitions are independent', () => {
  const h = new OperatorHarness(operator(true));
  h.process([
    ['a', 1, 10],
    ['b', 1, 1],
    ['a', 1, 8],
    ['b', 1, 2],
    ['a', 1, 9],
  ]);
  h.endInput();
  assert.deepEqual(h.take().filter((s) => !s.startsWith('WM')), ['+I[a, 10, 9, 1]']);
});

test('WITHIN: a partial match older than the window is dropped when time passes', () => {
  const h = new OperatorHarness(operator(true, 3));
  h.process([
    ['a', 1, 10],
    ['a', 2, 8],
    ['a', 4, 20],
  ]);
  h.endInput();
  assert.deepEqual(h.take().filter((s) => !s.startsWith('WM')), []);
  const ok = new OperatorHarness(operator(true, 3));
  ok.process([
    ['a', 1, 10],
    ['a', 2, 8],
    ['a', 3, 20],
  ]);
  ok.endInput();
  assert.deepEqual(ok.take().filter((s) => !s.startsWith('WM')), ['+I[a, 10, 20, 3]']);
});

test('processing time: arrival order, emitted on the completing row', () => {
  const h = new OperatorHarness(operator(false));
  h.process([
    ['a', 9, 10],
    ['a', 1, 8],
  ]);
  assert.deepEqual(h.take(), []);
  h.process([['a', 5, 9]]);
  assert.deepEqual(h.take(), ['+I[a, 10, 9, 0]']);
});

test('snapshot and restore in the middle of a match', () => {
  const h = new OperatorHarness(operator(true));
  h.process([
    ['a', 1, 10],
    ['a', 2, 8],
  ]);
  h.processWatermark(2);
  h.process([['a', 3, 7]]);
  const snap = h.snapshot();
  const r = new OperatorHarness(operator(true), {}, [snap]);
  r.processWatermark(2);
  r.process([['a', 4, 12]]);
  r.endInput();
  assert.deepEqual(r.take().filter((s) => !s.startsWith('WM')), ['+I[a, 10, 12, 4]']);
});

test('event time: secondary ORDER BY columns order rows with equal rowtime', () => {
  const rows: Row[] = [
    ['a', 1, 8],
    ['a', 1, 9],
    ['a', 1, 10],
    ['a', 2, 12],
  ];
  const byPriceDesc = (x: Row, y: Row): number => (y[2] as number) - (x[2] as number);
  const h = new OperatorHarness(operator(true, 0, byPriceDesc));
  h.process(rows).endInput();
  assert.deepEqual(h.take().filter((s) => !s.startsWith('WM')), ['+I[a, 10, 12, 2]']);
  const arrival = new OperatorHarness(operator(true));
  arrival.process(rows).endInput();
  assert.deepEqual(arrival.take().filter((s) => !s.startsWith('WM')), []);
});
