/**
 * CAST and TRY_CAST: which casts Flink allows (LogicalTypeCasts, plus the
 * planner's refusals of NUMERIC <-> TIMESTAMP) and a compiled conversion per
 * (from, to) pair that follows Flink 1.15+'s non-legacy cast rules:
 * integral narrowing wraps like Java, FLOAT/DOUBLE -> INT/BIGINT saturate,
 * DECIMAL -> integral truncates then wraps, numeric -> DECIMAL rounds HALF_UP
 * and gives NULL on overflow, STRING -> number fails on bad input (TRY_CAST
 * gives NULL), CHAR(n)/VARCHAR(n) pad/truncate, TIMESTAMP <-> TIMESTAMP_LTZ
 * through the session zone, constructed types element by element.
 */
import { WeirError } from '../common/error.ts';
import type { LogicalType } from './logical-type.ts';
import { MAX_LENGTH, isCharacterString, isIntegral, typeEquals, typeToString } from './logical-type.ts';
import { type Int, MAX_LONG, MIN_LONG, norm } from './int64.ts';
import {
  decimalFromDouble,
  decimalToDouble,
  divPow10Trunc,
  fitsPrecision,
  mulPow10,
  parseDecimal,
  toDecimal,
} from './decimal.ts';
import { formatValue, stringToBytes, bytesToString } from './format.ts';
import {
  MS_PER_DAY,
  MS_PER_SECOND,
  localToUtc,
  parseDate,
  parseTime,
  parseTimestamp,
  timestampToDate,
  timestampToTime,
  truncateMillis,
  isNanoPrecision,
  tsAt,
  tsLocalToUtc,
  tsMillis,
  tsToFractionalMs,
  tsUtcToLocal,
  type TsValue,
} from './temporal.ts';

export type CastFn = (v: unknown) => unknown;

type Family = 'CHARACTER_STRING' | 'BINARY_STRING' | 'EXACT_NUMERIC' | 'APPROXIMATE_NUMERIC' | 'NUMERIC' | 'INTEGER_NUMERIC' | 'DATETIME' | 'TIMESTAMP' | 'TIME' | 'INTERVAL' | 'PREDEFINED' | 'CONSTRUCTED';

function inFamily(t: LogicalType, f: Family): boolean {
  const r = t.root;
  switch (f) {
    case 'CHARACTER_STRING':
      return r === 'CHAR' || r === 'VARCHAR';
    case 'BINARY_STRING':
      return r === 'BINARY' || r === 'VARBINARY';
    case 'INTEGER_NUMERIC':
      return isIntegral(t);
    case 'EXACT_NUMERIC':
      return isIntegral(t) || r === 'DECIMAL';
    case 'APPROXIMATE_NUMERIC':
      return r === 'FLOAT' || r === 'DOUBLE';
    case 'NUMERIC':
      return isIntegral(t) || r === 'DECIMAL' || r === 'FLOAT' || r === 'DOUBLE';
    case 'DATETIME':
      return r === 'DATE' || r === 'TIME' || r === 'TIMESTAMP' || r === 'TIMESTAMP_LTZ';
    case 'TIMESTAMP':
      return r === 'TIMESTAMP' || r === 'TIMESTAMP_LTZ';
    case 'TIME':
      return r === 'TIME';
    case 'INTERVAL':
      return r === 'INTERVAL_YEAR_MONTH' || r === 'INTERVAL_DAY_TIME';
    case 'CONSTRUCTED':
      return r === 'ARRAY' || r === 'MAP' || r === 'MULTISET' || r === 'ROW';
    case 'PREDEFINED':
      return !(r === 'ARRAY' || r === 'MAP' || r === 'MULTISET' || r === 'ROW' || r === 'RAW' || r === 'DESCRIPTOR' || r === 'NULL');
  }
}

type Rule = { implicit: (t: LogicalType) => boolean; explicit: (t: LogicalType) => boolean };
const roots = (...rs: string[]) => (t: LogicalType) => rs.includes(t.root);
const fams = (...fs: Family[]) => (t: LogicalType) => fs.some((f) => inFamily(t, f));
const or = (...ps: ((t: LogicalType) => boolean)[]) => (t: LogicalType) => ps.some((p) => p(t));


