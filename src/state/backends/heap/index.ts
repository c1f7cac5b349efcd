/** The heap state backend (the default): JS Maps, synchronous deep-copy snapshots. */
export { HeapKeyedStateStore, snapshotMap } from './heap-keyed-state-store.ts';
export { HeapOperatorStateStore } from './heap-operator-state-store.ts';
