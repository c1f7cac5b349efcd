import assert from 'node:assert/strict';
import test from 'node:test';
import fc from 'fast-check';
import { OperatorHarness, show } from './harness.ts';
import { EMIT_BATCH, WINDOW_AGG_STATE, WindowAggregate, type WindowAggregateParams } from './window-aggregate.ts';
import { keySelector } from '../key.ts';
import { T } from '../../types/logical-type.ts';
import type { AggCall } from '../aggregates/index.ts';
import { assignWindowEnds, windowStartOf, type AlignedWindow } from '../window/windows.ts';
import type { Row } from '../row.ts';

const COUNT_STAR: AggCall = { fn: 'COUNT', args: [], argTypes: [], resultType: T.bigint(false), distinct: false, filterArg: -1 };
const SUM_V: AggCall = { fn: 'SUM', args: [2], argTypes: [T.int()], resultType: T.int(), distinct: false, filterArg: -1 };
const MAX_V: AggCall = { fn: 'MAX', args: [2], argTypes: [T.int()], resultType: T.int(), distinct: false, filterArg: -1 };
const COUNT_DISTINCT_V: AggCall = { fn: 'COUNT', args: [2], argTypes: [T.int()], resultType: T.bigint(false), distinct: true, filterArg: -1 };

/** Rows are [key, time, value]; output [key, window_start, window_end, window_time, aggs…]. */
function op(window: AlignedWindow, aggs: AggCall[]): WindowAggregate {
  const p: WindowAggregateParams = {
    key: keySelector([0]),
    window,
    timeIndex: 1,
    proctime: false,
    ltz: false,
    timeZone: 'UTC',
    outKeys: [0, 'window_start', 'window_end', 'window_time'],
    aggs,
  };
  return new WindowAggregate(p);
}

void test('TUMBLE: one insert-only row per key and window, when the watermark passes the end', () => {
  const h = new OperatorHarness(op({ kind: 'TUMBLE', size: 10, offset: 0 }, [COUNT_STAR, SUM_V]));
  h.process([
    ['a', 1, 5],
    ['a', 9, 1],
    ['b', 3, 2],
    ['a', 12, 7],
  ]);
  h.processWatermark(8);
  assert.deepEqual(h.take(), ['WM 8']);
  h.processWatermark(9);
  assert.deepEqual(h.take(), ['+I[a, 0, 10, 9, 2, 6]', '+I[b, 0, 10, 9, 1, 2]', 'WM 9']);
  h.endInput();
  assert.deepEqual(h.take(), ['+I[a, 10, 20, 19, 1, 7]', 'WM MAX']);
});

void test('late rows: dropped and counted once every window of theirs has fired; still counted in unfired windows', () => {
  const t = new OperatorHarness(op({ kind: 'TUMBLE', size: 10, offset: 0 }, [COUNT_STAR]));
  t.process([['a', 15, 1]]).processWatermark(10);
  t.process([['a', 4, 1], ['a', 9, 1], ['a', 10, 1]]);
  t.endInput();
  assert.deepEqual(t.take(), ['WM 10', '+I[a, 10, 20, 19, 2]', 'WM MAX']);
  assert.equal(t.metrics.counter('numLateRecordsDropped').value, 2);

  // CUMULATE(step 5, size 15): a row late for [0, 5) still counts in [0, 10) and [0, 15) (Flink's rule)
  const c = new OperatorHarness(op({ kind: 'CUMULATE', size: 15, step: 5, offset: 0 }, [COUNT_STAR, SUM_V]));
  assert.equal((c.op as WindowAggregate).slicing, true);
  c.process([['a', 1, 1], ['a', 7, 2]]).processWatermark(6);
  c.process([['a', 3, 10]]);
  c.endInput();
  assert.deepEqual(c.take(), ['+I[a, 0, 5, 4, 1, 1]', 'WM 6', '+I[a, 0, 10, 9, 3, 13]', '+I[a, 0, 15, 14, 3, 13]', 'WM MAX']);
  assert.equal(c.metrics.counter('numLateRecordsDropped').value, 0);
  c.process([['a', 14, 1]]);
  assert.equal(c.metrics.counter('numLateRecordsDropped').value, 1);
});