const NUMERIC_EXTRA = roots('BOOLEAN', 'TIMESTAMP', 'TIMESTAMP_LTZ');

/** Flink's LogicalTypeCasts table: implicit and explicit sources per target root. */
const RULES: Partial<Record<LogicalType['root'], Rule>> = {
  CHAR: { implicit: roots('CHAR'), explicit: or(fams('PREDEFINED', 'CONSTRUCTED'), roots('NULL', 'RAW')) },
  VARCHAR: { implicit: fams('CHARACTER_STRING'), explicit: or(fams('PREDEFINED', 'CONSTRUCTED'), roots('NULL', 'RAW')) },
  BOOLEAN: { implicit: roots('BOOLEAN'), explicit: fams('CHARACTER_STRING', 'INTEGER_NUMERIC') },
  BINARY: { implicit: roots('BINARY'), explicit: or(fams('CHARACTER_STRING'), roots('VARBINARY')) },
  VARBINARY: { implicit: fams('BINARY_STRING'), explicit: fams('CHARACTER_STRING') },
  DECIMAL: { implicit: fams('NUMERIC'), explicit: or(fams('CHARACTER_STRING', 'INTERVAL'), NUMERIC_EXTRA) },
  TINYINT: { implicit: roots('TINYINT'), explicit: or(fams('NUMERIC', 'CHARACTER_STRING', 'INTERVAL'), NUMERIC_EXTRA) },
  SMALLINT: { implicit: roots('TINYINT', 'SMALLINT'), explicit: or(fams('NUMERIC', 'CHARACTER_STRING', 'INTERVAL'), NUMERIC_EXTRA) },
  INTEGER: { implicit: roots('TINYINT', 'SMALLINT', 'INTEGER'), explicit: or(fams('NUMERIC', 'CHARACTER_STRING', 'INTERVAL'), NUMERIC_EXTRA) },
  BIGINT: { implicit: roots('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT'), explicit: or(fams('NUMERIC', 'CHARACTER_STRING', 'INTERVAL'), NUMERIC_EXTRA) },
  FLOAT: { implicit: roots('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'FLOAT', 'DECIMAL'), explicit: or(fams('NUMERIC', 'CHARACTER_STRING'), NUMERIC_EXTRA) },
  DOUBLE: { implicit: fams('NUMERIC'), explicit: or(fams('CHARACTER_STRING'), NUMERIC_EXTRA) },
  DATE: { implicit: roots('DATE', 'TIMESTAMP'), explicit: fams('TIMESTAMP', 'CHARACTER_STRING') },
  TIME: { implicit: roots('TIME', 'TIMESTAMP'), explicit: fams('TIME', 'TIMESTAMP', 'CHARACTER_STRING') },
  TIMESTAMP: { implicit: roots('TIMESTAMP', 'TIMESTAMP_LTZ'), explicit: fams('DATETIME', 'CHARACTER_STRING', 'NUMERIC') },
  TIMESTAMP_LTZ: { implicit: roots('TIMESTAMP_LTZ', 'TIMESTAMP'), explicit: fams('DATETIME', 'CHARACTER_STRING', 'NUMERIC') },
  INTERVAL_YEAR_MONTH: { implicit: roots('INTERVAL_YEAR_MONTH'), explicit: fams('EXACT_NUMERIC', 'CHARACTER_STRING') },
  INTERVAL_DAY_TIME: { implicit: roots('INTERVAL_DAY_TIME'), explicit: fams('EXACT_NUMERIC', 'CHARACTER_STRING') },
};

function isSingleFieldInterval(t: LogicalType): boolean {
  if (t.root === 'INTERVAL_YEAR_MONTH') return t.resolution !== 'YEAR_TO_MONTH';
  if (t.root === 'INTERVAL_DAY_TIME') return !t.resolution.includes('_TO_');
  return false;
}

function supports(from: LogicalType, to: LogicalType, explicit: boolean): boolean {
  if (from.root === 'NULL') return true;
  const fc = inFamily(from, 'CONSTRUCTED');
  const tc = inFamily(to, 'CONSTRUCTED');
  if (fc || tc) {
    if (from.root === to.root) {
      switch (from.root) {
        case 'ARRAY':
        case 'MULTISET':
          return supports(from.element, (to as typeof from).element, explicit);
        case 'MAP': {
          const tm = to as typeof from;
          return supports(from.key, tm.key, explicit) && supports(from.value, tm.value, explicit);
        }
        case 'ROW': {
          const tf = (to as typeof from).fields;
          return from.fields.length === tf.length && from.fields.every((f, i) => supports(f.type, tf[i]!.type, explicit));
        }
        default:
          return false;
      }
    }
    return explicit && fc && isCharacterString(to);
  }
  if (from.root === to.root && from.root !== 'RAW' && from.root !== 'DESCRIPTOR') return true;
  if (inFamily(from, 'INTERVAL') && inFamily(to, 'EXACT_NUMERIC')) return isSingleFieldInterval(from);
  if (inFamily(from, 'EXACT_NUMERIC') && inFamily(to, 'INTERVAL')) return isSingleFieldInterval(to);
  const rule = RULES[to.root];
  if (!rule) return false;
  return rule.implicit(from) || (explicit && rule.explicit(from));
}

/** Flink's supportsImplicitCast (type widening without loss; nullability ignored). */
export function canImplicitCast(from: LogicalType, to: LogicalType): boolean {
  return supports(from, to, false);
}

/**
 * Why CAST(from AS to) is refused at validation, in Flink's words, or null when it is allowed.
 * Includes the planner's refusals of NUMERIC <-> TIMESTAMP(_LTZ) that the type table allows.
 */
export function castValidationError(from: LogicalType, to: LogicalType): string | null {
  if (inFamily(from, 'NUMERIC') && to.root === 'TIMESTAMP') {
    return "The cast from NUMERIC type to TIMESTAMP type is not allowed. It's recommended to use TO_TIMESTAMP(FROM_UNIXTIME(numeric_col)) instead, note the numeric is in seconds.";
  }
  if (inFamily(from, 'NUMERIC') && to.root === 'TIMESTAMP_LTZ') {
    return "The cast from NUMERIC type to TIMESTAMP_LTZ type is not allowed. It's recommended to use TO_TIMESTAMP_LTZ(numeric_col, precision) instead.";
  }
  if (from.root === 'TIMESTAMP' && inFamily(to, 'NUMERIC')) {
    return "The cast from TIMESTAMP type to NUMERIC type is not allowed. It's recommended to use UNIX_TIMESTAMP(CAST(timestamp_col AS STRING)) instead.";
  }
  if (!supports(from, to, true)) {
    return `Cast function cannot convert value of type ${typeToString(from)} to type ${typeToString(to)}`;
  }
  return null;
}

/** Whether CAST(from AS to) passes validation. */
export function canCast(from: LogicalType, to: LogicalType): boolean {
  return castValidationError(from, to) === null;
}

// ---------------------------------------------------------------- runtime conversions

function castError(message: string): never {
  throw new WeirError('runtime', 'CAST_ERROR', message);
}

function numberFormat(s: string): never {
  return castError(`java.lang.NumberFormatException: For input string: "${s}"`);
}

/** Wraps an exact integer to `bits` (Java narrowing: (byte), (short), (int), long overflow). */
export function wrapInt(v: Int, bits: 8 | 16 | 32 | 64): Int {
  if (typeof v === 'number') {
    switch (bits) {
      case 8:
        return (v << 24) >> 24;
      case 16:
        return (v << 16) >> 16;
      case 32:
        return v | 0;
      case 64:
        return v;
    }
  }
  if (bits === 64) return norm(BigInt.asIntN(64, v));
  return wrapInt(Number(BigInt.asIntN(32, v)), bits);
}

const BITS = { TINYINT: 8, SMALLINT: 16, INTEGER: 32, BIGINT: 64 } as const;

/** Java's (int)d / (long)d: truncation toward zero, saturating, NaN -> 0. */
function doubleToIntegral(d: number, bits: 8 | 16 | 32 | 64): Int {
  if (Number.isNaN(d)) return 0;
  if (bits === 64) {
    if (d >= 2 ** 63) return MAX_LONG;
    if (d <= -9223372036854775808) return MIN_LONG;
    const t = Math.trunc(d) + 0;
    return Number.isSafeInteger(t) ? t : BigInt(t);
  }
  let i: number;
  if (d >= 2147483647) i = 2147483647;
  else if (d <= -2147483648) i = -2147483648;
  else i = Math.trunc(d) + 0;
  return bits === 32 ? i : wrapInt(i, bits);
}

const INT_STR_RE = /^[+-]?\d+(?:\.\d*)?$/;

/** Flink's string -> integral: trimmed, optional sign, digits, a fraction is ignored; out of range fails. */
function parseIntegral(s: string, bits: 8 | 16 | 32 | 64): Int {
  const t = s.trim();
  if (!INT_STR_RE.test(t)) return numberFormat(s);
  const dot = t.indexOf('.');
  const digits = dot < 0 ? t : t.slice(0, dot);
  if (digits === '' || digits === '+' || digits === '-') return numberFormat(s);
  const b = BigInt(digits);
  const lim = 1n << BigInt(bits - 1);
  if (b < -lim || b >= lim) return numberFormat(s);
  return norm(b);
}

const TRUE_STRINGS = new Set(['t', 'true', 'y', 'yes', '1']);
const FALSE_STRINGS = new Set(['f', 'false', 'n', 'no', '0']);

function parseBoolean(s: string): boolean {
  const t = s.trim().toLowerCase();
  if (TRUE_STRINGS.has(t)) return true;
  if (FALSE_STRINGS.has(t)) return false;
  return castError(`Cannot parse '${s}' as BOOLEAN.`);
}

const DOUBLE_RE = /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?)$/;

function parseDouble(s: string): number {
  const t = s.trim();
  if (!DOUBLE_RE.test(t)) return numberFormat(s);
  return Number(t.replace(/[fFdD]$/, ''));
}

/** Truncates/pads a string to CHAR(n)/VARCHAR(n) as Flink 1.15+ does (by code points). */
function fitString(s: string, to: LogicalType): string {
  if (to.root !== 'CHAR' && to.root !== 'VARCHAR') return s;
  const n = to.length;
  if (n === MAX_LENGTH) return s;
  if (s.length > n) {
    const cps = Array.from(s);
    if (cps.length > n) s = cps.slice(0, n).join('');
  }
  if (to.root === 'CHAR' && s.length < n) {
    const cpLen = Array.from(s).length;
    if (cpLen < n) s = s + ' '.repeat(n - cpLen);
  }
  return s;
}

function fitBytes(b: Uint8Array, to: LogicalType): Uint8Array {
  if (to.root !== 'BINARY' && to.root !== 'VARBINARY') return b;
  const n = to.length;
  if (b.length > n) return b.slice(0, n);
  if (to.root === 'BINARY' && b.length < n) {
    const r = new Uint8Array(n);
    r.set(b);
    return r;
  }
  return b;
}

/** Parses Flink's interval string forms: year-month '+2-10', '2-10', '10'; day-time '+1 10:17:36.789' or a number of seconds. */
function parseInterval(s: string, to: LogicalType): number {
  const t = s.trim();
  if (to.root === 'INTERVAL_YEAR_MONTH') {
    const m = /^([+-])?(\d+)(?:-(\d{1,2}))?$/.exec(t);
    if (!m) return castError(`Invalid interval value '${s}'`);
    let months: number;
    if (m[3] !== undefined) months = Number(m[2]) * 12 + Number(m[3]);
    else months = to.root === 'INTERVAL_YEAR_MONTH' && to.resolution === 'MONTH' ? Number(m[2]) : Number(m[2]) * 12;
    return m[1] === '-' ? -months : months;
  }
  const m = /^([+-])?(?:(\d+) )?(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,9}))?$/.exec(t);
  if (!m) return castError(`Invalid interval value '${s}'`);
  const ms =
    Number(m[2] ?? 0) * MS_PER_DAY +
    Number(m[3]) * 3_600_000 +
    Number(m[4]) * 60_000 +
    Number(m[5]) * 1000 +
    Number(((m[6] ?? '') + '000').slice(0, 3));
  return m[1] === '-' ? -ms : ms;
}

