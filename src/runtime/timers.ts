/**
 * The timer service of one operator subtask (Flink's InternalTimerService):
 * keyed event-time and processing-time timers, each (key, time) at most once,
 * kept in a per-key Map of time sets (the state, snapshotted by key group)
 * plus a binary min-heap by time for firing. Deletions are lazy: a popped heap
 * entry fires only if it is still registered. The task calls
 * `advanceWatermark` (fires event-time timers <= watermark, in time order,
 * BEFORE the operator's processWatermark) and `advanceProcessingTime`.
 */
import type { StateKey } from '../state/api.ts';
import type { TimerService } from './operator.ts';
import type { StateSnapshot } from '../state/snapshot.ts';
import { snapshotMap } from '../state/backends/heap/heap-keyed-state-store.ts';
import { keyGroupRangeContains, type KeyGroupRange } from '../state/key-groups.ts';
import { MIN_WATERMARK } from './watermark.ts';

class TimerQueue {
  /**
   * key → registered times (the source of truth): the time itself while a key
   * has one timer (the usual case: no Set allocated per key), a Set for several.
   */
  private readonly byKey = new Map<StateKey, number | Set<number>>();
  /** Binary min-heap by time (for timers registered out of order). */
  private times: number[] = [];
  private keys: StateKey[] = [];
  /**
   * Timers registered in non-decreasing time order (the usual case: a cleanup
   * or window timer at row time + a constant) go to this sorted FIFO instead,
   * O(1) each way; the earliest timer is the smaller of its head and the heap's top.
   */
  private runTimes: number[] = [];
  private runKeys: StateKey[] = [];
  private runHead = 0;

  get size(): number {
    return this.times.length + this.runTimes.length - this.runHead;
  }

  /** Number of keys with at least one registered timer. */
  get keyCount(): number {
    return this.byKey.size;
  }

  register(key: StateKey, time: number): void {
    const s = this.byKey.get(key);
    if (s === undefined) this.byKey.set(key, time);
    else if (typeof s === 'number') {
      if (s === time) return;
      this.byKey.set(key, new Set([s, time]));
    } else {
      if (s.has(time)) return;
      s.add(time);
    }
    const rt = this.runTimes;
    if (rt.length === this.runHead || time >= rt[rt.length - 1]!) {
      rt.push(time);
      this.runKeys.push(key);
    } else this.pushHeap(key, time);
  }

  delete(key: StateKey, time: number): void {
    const s = this.byKey.get(key);
    if (s === undefined) return;
    if (typeof s === 'number') {
      if (s === time) this.byKey.delete(key);
      return;
    }
    if (!s.delete(time)) return;
    if (s.size === 1) this.byKey.set(key, s.values().next().value!);
    else if (s.size === 0) this.byKey.delete(key);
  }

  private has(key: StateKey, time: number): boolean {
    const s = this.byKey.get(key);
    return s === time || (typeof s === 'object' && s.has(time));
  }

  /** Drops deleted entries at the front of the run and the top of the heap. */
  private dropStale(): void {
    // (shiftRun may replace the arrays: no local copies)
    while (this.runHead < this.runTimes.length && !this.has(this.runKeys[this.runHead]!, this.runTimes[this.runHead]!)) this.shiftRun();
    while (this.times.length > 0 && !this.has(this.keys[0]!, this.times[0]!)) this.popHeap();
  }

  private shiftRun(): void {
    const h = this.runHead;
    this.runKeys[h] = undefined as unknown as StateKey;
    this.runHead = h + 1;
    const n = this.runTimes.length;
    if (this.runHead === n) {
      this.runTimes = [];
      this.runKeys = [];
      this.runHead = 0;
    } else if (this.runHead > 1024 && this.runHead * 2 > n) {
      this.runTimes = this.runTimes.slice(this.runHead);
      this.runKeys = this.runKeys.slice(this.runHead);
      this.runHead = 0;
    }
  }

  /** True when the earliest timer is the run's head (after dropStale). */
  private runFirst(): boolean {
    if (this.runHead === this.runTimes.length) return false;
    return this.times.length === 0 || this.runTimes[this.runHead]! <= this.times[0]!;
  }

  /** Earliest registered time, or undefined. Drops stale entries. */
  peekTime(): number | undefined {
    this.dropStale();
    if (this.runFirst()) return this.runTimes[this.runHead]!;
    return this.times.length > 0 ? this.times[0]! : undefined;
  }

