/**
 * The 'filesystem' sink writer. Rows are encoded by the format (one record
 * per line) into part files `part-<uuid>-<subtask>-<n>` under 'path' (under
 * 'k=v/' directories for partitioned tables). A part file is written hidden
 * as `.part-…inprogress` and becomes visible by a rename when it is
 * committed. Files roll by 'sink.rolling-policy.file-size' (checked at each
 * flush), by 'sink.rolling-policy.rollover-interval' (open that long) and
 * 'sink.rolling-policy.inactivity-interval' (no write that long), both
 * checked every 'sink.rolling-policy.check-interval' of processing time, and
 * at every checkpoint: `prepareCommit` closes the open files and returns
 * every file not committed yet as pending (the checkpoint keeps that list),
 * `commit` renames them once the checkpoint is complete, and a restore
 * commits the pending files of the restored checkpoint (renames are
 * idempotent). `finish` commits everything.
 *
 * With partition commit (partition-committer.ts), the writer remembers which
 * partitions each checkpoint wrote (and when each was first written) and
 * reports them to the sink's shared committer once their files are visible.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, access, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Batch } from '../../runtime/batch.ts';
import type { SinkContext, SinkWriter } from '../../runtime/sink.ts';
import type { RecordEncoder } from '../../formats/format.ts';
import type { Row } from '../../runtime/row.ts';
import { MIN_WATERMARK } from '../../runtime/watermark.ts';
import { escapePathName, type SchemaSplit } from './partitions.ts';
import type { PartitionCommitter, PartitionCommitters } from './partition-committer.ts';
import type { PendingPartition } from './partition-commit-trigger.ts';

export interface FileSystemSinkOptions {
  readonly path: string;
  readonly encoder: () => RecordEncoder;
  readonly split: SchemaSplit;
  readonly defaultPartitionName: string;
  readonly fileSize: number;
  readonly rolloverMs: number;
  /** Roll a part file without writes for this long. */
  readonly inactivityMs: number;
  /** How often rollover and inactivity are checked. */
  readonly checkIntervalMs: number;
  /** The sink's partition committers when partitions are committed. */
  readonly committers?: PartitionCommitters | undefined;
}

/** A pending part file: written and closed, waiting for its commit (a rename). */
export interface PendingFile {
  readonly inProgress: string;
  readonly final: string;
}

export interface FileSystemSinkState {
  /** Every file not committed yet (of this and earlier checkpoints). */
  readonly pending: readonly PendingFile[];
  /** Partitions of those files, not reported to the committer yet. */
  readonly partitions?: readonly PendingPartition[];
  /** The committer's pending partitions (visible files, not committed). */
  readonly commitPending?: readonly PendingPartition[];
}

interface OpenPart {
  readonly dir: string;
  readonly name: string;
  readonly handle: FileHandle;
  size: number;
  readonly openedAt: number;
  lastWriteAt: number;
}

const NEWLINE = Buffer.from('\n');
const FLUSH_BYTES = 1 << 20;

export class FileSystemSinkWriter implements SinkWriter {
  private readonly opts: FileSystemSinkOptions;
  private encoder!: RecordEncoder;
  private uuid = '';
  private subtask = 0;
  private counter = 0;
  /** Buffered encoded rows per partition directory ('' for unpartitioned). */
  private buffers = new Map<string, (string | Uint8Array)[]>();
  private bufferedBytes = 0;
  private readonly parts = new Map<string, OpenPart>();
  private pending: PendingFile[] = [];
  private readonly pendingByCheckpoint = new Map<number, PendingFile[]>();
  private clock: () => number = Date.now;
  private nextCheckAt = Number.POSITIVE_INFINITY;
  private committer: PartitionCommitter | undefined;
  /** Partition → first write (processing time) since the last pre-commit. */
  private written = new Map<string, number>();
  private readonly partitionsByCheckpoint = new Map<number, PendingPartition[]>();
  private watermark = MIN_WATERMARK;

  constructor(opts: FileSystemSinkOptions) {
    this.opts = opts;
  }

