/**
 * Which cache sits in front of a lookup table and how it behaves (Flink's
 * FLIP-221 options, already parsed: catalog/lookup-options.ts reads them).
 * NONE: every lookup goes to the connector. PARTIAL: an LRU of keys with
 * optional expiry after access or write. FULL: the whole table in memory,
 * reloaded by a reload strategy.
 */

/** When a FULL cache reloads (Flink's CacheReloadTrigger kinds). */
export type ReloadStrategy =
  /** Every `intervalMs`: FIXED_DELAY from the end of the previous load, FIXED_RATE from its start. */
  | { readonly kind: 'PERIODIC'; readonly intervalMs: number; readonly scheduleMode: 'FIXED_DELAY' | 'FIXED_RATE' }
  /**
   * At a time of day, every `intervalInDays` days. The time is local to
   * `offsetMs` when the option gave an offset ('10:15Z', '10:15+07:00'),
   * else to the time zone `zone`.
   */
  | {
      readonly kind: 'TIMED';
      readonly timeOfDayMs: number;
      readonly offsetMs: number | null;
      readonly zone: string;
      readonly intervalInDays: number;
    };

export interface PartialCacheSpec {
  readonly kind: 'PARTIAL';
  /** The most keys held (Flink counts cache entries, one per key). */
  readonly maxRows: number | undefined;
  readonly expireAfterAccessMs: number | undefined;
  readonly expireAfterWriteMs: number | undefined;
  /** Keep a key with no rows (a miss) in the cache too. */
  readonly cacheMissingKey: boolean;
}

export type LookupCacheSpec = { readonly kind: 'NONE' } | PartialCacheSpec | { readonly kind: 'FULL'; readonly reload: ReloadStrategy };

/** For EXPLAIN: e.g. `FULL, reload=PERIODIC 3600000 ms FIXED_DELAY`. */
export function describeCache(spec: LookupCacheSpec): string {
  switch (spec.kind) {
    case 'NONE':
      return 'NONE';
    case 'PARTIAL': {
      const parts = ['PARTIAL'];
      if (spec.maxRows !== undefined) parts.push(`max-rows=${spec.maxRows}`);
      if (spec.expireAfterAccessMs !== undefined) parts.push(`expire-after-access=${spec.expireAfterAccessMs} ms`);
      if (spec.expireAfterWriteMs !== undefined) parts.push(`expire-after-write=${spec.expireAfterWriteMs} ms`);
      parts.push(`cache-missing-key=${spec.cacheMissingKey}`);
      return parts.join(', ');
    }
    case 'FULL': {
      const r = spec.reload;
      return r.kind === 'PERIODIC'
        ? `FULL, reload=PERIODIC ${r.intervalMs} ms ${r.scheduleMode}`
        : `FULL, reload=TIMED at ${r.timeOfDayMs} ms of the day every ${r.intervalInDays} day(s)`;
    }
  }
}
