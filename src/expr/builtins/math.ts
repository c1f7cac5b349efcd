/**
 * Built-in scalar functions: numeric (Flink's "Arithmetic Functions" that are
 * functions, not operators): ABS, MOD, POWER, SQRT, EXP, LN, LOG, LOG10, LOG2,
 * trigonometry, DEGREES, RADIANS, SIGN, ROUND, TRUNCATE, FLOOR, CEIL/CEILING,
 * PI, E, RAND, RAND_INTEGER.
 *
 * Type rules follow Flink: ABS/SIGN/FLOOR/CEIL/ROUND/TRUNCATE keep the type family
 * (DECIMAL results per LogicalTypeMerging.findRoundDecimalType), the
 * transcendental functions return DOUBLE, MOD follows Calcite's decimal modulo
 * rule (both scale 0 → the second operand's type). FLOOR(x TO unit) and
 * CEIL(x TO unit) are FLOOR_TIME / CEIL_TIME in temporal.ts.
 * Seeded RAND / RAND_INTEGER reproduce java.util.Random (one generator per call site).
 */
import type { ArgInfo, ScalarFunction } from '../function.ts';
import type { DecimalType, LogicalType } from '../../types/logical-type.ts';
import { isApproxNumeric, isIntegral, withNullable } from '../../types/logical-type.ts';
import type { Int } from '../../types/int64.ts';
import { big, norm, pow10, rem } from '../../types/int64.ts';
import { decimalToDouble } from '../../types/decimal.ts';
import {
  aliases,
  anyNullable,
  custom,
  DOUBLE,
  expectArgs,
  expectArgsOpt,
  fn,
  INT,
  intValue,
  invalidCall,
  isInt,
  isNum,
  literalOf,
  runtimeError,
  strict,
} from './lib/common.ts';
import { decimalFromString, javaDoubleString, rescale } from './lib/values.ts';
import type { Rounding } from './lib/values.ts';

// ---------------------------------------------------------------- conversions

/** A converter from a numeric runtime value of type t to a JS double. */
export function toDouble(t: LogicalType): (v: unknown) => number {
  if (t.root === 'DECIMAL') {
    const s = t.scale;
    return (v) => decimalToDouble(v as Int, s);
  }
  if (t.root === 'BIGINT') return (v) => (typeof v === 'bigint' ? Number(v) : (v as number));
  return (v) => v as number;
}

const INT_BITS: Record<string, number> = { TINYINT: 8, SMALLINT: 16, INTEGER: 32, BIGINT: 64 };

function wrapInt(v: Int, t: LogicalType): Int {
  const bits = INT_BITS[t.root] ?? 64;
  if (typeof v === 'number' && bits < 64) {
    const r = bits === 32 ? v | 0 : bits === 16 ? (v << 16) >> 16 : (v << 24) >> 24;
    return r;
  }
  return norm(BigInt.asIntN(bits, big(v)));
}

/** Flink's LogicalTypeMerging.findRoundDecimalType. */
export function roundDecimalType(t: DecimalType, round: number, nullable: boolean): DecimalType {
  if (round >= t.scale) return { ...t, nullable };
  if (round < 0) return { root: 'DECIMAL', precision: Math.min(38, 1 + t.precision - t.scale), scale: 0, nullable };
  return { root: 'DECIMAL', precision: 1 + t.precision - t.scale + round, scale: round, nullable };
}

/** Rounds a double at `digits` decimal places, via BigDecimal.valueOf semantics. */
function roundDouble(x: number, digits: number, mode: Rounding): number {
  if (!Number.isFinite(x)) return x;
  const s = javaDoubleString(x);
  const scale = Math.max(0, digits) + 20;
  const u = decimalFromString(s, scale);
  if (u === null) return x;
  const r = rescale(u, scale, digits, mode);
  // r has scale `digits` (may be negative: then it is a multiple of 10^-digits expressed at scale digits)
  if (digits >= 0) return Number(decimalString(r, digits));
  return Number(big(r) * 10n ** BigInt(-digits));
}

function decimalString(v: Int, scale: number): string {
  if (scale <= 0) return String(v);
  const neg = v < 0;
  let s = String(neg ? -big(v) : v);
  if (s.length <= scale) s = '0'.repeat(scale - s.length + 1) + s;
  return (neg ? '-' : '') + s.slice(0, s.length - scale) + '.' + s.slice(s.length - scale);
}

