/**
 * Built-in scalar operators: arithmetic (+ - * / % NEGATE UNARY_PLUS),
 * comparisons (= <> < <= > >=, IS [NOT] DISTINCT FROM), logic (AND OR NOT
 * and the IS TRUE/FALSE/NULL/UNKNOWN family), string concatenation (||) and
 * pattern matching (LIKE, NOT LIKE, SIMILAR TO, NOT SIMILAR TO).
 *
 * Types follow Flink (types/coercion.ts): integer arithmetic wraps like Java,
 * INT / INT is INT, DECIMAL arithmetic is exact with Flink's result types
 * (HALF_UP to the result scale, NULL when the result does not fit), FLOAT and
 * DOUBLE follow IEEE. Integral division by zero fails like Java's
 * ArithmeticException. Operands are brought to a shared representation by
 * `argTypes` (implicit casts the binder applies), so the hot cases are inline
 * JS over plain numbers and strings.
 */
import type { ArgInfo, ResolvedCall, ScalarFunction } from '../function.ts';
import { WeirError } from '../../common/error.ts';
import type { DecimalType, LogicalType, SizedType } from '../../types/logical-type.ts';
import { T, isCharacterString, isNumeric, withNullable } from '../../types/logical-type.ts';
import { type Int, add, big, div, mul, neg, norm, rem, sub, wrap64 } from '../../types/int64.ts';
import { fitsPrecision, mulPow10, rescale } from '../../types/decimal.ts';
import { cannotApplyMessage, comparisonTypes, numericArithmetic, type ArithmeticOp } from '../../types/coercion.ts';
import { MS_PER_DAY, addMonthsToDate, addMonthsToTimestamp, isNanoPrecision, tsMapMillis } from '../../types/temporal.ts';

// ---------------------------------------------------------------- helpers

function validation(message: string): never {
  throw new WeirError('validation', 'VALIDATION', message);
}

function arithmeticError(message: string): never {
  throw new WeirError('runtime', 'ARITHMETIC', `java.lang.ArithmeticException: ${message}`);
}

const anyNullable = (args: readonly ArgInfo[]) => args.some((a) => a.type.nullable);

function expectArity(name: string, args: readonly ArgInfo[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    validation(`Invalid number of arguments to function '${name}'. Was expecting ${min === max ? min : `${min} to ${max}`} arguments`);
  }
}

/** NULL-typed operands take the other operand's type (nullable). */
function unNull(a: LogicalType, b: LogicalType): [LogicalType, LogicalType] {
  if (a.root === 'NULL' && b.root !== 'NULL') return [withNullable(b, true), b];
  if (b.root === 'NULL' && a.root !== 'NULL') return [a, withNullable(a, true)];
  return [a, b];
}

const INT_WRAP: Record<string, (e: string) => string> = {
  TINYINT: (e) => `(${e}) << 24 >> 24`,
  SMALLINT: (e) => `(${e}) << 16 >> 16`,
  INTEGER: (e) => `(${e}) | 0`,
};

function wrapNumber(root: string): (v: number) => number {
  switch (root) {
    case 'TINYINT':
      return (v) => (v << 24) >> 24;
    case 'SMALLINT':
      return (v) => (v << 16) >> 16;
    default:
      return (v) => v | 0;
  }
}

const isInterval = (t: LogicalType) => t.root === 'INTERVAL_YEAR_MONTH' || t.root === 'INTERVAL_DAY_TIME';
const isDatetime = (t: LogicalType) => t.root === 'DATE' || t.root === 'TIME' || t.root === 'TIMESTAMP' || t.root === 'TIMESTAMP_LTZ';

const ARITH_FORMS: Record<ArithmeticOp, string[]> = {
  '+': ['<NUMERIC> + <NUMERIC>', '<DATETIME_INTERVAL> + <DATETIME_INTERVAL>', '<DATETIME> + <DATETIME_INTERVAL>', '<DATETIME_INTERVAL> + <DATETIME>'],
  '-': ['<NUMERIC> - <NUMERIC>', '<DATETIME_INTERVAL> - <DATETIME_INTERVAL>', '<DATETIME> - <DATETIME_INTERVAL>'],
  '*': ['<NUMERIC> * <NUMERIC>', '<DATETIME_INTERVAL> * <NUMERIC>', '<NUMERIC> * <DATETIME_INTERVAL>'],
  '/': ['<NUMERIC> / <NUMERIC>', '<DATETIME_INTERVAL> / <NUMERIC>'],
  '%': ['MOD(<EXACT_NUMERIC>, <EXACT_NUMERIC>)'],
};

