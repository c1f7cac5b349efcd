/**
 * Built-in scalar functions: JSON. Positional signatures the binder produces
 * (option operands are literals; a RETURNING type is a literal whose value is
 * a LogicalType object):
 *
 *   JSON_VALUE(json, path [RETURNING t] [{NULL|ERROR|DEFAULT d} ON EMPTY] [{…} ON ERROR])
 *     → JSON_VALUE(json, path, returning, onEmpty, emptyDefault, onError, errorDefault)
 *       returning: LogicalType literal (null/absent → STRING); onEmpty/onError: 'NULL' | 'ERROR' | 'DEFAULT';
 *       the defaults are any expressions (NULL literals when unused), cast to the returning type via argTypes.
 *       The 2-argument form JSON_VALUE(json, path) means RETURNING STRING NULL ON EMPTY NULL ON ERROR.
 *   JSON_QUERY(json, path [RETURNING t] [wrapper] [… ON EMPTY] [… ON ERROR])
 *     → JSON_QUERY(json, path, wrapper, onEmpty, onError[, returning])
 *       wrapper: 'WITHOUT' | 'CONDITIONAL' | 'UNCONDITIONAL'; onEmpty/onError: 'NULL' | 'EMPTY_ARRAY' |
 *       'EMPTY_OBJECT' | 'ERROR'; returning: STRING (default) or ARRAY<…>. Two arguments mean the defaults.
 *   JSON_EXISTS(json, path [{TRUE|FALSE|UNKNOWN|ERROR} ON ERROR]) → JSON_EXISTS(json, path[, onError])
 *   JSON_OBJECT([KEY] k VALUE v, … [{NULL|ABSENT} ON NULL]) → JSON_OBJECT(mode, k1, v1, k2, v2, …)
 *   JSON_ARRAY(v, … [{NULL|ABSENT} ON NULL])                → JSON_ARRAY(mode, v1, v2, …)
 *       mode: 'NULL' | 'ABSENT' (defaults: JSON_OBJECT NULL, JSON_ARRAY ABSENT), or an object literal
 *       { onNull: 'NULL' | 'ABSENT', rawJson: boolean[] } where rawJson[i] marks the i-th value operand
 *       as a call to JSON_OBJECT, JSON_ARRAY or JSON (its text is embedded as JSON, not quoted).
 *   v IS [NOT] JSON [VALUE|SCALAR|ARRAY|OBJECT] → 'IS JSON'(v, kind) (the binder adds NOT).
 *   JSON_STRING(v), JSON(s), JSON_QUOTE(s), JSON_UNQUOTE(s).
 *
 * Output JSON is compact with object keys sorted, as Flink prints it.
 * Path semantics follow Calcite over Jayway JsonPath: no mode prefix means strict.
 */
import type { ArgInfo, ScalarFunction } from '../function.ts';
import type { LogicalType } from '../../types/logical-type.ts';
import { isCharacterString, typeToString, withNullable } from '../../types/logical-type.ts';
import type { Int } from '../../types/int64.ts';
import { MAX_LONG, MIN_LONG, norm } from '../../types/int64.ts';
import { decimalToString } from '../../types/decimal.ts';
import { formatDate, formatTime, tsUtcToLocal, type TsValue } from '../../types/temporal.ts';
import { javaDoubleToString, javaFloatToString } from '../../types/format.ts';
import { BOOLEAN, custom, fn, invalidCall, isStr, literalOf, runtimeError, strict, STRING, validationError } from './lib/common.ts';
import { compilePath, evalPath, isScalar, JNum, JsonParseError, JsonPathError, parseJson, quoteJsonString, serializeJson } from './lib/json.ts';
import type { JsonPath, JValue, PathResult } from './lib/json.ts';
import { decimalFromString, fitsPrecision } from './lib/values.ts';
import { localDateTimeString } from './strings.ts';

// ---------------------------------------------------------------- shared

