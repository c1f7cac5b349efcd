/**
 * Value helpers for accumulators: SQL ordering of runtime values (MIN/MAX),
 * equality of aggregate results (to suppress unchanged updates), and JSON
 * text for JSON_ARRAYAGG/JSON_OBJECTAGG (Jackson's rendering).
 */
import type { LogicalType } from '../../types/logical-type.ts';
import { decimalToString } from '../../types/decimal.ts';
import { javaDoubleToString, javaFloatToString, toJsonValue } from '../../types/format.ts';
import type { Int } from '../../types/int64.ts';

/** Compares two non-null values of the same SQL type. */
export function compareValues(a: unknown, b: unknown): number {
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return a.length - b.length;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const x = a[i];
      const y = b[i];
      if (x === null || y === null) {
        if (x !== y) return x === null ? -1 : 1;
        continue;
      }
      const c = compareValues(x, y);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

/** Deep equality of result values (NaN equals NaN, as Flink's binary comparison). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof Uint8Array) {
    if (!(b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!valuesEqual(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !valuesEqual(v, b.get(k))) return false;
    return true;
  }
  return false;
}

/** A value as JSON text, as Flink's JSON aggregate functions (Jackson) print it. */
export function jsonText(v: unknown, t: LogicalType): string {
  if (v === null || v === undefined) return 'null';
  const r = t.root;
  if (r === 'DOUBLE' || r === 'FLOAT') {
    const text = r === 'FLOAT' ? javaFloatToString(v as number) : javaDoubleToString(v as number);
    return Number.isFinite(v as number) ? text : JSON.stringify(text);
  }
  if (r === 'DECIMAL') return decimalToString(v as Int, t.scale);
  if (r === 'BIGINT') return String(v);
  return JSON.stringify(toJsonValue(v, t));
}
