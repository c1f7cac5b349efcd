/**
 * WindowAggregate: aggregation over TUMBLE/HOP/CUMULATE windows (Flink's
 * SlicingWindowOperator), insert-only input and output. Each window's row is
 * emitted once, when the watermark passes the window's end (end - 1 <=
 * watermark), or for processing-time windows when the clock does.
 *
 * Two layouts of the per-key state (accumulators inline, see window/window-node.ts):
 *  - 'slices' (HOP and CUMULATE when every aggregate can merge accumulators):
 *    a row updates the one slice that contains it (HOP: slices of
 *    gcd(size, slide); CUMULATE: slices of step), and a window's result merges
 *    the slices it covers, as Flink does; a slice is freed when the last window
 *    containing it has fired. A key's slices sit side by side in one array
 *    ([key row, end, accumulators…, end, accumulators…]), freed slots reused,
 *    so firing reads one contiguous array per key.
 *  - 'windows' (TUMBLE, and HOP/CUMULATE with DISTINCT or other aggregates
 *    without merge): one node per window, a key's nodes linked newest first.
 *
 * Late rows (Flink's rule): a row whose slice has already fired is dropped
 * and counted in numLateRecordsDropped when the last window containing it
 * has fired too; otherwise it still counts in the windows that have not
 * fired. A NULL time is dropped (numNullRowTimeRecordsDropped).
 *
 * State 'window-aggregate' per key: the slice array or the first window node.
 * Firing is per window end, not
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
import { createAggregate, type AggCall } from '../aggregates/index.ts';
import { localToUtc, utcToLocal } from '../../types/temporal.ts';
import {
  assignWindowEnds,
  firstWindowEnd,
  lastWindowEnd,
  sliceSize,
  windowInterval,
  windowStartOf,
  type AlignedWindow,
} from '../window/windows.ts';
import { FireQueue } from '../window/fire-queue.ts';
import { compileWindowNodes, type WinNode, type WindowNodes } from '../window/window-node.ts';

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

const FIRED_STATE = 'window-aggregate-last-fired';

export const WINDOW_AGG_STATE = { name: 'window-aggregate', description: 'per key: slice or window accumulators and pending window ends' };

/**
 * The slices of one key ('slices' layout): [key row, then slots of nodes.slotWidth values: the
 * slice end and its accumulators]. A fired slice no window needs any more is marked FREE and its
 * slot reused.
 */
type SliceArray = unknown[];
const FREE = Number.NEGATIVE_INFINITY;

/** The node of `head`'s chain that ends at `e`, or null. */
function find(head: WinNode | undefined, e: number): WinNode | null {
  let x = head ?? null;
  while (x !== null && x.e !== e) x = x.n;
  return x;
}

export class WindowAggregate implements Operator {
  private readonly p: WindowAggregateParams;
  private readonly nodes: WindowNodes;
  private readonly sliced: boolean;
  /** Per key: the chain of window nodes ('windows'), or the slice array ('slices', see SliceArray). */
  private state!: ValueState<WinNode | SliceArray>;
  private ctx!: OperatorContext;
  private readonly queue = new FireQueue();
  private late!: { inc(n?: number): void };
  private nullTime!: { inc(n?: number): void };
  private readonly ends: number[] = [];
  private pending: Row[] = [];
  /** The latest window end fired (operator state, so a restored job does not fire a window twice). */
  private lastFired = Number.MIN_SAFE_INTEGER;
  /** Where a window's merged slices go before its row is emitted. */
  private readonly scratch: WinNode;
  private readonly sliceSize: number;
  /** The end scheduled last: most rows schedule the same end again, which then skips the queue. */
  private lastScheduled = Number.NaN;

  constructor(params: WindowAggregateParams) {
    this.p = params;
    const impls = params.aggs.map((c) => createAggregate(c, { retracts: false }));
    this.nodes = compileWindowNodes(params.aggs, impls);
    this.sliced = params.window.kind !== 'TUMBLE' && this.nodes.mergeable;
    this.scratch = this.nodes.make([], 0, 0);
    this.sliceSize = sliceSize(params.window);
  }

  /** Whether this operator shares slices between windows (for tests and EXPLAIN). */
  get slicing(): boolean {
    return this.sliced;
  }

