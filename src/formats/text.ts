/**
 * Text renderings that formats and connectors share and that follow Java's
 * (not SQL CAST's) forms: Double.toString/Float.toString and decimals (from
 * types/, re-exported), BigDecimal's toString, java.time's
 * toString of LocalDateTime/LocalTime/Instant (print connector), the JSON/CSV
 * formats' timestamp text (Flink's TimeFormats: SQL and ISO-8601 standards,
 * fraction printed with as few digits as needed), and decimal parsing with
 * Flink's DecimalData.fromBigDecimal rounding (HALF_UP, null on overflow).
 * Calendar arithmetic comes from types/temporal.ts.
 */
import type { Int } from '../types/int64.ts';
import { decimalFromDouble, decimalToString, parseDecimal } from '../types/decimal.ts';
import { formatDate, formatTimestamp, formatTime, parseDate, parseTime, parseTimestamp, tsAt, type TsValue } from '../types/temporal.ts';

// ---------------------------------------------------------------- numbers (shared with types/)

export { javaDoubleToString, javaFloatToString } from '../types/format.ts';

/** An unscaled exact integer and a scale as plain text ('12.30', '-0.05'): BigDecimal.toPlainString. */
export const decimalToPlainString: (unscaled: Int, scale: number) => string = decimalToString;

/** BigDecimal.toString: plain unless the adjusted exponent is below -6 ('1E-8', '1.5E-7'). */
export function decimalToJavaString(unscaled: Int, scale: number): string {
  let digits = typeof unscaled === 'bigint' ? unscaled.toString() : String(unscaled);
  let neg = false;
  if (digits.startsWith('-')) {
    neg = true;
    digits = digits.slice(1);
  }
  const adjusted = -scale + (digits.length - 1);
  if (scale >= 0 && adjusted >= -6) return decimalToPlainString(unscaled, scale);
  const mant = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
  return (neg ? '-' : '') + mant + 'E' + (adjusted >= 0 ? '+' : '') + adjusted;
}

/**
 * Parses decimal text ('12.345', '-1e3', '.5') to the unscaled value at `scale`, rounding HALF_UP;
 * null when the result needs more than `precision` digits (Flink's DecimalData.fromBigDecimal).
 * Throws on text that is not a number.
 */
export function decimalFromText(text: string, precision: number, scale: number): Int | null {
  const v = parseDecimal(text, precision, scale);
  if (v === undefined) throw new Error(`Character array is not a valid decimal number: '${text}'`);
  return v;
}

/** DECIMAL from a JS number (BigDecimal.valueOf: the shortest decimal text of the double). */
export const decimalFromNumber: (v: number, precision: number, scale: number) => Int | null = decimalFromDouble;

// ---------------------------------------------------------------- temporal text (formats)

/** Removes trailing zeros of a 9-digit fraction; '' when zero. */
function minimalFraction(text: string): string {
  const dot = text.lastIndexOf('.');
  if (dot < 0) return text;
  let end = text.length;
  while (end > dot + 1 && text.charCodeAt(end - 1) === 48) end--;
  return end === dot + 1 ? text.slice(0, dot) : text.slice(0, end);
}

/**
 * TIMESTAMP as Flink's JSON/CSV formats print it: 'yyyy-MM-dd HH:mm:ss[.fffffffff]' (SQL) or
 * 'yyyy-MM-ddTHH:mm:ss[.fffffffff]' (ISO-8601), with the fraction as short as needed.
 */
export function formatTimestampText(ts: TsValue, precision: number, iso: boolean): string {
  const s = minimalFraction(formatTimestamp(tsAt(ts, precision), 9));
  return iso ? s.slice(0, 10) + 'T' + s.slice(11) : s;
}

/** TIME as 'HH:mm:ss[.fff]' (fraction as short as needed). */
export function formatTimeText(ms: number): string {
  return minimalFraction(formatTime(ms, 3));
}

export function formatDateText(days: number): string {
  return formatDate(days);
}

const SQL_TS_RE = /^\d{4,}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,9})?$/;
const ISO_TS_RE = /^\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?$/;

/** Parses Flink's format timestamp text (SQL or ISO-8601 standard); throws when it does not match. */
export function parseTimestampText(text: string, iso: boolean, precision: number): TsValue {
  const ok = iso ? ISO_TS_RE.test(text) : SQL_TS_RE.test(text);
  const v = ok ? parseTimestamp(text) : null;
  if (v === null) throw new Error(`Text '${text}' could not be parsed as a ${iso ? 'ISO-8601' : 'SQL'} timestamp`);
  return tsAt(v, precision);
}

/** TIMESTAMP_LTZ text: the timestamp in UTC followed by 'Z'. */
export function formatInstantText(ts: TsValue, precision: number, iso: boolean): string {
  return formatTimestampText(ts, precision, iso) + 'Z';
}

export function parseInstantText(text: string, iso: boolean, precision: number): TsValue {
  if (!text.endsWith('Z')) throw new Error(`Text '${text}' could not be parsed as a ${iso ? 'ISO-8601' : 'SQL'} timestamp with local time zone`);
  return parseTimestampText(text.slice(0, -1), iso, precision);
}

const ISO_DATE_RE = /^\d{4,}-\d{2}-\d{2}$/;
export function parseDateText(text: string): number {
  const v = ISO_DATE_RE.test(text) ? parseDate(text) : null;
  if (v === null) throw new Error(`Text '${text}' could not be parsed as a date`);
  return v;
}

const ISO_TIME_RE = /^\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?$/;
export function parseTimeText(text: string): number {
  const v = ISO_TIME_RE.test(text) ? parseTime(text) : null;
  if (v === null || v >= 86_400_000) throw new Error(`Text '${text}' could not be parsed as a time`);
  return v;
}

// ---------------------------------------------------------------- java.time toString (print)

export { javaLocalDateTimeString, javaLocalTimeString } from '../types/temporal.ts';

/** Java's Instant.toString: always seconds, fraction in groups of 3, 'Z'. */
export function javaInstantString(ts: TsValue, precision: number): string {
  const s = formatTimestamp(tsAt(ts, precision), 9);
  const sp = s.lastIndexOf(' ');
  const f = s.slice(sp + 10).replace(/0+$/, '');
  const frac = f === '' ? '' : '.' + s.slice(sp + 10, sp + 10 + (f.length <= 3 ? 3 : f.length <= 6 ? 6 : 9));
  return s.slice(0, sp) + 'T' + s.slice(sp + 1, sp + 9) + frac + 'Z';
}

// ---------------------------------------------------------------- bytes

export function toBase64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}

export function fromBase64(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'base64'));
}
