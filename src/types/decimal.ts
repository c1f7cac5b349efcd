/**
 * DECIMAL(p, s) values: exact integers (int64.ts representation) holding the
 * unscaled value; the scale comes from the type. These helpers do what Java's
 * BigDecimal does for Flink's DecimalData: parse text, rescale with HALF_UP
 * rounding, check the precision (a value that does not fit is NULL in Flink's
 * arithmetic and numeric casts), and print with exactly the scale.
 */
import { type Int, big, norm, pow10 } from './int64.ts';

/** Number of decimal digits of |v| (0 has 1 digit). */
export function digitCount(v: Int): number {
  if (typeof v === 'number') {
    const a = Math.abs(v);
    if (a < 1e15) {
      let n = 1;
      let p = 10;
      while (a >= p) {
        n++;
        p *= 10;
      }
      return n;
    }
  }
  const b = big(v);
  return (b < 0n ? -b : b).toString().length;
}

/** True when the unscaled value has at most `precision` digits. */
export function fitsPrecision(v: Int, precision: number): boolean {
  if (typeof v === 'number' && precision >= 16) return true;
  return digitCount(v) <= precision;
}

/** Divides by 10^n rounding HALF_UP (away from zero on a tie), exactly. */
export function divPow10HalfUp(v: Int, n: number): Int {
  if (n <= 0) return v;
  if (typeof v === 'number' && n <= 15) {
    const p = pow10(n) as number;
    const q = Math.trunc(v / p);
    const r = v - q * p;
    const twice = Math.abs(r) * 2;
    const res = twice >= p ? q + Math.sign(v) : q;
    return res + 0;
  }
  const b = big(v);
  const p = 10n ** BigInt(n);
  const q = b / p;
  const r = b % p;
  const absR = r < 0n ? -r : r;
  if (absR * 2n >= p) return norm(b < 0n ? q - 1n : q + 1n);
  return norm(q);
}

/** Divides by 10^n truncating toward zero (Java's setScale(…, DOWN), integer casts). */
export function divPow10Trunc(v: Int, n: number): Int {
  if (n <= 0) return v;
  if (typeof v === 'number' && n <= 15) return Math.trunc(v / (pow10(n) as number)) + 0;
  return norm(big(v) / 10n ** BigInt(n));
}

/** Multiplies by 10^n exactly. */
export function mulPow10(v: Int, n: number): Int {
  if (n <= 0) return v;
  if (typeof v === 'number') {
    const p = pow10(n);
    if (typeof p === 'number') {
      const r = v * p;
      if (Number.isSafeInteger(r)) return r + 0;
    }
  }
  return norm(big(v) * 10n ** BigInt(n));
}

/** Changes the scale of an unscaled value (HALF_UP when reducing). */
export function rescale(v: Int, fromScale: number, toScale: number): Int {
  if (toScale === fromScale) return v;
  return toScale > fromScale ? mulPow10(v, toScale - fromScale) : divPow10HalfUp(v, fromScale - toScale);
}

/** Rescales and checks the precision: null when the value does not fit DECIMAL(p, s) (Flink gives NULL). */
export function toDecimal(v: Int, fromScale: number, precision: number, scale: number): Int | null {
  const r = rescale(v, fromScale, scale);
  return fitsPrecision(r, precision) ? r : null;
}

/** BigDecimal.toPlainString of unscaled × 10^-scale, e.g. (12300, 4) -> '1.2300', (-5, 2) -> '-0.05'. */
export function decimalToString(v: Int, scale: number): string {
  const neg = typeof v === 'bigint' ? v < 0n : v < 0;
  let digits = (neg ? (typeof v === 'bigint' ? -v : -v) : v).toString();
  if (scale <= 0) return (neg ? '-' : '') + digits + (scale < 0 ? '0'.repeat(-scale) : '');
  if (digits.length <= scale) digits = '0'.repeat(scale - digits.length + 1) + digits;
  const cut = digits.length - scale;
  return (neg ? '-' : '') + digits.slice(0, cut) + '.' + digits.slice(cut);
}

const DEC_RE = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Parses a decimal literal (Java BigDecimal syntax: sign, digits, fraction, exponent; trimmed) to the
 * unscaled value at `scale`, rounding HALF_UP. Returns undefined when the text is not a number.
 */
export function parseDecimalUnscaled(text: string, scale: number): Int | undefined {
  const m = DEC_RE.exec(text.trim());
  if (!m) return undefined;
  const intPart = m[2] ?? '';
  const frac = m[3] ?? '';
  if (intPart === '' && frac === '') return undefined;
  const exp = m[4] === undefined ? 0 : Number(m[4]);
  if (!Number.isFinite(exp) || Math.abs(exp) > 10_000) return undefined;
  // value = digits × 10^(exp - frac.length); we want it × 10^scale
  const digits = (intPart + frac).replace(/^0+(?=\d)/, '');
  const shift = exp - frac.length + scale;
  let v: Int = digits.length <= 15 ? Number(digits) : norm(BigInt(digits));
  v = shift >= 0 ? mulPow10(v, shift) : divPow10HalfUp(v, -shift);
  return m[1] === '-' ? (typeof v === 'number' ? 0 - v : norm(-v)) : v;
}

/** Parses text into DECIMAL(p, s): undefined when not a number, null when it does not fit. */
export function parseDecimal(text: string, precision: number, scale: number): Int | null | undefined {
  const v = parseDecimalUnscaled(text, scale);
  if (v === undefined) return undefined;
  return fitsPrecision(v, precision) ? v : null;
}

/** A double into DECIMAL(p, s) as Flink does (BigDecimal.valueOf(d): the shortest decimal form), null when it does not fit. */
export function decimalFromDouble(d: number, precision: number, scale: number): Int | null {
  if (!Number.isFinite(d)) return null;
  const v = parseDecimalUnscaled(String(d), scale);
  if (v === undefined) return null;
  return fitsPrecision(v, precision) ? v : null;
}

/** DECIMAL to double (the nearest double to the exact value). */
export function decimalToDouble(v: Int, scale: number): number {
  if (typeof v === 'number' && scale <= 22 && Math.abs(v) < 2 ** 53) {
    return scale === 0 ? v : v / 10 ** scale;
  }
  return Number(decimalToString(v, scale));
}

/** Compares two unscaled values of possibly different scales exactly. */
export function compareDecimal(a: Int, sa: number, b: Int, sb: number): number {
  if (sa !== sb) {
    if (sa < sb) a = mulPow10(a, sb - sa);
    else b = mulPow10(b, sa - sb);
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
