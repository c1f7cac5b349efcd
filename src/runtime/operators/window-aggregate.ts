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
 *    containing it has fired. A key's slices are the slots of one object
 *    (SliceRing: as many slots as one window has slices, plus one, at most 8),
 *    freed slots reused; slices beyond that go to its overflow array.
 *  - 'windows' (TUMBLE, and HOP/CUMULATE with DISTINCT or other aggregates
 *    without merge): one node per window, a key's nodes linked newest first.
 *
 * Late rows (Flink's rule): a row whose slice has already fired is dropped
 * and counted in numLateRecordsDropped when the last window containing it
 * has fired too; otherwise it still counts in the windows that have not
 * fired. A NULL time is dropped (numNullRowTimeRecordsDropped).
 *
 * State 'window-aggregate' per key: the SliceRing or the first window node.
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
import { compileWindowNodes, EMPTY, FIRED_LIVE, FIRED_MERGED, FIRED_NEXT, FREE, type SliceRing, type SliceRingOps, type WinNode, type WindowNodes } from '../window/window-node.ts';

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

/** Fired rows are emitted in batches of this many. */
export const EMIT_BATCH = 1024;

export const WINDOW_AGG_STATE = { name: 'window-aggregate', description: 'per key: slice or window accumulators and pending window ends' };

/*
 * EMPTY: the end of a 'windows' node whose window fired while it was its key's only one: the node
 * stays (its key's next window reuses it, with no allocation and no state insert); if the next
 * firing (scheduled one window interval later) finds it still empty, the key's state goes. An
 * empty node is always alone in its chain; a restore drops it.
 */

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
  /** Per key: the chain of window nodes ('windows'), or the slices ('slices', see SliceRing). */
  private state!: ValueState<WinNode | SliceRing>;
  private ctx!: OperatorContext;
  private readonly queue = new FireQueue();
  private late!: { inc(n?: number): void };
  private nullTime!: { inc(n?: number): void };
  private readonly ends: number[] = [];
  private pending: Row[] = [];
  /** Where fired rows go while firing. */
  private out: Output | undefined;
  /** The latest window end fired (operator state, so a restored job does not fire a window twice). */
  private lastFired = Number.MIN_SAFE_INTEGER;
  /** Where a window's merged slices go before its row is emitted. */
  private readonly scratch: WinNode;
  private readonly ring: SliceRingOps | undefined;
  private readonly sliceSize: number;
  /** The end scheduled last: most rows schedule the same end again, which then skips the queue. */
  private lastScheduled = Number.NaN;

  constructor(params: WindowAggregateParams) {
    this.p = params;
    const impls = params.aggs.map((c) => createAggregate(c, { retracts: false }));
    const w = params.window;
    // ring slots: the slices of one window and the next one (at most 8; more go to the overflow array)
    const ring = w.kind === 'TUMBLE' ? 0 : Math.min(8, Math.ceil(w.size / sliceSize(w)) + 1);
    this.nodes = compileWindowNodes(params.aggs, impls, { outKeys: params.outKeys, ring });
    this.ring = this.nodes.ring;
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
    this.state = ctx.keyedState.valueState<WinNode | SliceRing>(WINDOW_AGG_STATE);
    this.late = ctx.metrics.counter('numLateRecordsDropped');
    this.nullTime = ctx.metrics.counter('numNullRowTimeRecordsDropped');
    // Rebuild the pending window ends from the restored slices: the first window of each slice that had not fired.
    this.lastFired = ctx.operatorState.get<number>(FIRED_STATE) ?? Number.MIN_SAFE_INTEGER;
    const w = this.p.window;
    const step = windowInterval(w);
    const restored = [...this.state.entries()];
    if (this.sliced) {
      const width = this.nodes.slotWidth;
      const ring = this.ring!;
      for (const [key, value] of restored) {
        // restored rings are plain objects: back to the generated shape
        const o = ring.copy(value as SliceRing);
        this.state.put(key, o);
        const ends = ring.ends(o);
        const x = o.x;
        if (x !== null) for (let j = 0; j < x.length; j += width) if (x[j] !== FREE) ends.push(x[j] as number);
        for (const s of ends) {
          let e = firstWindowEnd(w, s);
          while (e <= this.lastFired) e += step;
          if (e <= lastWindowEnd(w, s)) this.schedule(e);
        }
      }
      return;
    }
    for (const [key, head] of restored) {
      if ((head as WinNode).e === EMPTY) {
        this.state.delete(key);
        continue;
      }
      // restored nodes are plain objects: back to the generated shape
      let first: WinNode | null = null;
      let last: WinNode | null = null;
      for (let x: WinNode | null = head as WinNode; x !== null; x = x.n) {
        const c = this.nodes.copy(x);
        if (last === null) first = c;
        else last.n = c;
        last = c;
        if (x.e !== EMPTY && x.e > this.lastFired) this.schedule(x.e);
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
    if (head !== undefined && head.e === EMPTY) {
      this.nodes.renew(head, row, 0, e);
      return head;
    }
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
    const ring = this.ring!;
    const slots = ring ? ring.slots : 0;
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
        let o = state.get(key) as SliceRing | undefined;
        if (o === undefined) {
          o = ring.make(row);
          state.put(key, o);
        }
        const r = ring.slot(o, s);
        if (r >= 0) {
          if (r >= slots) fireAt ??= firstWindowEnd(w, s);
          ring.accumulate(o, r >= slots ? r - slots : r, row);
        } else {
          // every slot is taken (rows far apart in time): the overflow array
          const x = (o.x ??= []);
          let at = -1;
          // the newest slices are usually the last ones
          for (let j = x.length - width; j >= 0; j -= width) {
            if (x[j] === s) {
              at = j;
              break;
            }
          }
          if (at < 0) {
            at = x.length;
            for (let j = 0; j < x.length; j += width) {
              if (x[j] === FREE) {
                at = j;
                break;
              }
            }
            nodes.initAt(x, at, s);
            fireAt ??= firstWindowEnd(w, s);
          }
          nodes.accumulateAt(x, at, row);
        }
        if (fireAt !== undefined) this.schedule(fireAt);
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
    this.out = out;
    const q = this.queue;
    let e: number | undefined;
    while ((e = q.peek()) !== undefined && this.trigger(e) <= time) {
      q.pop();
      this.fireEnd(e);
    }
    this.out = undefined;
    this.flush(out);
  }

  /** A fired window's row; emitted in batches of EMIT_BATCH while firing, so they die young. */
  private push(row: Row): void {
    this.pending.push(row);
    if (this.pending.length >= EMIT_BATCH && this.out !== undefined) this.flush(this.out);
  }

  private flush(out: Output): void {
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
      let emptied = false;
      for (const [key, value] of state.entries()) {
        const head = value as WinNode;
        let prev: WinNode | null = null;
        let x: WinNode | null = head;
        while (x !== null && x.e !== end) {
          prev = x;
          x = x.n;
        }
        if (x === null) {
          // a node emptied by the previous firing and not reused since: the key goes
          if (head.e === EMPTY) drop.push(key);
          continue;
        }
        this.push(nodes.output(x, x, start, end, this.trigger(end)));
        if (prev !== null) prev.n = x.n;
        else if (x.n === null) {
          x.e = EMPTY;
          emptied = true;
        } else state.put(key, x.n);
      }
      // the next end removes what stays empty, also when no window ends there
      if (emptied) this.schedule(end + windowInterval(w));
    } else {
      const hop = w.kind === 'HOP';
      const nextEnd = end + windowInterval(w);
      const freeUpTo = hop ? nextEnd - w.size : end === start + w.size ? end : Number.MIN_SAFE_INTEGER;
      let next = false;
      const width = nodes.slotWidth;
      const merged = this.scratch;
      const ring = this.ring!;
      const time = this.trigger(end);
      for (const [key, value] of state.entries()) {
        const o = value as SliceRing;
        let flags = ring.fire(o, start, end, freeUpTo, nextEnd, hop, merged);
        const x = o.x;
        if (x !== null) {
          let live = false;
          for (let j = 0; j < x.length; j += width) {
            const s = x[j] as number;
            if (s > start && s <= end) {
              if ((flags & FIRED_MERGED) === 0) {
                nodes.reset(merged);
                flags |= FIRED_MERGED;
              }
              nodes.mergeAt(merged, x, j);
            }
            if (s > freeUpTo) {
              if (hop && s <= nextEnd) flags |= FIRED_NEXT;
              live = true;
            } else if (s !== FREE) {
              x[j] = FREE;
              for (let m = 1; m < width; m++) x[j + m] = 0;
            }
          }
          if (live) flags |= FIRED_LIVE;
          else o.x = null;
        }
        if ((flags & FIRED_MERGED) !== 0) {
          this.push(nodes.output(o, merged, start, end, time));
          if (!hop && end < start + w.size) next = true;
        }
        if ((flags & FIRED_NEXT) !== 0) next = true;
        if ((flags & FIRED_LIVE) === 0) drop.push(key);
      }
      if (next) this.schedule(nextEnd);
    }
    for (const k of drop) state.delete(k);
  }

}
