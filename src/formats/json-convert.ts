/**
 * JSON ⇄ runtime values for the JSON-family formats (json, debezium-json,
 * canal-json), after Flink's JsonToRowDataConverters and
 * RowDataToJsonConverters: the per-type converters are built once per schema
 * (an array of functions, one per column) so decoding a record is a loop with
 * no allocation beyond the values. Encoding writes JSON text directly so
 * BIGINT beyond 2^53 and DECIMAL(38, s) stay exact.
 */
import type { TsValue } from '../types/temporal.ts';
import type { LogicalType, RowType } from '../types/logical-type.ts';
import { parseJsonExact } from '../types/format.ts';
import { type Int, MAX_LONG, MIN_LONG, norm } from '../types/int64.ts';
import {
  decimalFromNumber,
  decimalFromText,
  decimalToJavaString,
  decimalToPlainString,
  formatDateText,
  formatInstantText,
  formatTimeText,
  formatTimestampText,
  fromBase64,
  javaDoubleToString,
  javaFloatToString,
  parseDateText,
  parseInstantText,
  parseTimeText,
  parseTimestampText,
  toBase64,
} from './text.ts';

export type TimestampStandard = 'SQL' | 'ISO-8601';
export type MapNullKeyMode = 'FAIL' | 'DROP' | 'LITERAL';

export interface JsonCodecOptions {
  readonly failOnMissingField: boolean;
  readonly timestampStandard: TimestampStandard;
  readonly mapNullKeyMode: MapNullKeyMode;
  readonly mapNullKeyLiteral: string;
  readonly decimalAsPlainNumber: boolean;
  readonly ignoreNullFields: boolean;
}

export const DEFAULT_JSON_CODEC: JsonCodecOptions = {
  failOnMissingField: false,
  timestampStandard: 'SQL',
  mapNullKeyMode: 'FAIL',
  mapNullKeyLiteral: 'null',
  decimalAsPlainNumber: false,
  ignoreNullFields: false,
};

// ---------------------------------------------------------------- parsing

/**
 * JSON.parse that keeps long numbers exact (types/format.ts's parseJsonExact:
 * big integers as bigint, long decimals as their source text; the converters
 * accept both, as Flink's accept numeric text).
 */
export const parseJsonLine: (text: string) => unknown = parseJsonExact;

// ---------------------------------------------------------------- JSON → runtime

export type FromJson = (v: unknown) => unknown;

function describe(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : JSON.stringify(v) ?? String(v);
}

function fail(v: unknown, type: string): never {
  throw new Error(`Failed to convert ${describe(v)} to ${type}.`);
}

function integral(v: unknown, min: number, max: number, type: string): number {
  if (typeof v === 'number') {
    const t = Math.trunc(v);
    if (t >= min && t <= max) return t + 0;
  } else if (typeof v === 'string') {
    const s = v.trim();
    if (/^[+-]?\d+$/.test(s)) {
      const n = Number(s);
      if (n >= min && n <= max) return n;
    }
  } else if (typeof v === 'bigint' && v >= BigInt(min) && v <= BigInt(max)) return Number(v);
  return fail(v, type);
}

function toBigint(v: unknown): Int {
  if (typeof v === 'number') {
    if (Number.isFinite(v) && Math.abs(v) < 9.3e18) {
      const t = Math.trunc(v);
      return Number.isSafeInteger(t) ? t + 0 : norm(BigInt(t));
    }
  } else if (typeof v === 'string') {
    const s = v.trim();
    if (/^[+-]?\d+$/.test(s)) {
      const n = Number(s);
      if (Number.isSafeInteger(n)) return n;
      const b = BigInt(s);
      if (b >= MIN_LONG && b <= MAX_LONG) return norm(b);
    }
  } else if (typeof v === 'bigint' && v >= MIN_LONG && v <= MAX_LONG) return norm(v);
  return fail(v, 'BIGINT');
}

function toDouble(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const s = v.trim();
    if (s === 'NaN') return NaN;
    if (s === 'Infinity' || s === '+Infinity') return Infinity;
    if (s === '-Infinity') return -Infinity;
    const n = Number(s);
    if (s !== '' && !Number.isNaN(n)) return n;
  }
  if (typeof v === 'bigint') return Number(v);
  return fail(v, 'DOUBLE');
}

