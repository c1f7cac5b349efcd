/**
 * Flink's type rules for expressions: the common type of several operands
 * (CASE, COALESCE, UNION, IN — LogicalTypeMerging), the result types of the
 * arithmetic operators (FlinkTypeSystem / LogicalTypeMerging decimal rules),
 * which operand types a comparison casts to, the typing of numeric literals
 * (Calcite: `1` INT, `3000000000` BIGINT, `1.50` DECIMAL(3, 2), `1e2` DOUBLE),
 * and Calcite's spelling of types in "Cannot apply …" messages.
 */
import type { DecimalType, LogicalType, SizedType } from './logical-type.ts';
import { MAX_DECIMAL_PRECISION, T, isCharacterString, isIntegral, isNumeric, typeEquals, withNullable } from './logical-type.ts';
import { type Int, norm } from './int64.ts';

const MIN_ADJUSTED_SCALE = 6;

/** Flink's adjustPrecisionScale: above 38 digits, keep the integral digits and reduce the scale (not below min(s, 6)). */
export function adjustPrecisionScale(precision: number, scale: number, nullable = true): DecimalType {
  if (precision <= MAX_DECIMAL_PRECISION) return T.decimal(precision, scale, nullable);
  const intDigits = precision - scale;
  const minScale = Math.min(scale, MIN_ADJUSTED_SCALE);
  return T.decimal(MAX_DECIMAL_PRECISION, Math.max(MAX_DECIMAL_PRECISION - intDigits, minScale), nullable);
}

/** An exact numeric type as a DECIMAL: TINYINT (3,0), SMALLINT (5,0), INT (10,0), BIGINT (19,0). */
export function asDecimal(t: LogicalType): DecimalType {
  switch (t.root) {
    case 'DECIMAL':
      return t;
    case 'TINYINT':
      return T.decimal(3, 0, t.nullable);
    case 'SMALLINT':
      return T.decimal(5, 0, t.nullable);
    case 'INTEGER':
      return T.decimal(10, 0, t.nullable);
    case 'BIGINT':
      return T.decimal(19, 0, t.nullable);
    default:
      throw new Error(`not an exact numeric type: ${t.root}`);
  }
}

export function decimalAddType(a: DecimalType, b: DecimalType, nullable = true): DecimalType {
  const scale = Math.max(a.scale, b.scale);
  const precision = Math.max(a.precision - a.scale, b.precision - b.scale) + scale + 1;
  return adjustPrecisionScale(precision, scale, nullable);
}
export function decimalMultiplyType(a: DecimalType, b: DecimalType, nullable = true): DecimalType {
  return adjustPrecisionScale(a.precision + b.precision + 1, a.scale + b.scale, nullable);
}
export function decimalDivideType(a: DecimalType, b: DecimalType, nullable = true): DecimalType {
  const scale = Math.max(MIN_ADJUSTED_SCALE, a.scale + b.precision + 1);
  const precision = a.precision - a.scale + b.scale + scale;
  return adjustPrecisionScale(precision, scale, nullable);
}
export function decimalModType(a: DecimalType, b: DecimalType, nullable = true): DecimalType {
  const scale = Math.max(a.scale, b.scale);
  const precision = Math.min(a.precision - a.scale, b.precision - b.scale) + scale;
  return adjustPrecisionScale(precision, scale, nullable);
}

const INT_RANK = { TINYINT: 1, SMALLINT: 2, INTEGER: 3, BIGINT: 4 } as const;

function widerIntegral(a: LogicalType, b: LogicalType): LogicalType {
  return INT_RANK[a.root as keyof typeof INT_RANK] >= INT_RANK[b.root as keyof typeof INT_RANK] ? a : b;
}

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%';

export interface OperandTyping {
  readonly returnType: LogicalType;
  /** The types the operands must be cast to (same as the inputs when no cast is needed). */
  readonly argTypes: readonly LogicalType[];
}

/**
 * Result and operand types of numeric `a op b` (null when an operand is not numeric).
 * Integers: the wider integral type (INT / INT is INT, wraps like Java); `%` with two integers has
 * the type of the second operand (Calcite's MOD). FLOAT/DOUBLE win over exact types (DOUBLE over
 * FLOAT). DECIMAL with an exact operand: the integer counts as DECIMAL(n, 0) and Flink's
 * add/multiply/divide/mod precision rules apply; the operands keep their own DECIMAL scales
 * (argTypes cast integers to their DECIMAL(n, 0)).
 */