// ---------------------------------------------------------------- numeric arithmetic

function decimalImpl(op: ArithmeticOp, a: DecimalType, b: DecimalType, r: DecimalType): (x: Int, y: Int) => Int | null {
  const sa = a.scale;
  const sb = b.scale;
  const rs = r.scale;
  const rp = r.precision;
  const fit = (v: Int) => (fitsPrecision(v, rp) ? v : null);
  switch (op) {
    case '+':
    case '-': {
      const s = Math.max(sa, sb);
      const f = op === '+' ? add : sub;
      return (x, y) => fit(rescale(f(mulPow10(x, s - sa), mulPow10(y, s - sb)), s, rs));
    }
    case '*':
      return (x, y) => fit(rescale(mul(x, y), sa + sb, rs));
    case '/':
      return (x, y) => {
        if (y === 0) return arithmeticError('Division by zero');
        // q = x/10^sa / (y/10^sb) at scale rs  =>  x * 10^(rs + sb - sa) / y, HALF_UP
        const e = rs + sb - sa;
        let num = big(x);
        let den = big(y);
        if (e >= 0) num *= 10n ** BigInt(e);
        else den *= 10n ** BigInt(-e);
        let q = num / den;
        const rr = num % den;
        const absR = rr < 0n ? -rr : rr;
        const absD = den < 0n ? -den : den;
        if (absR * 2n >= absD) q += (num < 0n) !== (den < 0n) ? -1n : 1n;
        return fit(norm(q));
      };
    case '%': {
      const s = Math.max(sa, sb);
      return (x, y) => {
        if (y === 0) return arithmeticError('Division by zero');
        return fit(rescale(rem(mulPow10(x, s - sa), mulPow10(y, s - sb)), s, rs));
      };
    }
  }
}

function bigintImpl(op: ArithmeticOp, bits: number): (x: Int, y: Int) => Int {
  const wrap = bits === 64 ? wrap64 : (v: Int) => (typeof v === 'number' && bits === 32 ? v | 0 : Number(BigInt.asIntN(bits, big(v))));
  switch (op) {
    case '+':
      return (x, y) => wrap(add(x, y));
    case '-':
      return (x, y) => wrap(sub(x, y));
    case '*':
      return (x, y) => wrap(mul(x, y));
    case '/':
      return (x, y) => (y === 0 ? arithmeticError('/ by zero') : wrap(div(x, y)));
    case '%':
      return (x, y) => (y === 0 ? arithmeticError('/ by zero') : wrap(rem(x, y)));
  }
}

