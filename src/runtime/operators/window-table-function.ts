/**
 * WindowTableFunction: the TUMBLE/HOP/CUMULATE window TVF on its own (Flink's
 * AlignedWindowTableFunctionOperator): each row comes out once per window it
 * belongs to, followed by window_start, window_end and window_time, at once
 * (no state, no late-row dropping, as in Flink). A row with a NULL rowtime is
 * dropped and counted (numNullRowTimeRecordsDropped). Processing time: the
 * window of the current clock.
 */
import { Batch } from '../batch.ts';
import type { Operator, OperatorContext, Output } from '../operator.ts';
import type { Row, RowKind } from '../row.ts';
import { localToUtc, utcToLocal } from '../../types/temporal.ts';
import { assignWindowEnds, windowStartOf, type AlignedWindow } from '../window/windows.ts';

export interface WindowTableFunctionParams {
  readonly window: AlignedWindow;
  readonly timeIndex: number;
  readonly proctime: boolean;
  readonly ltz: boolean;
  readonly timeZone: string;
}

export class WindowTableFunction implements Operator {
  private readonly p: WindowTableFunctionParams;
  private ctx!: OperatorContext;
  private nullTime!: { inc(n?: number): void };
  private readonly ends: number[] = [];

  constructor(params: WindowTableFunctionParams) {
    this.p = params;
  }

  open(ctx: OperatorContext): void {
    this.ctx = ctx;
    this.nullTime = ctx.metrics.counter('numNullRowTimeRecordsDropped');
  }

  processBatch(batch: Batch, _input: number, out: Output): void {
    const { window: w, timeIndex, proctime, ltz, timeZone } = this.p;
    const outRows: Row[] = [];
    const outKinds: RowKind[] = [];
    const ends = this.ends;
    const now = proctime ? this.ctx.timers.currentProcessingTime() : 0;
    for (let i = 0; i < batch.rows.length; i++) {
      const row = batch.rows[i]!;
      let ts: number;
      if (proctime) ts = now;
      else {
        const v = row[timeIndex];
        if (v === null || v === undefined) {
          this.nullTime.inc();
          continue;
        }
        ts = v as number;
      }
      const local = ltz ? utcToLocal(ts, timeZone) : ts;
      const n = assignWindowEnds(w, local, ends);
      for (let k = 0; k < n; k++) {
        const end = ends[k]!;
        const o = row.slice();
        o.push(windowStartOf(w, end), end, (ltz ? localToUtc(end, timeZone) : end) - 1);
        outRows.push(o);
        outKinds.push(batch.kinds[i]!);
      }
    }
    if (outRows.length) out.emit(new Batch(outRows, outKinds));
  }
}