export function numericArithmetic(op: ArithmeticOp, a: LogicalType, b: LogicalType): OperandTyping | null {
  if (!isNumeric(a) || !isNumeric(b)) return null;
  const nullable = a.nullable || b.nullable;
  if (a.root === 'DOUBLE' || b.root === 'DOUBLE' || a.root === 'FLOAT' || b.root === 'FLOAT') {
    const r = a.root === 'DOUBLE' || b.root === 'DOUBLE' || a.root === 'DECIMAL' || b.root === 'DECIMAL' ? T.double(nullable) : T.float(nullable);
    return { returnType: r, argTypes: [withNullable(r, a.nullable), withNullable(r, b.nullable)] };
  }
  if (isIntegral(a) && isIntegral(b)) {
    const r = op === '%' ? b : widerIntegral(a, b);
    const w = widerIntegral(a, b);
    return {
      returnType: withNullable(r, nullable),
      argTypes: [withNullable(w, a.nullable), withNullable(w, b.nullable)],
    };
  }
  const da = asDecimal(a);
  const db = asDecimal(b);
  let r: DecimalType;
  switch (op) {
    case '+':
    case '-':
      r = decimalAddType(da, db, nullable);
      break;
    case '*':
      r = decimalMultiplyType(da, db, nullable);
      break;
    case '/':
      r = decimalDivideType(da, db, nullable);
      break;
    case '%':
      r = decimalModType(da, db, nullable);
      break;
  }
  return { returnType: r, argTypes: [da, db] };
}

function commonDecimal(a: DecimalType, b: DecimalType, cap: boolean): DecimalType {
  const scale = Math.max(a.scale, b.scale);
  const intDigits = Math.max(a.precision - a.scale, b.precision - b.scale);
  if (!cap) return T.decimal(intDigits + scale, scale);
  return T.decimal(Math.min(MAX_DECIMAL_PRECISION, intDigits + scale), scale);
}

const TIME_ROOTS = new Set(['DATE', 'TIMESTAMP', 'TIMESTAMP_LTZ']);

/** Common type of two non-NULL types (nullability merged), or null. */
function common2(a: LogicalType, b: LogicalType): LogicalType | null {
  const nullable = a.nullable || b.nullable;
  if (typeEquals(a, b, true)) return withNullable(a, nullable);
  if (isNumeric(a) && isNumeric(b)) {
    if (a.root === 'DOUBLE' || b.root === 'DOUBLE') return T.double(nullable);
    if (a.root === 'FLOAT' || b.root === 'FLOAT') {
      return a.root === 'DECIMAL' || b.root === 'DECIMAL' ? T.double(nullable) : T.float(nullable);
    }
    if (isIntegral(a) && isIntegral(b)) return withNullable(widerIntegral(a, b), nullable);
    return withNullable(commonDecimal(asDecimal(a), asDecimal(b), true), nullable);
  }
  if (isCharacterString(a) && isCharacterString(b)) {
    const sa = a as SizedType;
    const sb = b as SizedType;
    const len = Math.max(sa.length, sb.length);
    return a.root === 'CHAR' && b.root === 'CHAR' ? T.char(len, nullable) : T.varchar(len, nullable);
  }
  if ((a.root === 'BINARY' || a.root === 'VARBINARY') && (b.root === 'BINARY' || b.root === 'VARBINARY')) {
    const len = Math.max(a.length, (b as SizedType).length);
    return a.root === 'BINARY' && b.root === 'BINARY' ? T.binary(len, nullable) : T.varbinary(len, nullable);
  }
  if (TIME_ROOTS.has(a.root) && TIME_ROOTS.has(b.root)) {
    const pa = a.root === 'DATE' ? 0 : (a as { precision: number }).precision;
    const pb = b.root === 'DATE' ? 0 : (b as { precision: number }).precision;
    const p = Math.max(pa, pb);
    return a.root === 'TIMESTAMP_LTZ' || b.root === 'TIMESTAMP_LTZ' ? T.timestampLtz(p, nullable) : T.timestamp(p, nullable);
  }
  if (a.root === 'TIME' && b.root === 'TIME') return T.time(Math.max(a.precision, b.precision), nullable);
  if (a.root === 'INTERVAL_YEAR_MONTH' && b.root === 'INTERVAL_YEAR_MONTH') {
    return T.intervalYearMonth(a.resolution === b.resolution ? a.resolution : 'YEAR_TO_MONTH', Math.max(a.yearPrecision, b.yearPrecision), nullable);
  }
  if (a.root === 'INTERVAL_DAY_TIME' && b.root === 'INTERVAL_DAY_TIME') {
    return T.intervalDayTime(
      a.resolution === b.resolution ? a.resolution : 'DAY_TO_SECOND',
      Math.max(a.dayPrecision, b.dayPrecision),
      Math.max(a.fractionalPrecision, b.fractionalPrecision),
      nullable,
    );
  }
  if (a.root === 'ARRAY' && b.root === 'ARRAY') {
    const e = leastRestrictive([a.element, b.element]);
    return e && T.array(e, nullable);
  }
  if (a.root === 'MULTISET' && b.root === 'MULTISET') {
    const e = leastRestrictive([a.element, b.element]);
    return e && T.multiset(e, nullable);
  }
  if (a.root === 'MAP' && b.root === 'MAP') {
    const k = leastRestrictive([a.key, b.key]);
    const v = leastRestrictive([a.value, b.value]);
    return k && v && T.map(k, v, nullable);
  }
  if (a.root === 'ROW' && b.root === 'ROW' && a.fields.length === b.fields.length) {
    const fields = [];
    for (let i = 0; i < a.fields.length; i++) {
      const f = leastRestrictive([a.fields[i]!.type, b.fields[i]!.type]);
      if (!f) return null;
      fields.push({ name: a.fields[i]!.name, type: f });
    }
    return T.row(fields, nullable);
  }
  return null;
}