function numericCall(op: ArithmeticOp, a: LogicalType, b: LogicalType): ResolvedCall | null {
  const typing = numericArithmetic(op, a, b);
  if (!typing) return null;
  const r = typing.returnType;
  const [ta, tb] = typing.argTypes as [LogicalType, LogicalType];
  if (r.root === 'DOUBLE' || r.root === 'FLOAT') {
    const f32 = r.root === 'FLOAT';
    const js = (x: string, y: string) => `${x} ${op} ${y}`;
    const impl = new Function('x', 'y', `return ${f32 ? `Math.fround(${js('x', 'y')})` : js('x', 'y')};`) as (x: number, y: number) => number;
    return {
      returnType: r,
      argTypes: typing.argTypes,
      nulls: 'strict',
      impl,
      inline: ([x, y]) => (f32 ? `Math.fround(${js(x!, y!)})` : js(x!, y!)),
    };
  }
  if (r.root === 'DECIMAL') {
    return {
      returnType: withNullable(r, true),
      argTypes: typing.argTypes,
      nulls: 'strict',
      impl: decimalImpl(op, ta as DecimalType, tb as DecimalType, r) as ResolvedCall['impl'],
    };
  }
  // integral: operands are widened to the wider type; the result has the type r
  const w = ta;
  const bits = { TINYINT: 8, SMALLINT: 16, INTEGER: 32, BIGINT: 64 }[r.root as 'INTEGER'];
  if (w.root !== 'BIGINT' && (op === '+' || op === '-' || op === '*')) {
    const wrapE = INT_WRAP[r.root]!;
    const wrapF = wrapNumber(r.root);
    const impl =
      op === '+' ? (x: number, y: number) => wrapF(x + y) : op === '-' ? (x: number, y: number) => wrapF(x - y) : (x: number, y: number) => wrapF(Math.imul(x, y));
    return {
      returnType: r,
      argTypes: typing.argTypes,
      nulls: 'strict',
      impl,
      inline: ([x, y]) => wrapE(op === '*' ? `Math.imul(${x}, ${y})` : `${x} ${op} ${y}`),
    };
  }
  return { returnType: r, argTypes: typing.argTypes, nulls: 'strict', impl: bigintImpl(op, bits) as ResolvedCall['impl'] };
}

// ---------------------------------------------------------------- datetime / interval arithmetic

function temporalCall(op: ArithmeticOp, a: LogicalType, b: LogicalType): ResolvedCall | null {
  const nullable = a.nullable || b.nullable;
  const sign = op === '-' ? -1 : 1;
  if ((op === '+' || op === '-') && isDatetime(a) && isInterval(b)) return datetimePlus(a, b, sign, nullable, false);
  if (op === '+' && isInterval(a) && isDatetime(b)) return datetimePlus(b, a, 1, nullable, true);
  if ((op === '+' || op === '-') && isInterval(a) && a.root === b.root) {
    const r = withNullable(a, nullable);
    return { returnType: r, nulls: 'strict', impl: op === '+' ? (x: number, y: number) => x + y : (x: number, y: number) => x - y, inline: ([x, y]) => `${x} ${op} ${y}` };
  }
  if ((op === '*' && isInterval(a) && isNumeric(b)) || (op === '*' && isNumeric(a) && isInterval(b)) || (op === '/' && isInterval(a) && isNumeric(b))) {
    const it = isInterval(a) ? a : b;
    const nt = isInterval(a) ? b : a;
    const swap = !isInterval(a);
    const toNum = numberOf(nt);
    const f = op === '*' ? (i: number, n: number) => Math.trunc(i * n) + 0 : (i: number, n: number) => (n === 0 ? arithmeticError('/ by zero') : Math.trunc(i / n) + 0);
    const impl = swap ? (n: unknown, i: number) => f(i, toNum(n)) : (i: number, n: unknown) => f(i, toNum(n));
    return { returnType: withNullable(it, nullable), nulls: 'strict', impl: impl as ResolvedCall['impl'] };
  }
  return null;
}

function numberOf(t: LogicalType): (v: unknown) => number {
  if (t.root === 'DECIMAL') {
    const s = t.scale;
    return (v) => Number(v as Int) / 10 ** s;
  }
  return (v) => Number(v as Int);
}

