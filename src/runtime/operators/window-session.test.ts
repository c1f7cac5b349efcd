import assert from 'node:assert/strict';
import test from 'node:test';
import fc from 'fast-check';
import { OperatorHarness, show } from './harness.ts';
import { SessionWindow, type SessionWindowParams } from './window-session.ts';
import { keySelector } from '../key.ts';
import { T } from '../../types/logical-type.ts';
import type { AggCall } from '../aggregates/index.ts';
import type { Row } from '../row.ts';

const COUNT_STAR: AggCall = { fn: 'COUNT', args: [], argTypes: [], resultType: T.bigint(false), distinct: false, filterArg: -1 };
const SUM_V: AggCall = { fn: 'SUM', args: [2], argTypes: [T.int()], resultType: T.int(), distinct: false, filterArg: -1 };

/** Rows [key, time, value]; aggregate output [key, window_start, window_end, window_time, COUNT(*), SUM(v)]. */
function session(gap: number, rows = false): SessionWindow {
  const p: SessionWindowParams = {
    key: keySelector([0]),
    gap,
    timeIndex: 1,
    proctime: false,
    ltz: false,
    timeZone: 'UTC',
    aggregate: rows ? undefined : { outKeys: [0, 'window_start', 'window_end', 'window_time'], aggs: [COUNT_STAR, SUM_V] },
  };
  return new SessionWindow(p);
}

void test('a session closes gap after its last row and fires when the watermark passes its end', () => {
  const h = new OperatorHarness(session(5));
  h.process([
    ['a', 1, 1],
    ['a', 4, 2],
    ['b', 2, 3],
    ['a', 12, 4],
  ]);
  h.processWatermark(8);
  // in order of window end
  assert.deepEqual(h.take(), ['+I[b, 2, 7, 6, 1, 3]', '+I[a, 1, 9, 8, 2, 3]', 'WM 8']);
  h.endInput();
  assert.deepEqual(h.take(), ['+I[a, 12, 17, 16, 1, 4]', 'WM MAX']);
});

void test('a row between two open sessions bridges them into one', () => {
  const h = new OperatorHarness(session(5));
  h.process([
    ['a', 0, 1],
    ['a', 10, 2],
  ]);
  h.processWatermark(3);
  h.process([['a', 6, 4]]); // [6, 11) intersects [0, 5)? no: 6 > 5; [10, 15): yes
  h.process([['a', 5, 8]]); // [5, 10) touches [0, 5) and [6, 15): all merge
  h.endInput();
  assert.deepEqual(h.take(), ['WM 3', '+I[a, 0, 15, 14, 4, 15]', 'WM MAX']);
});

void test('late rows whose (merged) session has fired are dropped and counted', () => {
  const h = new OperatorHarness(session(5));
  h.process([['a', 0, 1]]).processWatermark(10);
  assert.deepEqual(h.take(), ['+I[a, 0, 5, 4, 1, 1]', 'WM 10']);
  h.process([['a', 3, 1]]); // [3, 8): fired already
  h.process([['a', 7, 1]]); // [7, 12): not fired, a new session
  h.endInput();
  assert.deepEqual(h.take(), ['+I[a, 7, 12, 11, 1, 1]', 'WM MAX']);
  assert.equal(h.metrics.counter('numLateRecordsDropped').value, 1);
});

void test('SESSION TVF rows: each row with its session bounds; snapshot/restore keeps open sessions', () => {
  const h = new OperatorHarness(session(5, true));
  h.process([
    ['a', 1, 1],
    ['b', 9, 2],
  ]);
  const snap = h.snapshot();
  const r = new OperatorHarness(session(5, true), {}, [snap]);
  r.process([['a', 3, 3]]).endInput();
  assert.deepEqual(r.take(), ['+I[a, 1, 1, 1, 8, 7]', '+I[a, 3, 3, 1, 8, 7]', '+I[b, 9, 2, 9, 14, 13]', 'WM MAX']);
});

void test('sessions equal gap-splitting of each key\'s sorted times (property, no late rows)', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 10 }),
      fc.array(fc.tuple(fc.constantFrom('a', 'b'), fc.integer({ min: 0, max: 80 }), fc.integer({ min: 0, max: 5 })), { maxLength: 30 }),
      (gap, rows) => {
        const h = new OperatorHarness(session(gap));
        for (const r of rows) h.process([r as Row]);
        h.endInput();
        const got = h.take().filter((x) => !x.startsWith('WM')).sort();
        const want: string[] = [];
        for (const k of ['a', 'b']) {
          const ts = rows.filter((r) => r[0] === k).sort((x, y) => x[1] - y[1]);
          let cur: (typeof ts)[number][] = [];
          const flush = (): void => {
            if (!cur.length) return;
            const s = cur[0]![1];
            const e = cur[cur.length - 1]![1] + gap;
            want.push('+I' + show([k, s, e, e - 1, cur.length, cur.reduce((a, r) => a + r[2], 0)]));
            cur = [];
          };
          for (const r of ts) {
            if (cur.length && r[1] > cur[cur.length - 1]![1] + gap) flush();
            cur.push(r);
          }
          flush();
        }
        assert.deepEqual(got, want.sort());
      },
    ),
    { numRuns: 500 },
  );
});

