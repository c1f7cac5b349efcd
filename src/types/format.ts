/**
 * Values to text and JSON, and JSON to values.
 *
 * - `formatValue` is Flink's CAST(v AS STRING) rendering for every type (Flink
 *   1.15+ rules: 'TRUE'/'FALSE', Java's Float/Double.toString, DECIMAL with its
 *   scale, '[1, NULL]', '{k=v}', '(1, abc)', intervals '+2-10' and
 *   '+0 00:00:50.000', TIME without fraction, TIMESTAMP(p) with p digits).
 * - `toJsonValue` is Weir's `--format=changelog-json` value encoding.
 * - `fromJsonValue` reads a parsed JSON value the way Flink's JSON format
 *   reads a field into a type; `parseJsonExact` is JSON.parse keeping long
 *   numbers exact.
 */
import type { LogicalType } from './logical-type.ts';
import { type Int, MAX_LONG, MIN_LONG, big, norm } from './int64.ts';
import { decimalToString, fitsPrecision, parseDecimalUnscaled } from './decimal.ts';
import {
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  formatDate,
  formatTime,
  formatTimestamp,
  parseDate,
  parseTime,
  parseTimestamp,
  truncateMillis,
  tsAt,
  tsLocalToUtc,
  tsUtcToLocal,
  type TsValue,
} from './temporal.ts';

// ---------------------------------------------------------------- Java number printing

/** Java's notation around shortest digits: plain for 1e-3 <= |x| < 1e7, else d.dddE±n. */
function javaNotation(x: number, mantissaDigits: string, exp10: number): string {
  const neg = x < 0 ? '-' : '';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e7) {
    // digits d1 d2 … with the decimal point after position exp10 + 1
    const pointPos = exp10 + 1;
    let intPart: string;
    let frac: string;
    if (pointPos <= 0) {
      intPart = '0';
      frac = '0'.repeat(-pointPos) + mantissaDigits;
    } else if (pointPos >= mantissaDigits.length) {
      intPart = mantissaDigits + '0'.repeat(pointPos - mantissaDigits.length);
      frac = '';
    } else {
      intPart = mantissaDigits.slice(0, pointPos);
      frac = mantissaDigits.slice(pointPos);
    }
    return `${neg}${intPart}.${frac === '' ? '0' : frac}`;
  }
  const rest = mantissaDigits.slice(1);
  return `${neg}${mantissaDigits[0]}.${rest === '' ? '0' : rest}E${exp10}`;
}

function special(x: number): string | undefined {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  return undefined;
}

/**
 * Digits and exponent of the shortest form (`expForm` like '-1.2345e+2'). As in JDK 19+, when the
 * shortest form has one digit the closest two-digit decimal is used instead (4.9E-324, not 5.0E-324).
 */
function digitsAndExp(x: number, expForm: string, isFloat: boolean): { digits: string; exp: number } {
  let [m, e] = expForm.replace(/^-/, '').split('e') as [string, string];
  if (m.length === 1) {
    const two = x.toExponential(1);
    if (isFloat ? Math.fround(Number(two)) === x : Number(two) === x) [m, e] = two.replace(/^-/, '').split('e') as [string, string];
  }
  const digits = m.replace('.', '').replace(/(?<=.)0+$/, '');
  return { digits, exp: Number(e) };
}

/** Java's Double.toString (shortest repr digits, as JDK 19+ prints them). */
export function javaDoubleToString(x: number): string {
  const s = special(x);
  if (s !== undefined) return s;
  const { digits, exp } = digitsAndExp(x, x.toExponential(), false);
  return javaNotation(x, digits, exp);
}

/** Shortest decimal digits that read back as the same 32-bit float. */
function floatExponential(x: number): string {
  for (let p = 1; p < 9; p++) {
    const e = x.toExponential(p - 1);
    if (Math.fround(Number(e)) === x) return e;
  }
  return x.toExponential(8);
}

/** Java's Float.toString: the shortest decimal that reads back as the same float. */
export function javaFloatToString(x: number): string {
  const s = special(x);
  if (s !== undefined) return s;
  const { digits, exp } = digitsAndExp(Math.fround(x), floatExponential(Math.fround(x)), true);
  return javaNotation(x, digits, exp);
}