function datetimePlus(dt: LogicalType, iv: LogicalType, sign: number, nullable: boolean, swapped: boolean): ResolvedCall {
  const r = withNullable(dt, nullable);
  const ym = iv.root === 'INTERVAL_YEAR_MONTH';
  if ((dt.root === 'TIMESTAMP' || dt.root === 'TIMESTAMP_LTZ') && isNanoPrecision(dt.precision)) {
    // bigint nanoseconds: shift the whole milliseconds, keep the sub-ms digits
    const g: (d: bigint, i: number) => bigint = ym
      ? (d, i) => tsMapMillis(d, (ms) => addMonthsToTimestamp(ms, sign * i)) as bigint
      : (d, i) => d + BigInt(sign * i) * 1_000_000n;
    return { returnType: r, nulls: 'strict', impl: swapped ? (i: number, d: bigint) => g(d, i) : g };
  }
  let f: (d: number, i: number) => number;
  switch (dt.root) {
    case 'DATE':
      f = ym ? (d, i) => addMonthsToDate(d, sign * i) : (d, i) => Math.floor((d * MS_PER_DAY + sign * i) / MS_PER_DAY);
      break;
    case 'TIME':
      f = ym ? (d) => d : (d, i) => (((d + sign * i) % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
      break;
    default:
      f = ym ? (d, i) => addMonthsToTimestamp(d, sign * i) : (d, i) => d + sign * i;
      break;
  }
  const impl = swapped ? (i: number, d: number) => f(d, i) : f;
  const inline =
    !ym && (dt.root === 'TIMESTAMP' || dt.root === 'TIMESTAMP_LTZ')
      ? ([x, y]: readonly string[]) => (swapped ? `${y} + ${x}` : `${x} ${sign < 0 ? '-' : '+'} ${y}`)
      : undefined;
  return { returnType: r, nulls: 'strict', impl, inline };
}

function arithmetic(op: ArithmeticOp): ScalarFunction {
  return {
    name: op,
    resolve(args) {
      expectArity(op, args, 2);
      const [a, b] = unNull(args[0]!.type, args[1]!.type);
      if (a.root === 'NULL' && b.root === 'NULL') return { returnType: T.null(), nulls: 'strict', impl: () => null };
      const r = numericCall(op, a, b) ?? temporalCall(op, a, b);
      if (!r) validation(cannotApplyMessage(op === '%' ? 'MOD' : op, [args[0]!.type, args[1]!.type], ARITH_FORMS[op]));
      return r;
    },
  };
}

function negate(name: string, plus: boolean): ScalarFunction {
  return {
    name,
    resolve(args) {
      expectArity(name, args, 1);
      const t = args[0]!.type;
      if (t.root === 'NULL') return { returnType: t, nulls: 'strict', impl: () => null };
      if (!isNumeric(t) && !isInterval(t)) validation(cannotApplyMessage(plus ? '+' : '-', [t], [plus ? '+<NUMERIC>' : '-<NUMERIC>', plus ? '+<DATETIME_INTERVAL>' : '-<DATETIME_INTERVAL>']));
      if (plus) return { returnType: t, nulls: 'strict', impl: (x: unknown) => x, inline: ([x]) => x! };
      switch (t.root) {
        case 'TINYINT':
        case 'SMALLINT':
        case 'INTEGER': {
          const w = wrapNumber(t.root);
          const e = INT_WRAP[t.root]!;
          return { returnType: t, nulls: 'strict', impl: (x: number) => w(-x), inline: ([x]) => e(`-${x}`) };
        }
        case 'BIGINT':
          return { returnType: t, nulls: 'strict', impl: (x: Int) => wrap64(neg(x)) };
        case 'DECIMAL':
          return { returnType: t, nulls: 'strict', impl: (x: Int) => neg(x) };
        default:
          return { returnType: t, nulls: 'strict', impl: (x: number) => -x, inline: ([x]) => `-${x}` };
      }
    },
  };
}

// ---------------------------------------------------------------- comparison

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Deep equality of two non-null values of the same type (collections element-wise, NULL elements equal). */
export function valueEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof Uint8Array) return b instanceof Uint8Array && compareBytes(a, b) === 0;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!valueEquals(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    for (const [k, v] of a) {
      let found = false;
      if (b.has(k)) found = valueEquals(v, b.get(k));
      else
        for (const [k2, v2] of b)
          if (valueEquals(k, k2)) {
            found = valueEquals(v, v2);
            break;
          }
      if (!found) return false;
    }
    return true;
  }
  return false;
}