void test('NULL time is dropped and counted', () => {
  const h = new OperatorHarness(op({ kind: 'TUMBLE', size: 10, offset: 0 }, [COUNT_STAR]));
  h.process([['a', null, 1]]).endInput();
  assert.deepEqual(h.take(), ['WM MAX']);
  assert.equal(h.metrics.counter('numNullRowTimeRecordsDropped').value, 1);
});

// ------------------------------------------------------------------ property: against a reference

type Step = { row: Row } | { wm: number };

/** Per window, the rows that arrived before the watermark passed its end; dropped = rows with no such window. */
function reference(w: AlignedWindow, steps: readonly Step[], aggs: 'sum' | 'distinct'): { rows: string[]; dropped: number } {
  const wins = new Map<string, { key: unknown; end: number; vals: number[] }>();
  let wm = Number.MIN_SAFE_INTEGER;
  let dropped = 0;
  const ends: number[] = [];
  for (const s of steps) {
    if ('wm' in s) {
      wm = Math.max(wm, s.wm);
      continue;
    }
    const [k, t, v] = s.row as [string, number, number];
    const n = assignWindowEnds(w, t, ends);
    let used = false;
    for (let i = 0; i < n; i++) {
      const e = ends[i]!;
      if (e - 1 <= wm) continue;
      used = true;
      const id = `${k}|${e}`;
      let x = wins.get(id);
      if (!x) wins.set(id, (x = { key: k, end: e, vals: [] }));
      x.vals.push(v);
    }
    if (!used) dropped++;
  }
  const rows = [...wins.values()].map((x) => {
    const s = windowStartOf(w, x.end);
    const res = aggs === 'sum' ? [x.vals.length, x.vals.reduce((a, b) => a + b, 0), Math.max(...x.vals)] : [x.vals.length, new Set(x.vals).size];
    return '+I' + show([x.key, s, x.end, x.end - 1, ...res]);
  });
  return { rows: rows.sort(), dropped };
}

const windowArb: fc.Arbitrary<AlignedWindow> = fc.oneof(
  fc.record({ kind: fc.constant('TUMBLE' as const), size: fc.integer({ min: 1, max: 20 }), offset: fc.integer({ min: -5, max: 5 }) }),
  fc
    .record({ slide: fc.integer({ min: 1, max: 8 }), k: fc.integer({ min: 1, max: 4 }), offset: fc.integer({ min: -5, max: 5 }) })
    .map(({ slide, k, offset }) => ({ kind: 'HOP' as const, slide, size: slide * k, offset })),
  fc
    .record({ step: fc.integer({ min: 1, max: 6 }), k: fc.integer({ min: 1, max: 4 }), offset: fc.integer({ min: -5, max: 5 }) })
    .map(({ step, k, offset }) => ({ kind: 'CUMULATE' as const, step, size: step * k, offset })),
);

const stepsArb: fc.Arbitrary<Step[]> = fc
  .array(
    fc.oneof(
      { arbitrary: fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: -10, max: 60 }), fc.integer({ min: 0, max: 4 })).map((row) => ({ row: row as Row })), weight: 4 },
      { arbitrary: fc.integer({ min: -10, max: 70 }).map((wm) => ({ wm })), weight: 1 },
    ),
    { maxLength: 40 },
  )
  .map((steps) => {
    // watermarks only advance
    let wm = Number.MIN_SAFE_INTEGER;
    return steps.filter((s) => !('wm' in s) || (s.wm > wm && ((wm = s.wm), true)));
  });

function run(w: AlignedWindow, aggs: AggCall[], steps: readonly Step[], snapshotAt = -1): { rows: string[]; dropped: number } {
  let h = new OperatorHarness(op(w, aggs));
  let dropped = 0;
  const out: string[] = [];
  let lastWm = Number.MIN_SAFE_INTEGER;
  steps.forEach((s, i) => {
    if (i === snapshotAt) {
      const snap = h.snapshot();
      out.push(...h.take().filter((x) => !x.startsWith('WM')));
      dropped += h.metrics.counter('numLateRecordsDropped').value;
      h = new OperatorHarness(op(w, aggs), {}, [snap]);
      if (lastWm > Number.MIN_SAFE_INTEGER) h.processWatermark(lastWm);
      h.take();
    }
    if ('wm' in s) {
      h.processWatermark(s.wm);
      lastWm = s.wm;
    } else h.process([s.row]);
  });
  h.endInput();
  out.push(...h.take().filter((x) => !x.startsWith('WM')));
  return { rows: out.sort(), dropped: dropped + h.metrics.counter('numLateRecordsDropped').value };
}

