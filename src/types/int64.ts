/**
 * Exact integers for BIGINT and for DECIMAL's unscaled values.
 *
 * Representation invariant ("normalized"): a value is a JS number when it is a
 * safe integer (|v| <= 2^53 - 1) and a bigint otherwise. So `===` compares
 * correctly, `String(v)` prints the digits, and the fast path is plain double
 * arithmetic: if a number result is still a safe integer it is exact (an
 * inexact double product or sum is always >= 2^53 in magnitude).
 */

export type Int = number | bigint;

export const MIN_LONG = -(2n ** 63n);
export const MAX_LONG = 2n ** 63n - 1n;

export function norm(v: bigint): Int {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

export function big(v: Int): bigint {
  return typeof v === 'bigint' ? v : BigInt(v);
}

export function add(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (Number.isSafeInteger(r)) return r;
  }
  return norm(big(a) + big(b));
}

export function sub(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (Number.isSafeInteger(r)) return r;
  }
  return norm(big(a) - big(b));
}

export function mul(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    if (Number.isSafeInteger(r)) return r === 0 ? 0 : r;
  }
  return norm(big(a) * big(b));
}

/** Integer division truncating toward zero (Java semantics). Caller checks b !== 0. */
export function div(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') return Math.trunc(a / b) + 0;
  return norm(big(a) / big(b));
}

/** Remainder with the sign of the dividend (Java semantics). */
export function rem(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') return (a % b) + 0;
  return norm(big(a) % big(b));
}

export function neg(a: Int): Int {
  return typeof a === 'number' ? 0 - a : norm(-a);
}

export function cmp(a: Int, b: Int): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Wraps to a signed 64-bit integer, as Java's long arithmetic overflows. */
export function wrap64(v: Int): Int {
  if (typeof v === 'number') return v;
  return norm(BigInt.asIntN(64, v));
}

export function fromString(s: string): Int {
  return norm(BigInt(s));
}

export function toNumber(v: Int): number {
  return typeof v === 'number' ? v : Number(v);
}

export function isInt(v: unknown): v is Int {
  return typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v));
}

/** 10^n as an exact integer. */
const POW10: Int[] = [];
for (let i = 0, p = 1n; i <= 76; i++, p *= 10n) POW10.push(norm(p));
export function pow10(n: number): Int {
  const v = POW10[n];
  if (v === undefined) return norm(10n ** BigInt(n));
  return v;
}
