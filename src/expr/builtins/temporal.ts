/**
 * Built-in scalar functions: date and time.
 *
 * Conventions the binder follows for special syntax (unit operands are string
 * literals, upper case; SQL_TSI_ prefixes are accepted):
 *   EXTRACT(unit FROM v)               → EXTRACT(unit, v)
 *   FLOOR(v TO unit) / CEIL(v TO unit) → FLOOR_TIME(v, unit) / CEIL_TIME(v, unit)
 *   TIMESTAMPADD(unit, n, v)           → TIMESTAMPADD(unit, n, v)
 *   TIMESTAMPDIFF(unit, a, b)          → TIMESTAMPDIFF(unit, a, b)
 *   datetime + interval, interval + datetime → DATETIME_PLUS(a, b) (either order)
 *   datetime - interval                → DATETIME_MINUS(datetime, interval)
 *   (s1, e1) OVERLAPS (s2, e2)         → OVERLAPS(s1, e1, s2, e2) (e may be an interval)
 *   CURRENT_DATE, CURRENT_TIME, LOCALTIME, CURRENT_TIMESTAMP, LOCALTIMESTAMP → zero-argument calls
 *
 * TIMESTAMP_LTZ operands are read as wall clock in the session zone
 * (ctx.timeZone). The "current time" functions read Date.now() once per
 * synchronous run (microtask), so every call within one record agrees.
 */
import type { ArgInfo, FunctionContext, ScalarFunction } from '../function.ts';
import type { LogicalType, TemporalType } from '../../types/logical-type.ts';
import { millisBoundary } from './lib/nano-timestamps.ts';
import { isCharacterString, isInterval, withNullable } from '../../types/logical-type.ts';
import {
  addMonthsToDate,
  addMonthsToTimestamp,
  daysToYmd,
  localToUtc,
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  parseDate,
  parseTimestamp,
  splitMillis,
  truncateMillis,
  tsMillis,
  tsToFractionalMs,
  utcToLocal,
  ymdToDays,
  zoneOffsetMs,
} from '../../types/temporal.ts';
import type { Int } from '../../types/int64.ts';
import { MIN_LONG } from '../../types/int64.ts';
import { decimalToDouble } from '../../types/decimal.ts';
import {
  anyNullable,
  BIGINT,
  BOOLEAN,
  custom,
  fn,
  INT,
  intValue,
  invalidCall,
  isInt,
  isNum,
  isStr,
  literalOf,
  strict,
  STRING,
  validationError,
} from './lib/common.ts';
import { compileFormatter, compileParser, patternCache } from './lib/datefmt.ts';

const DATE = (nullable: boolean): LogicalType => ({ root: 'DATE', nullable });
const TS = (p: number, nullable: boolean): TemporalType => ({ root: 'TIMESTAMP', precision: p, nullable });
const LTZ = (p: number, nullable: boolean): TemporalType => ({ root: 'TIMESTAMP_LTZ', precision: p, nullable });
const TIME = (p: number, nullable: boolean): TemporalType => ({ root: 'TIME', precision: p, nullable });

// ---------------------------------------------------------------- units

const UNIT_ALIASES: Record<string, string> = {
  SQL_TSI_YEAR: 'YEAR',
  SQL_TSI_QUARTER: 'QUARTER',
  SQL_TSI_MONTH: 'MONTH',
  SQL_TSI_WEEK: 'WEEK',
  SQL_TSI_DAY: 'DAY',
  SQL_TSI_HOUR: 'HOUR',
  SQL_TSI_MINUTE: 'MINUTE',
  SQL_TSI_SECOND: 'SECOND',
  SQL_TSI_MICROSECOND: 'MICROSECOND',
  FRAC_SECOND: 'MICROSECOND',
  DAYOFWEEK: 'DOW',
  DAYOFYEAR: 'DOY',
};

function unitOf(name: string, args: readonly ArgInfo[], i: number): string {
  const v = literalOf(args[i]);
  if (typeof v !== 'string') throw validationError(`${name}: the time unit must be a literal`);
  const u = v.toUpperCase();
  return UNIT_ALIASES[u] ?? u;
}