/** Rounds an exact integer at `digits` (negative digits round to tens, hundreds…). */
function roundInt(v: Int, digits: number, mode: Rounding): Int {
  if (digits >= 0) return v;
  const p = rescale(v, -digits, 0, mode);
  return norm(big(p) * big(pow10(-digits)));
}

// ---------------------------------------------------------------- java.util.Random

const MULT_HI = 0x5de;
const MULT_LO = 0xece66d;
const TWO24 = 16777216;

/** java.util.Random's 48-bit LCG, in two 24-bit halves so doubles stay exact. */
export class JavaRandom {
  private hi = 0;
  private lo = 0;
  constructor(seed: number | bigint) {
    const s = BigInt.asUintN(48, BigInt(seed) ^ 0x5deece66dn);
    this.hi = Number(s >> 24n);
    this.lo = Number(s & 0xffffffn);
  }
  next(bits: number): number {
    const lo = this.lo * MULT_LO + 0xb;
    const carry = Math.floor(lo / TWO24);
    const mid = this.hi * MULT_LO + this.lo * MULT_HI + carry;
    this.lo = lo - carry * TWO24;
    this.hi = mid % TWO24;
    // (int)(seed >>> (48 - bits))
    const v = this.hi * TWO24 + this.lo;
    return Math.floor(v / 2 ** (48 - bits)) | 0;
  }
  nextDouble(): number {
    return (this.next(26) * 134217728 + this.next(27)) * 2 ** -53;
  }
  nextInt(bound: number): number {
    if (bound <= 0) throw runtimeError('bound must be positive');
    let r = this.next(31);
    const m = bound - 1;
    if ((bound & m) === 0) return Number((BigInt(bound) * BigInt(r)) >> 31n);
    for (let u = r; u - (r = u % bound) + m > 2147483647; u = this.next(31));
    return r;
  }
}

// ---------------------------------------------------------------- resolvers

function doubleFn(name: string, f: (x: number) => number): ScalarFunction {
  return fn(name, (args) => {
    expectArgs(name, args, isNum);
    const c = toDouble(args[0]!.type);
    return strict(DOUBLE(anyNullable(args)), (x: unknown) => f(c(x)));
  });
}

function doubleFn2(name: string, f: (x: number, y: number) => number): ScalarFunction {
  return fn(name, (args) => {
    expectArgs(name, args, isNum, isNum);
    const c0 = toDouble(args[0]!.type);
    const c1 = toDouble(args[1]!.type);
    return strict(DOUBLE(anyNullable(args)), (x: unknown, y: unknown) => f(c0(x), c1(y)));
  });
}

function resultType(t: LogicalType, nullable: boolean): LogicalType {
  return t.root === 'NULL' ? { root: 'INTEGER', nullable: true } : withNullable(t, nullable);
}

/** ROUND / TRUNCATE share everything but the rounding mode. */
function roundLike(mode: Rounding): (args: readonly ArgInfo[], _ctx: unknown, name: string) => ReturnType<typeof strict> {
  return (args, _ctx, name) => {
    expectArgsOpt(name, args, 1, isNum, isInt);
    const t = args[0]!.type;
    const nullable = anyNullable(args);
    const digitsLit = args.length === 1 ? 0 : literalOf(args[1]);
    const litDigits = typeof digitsLit === 'number' || typeof digitsLit === 'bigint' ? intValue(digitsLit) : undefined;
    if (t.root === 'DECIMAL') {
      if (litDigits !== undefined) {
        const rt = roundDecimalType(t, litDigits, nullable);
        const from = t.scale;
        return strict(rt, (v: Int) => {
          if (litDigits >= 0) return rescale(v, from, rt.scale, mode);
          return roundNegative(v, from, litDigits, mode);
        });
      }
      // non-constant digits: keep the input type; round, then rescale back
      const from = t.scale;
      return strict(withNullable(t, nullable), (v: Int, d: number | bigint) => {
        const k = intValue(d);
        if (k >= from) return v;
        if (k >= 0) return rescale(rescale(v, from, k, mode), k, from);
        return rescale(roundNegative(v, from, k, mode), 0, from);
      });
    }
    if (isApproxNumeric(t)) {
      const isFloat = t.root === 'FLOAT';
      return strict(withNullable(t, nullable), (x: number, d?: number | bigint) => {
        const r = roundDouble(x, d === undefined ? 0 : intValue(d), mode);
        return isFloat ? Math.fround(r) : r;
      });
    }
    if (isIntegral(t) || t.root === 'NULL') {
      const rt = resultType(t, nullable);
      return strict(rt, (v: Int, d?: number | bigint) => wrapInt(roundInt(v, d === undefined ? 0 : intValue(d), mode), rt));
    }
    throw invalidCall(name, args);
  };
}

