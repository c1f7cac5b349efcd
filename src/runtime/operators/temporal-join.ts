/**
 * TemporalRowTimeJoin: the event-time temporal join `FOR SYSTEM_TIME AS OF
 * l.rowtime` against a versioned table, with the semantics of Flink's
 * TemporalRowTimeJoinOperator:
 *
 *  - left rows are buffered per join key (in arrival order) until the
 *    watermark reaches their time; then each joins the version of the right
 *    side valid at its time: the right row with the largest time <= the left
 *    time, if that row is an insert/update-after (a -U/-D version means the
 *    key had no row from then on). The result keeps the left row's kind;
 *    LEFT joins pad rows that find no valid version (or fail the condition);
 *  - right rows (versions) are kept per key by their time (a later row at the
 *    same time replaces the earlier; -U rows are dropped, the side is read as
 *    upserts, and a -D removes the key from its own time on); versions older than the newest one at
 *    or before the watermark are dropped once the watermark passes them.
 *
 * One event-time timer per key, at the smallest pending time.
 */
import { Batch } from '../batch.ts';
import type { Operator, OperatorContext, Output, TimerService } from '../operator.ts';
import { RowKind, type Row } from '../row.ts';
import type { StateKey, ValueState } from '../../state/api.ts';

export interface TemporalJoinParams {
  readonly leftOuter: boolean;
  readonly leftKey: (row: Row) => StateKey | undefined;
  readonly rightKey: (row: Row) => StateKey | undefined;
  readonly condition: ((left: Row, right: Row) => boolean) | null;
  readonly leftTime: number;
  readonly rightTime: number;
  readonly leftWidth: number;
  readonly rightWidth: number;
}

/** A buffered left row with its kind. */
interface Pending {
  readonly row: Row;
  readonly kind: RowKind;
}
/** A right version: its row and kind, by time. */
interface Version {
  readonly row: Row;
  readonly kind: RowKind;
}

export class TemporalRowTimeJoin implements Operator {
  private readonly p: TemporalJoinParams;
  private left!: ValueState<Pending[]>;
  private right!: ValueState<Map<number, Version>>;
  private timerAt!: ValueState<number>;
  private timers!: TimerService;
  private readonly rightNulls: Row;
  private outRows: Row[] = [];
  private outKinds: RowKind[] = [];

  constructor(p: TemporalJoinParams) {
    this.p = p;
    this.rightNulls = new Array<unknown>(p.rightWidth).fill(null);
  }

  open(ctx: OperatorContext): void {
    this.left = ctx.keyedState.valueState<Pending[]>({ name: 'temporal-left', description: 'probe rows waiting for the watermark, in arrival order' });
    this.right = ctx.keyedState.valueState<Map<number, Version>>({ name: 'temporal-right', description: 'versions of the versioned table by row time' });
    this.timerAt = ctx.keyedState.valueState<number>({ name: 'temporal-timer', description: 'the registered event-time timer' });
    this.timers = ctx.timers;
  }

  processBatch(batch: Batch, input: number, out: Output): void {
    const p = this.p;
    for (let i = 0; i < batch.rows.length; i++) {
      const row = batch.rows[i]!;
      const kind = batch.kinds[i]!;
      if (input === 0) {
        const k = p.leftKey(row);
        const t = row[p.leftTime] as number | null;
        if (t === null || t === undefined) continue;
        // A NULL key never finds a version (versions with NULL keys are not kept); LEFT pads it in time.
        if (k === undefined && !p.leftOuter) continue;
        const key = k === undefined ? null : k;
        const list = this.left.get(key);
        if (list === undefined) this.left.put(key, [{ row, kind }]);
        else list.push({ row, kind });
        this.registerSmallest(key, t);
      } else {
        // Update-before rows are dropped (Flink's DropUpdateBefore: the versioned side is consumed as upserts).
        if (kind === RowKind.UPDATE_BEFORE) continue;
        const key = p.rightKey(row);
        const t = row[p.rightTime] as number | null;
        if (key === undefined || t === null || t === undefined) continue;
        let versions = this.right.get(key);
        if (versions === undefined) {
          versions = new Map();
          this.right.put(key, versions);
        }
        versions.set(t, { row, kind });
        this.registerSmallest(key, t);
      }
    }
    this.flush(out);
  }

  private registerSmallest(key: StateKey, t: number): void {
    const cur = this.timerAt.get(key);
    if (cur === undefined) {
      this.timerAt.put(key, t);
      this.timers.registerEventTimeTimer(key, t);
    } else if (cur > t) {
      this.timers.deleteEventTimeTimer(key, cur);
      this.timerAt.put(key, t);
      this.timers.registerEventTimeTimer(key, t);
    }
  }

  onTimer(key: StateKey, _time: number, _domain: unknown, out: Output): void {
    this.timerAt.delete(key);
    const wm = this.timers.currentWatermark();
    const p = this.p;
    const versions = this.right.get(key);
    const sorted = versions ? [...versions.entries()].sort((a, b) => a[0] - b[0]) : [];
    let lastUnprocessed = Infinity;
    const pending = this.left.get(key);
    if (pending !== undefined) {
      const keep: Pending[] = [];
      for (const l of pending) {
        const lt = l.row[p.leftTime] as number;
        if (lt > wm) {
          keep.push(l);
          if (lt < lastUnprocessed) lastUnprocessed = lt;
          continue;
        }
        const v = latestAtOrBefore(sorted, lt);
        if (v !== undefined && (v.kind === RowKind.INSERT || v.kind === RowKind.UPDATE_AFTER) && (p.condition === null || p.condition(l.row, v.row))) {
          this.emit(l.row, v.row, l.kind);
        } else if (p.leftOuter) this.emit(l.row, this.rightNulls, l.kind);
      }
      if (keep.length) this.left.put(key, keep);
      else this.left.delete(key);
    }
    // Drop the versions older than the newest one at or before the watermark.
    if (versions !== undefined) {
      let firstNewer = sorted.findIndex(([t]) => t > wm);
      if (firstNewer < 0) firstNewer = sorted.length;
      const keepFrom = firstNewer - 1;
      for (let i = 0; i < keepFrom; i++) versions.delete(sorted[i]![0]);
      if (versions.size === 0) this.right.delete(key);
    }
    if (lastUnprocessed < Infinity) {
      this.timerAt.put(key, lastUnprocessed);
      this.timers.registerEventTimeTimer(key, lastUnprocessed);
    }
    this.flush(out);
  }

  private emit(l: Row, r: Row, kind: RowKind): void {
    const lw = this.p.leftWidth;
    const rw = this.p.rightWidth;
    const res = new Array<unknown>(lw + rw);
    for (let i = 0; i < lw; i++) res[i] = l[i];
    for (let i = 0; i < rw; i++) res[lw + i] = r[i];
    this.outRows.push(res);
    this.outKinds.push(kind);
  }

  private flush(out: Output): void {
    if (this.outRows.length === 0) return;
    out.emit(new Batch(this.outRows, this.outKinds));
    this.outRows = [];
    this.outKinds = [];
  }
}

function latestAtOrBefore(sorted: readonly (readonly [number, Version])[], t: number): Version | undefined {
  let lo = 0;
  let hi = sorted.length - 1;
  let found: Version | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const e = sorted[mid]!;
    if (e[0] <= t) {
      found = e[1];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
