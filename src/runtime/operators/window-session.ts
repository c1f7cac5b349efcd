/**
 * SessionWindow: SESSION windows per key (Flink's merging window operator),
 * insert-only input and output. A row at time t opens the window
 * [t, t + gap); windows of a key that intersect (start <= other end and end >=
 * other start, Flink's TimeWindow.intersects) merge, so a row arriving between
 * two sessions bridges them into one. A session fires once, when the
 * watermark reaches its end - 1.
 *
 * Window aggregation whose aggregates all merge accumulators (COUNT, SUM,
 * AVG, MIN, MAX, …; Flink's merging window aggregation) accumulates eagerly:
 * one node per session with its accumulators inline (window/window-node.ts),
 * and a row that bridges sessions merges their accumulators into one. Where
 * an aggregate cannot merge (DISTINCT, …) and for the TVF, rows are buffered
 * per session and aggregated when it fires; merging two sessions is then a
 * concatenation. Two outputs:
 *  - 'rows' (the SESSION window TVF): every buffered row followed by
 *    window_start, window_end, window_time;
 *  - 'aggregate' (window aggregation): the group columns (input fields or
 *    window properties), then the aggregate values.
 *
 * Late rows: a row whose session (after merging) has an end - 1 at or before
 * the current watermark is dropped and counted in numLateRecordsDropped.
 *
 * State 'session-windows' per key (buffered): {s: starts, e: ends, r: rows per
 * session, f: pending fire ends}; the FireQueue is rebuilt from `f` on open.
 * State 'session-accumulators' per key (eager): the newest session node,
 * linked to the others; the FireQueue is rebuilt from the nodes' ends. An
 * eager session whose end moves is queued again at its new end; the old
 * entry finds no session ending there when it pops.
 */
import { Batch } from '../batch.ts';
import type { Operator, OperatorContext, Output, TimeDomain } from '../operator.ts';
import { RowKind, type Row } from '../row.ts';
import type { StateKey, ValueState } from '../../state/api.ts';
import { createAggregate, type AggCall, type AggImpl } from '../aggregates/index.ts';
import { localToUtc, utcToLocal } from '../../types/temporal.ts';
import { FireQueue } from '../window/fire-queue.ts';
import { fuseAccumulate, fuseCreate, type AccumulateAll, type CreateAll } from '../window/agg-runner.ts';
import { compileWindowNodes, type WinNode, type WindowNodes } from '../window/window-node.ts';
import { EMIT_BATCH, type WindowOutKey } from './window-aggregate.ts';

export interface SessionWindowParams {
  readonly key: (row: Row) => StateKey;
  readonly gap: number;
  readonly timeIndex: number;
  readonly proctime: boolean;
  readonly ltz: boolean;
  readonly timeZone: string;
  /** Absent: output the rows with the window columns (the TVF). */
  readonly aggregate?: { readonly outKeys: readonly WindowOutKey[]; readonly aggs: readonly AggCall[] } | undefined;
}

interface Sessions {
  s: number[];
  e: number[];
  r: Row[][];
  f: number[];
}

export const SESSION_STATE = { name: 'session-windows', description: 'per key: open sessions with their rows and pending ends' };
export const SESSION_ACC_STATE = { name: 'session-accumulators', description: 'per key: open sessions with their accumulators' };

export class SessionWindow implements Operator {
  private readonly p: SessionWindowParams;
  private readonly impls: AggImpl[];
  private readonly accumulateAll: AccumulateAll;
  private readonly createAll: CreateAll;
  private state!: ValueState<Sessions>;
  private ctx!: OperatorContext;
  private readonly queue = new FireQueue();
  private late!: { inc(n?: number): void };
  private nullTime!: { inc(n?: number): void };
  private pending: Row[] = [];
  /** Where fired rows go while firing. */
  private out: Output | undefined;
  /** Set when every aggregate merges: sessions accumulate eagerly (see the header). */
  private readonly eager: WindowNodes | undefined;
  private nodes!: ValueState<WinNode>;

  constructor(params: SessionWindowParams) {
    this.p = params;
    const calls = params.aggregate?.aggs ?? [];
    this.impls = calls.map((c) => createAggregate(c, { retracts: false }));
    this.accumulateAll = fuseAccumulate(this.impls);
    this.createAll = fuseCreate(this.impls);
    const nodes = params.aggregate ? compileWindowNodes(calls, this.impls, { outKeys: params.aggregate.outKeys }) : undefined;
    this.eager = nodes?.mergeable ? nodes : undefined;
  }

  /** Whether sessions accumulate eagerly (for tests). */
  get accumulating(): boolean {
    return this.eager !== undefined;
  }

