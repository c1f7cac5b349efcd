/**
 * MatchRecognize: keyed by the PARTITION BY columns, runs the compiled NFA of
 * each partition (Flink's CepOperator) and emits ONE ROW PER MATCH:
 * [partition columns…, measures…], insert-only.
 *
 * Event time: a row whose rowtime is not after the current watermark is late
 * and dropped; others are buffered per partition and timestamp in keyed
 * state, with an event-time timer at watermark + 1. When it fires, buffered
 * timestamps up to the watermark are fed in order (equal timestamps in arrival
 * order, or by the secondary ORDER BY columns), then time advances to the
 * watermark (WITHIN pruning). While a partition holds rows or partial matches
 * it keeps a timer at the next watermark, as Flink's operator does.
 *
 * Processing time: rows are fed in arrival order as they come.
 */
import { Batch } from '../batch.ts';
import type { Operator, OperatorContext, Output, TimerService } from '../operator.ts';
import { RowKind, type Row } from '../row.ts';
import type { StateKey, ValueState } from '../../state/api.ts';
import { MAX_WATERMARK } from '../watermark.ts';
import type { CompiledNfa, MatchResult, NfaRun } from '../cep/nfa.ts';
import { evaluate, type RuntimeMrExpr } from '../cep/evaluate.ts';

export interface MatchRecognizeParams {
  readonly key: (row: Row) => StateKey;
  readonly partitionKeys: readonly number[];
  readonly orderIndex: number;
  readonly eventTime: boolean;
  /** Orders rows with equal rowtime (secondary ORDER BY); null = arrival order. */
  readonly compare: ((a: Row, b: Row) => number) | null;
  readonly nfa: CompiledNfa;
  readonly measures: readonly RuntimeMrExpr[];
}

interface PartitionState {
  run: NfaRun;
  /** Event time: buffered rows in arrival order (sorted by rowtime, stably, when the watermark passes them). */
  buffer: Row[] | null;
}

export const MATCH_STATE = { name: 'match-recognize', description: 'NFA partial matches and buffered rows per partition' };

export class MatchRecognize implements Operator {
  private readonly p: MatchRecognizeParams;
  private state!: ValueState<PartitionState>;
  private timers!: TimerService;
  private late = { inc: (_n?: number): void => {} };
  private readonly results: MatchResult[] = [];

  constructor(params: MatchRecognizeParams) {
    this.p = params;
  }

  open(ctx: OperatorContext): void {
    this.state = ctx.keyedState.valueState<PartitionState>(MATCH_STATE);
    this.timers = ctx.timers;
    this.late = ctx.metrics.counter('numLateRecordsDropped');
  }

  processBatch(batch: Batch, _input: number, out: Output): void {
    const { key: keyOf, orderIndex, eventTime, nfa } = this.p;
    const rows = batch.rows;
    const kinds = batch.kinds;
    const outBatch = new Batch();
    const wm = this.timers.currentWatermark();
    for (let i = 0, n = rows.length; i < n; i++) {
      if (kinds[i] !== RowKind.INSERT) continue;
      const row = rows[i]!;
      const key = keyOf(row);
      let st = this.state.get(key);
      if (eventTime) {
        const ts = row[orderIndex] as number | null;
        if (ts === null || ts <= wm) {
          this.late.inc();
          continue;
        }
        if (st === undefined) {
          st = { run: nfa.newRun(), buffer: [] };
          this.state.put(key, st);
        }
        const buffer = (st.buffer ??= []);
        if (buffer.length === 0) this.timers.registerEventTimeTimer(key, wm + 1);
        buffer.push(row);
      } else {
        if (st === undefined) {
          st = { run: nfa.newRun(), buffer: null };
          this.state.put(key, st);
        }
        const now = this.timers.currentProcessingTime();
        const res = this.results;
        nfa.process(st.run, row, now, res);
        if (res.length) this.emit(res, outBatch);
        if (st.run.partial.length === 0 && st.run.completed.length === 0) this.state.delete(key);
      }
    }
    if (outBatch.rows.length) out.emit(outBatch);
  }

  onTimer(key: StateKey, _time: number, _domain: 'event' | 'processing', out: Output): void {
    const st = this.state.get(key);
    if (st === undefined) return;
    const nfa = this.p.nfa;
    const wm = this.timers.currentWatermark();
    const res = this.results;
    const outBatch = new Batch();
    let buffer = st.buffer;
    if (buffer !== null && buffer.length > 0) {
      const oi = this.p.orderIndex;
      let ready = buffer;
      let rest: Row[] = [];
      if (buffer.some((r) => (r[oi] as number) > wm)) {
        ready = buffer.filter((r) => (r[oi] as number) <= wm);
        rest = buffer.filter((r) => (r[oi] as number) > wm);
      }
      const cmp = this.p.compare;
      // stable: equal rowtimes keep arrival order unless secondary ORDER BY columns say otherwise
      ready.sort((a, b) => (a[oi] as number) - (b[oi] as number) || (cmp !== null ? cmp(a, b) : 0));
      let last = Number.NaN;
      for (const r of ready) {
        const t = r[oi] as number;
        if (t !== last) {
          nfa.advanceTime(st.run, t, res);
          last = t;
        }
        nfa.process(st.run, r, t, res);
      }
      st.buffer = buffer = rest;
    }
    nfa.advanceTime(st.run, wm, res);
    if (res.length) this.emit(res, outBatch);
    const run = st.run;
    if ((buffer === null || buffer.length === 0) && run.partial.length === 0 && run.completed.length === 0) this.state.delete(key);
    else if (wm < MAX_WATERMARK && ((buffer !== null && buffer.length > 0) || (nfa.window > 0 && run.partial.length > 0))) {
      // Flink keeps a timer at the next watermark while a partition holds rows or partial matches; without
      // WITHIN, time alone changes nothing for partial matches, so only buffered rows need it then.
      this.timers.registerEventTimeTimer(key, wm + 1);
    }
    if (outBatch.rows.length) out.emit(outBatch);
  }

  private emit(res: MatchResult[], outBatch: Batch): void {
    const { partitionKeys, measures } = this.p;
    const np = partitionKeys.length;
    const proctime = this.timers.currentProcessingTime();
    for (const m of res) {
      const outRow = new Array<unknown>(np + measures.length);
      const any = m.tail.row;
      for (let k = 0; k < np; k++) outRow[k] = any[partitionKeys[k]!];
      for (let j = 0; j < measures.length; j++) outRow[np + j] = evaluate(measures[j]!, m.tail, null, -1, m.ts, proctime);
      outBatch.rows.push(outRow);
      outBatch.kinds.push(RowKind.INSERT);
    }
    res.length = 0;
  }
}