/** Rounds a DECIMAL(·, from) value at negative digits k: a scale-0 result, multiple of 10^-k. */
function roundNegative(v: Int, from: number, k: number, mode: Rounding): Int {
  // rescale to a negative scale k gives the value in units of 10^-k
  return norm(big(rescale(v, from, k, mode)) * big(pow10(-k)));
}

function floorCeil(mode: 'FLOOR' | 'CEILING'): (args: readonly ArgInfo[], _ctx: unknown, name: string) => ReturnType<typeof strict> {
  return (args, _ctx, name) => {
    expectArgs(name, args, isNum);
    const t = args[0]!.type;
    const nullable = anyNullable(args);
    if (t.root === 'DECIMAL') {
      const rt = roundDecimalType(t, 0, nullable);
      const from = t.scale;
      return strict(rt, (v: Int) => rescale(v, from, 0, mode));
    }
    if (isApproxNumeric(t)) return strict(withNullable(t, nullable), mode === 'FLOOR' ? Math.floor : Math.ceil);
    return strict(resultType(t, nullable), (v: Int) => v);
  };
}

function modResolve(args: readonly ArgInfo[], _ctx: unknown, name: string): ReturnType<typeof strict> {
  const exact = (t: LogicalType): boolean => isInt(t) || t.root === 'DECIMAL';
  expectArgs(name, args, exact, exact);
  const [a, b] = [args[0]!.type, args[1]!.type];
  const nullable = anyNullable(args);
  const zero = (): never => {
    throw runtimeError('/ by zero', 'DIVISION_BY_ZERO');
  };
  if (a.root === 'DECIMAL' || b.root === 'DECIMAL') {
    const p1 = a.root === 'DECIMAL' ? a.precision : a.root === 'BIGINT' ? 19 : a.root === 'INTEGER' ? 10 : a.root === 'SMALLINT' ? 5 : 3;
    const s1 = a.root === 'DECIMAL' ? a.scale : 0;
    const p2 = b.root === 'DECIMAL' ? b.precision : b.root === 'BIGINT' ? 19 : b.root === 'INTEGER' ? 10 : b.root === 'SMALLINT' ? 5 : 3;
    const s2 = b.root === 'DECIMAL' ? b.scale : 0;
    if (s1 === 0 && s2 === 0) {
      const rt = resultType(b, nullable);
      return strict(rt, (x: Int, y: Int) => (y === 0 ? zero() : rem(x, y)));
    }
    const scale = Math.max(s1, s2);
    const rt: DecimalType = { root: 'DECIMAL', precision: Math.min(38, Math.min(p1 - s1, p2 - s2) + scale), scale, nullable };
    return strict(rt, (x: Int, y: Int) => {
      const xs = rescale(x, s1, scale);
      const ys = rescale(y, s2, scale);
      if (ys === 0) return zero();
      return rem(xs, ys);
    });
  }
  return strict(resultType(b, nullable), (x: Int, y: Int) => (y === 0 ? zero() : rem(x, y)));
}

function randResolve(withBound: boolean): (args: readonly ArgInfo[], _ctx: unknown, name: string) => ReturnType<typeof strict> {
  return (args, _ctx, name) => {
    const n = withBound ? 1 : 0;
    if (args.length !== n && args.length !== n + 1) throw invalidCall(name, args);
    if (!args.every((a) => isInt(a.type))) throw invalidCall(name, args);
    const nullable = anyNullable(args);
    const rt = withBound ? INT(nullable) : DOUBLE(nullable);
    if (args.length === n) {
      if (!withBound) return strict(rt, () => Math.random(), { deterministic: false });
      return strict(rt, (bound: Int) => Math.floor(Math.random() * intValue(bound)), { deterministic: false });
    }
    let rnd: JavaRandom | null = null;
    const seedLit = literalOf(args[0]);
    if (typeof seedLit === 'number' || typeof seedLit === 'bigint') rnd = new JavaRandom(seedLit);
    const gen = (seed: Int): JavaRandom => (rnd ??= new JavaRandom(seed));
    if (!withBound) return strict(rt, (seed: Int) => gen(seed).nextDouble(), { deterministic: false });
    return strict(rt, (seed: Int, bound: Int) => gen(seed).nextInt(intValue(bound)), { deterministic: false });
  };
}

