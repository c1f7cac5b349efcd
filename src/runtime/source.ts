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

/**
 * The position handed to `open` of a `rescalable` reader when the restored
 * checkpoint was taken at another parallelism: what every old subtask's
 * `snapshotPosition` returned (index = old subtask). The reader takes its
 * share of the splits (Flink's operator list state with even-split
 * redistribution): each split goes to exactly one new subtask.
 */
export interface RescaledPosition {
  readonly kind: 'rescaled';
  readonly oldParallelism: number;
  /** undefined where an old subtask recorded no position (the reader must refuse: that work is unknown). */
  readonly positions: readonly unknown[];
}

export function isRescaledPosition(p: unknown): p is RescaledPosition {
  return typeof p === 'object' && p !== null && (p as { kind?: unknown }).kind === 'rescaled' && Array.isArray((p as { positions?: unknown }).positions);
}

export interface SourceReader {
  /** True when the source ends by itself (a file, `number-of-rows`). */
  readonly bounded: boolean;
  /** True when `open` accepts a RescaledPosition (a restore at another parallelism); otherwise the parallelism must stay. */
  readonly rescalable?: boolean;
  /** `position` is what `snapshotPosition` returned at the checkpoint being restored, if any (a RescaledPosition after a rescale). */
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
