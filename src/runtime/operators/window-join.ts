/**
 * WindowJoin: the join of two window-TVF outputs on the same windows
 * (`L.window_start = R.window_start AND L.window_end = R.window_end`), with
 * the semantics of Flink's WindowJoinOperator: rows are buffered per join key
 * and window end; when the watermark reaches the window's end (its last
 * millisecond) the window's rows are joined (INNER, LEFT, RIGHT, FULL, SEMI,
 * ANTI) and the buffer dropped. A row whose window has already fired is late
 * and dropped (counted in the metric `numLateRecordsDropped`). Output is
 * insert-only; nothing is emitted before the window ends.
 */
import { Batch } from '../batch.ts';
import type { MetricGroup, Operator, OperatorContext, Output, TimerService } from '../operator.ts';
import { RowKind, type Row } from '../row.ts';
import type { StateKey, ValueState } from '../../state/api.ts';

export type WindowJoinType = 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'SEMI' | 'ANTI';

/** The state key of rows whose join key has a NULL (they never match, but outer/anti joins emit them). */
export const NO_MATCH_KEY = '\u0001no-match';

export interface WindowJoinParams {
  readonly joinType: WindowJoinType;
  readonly leftKey: (row: Row) => StateKey | undefined;
  readonly rightKey: (row: Row) => StateKey | undefined;
  readonly condition: ((left: Row, right: Row) => boolean) | null;
  /** Index of window_end in each side's row. */
  readonly leftWindowEnd: number;
  readonly rightWindowEnd: number;
  readonly leftWidth: number;
  readonly rightWidth: number;
}

interface Bucket {
  readonly left: Row[];
  readonly right: Row[];
}

export class WindowJoin implements Operator {
  private readonly p: WindowJoinParams;
  private state!: ValueState<Map<number, Bucket>>;
  private timers!: TimerService;
  private late!: ReturnType<MetricGroup['counter']>;
  private outRows: Row[] = [];

  constructor(p: WindowJoinParams) {
    this.p = p;
  }

  open(ctx: OperatorContext): void {
    this.state = ctx.keyedState.valueState<Map<number, Bucket>>({ name: 'window-join-buffers', description: 'left and right rows per window end' });
    this.timers = ctx.timers;
    this.late = ctx.metrics.counter('numLateRecordsDropped');
  }

  processBatch(batch: Batch, input: number, out: Output): void {
    const p = this.p;
    const isLeft = input === 0;
    const keyOf = isLeft ? p.leftKey : p.rightKey;
    const endIdx = isLeft ? p.leftWindowEnd : p.rightWindowEnd;
    const keepUnmatched = isLeft
      ? p.joinType === 'LEFT' || p.joinType === 'FULL' || p.joinType === 'ANTI'
      : p.joinType === 'RIGHT' || p.joinType === 'FULL';
    const wm = this.timers.currentWatermark();
    for (let i = 0; i < batch.rows.length; i++) {
      const row = batch.rows[i]!;
      const end = row[endIdx] as number | null;
      if (end === null || end === undefined) continue;
      if (end - 1 <= wm) {
        this.late.inc();
        continue;
      }
      let key = keyOf(row);
      if (key === undefined) {
        if (!keepUnmatched) continue;
        key = NO_MATCH_KEY;
      }
      let windows = this.state.get(key);
      if (windows === undefined) {
        windows = new Map();
        this.state.put(key, windows);
      }
      let b = windows.get(end);
      if (b === undefined) {
        b = { left: [], right: [] };
        windows.set(end, b);
        this.timers.registerEventTimeTimer(key, end - 1);
      }
      (isLeft ? b.left : b.right).push(row);
    }
    void out;
  }

  onTimer(key: StateKey, time: number, _domain: unknown, out: Output): void {
    const windows = this.state.get(key);
    const b = windows?.get(time + 1);
    if (windows === undefined || b === undefined) return;
    windows.delete(time + 1);
    if (windows.size === 0) this.state.delete(key);
    this.joinWindow(b, key === NO_MATCH_KEY);
    if (this.outRows.length) {
      const rows = this.outRows;
      this.outRows = [];
      out.emit(new Batch(rows, new Array<RowKind>(rows.length).fill(RowKind.INSERT)));
    }
  }

  private joinWindow(b: Bucket, noMatch: boolean): void {
    const { joinType: jt, condition: cond, leftWidth: lw, rightWidth: rw } = this.p;
    const rightMatched = jt === 'RIGHT' || jt === 'FULL' ? new Array<boolean>(b.right.length).fill(false) : null;
    for (const l of b.left) {
      let matched = false;
      if (!noMatch) {
        for (let j = 0; j < b.right.length; j++) {
          const r = b.right[j]!;
          if (cond !== null && !cond(l, r)) continue;
          matched = true;
          if (rightMatched) rightMatched[j] = true;
          if (jt === 'SEMI' || jt === 'ANTI') break;
          this.outRows.push(concat(l, r, lw, rw));
        }
      }
      if (jt === 'SEMI' && matched) this.outRows.push(l);
      else if (jt === 'ANTI' && !matched) this.outRows.push(l);
      else if ((jt === 'LEFT' || jt === 'FULL') && !matched) this.outRows.push(concat(l, null, lw, rw));
    }
    if (rightMatched) {
      for (let j = 0; j < b.right.length; j++) if (!rightMatched[j]) this.outRows.push(concat(null, b.right[j]!, lw, rw));
    }
  }
}

function concat(l: Row | null, r: Row | null, lw: number, rw: number): Row {
  const res = new Array<unknown>(lw + rw);
  for (let i = 0; i < lw; i++) res[i] = l === null ? null : l[i];
  for (let i = 0; i < rw; i++) res[lw + i] = r === null ? null : r[i];
  return res;
}
