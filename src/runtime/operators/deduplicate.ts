/**
 * Deduplicate: ROW_NUMBER() OVER (PARTITION BY k ORDER BY time) = 1 on an
 * insert-only input, with the semantics of Flink's deduplicate functions:
 *
 *  - processing time, keep first (ORDER BY proctime ASC): the first row of a
 *    key is +I, later ones are dropped (insert-only output);
 *  - processing time, keep last (DESC): the first row is +I, each later row
 *    replaces it (-U previous, +U new);
 *  - event time (ORDER BY rowtime): a row replaces the kept one when its
 *    rowtime is smaller (keep first) or not smaller (keep last), emitting
 *    -U/+U; equal rowtimes keep the earlier row (first) or take the later (last).
 *
 * State 'dedup-row' holds the kept row per key (only a marker for
 * processing-time keep-first). With `table.exec.state.ttl` a key whose state
 * has expired starts again (its next row is +I), as in Flink.
 */
import { Batch } from '../batch.ts';
import type { Operator, OperatorContext, Output } from '../operator.ts';
import { RowKind, type Row } from '../row.ts';
import type { StateKey, ValueState } from '../../state/api.ts';
import { ttlValueState, type TtlValueState } from '../../state/ttl-value-state.ts';

export interface DeduplicateParams {
  readonly key: (row: Row) => StateKey;
  readonly keepLast: boolean;
  /** Index of the rowtime field, or -1 for processing time (arrival order). */
  readonly rowtimeIndex: number;
  /** table.exec.state.ttl in ms (0 or absent: state is kept forever). */
  readonly stateTtlMs?: number;
}

export const DEDUP_STATE = { name: 'dedup-row', description: 'the row kept per key (true for processing-time keep-first)' };

export class Deduplicate implements Operator {
  private readonly p: DeduplicateParams;
  private state!: ValueState<Row | true>;
  private ttlState: TtlValueState<Row | true> | undefined;

  constructor(params: DeduplicateParams) {
    this.p = params;
  }

  open(ctx: OperatorContext): void {
    const timers = ctx.timers;
    ({ state: this.state, ttl: this.ttlState } = ttlValueState<Row | true>(ctx.keyedState, DEDUP_STATE, this.p.stateTtlMs ?? 0, () => timers.currentProcessingTime()));
  }

  processBatch(batch: Batch, _input: number, out: Output): void {
    const { key, keepLast, rowtimeIndex: t } = this.p;
    const state = this.state;
    const rows = batch.rows;
    const outRows: Row[] = [];
    const outKinds: RowKind[] = [];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const k = key(row);
      const prev = state.get(k);
      if (prev === undefined) {
        state.put(k, t < 0 && !keepLast ? true : row);
        outRows.push(row);
        outKinds.push(RowKind.INSERT);
        continue;
      }
      if (prev === true) continue;
      let replace: boolean;
      if (t < 0) replace = keepLast;
      else {
        const a = row[t] as number | null;
        const b = prev[t] as number | null;
        if (a === null || b === null) replace = keepLast;
        else replace = keepLast ? a >= b : a < b;
      }
      if (!replace) continue;
      state.put(k, row);
      outRows.push(prev, row);
      outKinds.push(RowKind.UPDATE_BEFORE, RowKind.UPDATE_AFTER);
    }
    this.ttlState?.expireSome(2 * rows.length);
    if (outRows.length > 0) out.emit(new Batch(outRows, outKinds));
  }
}
