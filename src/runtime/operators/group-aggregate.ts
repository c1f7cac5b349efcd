/**
 * GroupAggregate: unbounded keyed aggregation with retraction, with the
 * semantics of Flink's GroupAggFunction, record by record:
 *
 *  - a retraction for a key without state is ignored;
 *  - +I/+U accumulate, -U/-D retract, and a record counter follows them;
 *  - when the counter reaches 0 (retracting input only) the last emitted row
 *    is deleted (-D) and the key's state is cleared;
 *  - otherwise the first result of a key is +I; a changed result is
 *    -U(old) (when generateUpdateBefore) then +U(new); an unchanged one emits
 *    nothing.
 *
 * Output row: [group field values…, aggregate results…], always a new array.
 * Global aggregation (no group fields) uses a constant key.
 * State 'group-accumulators' holds, per key, { a: accumulators, n: record
 * count, p: the last emitted row } (one Map lookup per input row).
 */
import { Batch } from '../batch.ts';
import type { Operator, OperatorContext, Output } from '../operator.ts';
import { RowKind, type Row } from '../row.ts';
import type { StateKey, ValueState } from '../../state/api.ts';
import { createAggregate, type AggCall, type AggImpl } from '../aggregates/index.ts';
import { valuesEqual } from '../aggregates/values.ts';

export interface GroupAggregateParams {
  readonly key: (row: Row) => StateKey;
  readonly groupFields: readonly number[];
  readonly aggs: readonly AggCall[];
  /** The input carries -U/-D rows (retractable accumulators, record counting). */
  readonly inputRetracts: boolean;
  /** Emit -U before +U (a retract stream) rather than only +U (an upsert stream). */
  readonly generateUpdateBefore: boolean;
}

interface GroupEntry {
  a: unknown[];
  n: number;
  p: Row | null;
}

export const GROUP_STATE = { name: 'group-accumulators', description: 'accumulators, record count and last emitted row per group key' };

export class GroupAggregate implements Operator {
  private readonly params: GroupAggregateParams;
  private readonly impls: AggImpl[];
  private state!: ValueState<GroupEntry>;

  constructor(params: GroupAggregateParams) {
    this.params = params;
    this.impls = params.aggs.map((c) => createAggregate(c, { retracts: params.inputRetracts }));
  }

  open(ctx: OperatorContext): void {
    this.state = ctx.keyedState.valueState<GroupEntry>(GROUP_STATE);
  }

  processBatch(batch: Batch, _input: number, out: Output): void {
    const { key: keyOf, groupFields, inputRetracts, generateUpdateBefore } = this.params;
    const impls = this.impls;
    const na = impls.length;
    const ng = groupFields.length;
    const state = this.state;
    const rows = batch.rows;
    const kinds = batch.kinds;
    const n = rows.length;
    const outRows: Row[] = [];
    const outKinds: RowKind[] = [];
    for (let i = 0; i < n; i++) {
      const row = rows[i]!;
      const kind = kinds[i]!;
      const accumulate = kind === RowKind.INSERT || kind === RowKind.UPDATE_AFTER;
      const key = keyOf(row);
      let st = state.get(key);
      if (st === undefined) {
        if (!accumulate) continue;
        const a = new Array<unknown>(na);
        for (let j = 0; j < na; j++) a[j] = impls[j]!.create();
        st = { a, n: 0, p: null };
        state.put(key, st);
      }
      const accs = st.a;
      if (accumulate) {
        for (let j = 0; j < na; j++) accs[j] = impls[j]!.accumulate(accs[j], row);
        st.n++;
      } else {
        for (let j = 0; j < na; j++) accs[j] = impls[j]!.retract(accs[j], row);
        st.n--;
      }
      const prev = st.p;
      if (inputRetracts && st.n <= 0) {
        if (prev !== null) {
          outRows.push(prev);
          outKinds.push(RowKind.DELETE);
        }
        state.delete(key);
        continue;
      }
      const res = new Array<unknown>(ng + na);
      for (let g = 0; g < ng; g++) res[g] = row[groupFields[g]!];
      let same = prev !== null;
      for (let j = 0; j < na; j++) {
        const v = impls[j]!.getValue(accs[j]);
        res[ng + j] = v;
        if (same && !valuesEqual(v, prev![ng + j])) same = false;
      }
      if (prev === null) {
        outRows.push(res);
        outKinds.push(RowKind.INSERT);
      } else if (!same) {
        if (generateUpdateBefore) {
          outRows.push(prev);
          outKinds.push(RowKind.UPDATE_BEFORE);
        }
        outRows.push(res);
        outKinds.push(RowKind.UPDATE_AFTER);
      } else continue;
      st.p = res;
    }
    if (outRows.length > 0) out.emit(new Batch(outRows, outKinds));
  }
}
