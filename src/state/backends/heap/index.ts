/** The heap state backend (the default): JS Maps, synchronous deep-copy snapshots. */
export { HeapKeyedStateStore, snapshotMap, SnapshotGuard, type LazyKeyedSnapshot, type LazyStateSnapshot, type SnapshotSink } from './heap-keyed-state-store.ts';
export { HeapOperatorStateStore } from './heap-operator-state-store.ts';
