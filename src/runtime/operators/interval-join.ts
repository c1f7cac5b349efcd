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
 * Output is insert-only. Per join key, each side's cache is the row itself
 * while there is one (the usual case: keys hold a row or two for a few
 * seconds), its time and joined flag in the key's state, else a RowSet: the
 * rows in arrival order with their times and, on an outer side, "joined"
 * flags. A scan beats a Map of time groups, and touching and allocating less
 * matters most here: with periodic watermarks the cache spans the watermark's
 * lag, far beyond the CPU caches, so probing and expiring read times from the
 * key's state (or the RowSet's time array) and touch a cached row only when
 * it joins or is padded.
 *
 * Cleanup timers are the operator's own (a TimeKeyQueue, fired in
 * processWatermark, which the task calls right where it would fire timers):
 * their times live in the key's state (`lt`/`rt`, as Flink's timer states),
 * so a queued (time, key) is live only while the key's state still names that
 * time, and the queue is rebuilt from the state after a restore. This saves
 * the generic timer service's per-key bookkeeping on every row.
 */
import { Batch } from '../batch.ts';
import type { Operator, OperatorContext, Output, TimerService } from '../operator.ts';
import { RowKind, type Row } from '../row.ts';
import type { StateKey, ValueState } from '../../state/api.ts';
import { MAX_WATERMARK } from '../watermark.ts';
import type { JoinType } from './streaming-join.ts';
import { TimeKeyQueue } from '../time-key-queue.ts';

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

/** Several cached rows of one side, in arrival order, with their times; `joined` only on an outer side. */
interface RowSet {
  rows: Row[];
  times: number[];
  joined: boolean[] | null;
}

/** One side's cache of a key: nothing, one row (the row array itself) or a RowSet. */
type SideCache = Row | RowSet | null;

/** `lf`/`rf`: the single cached row never joined / joined, or the cache is a RowSet. */
const SINGLE = 0;
const SINGLE_JOINED = 1;
const SET = 2;