  async open(ctx: SinkContext, restored?: unknown): Promise<void> {
    this.encoder = this.opts.encoder();
    this.uuid = randomUUID();
    this.subtask = ctx.subtaskIndex;
    this.clock = ctx.clock ?? Date.now;
    this.committer = this.opts.committers?.join(ctx.subtaskIndex, ctx.parallelism, this.clock);
    await mkdir(this.opts.path, { recursive: true });
    const st = restored as FileSystemSinkState | undefined;
    if (st?.pending) await commitFiles(st.pending);
    if (this.committer) {
      // restored files are visible now: their partitions wait in the committer for the next completed checkpoint
      this.committer.restore(st?.commitPending ?? []);
      this.committer.restore(st?.partitions ?? []);
    }
  }

  onWatermark(watermark: number): void {
    this.watermark = watermark;
  }

  nextCheckTime(): number | undefined {
    return this.parts.size > 0 || this.bufferedBytes > 0 ? this.nextCheckAt : undefined;
  }

  private partitionDir(row: Row): string {
    const keys = this.opts.split.partitionKeys;
    if (keys.length === 0) return '';
    const mapping = this.opts.split.mapping;
    const parts: string[] = [];
    for (let j = 0; j < mapping.length; j++) {
      const m = mapping[j]!;
      if (m >= 0) continue;
      const v = row[j];
      const text = v === null || v === undefined || v === '' ? this.opts.defaultPartitionName : String(v);
      parts[-1 - m] = `${escapePathName(keys[-1 - m]!)}=${escapePathName(text)}`;
    }
    return parts.join('/');
  }

  private fileRow(row: Row): Row {
    const mapping = this.opts.split.mapping;
    const out: unknown[] = [];
    for (let j = 0; j < mapping.length; j++) if (mapping[j]! >= 0) out.push(row[j]);
    return out;
  }

