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
  /** key → registered times (the source of truth). */
  readonly byKey = new Map<StateKey, Set<number>>();
  private times: number[] = [];
  private keys: StateKey[] = [];

  get size(): number {
    return this.times.length;
  }

  register(key: StateKey, time: number): void {
    let s = this.byKey.get(key);
    if (!s) this.byKey.set(key, (s = new Set()));
    else if (s.has(time)) return;
    s.add(time);
    this.pushHeap(key, time);
  }

  delete(key: StateKey, time: number): void {
    const s = this.byKey.get(key);
    if (!s || !s.delete(time)) return;
    if (s.size === 0) this.byKey.delete(key);
  }

  /** Earliest registered time, or undefined. Drops stale heap entries. */
  peekTime(): number | undefined {
    while (this.times.length > 0) {
      const t = this.times[0]!;
      const s = this.byKey.get(this.keys[0]!);
      if (s && s.has(t)) return t;
      this.popHeap();
    }
    return undefined;
  }

  /** Pops the earliest timer if its time <= limit; calls fire. Returns false when none. */
  pollUpTo(limit: number, fire: (key: StateKey, time: number) => void): boolean {
    const t = this.peekTime();
    if (t === undefined || t > limit) return false;
    const key = this.keys[0]!;
    this.popHeap();
    this.delete(key, t);
    fire(key, t);
    return true;
  }

  snapshot(name: string, maxParallelism: number): StateSnapshot {
    return snapshotMap(name, 'timers', this.byKey as Map<StateKey, unknown>, maxParallelism);
  }

  restore(st: StateSnapshot, range: KeyGroupRange): void {
    for (const kg of st.keyGroups) {
      if (!keyGroupRangeContains(range, kg.keyGroup)) continue;
      for (const [k, v] of kg.entries) for (const t of v as Iterable<number>) this.register(k, t);
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
    return this.event.byKey.size > 0;
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
