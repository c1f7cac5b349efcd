/**
 * Answers the lookups of one batch of probe rows through the table's cache:
 * NONE asks the connector for the batch's distinct keys; PARTIAL answers
 * what it holds and asks the connector for the missed keys of the batch in
 * one call, then stores the answers; FULL loads (or reloads, when due) the
 * whole table and answers from its index. A failing connector call is
 * retried up to 'lookup.max-retries' times, then fails the job.
 */
import { WeirError } from '../../common/error.ts';
import type { StateKey } from '../../state/api.ts';
import type { Row } from '../row.ts';
import { FullLookupCache } from './full-cache.ts';
import type { LookupFunction, LookupKey, LookupRuntimeProvider } from './lookup-function.ts';
import { PartialLookupCache } from './partial-cache.ts';

export class LookupResolver {
  private readonly provider: LookupRuntimeProvider;
  private readonly tableName: string;
  private fn: LookupFunction | undefined;
  private partial: PartialLookupCache | undefined;
  private full: FullLookupCache | undefined;
  /** Connector calls made (lookups and loads), for tests and metrics. */
  calls = 0;

  constructor(provider: LookupRuntimeProvider, keyColumns: readonly number[], clock: () => number, tableName: string) {
    this.provider = provider;
    this.tableName = tableName;
    if (provider.kind === 'full') {
      const loader = provider.createLoader();
      this.full = new FullLookupCache(() => this.retried(() => loader.loadAll()), keyColumns, provider.cache.reload, clock);
    } else {
      this.fn = provider.createFunction();
      if (provider.cache.kind === 'PARTIAL') this.partial = new PartialLookupCache(provider.cache, clock);
    }
  }

  /** The rows of each key; `cacheKeys[i]` is lookupKeyOf(keys[i]) and the keys are distinct. */
  resolve(keys: readonly LookupKey[], cacheKeys: readonly StateKey[]): (readonly Row[])[] {
    const n = keys.length;
    const out = new Array<readonly Row[]>(n);
    if (n === 0) return out;
    const full = this.full;
    if (full !== undefined) {
      full.refresh();
      for (let i = 0; i < n; i++) out[i] = full.get(cacheKeys[i]!);
      return out;
    }
    const cache = this.partial;
    if (cache === undefined) return this.fetch(keys);
    const missed: number[] = [];
    for (let i = 0; i < n; i++) {
      const hit = cache.getIfPresent(cacheKeys[i]!);
      if (hit === undefined) missed.push(i);
      else out[i] = hit;
    }
    if (missed.length === 0) return out;
    const fetched = this.fetch(missed.map((i) => keys[i]!));
    for (let j = 0; j < missed.length; j++) {
      const i = missed[j]!;
      const rows = fetched[j] ?? [];
      out[i] = rows;
      cache.put(cacheKeys[i]!, rows);
    }
    return out;
  }

  /** Lookups a PARTIAL cache answered / did not answer (Flink's hitCount and missCount). */
  get hits(): number {
    return this.partial?.hits ?? 0;
  }
  get misses(): number {
    return this.partial?.misses ?? 0;
  }

  /** Loads of a FULL cache (Flink's numLoads-like count; 0 otherwise). */
  get loads(): number {
    return this.full?.loads ?? 0;
  }

  /** Keys held by a PARTIAL cache, rows held by a FULL one (0 without a cache). */
  cachedEntries(): number {
    return this.partial?.size ?? this.full?.rows ?? 0;
  }

  close(): void {
    this.fn?.close?.();
  }

  private fetch(keys: readonly LookupKey[]): (readonly Row[])[] {
    const fn = this.fn!;
    return this.retried(() => fn.lookup(keys));
  }

  private retried<T>(call: () => T): T {
    const max = this.provider.maxRetries;
    for (let attempt = 0; ; attempt++) {
      this.calls++;
      try {
        return call();
      } catch (e) {
        if (attempt >= max) {
          const why = e instanceof Error ? e.message : String(e);
          throw new WeirError('runtime', 'LOOKUP_FAILED', `Failed to look up table ${this.tableName} (${attempt + 1} attempts, 'lookup.max-retries' = ${max}): ${why}`, undefined, {
            cause: e,
          });
        }
      }
    }
  }
}