  write(batch: Batch): void {
    const partitioned = this.opts.split.partitionKeys.length > 0;
    const { rows, kinds } = batch;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const dir = partitioned ? this.partitionDir(row) : '';
      const rec = this.encoder.encode(kinds[i]!, partitioned ? this.fileRow(row) : row);
      if (rec === null) continue;
      if (this.committer && !this.written.has(dir)) this.written.set(dir, this.clock());
      let buf = this.buffers.get(dir);
      if (buf === undefined) this.buffers.set(dir, (buf = []));
      buf.push(rec);
      this.bufferedBytes += rec.length + 1;
    }
    if (this.bufferedBytes > 0 && this.nextCheckAt === Number.POSITIVE_INFINITY) this.nextCheckAt = this.clock() + this.opts.checkIntervalMs;
  }

  needsFlush(): boolean {
    // every check interval the buffered rows are written out too (the files grow as rows come, as in Flink)
    return this.bufferedBytes >= FLUSH_BYTES || ((this.parts.size > 0 || this.bufferedBytes > 0) && this.clock() >= this.nextCheckAt);
  }

  /** The time-based check first (as Flink's processing-time timer, it comes before the rows buffered since), then the rows. */
  async flush(): Promise<void> {
    const now = this.clock();
    if (now >= this.nextCheckAt) {
      this.nextCheckAt = now + this.opts.checkIntervalMs;
      for (const [dir, part] of [...this.parts]) {
        if (now - part.openedAt >= this.opts.rolloverMs || now - part.lastWriteAt >= this.opts.inactivityMs) await this.roll(dir);
      }
    }
    await this.writeBuffers();
    if (this.parts.size === 0) this.nextCheckAt = Number.POSITIVE_INFINITY;
  }

  private async writeBuffers(): Promise<void> {
    for (const [dir, recs] of this.buffers) {
      if (recs.length === 0) continue;
      const chunks: Buffer[] = [];
      let text = '';
      for (const r of recs) {
        if (typeof r === 'string') text += r + '\n';
        else {
          if (text !== '') chunks.push(Buffer.from(text, 'utf8'));
          text = '';
          chunks.push(Buffer.from(r.buffer, r.byteOffset, r.byteLength), NEWLINE);
        }
      }
      if (text !== '') chunks.push(Buffer.from(text, 'utf8'));
      const data = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      const part = await this.partFor(dir);
      await part.handle.write(data);
      part.size += data.length;
      const now = this.clock();
      part.lastWriteAt = now;
      if (part.size >= this.opts.fileSize || now - part.openedAt >= this.opts.rolloverMs) await this.roll(dir);
    }
    this.buffers = new Map();
    this.bufferedBytes = 0;
  }

  private async partFor(dir: string): Promise<OpenPart> {
    let part = this.parts.get(dir);
    if (part !== undefined) return part;
    const full = dir === '' ? this.opts.path : join(this.opts.path, dir);
    await mkdir(full, { recursive: true });
    const name = `part-${this.uuid}-${this.subtask}-${this.counter++}`;
    const handle = await open(join(full, `.${name}.inprogress`), 'w');
    const now = this.clock();
    part = { dir: full, name, handle, size: 0, openedAt: now, lastWriteAt: now };
    if (this.nextCheckAt === Number.POSITIVE_INFINITY) this.nextCheckAt = now + this.opts.checkIntervalMs;
    this.parts.set(dir, part);
    return part;
  }

  private async roll(dir: string): Promise<void> {
    const part = this.parts.get(dir);
    if (part === undefined) return;
    this.parts.delete(dir);
    await part.handle.close();
    this.pending.push({ inProgress: join(part.dir, `.${part.name}.inprogress`), final: join(part.dir, part.name) });
  }

  private async rollAll(): Promise<void> {
    for (const dir of [...this.parts.keys()]) await this.roll(dir);
    if (this.bufferedBytes === 0) this.nextCheckAt = Number.POSITIVE_INFINITY;
  }

  async prepareCommit(checkpointId: number): Promise<FileSystemSinkState> {
    await this.writeBuffers();
    await this.rollAll();
    const files = this.pending;
    this.pending = [];
    this.pendingByCheckpoint.set(checkpointId, files);
    const allFiles = [...this.pendingByCheckpoint.values()].flat();
    if (this.committer === undefined) return { pending: allFiles };
    this.partitionsByCheckpoint.set(checkpointId, this.takeWritten());
    this.committer.recordWatermark(checkpointId, this.watermark);
    return { pending: allFiles, partitions: [...this.partitionsByCheckpoint.values()].flat(), commitPending: this.committer.snapshot() };
  }

  private takeWritten(): PendingPartition[] {
    const out = [...this.written].map(([partition, createdAt]) => ({ partition, createdAt }));
    this.written = new Map();
    return out;
  }

  async commit(checkpointId: number): Promise<void> {
    for (const [id, files] of [...this.pendingByCheckpoint]) {
      if (id > checkpointId) continue;
      await commitFiles(files);
      this.pendingByCheckpoint.delete(id);
    }
    const committer = this.committer;
    if (committer === undefined) return;
    const partitions: PendingPartition[] = [];
    for (const [id, ps] of [...this.partitionsByCheckpoint]) {
      if (id > checkpointId) continue;
      partitions.push(...ps);
      this.partitionsByCheckpoint.delete(id);
    }
    await committer.report(checkpointId, this.subtask, partitions);
  }

  async finish(): Promise<void> {
    await this.writeBuffers();
    await this.rollAll();
    for (const files of this.pendingByCheckpoint.values()) await commitFiles(files);
    this.pendingByCheckpoint.clear();
    await commitFiles(this.pending);
    this.pending = [];
    const committer = this.committer;
    if (committer === undefined) return;
    const partitions = [...this.partitionsByCheckpoint.values()].flat();
    this.partitionsByCheckpoint.clear();
    partitions.push(...this.takeWritten());
    await committer.endInput(this.subtask, partitions);
  }

  async close(): Promise<void> {
    for (const p of this.parts.values()) await p.handle.close();
    this.parts.clear();
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}

/** Renames pending files to their final names; a file already committed is skipped. */
async function commitFiles(files: readonly PendingFile[]): Promise<void> {
  for (const f of files) {
    if (await exists(f.inProgress)) {
      await mkdir(dirname(f.final), { recursive: true });
      await rename(f.inProgress, f.final);
    }
  }
}