void test('window aggregation equals a per-window reference for random out-of-order input and watermarks (slices and windows)', () => {
  fc.assert(
    fc.property(windowArb, stepsArb, (w, steps) => {
      const want = reference(w, steps, 'sum');
      assert.deepEqual(run(w, [COUNT_STAR, SUM_V, MAX_V], steps), want);
      const wantD = reference(w, steps, 'distinct');
      assert.deepEqual(run(w, [COUNT_STAR, COUNT_DISTINCT_V], steps), wantD);
    }),
    { numRuns: 400 },
  );
});

void test('snapshot and restore in the middle of the stream give the same windows', () => {
  fc.assert(
    fc.property(windowArb, stepsArb, fc.nat(), (w, steps, at) => {
      const cut = steps.length ? at % steps.length : -1;
      assert.deepEqual(run(w, [COUNT_STAR, SUM_V, MAX_V], steps, cut), reference(w, steps, 'sum'));
    }),
    { numRuns: 200 },
  );
});

void test('fired windows are emitted in batches of EMIT_BATCH rows, in order', () => {
  const h = new OperatorHarness(op({ kind: 'HOP', size: 10, slide: 5, offset: 0 }, [COUNT_STAR, SUM_V]));
  h.process(Array.from({ length: 2500 }, (_, i) => [i, 1, 1]));
  const sizes: number[] = [];
  const rows: string[] = [];
  h.op.processWatermark!(100, {
    emit: (b) => {
      sizes.push(b.size);
      for (const r of b.rows) rows.push(show(r));
    },
  });
  // every key fires [-5, 5) and [0, 10)
  assert.deepEqual(sizes, [EMIT_BATCH, EMIT_BATCH, EMIT_BATCH, EMIT_BATCH, 5000 - 4 * EMIT_BATCH]);
  // windows in order of their end; keys within a window in the backend's order (insertion order on the heap, key order on disk)
  assert.ok(rows.slice(0, 2500).every((r) => r.endsWith(', -5, 5, 4, 1, 1]')), 'first every [-5, 5)');
  assert.ok(rows.slice(2500).every((r) => r.endsWith(', 0, 10, 9, 1, 1]')), 'then every [0, 10)');
  assert.ok(rows.includes('[0, -5, 5, 4, 1, 1]') && rows.includes('[2499, 0, 10, 9, 1, 1]'));
  assert.equal(new Set(rows).size, 5000);
});

void test('TUMBLE: a fired key keeps its emptied node for its next window; a key idle for a window is removed', () => {
  const h = new OperatorHarness(op({ kind: 'TUMBLE', size: 10, offset: 0 }, [COUNT_STAR, SUM_V]));
  const state = h.keyed.valueState(WINDOW_AGG_STATE);
  h.process([
    ['a', 1, 1],
    ['b', 2, 2],
  ]).processWatermark(9);
  assert.equal(state.size, 2, 'both emptied nodes stay');
  h.process([['a', 15, 3]]);
  const snap = h.snapshot();
  const r = new OperatorHarness(op({ kind: 'TUMBLE', size: 10, offset: 0 }, [COUNT_STAR, SUM_V]), {}, [snap]);
  assert.equal(r.keyed.valueState(WINDOW_AGG_STATE).size, 1, "a restore drops b's empty node");
  r.processWatermark(9);
  r.process([['a', 17, 4]]).processWatermark(19);
  assert.equal(r.keyed.valueState(WINDOW_AGG_STATE).size, 1, "b had no row in [10, 20): gone; a's node stays empty");
  r.processWatermark(29);
  assert.equal(r.keyed.valueState(WINDOW_AGG_STATE).size, 0);
  assert.deepEqual(h.take(), ['+I[a, 0, 10, 9, 1, 1]', '+I[b, 0, 10, 9, 1, 2]', 'WM 9']);
  assert.deepEqual(r.take(), ['WM 9', '+I[a, 10, 20, 19, 2, 7]', 'WM 19', 'WM 29']);
});
