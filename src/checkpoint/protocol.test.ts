import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assignSubtaskState, checkpointsToDiscard, initialAlignment, nextTriggerTime, onBarrier, restartDelay } from './protocol.ts';
import { checkpointConfig, restartStrategy } from './config.ts';

const base = { now: 0, intervalMs: 100, minPauseMs: 0, maxConcurrent: 1, inFlight: 0, lastTriggerAt: undefined, lastEndedAt: undefined, startedAt: 1000 };

void test('trigger: first one interval after start, then interval after the last trigger', () => {
  assert.equal(nextTriggerTime(base), 1100);
  assert.equal(nextTriggerTime({ ...base, lastTriggerAt: 1500 }), 1600);
});

void test('trigger: max-concurrent-checkpoints and min-pause hold it back', () => {
  assert.equal(nextTriggerTime({ ...base, inFlight: 1 }), undefined);
  assert.equal(nextTriggerTime({ ...base, inFlight: 1, maxConcurrent: 2, lastTriggerAt: 1500 }), 1600);
  // min-pause: one at a time, and min-pause after the last one ended
  assert.equal(nextTriggerTime({ ...base, inFlight: 1, maxConcurrent: 2, minPauseMs: 50 }), undefined);
  assert.equal(nextTriggerTime({ ...base, minPauseMs: 300, lastTriggerAt: 1500, lastEndedAt: 1550 }), 1850);
  assert.equal(nextTriggerTime({ ...base, minPauseMs: 10, lastTriggerAt: 1500, lastEndedAt: 1550 }), 1600);
});

void test('exactly-once alignment: a channel is blocked after its barrier; snapshot when all arrived', () => {
  let s = initialAlignment(3);
  let a;
  [s, a] = onBarrier(s, 'EXACTLY_ONCE', 1, 7);
  assert.deepEqual(a, { kind: 'wait', block: true });
  [s, a] = onBarrier(s, 'EXACTLY_ONCE', 0, 7);
  assert.deepEqual(a, { kind: 'wait', block: true });
  [s, a] = onBarrier(s, 'EXACTLY_ONCE', 2, 7);
  assert.deepEqual(a, { kind: 'snapshot', checkpointId: 7 });
  // a stale barrier (an older checkpoint) is ignored
  [s, a] = onBarrier(s, 'EXACTLY_ONCE', 0, 6);
  assert.deepEqual(a, { kind: 'ignore' });
  // a newer checkpoint abandons an unfinished alignment
  [s, a] = onBarrier(s, 'EXACTLY_ONCE', 0, 8);
  [s, a] = onBarrier(s, 'EXACTLY_ONCE', 1, 9);
  assert.deepEqual(a, { kind: 'wait', block: true });
  [s, a] = onBarrier(s, 'EXACTLY_ONCE', 0, 9);
  [, a] = onBarrier(s, 'EXACTLY_ONCE', 2, 9);
  assert.deepEqual(a, { kind: 'snapshot', checkpointId: 9 });
});

void test('at-least-once: never blocks; snapshot when the last channel delivered the barrier', () => {
  let s = initialAlignment(2);
  let a;
  [s, a] = onBarrier(s, 'AT_LEAST_ONCE', 0, 1);
  assert.deepEqual(a, { kind: 'wait', block: false });
  [s, a] = onBarrier(s, 'AT_LEAST_ONCE', 0, 2);
  assert.deepEqual(a, { kind: 'wait', block: false });
  [s, a] = onBarrier(s, 'AT_LEAST_ONCE', 1, 1);
  assert.deepEqual(a, { kind: 'snapshot', checkpointId: 1 });
  [s, a] = onBarrier(s, 'AT_LEAST_ONCE', 1, 2);
  assert.deepEqual(a, { kind: 'snapshot', checkpointId: 2 });
  [, a] = onBarrier(s, 'AT_LEAST_ONCE', 1, 2);
  assert.deepEqual(a, { kind: 'ignore' });
});

