/**
 * The lookup options a lookup-capable connector declares (Flink's
 * LookupOptions, FLIP-221): which cache ('lookup.cache' = NONE | PARTIAL |
 * FULL), the PARTIAL cache's bounds and expiry, the FULL cache's reload
 * strategy, and the retries of a failed lookup. `readLookupOptions` turns a
 * table's options into the runtime's cache spec, checking what the single
 * declarations cannot (a PARTIAL cache needs a bound; PERIODIC needs an
 * interval; TIMED needs a time), each error naming its option.
 */
import { WeirError } from '../common/error.ts';
import type { LookupCacheSpec, ReloadStrategy } from '../runtime/lookup/lookup-cache-spec.ts';
import type { OptionDecl } from './connector.ts';
import { OptionReader } from './options.ts';

export const LOOKUP_CACHE = 'lookup.cache';
export const LOOKUP_MAX_RETRIES = 'lookup.max-retries';
export const PARTIAL_EXPIRE_AFTER_ACCESS = 'lookup.partial-cache.expire-after-access';
export const PARTIAL_EXPIRE_AFTER_WRITE = 'lookup.partial-cache.expire-after-write';
export const PARTIAL_CACHE_MISSING_KEY = 'lookup.partial-cache.cache-missing-key';
export const PARTIAL_MAX_ROWS = 'lookup.partial-cache.max-rows';
export const FULL_RELOAD_STRATEGY = 'lookup.full-cache.reload-strategy';
export const FULL_PERIODIC_INTERVAL = 'lookup.full-cache.periodic-reload.interval';
export const FULL_PERIODIC_SCHEDULE_MODE = 'lookup.full-cache.periodic-reload.schedule-mode';
export const FULL_TIMED_ISO_TIME = 'lookup.full-cache.timed-reload.iso-time';
export const FULL_TIMED_INTERVAL_IN_DAYS = 'lookup.full-cache.timed-reload.interval-in-days';

/** Flink's LookupOptions. 'lookup.cache' has no declared default here: each connector says its own (Flink's is NONE). */
export const LOOKUP_OPTIONS: readonly OptionDecl[] = [
  { key: LOOKUP_CACHE, type: 'enum', enumValues: ['NONE', 'PARTIAL', 'FULL'], description: 'The caching strategy for this lookup table: NONE, PARTIAL or FULL.' },
  { key: LOOKUP_MAX_RETRIES, type: 'int', default: '3', description: 'The maximum allowed retries if a lookup operation fails.' },
  { key: PARTIAL_EXPIRE_AFTER_ACCESS, type: 'duration', description: 'Duration to expire an entry in the cache after accessing.' },
  { key: PARTIAL_EXPIRE_AFTER_WRITE, type: 'duration', description: 'Duration to expire an entry in the cache after writing.' },
  {
    key: PARTIAL_CACHE_MISSING_KEY,
    type: 'boolean',
    default: 'true',
    description: "Whether to store an empty value into the cache if the lookup key doesn't match any rows in the table.",
  },
  { key: PARTIAL_MAX_ROWS, type: 'long', description: 'The maximum number of rows to store in the cache (entries, one per lookup key, as in Flink).' },
  {
    key: FULL_RELOAD_STRATEGY,
    type: 'enum',
    default: 'PERIODIC',
    enumValues: ['PERIODIC', 'TIMED'],
    description: 'PERIODIC: reloaded at fixed intervals; TIMED: reloaded at a time of day every few days.',
  },
  { key: FULL_PERIODIC_INTERVAL, type: 'duration', description: 'Reload interval of the FULL cache with the PERIODIC reload strategy.' },
  {
    key: FULL_PERIODIC_SCHEDULE_MODE,
    type: 'enum',
    default: 'FIXED_DELAY',
    enumValues: ['FIXED_DELAY', 'FIXED_RATE'],
    description: 'FIXED_DELAY: the interval runs from the end of a reload; FIXED_RATE: from its start.',
  },
  {
    key: FULL_TIMED_ISO_TIME,
    type: 'string',
    description: "Time of day (ISO-8601) of the TIMED reload: '10:15' (session time zone), '10:15Z' (UTC), '10:15+07:00'.",
  },
  { key: FULL_TIMED_INTERVAL_IN_DAYS, type: 'int', default: '1', description: 'Number of days between reloads of the FULL cache with TIMED strategy.' },
];

export interface LookupOptionDefaults {
  /** The cache when 'lookup.cache' is not set. */
  readonly cache: 'NONE' | 'PARTIAL' | 'FULL';
  /** The PERIODIC interval when 'lookup.full-cache.periodic-reload.interval' is not set (else it is required). */
  readonly periodicReloadMs?: number | undefined;
}

export interface LookupSettings {
  readonly cache: LookupCacheSpec;
  readonly maxRetries: number;
}

const bad = (key: string, value: string, why: string): WeirError =>
  new WeirError('validation', 'INVALID_OPTION_VALUE', `Invalid value for option '${key}'.\n\nCould not parse value '${value}' for key '${key}'.\n${why}`);

