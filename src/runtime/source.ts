/**
 * The source contract. Sources are split-based (a file, a Kafka partition, a
 * generator's sequence) and asynchronous: `poll` is the I/O boundary. A source
 * never computes watermarks itself: the task applies the graph's
 * WatermarkSpec to the rows it returns, per split.
 */
import type { Batch } from './batch.ts';
import type { MetricGroup } from './operator.ts';

export interface SourceContext {
  readonly subtaskIndex: number;
  readonly parallelism: number;
  readonly config: ReadonlyMap<string, string>;
  readonly metrics: MetricGroup;
}

export interface SourceBatch {
  /** Rows read; may be empty when the source is waiting. */
  readonly batch: Batch;
  /** The split these rows came from (watermarks are generated per split). */
  readonly split: string;
}

export interface SourceReader {
  /** True when the source ends by itself (a file, `number-of-rows`). */
  readonly bounded: boolean;
  /** `position` is what `snapshotPosition` returned at the checkpoint being restored, if any. */
  open(ctx: SourceContext, position?: unknown): Promise<void>;
  /**
   * The next rows. Returns null when this subtask's input is exhausted.
   * An unbounded source with nothing to read waits (briefly) and may return an
   * empty batch so the task can handle timers and checkpoints.
   */
  poll(maxRows: number): Promise<SourceBatch | null>;
  /** Splits this reader currently owns (so idle ones can be detected). */
  splits(): readonly string[];
  /** A JSON-serialisable position from which `open` can resume exactly after the last row returned. */
  snapshotPosition(): unknown;
  close(): Promise<void>;
}
