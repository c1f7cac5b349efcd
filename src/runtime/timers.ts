/**
 * The timer service of one operator subtask (Flink's InternalTimerService):
 * keyed event-time and processing-time timers, each (key, time) at most once,
 * kept in a per-key Map of time sets (the state, snapshotted by key group)
 * plus a queue by time for firing (time-key-queue.ts). Deletions are lazy: a
 * popped entry fires only if it is still registered. The task calls
 * `advanceWatermark` (fires event-time timers <= watermark, in time order,
 * BEFORE the operator's processWatermark) and `advanceProcessingTime`.
 */
import type { StateKey } from '../state/api.ts';
import type { TimerService } from './operator.ts';
import type { StateSnapshot } from '../state/snapshot.ts';
import { snapshotMap } from '../state/backends/heap/heap-keyed-state-store.ts';
import { keyGroupRangeContains, type KeyGroupRange } from '../state/key-groups.ts';
import { MIN_WATERMARK } from './watermark.ts';
import { TimeKeyQueue } from './time-key-queue.ts';

class TimerQueue {
  /**
   * key → registered times (the source of truth): the time itself while a key
   * has one timer (the usual case: no Set allocated per key), a Set for several.
   */
  private readonly byKey = new Map<StateKey, number | Set<number>>();
  /**
   * Every registered (time, key) by time, stale ones included (deletions are lazy): timers
   * registered in non-decreasing time order (the usual case: a cleanup or window timer at row time
   * + a constant) cost O(1) each way.
   */
  private readonly queue = new TimeKeyQueue<StateKey>();

  get size(): number {
    return this.queue.size;
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
    this.queue.push(time, key);
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

  /** Drops deleted entries at the front of the queue. */
  private dropStale(): void {
    const q = this.queue;
    while (q.size > 0 && !this.has(q.peekKey(), q.peekTime())) q.pop();
  }

  /** Earliest registered time, or undefined. Drops stale entries. */
  peekTime(): number | undefined {
    this.dropStale();
    return this.queue.size > 0 ? this.queue.peekTime() : undefined;
  }

  /** Pops the earliest timer if its time <= limit; calls fire. Returns false when none. */
  pollUpTo(limit: number, fire: (key: StateKey, time: number) => void): boolean {
    this.dropStale();
    const q = this.queue;
    if (q.size === 0) return false;
    const t = q.peekTime();
    if (t > limit) return false;
    const key = q.peekKey();
    q.pop();
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
