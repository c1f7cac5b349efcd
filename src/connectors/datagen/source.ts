/**
 * The 'datagen' source reader. Rows are generated in batches by a per-column
 * generator array built once; the rate is limited by a token bucket per
 * subtask (rows-per-second / parallelism), never by per-row timers. With
 * parallelism p, 'number-of-rows' and each sequence range are split into p
 * contiguous shares (one split per subtask, see splits.ts). The position is
 * the list of splits the subtask still owns (rows left, PRNG state, sequence
 * cursors): a restore resumes exactly, at the same or another parallelism.
 * A subtask that owns several splits after a rescale takes them in turn, one
 * batch each, so every split's watermark advances (an unbounded split read
 * first would otherwise hold the others' back for ever).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Batch } from '../../runtime/batch.ts';
import { RowKind } from '../../runtime/row.ts';
import { isRescaledPosition, type SourceBatch, type SourceContext, type SourceReader } from '../../runtime/source.ts';
import { WeirError } from '../../common/error.ts';
import { type Int, add, fromString } from '../../types/int64.ts';
import { Xoshiro128 } from './random.ts';
import type { RandomGen, SequenceSpec } from './generators.ts';
import { initialSplit, redistributeSplits, splitFromV1, type DatagenPositionV1, type DatagenPositionV2, type DatagenSplit, type SplitPlan } from './splits.ts';

export interface DatagenPlan {
  /** Per column: a random generator, or a sequence. */
  readonly columns: readonly ({ readonly kind: 'random'; readonly gen: RandomGen } | { readonly kind: 'sequence'; readonly seq: SequenceSpec })[];
  readonly rowsPerSecond: number;
  readonly numberOfRows: number | undefined;
  readonly seed: number;
}

export type DatagenPosition = DatagenPositionV2;

/** A split being generated: its own PRNG and sequence cursors. */
interface LiveSplit {
  readonly id: string;
  readonly rng: Xoshiro128;
  readonly cursors: (Int | null)[];
  /** Rows left (Infinity when unbounded). */
  remaining: number;
}

const MAX_WAIT_MS = 100;

function splitPlan(plan: DatagenPlan): SplitPlan {
  return {
    sequences: plan.columns.map((c) => (c.kind === 'sequence' ? { start: c.seq.start, end: c.seq.end } : null)),
    numberOfRows: plan.numberOfRows,
    seed: plan.seed,
  };
}

function isV2(p: unknown): p is DatagenPositionV2 {
  return typeof p === 'object' && p !== null && (p as { v?: unknown }).v === 2 && Array.isArray((p as { splits?: unknown }).splits);
}

export class DatagenSource implements SourceReader {
  readonly bounded: boolean;
  readonly rescalable = true;
  private readonly plan: DatagenPlan;
  private readonly subtask: number;
  private readonly parallelism: number;
  /** Splits not yet finished, taken in turn. */
  private live: LiveSplit[] = [];
  private turn = 0;
  private readonly rate: number;
  private tokens = 1;
  private last = 0;

  constructor(plan: DatagenPlan, subtask: number, parallelism: number) {
    this.plan = plan;
    this.subtask = subtask;
    this.parallelism = parallelism;
    this.bounded = plan.numberOfRows !== undefined || plan.columns.some((c) => c.kind === 'sequence');
    this.rate = plan.rowsPerSecond / parallelism;
    this.setSplits([initialSplit(splitPlan(plan), subtask, parallelism)]);
  }

  private setSplits(splits: DatagenSplit[]): void {
    this.turn = 0;
    this.live = splits
      .filter((s) => s.remaining === null || s.remaining > 0)
      .map((s) => {
        const rng = new Xoshiro128(0);
        rng.setState(s.rng);
        const cursors = this.plan.columns.map((c, j) => {
          const v = s.seq[j];
          return c.kind === 'sequence' && v !== null && v !== undefined ? fromString(v) : null;
        });
        return { id: s.id, rng, cursors, remaining: s.remaining ?? Infinity };
      });
  }

  open(_ctx: SourceContext, position?: unknown): Promise<void> {
    if (isRescaledPosition(position)) {
      const old = position.positions.map((p, i) => {
        if (p === undefined || p === null) {
          throw new WeirError('runtime', 'RESTORE_FAILED', `cannot rescale the datagen source: the checkpoint has no position for its subtask ${i + 1} of ${position.oldParallelism}`);
        }
        return this.splitsOf(p, i, position.oldParallelism);
      });
      this.setSplits(redistributeSplits(old, this.subtask, this.parallelism));
    } else if (position !== undefined && position !== null) {
      this.setSplits(this.splitsOf(position, this.subtask, this.parallelism));
    }
    this.last = performance.now();
    return Promise.resolve();
  }

  /** The splits recorded by subtask `i` of `p` (either position version). */
  private splitsOf(p: unknown, i: number, par: number): DatagenSplit[] {
    if (isV2(p)) return [...p.splits];
    return [splitFromV1(splitPlan(this.plan), p as DatagenPositionV1, i, par)];
  }

  async poll(maxRows: number): Promise<SourceBatch | null> {
    if (this.live.some((s) => s.remaining <= 0)) this.live = this.live.filter((s) => s.remaining > 0);
    if (this.live.length === 0) return null;
    const s = this.live[this.turn++ % this.live.length]!;
    const split = s.id;
    let n = Math.min(maxRows, s.remaining);
    if (Number.isFinite(this.rate)) {
      this.refill();
      if (this.tokens < 1) {
        const waitMs = Math.min(MAX_WAIT_MS, Math.ceil(((1 - this.tokens) / this.rate) * 1000));
        await sleep(waitMs);
        this.refill();
        if (this.tokens < 1) return { batch: new Batch(), split };
      }
      n = Math.min(n, Math.floor(this.tokens));
      this.tokens -= n;
    }
    return { batch: this.generate(s, n), split };
  }

  private refill(): void {
    const now = performance.now();
    const burst = Math.max(1, this.rate); // at most one second of rows ahead
    this.tokens = Math.min(burst, this.tokens + ((now - this.last) * this.rate) / 1000);
    this.last = now;
  }

  private generate(s: LiveSplit, n: number): Batch {
    const cols = this.plan.columns;
    const width = cols.length;
    const gens = new Array<RandomGen | null>(width);
    for (let j = 0; j < width; j++) {
      const c = cols[j]!;
      gens[j] = c.kind === 'random' ? c.gen : null;
    }
    const rng = s.rng;
    const cursors = s.cursors;
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
    s.remaining -= n;
    return new Batch(rows, new Array<RowKind>(n).fill(RowKind.INSERT));
  }

  splits(): readonly string[] {
    return this.live.filter((s) => s.remaining > 0).map((s) => s.id);
  }

  snapshotPosition(): DatagenPosition {
    return {
      v: 2,
      splits: this.live
        .filter((s) => s.remaining > 0)
        .map((s) => ({
          id: s.id,
          seq: s.cursors.map((c) => (c === null ? null : String(c))),
          remaining: Number.isFinite(s.remaining) ? s.remaining : null,
          rng: s.rng.state(),
        })),
    };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
