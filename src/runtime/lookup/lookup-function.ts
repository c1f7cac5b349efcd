/**
 * The lookup contract between a lookup join and a connector (Flink's
 * LookupFunction / FullCachingLookupProvider): a connector that can be looked
 * up either fetches the rows of a batch of keys (no cache or a PARTIAL cache
 * in front of it) or reads the whole table for a FULL cache. Both calls are
 * synchronous and per batch, never per row: the filesystem reads its files
 * synchronously. A connector whose I/O can only be asynchronous would get a
 * per-batch `lookupAsync(keys): Promise<…>` here, which the task awaits before
 * it takes the next batch or barrier (so output order and checkpoint
 * alignment stay as they are); none needs it yet.
 */
import type { StateKey } from '../../state/api.ts';
import { encodeKey, valueKey } from '../key.ts';
import type { Row } from '../row.ts';
import type { LookupCacheSpec } from './lookup-cache-spec.ts';

/** The values of the lookup columns, in the order of the lookup key (the table's column types). */
export type LookupKey = readonly unknown[];

export interface LookupFunction {
  /**
   * The rows whose lookup columns equal each key (NULL equals NULL here: the
   * join never asks for a NULL it must not match): `result[i]` for `keys[i]`,
   * an empty array when the table has none. Throws on an I/O failure (retried).
   */
  lookup(keys: readonly LookupKey[]): (readonly Row[])[];
  close?(): void;
}

/** Reads the whole table, for a FULL cache (Flink's ScanRuntimeProvider behind a FullCachingLookupProvider). */
export interface FullCacheLoader {
  /** Every row of the table now. Throws on an I/O failure (retried). */
  loadAll(): readonly Row[];
  close?(): void;
}

/** The one hashable form of a lookup key: the value itself for one column, an unambiguous string for several. */
export function lookupKeyOf(key: LookupKey): StateKey {
  return key.length === 1 ? valueKey(key[0]) : encodeKey(key);
}

/** The lookup key of a table row: its values at `columns`. */
export function rowLookupKey(row: Row, columns: readonly number[]): StateKey {
  if (columns.length === 1) return valueKey(row[columns[0]!]);
  const vals = new Array<unknown>(columns.length);
  for (let i = 0; i < columns.length; i++) vals[i] = row[columns[i]!];
  return encodeKey(vals);
}

/**
 * Answers a batch of keys from rows read in one pass (a connector without an
 * index: every row is checked against the set of wanted keys).
 */
export function matchRows(rows: Iterable<Row>, columns: readonly number[], keys: readonly LookupKey[]): Row[][] {
  const slot = new Map<StateKey, number>();
  const out: Row[][] = keys.map(() => []);
  for (let i = 0; i < keys.length; i++) {
    const k = lookupKeyOf(keys[i]!);
    if (!slot.has(k)) slot.set(k, i);
  }
  for (const row of rows) {
    const i = slot.get(rowLookupKey(row, columns));
    if (i !== undefined) out[i]!.push(row);
  }
  // keys repeated in the batch get the same rows
  for (let i = 0; i < keys.length; i++) {
    const first = slot.get(lookupKeyOf(keys[i]!))!;
    if (first !== i) out[i] = out[first]!;
  }
  return out;
}

/**
 * What a lookup-capable connector hands the lookup join for one lookup key
 * (Flink's LookupRuntimeProvider kinds): a function that fetches rows by key,
 * with no cache or a PARTIAL cache in front of it, or a loader of the whole
 * table behind a FULL cache.
 */
export type LookupRuntimeProvider =
  | {
      readonly kind: 'lookup';
      readonly cache: Exclude<LookupCacheSpec, { kind: 'FULL' }>;
      /** Retries of a failed lookup before the job fails ('lookup.max-retries'). */
      readonly maxRetries: number;
      createFunction(): LookupFunction;
    }
  | {
      readonly kind: 'full';
      readonly cache: Extract<LookupCacheSpec, { kind: 'FULL' }>;
      readonly maxRetries: number;
      createLoader(): FullCacheLoader;
    };