function toIntegralFn(from: LogicalType, to: LogicalType, zone: string): CastFn {
  const bits = BITS[to.root as keyof typeof BITS];
  switch (from.root) {
    case 'TINYINT':
    case 'SMALLINT':
    case 'INTEGER':
    case 'BIGINT':
    case 'INTERVAL_YEAR_MONTH':
    case 'INTERVAL_DAY_TIME':
      if (bits === 64 || (from.root !== 'BIGINT' && BITS[from.root as keyof typeof BITS] <= bits)) return (v) => v;
      return (v) => wrapInt(v as Int, bits);
    case 'DECIMAL': {
      const s = from.scale;
      return (v) => wrapInt(divPow10Trunc(v as Int, s), bits);
    }
    case 'FLOAT':
    case 'DOUBLE':
      return (v) => doubleToIntegral(v as number, bits);
    case 'BOOLEAN':
      return (v) => (v ? 1 : 0);
    case 'CHAR':
    case 'VARCHAR':
      return (v) => parseIntegral(v as string, bits);
    case 'TIMESTAMP_LTZ':
      return (v) => wrapInt(Math.floor(tsMillis(v as TsValue) / MS_PER_SECOND), bits);
    default:
      void zone;
      return unsupported(from, to);
  }
}

function toApproxFn(from: LogicalType, to: LogicalType): CastFn {
  const f32 = to.root === 'FLOAT';
  const out = f32 ? Math.fround : (x: number) => x;
  switch (from.root) {
    case 'TINYINT':
    case 'SMALLINT':
    case 'INTEGER':
      return f32 ? (v) => Math.fround(v as number) : (v) => v;
    case 'BIGINT':
      return (v) => out(Number(v as Int));
    case 'DECIMAL': {
      const s = from.scale;
      return (v) => out(decimalToDouble(v as Int, s));
    }
    case 'FLOAT':
    case 'DOUBLE':
      return (v) => out(v as number);
    case 'BOOLEAN':
      return (v) => (v ? 1 : 0);
    case 'CHAR':
    case 'VARCHAR':
      return (v) => out(parseDouble(v as string));
    case 'TIMESTAMP_LTZ':
      return (v) => out(tsToFractionalMs(v as TsValue) / MS_PER_SECOND);
    default:
      return unsupported(from, to);
  }
}