// ------------------------------------------------------------------ eager accumulation vs buffered rows

const MAX_V: AggCall = { fn: 'MAX', args: [2], argTypes: [T.int()], resultType: T.int(), distinct: false, filterArg: -1 };
const COUNT_DISTINCT_V: AggCall = { fn: 'COUNT', args: [2], argTypes: [T.int()], resultType: T.bigint(false), distinct: true, filterArg: -1 };
const OUT_KEYS = [0, 'window_start', 'window_end', 'window_time'] as const;

/** Eager (COUNT, SUM, MAX all merge) or buffered (COUNT DISTINCT cannot merge: the rows are kept until the session fires). */
function sessionWith(gap: number, buffered: boolean): SessionWindow {
  return new SessionWindow({
    key: keySelector([0]),
    gap,
    timeIndex: 1,
    proctime: false,
    ltz: false,
    timeZone: 'UTC',
    aggregate: { outKeys: [...OUT_KEYS], aggs: buffered ? [COUNT_STAR, SUM_V, MAX_V, COUNT_DISTINCT_V] : [COUNT_STAR, SUM_V, MAX_V] },
  });
}

type Step = { row: Row } | { wm: number };

/** Output rows (sorted) and late drops; the buffered output loses its COUNT DISTINCT column to compare. */
function runSessions(gap: number, buffered: boolean, steps: readonly Step[], snapshotAt: number): { rows: string[]; late: number } {
  let h = new OperatorHarness(sessionWith(gap, buffered));
  const out: string[] = [];
  let late = 0;
  let wm = Number.MIN_SAFE_INTEGER;
  steps.forEach((s, i) => {
    if (i === snapshotAt) {
      const snap = h.snapshot();
      out.push(...h.take());
      late += h.metrics.counter('numLateRecordsDropped').value;
      h = new OperatorHarness(sessionWith(gap, buffered), {}, [snap]);
      if (wm > Number.MIN_SAFE_INTEGER) h.processWatermark(wm);
      h.take();
    }
    if ('wm' in s) h.processWatermark((wm = s.wm));
    else h.process([s.row]);
  });
  h.endInput();
  out.push(...h.take());
  const rows = out.filter((x) => !x.startsWith('WM')).map((x) => (buffered ? x.replace(/, \d+\]$/, ']') : x));
  return { rows: rows.sort(), late: late + h.metrics.counter('numLateRecordsDropped').value };
}

void test('eager sessions merge accumulators exactly as buffered sessions aggregate rows (property: out of order, late rows, bridges, restore)', () => {
  assert.equal(sessionWith(5, false).accumulating, true);
  assert.equal(sessionWith(5, true).accumulating, false);
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 8 }),
      fc
        .array(
          fc.oneof(
            { arbitrary: fc.tuple(fc.constantFrom('a', 'b'), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 5 })).map((row) => ({ row: row as Row })), weight: 5 },
            { arbitrary: fc.integer({ min: 0, max: 70 }).map((wm) => ({ wm })), weight: 1 },
          ),
          { maxLength: 40 },
        )
        .map((steps) => {
          let wm = Number.MIN_SAFE_INTEGER;
          return steps.filter((s) => !('wm' in s) || (s.wm > wm && ((wm = s.wm), true)));
        }),
      fc.integer({ min: -1, max: 40 }),
      (gap, steps, cut) => {
        const at = cut >= steps.length ? -1 : cut;
        assert.deepEqual(runSessions(gap, false, steps, at), runSessions(gap, true, steps, -1));
      },
    ),
    { numRuns: 500 },
  );
});

void test('eager sessions: a late-enough row bridging two open sessions merges their accumulators', () => {
  const h = new OperatorHarness(sessionWith(5, false));
  h.process([
    ['a', 0, 1],
    ['a', 2, 7],
    ['a', 20, 2],
    ['a', 21, 3],
    ['b', 9, 4],
  ]);
  h.processWatermark(3);
  h.process([['a', 11, 5]]); // [11, 16): touches neither [0, 7) nor [20, 26)
  h.process([['a', 7, 6]]); // [7, 12) bridges [0, 7) and [11, 16)
  h.process([['a', 16, 9]]); // [16, 21) bridges [0, 16) and [20, 26)
  h.endInput();
  assert.deepEqual(h.take(), ['WM 3', '+I[b, 9, 14, 13, 1, 4, 4]', '+I[a, 0, 26, 25, 7, 33, 9]', 'WM MAX']);
});
