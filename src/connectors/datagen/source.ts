/**
 * The 'datagen' source reader. Rows are generated in batches by a per-column
 * generator array built once; the rate is limited by a token bucket per
 * subtask (rows-per-second / parallelism), never by per-row timers. With
 * parallelism p, 'number-of-rows' and each sequence range are split into p
 * contiguous shares. The position (rows emitted, PRNG state, sequence
 * cursors) resumes exactly.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Batch } from '../../runtime/batch.ts';
import { RowKind } from '../../runtime/row.ts';
import type { SourceBatch, SourceContext, SourceReader } from '../../runtime/source.ts';
import { type Int, add, big, fromString, norm } from '../../types/int64.ts';
import { Xoshiro128 } from './random.ts';
import type { RandomGen, SequenceSpec } from './generators.ts';

export interface DatagenPlan {
  /** Per column: a random generator, or a sequence. */
  readonly columns: readonly ({ readonly kind: 'random'; readonly gen: RandomGen } | { readonly kind: 'sequence'; readonly seq: SequenceSpec })[];
  readonly rowsPerSecond: number;
  readonly numberOfRows: number | undefined;
  readonly seed: number;
}

export interface DatagenPosition {
  readonly emitted: number;
  readonly rng: readonly number[];
  /** Next value of each sequence column (decimal text), null for random columns. */
  readonly seq: readonly (string | null)[];
}

/** Share i of p of a count (the first `count % p` shares get one more). */
function share(count: bigint, i: number, p: number): { from: bigint; n: bigint } {
  const P = BigInt(p);
  const I = BigInt(i);
  const from = (count * I) / P;
  const to = (count * (I + 1n)) / P;
  return { from, n: to - from };
}

const MAX_WAIT_MS = 100;

export class DatagenSource implements SourceReader {
  readonly bounded: boolean;
  private readonly plan: DatagenPlan;
  private readonly subtask: number;
  private readonly parallelism: number;
  private rng: Xoshiro128;
  /** Rows this subtask emits in total (Infinity when unbounded). */
  private total = Infinity;
  private emitted = 0;
  private readonly cursors: (Int | null)[];
  private readonly rate: number;
  private tokens = 1;
  private last = 0;

  constructor(plan: DatagenPlan, subtask: number, parallelism: number) {
    this.plan = plan;
    this.subtask = subtask;
    this.parallelism = parallelism;
    this.bounded = plan.numberOfRows !== undefined || plan.columns.some((c) => c.kind === 'sequence');
    this.rng = new Xoshiro128(plan.seed ^ Math.imul(subtask + 1, 0x9e3779b1));
    this.rate = plan.rowsPerSecond / parallelism;
    this.cursors = plan.columns.map(() => null);
    this.initShares();
  }

  private initShares(): void {
    let total: bigint | undefined;
    if (this.plan.numberOfRows !== undefined) total = share(BigInt(this.plan.numberOfRows), this.subtask, this.parallelism).n;
    this.plan.columns.forEach((c, j) => {
      if (c.kind !== 'sequence') return;
      const len = big(c.seq.end) - big(c.seq.start) + 1n;
      const s = share(len, this.subtask, this.parallelism);
      this.cursors[j] = norm(big(c.seq.start) + s.from);
      if (total === undefined || s.n < total) total = s.n;
    });
    this.total = total === undefined ? Infinity : Number(total);
  }

  open(_ctx: SourceContext, position?: unknown): Promise<void> {
    if (position !== undefined && position !== null) {
      const p = position as DatagenPosition;
      this.emitted = p.emitted;
      this.rng.setState(p.rng);
      p.seq.forEach((v, j) => {
        if (v !== null) this.cursors[j] = fromString(v);
      });
    }
    this.last = performance.now();
    return Promise.resolve();
  }

  async poll(maxRows: number): Promise<SourceBatch | null> {
    const remaining = this.total - this.emitted;
    if (remaining <= 0) return null;
    let n = Math.min(maxRows, remaining);
    if (Number.isFinite(this.rate)) {
      this.refill();
      if (this.tokens < 1) {
        const waitMs = Math.min(MAX_WAIT_MS, Math.ceil(((1 - this.tokens) / this.rate) * 1000));
        await sleep(waitMs);
        this.refill();
        if (this.tokens < 1) return { batch: new Batch(), split: this.splitName() };
      }
      n = Math.min(n, Math.floor(this.tokens));
      this.tokens -= n;
    }
    return { batch: this.generate(n), split: this.splitName() };
  }

  private refill(): void {
    const now = performance.now();
    const burst = Math.max(1, this.rate); // at most one second of rows ahead
    this.tokens = Math.min(burst, this.tokens + ((now - this.last) * this.rate) / 1000);
    this.last = now;
  }

  private generate(n: number): Batch {
    const cols = this.plan.columns;
    const width = cols.length;
    const gens = new Array<RandomGen | null>(width);
    for (let j = 0; j < width; j++) {
      const c = cols[j]!;
      gens[j] = c.kind === 'random' ? c.gen : null;
    }
    const rng = this.rng;
    const cursors = this.cursors;
    const rows = new Array<unknown[]>(n);
    for (let i = 0; i < n; i++) {
      const row = new Array<unknown>(width);
      for (let j = 0; j < width; j++) {
        const g = gens[j];
        if (g !== null && g !== undefined) row[j] = g(rng);
        else {
          const c = cols[j] as { readonly seq: SequenceSpec };
          const v = cursors[j]!;
          row[j] = c.seq.render(v);
          cursors[j] = typeof v === 'number' && v < 9007199254740991 ? v + 1 : add(v, 1);
        }
      }
      rows[i] = row;
    }
    this.emitted += n;
    return new Batch(rows, new Array<RowKind>(n).fill(RowKind.INSERT));
  }

  private splitName(): string {
    return `datagen-${this.subtask}`;
  }

  splits(): readonly string[] {
    return [this.splitName()];
  }

  snapshotPosition(): DatagenPosition {
    return {
      emitted: this.emitted,
      rng: this.rng.state(),
      seq: this.cursors.map((c) => (c === null ? null : String(c))),
    };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
