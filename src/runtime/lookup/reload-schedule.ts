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
  /** The first load's start (PERIODIC), or the wall-clock time of the first time of day after it (TIMED). */
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
        // wall-clock time of the first occurrence; later ones are whole local days after it (the time of day holds across DST)
        const first = (this.anchor ??= this.firstOccurrence(loadStart, s));
        const period = s.intervalInDays * DAY;
        let n = Math.max(0, Math.floor((this.toLocal(loadStart, s) - first) / period));
        let t = this.toUtc(first + n * period, s);
        while (t <= loadStart) t = this.toUtc(first + ++n * period, s);
        return t;
      }
    }
  }

  /** The wall-clock ms of the first time of day whose instant is after `after`. */
  private firstOccurrence(after: number, s: Extract<ReloadStrategy, { kind: 'TIMED' }>): number {
    let local = Math.floor(this.toLocal(after, s) / DAY) * DAY + s.timeOfDayMs;
    while (this.toUtc(local, s) <= after) local += DAY;
    return local;
  }

  private toLocal(utc: number, s: Extract<ReloadStrategy, { kind: 'TIMED' }>): number {
    return s.offsetMs !== null ? utc + s.offsetMs : utcToLocal(utc, s.zone);
  }

  private toUtc(local: number, s: Extract<ReloadStrategy, { kind: 'TIMED' }>): number {
    return s.offsetMs !== null ? local - s.offsetMs : localToUtc(local, s.zone);
  }
}
