import assert from 'node:assert/strict';
import test from 'node:test';
import fc from 'fast-check';
import {
  assignWindowEnds,
  assignWindows,
  firstWindowEnd,
  lastWindowEnd,
  sliceEnd,
  sliceSize,
  windowStart,
  windowStartOf,
  type AlignedWindow,
} from './windows.ts';

/** Windows containing ts, by brute force over every aligned start in range. */
function reference(w: AlignedWindow, ts: number): [number, number][] {
  const out: [number, number][] = [];
  if (w.kind === 'CUMULATE') {
    for (let s = ts - w.size - Math.abs(w.offset) * 2 - w.size; s <= ts; s++) {
      if ((((s - w.offset) % w.size) + w.size) % w.size !== 0) continue;
      for (let e = s + w.step; e <= s + w.size; e += w.step) if (s <= ts && ts < e) out.push([s, e]);
    }
    return out;
  }
  const step = w.kind === 'TUMBLE' ? w.size : w.slide;
  for (let s = ts - w.size - step; s <= ts; s++) {
    if ((((s - w.offset) % step) + step) % step !== 0) continue;
    if (s <= ts && ts < s + w.size) out.push([s, s + w.size]);
  }
  return out;
}

const windowArb: fc.Arbitrary<AlignedWindow> = fc.oneof(
  fc.record({ kind: fc.constant('TUMBLE' as const), size: fc.integer({ min: 1, max: 40 }), offset: fc.integer({ min: -50, max: 50 }) }),
  fc
    .record({ slide: fc.integer({ min: 1, max: 12 }), k: fc.integer({ min: 1, max: 4 }), extra: fc.integer({ min: 0, max: 5 }), offset: fc.integer({ min: -30, max: 30 }) })
    .map(({ slide, k, extra, offset }) => ({ kind: 'HOP' as const, slide, size: slide * k + (extra % slide), offset })),
  fc
    .record({ step: fc.integer({ min: 1, max: 10 }), k: fc.integer({ min: 1, max: 5 }), offset: fc.integer({ min: -30, max: 30 }) })
    .map(({ step, k, offset }) => ({ kind: 'CUMULATE' as const, step, size: step * k, offset })),
);

void test('windowStart aligns to the offset, also for negative times', () => {
  assert.equal(windowStart(7, 0, 5), 5);
  assert.equal(windowStart(-1, 0, 5), -5);
  assert.equal(windowStart(-5, 0, 5), -5);
  assert.equal(windowStart(4, 1, 5), 1);
  assert.equal(windowStart(0, 1, 5), -4);
});

void test('assignWindows / assignWindowEnds give exactly the windows containing ts (property)', () => {
  fc.assert(
    fc.property(windowArb, fc.integer({ min: -200, max: 200 }), (w, ts) => {
      const got: [number, number][] = [];
      assignWindows(w, ts, (s, e) => got.push([s, e]));
      const want = reference(w, ts).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      assert.deepEqual(got, want);
      const ends: number[] = [];
      const n = assignWindowEnds(w, ts, ends);
      assert.deepEqual(
        ends.slice(0, n).map((e) => [windowStartOf(w, e), e]),
        want.slice().sort((a, b) => a[1] - b[1]),
      );
    }),
    { numRuns: 2000 },
  );
});

void test('slices: a row is in one slice; a window is the union of the slices ending inside it (property)', () => {
  fc.assert(
    fc.property(windowArb, fc.integer({ min: -200, max: 200 }), (w, ts) => {
      const n = sliceSize(w);
      const s = sliceEnd(w, ts);
      assert.ok(s - n <= ts && ts < s, 'the slice contains ts');
      const wins = reference(w, ts);
      for (const [ws, we] of wins) {
        assert.ok(s > ws && s <= we, 'the slice lies in each window containing ts');
        assert.equal(windowStartOf(w, we), ws);
        // the slices ending in (ws, we] tile the window exactly
        assert.equal((we - ws) % n, 0);
      }
      const ends = wins.map((x) => x[1]);
      assert.equal(firstWindowEnd(w, s), Math.min(...ends));
      assert.equal(lastWindowEnd(w, s), Math.max(...ends));
    }),
    { numRuns: 2000 },
  );
});
