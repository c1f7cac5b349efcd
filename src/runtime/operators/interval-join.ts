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
/** All state of one join key, in one entry (one lookup per row). Timer names follow Flink's. */
interface KeyState {
  l: Cache | null;
  r: Cache | null;
  /** Cleanup time registered by right rows (it cleans the right cache). */
  lt: number | null;
  /** Cleanup time registered by left rows (it cleans the left cache). */
  rt: number | null;
}

export class IntervalJoin implements Operator {
  private readonly p: IntervalJoinParams;
  private readonly leftRelativeSize: number;
  private readonly rightRelativeSize: number;
  private readonly minCleanUpInterval: number;
  private readonly leftOuter: boolean;
  private readonly rightOuter: boolean;
  private state!: ValueState<KeyState>;
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
    this.state = ctx.keyedState.valueState<KeyState>({ name: 'interval-join-caches', description: 'left and right rows by row time (with their emitted flag) and the cleanup timers' });
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
      const cache = this.state.get(key)?.r;
      if (cache) {
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
      const ks = this.keyState(key);
      let cache = ks.l;
      if (cache === null) {
        cache = new Map();
        ks.l = cache;
      }
      const list = cache.get(t);
      if (list === undefined) cache.set(t, [{ row, emitted }]);
      else list.push({ row, emitted });
      if (ks.rt === null) this.registerCleanUp(ks, key, t, true);
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
      const cache = this.state.get(key)?.l;
      if (cache) {
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
      const ks = this.keyState(key);
      let cache = ks.r;
      if (cache === null) {
        cache = new Map();
        ks.r = cache;
      }
      const list = cache.get(t);
      if (list === undefined) cache.set(t, [{ row, emitted }]);
      else list.push({ row, emitted });
      if (ks.lt === null) this.registerCleanUp(ks, key, t, false);
    } else if (!emitted && this.rightOuter) this.padRight(row);
  }

  /** A left row schedules the cleanup of the RIGHT cache... as Flink names it: the timer state of the opposite stream. */
  private keyState(key: StateKey): KeyState {
    let ks = this.state.get(key);
    if (ks === undefined) {
      ks = { l: null, r: null, lt: null, rt: null };
      this.state.put(key, ks);
    }
    return ks;
  }

  private registerCleanUp(ks: KeyState, key: StateKey, rowTime: number, leftRow: boolean): void {
    if (leftRow) {
      const at = rowTime + this.leftRelativeSize + this.minCleanUpInterval + 1;
      this.timers.registerEventTimeTimer(key, at);
      ks.rt = at;
    } else {
      const at = rowTime + this.rightRelativeSize + this.minCleanUpInterval + 1;
      this.timers.registerEventTimeTimer(key, at);
      ks.lt = at;
    }
  }

  onTimer(key: StateKey, time: number, _domain: unknown, out: Output): void {
    this.updateOperatorTime();
    const ks = this.state.get(key);
    if (ks === undefined) return;
    if (ks.lt !== null && ks.lt === time) {
      this.rightExpirationTime = this.expiration(this.rightRelativeSize);
      this.removeExpired(ks, key, this.rightExpirationTime, false);
    }
    if (ks.rt !== null && ks.rt === time) {
      this.leftExpirationTime = this.expiration(this.leftRelativeSize);
      this.removeExpired(ks, key, this.leftExpirationTime, true);
    }
    if (ks.l === null && ks.r === null && ks.lt === null && ks.rt === null) this.state.delete(key);
    this.flush(out);
  }

  private removeExpired(ks: KeyState, key: StateKey, expiration: number, removeLeft: boolean): void {
    const cache = removeLeft ? ks.l : ks.r;
    let earliest = -1;
    if (cache !== null) {
      for (const [t, list] of cache) {
        if (t <= expiration) {
          if (removeLeft && this.leftOuter) for (const c of list) if (!c.emitted) this.padLeft(c.row);
          if (!removeLeft && this.rightOuter) for (const c of list) if (!c.emitted) this.padRight(c.row);
          cache.delete(t);
        } else if (t < earliest || earliest < 0) earliest = t;
      }
    }
    if (earliest > 0) this.registerCleanUp(ks, key, earliest, removeLeft);
    else if (removeLeft) {
      ks.rt = null;
      ks.l = null;
    } else {
      ks.lt = null;
      ks.r = null;
    }
  }

  processWatermark(wm: number, out: Output): number {
    this.flush(out);
    if (wm >= MAX_WATERMARK) return wm;
    return wm - Math.max(this.leftRelativeSize, this.rightRelativeSize);
  }
}
