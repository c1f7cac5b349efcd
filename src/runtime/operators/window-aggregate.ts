/**
 * WindowAggregate: aggregation over TUMBLE/HOP/CUMULATE windows (Flink's
 * SlicingWindowOperator), insert-only input and output. Each window's row is
 * emitted once, when the watermark passes the window's end (end - 1 <=
 * watermark), or for processing-time windows when the clock does.
 *
 * Two layouts of the per-key state:
 *  - 'slices' (HOP and CUMULATE when every aggregate can merge accumulators):
 *    a row updates the one slice that contains it (HOP: slices of
 *    gcd(size, slide); CUMULATE: slices of step), and a window's result merges
 *    the slices it covers, as Flink does; a slice is freed when the last window
 *    containing it has fired.
 *  - 'windows' (TUMBLE, and HOP/CUMULATE with DISTINCT or other aggregates
 *    without merge): one accumulator set per window.
 *
 * Late rows (Flink's rule): a row whose slice has already fired is dropped
 * and counted in numLateRecordsDropped when the last window containing it
 * has fired too; otherwise it still counts in the windows that have not
 * fired. A NULL time is dropped (numNullRowTimeRecordsDropped).
 *
 * State 'window-aggregate' per key: {r: a row of the key (its key values),
 * e: slice/window ends, a: accumulator arrays}. Firing is per window end, not
 * per key (Flink keeps a timer per key and window): the operator keeps the
 * pending window ends, and when the watermark passes one it makes one pass
 * over the keys with live slices, emits their windows ending there and frees
 * what no later window needs. The pending ends are rebuilt from the slices
 * and the last fired end (operator state) when the operator opens, so a
 * restored job fires exactly the windows that had not fired.
 *
 * Times: for a TIMESTAMP_LTZ time attribute (`ltz`) windows are computed on
 * the session time zone's wall clock and a window end `e` fires when the
 * watermark reaches localToUtc(e) - 1; window_time is that instant.
 */
import { Batch } from '../batch.ts';
import type { Operator, OperatorContext, Output, TimeDomain } from '../operator.ts';
import { RowKind, type Row } from '../row.ts';
import type { StateKey, ValueState } from '../../state/api.ts';
import { createAggregate, type AggCall, type AggImpl } from '../aggregates/index.ts';
import { localToUtc, utcToLocal } from '../../types/temporal.ts';
import {
  assignWindowEnds,
  firstWindowEnd,
  lastWindowEnd,
  sliceEnd,
  windowInterval,
  windowStartOf,
  type AlignedWindow,
} from '../window/windows.ts';
import { FireQueue } from '../window/fire-queue.ts';
import { fuseAccumulate, fuseCreate, fuseMerge, type AccumulateAll, type CreateAll, type MergeAll } from '../window/agg-runner.ts';

/** An output group column: an input field, or a property of the window. */
export type WindowOutKey = number | 'window_start' | 'window_end' | 'window_time';

export interface WindowAggregateParams {
  readonly key: (row: Row) => StateKey;
  readonly window: AlignedWindow;
  /** The time attribute's field (ignored for processing time). */
  readonly timeIndex: number;
  readonly proctime: boolean;
  readonly ltz: boolean;
  readonly timeZone: string;
  /** The output row: these group columns, then the aggregate values. */
  readonly outKeys: readonly WindowOutKey[];
  readonly aggs: readonly AggCall[];
}

interface KeyEntry {
  /** A row of this key (its group field values). */
  r: Row;
  /** Slice (or window) ends. */
  e: number[];
  /** Accumulators, parallel to e. */
  a: unknown[][];
}

const FIRED_STATE = 'window-aggregate-last-fired';

export const WINDOW_AGG_STATE = { name: 'window-aggregate', description: 'per key: slice or window accumulators and pending window ends' };

export class WindowAggregate implements Operator {
  private readonly p: WindowAggregateParams;
  private readonly impls: AggImpl[];
  private readonly sliced: boolean;
  private readonly accumulateAll: AccumulateAll;
  private readonly mergeAll: MergeAll | undefined;
  private readonly createAll: CreateAll;
  private state!: ValueState<KeyEntry>;
  private ctx!: OperatorContext;
  private readonly queue = new FireQueue();
  private late!: { inc(n?: number): void };
  private nullTime!: { inc(n?: number): void };
  private readonly ends: number[] = [];
  private pending: Row[] = [];
  /** The latest window end fired (operator state, so a restored job does not fire a window twice). */
  private lastFired = Number.MIN_SAFE_INTEGER;

