import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Deduplicate } from './deduplicate.ts';
import { OperatorHarness } from './harness.ts';
import { keySelector } from '../key.ts';

const dedup = (keepLast: boolean, rowtimeIndex: number): OperatorHarness => new OperatorHarness(new Deduplicate({ key: keySelector([0]), keepLast, rowtimeIndex }));

test('Deduplicate processing time keep first: insert-only, later rows dropped', () => {
  const h = dedup(false, -1);
  h.process([['pen', 1], ['pen', 2], ['apple', 4], ['pen', 3]]);
  assert.deepEqual(h.take(), ['+I[pen, 1]', '+I[apple, 4]']);
});

test('Deduplicate processing time keep last: each row replaces the previous one', () => {
  const h = dedup(true, -1);
  h.process([['pen', 1], ['pen', 2], ['apple', 4]]);
  assert.deepEqual(h.take(), ['+I[pen, 1]', '-U[pen, 1]', '+U[pen, 2]', '+I[apple, 4]']);
});

test('Deduplicate event time keep first: a smaller rowtime replaces, an equal one does not', () => {
  const h = dedup(false, 1);
  h.process([['k', 10, 'a'], ['k', 12, 'b'], ['k', 10, 'c'], ['k', 5, 'd']]);
  assert.deepEqual(h.take(), ['+I[k, 10, a]', '-U[k, 10, a]', '+U[k, 5, d]']);
});

test('Deduplicate event time keep last: an equal or later rowtime replaces, an earlier one does not', () => {
  const h = dedup(true, 1);
  h.process([['k', 10, 'a'], ['k', 8, 'b'], ['k', 10, 'c']]);
  assert.deepEqual(h.take(), ['+I[k, 10, a]', '-U[k, 10, a]', '+U[k, 10, c]']);
});

void test('state TTL: a key whose state expired is emitted again', () => {
  const h = new OperatorHarness(new Deduplicate({ key: (r) => r[0] as string, keepLast: false, rowtimeIndex: -1, stateTtlMs: 1000 }));
  h.now = 0;
  h.process([['a', 1]]);
  h.now = 999;
  h.process([['a', 2]]);
  h.now = 1000;
  h.process([['a', 3], ['b', 4]]);
  assert.deepEqual(h.take(), ['+I[a, 1]', '+I[a, 3]', '+I[b, 4]']);
});

void test('state TTL: write times survive a snapshot and restore', () => {
  const op = (): Deduplicate => new Deduplicate({ key: (r) => r[0] as string, keepLast: false, rowtimeIndex: -1, stateTtlMs: 1000 });
  const h = new OperatorHarness(op());
  h.process([['a', 1]]);
  h.now = 500;
  h.process([['b', 2]]);
  const r = new OperatorHarness(op(), {}, [h.snapshot()]);
  r.now = 1200;
  r.process([['a', 3], ['b', 4]]); // a (written at 0) expired, b (500) not
  assert.deepEqual([...h.take(), ...r.take()], ['+I[a, 1]', '+I[b, 2]', '+I[a, 3]']);
});
