/**
 * TopN: the rows of each partition whose rank (ROW_NUMBER, RANK or
 * DENSE_RANK by the sort keys, ties in arrival order) lies in
 * [rankStart, rankEnd], as a changelog with Flink's retractions
 * (AppendOnlyTopNFunction for insert-only input, RetractableTopNFunction for
 * updating input):
 *
 *  - without the rank number in the output, a row entering the top N is +I
 *    and the row it pushes out is -D first;
 *  - with the rank number, every rank position whose row changes is updated
 *    (-U old row with that rank, +U new row with that rank), in rank order;
 *    a new last position is +I, a vanished one -D;
 *  - a row equal (by the sort keys) to the last of a full top N does not
 *    enter it: earlier rows win ties (later ones with `lastWinsTies`, for
 *    ORDER BY proctime DESC, where the newest arrival ranks first).
 *
 * State 'top-n-rows' holds, per partition key, the sorted rows: only the top
 * N when the input is insert-only (nothing else can ever come back), every
 * row when it retracts.
 *
 * With `table.exec.state.ttl` (Flink's state TTL defaults: processing time,
 * refreshed when a partition's rows change, expired state never returned) a
 * partition whose rows have not changed for the TTL is forgotten: its next
 * row ranks first again (+I), and expired partitions are removed a few per
 * batch (incremental cleanup).
 */
import { Batch } from '../batch.ts';
import type { Operator, OperatorContext, Output } from '../operator.ts';
import { RowKind, type Row } from '../row.ts';
import type { StateKey, ValueState } from '../../state/api.ts';
import { valuesEqual } from '../aggregates/values.ts';
import { lowerBound, upperBound, type RowComparator } from './sort-compare.ts';
import { ttlValueState, type TtlValueState } from '../../state/ttl-value-state.ts';

export type RankType = 'ROW_NUMBER' | 'RANK' | 'DENSE_RANK';

export interface TopNParams {
  readonly key: (row: Row) => StateKey;
  /** Orders rows by the sort keys. */
  readonly compare: RowComparator;
  readonly rankType: RankType;
  /** 1-based, inclusive. */
  readonly rankStart: number;
  readonly rankEnd: number;
  readonly outputRankNumber: boolean;
  /** The input carries -U/-D rows: keep every row, not only the top N. */
  readonly inputRetracts: boolean;
  /** Of rows equal by the sort keys the later one ranks first (ORDER BY proctime DESC: the newest arrival). */
  readonly lastWinsTies?: boolean;
  /** table.exec.state.ttl in ms (0 or absent: state is kept forever). */
  readonly stateTtlMs?: number;
}

/** Partitions checked for expiry per input row (incremental TTL cleanup). */
const CLEANUP_PER_ROW = 2;

export const TOP_N_STATE = { name: 'top-n-rows', description: 'rows of each partition, sorted by the sort keys (ties in arrival order)' };

export class TopN implements Operator {
  private readonly p: TopNParams;
  private state!: ValueState<Row[]>;
  private ttlState: TtlValueState<Row[]> | undefined;
  private outRows: Row[] = [];
  private outKinds: RowKind[] = [];
  private cut = 0;

  constructor(params: TopNParams) {
    this.p = params;
  }

  open(ctx: OperatorContext): void {
    const timers = ctx.timers;
    ({ state: this.state, ttl: this.ttlState } = ttlValueState<Row[]>(ctx.keyedState, TOP_N_STATE, this.p.stateTtlMs ?? 0, () => timers.currentProcessingTime()));
  }

