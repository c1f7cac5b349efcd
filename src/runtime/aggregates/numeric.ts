/**
 * Numeric accumulators with Flink's semantics: COUNT, SUM (NULL without
 * non-null input; the input type, wrapping like Java for TINYINT…INT, exact
 * int64 for BIGINT, unscaled exact for DECIMAL), SUM0, AVG (integer division
 * in the input type for integers, HALF_UP at the result scale for DECIMAL),
 * and the STDDEV/VAR family, computed as Calcite's reduction does
 * (SUM(x*x) - SUM(x)*SUM(x)/COUNT) / COUNT[-1], then POWER(…, 0.5), in the
 * input type (integer arithmetic for integers; DOUBLE math for DECIMAL).
 */
import type { LogicalType } from '../../types/logical-type.ts';
import * as I from '../../types/int64.ts';
import { decimalFromDouble, decimalToDouble } from '../../types/decimal.ts';
import type { Row } from '../row.ts';
import type { AggCall, AggImpl } from './agg-call.ts';

type Num = number | bigint;
type AddFn = (a: Num, b: Num) => Num;

export function adders(t: LogicalType): { add: AddFn; sub: AddFn; zero: Num } {
  const r = t.root;
  if (r === 'TINYINT')
    return { add: (a, b) => (((a as number) + (b as number)) << 24) >> 24, sub: (a, b) => (((a as number) - (b as number)) << 24) >> 24, zero: 0 };
  if (r === 'SMALLINT')
    return { add: (a, b) => (((a as number) + (b as number)) << 16) >> 16, sub: (a, b) => (((a as number) - (b as number)) << 16) >> 16, zero: 0 };
  if (r === 'INTEGER') return { add: (a, b) => ((a as number) + (b as number)) | 0, sub: (a, b) => ((a as number) - (b as number)) | 0, zero: 0 };
  if (r === 'BIGINT') return { add: (a, b) => I.wrap64(I.add(a, b)), sub: (a, b) => I.wrap64(I.sub(a, b)), zero: 0 };
  if (r === 'DECIMAL') return { add: (a, b) => I.add(a, b), sub: (a, b) => I.sub(a, b), zero: 0 };
  if (r === 'FLOAT')
    return { add: (a, b) => Math.fround((a as number) + (b as number)), sub: (a, b) => Math.fround((a as number) - (b as number)), zero: 0 };
  return { add: (a, b) => (a as number) + (b as number), sub: (a, b) => (a as number) - (b as number), zero: 0 };
}

export function countAgg(call: AggCall): AggImpl {
  const args = call.args;
  if (args.length === 0) {
    return { create: () => 0, accumulate: (a) => (a as number) + 1, retract: (a) => (a as number) - 1, getValue: (a) => a, merge: (a, b) => (a as number) + (b as number) };
  }
  if (args.length === 1) {
    const f = args[0]!;
    return {
      create: () => 0,
      accumulate: (a, r) => (r[f] === null ? a : (a as number) + 1),
      retract: (a, r) => (r[f] === null ? a : (a as number) - 1),
      getValue: (a) => a,
      merge: (a, b) => (a as number) + (b as number),
    };
  }
  const allSet = (r: Row): boolean => {
    for (const f of args) if (r[f] === null) return false;
    return true;
  };
  return {
    create: () => 0,
    accumulate: (a, r) => (allSet(r) ? (a as number) + 1 : a),
    retract: (a, r) => (allSet(r) ? (a as number) - 1 : a),
    getValue: (a) => a,
    merge: (a, b) => (a as number) + (b as number),
  };
}

