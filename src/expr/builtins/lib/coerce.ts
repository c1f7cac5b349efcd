/**
 * A private stand-in for `leastRestrictive` (Flink's LogicalTypeMerging.findCommonType)
 * until src/types/coercion.ts lands: the common type of COALESCE, IF, GREATEST,
 * ARRAY[…], MAP[…] operands. Covers numerics (with Flink's decimal merging),
 * character and binary strings, temporals and nested collections.
 * TODO: switch to types/coercion.ts once it exists.
 */
import type { LogicalType } from '../../../types/logical-type.ts';
import { isNumeric, typeEquals, withNullable } from '../../../types/logical-type.ts';

const INT_RANK: Record<string, number> = { TINYINT: 1, SMALLINT: 2, INTEGER: 3, BIGINT: 4 };
const INT_PRECISION: Record<string, number> = { TINYINT: 3, SMALLINT: 5, INTEGER: 10, BIGINT: 19 };

function decimalOf(t: LogicalType): { p: number; s: number } | null {
  if (t.root === 'DECIMAL') return { p: t.precision, s: t.scale };
  const p = INT_PRECISION[t.root];
  return p === undefined ? null : { p, s: 0 };
}

function merge2(a: LogicalType, b: LogicalType): LogicalType | null {
  const nullable = a.nullable || b.nullable;
  if (a.root === 'NULL') return withNullable(b, true);
  if (b.root === 'NULL') return withNullable(a, true);
  if (typeEquals(a, b, true)) return withNullable(a, nullable);
  if (isNumeric(a) && isNumeric(b)) {
    if (a.root === 'DOUBLE' || b.root === 'DOUBLE' || a.root === 'FLOAT' || b.root === 'FLOAT') {
      return { root: a.root === 'FLOAT' && b.root === 'FLOAT' ? 'FLOAT' : 'DOUBLE', nullable };
    }
    const ra = INT_RANK[a.root], rb = INT_RANK[b.root];
    if (ra !== undefined && rb !== undefined) return withNullable(ra >= rb ? a : b, nullable);
    const da = decimalOf(a)!, db = decimalOf(b)!;
    const s = Math.max(da.s, db.s);
    const p = Math.min(38, Math.max(da.p - da.s, db.p - db.s) + s);
    return { root: 'DECIMAL', precision: p, scale: s, nullable };
  }
  const isChar = (t: LogicalType): boolean => t.root === 'CHAR' || t.root === 'VARCHAR';
  if (isChar(a) && isChar(b)) {
    const la = (a as { length: number }).length, lb = (b as { length: number }).length;
    if (a.root === 'CHAR' && b.root === 'CHAR' && la === lb) return withNullable(a, nullable);
    return { root: 'VARCHAR', length: Math.max(la, lb), nullable };
  }
  const isBin = (t: LogicalType): boolean => t.root === 'BINARY' || t.root === 'VARBINARY';
  if (isBin(a) && isBin(b)) {
    const la = (a as { length: number }).length, lb = (b as { length: number }).length;
    if (a.root === 'BINARY' && b.root === 'BINARY' && la === lb) return withNullable(a, nullable);
    return { root: 'VARBINARY', length: Math.max(la, lb), nullable };
  }
  if ((a.root === 'TIMESTAMP' || a.root === 'TIMESTAMP_LTZ') && (b.root === 'TIMESTAMP' || b.root === 'TIMESTAMP_LTZ')) {
    const root = a.root === 'TIMESTAMP_LTZ' || b.root === 'TIMESTAMP_LTZ' ? 'TIMESTAMP_LTZ' : 'TIMESTAMP';
    return { root, precision: Math.max(a.precision, b.precision), nullable };
  }
  if (a.root === 'DATE' && (b.root === 'TIMESTAMP' || b.root === 'TIMESTAMP_LTZ')) return withNullable(b, nullable);
  if (b.root === 'DATE' && (a.root === 'TIMESTAMP' || a.root === 'TIMESTAMP_LTZ')) return withNullable(a, nullable);
  if (a.root === 'TIME' && b.root === 'TIME') return { root: 'TIME', precision: Math.max(a.precision, b.precision), nullable };
  if (a.root === b.root && (a.root === 'INTERVAL_YEAR_MONTH' || a.root === 'INTERVAL_DAY_TIME')) return withNullable(a, nullable);
  if (a.root === 'ARRAY' && b.root === 'ARRAY') {
    const e = merge2(a.element, b.element);
    return e && { root: 'ARRAY', element: e, nullable };
  }
  if (a.root === 'MULTISET' && b.root === 'MULTISET') {
    const e = merge2(a.element, b.element);
    return e && { root: 'MULTISET', element: e, nullable };
  }
  if (a.root === 'MAP' && b.root === 'MAP') {
    const k = merge2(a.key, b.key);
    const v = merge2(a.value, b.value);
    return k && v && { root: 'MAP', key: k, value: v, nullable };
  }
  if (a.root === 'ROW' && b.root === 'ROW' && a.fields.length === b.fields.length) {
    const fields = [];
    for (let i = 0; i < a.fields.length; i++) {
      const t = merge2(a.fields[i]!.type, b.fields[i]!.type);
      if (!t) return null;
      fields.push({ name: a.fields[i]!.name, type: t });
    }
    return { root: 'ROW', fields, nullable };
  }
  return null;
}

/** The common type of all given types, or null when they have none. */
export function commonType(types: readonly LogicalType[]): LogicalType | null {
  if (types.length === 0) return null;
  let t: LogicalType | null = types[0]!;
  for (let i = 1; i < types.length && t; i++) t = merge2(t, types[i]!);
  return t;
}
