/**
 * Value-level helpers over the runtime representation (see types/logical-type.ts):
 * structural equality and ordering used by the collection and conditional
 * functions (ARRAY_CONTAINS, ARRAY_SORT, GREATEST…), and exact decimal
 * rescaling with Java's HALF_UP / DOWN / FLOOR / CEILING rounding.
 */
import type { Int } from '../../../types/int64.ts';
import { big, norm, pow10 } from '../../../types/int64.ts';

/** SQL value equality (NULL equals NULL here; callers decide three-valued logic). */
export function valueEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (typeof a === 'bigint' || typeof b === 'bigint') return false; // normalized ints: equal values have equal reps
  if (a instanceof Uint8Array) {
    if (!(b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!valueEquals(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    outer: for (const [k, v] of a) {
      if (b.has(k)) {
        if (valueEquals(v, b.get(k))) continue;
        return false;
      }
      for (const [k2, v2] of b) if (valueEquals(k, k2)) {
        if (valueEquals(v, v2)) continue outer;
        return false;
      }
      return false;
    }
    return true;
  }
  return false;
}

/** A hashable key for a value (for DISTINCT-like functions over nested values). */
export function valueKey(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return typeof v === 'bigint' ? `n:${v}` : v;
  return `o:${stableString(v)}`;
}

function stableString(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Uint8Array) return `b[${Array.from(v).join(',')}]`;
  if (Array.isArray(v)) return `[${v.map(stableString).join(',')}]`;
  if (v instanceof Map) {
    const parts = [...v].map(([k, x]) => `${stableString(k)}=${stableString(x)}`).sort();
    return `{${parts.join(',')}}`;
  }
  return String(v);
}

/** Orders two non-null values of the same type family (numbers, bigints, strings, booleans, bytes, arrays). */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return a.length - b.length;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const x = a[i], y = b[i];
      if (x === null || y === null) {
        if (x !== y) return x === null ? -1 : 1;
        continue;
      }
      const c = compareValues(x, y);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  const x = a as number | bigint, y = b as number | bigint;
  if (typeof x === 'number' && typeof y === 'number') {
    // Java's Double.compare semantics for NaN (greatest) and -0.0 < 0.0.
    if (x < y) return -1;
    if (x > y) return 1;
    if (x === y) return x === 0 ? (Object.is(x, -0) ? (Object.is(y, -0) ? 0 : -1) : Object.is(y, -0) ? 1 : 0) : 0;
    return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : -1;
  }
  return x < y ? -1 : x > y ? 1 : 0;
}

// ---- decimals (unscaled exact integers) ----

export type Rounding = 'HALF_UP' | 'DOWN' | 'FLOOR' | 'CEILING';

/** Rescales an unscaled value from scale `from` to scale `to` with the given rounding. */
export function rescale(v: Int, from: number, to: number, mode: Rounding = 'HALF_UP'): Int {
  if (to === from) return v;
  if (to > from) return norm(big(v) * big(pow10(to - from)));
  const d = big(pow10(from - to));
  const x = big(v);
  let q = x / d;
  const r = x % d;
  if (r !== 0n) {
    switch (mode) {
      case 'HALF_UP': {
        const twice = (r < 0n ? -r : r) * 2n;
        if (twice >= d) q += x < 0n ? -1n : 1n;
        break;
      }
      case 'FLOOR':
        if (x < 0n) q -= 1n;
        break;
      case 'CEILING':
        if (x > 0n) q += 1n;
        break;
      case 'DOWN':
        break;
    }
  }
  return norm(q);
}

/** True when an unscaled value has at most `precision` digits. */
export function fitsPrecision(v: Int, precision: number): boolean {
  const x = big(v);
  const lim = big(pow10(precision));
  return x < lim && x > -lim;
}

export function decimalToNumber(v: Int, scale: number): number {
  if (scale === 0) return typeof v === 'number' ? v : Number(v);
  return Number(decimalToString(v, scale));
}

export function decimalToString(v: Int, scale: number): string {
  if (scale === 0) return String(v);
  const neg = v < 0;
  let s = String(neg ? -big(v) : v);
  if (s.length <= scale) s = '0'.repeat(scale - s.length + 1) + s;
  return (neg ? '-' : '') + s.slice(0, s.length - scale) + '.' + s.slice(s.length - scale);
}

/** Parses a decimal string to an unscaled value at `scale` (HALF_UP). Returns null when malformed. */
export function decimalFromString(text: string, scale: number): Int | null {
  const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const digits = (m[2] ?? '') + (m[3] ?? '');
  const s = (m[3] ?? '').length - Number(m[4] ?? 0);
  let u = BigInt(digits === '' ? '0' : digits);
  if (m[1] === '-') u = -u;
  return s >= 0 ? rescale(norm(u), s, scale, 'HALF_UP') : rescale(norm(u * 10n ** BigInt(-s)), 0, scale, 'HALF_UP');
}

/** A JS double to an unscaled decimal at `scale` (HALF_UP on the double's exact decimal expansion, like BigDecimal.valueOf). */
export function decimalFromNumber(x: number, scale: number): Int | null {
  if (!Number.isFinite(x)) return null;
  return decimalFromString(javaDoubleString(x), scale);
}

/** Java's Double.toString rendering (shortest repr; scientific outside [1e-3, 1e7)). */
export function javaDoubleString(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const ax = Math.abs(x);
  if (ax >= 1e-3 && ax < 1e7) {
    const s = String(x);
    return s.includes('.') ? s : s + '.0';
  }
  // scientific: d.dddE±n
  const e = x.toExponential(); // like 1.2345e+21
  const [mant, exp] = e.split('e') as [string, string];
  const m = mant.includes('.') ? mant : mant + '.0';
  return `${m}E${exp.startsWith('+') ? exp.slice(1) : exp}`;
}

/** Java's Float.toString rendering for a float32 value. */
export function javaFloatString(x: number): string {
  if (!Number.isFinite(x) || x === 0) return javaDoubleString(x);
  // shortest decimal that rounds back to the same float32
  for (let p = 1; p <= 9; p++) {
    const s = x.toPrecision(p);
    if (Math.fround(Number(s)) === x) return javaDoubleString(Number(s));
  }
  return javaDoubleString(x);
}
