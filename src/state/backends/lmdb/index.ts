/** The embedded on-disk state backend: LMDB with a cache of live values, canonical snapshots. */
export { LmdbKeyedStateStore, DEFAULT_CACHE_ENTRIES, MIN_CACHE_ENTRIES, type LmdbStoreOptions, type TableStats } from './lmdb-keyed-state-store.ts';