function pathGetter(name: string, arg: ArgInfo | undefined): (p: string) => JsonPath {
  const lit = literalOf(arg);
  if (typeof lit === 'string') {
    let compiled: JsonPath;
    try {
      compiled = compilePath(lit);
    } catch (e) {
      throw validationError(`Invalid JSON path expression in ${name}: ${(e as Error).message}`);
    }
    return () => compiled;
  }
  let last: string | undefined;
  let lastPath: JsonPath | undefined;
  return (p) => {
    if (p !== last || lastPath === undefined) {
      last = p;
      lastPath = compilePath(p);
    }
    return lastPath;
  };
}

/** Parses the input and evaluates the path; parse or path errors become error results. */
function query(json: string, path: () => JsonPath): PathResult {
  let root: JValue;
  try {
    root = parseJson(json);
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
  let p: JsonPath;
  try {
    p = path();
  } catch (e) {
    if (e instanceof JsonPathError) return { ok: false, error: e.message };
    throw e;
  }
  return evalPath(root, p);
}

function optLiteral(name: string, args: readonly ArgInfo[], i: number, allowed: readonly string[], dflt: string): string {
  if (i >= args.length) return dflt;
  const v = literalOf(args[i]);
  if (v === null || v === undefined) return dflt;
  const s = String(v).toUpperCase().replace(/ /g, '_');
  if (!allowed.includes(s)) throw invalidCall(name, args);
  return s;
}

function returningOf(args: readonly ArgInfo[], i: number): LogicalType | undefined {
  const v = literalOf(args[i]);
  return v !== null && typeof v === 'object' && 'root' in (v as object) ? (v as LogicalType) : undefined;
}

// ---------------------------------------------------------------- SQL value -> JSON text

/** Serialises a SQL value of type t as JSON text (JSON_STRING, JSON_OBJECT/JSON_ARRAY values). */
export function sqlToJson(v: unknown, t: LogicalType, zone = 'UTC'): string {
  if (v === null || v === undefined) return 'null';
  switch (t.root) {
    case 'BOOLEAN':
      return v ? 'true' : 'false';
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
      return quoteJsonString(v as string);
    case 'BINARY':
    case 'VARBINARY':
      return quoteJsonString(Buffer.from(v as Uint8Array).toString('base64'));
    case 'DATE':
      return quoteJsonString(formatDate(v as number));
    case 'TIME':
      return quoteJsonString(formatTime(v as number, t.precision));
    case 'TIMESTAMP':
      return quoteJsonString(localDateTimeString(v as TsValue));
    case 'TIMESTAMP_LTZ':
      return quoteJsonString(localDateTimeString(tsUtcToLocal(v as TsValue, zone)) + 'Z');
    case 'ARRAY':
      return '[' + (v as unknown[]).map((x) => sqlToJson(x, t.element, zone)).join(',') + ']';
    case 'MAP':
    case 'MULTISET': {
      const kt = t.root === 'MAP' ? t.key : t.element;
      const vt: LogicalType = t.root === 'MAP' ? t.value : { root: 'INTEGER', nullable: false };
      const entries = [...(v as Map<unknown, unknown>)].map(([k, x]) => {
        const ks = isCharacterString(kt) ? (k as string) : sqlToJson(k, kt, zone).replace(/^"|"$/g, '');
        return [ks, sqlToJson(x, vt, zone)] as const;
      });
      entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      return '{' + entries.map(([k, x]) => quoteJsonString(k) + ':' + x).join(',') + '}';
    }
    case 'ROW': {
      const row = v as unknown[];
      const parts = t.fields.map((f, i) => [f.name, sqlToJson(row[i], f.type, zone)] as const);
      parts.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      return '{' + parts.map(([k, x]) => quoteJsonString(k) + ':' + x).join(',') + '}';
    }
    default:
      return quoteJsonString(String(v));
  }
}

// ---------------------------------------------------------------- JSON scalar -> SQL value

class CastFailure extends Error {}

function jsonScalarText(v: JValue): string {
  if (typeof v === 'string') return v;
  if (v instanceof JNum) return v.text;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return serializeJson(v);
}

const INT_RANGES: Record<string, [bigint, bigint]> = {
  TINYINT: [-128n, 127n],
  SMALLINT: [-32768n, 32767n],
  INTEGER: [-2147483648n, 2147483647n],
  BIGINT: [MIN_LONG, MAX_LONG],
};

/** Converts a JSON value to the SQL runtime value of t; throws CastFailure when it cannot. */
function jsonToSql(v: JValue, t: LogicalType, strictTypes: boolean): unknown {
  if (v === null) return null;
  switch (t.root) {
    case 'CHAR':
    case 'VARCHAR':
      return jsonScalarText(v);
    case 'BOOLEAN':
      if (typeof v === 'boolean') return v;
      if (!strictTypes && typeof v === 'string' && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true';
      throw new CastFailure(`Cannot cast '${jsonScalarText(v)}' to BOOLEAN`);
    case 'TINYINT':
    case 'SMALLINT':
    case 'INTEGER':
    case 'BIGINT': {
      const text = v instanceof JNum ? v.text : !strictTypes && typeof v === 'string' ? v.trim() : undefined;
      if (text === undefined) throw new CastFailure(`Cannot cast '${jsonScalarText(v)}' to ${t.root}`);
      let b: bigint;
      if (/^-?\d+$/.test(text)) b = BigInt(text);
      else if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text) && !strictTypes) b = BigInt(Math.trunc(Number(text)));
      else throw new CastFailure(`Cannot cast '${text}' to ${t.root}`);
      const [lo, hi] = INT_RANGES[t.root]!;
      if (b < lo || b > hi) throw new CastFailure(`Cannot cast '${text}' to ${t.root}: out of range`);
      return norm(b);
    }
    case 'FLOAT':
    case 'DOUBLE': {
      const text = v instanceof JNum ? v.text : !strictTypes && typeof v === 'string' ? v.trim() : undefined;
      const x = text === undefined ? NaN : Number(text);
      if (text === undefined || text === '' || Number.isNaN(x)) throw new CastFailure(`Cannot cast '${jsonScalarText(v)}' to ${t.root}`);
      return t.root === 'FLOAT' ? Math.fround(x) : x;
    }
    case 'DECIMAL': {
      const text = v instanceof JNum ? v.text : !strictTypes && typeof v === 'string' ? v.trim() : undefined;
      const u = text === undefined ? null : decimalFromString(text, t.scale);
      if (u === null) throw new CastFailure(`Cannot cast '${jsonScalarText(v)}' to ${typeToString(t)}`);
      if (!fitsPrecision(u, t.precision)) throw new CastFailure(`Cannot cast '${jsonScalarText(v)}' to ${typeToString(t)}: out of range`);
      return u;
    }
    default:
      throw new CastFailure(`Cannot cast '${jsonScalarText(v)}' to ${typeToString(t)}`);
  }
}