// ---------------------------------------------------------------- clock

let nowCache = -1;
/** Date.now(), stable within one synchronous run. */
export function currentMillis(): number {
  if (nowCache < 0) {
    nowCache = Date.now();
    queueMicrotask(() => {
      nowCache = -1;
    });
  }
  return nowCache;
}

// ---------------------------------------------------------------- field extraction

const MOD = (a: number, b: number): number => ((a % b) + b) % b;

/** ISO week number and ISO year of a date (days since epoch). */
function isoWeek(days: number): { week: number; year: number } {
  const dow = MOD(days + 3, 7) + 1; // Monday = 1
  const thursday = days - dow + 4;
  const { y } = daysToYmd(thursday);
  const week = Math.floor((thursday - ymdToDays(y, 1, 1)) / 7) + 1;
  return { week, year: y };
}

/** EXTRACT over a wall-clock ms value (TIMESTAMP, LTZ read locally, DATE at midnight, TIME of day 1970-01-01). */
function extractFromWall(unit: string, wall: number, isDateOnly: boolean): number {
  const { ms, nanos } = splitMillis(wall);
  const days = Math.floor(ms / MS_PER_DAY);
  const tod = ms - days * MS_PER_DAY;
  const { y, m, d } = daysToYmd(days);
  switch (unit) {
    case 'YEAR':
      return y;
    case 'QUARTER':
      return Math.floor((m - 1) / 3) + 1;
    case 'MONTH':
      return m;
    case 'WEEK':
      return isoWeek(days).week;
    case 'DAY':
      return d;
    case 'DOY':
      return days - ymdToDays(y, 1, 1) + 1;
    case 'DOW':
      return MOD(days + 4, 7) + 1;
    case 'ISODOW':
      return MOD(days + 3, 7) + 1;
    case 'ISOYEAR':
      return isoWeek(days).year;
    case 'DECADE':
      return Math.floor(y / 10);
    case 'CENTURY':
      return y > 0 ? Math.floor((y + 99) / 100) : -Math.floor((99 - y) / 100);
    case 'MILLENNIUM':
      return y > 0 ? Math.floor((y + 999) / 1000) : -Math.floor((999 - y) / 1000);
    case 'HOUR':
      return Math.floor(tod / MS_PER_HOUR);
    case 'MINUTE':
      return Math.floor((tod % MS_PER_HOUR) / MS_PER_MINUTE);
    case 'SECOND':
      return Math.floor((tod % MS_PER_MINUTE) / 1000);
    case 'MILLISECOND':
      return tod % 1000;
    case 'MICROSECOND':
      return (tod % 1000) * 1000 + Math.floor(nanos / 1000);
    case 'NANOSECOND':
      return (tod % 1000) * 1e6 + nanos;
    case 'EPOCH':
      return isDateOnly ? days * 86400 : Math.floor(ms / 1000);
    default:
      throw validationError(`Unsupported time unit for EXTRACT: ${unit}`);
  }
}

function extractInterval(unit: string, v: number, yearMonth: boolean): number {
  if (yearMonth) {
    switch (unit) {
      case 'YEAR':
        return Math.trunc(v / 12);
      case 'MONTH':
        return v % 12;
      case 'QUARTER':
        return Math.trunc(((v % 12) + (v < 0 ? -2 : 2)) / 3);
      default:
        throw validationError(`Unsupported time unit for EXTRACT from a year-month interval: ${unit}`);
    }
  }
  switch (unit) {
    case 'DAY':
      return Math.trunc(v / MS_PER_DAY);
    case 'HOUR':
      return Math.trunc((v % MS_PER_DAY) / MS_PER_HOUR);
    case 'MINUTE':
      return Math.trunc((v % MS_PER_HOUR) / MS_PER_MINUTE);
    case 'SECOND':
      return Math.trunc((v % MS_PER_MINUTE) / 1000);
    case 'MILLISECOND':
      return Math.trunc(v % MS_PER_MINUTE);
    case 'MICROSECOND':
      return Math.trunc(v % MS_PER_MINUTE) * 1000;
    case 'NANOSECOND':
      return Math.trunc(v % MS_PER_MINUTE) * 1e6;
    case 'EPOCH':
      return Math.trunc(v / 1000);
    default:
      throw validationError(`Unsupported time unit for EXTRACT from a day-time interval: ${unit}`);
  }
}

