/**
 * The partition committer of one filesystem sink (Flink's single
 * PartitionCommitter), shared in-process by the sink's parallel writers.
 * After a writer made the files of checkpoint n visible it reports the
 * partitions those files belong to; once every subtask reported n, the
 * trigger (partition-commit-trigger.ts) picks the partitions that may be
 * committed (by processing time, or by the minimum of the writers'
 * watermarks at checkpoint n's barrier) and the policies run on each: the
 * 'success-file' policy writes an empty marker file into the partition
 * directory. When every subtask's input ended, every pending partition is
 * committed.
 *
 * The committer's pending partitions are in every writer's checkpoint state
 * (a copy each; a restore takes the union, so a partition may be committed
 * twice, never lost). A partition being committed stays in the snapshot
 * until its marker is written.
 *
 * PartitionCommitters hands out one committer per run of the job: a subtask
 * that opens again (a restart) starts a new one.
 */
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PartitionCommitTrigger, type PendingPartition } from './partition-commit-trigger.ts';
import type { PartitionCommitSettings } from './partition-commit-options.ts';

export class PartitionCommitter {
  readonly parallelism: number;
  private readonly root: string;
  private readonly settings: PartitionCommitSettings;
  private readonly clock: () => number;
  private readonly trigger: PartitionCommitTrigger;
  /** Checkpoint → subtasks that reported it. */
  private readonly reported = new Map<number, Set<number>>();
  /** Checkpoint → the minimum watermark of the subtasks at its barrier. */
  private readonly watermarks = new Map<number, number>();
  private readonly ended = new Set<number>();
  /** Partitions whose policies are running (still in snapshots). */
  private readonly committing = new Map<string, number>();
  private chain: Promise<void> = Promise.resolve();

  constructor(root: string, settings: PartitionCommitSettings, parallelism: number, clock: () => number) {
    this.root = root;
    this.settings = settings;
    this.parallelism = parallelism;
    this.clock = clock;
    this.trigger = new PartitionCommitTrigger(settings.trigger);
  }

  /** Partitions restored from a checkpoint (visible files, commit pending). */
  restore(partitions: readonly PendingPartition[]): void {
    for (const p of partitions) this.trigger.add(p.partition, p.createdAt);
  }

  /** The pending partitions, for a writer's checkpoint state. */
  snapshot(): PendingPartition[] {
    const out = this.trigger.snapshot();
    for (const [partition, createdAt] of this.committing) out.push({ partition, createdAt });
    return out;
  }

  /** A subtask pre-committed checkpoint `id` with input watermark `watermark`. */
  recordWatermark(id: number, watermark: number): void {
    const old = this.watermarks.get(id);
    if (old === undefined || watermark < old) this.watermarks.set(id, watermark);
  }

  /**
   * Subtask `subtask` made the files of checkpoints up to `id` visible; they belong to `partitions`.
   * Resolves when the commits this report allowed are done.
   */
  report(id: number, subtask: number, partitions: readonly PendingPartition[]): Promise<void> {
    for (const p of partitions) this.trigger.add(p.partition, p.createdAt);
    let tasks = this.reported.get(id);
    if (tasks === undefined) this.reported.set(id, (tasks = new Set()));
    tasks.add(subtask);
    if (tasks.size < this.parallelism) return this.chain;
    for (const k of [...this.reported.keys()]) if (k <= id) this.reported.delete(k);
    const wm = this.watermarks.get(id) ?? Number.MIN_SAFE_INTEGER;
    for (const k of [...this.watermarks.keys()]) if (k <= id) this.watermarks.delete(k);
    return this.commit(this.trigger.committable(this.clock(), wm));
  }

  /** Subtask `subtask` finished with all its files visible; the last one commits every pending partition. */
  endInput(subtask: number, partitions: readonly PendingPartition[]): Promise<void> {
    for (const p of partitions) this.trigger.add(p.partition, p.createdAt);
    this.ended.add(subtask);
    if (this.ended.size < this.parallelism) return this.chain;
    return this.commit(this.trigger.endInput());
  }

  private commit(partitions: readonly string[]): Promise<void> {
    if (partitions.length === 0) return this.chain;
    const now = this.clock();
    for (const p of partitions) this.committing.set(p, now);
    this.chain = this.chain.then(async () => {
      for (const p of partitions) {
        await this.applyPolicies(p);
        this.committing.delete(p);
      }
    });
    return this.chain;
  }

  private async applyPolicies(partition: string): Promise<void> {
    const name = this.settings.successFileName;
    if (name === undefined) return;
    const dir = join(this.root, partition);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, name), '');
  }
}

/** One committer per run of a sink's job (see PartitionCommitter). */
export class PartitionCommitters {
  private readonly create: (parallelism: number, clock: () => number) => PartitionCommitter;
  private current: PartitionCommitter | undefined;
  private joined = new Set<number>();

  constructor(create: (parallelism: number, clock: () => number) => PartitionCommitter) {
    this.create = create;
  }

  /** The committer of the current run for a subtask opening with the executor's `clock`. */
  join(subtask: number, parallelism: number, clock: () => number): PartitionCommitter {
    if (this.current === undefined || this.joined.has(subtask) || this.current.parallelism !== parallelism) {
      this.current = this.create(parallelism, clock);
      this.joined = new Set();
    }
    this.joined.add(subtask);
    return this.current;
  }
}
