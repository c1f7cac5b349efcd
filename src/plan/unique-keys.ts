/**
 * Unique-key inference (Flink's FlinkRelMdUniqueKeys, in small): sets of
 * output columns whose values identify one row of a node's result at any
 * time, in the sense of the changelog the node emits (a key's row is
 * retracted before another row with the same key is accumulated).
 *
 *  - a table scan: its PRIMARY KEY (declared NOT ENFORCED, trusted as Flink
 *    does; an upsert or keyed changelog source is normalized by it);
 *  - a group aggregate (no GROUPING SETS): its group keys, the first output
 *    columns (none: a global aggregate, one row, the empty key);
 *  - a Top-N with ROW_NUMBER and rank end 1 (deduplication): the partition
 *    keys; with the row number in the output, partition keys + row number;
 *  - a projection: the input keys whose columns all survive as column
 *    references (or casts that keep values distinct: nullability, integer
 *    widening), remapped to their output positions;
 *  - filter, watermark assigner, sort, OVER aggregate and Top-N keep their
 *    input's keys (a subset of the rows, or the input columns first);
 *  - anything else (joins, unions, windows, …): unknown.
 *
 * Keys are minimal sets listed smallest first, without duplicates.
 */
import type { RelNode } from './logical/nodes.ts';
import type { Rex } from '../expr/rex.ts';
import { typeEquals, type LogicalType } from '../types/logical-type.ts';

export type UniqueKey = readonly number[];

export function uniqueKeys(rel: RelNode): readonly UniqueKey[] {
  switch (rel.kind) {
    case 'LogicalTableScan': {
      const pk = rel.table.table.primaryKey;
      if (!pk || pk.length === 0) return [];
      const idx = pk.map((name) => rel.rowType.fields.findIndex((f) => f.name === name));
      return idx.includes(-1) ? [] : [normalize(idx)];
    }
    case 'LogicalFilter':
    case 'LogicalWatermarkAssigner':
    case 'LogicalSort':
    case 'LogicalOverAggregate':
      return uniqueKeys(rel.input);
    case 'LogicalProject': {
      const out: UniqueKey[] = [];
      for (const k of uniqueKeys(rel.input)) {
        const mapped: number[] = [];
        for (const c of k) {
          const j = rel.exprs.findIndex((e) => preservedColumn(e) === c);
          if (j < 0) break;
          mapped.push(j);
        }
        if (mapped.length === k.length) out.push(normalize(mapped));
      }
      return minimal(out);
    }
    case 'LogicalAggregate':
      if (rel.groupingSets !== null) return [];
      return [rel.groupKeys.map((_, i) => i)];
    case 'LogicalRank': {
      const keys = [...uniqueKeys(rel.input)];
      if (rel.rankType === 'ROW_NUMBER') {
        if (rel.rankEnd === 1) keys.push(normalize(rel.partitionKeys));
        else if (rel.outputRankNumber) keys.push(normalize([...rel.partitionKeys, rel.rowType.fields.length - 1]));
      }
      return minimal(keys);
    }
    default:
      return [];
  }
}

const INTEGER_WIDTH: Partial<Record<LogicalType['root'], number>> = { TINYINT: 1, SMALLINT: 2, INTEGER: 4, BIGINT: 8 };

/**
 * The input column an expression is, with distinct values kept distinct: a column reference, or a cast
 * of one that only changes nullability or widens an integer type. Undefined otherwise.
 */
export function preservedColumn(e: Rex): number | undefined {
  if (e.kind === 'InputRef') return e.index;
  if (e.kind !== 'Cast') return undefined;
  const from = e.operand.type;
  const a = INTEGER_WIDTH[from.root];
  const b = INTEGER_WIDTH[e.type.root];
  return typeEquals(from, e.type, true) || (a !== undefined && b !== undefined && a <= b) ? preservedColumn(e.operand) : undefined;
}

function normalize(k: readonly number[]): UniqueKey {
  return [...new Set(k)].sort((a, b) => a - b);
}

/** Drops keys that contain another key and duplicates; smallest first. */
function minimal(keys: readonly UniqueKey[]): UniqueKey[] {
  const sorted = [...keys].sort((a, b) => a.length - b.length);
  const out: UniqueKey[] = [];
  for (const k of sorted) if (!out.some((o) => o.every((c) => k.includes(c)))) out.push(k);
  return out;
}

/**
 * How a regular join keeps one input's rows (Flink's JoinInputSideSpec):
 * one row per join key when the join key contains a unique key, rows by
 * unique key per join key when there is another unique key, a multiset
 * otherwise. `uniqueKey` is over the input's columns.
 */
export type JoinInputSpec =
  | { readonly kind: 'JoinKeyContainsUniqueKey'; readonly uniqueKey: UniqueKey }
  | {
      readonly kind: 'HasUniqueKey';
      readonly uniqueKey: UniqueKey;
      /**
       * The unique key's columns outside the join key: all rows kept under one join key agree on
       * the join-key columns, so these identify a row among them (a shorter key to encode).
       */
      readonly lookupKey: UniqueKey;
    }
  | { readonly kind: 'NoUniqueKey' };

/** `joinKey`: the input columns the join key is made of (whose values it preserves). */
export function joinInputSpec(keys: readonly UniqueKey[], joinKey: readonly number[]): JoinInputSpec {
  const contained = keys.find((k) => k.every((c) => joinKey.includes(c)));
  if (contained) return { kind: 'JoinKeyContainsUniqueKey', uniqueKey: contained };
  // The key with the fewest columns outside the join key (then the smallest, as Flink picks).
  const outside = (k: UniqueKey): UniqueKey => k.filter((c) => !joinKey.includes(c));
  const best = [...keys].sort((a, b) => outside(a).length - outside(b).length || a.length - b.length)[0];
  return best ? { kind: 'HasUniqueKey', uniqueKey: best, lookupKey: outside(best) } : { kind: 'NoUniqueKey' };
}