// ---------------------------------------------------------------- resolvers

const VALUE_BEHAVIORS = ['NULL', 'ERROR', 'DEFAULT'] as const;
const QUERY_BEHAVIORS = ['NULL', 'EMPTY_ARRAY', 'EMPTY_OBJECT', 'ERROR'] as const;

function jsonValueResolve(args: readonly ArgInfo[], _ctx: unknown, name: string) {
  if ((args.length !== 2 && args.length !== 7) || !isStr(args[0]!.type) || !isStr(args[1]!.type)) throw invalidCall(name, args);
  const rt = returningOf(args, 2) ?? STRING(true);
  const onEmpty = optLiteral(name, args, 3, VALUE_BEHAVIORS, 'NULL');
  const onError = optLiteral(name, args, 5, VALUE_BEHAVIORS, 'NULL');
  const path = pathGetter(name, args[1]);
  const retType = withNullable(rt, true);
  // A default is converted to the result type; for a character result Flink takes the Java string of the
  // default (String.valueOf), so a BOOLEAN default gives 'false', not CAST's 'FALSE'.
  const boolToText = isCharacterString(rt);
  const defaultType = (i: number): LogicalType => (boolToText && args[i]!.type.root === 'BOOLEAN' ? args[i]!.type : retType);
  const argTypes = args.length === 7 ? [args[0]!.type, args[1]!.type, args[2]!.type, args[3]!.type, defaultType(4), args[5]!.type, defaultType(6)] : undefined;
  const dflt = (v: unknown): unknown => (v === undefined ? null : boolToText && typeof v === 'boolean' ? String(v) : v);
  return custom(
    retType,
    (json: string | null, p: string | null, _r?: unknown, _e?: unknown, emptyDefault?: unknown, _x?: unknown, errorDefault?: unknown) => {
      if (json === null || p === null) return null;
      const r = query(json, () => path(p));
      let err: string;
      if (!r.ok) err = r.error;
      else {
        const val = r.value;
        const path0 = path(p);
        const empty = val === undefined || val === null || (path0.mode === 'lax' && !isScalar(val));
        if (empty) {
          if (onEmpty === 'ERROR') throw runtimeError('Empty result of JSON_VALUE function is not allowed');
          return onEmpty === 'DEFAULT' ? dflt(emptyDefault) : null;
        }
        if (!isScalar(val)) err = `Strict jsonpath mode requires scalar value, and the actual value is: '${serializeJson(val)}'`;
        else {
          try {
            return jsonToSql(val, rt, false);
          } catch (e) {
            if (!(e instanceof CastFailure)) throw e;
            err = e.message;
          }
        }
      }
      if (onError === 'ERROR') throw runtimeError(err);
      return onError === 'DEFAULT' ? dflt(errorDefault) : null;
    },
    { argTypes },
  );
}