function text(v: unknown, type: string): string {
  if (typeof v === 'string') return v;
  return fail(v, type);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A converter for one type; nulls (and missing values) give null. */
export function fromJsonConverter(type: LogicalType, opts: JsonCodecOptions): FromJson {
  const iso = opts.timestampStandard === 'ISO-8601';
  const inner = ((): FromJson => {
    switch (type.root) {
      case 'BOOLEAN':
        return (v) => (typeof v === 'boolean' ? v : typeof v === 'string' ? v.trim().toLowerCase() === 'true' : fail(v, 'BOOLEAN'));
      case 'TINYINT':
        return (v) => integral(v, -128, 127, 'TINYINT');
      case 'SMALLINT':
        return (v) => integral(v, -32768, 32767, 'SMALLINT');
      case 'INTEGER':
        return (v) => integral(v, -2147483648, 2147483647, 'INT');
      case 'BIGINT':
        return toBigint;
      case 'FLOAT':
        return (v) => Math.fround(toDouble(v));
      case 'DOUBLE':
        return toDouble;
      case 'DECIMAL': {
        const p = type.precision;
        const s = type.scale;
        return (v) =>
          typeof v === 'number'
            ? decimalFromNumber(v, p, s)
            : typeof v === 'string' || typeof v === 'bigint'
              ? decimalFromText(String(v), p, s)
              : fail(v, 'DECIMAL');
      }
      case 'CHAR':
      case 'VARCHAR':
        return (v) => (typeof v === 'string' ? v : JSON.stringify(v));
      case 'BINARY':
      case 'VARBINARY':
        return (v) => fromBase64(text(v, 'BYTES'));
      case 'DATE':
        return (v) => parseDateText(text(v, 'DATE'));
      case 'TIME':
        return (v) => parseTimeText(text(v, 'TIME'));
      case 'TIMESTAMP': {
        const p = type.precision;
        return (v) => parseTimestampText(text(v, 'TIMESTAMP'), iso, p);
      }
      case 'TIMESTAMP_LTZ': {
        const p = type.precision;
        return (v) => parseInstantText(text(v, 'TIMESTAMP_LTZ'), iso, p);
      }
      case 'INTERVAL_YEAR_MONTH':
      case 'INTERVAL_DAY_TIME':
        return (v) => integral(v, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 'INTERVAL');
      case 'ARRAY': {
        const el = fromJsonConverter(type.element, opts);
        return (v) => {
          if (!Array.isArray(v)) return fail(v, 'ARRAY');
          const out = new Array<unknown>(v.length);
          for (let i = 0; i < v.length; i++) out[i] = el(v[i]);
          return out;
        };
      }
      case 'MAP':
      case 'MULTISET': {
        const keyType = type.root === 'MAP' ? type.key : type.element;
        const isStringKey = keyType.root === 'VARCHAR' || keyType.root === 'CHAR';
        const key = fromJsonConverter(keyType, opts);
        const val: FromJson = type.root === 'MAP' ? fromJsonConverter(type.value, opts) : (v) => integral(v, 0, 2147483647, 'INT');
        return (v) => {
          if (!isObject(v)) return fail(v, type.root);
          const m = new Map<unknown, unknown>();
          for (const k in v) m.set(isStringKey ? k : key(k), val(v[k]));
          return m;
        };
      }
      case 'ROW':
        return rowFromJson(type, opts);
      case 'NULL':
        return () => null;
      case 'RAW':
      case 'DESCRIPTOR':
        return (v) => v;
    }
  })();
  return (v) => (v === null || v === undefined ? null : inner(v));
}

/** The converter for a (possibly nested) row: a JSON object keyed by field name → a positional row. */
export function rowFromJson(type: RowType, opts: JsonCodecOptions): (v: unknown) => unknown[] {
  const names = type.fields.map((f) => f.name);
  const convs = type.fields.map((f) => fromJsonConverter(f.type, opts));
  const n = names.length;
  const failOnMissing = opts.failOnMissingField;
  return (v) => {
    if (!isObject(v)) return fail(v, 'ROW');
    const row = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      const name = names[i]!;
      const x = v[name];
      if (x === undefined && failOnMissing) throw new Error(`Could not find field with name '${name}'.`);
      row[i] = convs[i]!(x);
    }
    return row;
  };
}

