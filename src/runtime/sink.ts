/**
 * The sink contract. `write` is synchronous (it buffers); `flush` is the I/O
 * boundary and gives back-pressure: the task awaits it before polling the
 * source again when `needsFlush` says the buffer is full. Two-phase-commit
 * sinks pre-commit in `prepareCommit` at the barrier and commit in
 * `commit` once the checkpoint is complete.
 */
import type { Batch } from './batch.ts';
import type { MetricGroup } from './operator.ts';

export interface SinkContext {
  readonly subtaskIndex: number;
  readonly parallelism: number;
  readonly config: ReadonlyMap<string, string>;
  readonly metrics: MetricGroup;
  /** Processing-time clock (the executor's; Date.now when absent). */
  readonly clock?: (() => number) | undefined;
}

export interface SinkWriter {
  open(ctx: SinkContext, restored?: unknown): Promise<void>;
  write(batch: Batch): void;
  needsFlush(): boolean;
  flush(): Promise<void>;
  /** Pre-commit at a barrier; the returned state goes into the checkpoint. */
  prepareCommit?(checkpointId: number): Promise<unknown>;
  commit?(checkpointId: number): Promise<void>;
  /** The sink's input watermark advanced (e.g. for partition-time commits). */
  onWatermark?(watermark: number): void;
  /**
   * The processing time at which the writer wants `needsFlush` asked again
   * even if no row arrives (time-based rolling checks); undefined for none.
   */
  nextCheckTime?(): number | undefined;
  /** Called once after the last row; flush and finish everything. */
  finish(): Promise<void>;
  close(): Promise<void>;
}
