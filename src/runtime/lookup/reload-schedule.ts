/**
 * When a FULL lookup cache loads next (Flink's PeriodicCacheReloadTrigger and
 * TimedCacheReloadTrigger), as a pure function of the load times. Flink
 * reloads on a timer thread; Weir reloads on the first lookup at or after the
 * due time, on the task's thread, so a probe row never sees a half-built
 * table and the job needs no extra thread. Times are epoch milliseconds.
 */
import { localToUtc, utcToLocal } from '../../types/temporal.ts';
import type { ReloadStrategy } from './lookup-cache-spec.ts';

const DAY = 86_400_000;

export class ReloadSchedule {
  private readonly strategy: ReloadStrategy;
  /** The first scheduled time: the first load's start (PERIODIC) or the first time of day after it (TIMED). */
  private anchor: number | undefined;

  constructor(strategy: ReloadStrategy) {
    this.strategy = strategy;
  }

  /** The time the load after the one that ran over [loadStart, loadEnd] is due. */
  next(loadStart: number, loadEnd: number): number {
    const s = this.strategy;
    switch (s.kind) {
      case 'PERIODIC': {
        if (s.scheduleMode === 'FIXED_DELAY') return loadEnd + s.intervalMs;
        this.anchor ??= loadStart;
        // the first start of the fixed-rate schedule after this load started
        const n = Math.floor((loadStart - this.anchor) / s.intervalMs) + 1;
        return this.anchor + n * s.intervalMs;
      }
      case 'TIMED': {
        this.anchor ??= this.firstOccurrence(loadStart, s);
        if (this.anchor > loadStart) return this.anchor;
        const local = this.toLocal(this.anchor, s);
        const periodDays = s.intervalInDays;
        // local days are counted so that the time of day holds across DST changes
        let n = Math.floor((this.toLocal(loadStart, s) - local) / (periodDays * DAY)) + 1;
        let t = this.toUtc(local + n * periodDays * DAY, s);
        while (t <= loadStart) t = this.toUtc(local + ++n * periodDays * DAY, s);
        return t;
      }
    }
  }

  private firstOccurrence(after: number, s: Extract<ReloadStrategy, { kind: 'TIMED' }>): number {
    const local = this.toLocal(after, s);
    let day = Math.floor(local / DAY) * DAY;
    let t = this.toUtc(day + s.timeOfDayMs, s);
    while (t <= after) {
      day += DAY;
      t = this.toUtc(day + s.timeOfDayMs, s);
    }
    return t;
  }

  private toLocal(utc: number, s: Extract<ReloadStrategy, { kind: 'TIMED' }>): number {
    return s.offsetMs !== null ? utc + s.offsetMs : utcToLocal(utc, s.zone);
  }

  private toUtc(local: number, s: Extract<ReloadStrategy, { kind: 'TIMED' }>): number {
    return s.offsetMs !== null ? local - s.offsetMs : localToUtc(local, s.zone);
  }
}
