/**
 * OverAggregate: OVER windows (Flink's over-aggregate functions). Each input
 * row comes out once, extended by the values of the calls over its
 * partition's frame: ROWS BETWEEN n PRECEDING (the row and the n before it),
 * RANGE BETWEEN INTERVAL … PRECEDING (rows whose order time is within the
 * interval before the row's), or UNBOUNDED PRECEDING (every row so far).
 *
 *  - Processing time: rows are processed as they arrive (arrival order is the
 *    order; a RANGE frame uses the rows' proctime values).
 *  - Event time: rows wait in state until the watermark passes their rowtime
 *    (an event-time timer per rowtime), then are processed in timestamp order;
 *    with RANGE, rows of equal rowtime are peers and get the same values. Rows
 *    whose rowtime is not after the current watermark are late: dropped and
 *    counted in numLateRecordsDropped, as Flink does.
 *
 * Calls: aggregate functions (retractable when the frame is bounded),
 * ROW_NUMBER (position in the partition) and LAG(x [, offset [, default]]).
 * State: 'over-accumulators' (accumulators, bounded frame rows, LAG history,
 * row count per key) and 'over-pending-rows' (event time: rows by rowtime).
 *
 * With `table.exec.state.ttl` (Flink: state TTL for processing-time unbounded
 * OVER, idle-state retention for the others) a partition whose accumulators
 * have not been written for the TTL (processing time; event time: since its
 * last row was processed) is forgotten and starts again (ROW_NUMBER from 1,
 * aggregates from the next row); expired partitions are removed a few per
 * batch. Rows waiting for the watermark are kept.
 */
import { Batch } from '../batch.ts';
import type { MetricGroup, Operator, OperatorContext, Output, TimerService } from '../operator.ts';
import { RowKind, type Row } from '../row.ts';
import type { MapState, StateKey, ValueState } from '../../state/api.ts';
import { createAggregate, type AggCall, type AggImpl } from '../aggregates/index.ts';
import { ttlValueState, type TtlValueState } from '../../state/ttl-value-state.ts';

export type OverCall =
  | { readonly kind: 'agg'; readonly call: AggCall }
  | { readonly kind: 'row_number' }
  | { readonly kind: 'lag'; readonly arg: number; readonly offset: number; readonly defaultField: number; readonly defaultValue: unknown };

export interface OverAggregateParams {
  readonly key: (row: Row) => StateKey;
  readonly calls: readonly OverCall[];
  readonly units: 'ROWS' | 'RANGE';
  /** Rows (ROWS) or milliseconds (RANGE) before the current row; null: UNBOUNDED. */
  readonly preceding: number | null;
  /** The order-by time field. */
  readonly timeIndex: number;
  readonly eventTime: boolean;
  /** table.exec.state.ttl in ms (0 or absent: state is kept forever). */
  readonly stateTtlMs?: number;
}

interface OverEntry {
  accs: unknown[];
  /** Rows in a bounded frame, oldest first. */
  frame: Row[];
  /** Per LAG call: the last values, newest last. */
  lag: unknown[][];
  count: number;
}

export const OVER_STATE = { name: 'over-accumulators', description: 'accumulators, bounded-frame rows, LAG history and row count per partition key' };
export const OVER_PENDING = { name: 'over-pending-rows', description: 'event time: rows waiting for the watermark, by rowtime' };

export class OverAggregate implements Operator {
  private readonly p: OverAggregateParams;
  private readonly impls: (AggImpl | null)[];
  private state!: ValueState<OverEntry>;
  private ttlState: TtlValueState<OverEntry> | undefined;
  private pending!: MapState<number, Row[]>;
  private timers!: TimerService;
  private late!: ReturnType<MetricGroup['counter']>;

  constructor(params: OverAggregateParams) {
    this.p = params;
    const retracts = params.preceding !== null;
    this.impls = params.calls.map((c) => (c.kind === 'agg' ? createAggregate(c.call, { retracts }) : null));
  }

  open(ctx: OperatorContext): void {
    const timers = ctx.timers;
    ({ state: this.state, ttl: this.ttlState } = ttlValueState<OverEntry>(ctx.keyedState, OVER_STATE, this.p.stateTtlMs ?? 0, () => timers.currentProcessingTime()));
    this.pending = ctx.keyedState.mapState<number, Row[]>(OVER_PENDING);
    this.timers = ctx.timers;
    this.late = ctx.metrics.counter('numLateRecordsDropped');
  }