function toDecimalFn(from: LogicalType, to: LogicalType & { root: 'DECIMAL' }): CastFn {
  const p = to.precision;
  const s = to.scale;
  switch (from.root) {
    case 'TINYINT':
    case 'SMALLINT':
    case 'INTEGER':
    case 'BIGINT':
    case 'INTERVAL_YEAR_MONTH':
    case 'INTERVAL_DAY_TIME':
      return (v) => toDecimal(v as Int, 0, p, s);
    case 'DECIMAL': {
      const fs = from.scale;
      if (fs === s && from.precision <= p) return (v) => v;
      return (v) => toDecimal(v as Int, fs, p, s);
    }
    case 'FLOAT':
    case 'DOUBLE':
      return (v) => decimalFromDouble(v as number, p, s);
    case 'BOOLEAN': {
      const one = mulPow10(1, s);
      const fits = fitsPrecision(one, p);
      return (v) => (v ? (fits ? one : null) : 0);
    }
    case 'CHAR':
    case 'VARCHAR':
      return (v) => {
        const r = parseDecimal(v as string, p, s);
        if (r === undefined) return numberFormat(v as string);
        if (r === null) return castError(`java.lang.NumberFormatException: The value '${(v as string).trim()}' does not fit DECIMAL(${p}, ${s})`);
        return r;
      };
    case 'TIMESTAMP_LTZ':
      return (v) => decimalFromDouble(tsToFractionalMs(v as TsValue) / MS_PER_SECOND, p, s);
    default:
      return unsupported(from, to);
  }
}