  open(ctx: OperatorContext): void {
    this.ctx = ctx;
    this.late = ctx.metrics.counter('numLateRecordsDropped');
    this.nullTime = ctx.metrics.counter('numNullRowTimeRecordsDropped');
    if (this.eager) {
      const nodes = this.eager;
      this.nodes = ctx.keyedState.valueState<WinNode>(SESSION_ACC_STATE);
      for (const [key, head] of [...this.nodes.entries()]) {
        // restored nodes are plain objects: back to the generated shape
        let first: WinNode | null = null;
        let last: WinNode | null = null;
        for (let x: WinNode | null = head; x !== null; x = x.n) {
          const c = nodes.copy(x);
          if (last === null) first = c;
          else last.n = c;
          last = c;
          this.schedule(x.e, key);
        }
        this.nodes.put(key, first!);
      }
      return;
    }
    this.state = ctx.keyedState.valueState<Sessions>(SESSION_STATE);
    for (const [key, entry] of this.state.entries()) for (const end of entry.f) this.schedule(end, key);
  }

  private trigger(end: number): number {
    return (this.p.ltz ? localToUtc(end, this.p.timeZone) : end) - 1;
  }

  private schedule(end: number, key: StateKey): void {
    const before = this.queue.size;
    this.queue.add(end, key);
    if (this.p.proctime && this.queue.size !== before) this.ctx.timers.registerProcessingTimeTimer(0, this.trigger(end));
  }

  processBatch(batch: Batch, _input: number, _out: Output): void {
    if (this.eager) {
      this.accumulateBatch(batch, this.eager);
      return;
    }
    const p = this.p;
    const gap = p.gap;
    const state = this.state;
    const wm = p.proctime ? Number.MIN_SAFE_INTEGER : this.ctx.timers.currentWatermark();
    const now = p.proctime ? this.ctx.timers.currentProcessingTime() : 0;
    for (const row of batch.rows) {
      let ts: number;
      if (p.proctime) ts = now;
      else {
        const v = row[p.timeIndex];
        if (v === null || v === undefined) {
          this.nullTime.inc();
          continue;
        }
        ts = v as number;
      }
      const local = p.ltz ? utcToLocal(ts, p.timeZone) : ts;
      const key = p.key(row);
      let start = local;
      let end = local + gap;
      let entry = state.get(key);
      let hits = 0;
      let hit = -1;
      if (entry !== undefined) {
        const { s, e } = entry;
        for (let i = 0; i < s.length; i++) {
          if (s[i]! <= end && e[i]! >= start) {
            hits++;
            hit = i;
            if (s[i]! < start) start = s[i]!;
            if (e[i]! > end) end = e[i]!;
          }
        }
      }
      if (this.trigger(end) <= wm) {
        this.late.inc();
        continue;
      }
      if (entry === undefined) {
        entry = { s: [], e: [], r: [], f: [] };
        state.put(key, entry);
      }
      if (hits === 1) {
        // the common case: the row extends one session
        const i = hit;
        entry.r[i]!.push(row);
        if (entry.e[i] !== end) this.moveEnd(entry, entry.e[i]!, end, key);
        entry.s[i] = start;
        entry.e[i] = end;
        continue;
      }
      const rows: Row[] = [];
      for (let i = entry.s.length - 1; i >= 0; i--) {
        if (entry.s[i]! >= start && entry.e[i]! <= end) {
          const old = entry.e[i]!;
          for (const r of entry.r[i]!) rows.push(r);
          entry.s.splice(i, 1);
          entry.e.splice(i, 1);
          entry.r.splice(i, 1);
          const fi = entry.f.indexOf(old);
          if (fi >= 0 && !entry.e.includes(old)) entry.f.splice(fi, 1);
        }
      }
      rows.push(row);
      entry.s.push(start);
      entry.e.push(end);
      entry.r.push(rows);
      if (!entry.f.includes(end)) entry.f.push(end);
      this.schedule(end, key);
    }
  }