  processBatch(batch: Batch, _input: number, out: Output): void {
    const rows = batch.rows;
    const { key, eventTime, timeIndex } = this.p;
    const ttlState = this.ttlState;
    ttlState?.expireSome(2 * rows.length);
    if (eventTime) {
      const wm = this.timers.currentWatermark();
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        const ts = row[timeIndex] as number | null;
        if (ts === null || ts <= wm) {
          this.late.inc();
          continue;
        }
        const k = key(row);
        const list = this.pending.get(k, ts);
        if (list) list.push(row);
        else {
          this.pending.put(k, ts, [row]);
          this.timers.registerEventTimeTimer(k, ts);
        }
      }
      return;
    }
    const outRows: Row[] = [];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const k = key(row);
      const st = this.entry(k);
      outRows.push(this.step(st, row));
      ttlState?.touch(k);
    }
    if (outRows.length) out.emit(Batch.inserts(outRows));
  }

  onTimer(key: StateKey, time: number, _domain: string, out: Output): void {
    const rows = this.pending.get(key, time);
    if (!rows) return;
    this.pending.remove(key, time);
    const st = this.entry(key);
    const outRows: Row[] = [];
    if (this.p.units === 'RANGE') {
      // Peers: every row of this rowtime is in the frame of each of them.
      this.evict(st, rows[0]!);
      for (const r of rows) this.accumulate(st, r);
      for (const r of rows) outRows.push(this.result(st, r));
    } else for (const r of rows) outRows.push(this.step(st, r));
    this.ttlState?.touch(key);
    out.emit(new Batch(outRows, new Array<RowKind>(outRows.length).fill(RowKind.INSERT)));
  }

  private entry(k: StateKey): OverEntry {
    let st = this.state.get(k);
    if (st === undefined) {
      st = {
        accs: this.impls.map((a) => (a ? a.create() : null)),
        frame: [],
        lag: this.p.calls.map(() => []),
        count: 0,
      };
      this.state.put(k, st);
    }
    return st;
  }

  /** One row: evict what leaves the frame, accumulate it, compute its values. */
  private step(st: OverEntry, row: Row): Row {
    if (this.p.units === 'RANGE') this.evict(st, row);
    this.accumulate(st, row);
    if (this.p.units === 'ROWS' && this.p.preceding !== null && st.frame.length > this.p.preceding + 1) this.retract(st, st.frame.shift()!);
    return this.result(st, row);
  }

  private accumulate(st: OverEntry, row: Row): void {
    const impls = this.impls;
    for (let j = 0; j < impls.length; j++) {
      const a = impls[j];
      if (a) st.accs[j] = a.accumulate(st.accs[j], row);
    }
    if (this.p.preceding !== null) st.frame.push(row);
  }

  private retract(st: OverEntry, row: Row): void {
    const impls = this.impls;
    for (let j = 0; j < impls.length; j++) {
      const a = impls[j];
      if (a) st.accs[j] = a.retract(st.accs[j], row);
    }
  }

  /** RANGE: retract the rows older than the interval before `row`'s time. */
  private evict(st: OverEntry, row: Row): void {
    const pre = this.p.preceding;
    if (pre === null) return;
    const t = this.p.timeIndex;
    const lo = (row[t] as number) - pre;
    while (st.frame.length > 0 && (st.frame[0]![t] as number) < lo) this.retract(st, st.frame.shift()!);
  }

  /** The row extended by the calls' values (LAG and ROW_NUMBER advance here, once per row). */
  private result(st: OverEntry, row: Row): Row {
    const calls = this.p.calls;
    const res = row.slice();
    st.count++;
    for (let j = 0; j < calls.length; j++) {
      const c = calls[j]!;
      if (c.kind === 'agg') res.push(this.impls[j]!.getValue(st.accs[j]));
      else if (c.kind === 'row_number') res.push(st.count);
      else {
        const h = st.lag[j]!;
        const v = h.length >= c.offset ? h[h.length - c.offset] : c.defaultField >= 0 ? row[c.defaultField] : c.defaultValue;
        res.push(v === undefined ? null : v);
        h.push(row[c.arg]);
        if (h.length > c.offset) h.shift();
      }
    }
    return res;
  }
}