function toStringFn(from: LogicalType, to: LogicalType, zone: string): CastFn {
  if (isCharacterString(from)) {
    if (to.root === 'VARCHAR' && (to.length === MAX_LENGTH || (from.root === 'VARCHAR' && from.length <= to.length))) return (v) => v;
    return (v) => fitString(v as string, to);
  }
  if (from.root === 'BINARY' || from.root === 'VARBINARY') return (v) => fitString(bytesToString(v as Uint8Array), to);
  return (v) => fitString(formatValue(v, from, zone), to);
}

function toTemporalFn(from: LogicalType, to: LogicalType, zone: string): CastFn {
  switch (to.root) {
    case 'DATE':
      switch (from.root) {
        case 'CHAR':
        case 'VARCHAR':
          return (v) => parseDate(v as string) ?? castError(`java.time.DateTimeException: Invalid date value '${v as string}'`);
        case 'TIMESTAMP':
          return (v) => timestampToDate(v as TsValue);
        case 'TIMESTAMP_LTZ':
          return (v) => timestampToDate(tsUtcToLocal(v as TsValue, zone));
        default:
          return unsupported(from, to);
      }
    case 'TIME': {
      const p = Math.min(to.precision, 3);
      switch (from.root) {
        case 'CHAR':
        case 'VARCHAR':
          // Flink drops the fraction of a string cast to TIME (FLINK-17224)
          return (v) => {
            const t = parseTime(v as string);
            if (t === null) return castError(`java.time.DateTimeException: Invalid time value '${v as string}'`);
            return truncateMillis(t, 0);
          };
        case 'TIME':
          return from.precision <= p ? (v) => v : (v) => truncateMillis(v as number, p);
        case 'TIMESTAMP':
          return (v) => truncateMillis(timestampToTime(v as TsValue), p);
        case 'TIMESTAMP_LTZ':
          return (v) => truncateMillis(timestampToTime(tsUtcToLocal(v as TsValue, zone)), p);
        default:
          return unsupported(from, to);
      }
    }
    case 'TIMESTAMP': {
      const p = to.precision;
      switch (from.root) {
        case 'CHAR':
        case 'VARCHAR':
          return (v) => {
            const t = parseTimestamp(v as string);
            if (t === null) return castError(`java.time.DateTimeException: Invalid timestamp value '${v as string}'`);
            return tsAt(t, p);
          };
        case 'DATE':
          return (v) => tsAt((v as number) * MS_PER_DAY, p);
        case 'TIME':
          // Flink drops the fraction of a TIME (FLINK-17224)
          return (v) => tsAt(truncateMillis(v as number, 0), p);
        case 'TIMESTAMP':
          return sameRepresentation(from.precision, p) ? (v) => v : (v) => tsAt(v as TsValue, p);
        case 'TIMESTAMP_LTZ':
          return (v) => tsAt(tsUtcToLocal(v as TsValue, zone), p);
        default:
          return unsupported(from, to);
      }
    }
    case 'TIMESTAMP_LTZ': {
      const p = to.precision;
      switch (from.root) {
        case 'CHAR':
        case 'VARCHAR':
          return (v) => {
            const t = parseTimestamp(v as string);
            if (t === null) return castError(`java.time.DateTimeException: Invalid timestamp value '${v as string}'`);
            return tsAt(tsLocalToUtc(t, zone), p);
          };
        case 'DATE':
          return (v) => tsAt(localToUtc((v as number) * MS_PER_DAY, zone), p);
        case 'TIME':
          return (v) => tsAt(localToUtc(truncateMillis(v as number, 0), zone), p);
        case 'TIMESTAMP':
          return (v) => tsAt(tsLocalToUtc(v as TsValue, zone), p);
        case 'TIMESTAMP_LTZ':
          return sameRepresentation(from.precision, p) ? (v) => v : (v) => tsAt(v as TsValue, p);
        default:
          return unsupported(from, to);
      }
    }
    default:
      return unsupported(from, to);
  }
}

