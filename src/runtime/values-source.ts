/**
 * A bounded SourceReader over rows given up front (SQL VALUES, tests). With
 * parallelism p, subtask i reads the rows whose index ≡ i (mod p), so a
 * parallel test source is deterministic. Rows may carry kinds (a changelog).
 * The position is the next row index, so a restore resumes exactly.
 */
import { Batch } from './batch.ts';
import { RowKind, type Row } from './row.ts';
import type { SourceBatch, SourceContext, SourceReader } from './source.ts';

export interface ValuesSourceOptions {
  /** Row kinds parallel to the rows (default: all inserts). */
  readonly kinds?: readonly RowKind[];
  /** Rows per batch at most (default: the poll size). */
  readonly batchSize?: number;
  /** The split name (default 'values'). */
  readonly split?: string;
}

export class ValuesSource implements SourceReader {
  readonly bounded = true;
  private readonly all: readonly Row[];
  private readonly allKinds: readonly RowKind[] | undefined;
  private readonly batchSize: number;
  private readonly split: string;
  private mine: number[] = [];
  private next = 0;

  constructor(rows: readonly Row[], options: ValuesSourceOptions = {}) {
    this.all = rows;
    this.allKinds = options.kinds;
    this.batchSize = options.batchSize ?? Number.MAX_SAFE_INTEGER;
    this.split = options.split ?? 'values';
    if (this.allKinds && this.allKinds.length !== rows.length) throw new Error('ValuesSource: kinds and rows differ in length');
  }

  open(ctx: SourceContext, position?: unknown): Promise<void> {
    this.mine = [];
    for (let i = ctx.subtaskIndex; i < this.all.length; i += ctx.parallelism) this.mine.push(i);
    this.next = typeof position === 'number' ? position : 0;
    return Promise.resolve();
  }

  poll(maxRows: number): Promise<SourceBatch | null> {
    if (this.next >= this.mine.length) return Promise.resolve(null);
    const end = Math.min(this.mine.length, this.next + Math.min(maxRows, this.batchSize));
    const rows: Row[] = [];
    const kinds: RowKind[] = [];
    for (let i = this.next; i < end; i++) {
      const idx = this.mine[i]!;
      rows.push(this.all[idx]!);
      kinds.push(this.allKinds ? this.allKinds[idx]! : RowKind.INSERT);
    }
    this.next = end;
    return Promise.resolve({ batch: new Batch(rows, kinds), split: this.split });
  }

  splits(): readonly string[] {
    return this.next < this.mine.length ? [this.split] : [];
  }

  snapshotPosition(): unknown {
    return this.next;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