  /**
   * Eager sessions: a row joins (and extends) the session it intersects, opens one, or bridges
   * several, whose accumulators merge into one of them. A session's end that moves is scheduled
   * again; its earlier end stays in the queue and finds no session when it fires.
   */
  private accumulateBatch(batch: Batch, nodes: WindowNodes): void {
    const p = this.p;
    const gap = p.gap;
    const state = this.nodes;
    const keyOf = p.key;
    const ti = p.timeIndex;
    const ltz = p.ltz;
    const wm = p.proctime ? Number.MIN_SAFE_INTEGER : this.ctx.timers.currentWatermark();
    const now = p.proctime ? this.ctx.timers.currentProcessingTime() : 0;
    const rows = batch.rows;
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
      const local = ltz ? utcToLocal(ts, p.timeZone) : ts;
      const key = keyOf(row);
      const head = state.get(key);
      let start = local;
      let end = local + gap;
      let hits = 0;
      let hit: WinNode | null = null;
      for (let x = head ?? null; x !== null; x = x.n) {
        if (x.s <= end && x.e >= start) {
          hits++;
          hit ??= x;
          if (x.s < start) start = x.s;
          if (x.e > end) end = x.e;
        }
      }
      if ((ltz ? this.trigger(end) : end - 1) <= wm) {
        this.late.inc();
        continue;
      }
      if (hit === null) {
        const node = nodes.make(row, start, end);
        node.n = head ?? null;
        state.put(key, node);
        this.schedule(end, key);
        nodes.accumulate(node, row);
        continue;
      }
      if (hits > 1) {
        // the row bridges sessions: the others merge into `hit`
        let first: WinNode | null = head!;
        let prev: WinNode | null = null;
        for (let x: WinNode | null = head!; x !== null; ) {
          const nx: WinNode | null = x.n;
          if (x !== hit && x.s <= end && x.e >= start) {
            nodes.merge(hit, x);
            if (prev === null) first = nx;
            else prev.n = nx;
          } else prev = x;
          x = nx;
        }
        if (first !== head) state.put(key, first!);
      }
      hit.s = start;
      if (hit.e !== end) {
        hit.e = end;
        this.schedule(end, key);
      }
      nodes.accumulate(hit, row);
    }
  }

  private moveEnd(entry: Sessions, from: number, to: number, key: StateKey): void {
    const fi = entry.f.indexOf(from);
    if (fi >= 0 && entry.e.filter((x) => x === from).length <= 1) entry.f.splice(fi, 1);
    if (!entry.f.includes(to)) entry.f.push(to);
    this.schedule(to, key);
  }

  processWatermark(watermark: number, out: Output): number {
    if (!this.p.proctime) this.fireUpTo(watermark, out);
    return watermark;
  }

  onTimer(_key: StateKey, time: number, domain: TimeDomain, out: Output): void {
    if (domain === 'processing' && this.p.proctime) this.fireUpTo(time, out);
  }

  endInput(_input: number, out: Output): void {
    if (this.p.proctime) this.fireUpTo(Number.MAX_SAFE_INTEGER, out);
  }

  private fireUpTo(time: number, out: Output): void {
    this.out = out;
    const q = this.queue;
    let e: number | undefined;
    while ((e = q.peek()) !== undefined && this.trigger(e) <= time) {
      const { end, keys } = q.pop()!;
      for (const key of keys) this.fire(key, end);
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

  private fire(key: StateKey, end: number): void {
    if (this.eager) {
      this.fireNodes(key, end, this.eager);
      return;
    }
    const entry = this.state.get(key);
    if (entry === undefined) return;
    const fi = entry.f.indexOf(end);
    if (fi < 0) return;
    entry.f.splice(fi, 1);
    for (let i = entry.e.length - 1; i >= 0; i--) {
      if (entry.e[i] !== end) continue;
      this.emit(entry.s[i]!, end, entry.r[i]!);
      entry.s.splice(i, 1);
      entry.e.splice(i, 1);
      entry.r.splice(i, 1);
    }
    if (entry.s.length === 0) this.state.delete(key);
  }

  /** Emits and removes the key's eager sessions that end at `end` (none when the session moved on). */
  private fireNodes(key: StateKey, end: number, nodes: WindowNodes): void {
    const head = this.nodes.get(key);
    if (head === undefined) return;
    let first: WinNode | null = head;
    let prev: WinNode | null = null;
    for (let x: WinNode | null = head; x !== null; ) {
      const nx: WinNode | null = x.n;
      if (x.e === end) {
        this.emitNode(x, nodes);
        if (prev === null) first = nx;
        else prev.n = nx;
      } else prev = x;
      x = nx;
    }
    if (first === null) this.nodes.delete(key);
    else if (first !== head) this.nodes.put(key, first);
  }

  private emitNode(node: WinNode, nodes: WindowNodes): void {
    this.push(nodes.output(node, node, node.s, node.e, this.trigger(node.e)));
  }

  private emit(start: number, end: number, rows: readonly Row[]): void {
    const wt = this.trigger(end);
    const agg = this.p.aggregate;
    if (!agg) {
      for (const r of rows) {
        const o = r.slice();
        o.push(start, end, wt);
        this.push(o);
      }
      return;
    }
    const impls = this.impls;
    const accs = this.createAll();
    const accumulateAll = this.accumulateAll;
    for (let i = 0; i < rows.length; i++) accumulateAll(accs, rows[i]!);
    const { outKeys } = agg;
    const keyRow = rows[0]!;
    const res = new Array<unknown>(outKeys.length + impls.length);
    for (let g = 0; g < outKeys.length; g++) {
      const k = outKeys[g]!;
      res[g] = typeof k === 'number' ? keyRow[k] : k === 'window_start' ? start : k === 'window_end' ? end : wt;
    }
    for (let j = 0; j < impls.length; j++) res[outKeys.length + j] = impls[j]!.getValue(accs[j]);
    this.push(res);
  }
}