/** A reader turning a DATE/TIME/TIMESTAMP/LTZ value into wall-clock ms. */
function wallReader(t: LogicalType, zone: string): ((v: number) => number) | null {
  switch (t.root) {
    case 'DATE':
      return (v) => v * MS_PER_DAY;
    case 'TIME':
    case 'TIMESTAMP':
      return (v) => v;
    case 'TIMESTAMP_LTZ':
      return (v) => utcToLocal(v, zone);
    default:
      return null;
  }
}

function extractResolver(name: string, unit: string, arg: ArgInfo, ctx: FunctionContext, all: readonly ArgInfo[]) {
  const t = arg.type;
  const nullable = t.nullable;
  if (isInterval(t)) {
    const ym = t.root === 'INTERVAL_YEAR_MONTH';
    extractInterval(unit, 0, ym);
    return (v: number) => extractInterval(unit, v, ym);
  }
  const rd = wallReader(t, ctx.timeZone);
  if (rd === null) throw invalidCall(name, all);
  extractFromWall(unit, 0, false);
  const dateOnly = t.root === 'DATE';
  void nullable;
  return (v: number) => extractFromWall(unit, rd(v), dateOnly);
}

// ---------------------------------------------------------------- floor / ceil to a unit

function floorDateTo(days: number, unit: string): number {
  const { y, m } = daysToYmd(days);
  switch (unit) {
    case 'WEEK':
      return days - MOD(days + 4, 7);
    case 'MONTH':
      return ymdToDays(y, m, 1);
    case 'QUARTER':
      return ymdToDays(y, Math.floor((m - 1) / 3) * 3 + 1, 1);
    case 'YEAR':
      return ymdToDays(y, 1, 1);
    case 'DECADE':
      return ymdToDays(Math.floor(y / 10) * 10, 1, 1);
    case 'CENTURY':
      return ymdToDays(Math.floor((y - 1) / 100) * 100 + 1, 1, 1);
    case 'MILLENNIUM':
      return ymdToDays(Math.floor((y - 1) / 1000) * 1000 + 1, 1, 1);
    default:
      return days;
  }
}

function ceilDateTo(days: number, unit: string): number {
  const f = floorDateTo(days, unit);
  if (f === days) return days;
  const { y, m } = daysToYmd(f);
  switch (unit) {
    case 'WEEK':
      return f + 7;
    case 'MONTH':
      return addMonthsToDate(f, 1);
    case 'QUARTER':
      return addMonthsToDate(f, 3);
    case 'YEAR':
      return ymdToDays(y + 1, 1, 1);
    case 'DECADE':
      return ymdToDays(y + 10, 1, 1);
    case 'CENTURY':
      return ymdToDays(y + 100, 1, 1);
    case 'MILLENNIUM':
      return ymdToDays(y + 1000, 1, 1);
    default:
      return days;
  }
  void m;
}

const FIXED_UNITS: Record<string, number> = { MILLISECOND: 1, SECOND: 1000, MINUTE: MS_PER_MINUTE, HOUR: MS_PER_HOUR, DAY: MS_PER_DAY };
const DATE_UNITS = new Set(['WEEK', 'MONTH', 'QUARTER', 'YEAR', 'DECADE', 'CENTURY', 'MILLENNIUM']);
const WEEK_OFFSET = 3 * MS_PER_DAY; // 1970-01-04 was a Sunday

function floorCeilWall(wall: number, unit: string, ceil: boolean): number {
  const fixed = FIXED_UNITS[unit];
  if (fixed !== undefined || unit === 'WEEK') {
    const u = fixed ?? 7 * MS_PER_DAY;
    const off = unit === 'WEEK' ? WEEK_OFFSET : 0;
    const f = Math.floor((wall - off) / u) * u + off;
    return ceil && f !== wall ? f + u : f;
  }
  const days = Math.floor(wall / MS_PER_DAY);
  return (ceil ? ceilDateTo(days, unit) : floorDateTo(days, unit)) * MS_PER_DAY;
}

