/**
 * IntervalJoin: the event-time interval join (`l.rt BETWEEN r.rt - a AND
 * r.rt + b`), INNER/LEFT/RIGHT/FULL, with the behaviour of Flink's
 * TimeIntervalJoin / RowTimeIntervalJoin:
 *
 *  - a left row at time t joins the cached right rows with time in
 *    [t - upper, t - lower] (and the non-equi rest of the condition); a right
 *    row at time t the left rows in [t + lower, t + upper];
 *  - a row is cached while the other side's operator time (the watermark,
 *    clamped at 0) has not passed its upper bound; otherwise it is dropped
 *    (an outer row that never joined is padded right away);
 *  - rows expire when the operator time passes them by the other side's
 *    relative window size; an expired outer row that never joined is emitted
 *    padded. Expiry happens while joining and on cleanup timers, as in Flink
 *    (the expiration times are operator-wide, not per key);
 *  - the forwarded watermark is held back by the largest relative size,
 *    because rows up to that far behind it may still be emitted.
 *
 * Output is insert-only. Per join key, each side's cache maps a row time to
 * the rows at that time with an "emitted" flag.
 */
import { Batch } from '../batch.ts';
import type { Operator, OperatorContext, Output, TimerService } from '../operator.ts';
import { RowKind, type Row } from '../row.ts';
import type { StateKey, ValueState } from '../../state/api.ts';
import { MAX_WATERMARK } from '../watermark.ts';
import type { JoinType } from './streaming-join.ts';

export interface IntervalJoinParams {
  readonly joinType: JoinType;
  readonly leftKey: (row: Row) => StateKey | undefined;
  readonly rightKey: (row: Row) => StateKey | undefined;
  readonly condition: ((left: Row, right: Row) => boolean) | null;
  readonly leftTime: number;
  readonly rightTime: number;
  /** left.time >= right.time + lower */
  readonly lower: number;
  /** left.time <= right.time + upper */
  readonly upper: number;
  readonly leftWidth: number;
  readonly rightWidth: number;
}

interface Cached {
  readonly row: Row;
  emitted: boolean;
}
type Cache = Map<number, Cached[]>;

export class IntervalJoin implements Operator {
  private readonly p: IntervalJoinParams;
  private readonly leftRelativeSize: number;
  private readonly rightRelativeSize: number;
  private readonly minCleanUpInterval: number;
  private readonly leftOuter: boolean;
  private readonly rightOuter: boolean;
  private leftCache!: ValueState<Cache>;
  private rightCache!: ValueState<Cache>;
  /** Cleanup timer time for the LEFT cache (registered by right rows), per key. */
  private leftTimer!: ValueState<number>;
  private rightTimer!: ValueState<number>;
  private timers!: TimerService;
  private leftExpirationTime = 0;
  private rightExpirationTime = 0;
  private operatorTime = 0;
  private out: Row[] = [];

  constructor(p: IntervalJoinParams) {
    this.p = p;
    this.leftRelativeSize = -p.lower;
    this.rightRelativeSize = p.upper;
    this.minCleanUpInterval = Math.max(0, Math.trunc((this.leftRelativeSize + this.rightRelativeSize) / 2));
    this.leftOuter = p.joinType === 'LEFT' || p.joinType === 'FULL';
    this.rightOuter = p.joinType === 'RIGHT' || p.joinType === 'FULL';
  }

  open(ctx: OperatorContext): void {
    this.leftCache = ctx.keyedState.valueState<Cache>({ name: 'interval-join-left-cache', description: 'left rows by row time, with their emitted flag' });
    this.rightCache = ctx.keyedState.valueState<Cache>({ name: 'interval-join-right-cache', description: 'right rows by row time, with their emitted flag' });
    this.leftTimer = ctx.keyedState.valueState<number>({ name: 'interval-join-left-timer', description: 'cleanup time of the left cache' });
    this.rightTimer = ctx.keyedState.valueState<number>({ name: 'interval-join-right-timer', description: 'cleanup time of the right cache' });
    this.timers = ctx.timers;
  }

  private updateOperatorTime(): void {
    const wm = this.timers.currentWatermark();
    this.operatorTime = wm > 0 ? wm : 0;
  }

  private expiration(relativeSize: number): number {
    return this.operatorTime < MAX_WATERMARK ? this.operatorTime - relativeSize - 1 : MAX_WATERMARK;
  }

  private emitJoined(l: Row, r: Row): void {
    const lw = this.p.leftWidth;
    const rw = this.p.rightWidth;
    const res = new Array<unknown>(lw + rw);
    for (let i = 0; i < lw; i++) res[i] = l[i];
    for (let i = 0; i < rw; i++) res[lw + i] = r[i];
    this.out.push(res);
  }

  private padLeft(l: Row): void {
    const res = l.slice();
    for (let i = 0; i < this.p.rightWidth; i++) res.push(null);
    this.out.push(res);
  }

  private padRight(r: Row): void {
    const res = new Array<unknown>(this.p.leftWidth).fill(null);
    for (let i = 0; i < r.length; i++) res.push(r[i]);
    this.out.push(res);
  }

  processBatch(batch: Batch, input: number, out: Output): void {
    this.updateOperatorTime();
    const rows = batch.rows;
    for (let i = 0; i < rows.length; i++) {
      if (input === 0) this.processLeft(rows[i]!);
      else this.processRight(rows[i]!);
    }
    this.flush(out);
  }

  private flush(out: Output): void {
    if (this.out.length === 0) return;
    const rows = this.out;
    this.out = [];
    out.emit(new Batch(rows, new Array<RowKind>(rows.length).fill(RowKind.INSERT)));
  }

