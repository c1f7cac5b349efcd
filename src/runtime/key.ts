/**
 * Key selectors: turn the key columns of a row into a StateKey. One column →
 * the value itself (when it is a primitive; binary, array, map and row values
 * are encoded). Several columns → one string that encodes each value with a
 * type tag and, for strings, a length prefix, so distinct key tuples never
 * collide and NULL differs from 'null'.
 */
import type { StateKey } from '../state/api.ts';
import type { Row } from './row.ts';

/** Appends an unambiguous encoding of `v` to `s`. */
function enc(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return 's' + v.length + ':' + v;
    case 'number':
      return 'd' + (v === 0 ? '0' : String(v)) + ';';
    case 'bigint':
      return 'd' + String(v) + ';';
    case 'boolean':
      return v ? 'T' : 'F';
    case 'undefined':
      return 'N';
    case 'object': {
      if (v === null) return 'N';
      if (v instanceof Uint8Array) {
        let h = 'x' + v.length + ':';
        for (let i = 0; i < v.length; i++) h += (v[i]! < 16 ? '0' : '') + v[i]!.toString(16);
        return h;
      }
      if (Array.isArray(v)) {
        let h = 'a' + v.length + '[';
        for (let i = 0; i < v.length; i++) h += enc(v[i]);
        return h + ']';
      }
      if (v instanceof Map) {
        const parts: string[] = [];
        for (const [k, x] of v) parts.push(enc(k) + enc(x));
        parts.sort();
        return 'm' + parts.length + '{' + parts.join('') + '}';
      }
      return 'o' + JSON.stringify(v) + ';';
    }
    case 'function':
    case 'symbol':
      return 'u' + String(v) + ';';
  }
}

/** Encodes any SQL value as a StateKey: primitives as themselves, others as a tagged string. */
export function valueKey(v: unknown): StateKey {
  if (v === undefined) return null;
  if (typeof v === 'object' && v !== null) return '\u0000' + enc(v);
  return v as StateKey;
}

/** Encodes several values as one unambiguous string. */
export function encodeKey(values: readonly unknown[]): string {
  let s = '';
  for (let i = 0; i < values.length; i++) s += enc(values[i]);
  return s;
}

/** A fast key selector for the given field indexes. */
export function keySelector(fields: readonly number[]): (row: Row) => StateKey {
  if (fields.length === 0) return constantKey;
  if (fields.length === 1) {
    const f = fields[0]!;
    return (row) => {
      const v = row[f];
      return typeof v === 'object' || v === undefined ? valueKey(v) : (v as StateKey);
    };
  }
  if (fields.length === 2) {
    const [a, b] = fields as [number, number];
    return (row) => enc(row[a]) + enc(row[b]);
  }
  const fs = fields.slice();
  return (row) => {
    let s = '';
    for (let i = 0; i < fs.length; i++) s += enc(row[fs[i]!]);
    return s;
  };
}

/** The key of a global aggregation (no grouping fields). */
export const constantKey = (_row: Row): StateKey => 0;