function floorCeilResolve(ceil: boolean) {
  return (args: readonly ArgInfo[], ctx: FunctionContext, name: string) => {
    if (args.length !== 2) throw invalidCall(name, args);
    const unit = unitOf(name, args, 1);
    if (FIXED_UNITS[unit] === undefined && !DATE_UNITS.has(unit)) throw validationError(`Unsupported time unit for ${ceil ? 'CEIL' : 'FLOOR'}: ${unit}`);
    const t = args[0]!.type;
    const rt = withNullable(t, t.nullable);
    switch (t.root) {
      case 'DATE':
        if (unit === 'DAY') return strict(rt, ceil ? (d: number) => d + 1 : (d: number) => d);
        if (!DATE_UNITS.has(unit)) return strict(rt, (d: number) => d);
        return strict(rt, (d: number) => (ceil ? ceilDateTo(d, unit) : floorDateTo(d, unit)));
      case 'TIME':
        if (DATE_UNITS.has(unit) || unit === 'DAY') throw invalidCall(name, args);
        return strict(rt, (v: number) => floorCeilWall(v, unit, ceil) % MS_PER_DAY);
      case 'TIMESTAMP':
        return strict(rt, (v: number) => floorCeilWall(v, unit, ceil));
      case 'TIMESTAMP_LTZ': {
        const zone = ctx.timeZone;
        return strict(rt, (v: number) => localToUtc(floorCeilWall(utcToLocal(v, zone), unit, ceil), zone));
      }
      default:
        throw invalidCall(name, args);
    }
  };
}

// ---------------------------------------------------------------- add / diff

function addUnit(wall: number, unit: string, n: number): number {
  switch (unit) {
    case 'YEAR':
      return addMonthsToTimestamp(wall, 12 * n);
    case 'QUARTER':
      return addMonthsToTimestamp(wall, 3 * n);
    case 'MONTH':
      return addMonthsToTimestamp(wall, n);
    case 'WEEK':
      return wall + 7 * n * MS_PER_DAY;
    case 'DAY':
      return wall + n * MS_PER_DAY;
    case 'HOUR':
      return wall + n * MS_PER_HOUR;
    case 'MINUTE':
      return wall + n * MS_PER_MINUTE;
    case 'SECOND':
      return wall + n * 1000;
    case 'MILLISECOND':
      return wall + n;
    case 'MICROSECOND':
      return wall + n / 1000;
    case 'NANOSECOND':
      return wall + n / 1e6;
    default:
      throw validationError(`Unsupported time unit: ${unit}`);
  }
}

/** Whole months from a to b (wall ms), truncated toward zero with day/time adjustment. */
function monthsBetween(a: number, b: number): number {
  const da = Math.floor(a / MS_PER_DAY), db = Math.floor(b / MS_PER_DAY);
  const ya = daysToYmd(da), yb = daysToYmd(db);
  let months = (yb.y - ya.y) * 12 + (yb.m - ya.m);
  const restA = (ya.d - 1) * MS_PER_DAY + (a - da * MS_PER_DAY);
  const restB = (yb.d - 1) * MS_PER_DAY + (b - db * MS_PER_DAY);
  if (months > 0 && restB < restA) months--;
  else if (months < 0 && restB > restA) months++;
  return months;
}