/**
 * Flink's common type of several types (CASE/COALESCE/UNION/IN/VALUES), or null when there is none.
 * NULL types are skipped and make the result nullable; CHAR(n) with CHAR(m) is CHAR(max) (CASE pads);
 * any VARCHAR makes VARCHAR(max); integers widen; DECIMALs keep the most integral digits and the
 * largest scale (capped at 38); FLOAT/DOUBLE win (DECIMAL with FLOAT is DOUBLE); DATE with TIMESTAMP
 * is TIMESTAMP; collections merge element-wise.
 */
export function leastRestrictive(types: readonly LogicalType[]): LogicalType | null {
  let acc: LogicalType | null = null;
  let sawNull = false;
  for (const t of types) {
    if (t.root === 'NULL') {
      sawNull = true;
      continue;
    }
    if (acc === null) {
      acc = t;
      continue;
    }
    const c = common2(acc, t);
    if (c === null) return null;
    acc = c;
  }
  if (acc === null) return sawNull ? T.null() : null;
  return sawNull ? withNullable(acc, true) : acc;
}

/**
 * The types both sides of a comparison (=, <>, <, …, IS DISTINCT FROM) are cast to, or null when
 * Flink refuses to compare them. Numbers compare by value (DECIMALs of different scales are
 * brought to the larger scale without a precision cap; with FLOAT/DOUBLE both are DOUBLE); a
 * DATE/TIME/TIMESTAMP compared with a string casts the string; DATE with TIMESTAMP compares as
 * TIMESTAMP; TIMESTAMP with TIMESTAMP_LTZ as TIMESTAMP_LTZ.
 */
export function comparisonTypes(a: LogicalType, b: LogicalType): readonly [LogicalType, LogicalType] | null {
  if (a.root === 'NULL' && b.root === 'NULL') return [a, b];
  if (a.root === 'NULL') return [withNullable(b, true), b];
  if (b.root === 'NULL') return [a, withNullable(a, true)];
  if (isNumeric(a) && isNumeric(b)) {
    let c: LogicalType;
    if (a.root === 'DOUBLE' || b.root === 'DOUBLE' || a.root === 'FLOAT' || b.root === 'FLOAT') c = T.double();
    else if (isIntegral(a) && isIntegral(b)) c = widerIntegral(a, b);
    else c = commonDecimal(asDecimal(a), asDecimal(b), false);
    return [withNullable(c, a.nullable), withNullable(c, b.nullable)];
  }
  if (isCharacterString(a) && isCharacterString(b)) return [a, b];
  const isTemporal = (t: LogicalType) => t.root === 'DATE' || t.root === 'TIME' || t.root === 'TIMESTAMP' || t.root === 'TIMESTAMP_LTZ';
  if (isTemporal(a) && isCharacterString(b)) return [a, withNullable(a, b.nullable)];
  if (isCharacterString(a) && isTemporal(b)) return [withNullable(b, a.nullable), b];
  if (a.root === 'BOOLEAN' && b.root === 'BOOLEAN') return [a, b];
  if ((a.root === 'BINARY' || a.root === 'VARBINARY') && (b.root === 'BINARY' || b.root === 'VARBINARY')) return [a, b];
  const c = common2(a, b);
  if (c === null) return null;
  return [withNullable(c, a.nullable), withNullable(c, b.nullable)];
}

