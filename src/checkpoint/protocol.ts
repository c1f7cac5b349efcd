/**
 * The decisions of the checkpoint protocol as pure functions (Arroyo's way):
 * when to trigger, how a task aligns barriers, when a checkpoint is complete,
 * which checkpoints to discard, how long to wait before a restart and how a
 * restored checkpoint's state is handed to the subtasks of a (possibly
 * rescaled) job. The coordinator and the task call these and do the I/O.
 */
import type { CheckpointingMode, RestartStrategy } from './config.ts';

// ---------------------------------------------------------------- triggering

export interface TriggerState {
  readonly now: number;
  readonly intervalMs: number;
  readonly minPauseMs: number;
  readonly maxConcurrent: number;
  /** Checkpoints triggered and neither completed nor aborted. */
  readonly inFlight: number;
  /** When the last checkpoint was triggered (undefined: never; the first comes one interval after `startedAt`). */
  readonly lastTriggerAt: number | undefined;
  /** When the last checkpoint completed or was aborted (min-pause counts from there). */
  readonly lastEndedAt: number | undefined;
  readonly startedAt: number;
}

/**
 * The earliest time at which the next periodic checkpoint may be triggered,
 * or undefined while `maxConcurrent` checkpoints are in flight (or, with a
 * min-pause, while any is in flight: Flink's min-pause implies one at a time).
 */
export function nextTriggerTime(s: TriggerState): number | undefined {
  if (s.inFlight >= s.maxConcurrent) return undefined;
  if (s.minPauseMs > 0 && s.inFlight > 0) return undefined;
  let t = (s.lastTriggerAt ?? s.startedAt) + s.intervalMs;
  if (s.minPauseMs > 0 && s.lastEndedAt !== undefined) t = Math.max(t, s.lastEndedAt + s.minPauseMs);
  return t;
}

// ---------------------------------------------------------------- alignment

export interface AlignmentState {
  /** Exactly-once: the checkpoint being aligned, and which channels delivered its barrier. */
  readonly aligning: number | undefined;
  readonly arrived: readonly boolean[];
  /** At-least-once: per checkpoint, how many channels delivered its barrier. */
  readonly counts: ReadonlyMap<number, number>;
  /** The last checkpoint this task snapshotted (older barriers are stale). */
  readonly lastDone: number;
}

export type AlignmentAction =
  /** Keep reading; `block` says whether channel `channel` must stop being read until the alignment ends. */
  | { readonly kind: 'wait'; readonly block: boolean }
  /** Every channel delivered the barrier: snapshot, forward it, and (exactly-once) unblock every channel. */
  | { readonly kind: 'snapshot'; readonly checkpointId: number }
  /** A barrier of a checkpoint already taken or superseded: drop it. */
  | { readonly kind: 'ignore' };

export function initialAlignment(channels: number): AlignmentState {
  return { aligning: undefined, arrived: new Array<boolean>(channels).fill(false), counts: new Map(), lastDone: 0 };
}

/** A barrier for `checkpointId` arrived on `channel` of a task with `arrived.length` input channels. */
export function onBarrier(s: AlignmentState, mode: CheckpointingMode, channel: number, checkpointId: number): [AlignmentState, AlignmentAction] {
  const n = s.arrived.length;
  if (checkpointId <= s.lastDone) return [s, { kind: 'ignore' }];
  if (mode === 'AT_LEAST_ONCE') {
    const c = (s.counts.get(checkpointId) ?? 0) + 1;
    const counts = new Map(s.counts);
    if (c >= n) {
      // a newer checkpoint completing its barriers supersedes older partial ones
      for (const id of [...counts.keys()]) if (id <= checkpointId) counts.delete(id);
      return [{ ...s, counts, lastDone: checkpointId }, { kind: 'snapshot', checkpointId }];
    }
    counts.set(checkpointId, c);
    return [{ ...s, counts }, { kind: 'wait', block: false }];
  }
  let aligning = s.aligning;
  let arrived = s.arrived;
  if (aligning === undefined || checkpointId > aligning) {
    // a newer checkpoint's barrier: an unfinished older alignment is abandoned (its checkpoint can no longer complete)
    aligning = checkpointId;
    arrived = new Array<boolean>(n).fill(false);
  } else if (checkpointId < aligning) {
    return [s, { kind: 'ignore' }];
  }
  const next = arrived.slice();
  next[channel] = true;
  if (next.every(Boolean)) {
    return [{ ...s, aligning: undefined, arrived: new Array<boolean>(n).fill(false), lastDone: checkpointId }, { kind: 'snapshot', checkpointId }];
  }
  return [{ ...s, aligning, arrived: next }, { kind: 'wait', block: true }];
}