function jsonQueryResolve(args: readonly ArgInfo[], _ctx: unknown, name: string) {
  if ((args.length !== 2 && args.length !== 5 && args.length !== 6) || !isStr(args[0]!.type) || !isStr(args[1]!.type)) throw invalidCall(name, args);
  const wrapper = optLiteral(name, args, 2, ['WITHOUT', 'WITHOUT_ARRAY', 'CONDITIONAL', 'CONDITIONAL_ARRAY', 'UNCONDITIONAL', 'UNCONDITIONAL_ARRAY'], 'WITHOUT').replace('_ARRAY', '');
  const onEmpty = optLiteral(name, args, 3, QUERY_BEHAVIORS, 'NULL');
  const onError = optLiteral(name, args, 4, QUERY_BEHAVIORS, 'NULL');
  const rt = returningOf(args, 5) ?? STRING(true);
  if (!isCharacterString(rt) && rt.root !== 'ARRAY')
    throw validationError(`Unsupported type ${typeToString(rt)} for RETURNING in JSON_QUERY(); only STRING and ARRAY types are supported.`);
  const asArray = rt.root === 'ARRAY';
  const elemType = rt.root === 'ARRAY' ? rt.element : rt;
  const path = pathGetter(name, args[1]);
  const behave = (b: string): unknown => (b === 'EMPTY_ARRAY' ? (asArray ? [] : '[]') : b === 'EMPTY_OBJECT' ? (asArray ? null : '{}') : null);
  const toResult = (value: JValue): unknown => {
    if (!asArray) return serializeJson(value);
    if (!Array.isArray(value)) throw new CastFailure('Array element type mismatch in JSON_QUERY');
    const strictTypes = !isCharacterString(elemType);
    return value.map((x) => {
      if (x !== null && strictTypes && !isScalar(x)) throw new CastFailure('Array element type mismatch in JSON_QUERY');
      try {
        return isCharacterString(elemType) && x !== null && !isScalar(x) ? serializeJson(x) : jsonToSql(x, elemType, strictTypes);
      } catch (e) {
        if (e instanceof CastFailure) throw new CastFailure('Array element type mismatch in JSON_QUERY');
        throw e;
      }
    });
  };
  return custom(withNullable(rt, true), (json: string | null, p: string | null) => {
    if (json === null || p === null) return null;
    const r = query(json, () => path(p));
    let err: string;
    if (!r.ok) err = r.error;
    else {
      const mode = path(p).mode;
      let value: JValue | undefined = r.value;
      if (value !== undefined && value !== null) {
        if (wrapper === 'UNCONDITIONAL') value = [value];
        else if (wrapper === 'CONDITIONAL' && !Array.isArray(value)) value = [value];
      }
      if (value === undefined || value === null || (mode === 'lax' && isScalar(value))) {
        if (onEmpty === 'ERROR') throw runtimeError('Empty result of JSON_QUERY function is not allowed');
        return behave(onEmpty);
      }
      if (isScalar(value)) err = `Strict jsonpath mode requires array or object value, and the actual value is: '${jsonScalarText(value)}'`;
      else {
        try {
          return toResult(value);
        } catch (e) {
          if (!(e instanceof CastFailure)) throw e;
          err = e.message;
        }
      }
    }
    if (onError === 'ERROR') throw runtimeError(err);
    return behave(onError);
  });
}

