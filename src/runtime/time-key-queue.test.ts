import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TimeKeyQueue } from './time-key-queue.ts';

void test('TimeKeyQueue pops every pair in time order, in-order pushes and out-of-order ones alike', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.boolean()), { maxLength: 200 }), fc.integer({ min: 0, max: 60 }), (pushes, limit) => {
      const q = new TimeKeyQueue<string>();
      let t = 0;
      const all: number[] = [];
      for (const [d, back] of pushes) {
        t = back ? Math.max(0, t - d) : t + d;
        q.push(t, `k${t}`);
        all.push(t);
      }
      const popped: number[] = [];
      q.popUpTo(limit, (time, key) => {
        assert.equal(key, `k${time}`);
        popped.push(time);
      });
      const below = all.filter((x) => x <= limit).sort((a, b) => a - b);
      assert.deepEqual(popped, below);
      assert.equal(q.size, all.length - below.length);
      const rest: number[] = [];
      q.popUpTo(Infinity, (time) => rest.push(time));
      assert.deepEqual(rest, all.filter((x) => x > limit).sort((a, b) => a - b));
      assert.equal(q.size, 0);
      assert.equal(q.peekTime(), Infinity);
    }),
  );
});

/** Pops up to `n` pairs; checks that times never decrease. */
function popN(q: TimeKeyQueue<string>, n: number): [number, string][] {
  const got: [number, string][] = [];
  for (let i = 0; i < n && q.size > 0; i++) {
    const t = q.peekTime();
    if (got.length > 0) assert.ok(t >= got[got.length - 1]![0], 'times never decrease');
    got.push([t, q.peekKey()]);
    q.pop();
  }
  return got;
}

/** The model: the `n` earliest pairs are popped, equal times in push order (the model is in push order; sort is stable). */
function checkRound(model: [number, string][], got: [number, string][]): [number, string][] {
  const byTime = [...model].sort((a, b) => a[0] - b[0]);
  assert.deepEqual(got, byTime.slice(0, got.length));
  return byTime.slice(got.length);
}

void test('TimeKeyQueue: rings grow past their first capacity and wrap around; interleaved in-order runs, out-of-order pushes and pops; equal times in push order', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 2, max: 500 }), fc.integer({ min: 1, max: 7 })), { minLength: 1, maxLength: 6 }),
      (rounds) => {
        const q = new TimeKeyQueue<string>();
        let model: [number, string][] = [];
        let n = 0;
        // `runs` interleaved in-order sequences (more than the queue has rings, at times), each advancing by 0 or 1
        const ts = new Array<number>(8).fill(0);
        for (const [pushes, pops, every, runs] of rounds) {
          for (let i = 0; i < pushes; i++) {
            const run = i % runs;
            // now and then a pair earlier than its run (the heap)
            const time = i % every === every - 1 ? Math.max(0, ts[run]! - 7) : (ts[run]! += (i >> 3) % 2);
            const key = `k${n++}:${time}`;
            q.push(time, key);
            model.push([time, key]);
          }
          model = checkRound(model, popN(q, pops));
          assert.equal(q.size, model.length);
        }
        model = checkRound(model, popN(q, Infinity));
        assert.equal(model.length, 0);
      },
    ),
    { numRuns: 50 },
  );
});

void test('TimeKeyQueue: a burst far beyond the first capacity drains in order, and the queue works on after shrinking', () => {
  const q = new TimeKeyQueue<string>();
  for (let i = 0; i < 200_000; i++) q.push(i, `k${i}:${i}`);
  const got = popN(q, 199_900);
  assert.equal(got.length, 199_900);
  got.forEach(([t, k], i) => {
    assert.equal(t, i);
    assert.equal(k, `k${i}:${i}`);
  });
  for (let i = 200_000; i < 210_000; i++) q.push(i, `k${i}:${i}`);
  const rest = popN(q, Infinity);
  assert.deepEqual(
    rest.map((p) => p[0]),
    Array.from({ length: 10_100 }, (_, i) => 199_900 + i),
  );
  assert.equal(q.size, 0);
});