function diffUnit(unit: string, a: number, b: number): number {
  switch (unit) {
    case 'YEAR':
      return Math.trunc(monthsBetween(a, b) / 12);
    case 'QUARTER':
      return Math.trunc(monthsBetween(a, b) / 3);
    case 'MONTH':
      return monthsBetween(a, b);
    case 'WEEK':
      return Math.trunc((b - a) / (7 * MS_PER_DAY));
    case 'DAY':
      return Math.trunc((b - a) / MS_PER_DAY);
    case 'HOUR':
      return Math.trunc((b - a) / MS_PER_HOUR);
    case 'MINUTE':
      return Math.trunc((b - a) / MS_PER_MINUTE);
    case 'SECOND':
      return Math.trunc((b - a) / 1000);
    case 'MILLISECOND':
      return Math.trunc(b - a);
    case 'MICROSECOND':
      return Math.trunc((b - a) * 1000);
    case 'NANOSECOND':
      return Math.trunc((b - a) * 1e6);
    default:
      throw validationError(`Unsupported time unit for TIMESTAMPDIFF: ${unit}`);
  }
}

// ---------------------------------------------------------------- epoch helpers

const MIN_EPOCH_MS = -62167219200000; // 0000-01-01T00:00:00Z
const MAX_EPOCH_MS = 253402300799999; // 9999-12-31T23:59:59.999Z

function toEpochDouble(t: LogicalType): (v: unknown) => number {
  if (t.root === 'DECIMAL') {
    const s = t.scale;
    return (v) => decimalToDouble(v as Int, s);
  }
  return (v) => Number(v as number | bigint);
}

// ---------------------------------------------------------------- resolvers

const isTemporalOrStr = (t: LogicalType): boolean =>
  t.root === 'DATE' || t.root === 'TIMESTAMP' || t.root === 'TIMESTAMP_LTZ' || isStr(t);

const DEFAULT_TS_PATTERN = 'yyyy-MM-dd HH:mm:ss';

function shortcut(name: string, unit: string): ScalarFunction {
  return fn(name, (args, ctx) => {
    if (args.length !== 1) throw invalidCall(name, args);
    const f = extractResolver(name, unit, args[0]!, ctx, args);
    return strict(BIGINT(anyNullable(args)), f);
  });
}

/** A parser for TO_TIMESTAMP-like functions: the default pattern is Flink's lenient SQL timestamp form. */
function timestampParser(arg: ArgInfo | undefined, lenientTail = false): (text: string, fmt?: string) => { wallMs: number; offsetMs: number | undefined } | null {
  if (arg === undefined) {
    return (text) => {
      const v = parseTimestamp(text);
      return v === null ? null : { wallMs: tsToFractionalMs(v), offsetMs: undefined };
    };
  }
  const lit = literalOf(arg);
  if (typeof lit === 'string') {
    const p = compileParser(lit, lenientTail);
    return (text) => p(text);
  }
  const cache = patternCache((p: string) => compileParser(p, lenientTail));
  return (text, fmt) => cache(fmt!)(text);
}

function formatterOf(arg: ArgInfo | undefined): (wall: number, fmt?: string) => string {
  const lit = arg === undefined ? DEFAULT_TS_PATTERN : literalOf(arg);
  if (typeof lit === 'string') {
    const f = compileFormatter(lit);
    return (wall) => f(wall);
  }
  const cache = patternCache(compileFormatter);
  return (wall, fmt) => cache(fmt!)(wall);
}

function nowFn(name: string, ret: LogicalType, impl: (ctx: FunctionContext) => () => number): ScalarFunction {
  return fn(name, (args, ctx) => {
    if (args.length !== 0) throw invalidCall(name, args);
    return strict(ret, impl(ctx), { deterministic: false });
  });
}

