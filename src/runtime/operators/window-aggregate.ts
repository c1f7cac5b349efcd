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
 * e: slice/window ends, a: accumulator arrays, f: pending fire ends}. The
 * pending fire ends are the key's timers: the operator's FireQueue is rebuilt
 * from them when it opens (so a restored job fires exactly what was pending).
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
  /** Pending fire ends (this key's timers). */
  f: number[];
}

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
    for (const [key, entry] of this.state.entries()) for (const end of entry.f) this.schedule(end, key);
  }

  /** The instant (watermark domain) at which the window ending at `end` fires. */
  private trigger(end: number): number {
    return (this.p.ltz ? localToUtc(end, this.p.timeZone) : end) - 1;
  }

  private schedule(end: number, key: StateKey): void {
    const before = this.queue.size;
    this.queue.add(end, key);
    if (this.p.proctime && this.queue.size !== before) this.ctx.timers.registerProcessingTimeTimer(0, this.trigger(end));
  }

  private register(entry: KeyEntry, end: number, key: StateKey): void {
    if (!entry.f.includes(end)) entry.f.push(end);
    this.schedule(end, key);
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
          entry = { r: row, e: [], a: [], f: [] };
          state.put(key, entry);
        }
        let idx = entry.e.indexOf(s);
        if (idx < 0) {
          idx = entry.e.length;
          entry.e.push(s);
          entry.a.push(this.newAccs());
          fireAt ??= firstWindowEnd(w, s);
        }
        if (fireAt !== undefined) this.register(entry, fireAt, key);
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
          entry = { r: row, e: [e], a: [this.createAll()], f: [e] };
          state.put(key, entry);
          this.schedule(e, key);
          accumulateAll(entry.a[0]!, row);
          continue;
        }
        const ee = entry.e;
        let idx = ee[0] === e ? 0 : ee.indexOf(e);
        if (idx < 0) {
          idx = ee.length;
          ee.push(e);
          entry.a.push(this.createAll());
          this.register(entry, e, key);
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
            entry = { r: row, e: [], a: [], f: [] };
            state.put(key, entry);
          }
        }
        let idx = entry.e.indexOf(e);
        if (idx < 0) {
          idx = entry.e.length;
          entry.e.push(e);
          entry.a.push(this.newAccs());
          this.register(entry, e, key);
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
      const { end, keys } = q.pop()!;
      for (const key of keys) this.fire(key, end);
    }
    if (this.pending.length > 0) {
      const rows = this.pending;
      this.pending = [];
      out.emit(new Batch(rows, new Array<RowKind>(rows.length).fill(RowKind.INSERT)));
    }
  }

  private fire(key: StateKey, end: number): void {
    const entry = this.state.get(key);
    if (entry === undefined) return;
    const fi = entry.f.indexOf(end);
    if (fi < 0) return;
    entry.f.splice(fi, 1);
    const w = this.p.window;
    if (!this.sliced) {
      const idx = entry.e.indexOf(end);
      if (idx >= 0) {
        this.emit(entry.r, windowStartOf(w, end), end, entry.a[idx]!);
        entry.e.splice(idx, 1);
        entry.a.splice(idx, 1);
      }
    } else {
      const start = windowStartOf(w, end);
      let merged: unknown[] | undefined;
      const mergeAll = this.mergeAll!;
      for (let i = 0; i < entry.e.length; i++) {
        const s = entry.e[i]!;
        if (s > start && s <= end) {
          merged ??= this.newAccs();
          mergeAll(merged, entry.a[i]!);
        }
      }
      if (merged) this.emit(entry.r, start, end, merged);
      // free the slices whose last window has fired, and chain the next window of the remaining ones
      let freeUpTo: number;
      let next: number | undefined;
      if (w.kind === 'HOP') {
        freeUpTo = end + w.slide - w.size;
        const nextEnd = end + w.slide;
        for (const s of entry.e) {
          if (s > freeUpTo && s <= nextEnd) {
            next = nextEnd;
            break;
          }
        }
      } else {
        freeUpTo = end === start + w.size ? end : Number.MIN_SAFE_INTEGER;
        if (merged && end < start + w.size) next = end + windowInterval(w);
      }
      const es = entry.e;
      let kept = 0;
      for (let i = 0; i < es.length; i++) {
        if (es[i]! > freeUpTo) {
          es[kept] = es[i]!;
          entry.a[kept] = entry.a[i]!;
          kept++;
        }
      }
      es.length = kept;
      entry.a.length = kept;
      if (next !== undefined) this.register(entry, next, key);
    }
    if (entry.e.length === 0 && entry.f.length === 0) this.state.delete(key);
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
