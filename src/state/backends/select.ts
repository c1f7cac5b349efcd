/**
 * Chooses the keyed state backend from the job configuration (Flink's
 * `state.backend.type`):
 *
 *   hashmap (default)   JS Maps on the heap (backends/heap)
 *   lmdb                the embedded on-disk store (backends/lmdb)
 *   rocksdb             accepted as Flink scripts say it: the same embedded
 *                       on-disk store (Weir has no RocksDB)
 *
 * Values are case-insensitive, as in Flink; the pre-1.17 key `state.backend`
 * is read when `state.backend.type` is absent. On-disk options:
 * `state.backend.lmdb.localdir` (or Flink's `state.backend.rocksdb.localdir`):
 * the parent of the working directories (default: the OS temp directory);
 * `state.backend.lmdb.cache.entries`: live values cached per state (100000).
 */
import { WeirError } from '../../common/error.ts';
import type { KeyedStateStore } from '../api.ts';
import type { KeyGroupRange } from '../key-groups.ts';
import type { KeyedStateSnapshot } from '../snapshot.ts';
import { HeapKeyedStateStore, type LazyKeyedSnapshot } from './heap/index.ts';
import { LmdbKeyedStateStore } from './lmdb/index.ts';

export const STATE_BACKEND_TYPE = 'state.backend.type';
export const LMDB_LOCAL_DIR = 'state.backend.lmdb.localdir';
export const ROCKSDB_LOCAL_DIR = 'state.backend.rocksdb.localdir';
export const LMDB_CACHE_ENTRIES = 'state.backend.lmdb.cache.entries';

/** What the runtime needs of a keyed state backend (both backends implement it). */
export interface ManagedKeyedStateStore extends KeyedStateStore {
  readonly maxParallelism: number;
  /** A synchronous snapshot in the canonical format. */
  snapshot(): KeyedStateSnapshot;
  /** An asynchronous snapshot is being written and a new one must fall back to `snapshot()`. */
  readonly snapshotting: boolean;
  snapshotAsync(): LazyKeyedSnapshot;
  restore(snapshots: readonly KeyedStateSnapshot[], range: KeyGroupRange): void;
  /** Frees what the store holds outside the heap (the on-disk store's working directory). */
  close?(): Promise<void>;
}

export type StateBackendConfig =
  | { readonly type: 'hashmap' }
  | { readonly type: 'lmdb'; readonly localDir: string | undefined; readonly cacheEntries: number | undefined };

const VALID = "'hashmap' (the default), 'rocksdb' and 'lmdb' (both the embedded on-disk LMDB store)";

/** Reads and checks the state backend options; an unknown value is a config error. */
export function stateBackendConfig(config: ReadonlyMap<string, string>): StateBackendConfig {
  const key = config.has(STATE_BACKEND_TYPE) ? STATE_BACKEND_TYPE : config.has('state.backend') ? 'state.backend' : undefined;
  const raw = key === undefined ? 'hashmap' : config.get(key)!;
  const name = raw.trim().toLowerCase();
  if (name === 'hashmap') return { type: 'hashmap' };
  if (name !== 'rocksdb' && name !== 'lmdb') {
    throw new WeirError('config', 'CONFIG', `Could not parse value '${raw}' for key '${key!}': unknown state backend, valid values are ${VALID}`);
  }
  // Flink's localdir may list several directories (one per disk): the first one is used
  const localDir = (config.get(LMDB_LOCAL_DIR) ?? config.get(ROCKSDB_LOCAL_DIR))?.split(',')[0];
  const cacheText = config.get(LMDB_CACHE_ENTRIES);
  let cacheEntries: number | undefined;
  if (cacheText !== undefined) {
    cacheEntries = Number(cacheText.trim());
    if (!Number.isSafeInteger(cacheEntries) || cacheEntries <= 0) {
      throw new WeirError('config', 'CONFIG', `Could not parse value '${cacheText}' for key '${LMDB_CACHE_ENTRIES}': expected a positive integer`);
    }
  }
  return { type: 'lmdb', localDir: localDir === undefined || localDir.trim() === '' ? undefined : localDir.trim().replace(/^file:\/\//, ''), cacheEntries };
}

export function createKeyedStateStore(backend: StateBackendConfig, maxParallelism: number): ManagedKeyedStateStore {
  if (backend.type === 'hashmap') return new HeapKeyedStateStore(maxParallelism);
  return new LmdbKeyedStateStore(maxParallelism, { localDir: backend.localDir, cacheEntries: backend.cacheEntries });
}
