import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChangelogNormalize } from './changelog-normalize.ts';
import { OperatorHarness } from './harness.ts';
import { keySelector } from '../key.ts';

test('ChangelogNormalize: upserts become updates, repeats are dropped, deletes emit the stored row', () => {
  const h = new OperatorHarness(new ChangelogNormalize(keySelector([0])));
  h.changelog([['+I', [1, 'a']], ['+I', [1, 'a']], ['+U', [1, 'b']], ['-D', [1, 'b']], ['-D', [2, 'x']]]);
  assert.deepEqual(h.take(), ['+I[1, a]', '-U[1, a]', '+U[1, b]', '-D[1, b]']);
});

test('ChangelogNormalize state TTL: an expired key starts again with +I, its delete is dropped; repeats are emitted (as Flink does with TTL)', () => {
  const op = (): ChangelogNormalize => new ChangelogNormalize(keySelector([0]), 1000);
  const h = new OperatorHarness(op());
  h.changelog([['+I', [1, 'a']], ['+I', [2, 'x']]]);
  h.now = 500;
  h.changelog([['+I', [1, 'a']]]); // a repeat refreshes the key (written at 500)
  const r = new OperatorHarness(op(), {}, [h.snapshot()]);
  r.now = 1499;
  r.changelog([['+U', [1, 'b']]]);
  r.now = 2498;
  r.changelog([['-D', [2, 'x']], ['+I', [1, 'c']]]); // 2 expired at 1000; 1 was written at 1499
  r.now = 3498;
  r.changelog([['+I', [1, 'd']]]); // 1 was written at 2498: expired
  assert.deepEqual([...h.take(), ...r.take()], ['+I[1, a]', '+I[2, x]', '-U[1, a]', '+U[1, a]', '-U[1, a]', '+U[1, b]', '-U[1, b]', '+U[1, c]', '+I[1, d]']);
});