/** Calcite's spelling of a type in validation messages: INTEGER, VARCHAR(2147483647), CHAR(1), DECIMAL(10, 2), TIMESTAMP(3). */
export function calciteTypeName(t: LogicalType): string {
  switch (t.root) {
    case 'VARCHAR':
    case 'CHAR':
    case 'BINARY':
    case 'VARBINARY':
      return `${t.root}(${t.length})`;
    case 'DECIMAL':
      return `DECIMAL(${t.precision}, ${t.scale})`;
    case 'TIME':
    case 'TIMESTAMP':
      return `${t.root}(${t.precision})`;
    case 'TIMESTAMP_LTZ':
      return `TIMESTAMP_WITH_LOCAL_TIME_ZONE(${t.precision})`;
    case 'INTERVAL_YEAR_MONTH':
      return t.resolution === 'YEAR_TO_MONTH' ? 'INTERVAL YEAR TO MONTH' : `INTERVAL ${t.resolution}`;
    case 'INTERVAL_DAY_TIME':
      return `INTERVAL ${t.resolution.replace('_TO_', ' TO ')}`;
    case 'ARRAY':
      return `${calciteTypeName(t.element)} ARRAY`;
    case 'MULTISET':
      return `${calciteTypeName(t.element)} MULTISET`;
    case 'MAP':
      return `(${calciteTypeName(t.key)}, ${calciteTypeName(t.value)}) MAP`;
    case 'ROW':
      return `RecordType(${t.fields.map((f) => `${calciteTypeName(f.type)} ${f.name}`).join(', ')})`;
    default:
      return t.root;
  }
}

/** Calcite's "Cannot apply 'op' to arguments of type '<A> op <B>'. Supported form(s): …" message. */
export function cannotApplyMessage(op: string, args: readonly LogicalType[], forms: readonly string[]): string {
  const shown =
    args.length === 2
      ? `<${calciteTypeName(args[0]!)}> ${op} <${calciteTypeName(args[1]!)}>`
      : args.length === 1
        ? `${op} <${calciteTypeName(args[0]!)}>`
        : `${op}(${args.map((a) => `<${calciteTypeName(a)}>`).join(', ')})`;
  return `Cannot apply '${op}' to arguments of type '${shown}'. Supported form(s): ${forms.map((f) => `'${f}'`).join('\n')}`;
}

// ---------------------------------------------------------------- literals

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const LONG_MAX = 9223372036854775807n;

export interface TypedLiteral {
  readonly type: LogicalType;
  readonly value: unknown;
}

/**
 * Types an unsigned numeric literal as Calcite does: digits only -> INT if it fits, else BIGINT,
 * else DECIMAL(digits, 0) (error beyond 38 digits); with a point -> DECIMAL(digits, fraction
 * digits) counting every written digit ('1.50' is DECIMAL(3, 2), '0.5' DECIMAL(2, 1)); with an
 * exponent -> DOUBLE. The type is NOT NULL; the value is in the runtime representation.
 */
export function numericLiteralType(text: string): TypedLiteral {
  let s = text.trim();
  const negative = s.startsWith('-');
  if (negative || s.startsWith('+')) s = s.slice(1).trim();
  if (/[eE]/.test(s)) {
    const v = Number(s);
    if (Number.isNaN(v)) throw new Error(`invalid numeric literal: ${text}`);
    return { type: T.double(false), value: negative ? -v : v };
  }
  const m = /^(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) throw new Error(`invalid numeric literal: ${text}`);
  const intPart = m[1]!;
  const frac = m[2] ?? '';
  const prec = intPart.length + frac.length;
  let b = BigInt((intPart || '0') + frac);
  if (negative) b = -b;
  if (frac === '') {
    if (b <= BigInt(INT_MAX) && b >= BigInt(INT_MIN)) return { type: T.int(false), value: Number(b) };
    if (b <= LONG_MAX && b >= -LONG_MAX - 1n) return { type: T.bigint(false), value: norm(b) };
  }
  if (prec > MAX_DECIMAL_PRECISION) throw new Error(`Numeric literal '${text}' out of range`);
  const unscaled: Int = norm(b);
  return { type: T.decimal(Math.max(1, prec), frac.length, false), value: unscaled === 0 ? 0 : unscaled };
}

/** A character literal 'abc' is CHAR(3) NOT NULL ('' is CHAR(0), Flink's CharType.ofEmptyLiteral). */
export function stringLiteralType(value: string): LogicalType {
  return T.char(value.length, false);
}
