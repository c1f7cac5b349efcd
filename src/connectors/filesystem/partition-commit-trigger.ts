/**
 * When a written partition may be committed (Flink's PartitionCommitTrigger).
 * The trigger holds the partitions whose files are visible but which are not
 * committed yet, each with its creation time (the processing time it was
 * first written since its last commit). It is asked at each completed
 * checkpoint:
 * - 'process-time': commit once the processing time is past the creation
 *   time plus 'sink.partition-commit.delay' (at once when the delay is 0);
 * - 'partition-time': commit once the watermark (read as wall-clock time in
 *   'sink.partition-commit.watermark-time-zone') is past the time extracted
 *   from the partition's values plus the delay.
 * At the end of the input every pending partition is committed.
 */
import { utcToLocal } from '../../types/temporal.ts';
import { partitionValues, type PartitionTimeExtractor } from './partition-time-extractor.ts';

export type PartitionCommitTriggerKind = 'process-time' | 'partition-time';

export interface PartitionCommitTriggerSettings {
  readonly kind: PartitionCommitTriggerKind;
  readonly delayMs: number;
  readonly watermarkZone: string;
  readonly partitionKeys: readonly string[];
  readonly extractTime: PartitionTimeExtractor;
}

/** A partition ('k=v/…', relative to the table path) waiting for its commit, kept in checkpoints. */
export interface PendingPartition {
  readonly partition: string;
  readonly createdAt: number;
}

/** Beyond ±8.64e15 ms a Date (and a zone offset) does not exist: such watermarks mean "none yet" and "end of time". */
const MAX_DATE_MS = 8.64e15;

export class PartitionCommitTrigger {
  private readonly settings: PartitionCommitTriggerSettings;
  private readonly pending = new Map<string, number>();

  constructor(settings: PartitionCommitTriggerSettings) {
    this.settings = settings;
  }

  /** A partition got visible files; an earlier creation time wins. */
  add(partition: string, createdAt: number): void {
    if (partition === '') return;
    const old = this.pending.get(partition);
    if (old === undefined || createdAt < old) this.pending.set(partition, createdAt);
  }

  get size(): number {
    return this.pending.size;
  }

  /** Removes and returns the partitions that may be committed at processing time `now` with watermark `watermark`. */
  committable(now: number, watermark: number): string[] {
    const out: string[] = [];
    const s = this.settings;
    for (const [partition, createdAt] of this.pending) {
      let ready: boolean;
      switch (s.kind) {
        case 'process-time':
          ready = s.delayMs === 0 || now > createdAt + s.delayMs;
          break;
        case 'partition-time':
          ready = this.watermarkPassed(partition, watermark);
          break;
      }
      if (ready) out.push(partition);
    }
    for (const p of out) this.pending.delete(p);
    return out;
  }

  private watermarkPassed(partition: string, watermark: number): boolean {
    if (watermark >= MAX_DATE_MS) return true;
    if (watermark <= -MAX_DATE_MS) return false;
    const s = this.settings;
    const partTime = s.extractTime(s.partitionKeys, partitionValues(partition));
    return utcToLocal(watermark, s.watermarkZone) > partTime + s.delayMs;
  }

  /** Removes and returns every pending partition (end of input). */
  endInput(): string[] {
    const out = [...this.pending.keys()];
    this.pending.clear();
    return out;
  }

  snapshot(): PendingPartition[] {
    return [...this.pending].map(([partition, createdAt]) => ({ partition, createdAt }));
  }
}