interface NullMode {
  readonly absent: boolean;
  readonly raw: readonly boolean[];
}

function nullModeOf(name: string, args: readonly ArgInfo[], dflt: 'NULL' | 'ABSENT'): NullMode {
  const v = literalOf(args[0]);
  if (typeof v === 'string') {
    const s = v.toUpperCase();
    if (s !== 'NULL' && s !== 'ABSENT') throw invalidCall(name, args);
    return { absent: s === 'ABSENT', raw: [] };
  }
  if (v !== null && typeof v === 'object' && 'onNull' in (v as object)) {
    const o = v as { onNull?: string; rawJson?: readonly boolean[] };
    return { absent: (o.onNull ?? dflt).toUpperCase() === 'ABSENT', raw: o.rawJson ?? [] };
  }
  if (v === null || v === undefined) return { absent: dflt === 'ABSENT', raw: [] };
  throw invalidCall(name, args);
}

function isJsonKind(s: string, kind: string): boolean {
  let v: JValue;
  try {
    v = parseJson(s);
  } catch {
    return false;
  }
  switch (kind) {
    case 'SCALAR':
      return isScalar(v);
    case 'ARRAY':
      return Array.isArray(v);
    case 'OBJECT':
      return v instanceof Map;
    default:
      return true;
  }
}

function jsonQuote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i]!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20 || c > 0x7e) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

