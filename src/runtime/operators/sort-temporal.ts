/**
 * TemporalSort: ORDER BY a rowtime attribute (ascending) and then other keys,
 * on an insert-only stream (Flink's RowTimeSortOperator). Rows wait until the
 * watermark passes their rowtime and come out in rowtime order, rows of equal
 * rowtime sorted by the remaining keys (ties in arrival order). Rows not after
 * the current watermark are late: dropped and counted. Runs on one subtask;
 * state and timers live under a single key.
 */
import { Batch } from '../batch.ts';
import type { MetricGroup, Operator, OperatorContext, Output, TimerService } from '../operator.ts';
import type { Row } from '../row.ts';
import type { MapState, StateKey } from '../../state/api.ts';
import type { RowComparator } from './sort-compare.ts';

export interface TemporalSortParams {
  readonly timeIndex: number;
  /** Orders rows of equal rowtime. */
  readonly secondary: RowComparator;
}

const KEY = 0;
export const TEMPORAL_SORT_STATE = { name: 'temporal-sort-rows', description: 'rows waiting for the watermark, by rowtime' };

export class TemporalSort implements Operator {
  private readonly p: TemporalSortParams;
  private rows!: MapState<number, Row[]>;
  private timers!: TimerService;
  private late!: ReturnType<MetricGroup['counter']>;
  constructor(params: TemporalSortParams) {
    this.p = params;
  }

  open(ctx: OperatorContext): void {
    this.rows = ctx.keyedState.mapState<number, Row[]>(TEMPORAL_SORT_STATE);
    this.timers = ctx.timers;
    this.late = ctx.metrics.counter('numLateRecordsDropped');
  }

  processBatch(batch: Batch, _input: number, _out: Output): void {
    const wm = this.timers.currentWatermark();
    for (const row of batch.rows) {
      const ts = row[this.p.timeIndex] as number | null;
      if (ts === null || ts <= wm) {
        this.late.inc();
        continue;
      }
      const list = this.rows.get(KEY, ts);
      if (list) list.push(row);
      else {
        this.rows.put(KEY, ts, [row]);
        this.timers.registerEventTimeTimer(KEY, ts);
      }
    }
  }

  onTimer(_key: StateKey, time: number, _domain: string, out: Output): void {
    const list = this.rows.get(KEY, time);
    if (!list) return;
    this.rows.remove(KEY, time);
    out.emit(Batch.inserts(list.sort(this.p.secondary)));
  }
}