/** Reads the lookup options of a table; `zone` is the session time zone (a TIMED reload time without offset is local to it). */
export function readLookupOptions(options: ReadonlyMap<string, string>, defaults: LookupOptionDefaults, zone: string): LookupSettings {
  const r = new OptionReader(LOOKUP_OPTIONS, options);
  const maxRetries = r.int(LOOKUP_MAX_RETRIES) ?? 3;
  if (maxRetries < 0) throw bad(LOOKUP_MAX_RETRIES, r.raw(LOOKUP_MAX_RETRIES)!, 'The number of retries must not be negative.');
  const kind = r.enumValue<'NONE' | 'PARTIAL' | 'FULL'>(LOOKUP_CACHE) ?? defaults.cache;
  switch (kind) {
    case 'NONE':
      return { cache: { kind: 'NONE' }, maxRetries };
    case 'PARTIAL':
      return { cache: readPartial(r), maxRetries };
    case 'FULL':
      return { cache: { kind: 'FULL', reload: readReload(r, defaults, zone) }, maxRetries };
  }
}

function readPartial(r: OptionReader): LookupCacheSpec {
  const access = r.duration(PARTIAL_EXPIRE_AFTER_ACCESS);
  const write = r.duration(PARTIAL_EXPIRE_AFTER_WRITE);
  const maxRows = r.long(PARTIAL_MAX_ROWS);
  if (access === undefined && write === undefined && maxRows === undefined) {
    throw new WeirError(
      'validation',
      'MISSING_LOOKUP_CACHE_BOUND',
      `Missing '${PARTIAL_EXPIRE_AFTER_ACCESS}', '${PARTIAL_EXPIRE_AFTER_WRITE}' or '${PARTIAL_MAX_ROWS}' in the configuration. ` +
        'The cache will not have evictions under this configuration and could lead to potential memory issues as the cache size may grow indefinitely.',
    );
  }
  if (maxRows !== undefined && maxRows < 0) throw bad(PARTIAL_MAX_ROWS, r.raw(PARTIAL_MAX_ROWS)!, 'The maximum number of rows must not be negative.');
  return { kind: 'PARTIAL', maxRows, expireAfterAccessMs: access, expireAfterWriteMs: write, cacheMissingKey: r.boolean(PARTIAL_CACHE_MISSING_KEY) ?? true };
}

function readReload(r: OptionReader, defaults: LookupOptionDefaults, zone: string): ReloadStrategy {
  const strategy = r.enumValue<'PERIODIC' | 'TIMED'>(FULL_RELOAD_STRATEGY) ?? 'PERIODIC';
  if (strategy === 'PERIODIC') {
    const intervalMs = r.duration(FULL_PERIODIC_INTERVAL) ?? defaults.periodicReloadMs;
    if (intervalMs === undefined) {
      throw new WeirError('validation', 'MISSING_REQUIRED_OPTIONS', `Missing '${FULL_PERIODIC_INTERVAL}' for '${FULL_RELOAD_STRATEGY}' = 'PERIODIC'.`);
    }
    if (intervalMs <= 0) throw bad(FULL_PERIODIC_INTERVAL, r.raw(FULL_PERIODIC_INTERVAL) ?? String(intervalMs), 'The reload interval must be positive.');
    const scheduleMode = r.enumValue<'FIXED_DELAY' | 'FIXED_RATE'>(FULL_PERIODIC_SCHEDULE_MODE) ?? 'FIXED_DELAY';
    return { kind: 'PERIODIC', intervalMs, scheduleMode };
  }
  const iso = r.string(FULL_TIMED_ISO_TIME);
  if (iso === undefined) throw new WeirError('validation', 'MISSING_REQUIRED_OPTIONS', `Missing '${FULL_TIMED_ISO_TIME}' for '${FULL_RELOAD_STRATEGY}' = 'TIMED'.`);
  const t = parseIsoTime(iso);
  if (t === null) throw bad(FULL_TIMED_ISO_TIME, iso, "Expected an ISO-8601 time such as '10:15', '10:15:30', '10:15Z' or '10:15+07:00'.");
  const days = r.int(FULL_TIMED_INTERVAL_IN_DAYS) ?? 1;
  if (days < 1) throw bad(FULL_TIMED_INTERVAL_IN_DAYS, r.raw(FULL_TIMED_INTERVAL_IN_DAYS)!, 'The number of days between reloads must be at least 1.');
  return { kind: 'TIMED', timeOfDayMs: t.ms, offsetMs: t.offsetMs, zone, intervalInDays: days };
}

/** 'HH:mm[:ss[.fraction]]' with an optional 'Z' or '±HH:mm[:ss]' offset (java.time's ISO_TIME); null when it is not one. */
export function parseIsoTime(text: string): { ms: number; offsetMs: number | null } | null {
  const m = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2}(?::\d{2})?)?$/.exec(text.trim());
  if (m === null) return null;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  const s = m[3] === undefined ? 0 : Number(m[3]);
  if (h > 23 || mi > 59 || s > 59) return null;
  const frac = m[4] === undefined ? 0 : Math.floor(Number(('0.' + m[4]).padEnd(5, '0')) * 1000);
  const ms = ((h * 60 + mi) * 60 + s) * 1000 + frac;
  const off = m[5];
  if (off === undefined) return { ms, offsetMs: null };
  if (off === 'Z') return { ms, offsetMs: 0 };
  const [oh, om, os] = off.slice(1).split(':').map(Number) as [number, number, number | undefined];
  if (oh > 18 || om > 59 || (os ?? 0) > 59) return null;
  const offsetMs = (off[0] === '-' ? -1 : 1) * ((oh * 60 + om) * 60 + (os ?? 0)) * 1000;
  return { ms, offsetMs };
}
