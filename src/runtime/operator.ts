/**
 * The operator contract (Arroyo's shape, Flink's lifecycle). An operator is a
 * plain class, synchronous per batch. Barrier alignment, the watermark minimum
 * over inputs, idleness and timer firing live in the task (task.ts), never in
 * operators. Sources and sinks, which do I/O, have their own async contracts in
 * source.ts and sink.ts.
 */
import type { Batch } from './batch.ts';
import type { KeyedStateStore, OperatorStateStore, StateKey } from '../state/api.ts';

/** Where an operator sends its output. Synchronous: the call returns when downstream chained operators are done. */
export interface Output {
  emit(batch: Batch): void;
}

export interface MetricGroup {
  counter(name: string): { inc(n?: number): void; readonly value: number };
  gauge(name: string, read: () => number): void;
}

export type TimeDomain = 'event' | 'processing';

/** Keyed timers, kept in state by the task and part of every checkpoint. */
export interface TimerService {
  registerEventTimeTimer(key: StateKey, time: number): void;
  deleteEventTimeTimer(key: StateKey, time: number): void;
  registerProcessingTimeTimer(key: StateKey, time: number): void;
  deleteProcessingTimeTimer(key: StateKey, time: number): void;
  currentWatermark(): number;
  currentProcessingTime(): number;
}

export interface OperatorContext {
  readonly operatorId: string;
  readonly name: string;
  readonly subtaskIndex: number;
  readonly parallelism: number;
  readonly maxParallelism: number;
  /** Keyed state owned by this subtask (only the key groups it owns are ever addressed). */
  readonly keyedState: KeyedStateStore;
  /** Non-keyed (operator/list) state, redistributed round-robin on rescale. */
  readonly operatorState: OperatorStateStore;
  readonly timers: TimerService;
  readonly metrics: MetricGroup;
  /** Job configuration (Flink option keys → string values, e.g. 'table.local-time-zone'). */
  readonly config: ReadonlyMap<string, string>;
}

export interface Operator {
  /** Get declared state (already restored when the job resumes from a checkpoint). */
  open?(ctx: OperatorContext): void;
  /** Process one batch from input `input` (0 for single-input operators, 0/1 for joins). */
  processBatch(batch: Batch, input: number, out: Output): void;
  /**
   * Called when the task's combined watermark advances, after the task fired
   * the event-time timers up to it (via onTimer). Returns the watermark to
   * forward (default: the same).
   */
  processWatermark?(watermark: number, out: Output): number;
  /** A timer registered through ctx.timers fired for `key`. */
  onTimer?(key: StateKey, time: number, domain: TimeDomain, out: Output): void;
  /** Flush buffered output before the barrier goes downstream. */
  prepareSnapshotPreBarrier?(checkpointId: number, out: Output): void;
  /** The short synchronous part of a snapshot of non-declared state; declared state is snapshotted by the task. */
  snapshotState?(checkpointId: number): void;
  notifyCheckpointComplete?(checkpointId: number): void;
  /** Input `input` ended (bounded sources). Emit final results here if the operator buffers. */
  endInput?(input: number, out: Output): void;
  close?(): void;
}