// ---------------------------------------------------------------- completion and retention

/** A checkpoint is complete when every task acknowledged it. */
export function isComplete(expected: number, acknowledged: number): boolean {
  return acknowledged >= expected;
}

/** Which completed checkpoints (ids ascending or not) to discard so that `numRetained` newest remain. */
export function checkpointsToDiscard(completed: readonly number[], numRetained: number): number[] {
  const sorted = [...completed].sort((a, b) => b - a);
  return sorted.slice(Math.max(1, numRetained));
}

// ---------------------------------------------------------------- restart

/** Milliseconds to wait before restart number `attempt` (1-based), or undefined to give up. */
export function restartDelay(s: RestartStrategy, attempt: number): number | undefined {
  switch (s.type) {
    case 'none':
      return undefined;
    case 'fixed-delay':
      return attempt <= s.attempts ? s.delayMs : undefined;
    case 'exponential-delay': {
      if (attempt > s.attempts) return undefined;
      const d = s.initialMs * Math.pow(s.multiplier, attempt - 1);
      return Math.min(s.maxMs, d);
    }
  }
}

// ---------------------------------------------------------------- restore assignment

/** What one old subtask recorded for a node. */
export interface SubtaskRecord<K, P, O, S> {
  readonly subtask: number;
  readonly keyed?: K | undefined;
  readonly position?: P | undefined;
  readonly operator?: O | undefined;
  readonly sink?: S | undefined;
}

export interface SubtaskAssignment<K, P, O, S> {
  /** Every old keyed snapshot: each new subtask keeps the key groups it owns. */
  readonly keyed: K[];
  readonly position: P | undefined;
  /** Rescaled only: every old subtask's position (index = old subtask; undefined where it recorded none), for sources that redistribute their splits. */
  readonly rescaledPositions: (P | undefined)[] | undefined;
  readonly operator: O | undefined;
  /** Pending sink commits: with the same parallelism each subtask's own; rescaled, all go to subtask 0. */
  readonly sink: S[];
}

/**
 * Hands the records of `oldParallelism` subtasks to new subtask `subtask` of
 * `newParallelism`. Keyed state is redistributed by key group (by the state
 * store); source positions of a rescaled job are all handed over
 * (`rescaledPositions`) for a rescalable reader to take its share of the
 * splits; operator state is combined by `mergeOperators` (or dropped without it).
 */
export function assignSubtaskState<K, P, O, S>(
  records: readonly SubtaskRecord<K, P, O, S>[],
  subtask: number,
  newParallelism: number,
  oldParallelism: number,
  /** Rescaled: combines every old subtask's operator state (undefined where none) into the new subtask's. */
  mergeOperators?: (states: (O | undefined)[]) => O | undefined,
): SubtaskAssignment<K, P, O, S> {
  const keyed = records.flatMap((r) => (r.keyed === undefined ? [] : [r.keyed]));
  const same = newParallelism === oldParallelism;
  const own = records.find((r) => r.subtask === subtask);
  const sinks = same
    ? own?.sink === undefined
      ? []
      : [own.sink]
    : subtask === 0
      ? records.flatMap((r) => (r.sink === undefined ? [] : [r.sink]))
      : [];
  let rescaledPositions: (P | undefined)[] | undefined;
  if (!same) {
    rescaledPositions = new Array<P | undefined>(oldParallelism).fill(undefined);
    for (const r of records) if (r.subtask >= 0 && r.subtask < oldParallelism && r.position !== undefined) rescaledPositions[r.subtask] = r.position;
  }
  let operator = same ? own?.operator : undefined;
  if (!same && mergeOperators && records.some((r) => r.operator !== undefined)) {
    const olds = new Array<O | undefined>(oldParallelism).fill(undefined);
    for (const r of records) if (r.subtask >= 0 && r.subtask < oldParallelism) olds[r.subtask] = r.operator;
    operator = mergeOperators(olds);
  }
  return { keyed, position: same ? own?.position : undefined, rescaledPositions, operator, sink: sinks };
}