  constructor(params: WindowAggregateParams) {
    this.p = params;
    this.impls = params.aggs.map((c) => createAggregate(c, { retracts: false }));
    this.mergeAll = fuseMerge(this.impls);
    this.sliced = params.window.kind !== 'TUMBLE' && this.mergeAll !== undefined;
    this.accumulateAll = fuseAccumulate(this.impls);
    this.createAll = fuseCreate(this.impls);
  }

  /** Whether this operator shares slices between windows (for tests and EXPLAIN). */
  get slicing(): boolean {
    return this.sliced;
  }

  open(ctx: OperatorContext): void {
    this.ctx = ctx;
    this.state = ctx.keyedState.valueState<KeyEntry>(WINDOW_AGG_STATE);
    this.late = ctx.metrics.counter('numLateRecordsDropped');
    this.nullTime = ctx.metrics.counter('numNullRowTimeRecordsDropped');
    // Rebuild the pending window ends from the restored slices: the first window of each slice that had not fired.
    this.lastFired = ctx.operatorState.get<number>(FIRED_STATE) ?? Number.MIN_SAFE_INTEGER;
    const w = this.p.window;
    const step = windowInterval(w);
    for (const [, entry] of this.state.entries()) {
      for (const x of entry.e) {
        if (!this.sliced) {
          if (x > this.lastFired) this.schedule(x);
          continue;
        }
        let e = firstWindowEnd(w, x);
        while (e <= this.lastFired) e += step;
        if (e <= lastWindowEnd(w, x)) this.schedule(e);
      }
    }
  }

  snapshotState(): void {
    this.ctx.operatorState.put(FIRED_STATE, this.lastFired);
  }

  /** The instant (watermark domain) at which the window ending at `end` fires. */
  private trigger(end: number): number {
    return (this.p.ltz ? localToUtc(end, this.p.timeZone) : end) - 1;
  }

  /** A window ending at `end` has data: every key's window ending there fires together. */
  private schedule(end: number): void {
    const before = this.queue.size;
    this.queue.add(end, 0);
    if (this.p.proctime && this.queue.size !== before) this.ctx.timers.registerProcessingTimeTimer(0, this.trigger(end));
  }

  private newAccs(): unknown[] {
    return this.createAll();
  }