/** All state of one join key, in one entry (one lookup per row). Timer names follow Flink's. */
interface KeyState {
  /** Cached left rows. */
  l: SideCache;
  /** SINGLE, SINGLE_JOINED (outer joins) or SET: what `l` holds (SINGLE when null). */
  lf: number;
  /** The time of the single cached left row. */
  lT: number;
  r: SideCache;
  rf: number;
  rT: number;
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
  /** Cleanup timers as (time, key) pairs; the caller checks each popped pair against the key's state. */
  private readonly cleanups = new TimeKeyQueue<StateKey>();
  private readonly fireCleanUp = (time: number, key: StateKey): void => this.onCleanUp(key, time);

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
    // after a restore: the cleanup times are in the keys' state
    for (const [key, stored] of this.state.entries()) {
      const ks = this.upgrade(stored);
      if (ks !== stored) this.state.put(key, ks);
      if (ks.lt !== null) this.cleanups.push(ks.lt, key);
      if (ks.rt !== null && ks.rt !== ks.lt) this.cleanups.push(ks.rt, key);
    }
  }

  /**
   * A key state restored from a snapshot of an earlier version: each side a Map from row time to
   * {row, emitted} entries; an array of rows with an array of flags `le`/`re`; or the row itself or
   * a RowSet without times, with the single row's flag in `lj`/`rj`.
   */
  private upgrade(ks: KeyState): KeyState {
    if (typeof (ks as { lf?: unknown }).lf === 'number') return ks;
    const old = ks as unknown as { l: unknown; r: unknown; le?: boolean[] | null; re?: boolean[] | null; lj?: boolean; rj?: boolean; lt: number | null; rt: number | null };
    const side = (c: unknown, flags: boolean[] | null | undefined, single: boolean | undefined, outer: boolean, timeIdx: number): { cache: SideCache; f: number; t: number } => {
      const rows: Row[] = [];
      const joined: boolean[] = [];
      if (c instanceof Map) {
        for (const list of (c as Map<number, { row: Row; emitted: boolean }[]>).values()) {
          for (const e of list) {
            rows.push(e.row);
            joined.push(e.emitted);
          }
        }
      } else if (Array.isArray(c) && single !== undefined) {
        rows.push(c as Row);
        joined.push(single);
      } else if (Array.isArray(c)) {
        (c as Row[]).forEach((r, i) => {
          rows.push(r);
          joined.push(flags?.[i] === true);
        });
      } else if (c !== null && typeof c === 'object') {
        const set = c as { rows: Row[]; joined: boolean[] | null };
        set.rows.forEach((r, i) => {
          rows.push(r);
          joined.push(set.joined?.[i] === true);
        });
      }
      if (rows.length === 0) return { cache: null, f: SINGLE, t: 0 };
      if (rows.length === 1) return { cache: rows[0]!, f: joined[0] ? SINGLE_JOINED : SINGLE, t: rows[0]![timeIdx] as number };
      return { cache: { rows, times: rows.map((r) => r[timeIdx] as number), joined: outer ? joined : null }, f: SET, t: 0 };
    };
    const l = side(old.l, old.le, old.lj, this.leftOuter, this.p.leftTime);
    const r = side(old.r, old.re, old.rj, this.rightOuter, this.p.rightTime);
    return { l: l.cache, lf: l.f, lT: l.t, r: r.cache, rf: r.f, rT: r.t, lt: old.lt, rt: old.rt };
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
    let ks = this.state.get(key);
    if (this.rightExpirationTime < hi) {
      this.rightExpirationTime = this.expiration(this.rightRelativeSize);
      if (ks !== undefined && ks.r !== null) emitted = this.probe(row, lo, hi, ks, false, this.rightExpirationTime);
    }
    if (this.operatorTime < hi) {
      if (ks === undefined) {
        ks = { l: row, lf: emitted ? SINGLE_JOINED : SINGLE, lT: t, r: null, rf: SINGLE, rT: 0, lt: null, rt: null };
        this.state.put(key, ks);
      } else {
        const c = ks.l;
        if (c === null) {
          ks.l = row;
          ks.lf = emitted ? SINGLE_JOINED : SINGLE;
          ks.lT = t;
        } else if (ks.lf !== SET) {
          ks.l = { rows: [c as Row, row], times: [ks.lT, t], joined: this.leftOuter ? [ks.lf === SINGLE_JOINED, emitted] : null };
          ks.lf = SET;
        } else {
          const s = c as RowSet;
          s.rows.push(row);
          s.times.push(t);
          s.joined?.push(emitted);
        }
      }
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
    let ks = this.state.get(key);
    if (this.leftExpirationTime < hi) {
      this.leftExpirationTime = this.expiration(this.leftRelativeSize);
      if (ks !== undefined && ks.l !== null) emitted = this.probe(row, lo, hi, ks, true, this.leftExpirationTime);
    }
    if (this.operatorTime < hi) {
      if (ks === undefined) {
        ks = { l: null, lf: SINGLE, lT: 0, r: row, rf: emitted ? SINGLE_JOINED : SINGLE, rT: t, lt: null, rt: null };
        this.state.put(key, ks);
      } else {
        const c = ks.r;
        if (c === null) {
          ks.r = row;
          ks.rf = emitted ? SINGLE_JOINED : SINGLE;
          ks.rT = t;
        } else if (ks.rf !== SET) {
          ks.r = { rows: [c as Row, row], times: [ks.rT, t], joined: this.rightOuter ? [ks.rf === SINGLE_JOINED, emitted] : null };
          ks.rf = SET;
        } else {
          const s = c as RowSet;
          s.rows.push(row);
          s.times.push(t);
          s.joined?.push(emitted);
        }
      }
      if (ks.lt === null) this.registerCleanUp(ks, key, t, false);
    } else if (!emitted && this.rightOuter) this.padRight(row);
  }

  /** Empties one side's cache of `ks`. */
  private static clearSide(ks: KeyState, left: boolean): void {
    if (left) {
      ks.l = null;
      ks.lf = SINGLE;
    } else {
      ks.r = null;
      ks.rf = SINGLE;
    }
  }

  /**
   * Joins `row` with the other side's cached rows (of key state `ks`) whose
   * time is in [lo, hi] and drops (padding, when that side is outer and they
   * never joined) the cached rows at or before `expiration`.
   * `cachedLeft`: the cache holds left rows (the probing row is a right row).
   */
  private probe(row: Row, lo: number, hi: number, ks: KeyState, cachedLeft: boolean, expiration: number): boolean {
    const cache = cachedLeft ? ks.l : ks.r;
    if (cache === null) return false;
    const cond = this.p.condition;
    const padOuter = cachedLeft ? this.leftOuter : this.rightOuter;
    const f = cachedLeft ? ks.lf : ks.rf;
    if (f !== SET) {
      const ct = cachedLeft ? ks.lT : ks.rT;
      let emitted = false;
      if (ct >= lo && ct <= hi) {
        const c = cache as Row;
        if (cond === null || (cachedLeft ? cond(c, row) : cond(row, c))) {
          if (cachedLeft) this.emitJoined(c, row);
          else this.emitJoined(row, c);
          emitted = true;
        }
      }
      if (ct <= expiration) {
        if (padOuter && !emitted && f !== SINGLE_JOINED) {
          if (cachedLeft) this.padLeft(cache as Row);
          else this.padRight(cache as Row);
        }
        IntervalJoin.clearSide(ks, cachedLeft);
      } else if (emitted) {
        if (cachedLeft) ks.lf = SINGLE_JOINED;
        else ks.rf = SINGLE_JOINED;
      }
      return emitted;
    }
    const set = cache as RowSet;
    const rows = set.rows;
    const times = set.times;
    const flags = set.joined;
    let emitted = false;
    let w = 0;
    const n = times.length;
    for (let i = 0; i < n; i++) {
      const ct = times[i]!;
      let joined = false;
      if (ct >= lo && ct <= hi) {
        const c = rows[i]!;
        if (cond === null || (cachedLeft ? cond(c, row) : cond(row, c))) {
          if (cachedLeft) this.emitJoined(c, row);
          else this.emitJoined(row, c);
          emitted = true;
          joined = true;
        }
      }
      if (ct <= expiration) {
        if (padOuter && !joined && !(flags !== null && flags[i] === true)) {
          if (cachedLeft) this.padLeft(rows[i]!);
          else this.padRight(rows[i]!);
        }
        continue;
      }
      if (w !== i) {
        rows[w] = rows[i]!;
        times[w] = ct;
      }
      if (flags !== null) flags[w] = joined || flags[i] === true;
      w++;
    }
    if (w !== n) {
      rows.length = w;
      times.length = w;
      if (flags !== null) flags.length = w;
    }
    return emitted;
  }

  private registerCleanUp(ks: KeyState, key: StateKey, rowTime: number, leftRow: boolean): void {
    if (leftRow) {
      const at = rowTime + this.leftRelativeSize + this.minCleanUpInterval + 1;
      // the same (key, time) is queued once, as a timer service deduplicates it (the firing handles both sides)
      if (ks.lt !== at) this.cleanups.push(at, key);
      ks.rt = at;
    } else {
      const at = rowTime + this.rightRelativeSize + this.minCleanUpInterval + 1;
      if (ks.rt !== at) this.cleanups.push(at, key);
      ks.lt = at;
    }
  }

  /** A cleanup timer (Flink's onTimer); stale pairs (the key's state names another time, or is gone) do nothing. */
  private onCleanUp(key: StateKey, time: number): void {
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
  }

  /** Flink's removeExpiredRows: drops expired rows and re-registers the cleanup for the earliest remaining one (or clears the side). */
  private removeExpired(ks: KeyState, key: StateKey, expiration: number, removeLeft: boolean): void {
    const cache = removeLeft ? ks.l : ks.r;
    const pad = removeLeft ? this.leftOuter : this.rightOuter;
    let earliest = -1;
    if (cache !== null) {
      const f = removeLeft ? ks.lf : ks.rf;
      if (f !== SET) {
        const t = removeLeft ? ks.lT : ks.rT;
        if (t <= expiration) {
          if (pad && f !== SINGLE_JOINED) {
            if (removeLeft) this.padLeft(cache as Row);
            else this.padRight(cache as Row);
          }
        } else earliest = t;
      } else {
        const set = cache as RowSet;
        const rows = set.rows;
        const times = set.times;
        const flags = set.joined;
        let w = 0;
        const n = times.length;
        for (let i = 0; i < n; i++) {
          const t = times[i]!;
          if (t <= expiration) {
            if (pad && !(flags !== null && flags[i] === true)) {
              if (removeLeft) this.padLeft(rows[i]!);
              else this.padRight(rows[i]!);
            }
            continue;
          }
          if (t < earliest || earliest < 0) earliest = t;
          if (w !== i) {
            rows[w] = rows[i]!;
            times[w] = t;
            if (flags !== null) flags[w] = flags[i]!;
          }
          w++;
        }
        if (w !== n) {
          rows.length = w;
          times.length = w;
          if (flags !== null) flags.length = w;
        }
      }
    }
    if (earliest > 0) {
      // a single row that is kept stays as it is; a RowSet keeps what is left
      this.registerCleanUp(ks, key, earliest, removeLeft);
    } else {
      if (removeLeft) ks.rt = null;
      else ks.lt = null;
      IntervalJoin.clearSide(ks, removeLeft);
    }
  }

  processWatermark(wm: number, out: Output): number {
    this.updateOperatorTime();
    this.cleanups.popUpTo(wm, this.fireCleanUp);
    this.flush(out);
    if (wm >= MAX_WATERMARK) return wm;
    return wm - Math.max(this.leftRelativeSize, this.rightRelativeSize);
  }
}
