/**
 * The keyed state API. Operators declare named state; the backend stores it per
 * key and key group so a snapshot can be restored at another parallelism.
 * A key is a primitive (a single key column's value) or a string that encodes
 * several columns (see runtime/key.ts); it is hashed to a key group with
 * murmur3 (key-groups.ts).
 */

export type StateKey = string | number | bigint | boolean | null;

export interface StateDescriptor {
  /** Says what it holds, e.g. 'group-accumulators'. */
  readonly name: string;
  readonly description?: string;
}

/** One value per key. */
export interface ValueState<V> {
  get(key: StateKey): V | undefined;
  put(key: StateKey, value: V): void;
  delete(key: StateKey): void;
  /** Iterates all keys of this subtask (for timers-free cleanup, bounded end, snapshots). */
  entries(): IterableIterator<[StateKey, V]>;
  /**
   * Like `entries`, for a caller that changes no value it yields in place (it may put and delete
   * through the state): a backend can then skip protecting the values for a snapshot in progress.
   */
  scan?(): IterableIterator<[StateKey, V]>;
  readonly size: number;
}

/** Several values per key, in insertion order. */
export interface ListState<V> {
  get(key: StateKey): V[] | undefined;
  add(key: StateKey, value: V): void;
  put(key: StateKey, values: V[]): void;
  delete(key: StateKey): void;
  entries(): IterableIterator<[StateKey, V[]]>;
}

/** A map per key (user key → value). */
export interface MapState<UK, UV> {
  get(key: StateKey, userKey: UK): UV | undefined;
  put(key: StateKey, userKey: UK, value: UV): void;
  remove(key: StateKey, userKey: UK): void;
  getMap(key: StateKey): Map<UK, UV> | undefined;
  delete(key: StateKey): void;
  entries(): IterableIterator<[StateKey, Map<UK, UV>]>;
}

export interface KeyedStateStore {
  valueState<V>(desc: StateDescriptor): ValueState<V>;
  listState<V>(desc: StateDescriptor): ListState<V>;
  mapState<UK, UV>(desc: StateDescriptor): MapState<UK, UV>;
}

/** Non-keyed state of an operator subtask (e.g. a source's split positions). */
export interface OperatorStateStore {
  get<V>(name: string): V | undefined;
  put<V>(name: string, value: V): void;
}