  open(ctx: OperatorContext): void {
    this.ctx = ctx;
    this.state = ctx.keyedState.valueState<WinNode | SliceArray>(WINDOW_AGG_STATE);
    this.late = ctx.metrics.counter('numLateRecordsDropped');
    this.nullTime = ctx.metrics.counter('numNullRowTimeRecordsDropped');
    // Rebuild the pending window ends from the restored slices: the first window of each slice that had not fired.
    this.lastFired = ctx.operatorState.get<number>(FIRED_STATE) ?? Number.MIN_SAFE_INTEGER;
    const w = this.p.window;
    const step = windowInterval(w);
    const restored = [...this.state.entries()];
    if (this.sliced) {
      const width = this.nodes.slotWidth;
      for (const [, value] of restored) {
        const x = value as SliceArray;
        for (let j = 1; j < x.length; j += width) {
          const s = x[j] as number;
          if (s === FREE) continue;
          let e = firstWindowEnd(w, s);
          while (e <= this.lastFired) e += step;
          if (e <= lastWindowEnd(w, s)) this.schedule(e);
        }
      }
      return;
    }
    for (const [key, head] of restored) {
      // restored nodes are plain objects: back to the generated shape
      let first: WinNode | null = null;
      let last: WinNode | null = null;
      for (let x: WinNode | null = head as WinNode; x !== null; x = x.n) {
        const c = this.nodes.copy(x);
        if (last === null) first = c;
        else last.n = c;
        last = c;
        if (x.e > this.lastFired) this.schedule(x.e);
      }
      this.state.put(key, first!);
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
    if (end === this.lastScheduled) return;
    this.lastScheduled = end;
    const before = this.queue.size;
    this.queue.add(end, 0);
    if (this.p.proctime && this.queue.size !== before) this.ctx.timers.registerProcessingTimeTimer(0, this.trigger(end));
  }

  /** The key's node ending at `e`, created (as the head of its chain) when absent. */
  private nodeFor(key: StateKey, head: WinNode | undefined, row: Row, e: number): WinNode {
    const node = this.nodes.make(row, 0, e);
    node.n = head ?? null;
    this.state.put(key, node);
    return node;
  }

  processBatch(batch: Batch, _input: number, _out: Output): void {
    const p = this.p;
    const nodes = this.nodes;
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
    const tumble = w.kind === 'TUMBLE' && !ltz;
    const width = nodes.slotWidth;
    const slice = this.sliceSize;
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
      if (tumble) {
        const rem = (local - w.offset) % w.size;
        const e = local - (rem < 0 ? rem + w.size : rem) + w.size;
        if (e - 1 <= wm) {
          this.late.inc();
          continue;
        }
        const key = keyOf(row);
        const head = state.get(key) as WinNode | undefined;
        let node = head !== undefined && head.e === e ? head : find(head, e);
        if (node === null) {
          node = this.nodeFor(key, head, row, e);
          this.schedule(e);
        }
        nodes.accumulate(node, row);
        continue;
      }
      if (sliced) {
        const rem = (local - w.offset) % slice;
        const s = local - (rem < 0 ? rem + slice : rem) + slice;
        let fireAt: number | undefined;
        if ((ltz ? this.trigger(s) : s - 1) <= wm) {
          if (this.trigger(lastWindowEnd(w, s)) <= wm) {
            this.late.inc();
            continue;
          }
          // late for some windows only: count it in the windows still to fire
          fireAt = firstWindowEnd(w, s);
          const step = windowInterval(w);
          while (this.trigger(fireAt) <= wm) fireAt += step;
        }
        const key = keyOf(row);
        let x = state.get(key) as SliceArray | undefined;
        let at = -1;
        if (x === undefined) {
          x = [row];
          state.put(key, x);
        } else {
          // the row's slice is usually the newest, at the end
          for (let j = x.length - width; j >= 1; j -= width) {
            if (x[j] === s) {
              at = j;
              break;
            }
          }
        }
        if (at < 0) {
          at = x.length;
          for (let j = 1; j < x.length; j += width) {
            if (x[j] === FREE) {
              at = j;
              break;
            }
          }
          nodes.initAt(x, at, s);
          fireAt ??= firstWindowEnd(w, s);
        }
        if (fireAt !== undefined) this.schedule(fireAt);
        nodes.accumulateAt(x, at, row);
        continue;
      }
      // one accumulator set per window
      const n = assignWindowEnds(w, local, ends);
      const key = keyOf(row);
      let used = false;
      for (let k = 0; k < n; k++) {
        const e = ends[k]!;
        if (this.trigger(e) <= wm) continue;
        used = true;
        const head = state.get(key) as WinNode | undefined;
        let node = find(head, e);
        if (node === null) {
          node = this.nodeFor(key, head, row, e);
          this.schedule(e);
        }
        nodes.accumulate(node, row);
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
    const nodes = this.nodes;
    const drop: StateKey[] = [];
    this.lastFired = end;
    this.lastScheduled = Number.NaN;
    const start = windowStartOf(w, end);
    if (!this.sliced) {
      for (const [key, value] of state.entries()) {
        const head = value as WinNode;
        let prev: WinNode | null = null;
        let x: WinNode | null = head;
        while (x !== null && x.e !== end) {
          prev = x;
          x = x.n;
        }
        if (x === null) continue;
        this.emit(x.k, start, end, x);
        if (prev !== null) prev.n = x.n;
        else if (x.n === null) drop.push(key);
        else state.put(key, x.n);
      }
    } else {
      const hop = w.kind === 'HOP';
      const nextEnd = end + windowInterval(w);
      const freeUpTo = hop ? nextEnd - w.size : end === start + w.size ? end : Number.MIN_SAFE_INTEGER;
      let next = false;
      const width = nodes.slotWidth;
      const merged = this.scratch;
      for (const [key, value] of state.entries()) {
        const x = value as SliceArray;
        let any = false;
        let live = 0;
        for (let j = 1; j < x.length; j += width) {
          const s = x[j] as number;
          if (s > start && s <= end) {
            if (!any) {
              nodes.reset(merged);
              any = true;
            }
            nodes.mergeAt(merged, x, j);
          }
          if (s > freeUpTo) {
            if (hop && s <= nextEnd) next = true;
            live++;
          } else if (s !== FREE) {
            x[j] = FREE;
            for (let m = 1; m < width; m++) x[j + m] = 0;
          }
        }
        if (any) {
          this.emit(x[0] as Row, start, end, merged);
          if (!hop && end < start + w.size) next = true;
        }
        if (live === 0) drop.push(key);
      }
      if (next) this.schedule(nextEnd);
    }
    for (const k of drop) state.delete(k);
  }

  private emit(keyRow: Row, start: number, end: number, node: WinNode): void {
    const { outKeys } = this.p;
    const nk = outKeys.length;
    const res = new Array<unknown>(nk + this.p.aggs.length);
    for (let g = 0; g < nk; g++) {
      const k = outKeys[g]!;
      res[g] = typeof k === 'number' ? keyRow[k] : k === 'window_start' ? start : k === 'window_end' ? end : this.trigger(end);
    }
    this.nodes.values(node, res, nk);
    this.pending.push(res);
  }
}