  /** Pops the earliest timer if its time <= limit; calls fire. Returns false when none. */
  pollUpTo(limit: number, fire: (key: StateKey, time: number) => void): boolean {
    this.dropStale();
    let key: StateKey;
    let t: number;
    if (this.runFirst()) {
      t = this.runTimes[this.runHead]!;
      if (t > limit) return false;
      key = this.runKeys[this.runHead]!;
      this.shiftRun();
    } else {
      if (this.times.length === 0) return false;
      t = this.times[0]!;
      if (t > limit) return false;
      key = this.keys[0]!;
      this.popHeap();
    }
    this.delete(key, t);
    fire(key, t);
    return true;
  }

  /** Per key a Set of times (the snapshot format does not depend on the single-time shortcut). */
  snapshot(name: string, maxParallelism: number): StateSnapshot {
    const sets = new Map<StateKey, Set<number>>();
    for (const [k, v] of this.byKey) sets.set(k, typeof v === 'number' ? new Set([v]) : v);
    return snapshotMap(name, 'timers', sets as Map<StateKey, unknown>, maxParallelism);
  }

  restore(st: StateSnapshot, range: KeyGroupRange): void {
    for (const kg of st.keyGroups) {
      if (!keyGroupRangeContains(range, kg.keyGroup)) continue;
      for (const [k, v] of kg.entries) {
        if (typeof v === 'number') this.register(k, v);
        else for (const t of v as Iterable<number>) this.register(k, t);
      }
    }
  }

  private pushHeap(key: StateKey, time: number): void {
    const ts = this.times;
    const ks = this.keys;
    let i = ts.length;
    ts.push(time);
    ks.push(key);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (ts[p]! <= time) break;
      ts[i] = ts[p]!;
      ks[i] = ks[p]!;
      i = p;
    }
    ts[i] = time;
    ks[i] = key;
  }

  private popHeap(): void {
    const ts = this.times;
    const ks = this.keys;
    const lastT = ts.pop()!;
    const lastK = ks.pop()!;
    const n = ts.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && ts[r]! < ts[l]! ? r : l;
      if (ts[c]! >= lastT) break;
      ts[i] = ts[c]!;
      ks[i] = ks[c]!;
      i = c;
    }
    ts[i] = lastT;
    ks[i] = lastK;
  }
}

export const EVENT_TIMERS_STATE = '_timers/event-time';
export const PROCESSING_TIMERS_STATE = '_timers/processing-time';

export class HeapTimerService implements TimerService {
  private readonly event = new TimerQueue();
  private readonly processing = new TimerQueue();
  private watermark = MIN_WATERMARK;
  private readonly clock: () => number;

  constructor(clock: () => number = Date.now) {
    this.clock = clock;
  }

  registerEventTimeTimer(key: StateKey, time: number): void {
    this.event.register(key, time);
  }
  deleteEventTimeTimer(key: StateKey, time: number): void {
    this.event.delete(key, time);
  }
  registerProcessingTimeTimer(key: StateKey, time: number): void {
    this.processing.register(key, time);
  }
  deleteProcessingTimeTimer(key: StateKey, time: number): void {
    this.processing.delete(key, time);
  }
  currentWatermark(): number {
    return this.watermark;
  }
  currentProcessingTime(): number {
    return this.clock();
  }

  get hasEventTimers(): boolean {
    return this.event.keyCount > 0;
  }

  /** Sets the watermark and fires every event-time timer <= it (including ones registered while firing). */
  advanceWatermark(watermark: number, fire: (key: StateKey, time: number) => void): void {
    this.watermark = watermark;
    while (this.event.pollUpTo(watermark, fire));
  }

  /** Fires processing-time timers <= now. */
  advanceProcessingTime(now: number, fire: (key: StateKey, time: number) => void): void {
    while (this.processing.pollUpTo(now, fire));
  }

  /** The earliest processing-time timer, to schedule a wake-up. */
  nextProcessingTime(): number | undefined {
    return this.processing.peekTime();
  }

  snapshot(maxParallelism: number): StateSnapshot[] {
    return [this.event.snapshot(EVENT_TIMERS_STATE, maxParallelism), this.processing.snapshot(PROCESSING_TIMERS_STATE, maxParallelism)];
  }

  /** Restores the key groups in `range` from the timer states found in the given snapshots. */
  restore(states: readonly StateSnapshot[], range: KeyGroupRange): void {
    for (const st of states) {
      if (st.name === EVENT_TIMERS_STATE) this.event.restore(st, range);
      else if (st.name === PROCESSING_TIMERS_STATE) this.processing.restore(st, range);
    }
  }
}