// ---------------------------------------------------------------- runtime → JSON text

export type ToJson = (v: unknown) => string;

function quote(s: string): string {
  return JSON.stringify(s);
}

function nonFiniteOr(s: string, v: number): string {
  return Number.isFinite(v) ? s : '"' + s + '"';
}

export function toJsonConverter(type: LogicalType, opts: JsonCodecOptions): ToJson {
  const iso = opts.timestampStandard === 'ISO-8601';
  const inner = ((): ToJson => {
    switch (type.root) {
      case 'BOOLEAN':
        return (v) => (v ? 'true' : 'false');
      case 'TINYINT':
      case 'SMALLINT':
      case 'INTEGER':
      case 'BIGINT':
      case 'INTERVAL_YEAR_MONTH':
      case 'INTERVAL_DAY_TIME':
        return (v) => String(v);
      case 'FLOAT':
        return (v) => nonFiniteOr(javaFloatToString(v as number), v as number);
      case 'DOUBLE':
        return (v) => nonFiniteOr(javaDoubleToString(v as number), v as number);
      case 'DECIMAL': {
        const s = type.scale;
        return opts.decimalAsPlainNumber
          ? (v) => decimalToPlainString(v as Int, s)
          : (v) => decimalToJavaString(v as Int, s);
      }
      case 'CHAR':
      case 'VARCHAR':
        return (v) => quote(v as string);
      case 'BINARY':
      case 'VARBINARY':
        return (v) => '"' + toBase64(v as Uint8Array) + '"';
      case 'DATE':
        return (v) => '"' + formatDateText(v as number) + '"';
      case 'TIME':
        return (v) => '"' + formatTimeText(v as number) + '"';
      case 'TIMESTAMP': {
        const p = type.precision;
        return (v) => '"' + formatTimestampText(v as TsValue, p, iso) + '"';
      }
      case 'TIMESTAMP_LTZ': {
        const p = type.precision;
        return (v) => '"' + formatInstantText(v as TsValue, p, iso) + '"';
      }
      case 'ARRAY': {
        const el = toJsonConverter(type.element, opts);
        return (v) => {
          const a = v as unknown[];
          let s = '[';
          for (let i = 0; i < a.length; i++) s += (i === 0 ? '' : ',') + el(a[i]);
          return s + ']';
        };
      }
      case 'MAP':
      case 'MULTISET': {
        const val: ToJson = type.root === 'MAP' ? toJsonConverter(type.value, opts) : (v) => String(v);
        const mode = opts.mapNullKeyMode;
        const literal = quote(opts.mapNullKeyLiteral);
        return (v) => {
          let s = '{';
          let first = true;
          for (const [k, x] of v as Map<unknown, unknown>) {
            let key: string;
            if (k === null || k === undefined) {
              if (mode === 'DROP') continue;
              if (mode === 'FAIL') {
                throw new Error(
                  "JSON format doesn't support to serialize map data with null keys. You can drop null key entries or encode null in literals by specifying map-null-key.mode option.",
                );
              }
              key = literal;
            } else key = quote(typeof k === 'string' ? k : String(k));
            s += (first ? '' : ',') + key + ':' + val(x);
            first = false;
          }
          return s + '}';
        };
      }
      case 'ROW':
        return rowToJson(type, opts) as ToJson;
      case 'NULL':
        return () => 'null';
      case 'RAW':
      case 'DESCRIPTOR':
        return (v) => JSON.stringify(v) ?? 'null';
    }
  })();
  return (v) => (v === null || v === undefined ? 'null' : inner(v));
}

/** A positional row → a JSON object text with the field names. */
export function rowToJson(type: RowType, opts: JsonCodecOptions): (row: readonly unknown[]) => string {
  const keys = type.fields.map((f) => quote(f.name) + ':');
  const convs = type.fields.map((f) => toJsonConverter(f.type, opts));
  const n = keys.length;
  const skipNulls = opts.ignoreNullFields;
  return (row) => {
    let s = '{';
    let first = true;
    for (let i = 0; i < n; i++) {
      const v = row[i];
      if (skipNulls && (v === null || v === undefined)) continue;
      s += (first ? '' : ',') + keys[i]! + convs[i]!(v);
      first = false;
    }
    return s + '}';
  };
}
