/**
 * StreamingJoin: the regular (unbounded) join of two changelogs, INNER, LEFT,
 * RIGHT and FULL, with the semantics of Flink's StreamingJoinOperator record
 * by record:
 *
 *  - each side keeps, per join key, the rows it has seen (a multiset: one
 *    entry per occurrence); an outer side also keeps, per row, how many rows
 *    of the other side it is joined with ("numOfAssociations");
 *  - an accumulating row (+I/+U) joins the other side's matching rows. An
 *    outer input with no match emits `+I[row, nulls]`; a match against an
 *    outer other-side row that had no association first retracts that row's
 *    padding (`-D[nulls, other]`);
 *  - a retracting row (-U/-D) removes one occurrence and retracts its
 *    results; an outer other-side row losing its last association gets its
 *    padding back (`+I[nulls, other]`);
 *  - results keep the input's kind when neither side is outer (so an
 *    insert-only pair of inputs gives an insert-only output), and are +I/-D
 *    otherwise.
 *
 * How each side keeps its rows per join key depends on its unique keys (the
 * planner's JoinInputSpec, join-record-views.ts): one row per join key when
 * the join key contains a unique key, rows by unique key otherwise, a
 * multiset when the side has none.
 *
 * An INNER join keeps the rows themselves (no association counts). With
 * `table.exec.state.ttl`, or a side's TTL from a STATE_TTL hint, a row not
 * written for that long (processing time; an outer row's association count
 * changing is a write) is forgotten: it no longer matches, as with Flink's
 * state TTL. Each side expires with its own TTL; expired rows are dropped
 * when their join key is looked up and, for keys never looked up again, a
 * few join keys per input row are checked (incremental cleanup).
 * Rows whose (non-null-safe) join key contains NULL never match; the key
 * function returns `undefined` for them. `condition` is the non-equi rest of
 * the ON clause, over (left, right).
 */
import { Batch } from '../batch.ts';
import type { Operator, OperatorContext, Output } from '../operator.ts';
import { RowKind, type Row } from '../row.ts';
import type { StateKey } from '../../state/api.ts';
import { WeirError } from '../../common/error.ts';
import { createRecordView, type JoinInputLayout, type RecordView } from './join-record-views.ts';

export { rowsEqual } from './join-record-views.ts';
export type { JoinInputLayout } from './join-record-views.ts';

export type JoinType = 'INNER' | 'LEFT' | 'RIGHT' | 'FULL';

export interface StreamingJoinParams {
  readonly joinType: JoinType;
  readonly leftKey: (row: Row) => StateKey | undefined;
  readonly rightKey: (row: Row) => StateKey | undefined;
  /** Non-equi rest of the condition, or null. */
  readonly condition: ((left: Row, right: Row) => boolean) | null;
  readonly leftWidth: number;
  readonly rightWidth: number;
  /** table.exec.state.ttl in ms (0: rows are kept forever); the default of both sides. */
  readonly stateTtlMs?: number;
  /** The TTL of the left / right input's rows (a STATE_TTL hint), in ms; 0: kept forever. */
  readonly leftStateTtlMs?: number;
  readonly rightStateTtlMs?: number;
  /** How each side keeps its rows (default NoUniqueKey: a multiset per join key). */
  readonly leftLayout?: JoinInputLayout;
  readonly rightLayout?: JoinInputLayout;
}

/** One occurrence of a row on one side; `n` = number of associated rows of the other side (outer sides). */
interface Rec {
  readonly row: Row;
  n: number;
  /** Processing time of the last write (state TTL). */
  t: number;
}

const NO_UNIQUE_KEY: JoinInputLayout = { kind: 'NoUniqueKey' };

/**
 * Join keys of each side checked for expired rows per input row (incremental TTL cleanup): a side
 * gains at most one join key per row, so its keys are swept at least as fast as they can grow.
 */
const CLEANUP_PER_ROW = 1;

/** Operator state: the shape of the records in keyed state ('row' or 'rec'). */
const RECORD_SHAPE = 'streaming-join-record-shape';

export class StreamingJoin implements Operator {
  private readonly p: StreamingJoinParams;
  private leftState!: RecordView<Rec>;
  private rightState!: RecordView<Rec>;
  private leftRows!: RecordView<Row>;
  private rightRows!: RecordView<Row>;
  private readonly leftOuter: boolean;
  private readonly rightOuter: boolean;
  private readonly matched: Rec[] = [];
  private readonly leftNulls: Row;
  private readonly rightNulls: Row;
  private readonly leftTtl: number;
  private readonly rightTtl: number;
  private readonly plainInner: boolean;
  private timers!: OperatorContext['timers'];