export const functions: ScalarFunction[] = [
  fn('JSON_VALUE', jsonValueResolve),
  fn('JSON_QUERY', jsonQueryResolve),
  fn('JSON_EXISTS', (args, _ctx, name) => {
    if (args.length < 2 || args.length > 3 || !isStr(args[0]!.type) || !isStr(args[1]!.type)) throw invalidCall(name, args);
    const onError = optLiteral(name, args, 2, ['TRUE', 'FALSE', 'UNKNOWN', 'ERROR'], 'FALSE');
    const path = pathGetter(name, args[1]);
    return custom(BOOLEAN(true), (json: string | null, p: string | null) => {
      if (json === null || p === null) return null;
      const r = query(json, () => path(p));
      if (r.ok) return r.value !== undefined && r.value !== null && !(Array.isArray(r.value) && !path(p).definite && r.value.length === 0);
      switch (onError) {
        case 'TRUE':
          return true;
        case 'UNKNOWN':
          return null;
        case 'ERROR':
          throw runtimeError(r.error);
        default:
          return false;
      }
    });
  }),
  fn('JSON_STRING', (args, ctx, name) => {
    if (args.length !== 1) throw invalidCall(name, args);
    const t = args[0]!.type;
    const zone = ctx.timeZone;
    return strict(STRING(t.nullable || t.root === 'NULL'), (v: unknown) => sqlToJson(v, t, zone));
  }),
  fn('JSON', (args, _ctx, name) => {
    if (args.length !== 1 || !isStr(args[0]!.type)) throw invalidCall(name, args);
    return strict(STRING(true), (s: string) => {
      if (s.trim() === '') return null;
      try {
        return serializeJson(parseJson(s));
      } catch (e) {
        if (e instanceof JsonParseError) throw runtimeError(`Invalid JSON string in JSON(value) function: ${e.message}`);
        throw e;
      }
    });
  }),
  fn('JSON_OBJECT', (args, ctx, name) => {
    if (args.length < 1 || (args.length - 1) % 2 !== 0) throw invalidCall(name, args);
    const mode = nullModeOf(name, args, 'NULL');
    const zone = ctx.timeZone;
    const keyTypes = args.filter((_a, i) => i > 0 && i % 2 === 1);
    if (!keyTypes.every((a) => isStr(a.type))) throw invalidCall(name, args);
    const valTypes = args.filter((_a, i) => i > 0 && i % 2 === 0).map((a) => a.type);
    return custom(STRING(false), (_m: unknown, ...kv: unknown[]) => {
      const parts: [string, string][] = [];
      for (let i = 0; i < kv.length; i += 2) {
        const k = kv[i];
        if (k === null) throw runtimeError('JSON_OBJECT: a key must not be NULL');
        const v = kv[i + 1];
        const vi = i / 2;
        if (v === null && mode.absent) continue;
        parts.push([k as string, v === null ? 'null' : mode.raw[vi] ? (v as string) : sqlToJson(v, valTypes[vi]!, zone)]);
      }
      parts.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      return '{' + parts.map(([k, v]) => quoteJsonString(k) + ':' + v).join(',') + '}';
    });
  }),
  fn('JSON_ARRAY', (args, ctx, name) => {
    if (args.length < 1) throw invalidCall(name, args);
    const mode = nullModeOf(name, args, 'ABSENT');
    const zone = ctx.timeZone;
    const types = args.slice(1).map((a) => a.type);
    return custom(STRING(false), (_m: unknown, ...vs: unknown[]) => {
      const parts: string[] = [];
      for (let i = 0; i < vs.length; i++) {
        const v = vs[i];
        if (v === null) {
          if (!mode.absent) parts.push('null');
          continue;
        }
        parts.push(mode.raw[i] ? (v as string) : sqlToJson(v, types[i]!, zone));
      }
      return '[' + parts.join(',') + ']';
    });
  }),
  fn('IS JSON', (args, _ctx, name) => {
    if (args.length < 1 || args.length > 2 || !isStr(args[0]!.type)) throw invalidCall(name, args);
    const kind = args.length === 2 ? optLiteral(name, args, 1, ['VALUE', 'SCALAR', 'ARRAY', 'OBJECT'], 'VALUE') : 'VALUE';
    return strict(BOOLEAN(args[0]!.type.nullable), (s: string) => isJsonKind(s, kind));
  }),
  fn('JSON_QUOTE', (args, _ctx, name) => {
    if (args.length !== 1 || !isStr(args[0]!.type)) throw invalidCall(name, args);
    return strict(STRING(args[0]!.type.nullable), jsonQuote);
  }),
  fn('JSON_UNQUOTE', (args, _ctx, name) => {
    if (args.length !== 1 || !isStr(args[0]!.type)) throw invalidCall(name, args);
    return strict(STRING(args[0]!.type.nullable), (s: string) => {
      if (s.length < 2 || s[0] !== '"' || s[s.length - 1] !== '"') return s;
      try {
        const v = parseJson(s);
        return typeof v === 'string' ? v : s;
      } catch {
        return s;
      }
    });
  }),
];