export const functions: ScalarFunction[] = [
  fn('ABS', (args, _ctx, name) => {
    expectArgs(name, args, isNum);
    const t = args[0]!.type;
    const nullable = anyNullable(args);
    if (isApproxNumeric(t)) return strict(withNullable(t, nullable), Math.abs);
    const rt = resultType(t, nullable);
    if (t.root === 'DECIMAL') return strict(rt, (v: Int) => (v < 0 ? (typeof v === 'number' ? -v : norm(-v)) : v));
    return strict(rt, (v: Int) => (v < 0 ? wrapInt(typeof v === 'number' ? -v : norm(-v), rt) : v));
  }),
  fn('MOD', modResolve),
  fn('POWER', (args, _ctx, name) => {
    expectArgs(name, args, isNum, isNum);
    const c0 = toDouble(args[0]!.type);
    const c1 = toDouble(args[1]!.type);
    return strict(DOUBLE(anyNullable(args)), (x: unknown, y: unknown) => Math.pow(c0(x), c1(y)));
  }),
  doubleFn('SQRT', Math.sqrt),
  doubleFn('EXP', Math.exp),
  doubleFn('LN', Math.log),
  doubleFn('LOG10', Math.log10),
  doubleFn('LOG2', (x) => Math.log(x) / Math.LN2),
  fn('LOG', (args, _ctx, name) => {
    expectArgsOpt(name, args, 1, isNum, isNum);
    const c0 = toDouble(args[0]!.type);
    if (args.length === 1) return strict(DOUBLE(anyNullable(args)), (x: unknown) => Math.log(c0(x)));
    const c1 = toDouble(args[1]!.type);
    return strict(DOUBLE(anyNullable(args)), (b: unknown, x: unknown) => Math.log(c1(x)) / Math.log(c0(b)));
  }),
  doubleFn('SIN', Math.sin),
  doubleFn('COS', Math.cos),
  doubleFn('TAN', Math.tan),
  doubleFn('COT', (x) => 1 / Math.tan(x)),
  doubleFn('ASIN', Math.asin),
  doubleFn('ACOS', Math.acos),
  doubleFn('ATAN', Math.atan),
  doubleFn2('ATAN2', Math.atan2),
  doubleFn('SINH', Math.sinh),
  doubleFn('COSH', Math.cosh),
  doubleFn('TANH', Math.tanh),
  doubleFn('DEGREES', (x) => x * 57.29577951308232),
  doubleFn('RADIANS', (x) => x * 0.017453292519943295),
  fn('SIGN', (args, _ctx, name) => {
    expectArgs(name, args, isNum);
    const t = args[0]!.type;
    const nullable = anyNullable(args);
    if (isApproxNumeric(t)) return strict(withNullable(t, nullable), (x: number) => (x > 0 ? 1 : x < 0 ? -1 : x));
    if (t.root === 'DECIMAL') {
      const one = pow10(t.scale);
      return strict(withNullable(t, nullable), (v: Int) => (v > 0 ? one : v < 0 ? norm(-big(one)) : 0));
    }
    return strict(resultType(t, nullable), (v: Int) => (v > 0 ? 1 : v < 0 ? -1 : 0));
  }),
  fn('ROUND', roundLike('HALF_UP')),
  fn('TRUNCATE', roundLike('DOWN')),
  fn('FLOOR', floorCeil('FLOOR')),
  ...aliases(['CEIL', 'CEILING'], floorCeil('CEILING')),
  fn('PI', (args, _ctx, name) => {
    if (args.length) throw invalidCall(name, args);
    return strict(DOUBLE(false), () => Math.PI);
  }),
  fn('E', (args, _ctx, name) => {
    if (args.length) throw invalidCall(name, args);
    return strict(DOUBLE(false), () => Math.E);
  }),
  fn('RAND', randResolve(false)),
  fn('RAND_INTEGER', randResolve(true)),
];

void custom;