function datetimePlus(sign: 1 | -1) {
  return (args: readonly ArgInfo[], ctx: FunctionContext, name: string) => {
    if (args.length !== 2) throw invalidCall(name, args);
    let ti = 0, ii = 1;
    if (sign === 1 && isInterval(args[0]!.type)) {
      ti = 1;
      ii = 0;
    }
    const t = args[ti]!.type, it = args[ii]!.type;
    if (!isInterval(it)) throw invalidCall(name, args);
    const ym = it.root === 'INTERVAL_YEAR_MONTH';
    const nullable = anyNullable(args);
    const rt = withNullable(t, nullable);
    const zone = ctx.timeZone;
    const order = (f: (v: number, iv: number) => number) => (ti === 0 ? f : (iv: number, v: number) => f(v, iv));
    switch (t.root) {
      case 'DATE':
        return strict(rt, order(ym ? (d, n) => addMonthsToDate(d, sign * n) : (d, ms) => d + sign * Math.trunc(ms / MS_PER_DAY)));
      case 'TIME':
        return strict(rt, order(ym ? (v) => v : (v, ms) => MOD(v + sign * ms, MS_PER_DAY)));
      case 'TIMESTAMP':
        return strict(rt, order(ym ? (v, n) => addMonthsToTimestamp(v, sign * n) : (v, ms) => v + sign * ms));
      case 'TIMESTAMP_LTZ':
        return strict(
          rt,
          order(ym ? (v, n) => localToUtc(addMonthsToTimestamp(utcToLocal(v, zone), sign * n), zone) : (v, ms) => v + sign * ms),
        );
      default:
        throw invalidCall(name, args);
    }
  };
}

