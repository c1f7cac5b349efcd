/**
 * The heap state backend: every declared state is one JS Map keyed by
 * StateKey, so an access costs one Map lookup. Key groups are computed only
 * when snapshotting. `snapshot()` is synchronous and deep-copies the entries
 * (structuredClone) so the result can be written asynchronously while the
 * operator keeps mutating its state; a copy-on-write table can replace the
 * copy later without changing the format.
 */
import type { KeyedStateStore, ListState, MapState, StateDescriptor, StateKey, ValueState } from '../../api.ts';
import { DEFAULT_MAX_PARALLELISM, keyGroupFor, type KeyGroupRange } from '../../key-groups.ts';
import { selectKeyGroups, type KeyedStateSnapshot, type KeyGroupEntries, type StateKind, type StateSnapshot } from '../../snapshot.ts';

class HeapValueState<V> implements ValueState<V> {
  readonly map = new Map<StateKey, V>();
  get(key: StateKey): V | undefined {
    return this.map.get(key);
  }
  put(key: StateKey, value: V): void {
    this.map.set(key, value);
  }
  delete(key: StateKey): void {
    this.map.delete(key);
  }
  entries(): IterableIterator<[StateKey, V]> {
    return this.map.entries();
  }
  get size(): number {
    return this.map.size;
  }
}

class HeapListState<V> implements ListState<V> {
  readonly map = new Map<StateKey, V[]>();
  get(key: StateKey): V[] | undefined {
    return this.map.get(key);
  }
  add(key: StateKey, value: V): void {
    const l = this.map.get(key);
    if (l) l.push(value);
    else this.map.set(key, [value]);
  }
  put(key: StateKey, values: V[]): void {
    if (values.length === 0) this.map.delete(key);
    else this.map.set(key, values);
  }
  delete(key: StateKey): void {
    this.map.delete(key);
  }
  entries(): IterableIterator<[StateKey, V[]]> {
    return this.map.entries();
  }
}

class HeapMapState<UK, UV> implements MapState<UK, UV> {
  readonly map = new Map<StateKey, Map<UK, UV>>();
  get(key: StateKey, userKey: UK): UV | undefined {
    return this.map.get(key)?.get(userKey);
  }
  put(key: StateKey, userKey: UK, value: UV): void {
    const m = this.map.get(key);
    if (m) m.set(userKey, value);
    else this.map.set(key, new Map([[userKey, value]]));
  }
  remove(key: StateKey, userKey: UK): void {
    const m = this.map.get(key);
    if (!m) return;
    m.delete(userKey);
    if (m.size === 0) this.map.delete(key);
  }
  getMap(key: StateKey): Map<UK, UV> | undefined {
    return this.map.get(key);
  }
  delete(key: StateKey): void {
    this.map.delete(key);
  }
  entries(): IterableIterator<[StateKey, Map<UK, UV>]> {
    return this.map.entries();
  }
}

interface Registered {
  readonly kind: StateKind;
  readonly map: Map<StateKey, unknown>;
  readonly state: unknown;
}

/** Groups the entries of one Map by key group (deep-copied). */
export function snapshotMap(name: string, kind: StateKind, map: Map<StateKey, unknown>, maxParallelism: number): StateSnapshot {
  const byGroup = new Map<number, Array<[StateKey, unknown]>>();
  for (const [k, v] of map) {
    const kg = keyGroupFor(k, maxParallelism);
    let l = byGroup.get(kg);
    if (!l) byGroup.set(kg, (l = []));
    l.push([k, v]);
  }
  const keyGroups: KeyGroupEntries[] = [];
  for (const [keyGroup, entries] of byGroup) keyGroups.push({ keyGroup, entries: structuredClone(entries) });
  keyGroups.sort((a, b) => a.keyGroup - b.keyGroup);
  return { name, kind, keyGroups };
}

export class HeapKeyedStateStore implements KeyedStateStore {
  readonly maxParallelism: number;
  private readonly states = new Map<string, Registered>();
  /** Restored entries waiting for a state of that name to be declared. */
  private pending = new Map<string, StateSnapshot>();

  constructor(maxParallelism: number = DEFAULT_MAX_PARALLELISM) {
    this.maxParallelism = maxParallelism;
  }

  private register<S extends { map: Map<StateKey, unknown> }>(desc: StateDescriptor, kind: StateKind, make: () => S): S {
    const existing = this.states.get(desc.name);
    if (existing) {
      if (existing.kind !== kind) throw new Error(`state '${desc.name}' already declared as ${existing.kind} state`);
      return existing.state as S;
    }
    const s = make();
    const restored = this.pending.get(desc.name);
    if (restored) {
      if (restored.kind !== kind) throw new Error(`restored state '${desc.name}' is ${restored.kind} state, declared as ${kind}`);
      for (const kg of restored.keyGroups) for (const [k, v] of kg.entries) s.map.set(k, v);
      this.pending.delete(desc.name);
    }
    this.states.set(desc.name, { kind, map: s.map, state: s });
    return s;
  }

  valueState<V>(desc: StateDescriptor): ValueState<V> {
    return this.register(desc, 'value', () => new HeapValueState<V>() as unknown as { map: Map<StateKey, unknown> }) as unknown as ValueState<V>;
  }
  listState<V>(desc: StateDescriptor): ListState<V> {
    return this.register(desc, 'list', () => new HeapListState<V>() as unknown as { map: Map<StateKey, unknown> }) as unknown as ListState<V>;
  }
  mapState<UK, UV>(desc: StateDescriptor): MapState<UK, UV> {
    return this.register(desc, 'map', () => new HeapMapState<UK, UV>() as unknown as { map: Map<StateKey, unknown> }) as unknown as MapState<
      UK,
      UV
    >;
  }

  /** Synchronous, deep-copied snapshot of every declared state (and restored-but-undeclared state). */
  snapshot(): KeyedStateSnapshot {
    const states: StateSnapshot[] = [];
    for (const [name, s] of this.states) states.push(snapshotMap(name, s.kind, s.map, this.maxParallelism));
    for (const p of this.pending.values()) states.push(structuredClone(p));
    return { maxParallelism: this.maxParallelism, states };
  }

  /**
   * Loads the key groups in `range` from `snapshots` (any number of subtasks'
   * snapshots, at any parallelism). Call before the operator declares its
   * state (open); states already declared are filled directly.
   */
  restore(snapshots: readonly KeyedStateSnapshot[], range: KeyGroupRange): void {
    for (const s of snapshots) {
      if (s.maxParallelism !== this.maxParallelism) {
        throw new Error(`cannot restore state written with maxParallelism ${s.maxParallelism} into ${this.maxParallelism}`);
      }
    }
    // copy: the snapshot may be restored more than once (e.g. into every subtask after a rescale)
    for (const [name, st] of structuredClone(selectKeyGroups(snapshots, range))) {
      const existing = this.states.get(name);
      if (existing) {
        for (const kg of st.keyGroups) for (const [k, v] of kg.entries) existing.map.set(k, v);
      } else {
        this.pending.set(name, st);
      }
    }
  }
}