type CmpOp = '=' | '<>' | '<' | '<=' | '>' | '>=';
const JS_OP: Record<CmpOp, string> = { '=': '===', '<>': '!==', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

/** Types whose runtime values compare correctly with JS operators (numbers, exact ints, strings, booleans). */
function plainComparable(t: LogicalType): boolean {
  switch (t.root) {
    case 'BOOLEAN':
    case 'TINYINT':
    case 'SMALLINT':
    case 'INTEGER':
    case 'BIGINT':
    case 'FLOAT':
    case 'DOUBLE':
    case 'DECIMAL':
    case 'CHAR':
    case 'VARCHAR':
    case 'DATE':
    case 'TIME':
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
    case 'INTERVAL_YEAR_MONTH':
    case 'INTERVAL_DAY_TIME':
      return true;
    default:
      return false;
  }
}

function comparison(op: CmpOp): ScalarFunction {
  return {
    name: op,
    resolve(args) {
      expectArity(op, args, 2);
      const a = args[0]!.type;
      const b = args[1]!.type;
      const types = comparisonTypes(a, b);
      const forms = [`<COMPARABLE_TYPE> ${op} <COMPARABLE_TYPE>`];
      if (!types) validation(cannotApplyMessage(op, [a, b], forms));
      const ct = types[0].root === 'NULL' ? types[1] : types[0];
      const returnType = T.boolean(anyNullable(args));
      if (ct.root === 'NULL') return { returnType: T.boolean(true), nulls: 'strict', impl: () => null };
      const js = JS_OP[op];
      if (plainComparable(ct)) {
        const impl = new Function('x', 'y', `return x ${js} y;`) as (x: unknown, y: unknown) => boolean;
        return { returnType, argTypes: types, nulls: 'strict', impl, inline: ([x, y]) => `${x} ${js} ${y}` };
      }
      if (ct.root === 'BINARY' || ct.root === 'VARBINARY') {
        const test = new Function('c', `return c ${js} 0;`) as (c: number) => boolean;
        return { returnType, argTypes: types, nulls: 'strict', impl: (x: Uint8Array, y: Uint8Array) => test(compareBytes(x, y)) };
      }
      if (op === '=' || op === '<>') {
        const eq = op === '=';
        return { returnType, argTypes: types, nulls: 'strict', impl: (x: unknown, y: unknown) => valueEquals(x, y) === eq };
      }
      return validation(cannotApplyMessage(op, [a, b], forms));
    },
  };
}

function distinctFrom(name: string, distinct: boolean): ScalarFunction {
  return {
    name,
    resolve(args) {
      expectArity(name, args, 2);
      const a = args[0]!.type;
      const b = args[1]!.type;
      const types = comparisonTypes(a, b);
      if (!types) validation(cannotApplyMessage(name, [a, b], [`<COMPARABLE_TYPE> ${name} <COMPARABLE_TYPE>`]));
      const ct = types[0].root === 'NULL' ? types[1] : types[0];
      const returnType = T.boolean(false);
      if (plainComparable(ct) || ct.root === 'NULL') {
        const js = distinct ? '!==' : '===';
        const impl = new Function('x', 'y', `return x ${js} y;`) as (x: unknown, y: unknown) => boolean;
        return { returnType, argTypes: types, nulls: 'custom', impl, inline: ([x, y]) => `${x} ${js} ${y}` };
      }
      return {
        returnType,
        argTypes: types,
        nulls: 'custom',
        impl: (x: unknown, y: unknown) => (x === null || y === null ? (x === y) !== distinct : valueEquals(x, y) !== distinct),
      };
    },
  };
}

// ---------------------------------------------------------------- logic

function expectBoolean(op: string, args: readonly ArgInfo[], form: string): void {
  for (const a of args) {
    if (a.type.root !== 'BOOLEAN' && a.type.root !== 'NULL') {
      validation(cannotApplyMessage(op, args.map((x) => x.type), [form]));
    }
  }
}

function logic(name: 'AND' | 'OR'): ScalarFunction {
  return {
    name,
    resolve(args) {
      if (args.length < 2) expectArity(name, args, 2);
      expectBoolean(name, args, `<BOOLEAN> ${name} <BOOLEAN>`);
      const returnType = T.boolean(anyNullable(args) || args.some((a) => a.type.root === 'NULL'));
      const impl =
        name === 'AND'
          ? (...xs: (boolean | null)[]) => {
              let sawNull = false;
              for (const x of xs) {
                if (x === false) return false;
                if (x === null) sawNull = true;
              }
              return sawNull ? null : true;
            }
          : (...xs: (boolean | null)[]) => {
              let sawNull = false;
              for (const x of xs) {
                if (x === true) return true;
                if (x === null) sawNull = true;
              }
              return sawNull ? null : false;
            };
      return { returnType, nulls: 'custom', impl };
    },
  };
}

const NOT: ScalarFunction = {
  name: 'NOT',
  resolve(args) {
    expectArity('NOT', args, 1);
    expectBoolean('NOT', args, 'NOT <BOOLEAN>');
    return { returnType: T.boolean(anyNullable(args) || args[0]!.type.root === 'NULL'), nulls: 'strict', impl: (x: boolean) => !x, inline: ([x]) => `!${x}` };
  },
};

function isTest(name: string, needsBoolean: boolean, test: (x: unknown) => boolean, js: (x: string) => string): ScalarFunction {
  return {
    name,
    resolve(args) {
      expectArity(name, args, 1);
      if (needsBoolean) expectBoolean(name, args, `<BOOLEAN> ${name}`);
      return { returnType: T.boolean(false), nulls: 'custom', impl: test, inline: ([x]) => js(x!) };
    },
  };
}

// ---------------------------------------------------------------- strings

const CONCAT: ScalarFunction = {
  name: '||',
  resolve(args) {
    expectArity('||', args, 2);
    const [a, b] = unNull(args[0]!.type, args[1]!.type);
    const nullable = anyNullable(args) || a.root === 'NULL';
    if (isCharacterString(a) && isCharacterString(b)) {
      const len = Math.min(2147483647, (a as SizedType).length + (b as SizedType).length);
      const r = a.root === 'CHAR' && b.root === 'CHAR' ? T.char(len, nullable) : T.varchar(len, nullable);
      return { returnType: r, nulls: 'strict', impl: (x: string, y: string) => x + y, inline: ([x, y]) => `${x} + ${y}` };
    }
    if ((a.root === 'BINARY' || a.root === 'VARBINARY') && (b.root === 'BINARY' || b.root === 'VARBINARY')) {
      const len = Math.min(2147483647, a.length + b.length);
      const r = a.root === 'BINARY' && b.root === 'BINARY' ? T.binary(len, nullable) : T.varbinary(len, nullable);
      return {
        returnType: r,
        nulls: 'strict',
        impl: (x: Uint8Array, y: Uint8Array) => {
          const out = new Uint8Array(x.length + y.length);
          out.set(x);
          out.set(y, x.length);
          return out;
        },
      };
    }
    return validation(cannotApplyMessage('||', [args[0]!.type, args[1]!.type], ['<STRING> || <STRING>']));
  },
};

const REGEX_META = /[.*+?^${}()|[\]\\/]/;

function escapeRegexChar(c: string): string {
  return REGEX_META.test(c) ? '\\' + c : c;
}

function checkEscape(escape: string | null): string | null {
  if (escape === null) return null;
  if (escape.length !== 1) throw new WeirError('runtime', 'INVALID_ESCAPE', `Invalid escape character '${escape}'`);
  return escape;
}

/** SQL LIKE pattern -> anchored RegExp ('%' any sequence, '_' one character, ESCAPE makes the next character literal). */
export function likeToRegExp(pattern: string, escape: string | null = null): RegExp {
  const esc = checkEscape(escape);
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (esc !== null && c === esc) {
      const n = pattern[i + 1];
      if (n === undefined || (n !== '_' && n !== '%' && n !== esc)) {
        throw new WeirError('runtime', 'INVALID_ESCAPE', `Invalid escape sequence '${pattern}', ${i}`);
      }
      re += escapeRegexChar(n);
      i++;
    } else if (c === '%') re += '[\\s\\S]*';
    else if (c === '_') re += '[\\s\\S]';
    else re += escapeRegexChar(c);
  }
  return new RegExp(`^${re}$`, 'u');
}