/** SUM / SUM0: accumulator [sum, count of non-null values]. */
export function sumAgg(call: AggCall, zeroWhenEmpty: boolean): AggImpl {
  const f = call.args[0]!;
  const { add, sub, zero } = adders(call.resultType.root === 'DECIMAL' ? call.resultType : call.argTypes[0]!);
  const empty = zeroWhenEmpty ? zero : null;
  return {
    create: () => [zero, 0],
    accumulate(acc, r) {
      const v = r[f];
      if (v === null) return acc;
      const a = acc as [Num, number];
      a[0] = add(a[0], v as Num);
      a[1]++;
      return a;
    },
    retract(acc, r) {
      const v = r[f];
      if (v === null) return acc;
      const a = acc as [Num, number];
      a[0] = sub(a[0], v as Num);
      a[1]--;
      return a;
    },
    getValue(acc) {
      const a = acc as [Num, number];
      return a[1] === 0 ? empty : a[0];
    },
    merge(acc, other) {
      const a = acc as [Num, number];
      const b = other as [Num, number];
      if (b[1] !== 0) {
        a[0] = add(a[0], b[0]);
        a[1] += b[1];
      }
      return a;
    },
  };
}

function wrapTo(t: LogicalType, v: I.Int): number | bigint {
  const r = t.root;
  if (r === 'TINYINT') return Number(BigInt.asIntN(8, I.big(v)));
  if (r === 'SMALLINT') return Number(BigInt.asIntN(16, I.big(v)));
  if (r === 'INTEGER') return typeof v === 'number' && (v | 0) === v ? v : Number(BigInt.asIntN(32, I.big(v)));
  return I.wrap64(v);
}

/** Divides an exact integer by a count, rounding HALF_UP. */
function divHalfUp(n: I.Int, d: number): I.Int {
  const b = I.big(n);
  const c = BigInt(d);
  const q = b / c;
  const r = b % c;
  const twice = (r < 0n ? -r : r) * 2n;
  return I.norm(twice >= (c < 0n ? -c : c) ? (b < 0n ? q - 1n : q + 1n) : q);
}

/** AVG: accumulator [sum, count]; sum is int64 for integers, double for FLOAT/DOUBLE, unscaled for DECIMAL. */
export function avgAgg(call: AggCall): AggImpl {
  const f = call.args[0]!;
  const at = call.argTypes[0]!;
  const rt = call.resultType;
  const integral = at.root === 'TINYINT' || at.root === 'SMALLINT' || at.root === 'INTEGER' || at.root === 'BIGINT';
  const dec = at.root === 'DECIMAL';
  const exact = integral || dec;
  const inScale = at.root === 'DECIMAL' ? at.scale : 0;
  const outScale = rt.root === 'DECIMAL' ? rt.scale : 0;
  return {
    create: () => [0, 0],
    accumulate(acc, r) {
      const v = r[f];
      if (v === null) return acc;
      const a = acc as [Num, number];
      a[0] = exact ? I.add(a[0], v as Num) : (a[0] as number) + (v as number);
      a[1]++;
      return a;
    },
    retract(acc, r) {
      const v = r[f];
      if (v === null) return acc;
      const a = acc as [Num, number];
      a[0] = exact ? I.sub(a[0], v as Num) : (a[0] as number) - (v as number);
      a[1]--;
      return a;
    },
    merge(acc, other) {
      const a = acc as [Num, number];
      const b = other as [Num, number];
      a[0] = exact ? I.add(a[0], b[0]) : (a[0] as number) + (b[0] as number);
      a[1] += b[1];
      return a;
    },
    getValue(acc) {
      const [s, n] = acc as [Num, number];
      if (n === 0) return null;
      if (integral) return wrapTo(at, I.div(s, n));
      if (dec) {
        const up = outScale - inScale;
        return up >= 0 ? divHalfUp(I.mul(s, I.pow10(up)), n) : divHalfUp(I.div(s, I.pow10(-up)), n);
      }
      const q = (s as number) / n;
      return rt.root === 'FLOAT' ? Math.fround(q) : q;
    },
  };
}

export type VarianceKind = 'STDDEV_POP' | 'STDDEV_SAMP' | 'VAR_POP' | 'VAR_SAMP';