/** Whether two timestamp precisions that only widen share a representation (ms number up to 3, ns bigint above). */
function sameRepresentation(fromPrecision: number, toPrecision: number): boolean {
  return fromPrecision <= toPrecision && isNanoPrecision(fromPrecision) === isNanoPrecision(toPrecision);
}

function unsupported(from: LogicalType, to: LogicalType): never {
  throw new WeirError('validation', 'CAST_UNSUPPORTED', `Cast function cannot convert value of type ${typeToString(from)} to type ${typeToString(to)}`);
}

function nullSafe(f: CastFn): CastFn {
  return (v) => (v === null ? null : f(v));
}

function buildCast(from: LogicalType, to: LogicalType, zone: string): CastFn {
  if (from.root === 'NULL') return () => null;
  if (typeEquals(from, to, true)) return (v) => v;
  switch (to.root) {
    case 'CHAR':
    case 'VARCHAR':
      return toStringFn(from, to, zone);
    case 'BOOLEAN':
      if (from.root === 'BOOLEAN') return (v) => v;
      if (isCharacterString(from)) return (v) => parseBoolean(v as string);
      if (isIntegral(from)) return (v) => v !== 0 && v !== 0n;
      return unsupported(from, to);
    case 'BINARY':
    case 'VARBINARY':
      if (isCharacterString(from)) return (v) => fitBytes(stringToBytes(v as string), to);
      if (from.root === 'BINARY' || from.root === 'VARBINARY') return (v) => fitBytes(v as Uint8Array, to);
      return unsupported(from, to);
    case 'TINYINT':
    case 'SMALLINT':
    case 'INTEGER':
    case 'BIGINT':
      return toIntegralFn(from, to, zone);
    case 'FLOAT':
    case 'DOUBLE':
      return toApproxFn(from, to);
    case 'DECIMAL':
      return toDecimalFn(from, to);
    case 'DATE':
    case 'TIME':
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return toTemporalFn(from, to, zone);
    case 'INTERVAL_YEAR_MONTH':
    case 'INTERVAL_DAY_TIME':
      if (from.root === to.root) return (v) => v;
      if (isCharacterString(from)) return (v) => parseInterval(v as string, to);
      if (from.root === 'DECIMAL') {
        const s = from.scale;
        return (v) => Number(divPow10Trunc(v as Int, s));
      }
      if (isIntegral(from)) return (v) => Number(v as Int);
      return unsupported(from, to);
    case 'ARRAY': {
      if (from.root !== 'ARRAY') return unsupported(from, to);
      const el = nullSafe(buildCast(from.element, to.element, zone));
      return (v) => (v as unknown[]).map(el);
    }
    case 'MULTISET': {
      if (from.root !== 'MULTISET') return unsupported(from, to);
      const el = nullSafe(buildCast(from.element, to.element, zone));
      return (v) => {
        const m = new Map<unknown, number>();
        for (const [k, n] of v as Map<unknown, number>) {
          const nk = el(k);
          m.set(nk, (m.get(nk) ?? 0) + n);
        }
        return m;
      };
    }
    case 'MAP': {
      if (from.root !== 'MAP') return unsupported(from, to);
      const kf = nullSafe(buildCast(from.key, to.key, zone));
      const vf = nullSafe(buildCast(from.value, to.value, zone));
      return (v) => {
        const m = new Map<unknown, unknown>();
        for (const [k, x] of v as Map<unknown, unknown>) m.set(kf(k), vf(x));
        return m;
      };
    }
    case 'ROW': {
      if (from.root !== 'ROW' || from.fields.length !== to.fields.length) return unsupported(from, to);
      const fs = from.fields.map((f, i) => nullSafe(buildCast(f.type, to.fields[i]!.type, zone)));
      return (v) => fs.map((f, i) => f((v as unknown[])[i] ?? null));
    }
    default:
      if (from.root === to.root) return (v) => v;
      return unsupported(from, to);
  }
}

