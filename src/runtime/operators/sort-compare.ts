/**
 * Row comparators for ORDER BY keys (Top-N, OVER, sorting): SQL ordering of
 * runtime values per key, descending and NULLS FIRST/LAST as given. Equal
 * rows compare 0; callers break ties by arrival order, as Flink does.
 */
import { compareValues } from '../aggregates/values.ts';
import type { Row } from '../row.ts';

export interface SortField {
  readonly index: number;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

export type RowComparator = (a: Row, b: Row) => number;

function fieldComparator(k: SortField): RowComparator {
  const f = k.index;
  const sign = k.descending ? -1 : 1;
  const nullCmp = k.nullsFirst ? -1 : 1;
  return (a, b) => {
    const x = a[f];
    const y = b[f];
    if (x === null || x === undefined || y === null || y === undefined) {
      const xn = x === null || x === undefined;
      const yn = y === null || y === undefined;
      return xn === yn ? 0 : xn ? nullCmp : -nullCmp;
    }
    if (typeof x === 'number' && typeof y === 'number') return x < y ? -sign : x > y ? sign : 0;
    if (typeof x === 'string' && typeof y === 'string') return x < y ? -sign : x > y ? sign : 0;
    return compareValues(x, y) * sign;
  };
}

/** Compares rows by the keys in order (0 when every key is equal). */
export function rowComparator(keys: readonly SortField[]): RowComparator {
  const cs = keys.map(fieldComparator);
  if (cs.length === 0) return () => 0;
  if (cs.length === 1) return cs[0]!;
  if (cs.length === 2) {
    const [c0, c1] = cs as [RowComparator, RowComparator];
    return (a, b) => c0(a, b) || c1(a, b);
  }
  return (a, b) => {
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!(a, b);
      if (c !== 0) return c;
    }
    return 0;
  };
}

/** The first index whose row sorts after `row` (so equal rows keep arrival order). */
export function upperBound(rows: readonly Row[], row: Row, cmp: RowComparator): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmp(rows[mid]!, row) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index whose row does not sort before `row`. */
export function lowerBound(rows: readonly Row[], row: Row, cmp: RowComparator): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmp(rows[mid]!, row) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