/** A FLOAT value as the double whose shortest form is the float's shortest form (for JSON output). */
export function floatToShortestDouble(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  return Number(floatExponential(Math.fround(x)));
}

// ---------------------------------------------------------------- intervals

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** INTERVAL YEAR TO MONTH as Flink prints it: '+2-10', '-10-03'. */
export function formatIntervalYearMonth(months: number): string {
  const sign = months < 0 ? '-' : '+';
  const a = Math.abs(months);
  return `${sign}${Math.floor(a / 12)}-${pad2(a % 12)}`;
}

/** INTERVAL DAY TO SECOND as Flink prints it: '+1 10:17:36.789'. */
export function formatIntervalDayTime(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const a = Math.abs(Math.trunc(ms));
  const days = Math.floor(a / MS_PER_DAY);
  const r = a - days * MS_PER_DAY;
  const h = Math.floor(r / MS_PER_HOUR);
  const mi = Math.floor((r % MS_PER_HOUR) / MS_PER_MINUTE);
  const s = Math.floor((r % MS_PER_MINUTE) / 1000);
  const milli = r % 1000;
  return `${sign}${days} ${pad2(h)}:${pad2(mi)}:${pad2(s)}.${String(milli).padStart(3, '0')}`;
}

// ---------------------------------------------------------------- CAST(… AS STRING)

const utf8 = new TextDecoder('utf-8');
const utf8enc = new TextEncoder();

/**
 * Flink's CAST(v AS STRING) rendering of a non-null value of type `t`. A null (top level or
 * nested) renders as 'NULL', as nested values do in Flink. TIMESTAMP_LTZ renders in `zone`.
 */
export function formatValue(v: unknown, t: LogicalType, zone = 'UTC'): string {
  if (v === null || v === undefined) return 'NULL';
  switch (t.root) {
    case 'BOOLEAN':
      return v ? 'TRUE' : 'FALSE';
    case 'TINYINT':
    case 'SMALLINT':
    case 'INTEGER':
    case 'BIGINT':
      return String(v);
    case 'FLOAT':
      return javaFloatToString(v as number);
    case 'DOUBLE':
      return javaDoubleToString(v as number);
    case 'DECIMAL':
      return decimalToString(v as Int, t.scale);
    case 'CHAR':
    case 'VARCHAR':
      return v as string;
    case 'BINARY':
    case 'VARBINARY':
      return utf8.decode(v as Uint8Array);
    case 'DATE':
      return formatDate(v as number);
    case 'TIME':
      return formatTime(v as number, 0);
    case 'TIMESTAMP':
      return formatTimestamp(v as TsValue, t.precision);
    case 'TIMESTAMP_LTZ':
      return formatTimestamp(tsUtcToLocal(v as TsValue, zone), t.precision);
    case 'INTERVAL_YEAR_MONTH':
      return formatIntervalYearMonth(v as number);
    case 'INTERVAL_DAY_TIME':
      return formatIntervalDayTime(v as number);
    case 'ARRAY': {
      const el = t.element;
      return '[' + (v as unknown[]).map((x) => formatValue(x, el, zone)).join(', ') + ']';
    }
    case 'MAP': {
      const parts: string[] = [];
      for (const [k, x] of v as Map<unknown, unknown>) parts.push(`${formatValue(k, t.key, zone)}=${formatValue(x, t.value, zone)}`);
      return '{' + parts.join(', ') + '}';
    }
    case 'MULTISET': {
      const parts: string[] = [];
      for (const [k, n] of v as Map<unknown, number>) parts.push(`${formatValue(k, t.element, zone)}=${n}`);
      return '{' + parts.join(', ') + '}';
    }
    case 'ROW': {
      const row = v as unknown[];
      return '(' + t.fields.map((f, i) => formatValue(row[i], f.type, zone)).join(', ') + ')';
    }
    case 'NULL':
      return 'NULL';
    case 'RAW':
    case 'DESCRIPTOR':
      return String(v);
  }
}