void test('retention keeps the newest num-retained (at least one)', () => {
  assert.deepEqual(checkpointsToDiscard([3, 1, 2, 5], 2), [2, 1]);
  assert.deepEqual(checkpointsToDiscard([3], 1), []);
  assert.deepEqual(checkpointsToDiscard([3, 4], 0), [3]);
});

void test('restart strategies: none, fixed-delay attempts, exponential backoff capped', () => {
  assert.equal(restartDelay({ type: 'none' }, 1), undefined);
  const fixed = restartStrategy(new Map([['restart-strategy.type', 'fixed-delay'], ['restart-strategy.fixed-delay.attempts', '2'], ['restart-strategy.fixed-delay.delay', '5 s']]), true);
  assert.deepEqual([1, 2, 3].map((n) => restartDelay(fixed, n)), [5000, 5000, undefined]);
  const exp = restartStrategy(
    new Map([
      ['restart-strategy.type', 'exponential-delay'],
      ['restart-strategy.exponential-delay.initial-backoff', '100 ms'],
      ['restart-strategy.exponential-delay.max-backoff', '1 s'],
      ['restart-strategy.exponential-delay.backoff-multiplier', '2'],
    ]),
    true,
  );
  assert.deepEqual([1, 2, 3, 4, 5].map((n) => restartDelay(exp, n)), [100, 200, 400, 800, 1000]);
  // Flink: no strategy configured → none without checkpointing, exponential-delay with it
  assert.equal(restartStrategy(new Map(), false).type, 'none');
  assert.equal(restartStrategy(new Map(), true).type, 'exponential-delay');
  assert.throws(() => restartStrategy(new Map([['restart-strategy.type', 'sometimes']]), true), /restart-strategy.type/);
});

void test('restore assignment: keyed state from every old subtask; positions and sink commits by index, or to subtask 0 when rescaled', () => {
  const recs = [
    { subtask: 0, keyed: 'k0', position: 'p0', sink: 's0' },
    { subtask: 1, keyed: 'k1', position: 'p1', sink: 's1' },
  ];
  assert.deepEqual(assignSubtaskState(recs, 1, 2, 2), { keyed: ['k0', 'k1'], position: 'p1', rescaledPositions: undefined, operator: undefined, sink: ['s1'] });
  assert.deepEqual(assignSubtaskState(recs, 0, 3, 2).sink, ['s0', 's1']);
  assert.deepEqual(assignSubtaskState(recs, 2, 3, 2), { keyed: ['k0', 'k1'], position: undefined, rescaledPositions: ['p0', 'p1'], operator: undefined, sink: [] });
  // a rescaled source sees every old position by old subtask index; a missing record stays a hole
  assert.deepEqual(assignSubtaskState([recs[1]!], 0, 1, 2).rescaledPositions, [undefined, 'p1']);
});

void test('config: Flink keys, defaults and errors', () => {
  const c = checkpointConfig(
    new Map([
      ['execution.checkpointing.interval', '1 s'],
      ['execution.checkpointing.mode', 'at_least_once'],
      ['state.checkpoints.dir', 'file:///tmp/x'],
      ['state.checkpoints.num-retained', '3'],
    ]),
  );
  assert.equal(c.intervalMs, 1000);
  assert.equal(c.mode, 'AT_LEAST_ONCE');
  assert.equal(c.dir, '/tmp/x');
  assert.equal(c.numRetained, 3);
  assert.equal(c.timeoutMs, 600_000);
  assert.equal(c.maxConcurrent, 1);
  assert.equal(checkpointConfig(new Map()).intervalMs, undefined);
  assert.throws(() => checkpointConfig(new Map([['execution.checkpointing.mode', 'MOSTLY_ONCE']])), /execution.checkpointing.mode/);
  assert.throws(() => checkpointConfig(new Map([['state.checkpoints.dir', 's3://bucket/x']])), /only file:\/\//);
});