  processBatch(batch: Batch, _input: number, out: Output): void {
    const rows = batch.rows;
    const kinds = batch.kinds;
    const rowNumber = this.p.rankType === 'ROW_NUMBER';
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const k = kinds[i]!;
      const add = k === RowKind.INSERT || k === RowKind.UPDATE_AFTER;
      if (rowNumber) {
        if (add) this.insert(row);
        else this.retract(row);
      } else this.ranked(row, add);
    }
    this.ttlState?.expireSome(CLEANUP_PER_ROW * rows.length);
    if (this.outRows.length > 0) {
      out.emit(new Batch(this.outRows, this.outKinds));
      this.outRows = [];
      this.outKinds = [];
    }
  }

  private emit(kind: RowKind, row: Row, rank: number): void {
    this.outKinds.push(kind);
    if (this.p.outputRankNumber) {
      const r = row.slice();
      r.push(rank);
      this.outRows.push(r);
    } else this.outRows.push(row);
  }

  /** ROW_NUMBER: a row arrives. */
  private insert(row: Row): void {
    const { key, compare: cmp, rankEnd: e, inputRetracts } = this.p;
    const s = this.p.rankStart - 1;
    const k = key(row);
    let buf = this.state.get(k);
    if (buf === undefined) {
      buf = [];
      this.state.put(k, buf);
    } else if (!inputRetracts && buf.length >= e) {
      const c = cmp(row, buf[e - 1]!);
      if (c > 0 || (c === 0 && !this.p.lastWinsTies)) return;
    }
    const p = this.p.lastWinsTies ? lowerBound(buf, row, cmp) : upperBound(buf, row, cmp);
    if (p === buf.length) buf.push(row);
    else buf.splice(p, 0, row);
    const L = buf.length;
    if (p < e) {
      if (this.p.outputRankNumber) {
        const end = Math.min(e, L);
        for (let i = Math.max(p, s); i < end; i++) {
          if (i < L - 1) {
            this.emit(RowKind.UPDATE_BEFORE, buf[i + 1]!, i + 1);
            this.emit(RowKind.UPDATE_AFTER, buf[i]!, i + 1);
          } else this.emit(RowKind.INSERT, buf[i]!, i + 1);
        }
      } else {
        if (L > e) this.emit(RowKind.DELETE, buf[e]!, e + 1);
        const entering = p >= s ? row : L > s ? buf[s] : undefined;
        if (entering !== undefined) this.emit(RowKind.INSERT, entering, 0);
      }
    }
    if (!inputRetracts && L > e) buf.length = e;
    this.ttlState?.touch(k);
  }

  /** ROW_NUMBER: a row is retracted. */
  private retract(row: Row): void {
    const { key, compare: cmp, rankEnd: e } = this.p;
    const s = this.p.rankStart - 1;
    const k = key(row);
    const buf = this.state.get(k);
    if (buf === undefined) return;
    const p = find(buf, row, cmp);
    if (p < 0) return;
    const L = buf.length;
    if (p < e) {
      if (this.p.outputRankNumber) {
        const end = Math.min(e, L);
        for (let i = Math.max(p, s); i < end; i++) {
          if (i + 1 < L) {
            this.emit(RowKind.UPDATE_BEFORE, buf[i]!, i + 1);
            this.emit(RowKind.UPDATE_AFTER, buf[i + 1]!, i + 1);
          } else this.emit(RowKind.DELETE, buf[i]!, i + 1);
        }
      } else {
        const leaving = p >= s ? buf[p] : L > s ? buf[s] : undefined;
        if (leaving !== undefined) this.emit(RowKind.DELETE, leaving, 0);
        if (L > e) this.emit(RowKind.INSERT, buf[e]!, 0);
      }
    }
    buf.splice(p, 1);
    if (buf.length === 0) this.state.delete(k);
    else this.ttlState?.touch(k);
  }

  /** RANK / DENSE_RANK: the visible rows before and after the change, diffed by row identity. */
  private ranked(row: Row, add: boolean): void {
    const { key, compare: cmp, inputRetracts } = this.p;
    const k = key(row);
    let buf = this.state.get(k);
    if (buf === undefined) {
      if (!add) return;
      buf = [];
      this.state.put(k, buf);
    }
    const before = this.visible(buf);
    if (add) buf.splice(this.p.lastWinsTies ? lowerBound(buf, row, cmp) : upperBound(buf, row, cmp), 0, row);
    else {
      const p = find(buf, row, cmp);
      if (p < 0) return;
      buf.splice(p, 1);
    }
    const after = this.visible(buf);
    // Insert-only: rows ranked past the end never come back.
    if (!inputRetracts && buf.length > this.cut) buf.length = this.cut;
    if (buf.length === 0) this.state.delete(k);
    else this.ttlState?.touch(k);
    const old = new Map(before);
    const now = new Map(after);
    for (const [r, rank] of before) if (!now.has(r)) this.emit(RowKind.DELETE, r, rank);
    for (const [r, rank] of after) {
      const prev = old.get(r);
      if (prev === undefined) this.emit(RowKind.INSERT, r, rank);
      else if (prev !== rank && this.p.outputRankNumber) {
        this.emit(RowKind.UPDATE_BEFORE, r, prev);
        this.emit(RowKind.UPDATE_AFTER, r, rank);
      }
    }
  }

  /** [row, rank] of the rows whose rank is in range; sets `cut` to the number of rows ranked up to rankEnd. */
  private visible(buf: readonly Row[]): [Row, number][] {
    const { compare: cmp, rankStart, rankEnd, rankType } = this.p;
    const out: [Row, number][] = [];
    let rank = 0;
    let i = 0;
    for (; i < buf.length; i++) {
      if (i === 0 || cmp(buf[i - 1]!, buf[i]!) !== 0) rank = rankType === 'RANK' ? i + 1 : rank + 1;
      if (rank > rankEnd) break;
      if (rank >= rankStart) out.push([buf[i]!, rank]);
    }
    this.cut = i;
    return out;
  }
}

/** Index of a row equal to `row` (all fields), or -1. */
function find(buf: readonly Row[], row: Row, cmp: RowComparator): number {
  for (let j = lowerBound(buf, row, cmp); j < buf.length && cmp(buf[j]!, row) === 0; j++) if (valuesEqual(buf[j], row)) return j;
  return -1;
}