/** STDDEV_POP/STDDEV_SAMP/VAR_POP/VAR_SAMP: accumulator [sum, sum of squares, count]. */
export function varianceAgg(call: AggCall, kind: VarianceKind): AggImpl {
  const f = call.args[0]!;
  const at = call.argTypes[0]!;
  const rt = call.resultType;
  const integral = at.root === 'TINYINT' || at.root === 'SMALLINT' || at.root === 'INTEGER' || at.root === 'BIGINT';
  const inScale = at.root === 'DECIMAL' ? at.scale : 0;
  const toD = (v: unknown): number => (at.root === 'DECIMAL' ? decimalToDouble(v as I.Int, inScale) : (v as number));
  const samp = kind === 'STDDEV_SAMP' || kind === 'VAR_SAMP';
  const sqrt = kind === 'STDDEV_POP' || kind === 'STDDEV_SAMP';
  return {
    create: () => [0, 0, 0],
    accumulate(acc, r) {
      const v = r[f];
      if (v === null) return acc;
      const a = acc as [Num, Num, number];
      if (integral) {
        a[0] = I.add(a[0], v as Num);
        a[1] = I.add(a[1], I.mul(v as Num, v as Num));
      } else {
        const d = toD(v);
        a[0] = (a[0] as number) + d;
        a[1] = (a[1] as number) + d * d;
      }
      a[2]++;
      return a;
    },
    retract(acc, r) {
      const v = r[f];
      if (v === null) return acc;
      const a = acc as [Num, Num, number];
      if (integral) {
        a[0] = I.sub(a[0], v as Num);
        a[1] = I.sub(a[1], I.mul(v as Num, v as Num));
      } else {
        const d = toD(v);
        a[0] = (a[0] as number) - d;
        a[1] = (a[1] as number) - d * d;
      }
      a[2]--;
      return a;
    },
    merge(acc, other) {
      const a = acc as [Num, Num, number];
      const b = other as [Num, Num, number];
      if (integral) {
        a[0] = I.add(a[0], b[0]);
        a[1] = I.add(a[1], b[1]);
      } else {
        a[0] = (a[0] as number) + (b[0] as number);
        a[1] = (a[1] as number) + (b[1] as number);
      }
      a[2] += b[2];
      return a;
    },
    getValue(acc) {
      const [s, sq, n] = acc as [Num, Num, number];
      if (n === 0 || (samp && n === 1)) return null;
      const d = samp ? n - 1 : n;
      if (integral) {
        const variance = I.div(I.sub(sq, I.div(I.mul(s, s), n)), d);
        const res = sqrt ? Math.trunc(Math.pow(I.toNumber(variance), 0.5)) : variance;
        return wrapTo(rt, res);
      }
      const sd = s as number;
      const variance = ((sq as number) - (sd * sd) / n) / d;
      const res = sqrt ? Math.pow(variance, 0.5) : variance;
      if (rt.root === 'DECIMAL') return decimalFromDouble(res, rt.precision, rt.scale);
      return rt.root === 'FLOAT' ? Math.fround(res) : res;
    },
  };
}

/** BOOL_AND / BOOL_OR (EVERY / SOME): accumulator [count of true, count of false]. */
export function boolAgg(call: AggCall, and: boolean): AggImpl {
  const f = call.args[0]!;
  return {
    create: () => [0, 0],
    accumulate(acc, r) {
      const v = r[f];
      if (v === null) return acc;
      const a = acc as [number, number];
      if (v === true) a[0]++;
      else a[1]++;
      return a;
    },
    retract(acc, r) {
      const v = r[f];
      if (v === null) return acc;
      const a = acc as [number, number];
      if (v === true) a[0]--;
      else a[1]--;
      return a;
    },
    merge(acc, other) {
      const a = acc as [number, number];
      const b = other as [number, number];
      a[0] += b[0];
      a[1] += b[1];
      return a;
    },
    getValue(acc) {
      const [t, fl] = acc as [number, number];
      if (t + fl === 0) return null;
      return and ? fl === 0 : t > 0;
    },
  };
}