  constructor(p: StreamingJoinParams) {
    this.p = p;
    this.leftOuter = p.joinType === 'LEFT' || p.joinType === 'FULL';
    this.rightOuter = p.joinType === 'RIGHT' || p.joinType === 'FULL';
    this.leftNulls = new Array<unknown>(p.leftWidth).fill(null);
    this.rightNulls = new Array<unknown>(p.rightWidth).fill(null);
    this.leftTtl = p.leftStateTtlMs ?? p.stateTtlMs ?? 0;
    this.rightTtl = p.rightStateTtlMs ?? p.stateTtlMs ?? 0;
    this.plainInner = !this.leftOuter && !this.rightOuter && this.leftTtl === 0 && this.rightTtl === 0;
  }

  open(ctx: OperatorContext): void {
    // The keyed state holds bare rows for a plain INNER join and records (row, association count, write
    // time) otherwise; restoring one as the other would misread it. Only a change of state TTL (between
    // none and a duration) keeps the same plan and switches the shape: refuse it, as Flink refuses it.
    const shape = this.plainInner ? 'row' : 'rec';
    const restored = ctx.operatorState.get<string>(RECORD_SHAPE);
    if (restored !== undefined && restored !== shape)
      throw new WeirError(
        'runtime',
        'STATE_TTL_CHANGED',
        `The restored state of the join was written ${shape === 'row' ? 'with' : 'without'} state TTL and the join now runs ${shape === 'row' ? 'without' : 'with'} it: changing table.exec.state.ttl (or a STATE_TTL hint) between 0 and a duration across a restore is not supported (Flink refuses it too)`,
      );
    ctx.operatorState.put(RECORD_SHAPE, shape);
    const ll = this.p.leftLayout ?? NO_UNIQUE_KEY;
    const rl = this.p.rightLayout ?? NO_UNIQUE_KEY;
    if (this.plainInner) {
      this.leftRows = createRecordView<Row>(ctx.keyedState, 'left', ll, 'row');
      this.rightRows = createRecordView<Row>(ctx.keyedState, 'right', rl, 'row');
    } else {
      this.leftState = createRecordView<Rec>(ctx.keyedState, 'left', ll, 'rec');
      this.rightState = createRecordView<Rec>(ctx.keyedState, 'right', rl, 'rec');
    }
    this.timers = ctx.timers;
  }