/** SQL SIMILAR TO pattern -> anchored RegExp ('%' and '_' as in LIKE, regex operators | * + ? {} () [] as is). */
export function similarToRegExp(pattern: string, escape: string | null = null): RegExp {
  const esc = checkEscape(escape);
  let re = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (esc !== null && c === esc) {
      const n = pattern[i + 1];
      if (n === undefined) throw new WeirError('runtime', 'INVALID_ESCAPE', `Invalid escape sequence '${pattern}', ${i}`);
      re += escapeRegexChar(n);
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      re += c === '\\' ? '\\\\' : c;
    } else if (c === '[') {
      inClass = true;
      re += c;
    } else if (c === '%') re += '[\\s\\S]*';
    else if (c === '_') re += '[\\s\\S]';
    else if (c === '\\' || c === '^' || c === '$' || c === '/') re += '\\' + c;
    else re += c;
  }
  try {
    return new RegExp(`^(?:${re})$`, 'u');
  } catch (e) {
    throw new WeirError('runtime', 'INVALID_REGEX', `Invalid regular expression '${pattern}': ${(e as Error).message}`);
  }
}

function patternMatch(name: string, negated: boolean, compile: (p: string, e: string | null) => RegExp): ScalarFunction {
  return {
    name,
    resolve(args) {
      expectArity(name, args, 2, 3);
      for (const a of args) {
        if (!isCharacterString(a.type) && a.type.root !== 'NULL') {
          validation(cannotApplyMessage(name, args.map((x) => x.type), [`<STRING> ${name} <STRING>`, `<STRING> ${name} <STRING> ESCAPE <STRING>`]));
        }
      }
      const returnType = T.boolean(anyNullable(args) || args.some((a) => a.type.root === 'NULL'));
      const patLit = args[1]!.literal;
      const escLit = args.length === 3 ? args[2]!.literal : { value: null };
      if (patLit && typeof patLit.value === 'string' && escLit && (escLit.value === null || typeof escLit.value === 'string')) {
        if (args.length === 3 && escLit.value === null) return { returnType, nulls: 'strict', impl: () => null };
        const re = compile(patLit.value, escLit.value as string | null);
        return { returnType, nulls: 'strict', impl: (s: string) => re.test(s) !== negated };
      }
      let lastP: string | undefined;
      let lastE: string | null | undefined;
      let lastRe: RegExp | undefined;
      return {
        returnType,
        nulls: 'strict',
        impl: (s: string, p: string, e?: string) => {
          const esc = e ?? null;
          if (lastRe === undefined || p !== lastP || esc !== lastE) {
            lastRe = compile(p, esc);
            lastP = p;
            lastE = esc;
          }
          return lastRe.test(s) !== negated;
        },
      };
    },
  };
}