// ---------------------------------------------------------------- changelog-json output

function toBase64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}

/** A MAP/MULTISET key as a JSON object key: its string form, except BOOLEAN as JSON writes it ('true'). */
function jsonKey(k: unknown, t: LogicalType, zone: string): string {
  if (t.root === 'BOOLEAN' && typeof k === 'boolean') return k ? 'true' : 'false';
  return formatValue(k, t, zone);
}

/**
 * A value as Weir's changelog-json writes it: null, booleans, numbers (a BIGINT beyond ±2^53 as
 * a string of digits), DECIMAL as a string with its scale, temporal values as SQL strings (LTZ in
 * `zone`), intervals in Flink's string form, BYTES as base64, ARRAY/ROW as arrays, MAP/MULTISET as
 * objects keyed by the key's string form (BOOLEAN keys 'true'/'false', as JSON writes them). NaN and ±Infinity (not JSON) are strings.
 */
export function toJsonValue(v: unknown, t: LogicalType, zone = 'UTC'): unknown {
  if (v === null || v === undefined) return null;
  switch (t.root) {
    case 'BOOLEAN':
    case 'TINYINT':
    case 'SMALLINT':
    case 'INTEGER':
      return v;
    case 'BIGINT':
      return typeof v === 'bigint' ? v.toString() : v;
    case 'FLOAT':
    case 'DOUBLE': {
      const x = v as number;
      if (!Number.isFinite(x)) return javaDoubleToString(x);
      return t.root === 'FLOAT' ? floatToShortestDouble(x) : x;
    }
    case 'DECIMAL':
      return decimalToString(v as Int, t.scale);
    case 'CHAR':
    case 'VARCHAR':
      return v;
    case 'BINARY':
    case 'VARBINARY':
      return toBase64(v as Uint8Array);
    case 'DATE':
      return formatDate(v as number);
    case 'TIME':
      return formatTime(v as number, t.precision);
    case 'TIMESTAMP':
      return formatTimestamp(v as TsValue, t.precision);
    case 'TIMESTAMP_LTZ':
      return formatTimestamp(tsUtcToLocal(v as TsValue, zone), t.precision);
    case 'INTERVAL_YEAR_MONTH':
      return formatIntervalYearMonth(v as number);
    case 'INTERVAL_DAY_TIME':
      return formatIntervalDayTime(v as number);
    case 'ARRAY': {
      const el = t.element;
      return (v as unknown[]).map((x) => toJsonValue(x, el, zone));
    }
    case 'MAP': {
      const o: Record<string, unknown> = {};
      for (const [k, x] of v as Map<unknown, unknown>) o[jsonKey(k, t.key, zone)] = toJsonValue(x, t.value, zone);
      return o;
    }
    case 'MULTISET': {
      const o: Record<string, unknown> = {};
      for (const [k, n] of v as Map<unknown, number>) o[jsonKey(k, t.element, zone)] = n;
      return o;
    }
    case 'ROW': {
      const row = v as unknown[];
      return t.fields.map((f, i) => toJsonValue(row[i], f.type, zone));
    }
    case 'NULL':
      return null;
    case 'RAW':
    case 'DESCRIPTOR':
      return String(v);
  }
}

// ---------------------------------------------------------------- JSON input

/**
 * JSON.parse that keeps numbers exact. Integers beyond ±2^53 become bigint; numbers with a
 * fraction or exponent and more than 15 significant digits stay as their source text (a string),
 * which `fromJsonValue` reads exactly for DECIMAL and BIGINT and with parseFloat for DOUBLE.
 * Text without a run of 16+ digits takes plain JSON.parse.
 */
export function parseJsonExact(text: string): unknown {
  if (!/\d{16}/.test(text)) return JSON.parse(text);
  return JSON.parse(text, function (this: unknown, _key: string, value: unknown, ctx?: { source?: string }) {
    if (typeof value !== 'number' || ctx?.source === undefined) return value;
    const src = ctx.source;
    const sig = src.replace(/^-/, '').replace(/[eE].*$/, '').replace('.', '').replace(/^0+/, '');
    if (sig.length <= 15) return value;
    if (/^-?\d+$/.test(src)) return Number.isSafeInteger(value) ? value : BigInt(src);
    return src;
  } as (this: unknown, key: string, value: unknown) => unknown);
}

