/**
 * WindowTopN: Top-N (and deduplication) per window over window TVF or window
 * aggregation output (Flink's WindowRankOperator / WindowDeduplicateOperator):
 * the partition key includes window_start and window_end, rows are kept (the
 * top N only) until the window closes, then the rows ranked in
 * [rankStart, rankEnd] are emitted once, insert-only, with their rank
 * number when asked. A window closes when the watermark reaches its last
 * millisecond (event time) or when processing time does; rows of a window
 * that already closed are late: dropped and counted in numLateRecordsDropped.
 * Ties keep arrival order; `lastWinsTies` (keep-last deduplication) lets the
 * later of two equal rows win, as Flink's keep-last does.
 *
 * State 'window-top-n-rows': the sorted top rows per partition key (one
 * window per key); a timer at the window's close time per key.
 */
import { Batch } from '../batch.ts';
import type { MetricGroup, Operator, OperatorContext, Output, TimeDomain, TimerService } from '../operator.ts';
import type { Row } from '../row.ts';
import type { StateKey, ValueState } from '../../state/api.ts';
import { lowerBound, upperBound, type RowComparator } from './sort-compare.ts';

export interface WindowTopNParams {
  readonly key: (row: Row) => StateKey;
  readonly compare: RowComparator;
  readonly rankType: 'ROW_NUMBER' | 'RANK' | 'DENSE_RANK';
  readonly rankStart: number;
  readonly rankEnd: number;
  readonly outputRankNumber: boolean;
  /** The time (watermark or processing-time domain) at which a row's window closes: window end - 1 ms. */
  readonly closeTime: (row: Row) => number;
  readonly eventTime: boolean;
  readonly lastWinsTies: boolean;
}

export const WINDOW_TOP_N_STATE = { name: 'window-top-n-rows', description: 'the top rows of each (partition, window) until the window closes' };

export class WindowTopN implements Operator {
  private readonly p: WindowTopNParams;
  private state!: ValueState<Row[]>;
  private timers!: TimerService;
  private late!: ReturnType<MetricGroup['counter']>;

  constructor(params: WindowTopNParams) {
    this.p = params;
  }

  open(ctx: OperatorContext): void {
    this.state = ctx.keyedState.valueState<Row[]>(WINDOW_TOP_N_STATE);
    this.timers = ctx.timers;
    this.late = ctx.metrics.counter('numLateRecordsDropped');
  }

  processBatch(batch: Batch, _input: number, _out: Output): void {
    const { key, compare: cmp, rankEnd, closeTime, eventTime, lastWinsTies } = this.p;
    const rowNumber = this.p.rankType === 'ROW_NUMBER';
    const now = eventTime ? this.timers.currentWatermark() : this.timers.currentProcessingTime();
    for (const row of batch.rows) {
      const t = closeTime(row);
      if (t <= now) {
        this.late.inc();
        continue;
      }
      const k = key(row);
      let buf = this.state.get(k);
      if (buf === undefined) {
        buf = [];
        this.state.put(k, buf);
        if (eventTime) this.timers.registerEventTimeTimer(k, t);
        else this.timers.registerProcessingTimeTimer(k, t);
      }
      if (rowNumber && buf.length >= rankEnd) {
        const c = cmp(row, buf[rankEnd - 1]!);
        if (c > 0 || (c === 0 && !lastWinsTies)) continue;
      }
      buf.splice(lastWinsTies ? lowerBound(buf, row, cmp) : upperBound(buf, row, cmp), 0, row);
      if (rowNumber && buf.length > rankEnd) buf.length = rankEnd;
    }
  }

  onTimer(key: StateKey, _time: number, _domain: TimeDomain, out: Output): void {
    const buf = this.state.get(key);
    if (buf === undefined) return;
    this.state.delete(key);
    this.fire(buf, out);
  }

  endInput(_input: number, out: Output): void {
    // Processing-time windows still open when a bounded input ends fire now.
    const rest = [...this.state.entries()];
    for (const [k, buf] of rest) {
      this.state.delete(k);
      this.fire(buf, out);
    }
  }

  private fire(buf: readonly Row[], out: Output): void {
    const { compare: cmp, rankStart, rankEnd, rankType, outputRankNumber } = this.p;
    const rows: Row[] = [];
    let rank = 0;
    for (let i = 0; i < buf.length; i++) {
      if (rankType === 'ROW_NUMBER') rank = i + 1;
      else if (i === 0 || cmp(buf[i - 1]!, buf[i]!) !== 0) rank = rankType === 'RANK' ? i + 1 : rank + 1;
      if (rank > rankEnd) break;
      if (rank < rankStart) continue;
      if (outputRankNumber) {
        const r = buf[i]!.slice();
        r.push(rank);
        rows.push(r);
      } else rows.push(buf[i]!);
    }
    if (rows.length) out.emit(Batch.inserts(rows));
  }
}