const temporalFunctions: ScalarFunction[] = [
  fn('EXTRACT', (args, ctx, name) => {
    if (args.length !== 2) throw invalidCall(name, args);
    const unit = unitOf(name, args, 0);
    const f = extractResolver(name, unit, args[1]!, ctx, args);
    return strict(BIGINT(args[1]!.type.nullable), (_u: string, v: number) => f(v));
  }),
  shortcut('YEAR', 'YEAR'),
  shortcut('QUARTER', 'QUARTER'),
  shortcut('MONTH', 'MONTH'),
  shortcut('WEEK', 'WEEK'),
  shortcut('DAYOFYEAR', 'DOY'),
  shortcut('DAYOFMONTH', 'DAY'),
  shortcut('DAYOFWEEK', 'DOW'),
  shortcut('HOUR', 'HOUR'),
  shortcut('MINUTE', 'MINUTE'),
  shortcut('SECOND', 'SECOND'),
  fn('FLOOR_TIME', floorCeilResolve(false)),
  fn('CEIL_TIME', floorCeilResolve(true)),
  fn('DATETIME_PLUS', datetimePlus(1)),
  fn('DATETIME_MINUS', datetimePlus(-1)),
  fn('TIMESTAMPADD', (args, ctx, name) => {
    if (args.length !== 3 || !isInt(args[1]!.type)) throw invalidCall(name, args);
    const unit = unitOf(name, args, 0);
    const t = args[2]!.type;
    const nullable = anyNullable(args.slice(1));
    const zone = ctx.timeZone;
    switch (t.root) {
      case 'TIMESTAMP':
        return strict(withNullable(t, nullable), (_u: string, n: Int, v: number) => addUnit(v, unit, intValue(n)));
      case 'TIMESTAMP_LTZ':
        return strict(withNullable(t, nullable), (_u: string, n: Int, v: number) => localToUtc(addUnit(utcToLocal(v, zone), unit, intValue(n)), zone));
      case 'DATE':
        if (FIXED_UNITS[unit] !== undefined && unit !== 'DAY')
          return strict(TS(0, nullable), (_u: string, n: Int, v: number) => addUnit(v * MS_PER_DAY, unit, intValue(n)));
        return strict(DATE(nullable), (_u: string, n: Int, v: number) => Math.floor(addUnit(v * MS_PER_DAY, unit, intValue(n)) / MS_PER_DAY));
      case 'TIME':
        return strict(withNullable(t, nullable), (_u: string, n: Int, v: number) =>
          FIXED_UNITS[unit] !== undefined && unit !== 'DAY' ? MOD(addUnit(v, unit, intValue(n)), MS_PER_DAY) : v,
        );
      default:
        throw invalidCall(name, args);
    }
  }),
  fn('TIMESTAMPDIFF', (args, ctx, name) => {
    if (args.length !== 3) throw invalidCall(name, args);
    const unit = unitOf(name, args, 0);
    const [ta, tb] = [args[1]!.type, args[2]!.type];
    if ((ta.root === 'TIMESTAMP_LTZ') !== (tb.root === 'TIMESTAMP_LTZ'))
      throw validationError('TIMESTAMP_LTZ only supports diff between the same type.');
    const ra = wallReader(ta, ctx.timeZone), rb = wallReader(tb, ctx.timeZone);
    if (ra === null || rb === null || (ta.root === 'TIME') !== (tb.root === 'TIME')) throw invalidCall(name, args);
    diffUnit(unit, 0, 0);
    return strict(INT(anyNullable(args.slice(1))), (_u: string, a: number, b: number) => diffUnit(unit, ra(a), rb(b)));
  }),
  fn('DATE_FORMAT', (args, ctx, name) => {
    if (args.length !== 2 || !isTemporalOrStr(args[0]!.type) || !isStr(args[1]!.type)) throw invalidCall(name, args);
    const t = args[0]!.type;
    const fmt = formatterOf(args[1]);
    const zone = ctx.timeZone;
    if (isCharacterString(t) || t.root === 'NULL')
      return strict(STRING(true), (s: string, f: string) => {
        const v = parseTimestamp(s);
        return v === null ? null : fmt(tsToFractionalMs(v), f);
      });
    const rd = wallReader(t, zone)!;
    return strict(STRING(true), (v: number, f: string) => fmt(rd(v), f));
  }),
  fn('TO_TIMESTAMP', (args, _ctx, name) => {
    if (args.length < 1 || args.length > 2 || !args.every((a) => isStr(a.type))) throw invalidCall(name, args);
    const parse = timestampParser(args[1]);
    return strict(TS(3, true), (s: string, f?: string) => {
      const r = parse(s, f);
      return r === null ? null : truncateMillis(r.wallMs, 3);
    });
  }),
  fn('TO_TIMESTAMP_LTZ', (args, ctx, name) => {
    const t0 = args[0]?.type;
    if (!t0) throw invalidCall(name, args);
    if (isNum(t0) && !isStr(t0) && t0.root !== 'NULL') {
      if (args.length > 2 || (args.length === 2 && !isInt(args[1]!.type))) throw invalidCall(name, args);
      const pl = args.length === 2 ? literalOf(args[1]) : 3;
      const conv = toEpochDouble(t0);
      const toMs = (x: number, p: number): number | null => {
        const ms = p === 0 ? x * 1000 : p === 3 ? x : x * 10 ** (3 - p);
        if (!Number.isFinite(ms) || ms < MIN_EPOCH_MS || ms > MAX_EPOCH_MS) return null;
        return Math.floor(ms);
      };
      if (typeof pl === 'number' || typeof pl === 'bigint') {
        const p = intValue(pl);
        if (p !== 0 && p !== 3) throw validationError(`The precision value '${p}' for function TO_TIMESTAMP_LTZ(numeric, precision) is unsupported, the supported value is '0' for second or '3' for millisecond.`);
        return strict(LTZ(3, true), (x: unknown) => toMs(conv(x), p));
      }
      return strict(LTZ(3, true), (x: unknown, p: Int) => toMs(conv(x), intValue(p)));
    }
    if (args.length < 1 || args.length > 3 || !args.every((a) => isStr(a.type))) throw invalidCall(name, args);
    const parse = timestampParser(args[1]);
    const zoneLit = literalOf(args[2]);
    const sessionZone = ctx.timeZone;
    return strict(LTZ(3, true), (s: string, f?: string, z?: string) => {
      const r = parse(s, f);
      if (r === null) return null;
      const wall = truncateMillis(r.wallMs, 3);
      if (r.offsetMs !== undefined) return wall - r.offsetMs;
      return localToUtc(wall, typeof zoneLit === 'string' ? zoneLit : (z ?? sessionZone));
    });
  }),
  fn('TO_DATE', (args, _ctx, name) => {
    if (args.length < 1 || args.length > 2 || !args.every((a) => isStr(a.type))) throw invalidCall(name, args);
    if (args.length === 1)
      return strict(DATE(true), (s: string) => {
        const m = /^\s*([^\sT]+)/.exec(s);
        return m === null ? null : parseDate(m[1]!);
      });
    const parse = timestampParser(args[1]);
    return strict(DATE(true), (s: string, f: string) => {
      const r = parse(s, f);
      return r === null ? null : Math.floor(r.wallMs / MS_PER_DAY);
    });
  }),
  fn('FROM_UNIXTIME', (args, ctx, name) => {
    if (args.length < 1 || args.length > 2 || !isNum(args[0]!.type) || (args.length === 2 && !isStr(args[1]!.type))) throw invalidCall(name, args);
    const fmt = formatterOf(args[1]);
    const conv = toEpochDouble(args[0]!.type);
    const zone = ctx.timeZone;
    return strict(STRING(anyNullable(args)), (x: unknown, f?: string) => fmt(utcToLocal(Math.floor(conv(x)) * 1000, zone), f));
  }),
  fn('UNIX_TIMESTAMP', (args, ctx, name) => {
    if (args.length === 0) return strict(BIGINT(false), () => Math.floor(currentMillis() / 1000), { deterministic: false });
    if (args.length > 2 || !args.every((a) => isStr(a.type))) throw invalidCall(name, args);
    const parse = timestampParser(args[1] ?? { type: args[0]!.type, literal: { value: DEFAULT_TS_PATTERN } }, true);
    const zone = ctx.timeZone;
    return strict(BIGINT(anyNullable(args)), (s: string, f?: string) => {
      const r = parse(s, f);
      if (r === null) return MIN_LONG;
      const wall = Math.floor(r.wallMs);
      const instant = r.offsetMs !== undefined ? wall - r.offsetMs : localToUtc(wall, zone);
      return Math.floor(instant / 1000);
    });
  }),
  fn('CONVERT_TZ', (args, _ctx, name) => {
    if (args.length !== 3 || !args.every((a) => isStr(a.type))) throw invalidCall(name, args);
    const f = compileFormatter(DEFAULT_TS_PATTERN);
    return strict(STRING(true), (s: string, from: string, to: string) => {
      const v = parseTimestamp(s);
      if (v === null) return null;
      return f(utcToLocal(localToUtc(tsMillis(v), from), to));
    });
  }),
  fn('OVERLAPS', (args, _ctx, name) => {
    if (args.length !== 4) throw invalidCall(name, args);
    const end = (i: number) => (s: number, e: number): [number, number] => {
      const ee = isInterval(args[i]!.type) ? (args[i - 1]!.type.root === 'DATE' ? s + e / MS_PER_DAY : s + e) : e;
      return s <= ee ? [s, ee] : [ee, s];
    };
    const p1 = end(1), p2 = end(3);
    return strict(BOOLEAN(anyNullable(args)), (s1: number, e1: number, s2: number, e2: number) => {
      const [a1, b1] = p1(s1, e1);
      const [a2, b2] = p2(s2, e2);
      return a1 <= b2 && a2 <= b1;
    });
  }),
  nowFn('CURRENT_DATE', DATE(false), (ctx) => () => Math.floor(utcToLocal(currentMillis(), ctx.timeZone) / MS_PER_DAY)),
  nowFn('CURRENT_TIME', TIME(0, false), (ctx) => () => MOD(Math.floor(utcToLocal(currentMillis(), ctx.timeZone) / 1000) * 1000, MS_PER_DAY)),
  nowFn('LOCALTIME', TIME(0, false), (ctx) => () => MOD(Math.floor(utcToLocal(currentMillis(), ctx.timeZone) / 1000) * 1000, MS_PER_DAY)),
  nowFn('CURRENT_TIMESTAMP', LTZ(3, false), () => currentMillis),
  nowFn('NOW', LTZ(3, false), () => currentMillis),
  nowFn('CURRENT_ROW_TIMESTAMP', LTZ(3, false), () => currentMillis),
  nowFn('LOCALTIMESTAMP', TS(3, false), (ctx) => () => utcToLocal(currentMillis(), ctx.timeZone)),
];

/** Nanosecond timestamps (precision > 3) reach these as fractional milliseconds (lib/nano-timestamps.ts). */
export const functions: ScalarFunction[] = temporalFunctions.map(millisBoundary);

void zoneOffsetMs;
void custom;