  processBatch(batch: Batch, _input: number, _out: Output): void {
    const p = this.p;
    const accumulateAll = this.accumulateAll;
    const state = this.state;
    const keyOf = p.key;
    const ti = p.timeIndex;
    const w = p.window;
    const ltz = p.ltz;
    const tz = p.timeZone;
    const wm = p.proctime ? Number.MIN_SAFE_INTEGER : this.ctx.timers.currentWatermark();
    const now = p.proctime ? this.ctx.timers.currentProcessingTime() : 0;
    const rows = batch.rows;
    const ends = this.ends;
    const sliced = this.sliced;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      let ts: number;
      if (p.proctime) ts = now;
      else {
        const v = row[ti];
        if (v === null || v === undefined) {
          this.nullTime.inc();
          continue;
        }
        ts = v as number;
      }
      const local = ltz ? utcToLocal(ts, tz) : ts;
      const key = keyOf(row);
      if (sliced) {
        const s = sliceEnd(w, local);
        let fireAt: number | undefined;
        if (this.trigger(s) <= wm) {
          if (this.trigger(lastWindowEnd(w, s)) <= wm) {
            this.late.inc();
            continue;
          }
          // late for some windows only: count it in the windows still to fire
          fireAt = firstWindowEnd(w, s);
          const step = windowInterval(w);
          while (this.trigger(fireAt) <= wm) fireAt += step;
        }
        let entry = state.get(key);
        if (entry === undefined) {
          entry = { r: row, e: [], a: [] };
          state.put(key, entry);
        }
        let idx = entry.e.indexOf(s);
        if (idx < 0) {
          idx = entry.e.length;
          entry.e.push(s);
          entry.a.push(this.newAccs());
          fireAt ??= firstWindowEnd(w, s);
        }
        if (fireAt !== undefined) this.schedule(fireAt);
        accumulateAll(entry.a[idx]!, row);
        continue;
      }
      if (w.kind === 'TUMBLE' && !ltz) {
        const rem = (local - w.offset) % w.size;
        const e = local - (rem < 0 ? rem + w.size : rem) + w.size;
        if (e - 1 <= wm) {
          this.late.inc();
          continue;
        }
        let entry = state.get(key);
        if (entry === undefined) {
          entry = { r: row, e: [e], a: [this.createAll()] };
          state.put(key, entry);
          this.schedule(e);
          accumulateAll(entry.a[0]!, row);
          continue;
        }
        const ee = entry.e;
        let idx = ee[0] === e ? 0 : ee.indexOf(e);
        if (idx < 0) {
          idx = ee.length;
          ee.push(e);
          entry.a.push(this.createAll());
          this.schedule(e);
        }
        accumulateAll(entry.a[idx]!, row);
        continue;
      }
      // one accumulator set per window
      const n = assignWindowEnds(w, local, ends);
      let entry: KeyEntry | undefined;
      let used = false;
      for (let k = 0; k < n; k++) {
        const e = ends[k]!;
        if (this.trigger(e) <= wm) continue;
        used = true;
        if (entry === undefined) {
          entry = state.get(key);
          if (entry === undefined) {
            entry = { r: row, e: [], a: [] };
            state.put(key, entry);
          }
        }
        let idx = entry.e.indexOf(e);
        if (idx < 0) {
          idx = entry.e.length;
          entry.e.push(e);
          entry.a.push(this.newAccs());
          this.schedule(e);
        }
        accumulateAll(entry.a[idx]!, row);
      }
      if (!used) this.late.inc();
    }
  }

  processWatermark(watermark: number, out: Output): number {
    if (!this.p.proctime) this.fireUpTo(watermark, out);
    return watermark;
  }

  onTimer(_key: StateKey, time: number, domain: TimeDomain, out: Output): void {
    if (domain === 'processing' && this.p.proctime) this.fireUpTo(time, out);
  }

  endInput(_input: number, out: Output): void {
    // Processing-time windows of a bounded input fire when it ends.
    if (this.p.proctime) this.fireUpTo(Number.MAX_SAFE_INTEGER, out);
  }

  private fireUpTo(time: number, out: Output): void {
    const q = this.queue;
    let e: number | undefined;
    while ((e = q.peek()) !== undefined && this.trigger(e) <= time) {
      q.pop();
      this.fireEnd(e);
    }
    if (this.pending.length > 0) {
      const rows = this.pending;
      this.pending = [];
      out.emit(new Batch(rows, new Array<RowKind>(rows.length).fill(RowKind.INSERT)));
    }
  }

  /**
   * Fires the windows ending at `end` of every key: one pass over the keys with live slices (in a
   * dense stream nearly all of them have a window ending there), freeing what no later window needs.
   */
  private fireEnd(end: number): void {
    const w = this.p.window;
    const state = this.state;
    const drop: StateKey[] = [];
    this.lastFired = end;
    if (!this.sliced) {
      const start = windowStartOf(w, end);
      for (const [key, entry] of state.entries()) {
        const es = entry.e;
        const idx = es[0] === end ? 0 : es.indexOf(end);
        if (idx < 0) continue;
        this.emit(entry.r, start, end, entry.a[idx]!);
        if (es.length === 1) drop.push(key);
        else {
          es.splice(idx, 1);
          entry.a.splice(idx, 1);
        }
      }
    } else {
      const start = windowStartOf(w, end);
      const mergeAll = this.mergeAll!;
      const hop = w.kind === 'HOP';
      const nextEnd = end + windowInterval(w);
      const freeUpTo = hop ? nextEnd - w.size : end === start + w.size ? end : Number.MIN_SAFE_INTEGER;
      let next = false;
      for (const [key, entry] of state.entries()) {
        const es = entry.e;
        const as = entry.a;
        let merged: unknown[] | undefined;
        let kept = 0;
        for (let i = 0; i < es.length; i++) {
          const s = es[i]!;
          if (s > start && s <= end) {
            merged ??= this.createAll();
            mergeAll(merged, as[i]!);
          }
          if (s > freeUpTo) {
            if (hop && s <= nextEnd) next = true;
            es[kept] = s;
            as[kept] = as[i]!;
            kept++;
          }
        }
        if (merged) {
          this.emit(entry.r, start, end, merged);
          if (!hop && end < start + w.size) next = true;
        }
        es.length = kept;
        as.length = kept;
        if (kept === 0) drop.push(key);
      }
      if (next) this.schedule(nextEnd);
    }
    for (const k of drop) state.delete(k);
  }

  private emit(keyRow: Row, start: number, end: number, accs: readonly unknown[]): void {
    const { outKeys } = this.p;
    const impls = this.impls;
    const nk = outKeys.length;
    const res = new Array<unknown>(nk + impls.length);
    for (let g = 0; g < nk; g++) {
      const k = outKeys[g]!;
      res[g] = typeof k === 'number' ? keyRow[k] : k === 'window_start' ? start : k === 'window_end' ? end : this.trigger(end);
    }
    for (let j = 0; j < impls.length; j++) res[nk + j] = impls[j]!.getValue(accs[j]);
    this.pending.push(res);
  }
}