  private processLeft(row: Row): void {
    const p = this.p;
    const t = row[p.leftTime] as number | null;
    const key = p.leftKey(row);
    if (key === undefined || t === null || t === undefined) {
      if (this.leftOuter) this.padLeft(row);
      return;
    }
    const lo = t - this.rightRelativeSize;
    const hi = t + this.leftRelativeSize;
    let emitted = false;
    const cond = p.condition;
    if (this.rightExpirationTime < hi) {
      this.rightExpirationTime = this.expiration(this.rightRelativeSize);
      const cache = this.rightCache.get(key);
      if (cache !== undefined) {
        for (const [rt, list] of cache) {
          if (rt >= lo && rt <= hi) {
            for (const c of list) {
              if (cond === null || cond(row, c.row)) {
                this.emitJoined(row, c.row);
                emitted = true;
                c.emitted = true;
              }
            }
          }
          if (rt <= this.rightExpirationTime) {
            if (this.rightOuter) for (const c of list) if (!c.emitted) this.padRight(c.row);
            cache.delete(rt);
          }
        }
      }
    }
    if (this.operatorTime < hi) {
      let cache = this.leftCache.get(key);
      if (cache === undefined) {
        cache = new Map();
        this.leftCache.put(key, cache);
      }
      const list = cache.get(t);
      if (list === undefined) cache.set(t, [{ row, emitted }]);
      else list.push({ row, emitted });
      if (this.rightTimer.get(key) === undefined) this.registerCleanUp(key, t, true);
    } else if (!emitted && this.leftOuter) this.padLeft(row);
  }

  private processRight(row: Row): void {
    const p = this.p;
    const t = row[p.rightTime] as number | null;
    const key = p.rightKey(row);
    if (key === undefined || t === null || t === undefined) {
      if (this.rightOuter) this.padRight(row);
      return;
    }
    const lo = t - this.leftRelativeSize;
    const hi = t + this.rightRelativeSize;
    let emitted = false;
    const cond = p.condition;
    if (this.leftExpirationTime < hi) {
      this.leftExpirationTime = this.expiration(this.leftRelativeSize);
      const cache = this.leftCache.get(key);
      if (cache !== undefined) {
        for (const [lt, list] of cache) {
          if (lt >= lo && lt <= hi) {
            for (const c of list) {
              if (cond === null || cond(c.row, row)) {
                this.emitJoined(c.row, row);
                emitted = true;
                c.emitted = true;
              }
            }
          }
          if (lt <= this.leftExpirationTime) {
            if (this.leftOuter) for (const c of list) if (!c.emitted) this.padLeft(c.row);
            cache.delete(lt);
          }
        }
      }
    }
    if (this.operatorTime < hi) {
      let cache = this.rightCache.get(key);
      if (cache === undefined) {
        cache = new Map();
        this.rightCache.put(key, cache);
      }
      const list = cache.get(t);
      if (list === undefined) cache.set(t, [{ row, emitted }]);
      else list.push({ row, emitted });
      if (this.leftTimer.get(key) === undefined) this.registerCleanUp(key, t, false);
    } else if (!emitted && this.rightOuter) this.padRight(row);
  }

  /** A left row schedules the cleanup of the RIGHT cache... as Flink names it: the timer state of the opposite stream. */
  private registerCleanUp(key: StateKey, rowTime: number, leftRow: boolean): void {
    if (leftRow) {
      const at = rowTime + this.leftRelativeSize + this.minCleanUpInterval + 1;
      this.timers.registerEventTimeTimer(key, at);
      this.rightTimer.put(key, at);
    } else {
      const at = rowTime + this.rightRelativeSize + this.minCleanUpInterval + 1;
      this.timers.registerEventTimeTimer(key, at);
      this.leftTimer.put(key, at);
    }
  }

  onTimer(key: StateKey, time: number, _domain: unknown, out: Output): void {
    this.updateOperatorTime();
    const leftAt = this.leftTimer.get(key);
    if (leftAt !== undefined && leftAt === time) {
      this.rightExpirationTime = this.expiration(this.rightRelativeSize);
      this.removeExpired(key, this.rightExpirationTime, false);
    }
    const rightAt = this.rightTimer.get(key);
    if (rightAt !== undefined && rightAt === time) {
      this.leftExpirationTime = this.expiration(this.leftRelativeSize);
      this.removeExpired(key, this.leftExpirationTime, true);
    }
    this.flush(out);
  }

  private removeExpired(key: StateKey, expiration: number, removeLeft: boolean): void {
    const state = removeLeft ? this.leftCache : this.rightCache;
    const timer = removeLeft ? this.rightTimer : this.leftTimer;
    const cache = state.get(key);
    let earliest = -1;
    if (cache !== undefined) {
      for (const [t, list] of cache) {
        if (t <= expiration) {
          if (removeLeft && this.leftOuter) for (const c of list) if (!c.emitted) this.padLeft(c.row);
          if (!removeLeft && this.rightOuter) for (const c of list) if (!c.emitted) this.padRight(c.row);
          cache.delete(t);
        } else if (t < earliest || earliest < 0) earliest = t;
      }
    }
    if (earliest > 0) this.registerCleanUp(key, earliest, removeLeft);
    else {
      timer.delete(key);
      state.delete(key);
    }
  }

  processWatermark(wm: number, out: Output): number {
    this.flush(out);
    if (wm >= MAX_WATERMARK) return wm;
    return wm - Math.max(this.leftRelativeSize, this.rightRelativeSize);
  }
}