// ---------------------------------------------------------------- registry

export const functions: ScalarFunction[] = [
  arithmetic('+'),
  arithmetic('-'),
  arithmetic('*'),
  arithmetic('/'),
  arithmetic('%'),
  negate('NEGATE', false),
  negate('UNARY_PLUS', true),
  comparison('='),
  comparison('<>'),
  comparison('<'),
  comparison('<='),
  comparison('>'),
  comparison('>='),
  distinctFrom('IS DISTINCT FROM', true),
  distinctFrom('IS NOT DISTINCT FROM', false),
  logic('AND'),
  logic('OR'),
  NOT,
  isTest('IS NULL', false, (x) => x === null, (x) => `${x} === null`),
  isTest('IS NOT NULL', false, (x) => x !== null, (x) => `${x} !== null`),
  isTest('IS TRUE', true, (x) => x === true, (x) => `${x} === true`),
  isTest('IS NOT TRUE', true, (x) => x !== true, (x) => `${x} !== true`),
  isTest('IS FALSE', true, (x) => x === false, (x) => `${x} === false`),
  isTest('IS NOT FALSE', true, (x) => x !== false, (x) => `${x} !== false`),
  isTest('IS UNKNOWN', true, (x) => x === null, (x) => `${x} === null`),
  isTest('IS NOT UNKNOWN', true, (x) => x !== null, (x) => `${x} !== null`),
  CONCAT,
  patternMatch('LIKE', false, likeToRegExp),
  patternMatch('NOT LIKE', true, likeToRegExp),
  patternMatch('SIMILAR TO', false, similarToRegExp),
  patternMatch('NOT SIMILAR TO', true, similarToRegExp),
];