/**
 * The conversion CAST(v AS to) for a non-null v of type `from` (the caller handles NULL). Throws a
 * WeirError('validation') when Flink refuses the cast; the returned function throws
 * WeirError('runtime', 'CAST_ERROR') on bad input, or returns null instead when `safe` (TRY_CAST).
 * A numeric value that does not fit a DECIMAL gives null in both modes, as in Flink.
 */
export function castFunction(from: LogicalType, to: LogicalType, safe = false, zone = 'UTC'): CastFn {
  const why = castValidationError(from, to);
  if (why !== null) throw new WeirError('validation', 'CAST_UNSUPPORTED', why);
  const f = buildCast(from, to, zone);
  if (!safe) return f;
  return (v) => {
    try {
      return f(v);
    } catch (e) {
      if (e instanceof WeirError && e.code === 'CAST_ERROR') return null;
      throw e;
    }
  };
}

/** Whether a cast of a value could fail or produce NULL at run time (so the result is nullable). */
export function castMayFail(from: LogicalType, to: LogicalType): boolean {
  if (to.root === 'DECIMAL' && from.root !== 'DECIMAL') return true;
  if (to.root === 'DECIMAL' && from.root === 'DECIMAL') return to.precision - to.scale < from.precision - from.scale;
  return isCharacterString(from) && !isCharacterString(to);
}