function fail(json: unknown, t: LogicalType, why?: string): never {
  const shown = typeof json === 'bigint' ? json.toString() : JSON.stringify(json);
  throw new Error(`Failed to convert JSON value ${shown} to ${typeToName(t)}${why ? `: ${why}` : ''}`);
}

function typeToName(t: LogicalType): string {
  return t.root;
}

function jsonText(json: unknown): string {
  if (typeof json === 'string') return json;
  if (typeof json === 'bigint') return json.toString();
  if (typeof json === 'number' || typeof json === 'boolean') return String(json);
  return JSON.stringify(json, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
}

function integral(json: unknown, t: LogicalType, bits: number): Int {
  let v: Int;
  if (typeof json === 'number') {
    if (!Number.isFinite(json)) fail(json, t);
    v = Math.trunc(json) + 0;
  } else if (typeof json === 'bigint') {
    v = norm(json);
  } else if (typeof json === 'string') {
    // a fraction truncates, as Jackson's longValue() of a number (long numbers arrive as text)
    const m = /^([+-]?\d+)(?:\.\d*)?$/.exec(json.trim());
    if (!m) fail(json, t, `For input string: "${json}"`);
    v = norm(BigInt(m[1]!));
  } else return fail(json, t);
  if (bits === 64) {
    const b = big(v);
    if (b < MIN_LONG || b > MAX_LONG) fail(json, t, 'out of range');
    return v;
  }
  const n = v as number;
  const lim = 2 ** (bits - 1);
  if (typeof v !== 'number' || n < -lim || n >= lim) fail(json, t, 'out of range');
  return n;
}

function bytesFromJson(json: unknown, t: LogicalType): Uint8Array {
  if (typeof json !== 'string') fail(json, t, 'expected a base64 string');
  return new Uint8Array(Buffer.from(json, 'base64'));
}

const TZ_SUFFIX_RE = /(Z|[+-]\d{2}(?::?\d{2})?)$/i;

/**
 * Reads a parsed JSON value into the runtime representation of `t`, as Flink's JSON format does:
 * numbers or numeric strings for numeric types; 'YYYY-MM-DD HH:MM:SS[.f]' or ISO-8601 text for
 * timestamps (TIMESTAMP_LTZ text with 'Z' or an offset is that instant, without one it is read as
 * UTC, Flink's SQL format for LTZ); base64 for bytes; objects by field name (or arrays by position)
 * for ROW; objects for MAP and MULTISET; arrays for ARRAY. Throws an Error when it cannot.
 */
export function fromJsonValue(json: unknown, t: LogicalType, zone = 'UTC'): unknown {
  if (json === null || json === undefined) return null;
  switch (t.root) {
    case 'BOOLEAN':
      if (typeof json === 'boolean') return json;
      if (typeof json === 'string') {
        const s = json.trim().toLowerCase();
        if (s === 'true') return true;
        if (s === 'false') return false;
      }
      return fail(json, t);
    case 'TINYINT':
      return integral(json, t, 8);
    case 'SMALLINT':
      return integral(json, t, 16);
    case 'INTEGER':
      return integral(json, t, 32);
    case 'BIGINT':
      return integral(json, t, 64);
    case 'FLOAT':
    case 'DOUBLE': {
      let x: number;
      if (typeof json === 'number') x = json;
      else if (typeof json === 'bigint') x = Number(json);
      else if (typeof json === 'string') {
        const s = json.trim();
        x = s === 'NaN' ? NaN : s === 'Infinity' ? Infinity : s === '-Infinity' ? -Infinity : s === '' ? NaN : Number(s);
        if (Number.isNaN(x) && s !== 'NaN') fail(json, t);
      } else return fail(json, t);
      return t.root === 'FLOAT' ? Math.fround(x) : x;
    }
    case 'DECIMAL': {
      const text = typeof json === 'number' ? String(json) : typeof json === 'bigint' ? json.toString() : typeof json === 'string' ? json : fail(json, t);
      const v = parseDecimalUnscaled(text, t.scale);
      if (v === undefined) fail(json, t);
      return fitsPrecision(v, t.precision) ? v : null;
    }
    case 'CHAR': {
      const s = jsonText(json);
      return s.length < t.length ? s.padEnd(t.length, ' ') : s;
    }
    case 'VARCHAR':
      return jsonText(json);
    case 'BINARY':
    case 'VARBINARY':
      return bytesFromJson(json, t);
    case 'DATE': {
      if (typeof json !== 'string') fail(json, t);
      const d = /^\s*-?\d+-\d{1,2}-\d{1,2}\s*$/.test(json) ? parseDate(json) : null;
      return d ?? fail(json, t);
    }
    case 'TIME': {
      if (typeof json !== 'string') fail(json, t);
      const ms = /^\s*\d{1,2}:\d{1,2}(:\d{1,2}(\.\d+)?)?\s*$/.test(json) ? parseTime(json) : null;
      if (ms === null || ms >= MS_PER_DAY) fail(json, t);
      return truncateMillis(ms, t.precision);
    }
    case 'TIMESTAMP': {
      if (typeof json !== 'string') fail(json, t);
      const ts = parseTimestamp(json);
      return ts === null ? fail(json, t) : tsAt(ts, t.precision);
    }
    case 'TIMESTAMP_LTZ': {
      if (typeof json === 'number') return tsAt(json, t.precision);
      if (typeof json !== 'string') return fail(json, t);
      let s = json.trim();
      let offsetZone = 'UTC';
      const m = TZ_SUFFIX_RE.exec(s);
      if (m && /\d[T ]\d/.test(s)) {
        offsetZone = m[1]!.toUpperCase() === 'Z' ? 'UTC' : m[1]!;
        s = s.slice(0, s.length - m[1]!.length).trimEnd();
      }
      const local = parseTimestamp(s);
      if (local === null) return fail(json, t);
      void zone;
      return tsAt(tsLocalToUtc(local, offsetZone), t.precision);
    }
    case 'INTERVAL_YEAR_MONTH':
    case 'INTERVAL_DAY_TIME':
      if (typeof json === 'number' && Number.isInteger(json)) return json;
      return fail(json, t, 'intervals are read as a number of months or milliseconds');
    case 'ARRAY': {
      if (!Array.isArray(json)) return fail(json, t, 'expected an array');
      const el = t.element;
      return json.map((x) => fromJsonValue(x, el, zone));
    }
    case 'MAP': {
      if (typeof json !== 'object' || Array.isArray(json)) return fail(json, t, 'expected an object');
      const m = new Map<unknown, unknown>();
      for (const [k, x] of Object.entries(json as Record<string, unknown>)) {
        m.set(fromJsonValue(k, t.key, zone), fromJsonValue(x, t.value, zone));
      }
      return m;
    }
    case 'MULTISET': {
      if (typeof json !== 'object' || Array.isArray(json)) return fail(json, t, 'expected an object');
      const m = new Map<unknown, number>();
      for (const [k, x] of Object.entries(json as Record<string, unknown>)) {
        m.set(fromJsonValue(k, t.element, zone), Number(x));
      }
      return m;
    }
    case 'ROW': {
      if (Array.isArray(json)) return t.fields.map((f, i) => fromJsonValue(json[i] ?? null, f.type, zone));
      if (typeof json !== 'object') return fail(json, t, 'expected an object');
      const o = json as Record<string, unknown>;
      return t.fields.map((f) => fromJsonValue(o[f.name] ?? null, f.type, zone));
    }
    case 'NULL':
      return null;
    case 'RAW':
    case 'DESCRIPTOR':
      return json;
  }
}

/** UTF-8 bytes of a string (CAST(STRING AS BYTES)). */
export function stringToBytes(s: string): Uint8Array {
  return utf8enc.encode(s);
}
/** A UTF-8 decoding of bytes (CAST(BYTES AS STRING)). */
export function bytesToString(b: Uint8Array): string {
  return utf8.decode(b);
}
