/**
 * Pure date/time helpers over Weir's temporal representations (see
 * logical-type.ts): DATE = days since 1970-01-01, TIME = ms of the day,
 * TIMESTAMP = wall-clock time since 1970-01-01T00:00, TIMESTAMP_LTZ = an
 * instant since the epoch. A timestamp of precision <= 3 is a number of
 * whole milliseconds; one of precision 4..9 is a bigint of nanoseconds (a
 * double cannot hold nanoseconds). `TsValue` helpers accept either.
 *
 * Calendar arithmetic is the proleptic Gregorian calendar of java.time.
 * Formatting and parsing follow Flink's SQL forms ('YYYY-MM-DD HH:MM:SS.fff').
 * Time zones: fixed offsets are parsed here; IANA names go through
 * Intl.DateTimeFormat with a per-zone cache of offsets per hour bucket, and
 * local-to-instant conversion follows java.time (a gap shifts forward by its
 * length, an overlap takes the earlier offset).
 */

export const MS_PER_SECOND = 1000;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

// ---------------------------------------------------------------- calendar

export interface Ymd {
  readonly y: number;
  readonly m: number;
  readonly d: number;
}

/** Days since 1970-01-01 to year/month/day (proleptic Gregorian; Hinnant's civil_from_days). */
export function daysToYmd(days: number): Ymd {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

/** Year/month/day to days since 1970-01-01 (no validation; day may overflow the month). */
export function ymdToDays(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = m > 2 ? m - 3 : m + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  switch (m) {
    case 2:
      return isLeapYear(y) ? 29 : 28;
    case 4:
    case 6:
    case 9:
    case 11:
      return 30;
    default:
      return 31;
  }
}

/** DATE + n months, clamping the day to the month's end (java.time plusMonths, Flink's addMonths). */
export function addMonthsToDate(days: number, months: number): number {
  const { y, m, d } = daysToYmd(days);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  return ymdToDays(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

/** TIMESTAMP (wall-clock ms, maybe fractional) + n months, keeping the time of day. */
export function addMonthsToTimestamp(ms: number, months: number): number {
  const days = Math.floor(ms / MS_PER_DAY);
  const tod = ms - days * MS_PER_DAY;
  return addMonthsToDate(days, months) * MS_PER_DAY + tod;
}

/** Floor division helpers for splitting a timestamp into date and time of day. */
export function timestampToDate(v: TsValue): number {
  return Math.floor(tsMillis(v) / MS_PER_DAY);
}
export function timestampToTime(v: TsValue): number {
  const t = tsMillis(v) % MS_PER_DAY;
  return t < 0 ? t + MS_PER_DAY : t;
}

// ---------------------------------------------------------------- timestamp values

/** A TIMESTAMP/TIMESTAMP_LTZ value: whole ms (number, precision <= 3) or nanoseconds (bigint, precision > 3). */
export type TsValue = number | bigint;

const NANOS_PER_MILLI = 1_000_000n;

/** True when values of a TIMESTAMP/TIMESTAMP_LTZ of this precision are bigint nanoseconds. */
export function isNanoPrecision(precision: number): boolean {
  return precision > 3;
}

/** Whole ms (floored) and the sub-ms nanoseconds (0..999999) of a timestamp value. */
export function splitTs(v: TsValue): { ms: number; nanos: number } {
  if (typeof v === 'number') return splitMillis(v);
  let ms = v / NANOS_PER_MILLI;
  let nanos = v % NANOS_PER_MILLI;
  if (nanos < 0n) {
    nanos += NANOS_PER_MILLI;
    ms -= 1n;
  }
  return { ms: Number(ms), nanos: Number(nanos) };
}

/** The value for whole ms plus sub-ms nanos, truncated to `precision` digits, in that precision's representation. */
export function tsFromParts(ms: number, nanos: number, precision: number): TsValue {
  if (precision <= 3) {
    if (precision === 3) return ms;
    const unit = 10 ** (3 - precision);
    return Math.floor(ms / unit) * unit;
  }
  const unit = 10 ** (9 - precision);
  const n = precision >= 9 ? nanos : Math.floor(nanos / unit) * unit;
  return BigInt(ms) * NANOS_PER_MILLI + BigInt(n);
}

/** Any timestamp value (ms number, possibly fractional, or ns bigint) truncated to `precision`, in its representation. */
export function tsAt(v: TsValue, precision: number): TsValue {
  if (typeof v === 'number' && precision <= 3 && Number.isInteger(v) && precision === 3) return v;
  if (typeof v === 'bigint' && precision >= 9) return v;
  const sp = splitTs(v);
  return tsFromParts(sp.ms, sp.nanos, precision);
}

/** Whole milliseconds (floored) of a timestamp value. */
export function tsMillis(v: TsValue): number {
  return typeof v === 'number' ? Math.floor(v) : splitTs(v).ms;
}

/** A timestamp value as possibly fractional ms (for code computing in ms; sub-µs digits may round). */
export function tsToFractionalMs(v: TsValue): number {
  if (typeof v === 'number') return v;
  const sp = splitTs(v);
  return sp.nanos === 0 ? sp.ms : sp.ms + sp.nanos / 1e6;
}

/** Applies a whole-ms shift (a zone conversion, an added interval) keeping the sub-ms nanoseconds. */
export function tsMapMillis(v: TsValue, f: (ms: number) => number): TsValue {
  if (typeof v === 'number') return f(v);
  const sp = splitTs(v);
  return BigInt(f(sp.ms)) * NANOS_PER_MILLI + BigInt(sp.nanos);
}

/** Compares two timestamp values of one representation. */
export function tsCompare(a: TsValue, b: TsValue): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------- formatting

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}
function pad3(n: number): string {
  return n < 10 ? '00' + n : n < 100 ? '0' + n : String(n);
}

/** Year as java.time prints it: 4 digits zero-padded, '+' above 9999, '-' and 4 digits below 0. */
function formatYear(y: number): string {
  if (y >= 0 && y <= 9999) return y < 1000 ? String(y).padStart(4, '0') : String(y);
  if (y > 9999) return '+' + y;
  return '-' + String(-y).padStart(4, '0');
}

/** DATE as 'YYYY-MM-DD'. */
export function formatDate(days: number): string {
  const { y, m, d } = daysToYmd(days);
  return `${formatYear(y)}-${pad2(m)}-${pad2(d)}`;
}

/**
 * Whole ms and the sub-ms nanoseconds (0..999999) of a possibly fractional ms value, read from the
 * shortest decimal form of the double (so the digits a literal was written with come back). A
 * double cannot hold every nanosecond of a current timestamp: near 2021 it resolves ~0.25 µs, so
 * microseconds are exact there and the 7th-9th fraction digits are best effort.
 */
export function splitMillis(ms: number): { ms: number; nanos: number } {
  if (Number.isInteger(ms)) return { ms, nanos: 0 };
  const a = Math.abs(ms);
  let s = String(a);
  if (s.includes('e')) s = a.toFixed(12);
  const dot = s.indexOf('.');
  const f = dot < 0 ? '' : s.slice(dot + 1);
  let whole = Math.floor(a);
  let nanos = f.length > 6 ? Math.round(Number('0.' + f) * 1e6) : Number(f.padEnd(6, '0'));
  if (nanos >= 1_000_000) {
    whole += 1;
    nanos -= 1_000_000;
  }
  if (ms < 0) {
    if (nanos === 0) return { ms: -whole, nanos: 0 };
    return { ms: -whole - 1, nanos: 1_000_000 - nanos };
  }
  return { ms: whole, nanos };
}

/** The 9 fraction digits (ms of the second + sub-ms nanos). */
function fraction9(msOfSecond: number, nanos: number): string {
  return pad3(msOfSecond) + String(nanos).padStart(6, '0');
}

/**
 * TIME as 'HH:MM:SS' plus exactly `precision` fraction digits. The hour prints as its last two
 * digits, as Flink's unixTimeToString does for out-of-range values (CAST('123' AS TIME) -> '23:00:00').
 */
export function formatTime(ms: number, precision = 0): string {
  let t = Math.floor(ms);
  if (t < 0) t = ((t % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
  const h = Math.floor(t / MS_PER_HOUR);
  const mi = Math.floor((t % MS_PER_HOUR) / MS_PER_MINUTE);
  const s = Math.floor((t % MS_PER_MINUTE) / MS_PER_SECOND);
  const base = `${pad2(h % 100)}:${pad2(mi)}:${pad2(s)}`;
  if (precision <= 0) return base;
  return base + '.' + fraction9(t % 1000, 0).slice(0, precision);
}

/** TIMESTAMP (wall clock) as 'YYYY-MM-DD HH:MM:SS' plus exactly `precision` fraction digits (truncated). */
export function formatTimestamp(v: TsValue, precision = 3): string {
  const sp = splitTs(v);
  const days = Math.floor(sp.ms / MS_PER_DAY);
  const tod = sp.ms - days * MS_PER_DAY;
  const h = Math.floor(tod / MS_PER_HOUR);
  const mi = Math.floor((tod % MS_PER_HOUR) / MS_PER_MINUTE);
  const s = Math.floor((tod % MS_PER_MINUTE) / MS_PER_SECOND);
  const base = `${formatDate(days)} ${pad2(h)}:${pad2(mi)}:${pad2(s)}`;
  if (precision <= 0) return base;
  return base + '.' + fraction9(tod % 1000, sp.nanos).slice(0, precision);
}

/** Java's LocalTime.toString: 'HH:mm', 'HH:mm:ss', then fraction in groups of 3 digits. */
function javaTimeOfDay(hms: string, frac9: string): string {
  const f = frac9.replace(/0+$/, '');
  const sec = hms.slice(6, 8);
  if (f === '') return sec === '00' ? hms.slice(0, 5) : hms;
  const groups = f.length <= 3 ? 3 : f.length <= 6 ? 6 : 9;
  return hms + '.' + frac9.slice(0, groups);
}

/** Java's LocalDateTime.toString: '2020-01-01T00:00', '2020-01-01T12:30:05.123'. */
export function javaLocalDateTimeString(ts: TsValue, precision: number): string {
  const s = formatTimestamp(tsAt(ts, precision), 9);
  const sp = s.lastIndexOf(' ');
  return s.slice(0, sp) + 'T' + javaTimeOfDay(s.slice(sp + 1, sp + 9), s.slice(sp + 10));
}

export function javaLocalTimeString(ms: number): string {
  const s = formatTime(ms, 3);
  return javaTimeOfDay(s.slice(0, 8), s.slice(9) + '000000');
}

// ---------------------------------------------------------------- parsing

const DATE_RE = /^(-?\d{1,9})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/;

function dateFromParts(ys: string, ms: string | undefined, ds: string | undefined): number | null {
  const y = Number(ys);
  const m = ms === undefined ? 1 : Number(ms);
  const d = ds === undefined ? 1 : Number(ds);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return ymdToDays(y, m, d);
}

/**
 * Flink's string -> DATE: trims, ignores a time part after ' ' or 'T', accepts 'Y', 'Y-M', 'Y-M-D'
 * with 1-2 digit month and day ('123' is year 123). Null when invalid.
 */
export function parseDate(s: string): number | null {
  let v = s.trim();
  const sp = v.indexOf(' ');
  if (sp > 0) v = v.slice(0, sp);
  const tt = v.indexOf('T');
  if (tt > 0) v = v.slice(0, tt);
  const m = DATE_RE.exec(v);
  if (!m) return null;
  return dateFromParts(m[1]!, m[2], m[3]);
}

const TIME_RE = /^(\d+)(?::(\d{1,2})(?::(\d{1,2})(?:\.(\d{0,9}))?)?)?$/;

/**
 * Flink's string -> TIME: 'H', 'H:M', 'H:M:S', 'H:M:S.fff…' (fraction kept to the ms).
 * The hour is not range-checked ('123' is 123 hours, printed '23:00:00' as Flink does). Null when invalid.
 */
export function parseTime(s: string): number | null {
  const m = TIME_RE.exec(s.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const mi = m[2] === undefined ? 0 : Number(m[2]);
  const sec = m[3] === undefined ? 0 : Number(m[3]);
  if (mi > 59 || sec > 59) return null;
  const frac = m[4] ?? '';
  const milli = frac === '' ? 0 : Number((frac + '00').slice(0, 3));
  return h * MS_PER_HOUR + mi * MS_PER_MINUTE + sec * MS_PER_SECOND + milli;
}

const TS_RE = /^(-?\d{1,9})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?)?$/;

/** Adds fraction digits (1..9) to whole ms: integer ms first, then the sub-ms part (one rounding). */
function addFraction(ms: number, frac: string | undefined): TsValue {
  if (frac === undefined || frac === '') return ms;
  const f9 = (frac + '000000000').slice(0, 9);
  const whole = ms + Number(f9.slice(0, 3));
  const nanos = Number(f9.slice(3));
  return nanos === 0 ? whole : tsFromParts(whole, nanos, 9);
}

/**
 * Flink's string -> TIMESTAMP: 'YYYY-MM-DD HH:MM[:SS[.f{1,9}]]', with 'T' instead of the blank too,
 * or a date alone (midnight); 1-2 digit month/day/hour/minute/second. Returns the wall-clock
 * time (whole ms as a number, or nanoseconds as a bigint when there are sub-ms digits; bring it to a
 * type's precision with tsAt) or null when invalid.
 */
export function parseTimestamp(s: string): TsValue | null {
  const m = TS_RE.exec(s.trim());
  if (!m) return null;
  const days = dateFromParts(m[1]!, m[2], m[3]);
  if (days === null) return null;
  if (m[4] === undefined) return days * MS_PER_DAY;
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const sec = m[6] === undefined ? 0 : Number(m[6]);
  if (h > 23 || mi > 59 || sec > 59) return null;
  const ms = days * MS_PER_DAY + h * MS_PER_HOUR + mi * MS_PER_MINUTE + sec * MS_PER_SECOND;
  return addFraction(ms, m[7]);
}

/** Truncates a ms value (TIME, or a fractional-ms timestamp) to `precision` fraction digits (Flink truncates, never rounds). */
export function truncateMillis(ms: number, precision: number): number {
  if (precision >= 9 || Number.isInteger(ms) && precision >= 3) return ms;
  if (precision >= 3) {
    const sp = splitMillis(ms);
    const unit = 10 ** (9 - precision);
    const nanos = Math.floor(sp.nanos / unit) * unit;
    return nanos === 0 ? sp.ms : sp.ms + nanos / 1e6;
  }
  const unit = 10 ** (3 - precision);
  return Math.floor(Math.floor(ms) / unit) * unit;
}

// ---------------------------------------------------------------- time zones

type ZoneRule = { readonly fixed: number } | { readonly fmt: Intl.DateTimeFormat; readonly cache: Map<number, number> };

const zones = new Map<string, ZoneRule>();

const OFFSET_RE = /^(?:(?:UTC|GMT|UT)\s*)?([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/i;

function zoneRule(zone: string): ZoneRule {
  let r = zones.get(zone);
  if (r !== undefined) return r;
  const z = zone.trim();
  const upper = z.toUpperCase();
  if (upper === 'UTC' || upper === 'GMT' || upper === 'Z' || upper === 'UT' || upper === 'ETC/UTC' || upper === 'ETC/GMT') {
    r = { fixed: 0 };
  } else {
    const m = OFFSET_RE.exec(z);
    if (m) {
      const h = Number(m[2]);
      const mi = m[3] === undefined ? 0 : Number(m[3]);
      const sec = m[4] === undefined ? 0 : Number(m[4]);
      if (h > 18 || mi > 59 || sec > 59) throw new Error(`Invalid ID for ZoneOffset, invalid format: ${zone}`);
      const off = (h * MS_PER_HOUR + mi * MS_PER_MINUTE + sec * MS_PER_SECOND) * (m[1] === '-' ? -1 : 1);
      r = { fixed: off };
    } else {
      let fmt: Intl.DateTimeFormat;
      try {
        fmt = new Intl.DateTimeFormat('en-US', {
          timeZone: z,
          hourCycle: 'h23',
          era: 'short',
          year: 'numeric',
          month: 'numeric',
          day: 'numeric',
          hour: 'numeric',
          minute: 'numeric',
          second: 'numeric',
        });
      } catch {
        throw new Error(`Invalid time zone: '${zone}'`);
      }
      r = { fmt, cache: new Map() };
    }
  }
  zones.set(zone, r);
  return r;
}

/** Throws an Error when `zone` is not a zone id Weir understands. */
export function validateZone(zone: string): void {
  zoneRule(zone);
}

function intlOffset(fmt: Intl.DateTimeFormat, instantMs: number): number {
  const secMs = Math.floor(instantMs / 1000) * 1000;
  let y = 0;
  let mo = 1;
  let d = 1;
  let h = 0;
  let mi = 0;
  let s = 0;
  let bc = false;
  for (const p of fmt.formatToParts(secMs)) {
    switch (p.type) {
      case 'year':
        y = Number(p.value);
        break;
      case 'month':
        mo = Number(p.value);
        break;
      case 'day':
        d = Number(p.value);
        break;
      case 'hour':
        h = Number(p.value);
        break;
      case 'minute':
        mi = Number(p.value);
        break;
      case 'second':
        s = Number(p.value);
        break;
      case 'era':
        bc = p.value.startsWith('B');
        break;
      default:
        break;
    }
  }
  if (bc) y = 1 - y;
  const local = ymdToDays(y, mo, d) * MS_PER_DAY + h * MS_PER_HOUR + mi * MS_PER_MINUTE + s * MS_PER_SECOND;
  return local - secMs;
}

/** The zone's UTC offset in ms at an instant (epoch ms). */
export function zoneOffsetMs(instantMs: number, zone: string): number {
  const r = zoneRule(zone);
  if ('fixed' in r) return r.fixed;
  const bucket = Math.floor(instantMs / MS_PER_HOUR);
  const cached = r.cache.get(bucket);
  if (cached !== undefined) return cached;
  const start = bucket * MS_PER_HOUR;
  const a = intlOffset(r.fmt, start);
  const b = intlOffset(r.fmt, start + MS_PER_HOUR - 1000);
  if (a === b) {
    if (r.cache.size > 200_000) r.cache.clear();
    r.cache.set(bucket, a);
    return a;
  }
  return intlOffset(r.fmt, instantMs);
}

/** TIMESTAMP_LTZ instant -> wall-clock ms in the zone (the TIMESTAMP representation). */
export function utcToLocal(instantMs: number, zone: string): number {
  return instantMs + zoneOffsetMs(instantMs, zone);
}

/** utcToLocal for any timestamp value (the sub-ms nanoseconds are kept). */
export function tsUtcToLocal(v: TsValue, zone: string): TsValue {
  return typeof v === 'number' ? utcToLocal(v, zone) : tsMapMillis(v, (ms) => utcToLocal(ms, zone));
}

/** localToUtc for any timestamp value (the sub-ms nanoseconds are kept). */
export function tsLocalToUtc(v: TsValue, zone: string): TsValue {
  return typeof v === 'number' ? localToUtc(v, zone) : tsMapMillis(v, (ms) => localToUtc(ms, zone));
}

/**
 * Wall-clock ms in the zone -> instant (epoch ms), with java.time's rules: in an overlap the
 * earlier offset (the one before the transition) wins; in a gap the time is moved later by the
 * gap's length.
 */
export function localToUtc(localMs: number, zone: string): number {
  const r = zoneRule(zone);
  if ('fixed' in r) return localMs - r.fixed;
  const guess = zoneOffsetMs(localMs, zone);
  const t = localMs - guess;
  const before = zoneOffsetMs(t - 6 * MS_PER_HOUR, zone);
  const after = zoneOffsetMs(t + 6 * MS_PER_HOUR, zone);
  if (before === after) {
    // no transition near: the guess may still be off if a transition lies between localMs and t
    const o = zoneOffsetMs(localMs - before, zone);
    return localMs - o;
  }
  const beforeValid = zoneOffsetMs(localMs - before, zone) === before;
  const afterValid = zoneOffsetMs(localMs - after, zone) === after;
  if (beforeValid || !afterValid) return localMs - before;
  return localMs - after;
}
