/**
 * The PARTIAL lookup cache (Flink's DefaultLookupCache): the rows of recently
 * looked-up keys, least recently used first out when more than `maxRows` keys
 * are held, an entry expiring `expireAfterWriteMs` after it was stored or
 * `expireAfterAccessMs` after it was last read. A key without rows is kept
 * only with `cacheMissingKey`. Time comes from an injected clock (the task's
 * processing time), so tests drive it. A Map's insertion order is the LRU
 * order: a read or write moves the entry to the end.
 */
import type { StateKey } from '../../state/api.ts';
import type { Row } from '../row.ts';
import type { PartialCacheSpec } from './lookup-cache-spec.ts';

interface Entry {
  readonly rows: readonly Row[];
  readonly writtenAt: number;
  accessedAt: number;
}

export class PartialLookupCache {
  private readonly spec: PartialCacheSpec;
  private readonly clock: () => number;
  private readonly entries = new Map<StateKey, Entry>();
  hits = 0;
  misses = 0;

  constructor(spec: PartialCacheSpec, clock: () => number) {
    this.spec = spec;
    this.clock = clock;
  }

  /** The cached rows of `key` (an empty array for a cached miss), or undefined when not cached or expired. */
  getIfPresent(key: StateKey): readonly Row[] | undefined {
    const e = this.entries.get(key);
    if (e === undefined) {
      this.misses++;
      return undefined;
    }
    const now = this.clock();
    if (this.expired(e, now)) {
      this.entries.delete(key);
      this.misses++;
      return undefined;
    }
    e.accessedAt = now;
    this.entries.delete(key);
    this.entries.set(key, e);
    this.hits++;
    return e.rows;
  }

  /** Stores the rows of `key` (a miss only with cacheMissingKey), evicting the least recently used keys beyond maxRows. */
  put(key: StateKey, rows: readonly Row[]): void {
    if (rows.length === 0 && !this.spec.cacheMissingKey) return;
    const now = this.clock();
    this.entries.delete(key);
    this.entries.set(key, { rows, writtenAt: now, accessedAt: now });
    this.purge(now);
    const max = this.spec.maxRows;
    if (max !== undefined) {
      for (const k of this.entries.keys()) {
        if (this.entries.size <= max) break;
        this.entries.delete(k);
      }
    }
  }

  /** Keys held (expired entries not yet removed included). */
  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }

  private expired(e: Entry, now: number): boolean {
    const { expireAfterAccessMs: a, expireAfterWriteMs: w } = this.spec;
    return (a !== undefined && now - e.accessedAt >= a) || (w !== undefined && now - e.writtenAt >= w);
  }

  /** Removes expired entries from the least recently used end (stops at the first live one). */
  private purge(now: number): void {
    for (const [k, e] of this.entries) {
      if (!this.expired(e, now)) break;
      this.entries.delete(k);
    }
  }
}
