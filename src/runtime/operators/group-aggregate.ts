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
 * State 'group-accumulators' holds, per key, [record count, accumulators…]
 * (one Map lookup per input row). As in Flink, the previous result is
 * recomputed from the accumulators before they change rather than kept, so
 * output rows die young (cheap for the GC) and the state stays small.
 *
 * With `table.exec.state.ttl` (Flink's state TTL: updated on create and
 * write, expired state never returned) the entry also holds the processing
 * time of its last write; a key whose state has expired starts again (its
 * next result is +I, a retraction for it is ignored), and expired entries
 * are removed incrementally: each batch checks a few more entries.
 */
import { Batch } from '../batch.ts';
import type { Operator, OperatorContext, Output } from '../operator.ts';
import { RowKind, type Row } from '../row.ts';
import type { StateKey, ValueState } from '../../state/api.ts';
import { createAggregate, type AggCall, type AggImpl } from '../aggregates/index.ts';
import { valuesEqual } from '../aggregates/values.ts';
import { removeExpired } from '../../state/ttl-value-state.ts';

export interface GroupAggregateParams {
  readonly key: (row: Row) => StateKey;
  readonly groupFields: readonly number[];
  readonly aggs: readonly AggCall[];
  /** The input carries -U/-D rows (retractable accumulators, record counting). */
  readonly inputRetracts: boolean;
  /** Emit -U before +U (a retract stream) rather than only +U (an upsert stream). */
  readonly generateUpdateBefore: boolean;
  /** table.exec.state.ttl in ms (0 or absent: state is kept forever). */
  readonly stateTtlMs?: number;
}

/** Entries checked for expiry per processed row (incremental cleanup). */
const CLEANUP_PER_ROW = 2;

/** Per key: [record count, accumulator 0, accumulator 1, …, (with TTL) last write time] (one array, mutated in place). */
type GroupEntry = unknown[];

export const GROUP_STATE = { name: 'group-accumulators', description: 'accumulators, record count and last emitted row per group key' };

export class GroupAggregate implements Operator {
  private readonly params: GroupAggregateParams;
  private readonly impls: AggImpl[];
  private state!: ValueState<GroupEntry>;
  /** Scratch: the previous aggregate values of the key being processed. */
  private readonly prev: unknown[];
  private readonly ttl: number;
  private timers!: OperatorContext['timers'];
  /** Incremental TTL cleanup: where the last scan of the state stopped. */
  private cleanup: Iterator<[StateKey, GroupEntry]> | undefined;

  constructor(params: GroupAggregateParams) {
    this.params = params;
    this.impls = params.aggs.map((c) => createAggregate(c, { retracts: params.inputRetracts }));
    this.prev = new Array<unknown>(this.impls.length).fill(null);
    this.ttl = params.stateTtlMs ?? 0;
  }

  open(ctx: OperatorContext): void {
    this.state = ctx.keyedState.valueState<GroupEntry>(GROUP_STATE);
    this.timers = ctx.timers;
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
    const prev = this.prev;
    const outRows: Row[] = [];
    const outKinds: RowKind[] = [];
    const ttl = this.ttl;
    const now = ttl > 0 ? this.timers.currentProcessingTime() : 0;
    for (let i = 0; i < n; i++) {
      const row = rows[i]!;
      const kind = kinds[i]!;
      const accumulate = kind === RowKind.INSERT || kind === RowKind.UPDATE_AFTER;
      const key = keyOf(row);
      let st = state.get(key);
      if (ttl > 0 && st !== undefined && now - (st[na + 1] as number) >= ttl) {
        state.delete(key);
        st = undefined;
      }
      let first = false;
      if (st === undefined) {
        if (!accumulate) continue; // a retraction for an unknown key (or after state cleanup)
        st = new Array<unknown>(ttl > 0 ? na + 2 : na + 1);
        st[0] = 0;
        for (let j = 0; j < na; j++) st[j + 1] = impls[j]!.create();
        state.put(key, st);
        first = true;
      } else {
        for (let j = 0; j < na; j++) prev[j] = impls[j]!.getValue(st[j + 1]);
      }
      if (accumulate) {
        for (let j = 0; j < na; j++) st[j + 1] = impls[j]!.accumulate(st[j + 1], row);
        st[0] = (st[0] as number) + 1;
      } else {
        for (let j = 0; j < na; j++) st[j + 1] = impls[j]!.retract(st[j + 1], row);
        st[0] = (st[0] as number) - 1;
      }
      if (ttl > 0) st[na + 1] = now;
      if (inputRetracts && (st[0] as number) <= 0) {
        if (!first) {
          outRows.push(this.prevRow(row));
          outKinds.push(RowKind.DELETE);
        }
        state.delete(key);
        continue;
      }
      const res = new Array<unknown>(ng + na);
      for (let g = 0; g < ng; g++) res[g] = row[groupFields[g]!];
      let same = !first;
      for (let j = 0; j < na; j++) {
        const v = impls[j]!.getValue(st[j + 1]);
        res[ng + j] = v;
        if (same && !valuesEqual(v, prev[j])) same = false;
      }
      if (first) {
        outRows.push(res);
        outKinds.push(RowKind.INSERT);
      } else if (!same) {
        if (generateUpdateBefore) {
          outRows.push(this.prevRow(row));
          outKinds.push(RowKind.UPDATE_BEFORE);
        }
        outRows.push(res);
        outKinds.push(RowKind.UPDATE_AFTER);
      }
    }
    if (ttl > 0) this.expireSome(n * CLEANUP_PER_ROW, now - ttl);
    if (outRows.length > 0) out.emit(new Batch(outRows, outKinds));
  }

  /** Removes expired entries among the next `budget` ones of the state, resuming where the last call stopped. */
  private expireSome(budget: number, writtenBefore: number): void {
    const slot = this.impls.length + 1;
    this.cleanup = removeExpired(this.state, this.cleanup, budget, (e) => (e[slot] as number) <= writtenBefore);
  }

  /** The previous result row of the current key: group values of `row` + the saved previous aggregate values. */
  private prevRow(row: Row): Row {
    const gf = this.params.groupFields;
    const ng = gf.length;
    const na = this.impls.length;
    const r = new Array<unknown>(ng + na);
    for (let g = 0; g < ng; g++) r[g] = row[gf[g]!];
    for (let j = 0; j < na; j++) r[ng + j] = this.prev[j];
    return r;
  }
}
