/**
 * SetOp: INTERSECT / EXCEPT [ALL] on changelog streams. Both inputs are
 * hash-partitioned by the whole row; per distinct row the state counts its
 * occurrences on each side, and the output multiplicity follows (Flink
 * plans these as counting aggregations and ReplicateRows, with the same
 * result):
 *
 *   INTERSECT      1 if left > 0 and right > 0        INTERSECT ALL  min(left, right)
 *   EXCEPT         1 if left > 0 and right = 0        EXCEPT ALL     max(left - right, 0)
 *
 * A change of multiplicity emits the difference as +I or -D rows.
 * State 'set-op-counts': [left count, right count, row] per row.
 * With `table.exec.state.ttl` a row whose counts have not changed for the
 * TTL (processing time) is forgotten, as Flink's counting aggregations forget
 * it: it starts again from zero on both sides. Expired rows are removed a few
 * per batch.
 */
import { Batch } from '../batch.ts';
import type { Operator, OperatorContext, Output } from '../operator.ts';
import { RowKind, type Row } from '../row.ts';
import type { StateKey, ValueState } from '../../state/api.ts';
import { ttlValueState, type TtlValueState } from '../../state/ttl-value-state.ts';

export interface SetOpParams {
  readonly key: (row: Row) => StateKey;
  readonly op: 'INTERSECT' | 'EXCEPT';
  readonly all: boolean;
  /** table.exec.state.ttl in ms (0 or absent: state is kept forever). */
  readonly stateTtlMs?: number;
}

type Entry = [number, number, Row];

export const SET_OP_STATE = { name: 'set-op-counts', description: 'occurrences of each row on the left and right inputs' };

export class SetOp implements Operator {
  private readonly p: SetOpParams;
  private state!: ValueState<Entry>;
  private ttlState: TtlValueState<Entry> | undefined;
  constructor(params: SetOpParams) {
    this.p = params;
  }

  open(ctx: OperatorContext): void {
    const timers = ctx.timers;
    ({ state: this.state, ttl: this.ttlState } = ttlValueState<Entry>(ctx.keyedState, SET_OP_STATE, this.p.stateTtlMs ?? 0, () => timers.currentProcessingTime()));
  }

  private multiplicity(l: number, r: number): number {
    if (this.p.op === 'INTERSECT') return this.p.all ? Math.min(l, r) : l > 0 && r > 0 ? 1 : 0;
    return this.p.all ? Math.max(l - r, 0) : l > 0 && r === 0 ? 1 : 0;
  }

  processBatch(batch: Batch, input: number, out: Output): void {
    const outRows: Row[] = [];
    const outKinds: RowKind[] = [];
    for (let i = 0; i < batch.rows.length; i++) {
      const row = batch.rows[i]!;
      const kind = batch.kinds[i]!;
      const d = kind === RowKind.INSERT || kind === RowKind.UPDATE_AFTER ? 1 : -1;
      const k = this.p.key(row);
      let e = this.state.get(k);
      if (e === undefined) {
        if (d < 0) continue;
        e = [0, 0, row];
        this.state.put(k, e);
      }
      const before = this.multiplicity(e[0], e[1]);
      if (input === 0) e[0] = Math.max(0, e[0] + d);
      else e[1] = Math.max(0, e[1] + d);
      const after = this.multiplicity(e[0], e[1]);
      for (let n = before; n < after; n++) {
        outRows.push(e[2]);
        outKinds.push(RowKind.INSERT);
      }
      for (let n = after; n < before; n++) {
        outRows.push(e[2]);
        outKinds.push(RowKind.DELETE);
      }
      if (e[0] === 0 && e[1] === 0) this.state.delete(k);
      else this.ttlState?.touch(k);
    }
    this.ttlState?.expireSome(2 * batch.rows.length);
    if (outRows.length) out.emit(new Batch(outRows, outKinds));
  }
}