  processBatch(batch: Batch, input: number, out: Output): void {
    if (this.plainInner) {
      this.processInner(batch, input === 0, out);
      return;
    }
    const isLeft = input === 0;
    const p = this.p;
    const keyOf = isLeft ? p.leftKey : p.rightKey;
    const own = isLeft ? this.leftState : this.rightState;
    const other = isLeft ? this.rightState : this.leftState;
    const inputOuter = isLeft ? this.leftOuter : this.rightOuter;
    const otherOuter = isLeft ? this.rightOuter : this.leftOuter;
    const cond = p.condition;
    const lw = p.leftWidth;
    const rw = p.rightWidth;
    const outRows: Row[] = [];
    const outKinds: RowKind[] = [];
    const join = (row: Row, o: Row, kind: RowKind): void => {
      const l = isLeft ? row : o;
      const r = isLeft ? o : row;
      const res = new Array<unknown>(lw + rw);
      for (let i = 0; i < lw; i++) res[i] = l[i];
      for (let i = 0; i < rw; i++) res[lw + i] = r[i];
      outRows.push(res);
      outKinds.push(kind);
    };
    const padInput = (row: Row, kind: RowKind): void => join(row, isLeft ? this.rightNulls : this.leftNulls, kind);
    const padOther = (o: Row, kind: RowKind): void => {
      const l = isLeft ? this.leftNulls : o;
      const r = isLeft ? o : this.rightNulls;
      const res = new Array<unknown>(lw + rw);
      for (let i = 0; i < lw; i++) res[i] = l[i];
      for (let i = 0; i < rw; i++) res[lw + i] = r[i];
      outRows.push(res);
      outKinds.push(kind);
    };
    const matched = this.matched;
    const otherTtl = isLeft ? this.rightTtl : this.leftTtl;
    const now = this.leftTtl > 0 || this.rightTtl > 0 ? this.timers.currentProcessingTime() : 0;
    // The other side's rows written after this are alive (one predicate per batch: `now` is the batch's).
    const otherAfter = now - otherTtl;
    const otherAlive = (r: Rec): boolean => r.t > otherAfter;
    const rows = batch.rows;
    const kinds = batch.kinds;
    const n = rows.length;
    for (let i = 0; i < n; i++) {
      const row = rows[i]!;
      const kind = kinds[i]!;
      const accumulate = kind === RowKind.INSERT || kind === RowKind.UPDATE_AFTER;
      const key = keyOf(row);
      if (key === undefined) {
        // A NULL in a key that is not null-safe: never matches, but an outer row is padded.
        if (inputOuter) padInput(row, accumulate ? RowKind.INSERT : RowKind.DELETE);
        continue;
      }
      matched.length = 0;
      // State TTL (Flink's OnCreateAndWrite, never returning expired rows): expired rows are dropped here.
      if (otherTtl > 0) other.retain(key, otherAlive);
      const others = other.records(key);
      if (others !== undefined) {
        for (let j = 0; j < others.length; j++) {
          const o = others[j]!;
          if (cond === null || (isLeft ? cond(row, o.row) : cond(o.row, row))) matched.push(o);
        }
      }
      const m = matched.length;
      if (otherTtl > 0 && otherOuter) for (let j = 0; j < m; j++) matched[j]!.t = now;
      // The other side's records change in place (association counts, TTL times): written back below.
      const otherChanged = m > 0 && otherOuter;
      if (accumulate) {
        if (inputOuter) {
          if (m === 0) padInput(row, RowKind.INSERT);
          else {
            if (otherOuter) {
              for (let j = 0; j < m; j++) {
                const o = matched[j]!;
                if (o.n === 0) padOther(o.row, RowKind.DELETE);
                o.n++;
              }
            }
            for (let j = 0; j < m; j++) join(row, matched[j]!.row, RowKind.INSERT);
          }
          own.add(key, { row, n: m, t: now });
        } else {
          if (otherOuter) {
            for (let j = 0; j < m; j++) {
              const o = matched[j]!;
              if (o.n === 0) padOther(o.row, RowKind.DELETE);
              o.n++;
            }
          }
          const k = otherOuter ? RowKind.INSERT : kind;
          for (let j = 0; j < m; j++) join(row, matched[j]!.row, k);
          own.add(key, { row, n: 0, t: now });
        }
      } else {
        own.retract(key, row);
        if (m === 0) {
          if (inputOuter) padInput(row, RowKind.DELETE);
        } else {
          const k = inputOuter ? RowKind.DELETE : kind;
          for (let j = 0; j < m; j++) join(row, matched[j]!.row, k);
          if (otherOuter) {
            for (let j = 0; j < m; j++) {
              const o = matched[j]!;
              if (o.n === 1) padOther(o.row, RowKind.INSERT);
              o.n--;
            }
          }
        }
      }
      if (otherChanged) other.update(key);
    }
    matched.length = 0;
    if (otherTtl > 0) (isLeft ? this.rightState : this.leftState).expireSome(CLEANUP_PER_ROW * n, otherAlive);
    const ownTtl = isLeft ? this.leftTtl : this.rightTtl;
    if (ownTtl > 0) {
      const ownAfter = now - ownTtl;
      own.expireSome(CLEANUP_PER_ROW * n, (r) => r.t > ownAfter);
    }
    if (outRows.length > 0) out.emit(new Batch(outRows, outKinds));
  }

  /** INNER joins: no association counts, so each side's state holds the rows themselves. */
  private processInner(batch: Batch, isLeft: boolean, out: Output): void {
    const p = this.p;
    const keyOf = isLeft ? p.leftKey : p.rightKey;
    const own = isLeft ? this.leftRows : this.rightRows;
    const other = isLeft ? this.rightRows : this.leftRows;
    const cond = p.condition;
    const lw = p.leftWidth;
    const rw = p.rightWidth;
    const outRows: Row[] = [];
    const outKinds: RowKind[] = [];
    const rows = batch.rows;
    const kinds = batch.kinds;
    const n = rows.length;
    for (let i = 0; i < n; i++) {
      const row = rows[i]!;
      const kind = kinds[i]!;
      const key = keyOf(row);
      if (key === undefined) continue;
      const others = other.records(key);
      if (others !== undefined) {
        for (let j = 0; j < others.length; j++) {
          const o = others[j]!;
          const l = isLeft ? row : o;
          const r = isLeft ? o : row;
          if (cond !== null && !cond(l, r)) continue;
          const res = new Array<unknown>(lw + rw);
          for (let x = 0; x < lw; x++) res[x] = l[x];
          for (let x = 0; x < rw; x++) res[lw + x] = r[x];
          outRows.push(res);
          outKinds.push(kind);
        }
      }
      if (kind === RowKind.INSERT || kind === RowKind.UPDATE_AFTER) own.add(key, row);
      else own.retract(key, row);
    }
    if (outRows.length > 0) out.emit(new Batch(outRows, outKinds));
  }
}
