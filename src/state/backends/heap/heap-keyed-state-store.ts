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

const ABSENT = Symbol('absent');

/**
 * A deep copy of a state value. Arrays (rows, accumulators) and Maps are
 * copied by hand, element by element, which is many times cheaper than
 * structuredClone for these small graphs; other objects go through
 * structuredClone (the snapshot format's contract: values structured-clone).
 */
export function cloneValue(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    // slice keeps the array's elements kind (filling a new Array element by element would transition it, slowly)
    const out = (v as unknown[]).slice();
    for (let i = 0; i < out.length; i++) {
      const x = out[i];
      if (x !== null && typeof x === 'object') out[i] = cloneValue(x);
    }
    return out;
  }
  if (v instanceof Map) {
    const out = new Map<unknown, unknown>();
    for (const [k, x] of v as Map<unknown, unknown>) out.set(cloneValue(k), cloneValue(x));
    return out;
  }
  return structuredClone(v);
}

/**
 * An asynchronous snapshot in progress over one state's Map (copy on access):
 * the writer walks the live Map and serialises each entry it reaches; an entry
 * the operator touches first (any get or update: operators mutate values in
 * place after a get) is cloned into `shadow` before it changes, and the writer
 * skips it and emits the copy at the end. An entry touched after the writer
 * has emitted it is cloned too (there is no per-key record of what was
 * written: keeping one cost more than the copies it saves); its copy equals
 * what was emitted, and goes out as an override, so the file holds one entry
 * per key once read. The synchronous part of a checkpoint is then only
 * installing these guards.
 */
export class SnapshotGuard {
  readonly live: Map<StateKey, unknown>;
  readonly shadow = new Map<StateKey, unknown>();
  /** The writer has walked the live Map: every entry is emitted or copied, no more copies are needed. */
  walked = false;
  constructor(live: Map<StateKey, unknown>) {
    this.live = live;
  }
  touch(key: StateKey): void {
    if (this.walked || this.shadow.has(key)) return;
    const v = this.live.get(key);
    this.shadow.set(key, v === undefined && !this.live.has(key) ? ABSENT : cloneValue(v));
  }
  touchAll(): void {
    for (const k of this.live.keys()) this.touch(k);
  }
}

class HeapValueState<V> implements ValueState<V> {
  readonly map = new Map<StateKey, V>();
  guard: SnapshotGuard | undefined;
  get(key: StateKey): V | undefined {
    if (this.guard) this.guard.touch(key);
    return this.map.get(key);
  }
  put(key: StateKey, value: V): void {
    if (this.guard) this.guard.touch(key);
    this.map.set(key, value);
  }
  delete(key: StateKey): void {
    if (this.guard) this.guard.touch(key);
    this.map.delete(key);
  }
  entries(): IterableIterator<[StateKey, V]> {
    if (this.guard) this.guard.touchAll();
    return this.map.entries();
  }
  /** Read-only iteration: nothing to copy for a snapshot in progress (puts and deletes copy as usual). */
  scan(): IterableIterator<[StateKey, V]> {
    return this.map.entries();
  }
  get size(): number {
    return this.map.size;
  }
}

class HeapListState<V> implements ListState<V> {
  readonly map = new Map<StateKey, V[]>();
  guard: SnapshotGuard | undefined;
  get(key: StateKey): V[] | undefined {
    if (this.guard) this.guard.touch(key);
    return this.map.get(key);
  }
  add(key: StateKey, value: V): void {
    if (this.guard) this.guard.touch(key);
    const l = this.map.get(key);
    if (l) l.push(value);
    else this.map.set(key, [value]);
  }
  put(key: StateKey, values: V[]): void {
    if (this.guard) this.guard.touch(key);
    if (values.length === 0) this.map.delete(key);
    else this.map.set(key, values);
  }
  delete(key: StateKey): void {
    if (this.guard) this.guard.touch(key);
    this.map.delete(key);
  }
  entries(): IterableIterator<[StateKey, V[]]> {
    if (this.guard) this.guard.touchAll();
    return this.map.entries();
  }
}

class HeapMapState<UK, UV> implements MapState<UK, UV> {
  readonly map = new Map<StateKey, Map<UK, UV>>();
  guard: SnapshotGuard | undefined;
  get(key: StateKey, userKey: UK): UV | undefined {
    if (this.guard) this.guard.touch(key);
    return this.map.get(key)?.get(userKey);
  }
  put(key: StateKey, userKey: UK, value: UV): void {
    if (this.guard) this.guard.touch(key);
    const m = this.map.get(key);
    if (m) m.set(userKey, value);
    else this.map.set(key, new Map([[userKey, value]]));
  }
  remove(key: StateKey, userKey: UK): void {
    if (this.guard) this.guard.touch(key);
    const m = this.map.get(key);
    if (!m) return;
    m.delete(userKey);
    if (m.size === 0) this.map.delete(key);
  }
  getMap(key: StateKey): Map<UK, UV> | undefined {
    if (this.guard) this.guard.touch(key);
    return this.map.get(key);
  }
  delete(key: StateKey): void {
    if (this.guard) this.guard.touch(key);
    this.map.delete(key);
  }
  entries(): IterableIterator<[StateKey, Map<UK, UV>]> {
    if (this.guard) this.guard.touchAll();
    return this.map.entries();
  }
}

interface Registered {
  readonly kind: StateKind;
  readonly map: Map<StateKey, unknown>;
  readonly state: { guard: SnapshotGuard | undefined };
}

/** Receives the entries of an asynchronous snapshot. */
export interface SnapshotSink {
  /** One entry. The value is live: encode it before the next pause. */
  entry(keyGroup: number, key: StateKey, value: unknown): void;
  /**
   * Closes the chunk of entries given since the last call. With `override`,
   * they replace any entry of the same key given before (copies taken on
   * access for keys whose live value may already have been given).
   */
  endChunk(override?: boolean): void;
}

/** One state of an asynchronous snapshot. */
export interface LazyStateSnapshot {
  readonly name: string;
  readonly kind: StateKind;
  /**
   * Hands every entry as of the snapshot to `sink`, in chunks of about
   * `chunk` entries; awaits `pause()` between chunks so processing continues.
   */
  collect(sink: SnapshotSink, pause: () => Promise<void>, chunk?: number): Promise<void>;
}

/** A keyed snapshot whose entries are produced asynchronously (see SnapshotGuard). */
export interface LazyKeyedSnapshot {
  readonly maxParallelism: number;
  readonly states: LazyStateSnapshot[];
  /** Removes the guards of states not collected (a failed or abandoned write). */
  release(): void;
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
      return existing.state as unknown as S;
    }
    const s = make();
    const restored = this.pending.get(desc.name);
    if (restored) {
      if (restored.kind !== kind) throw new Error(`restored state '${desc.name}' is ${restored.kind} state, declared as ${kind}`);
      for (const kg of restored.keyGroups) for (const [k, v] of kg.entries) s.map.set(k, v);
      this.pending.delete(desc.name);
    }
    this.states.set(desc.name, { kind, map: s.map, state: s as unknown as { guard: SnapshotGuard | undefined } });
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

  /** True while an asynchronous snapshot is being written (a second one then falls back to `snapshot()`). */
  get snapshotting(): boolean {
    for (const s of this.states.values()) if (s.state.guard) return true;
    return false;
  }

  /**
   * The asynchronous snapshot: the synchronous part only installs a guard on
   * every state (O(number of states)); `collect` walks each live Map while
   * the operator keeps running. Entries the operator touches before the
   * walker reaches them are cloned on first access. Undeclared restored state
   * is copied eagerly.
   */
  snapshotAsync(): LazyKeyedSnapshot {
    const maxParallelism = this.maxParallelism;
    const states: LazyStateSnapshot[] = [];
    for (const [name, reg] of this.states) {
      const guard = new SnapshotGuard(reg.map);
      reg.state.guard = guard;
      states.push({
        name,
        kind: reg.kind,
        async collect(sink, pause, chunk = 20_000) {
          try {
            const shadow = guard.shadow;
            let n = 0;
            for (const [k, v] of guard.live) {
              if (shadow.has(k)) continue;
              sink.entry(keyGroupFor(k, maxParallelism), k, v);
              if (++n >= chunk) {
                sink.endChunk();
                n = 0;
                await pause();
              }
            }
            if (n > 0) sink.endChunk();
            guard.walked = true;
            // copies taken on access (no more are taken now): after the walk, so they replace entries given live before the access
            n = 0;
            for (const [k, v] of shadow) {
              if (v === ABSENT) continue;
              sink.entry(keyGroupFor(k, maxParallelism), k, v);
              if (++n >= chunk) {
                sink.endChunk(true);
                n = 0;
                await pause();
              }
            }
            if (n > 0) sink.endChunk(true);
          } finally {
            if (reg.state.guard === guard) reg.state.guard = undefined;
          }
        },
      });
    }
    for (const p of this.pending.values()) {
      const copy = structuredClone(p);
      states.push({
        name: copy.name,
        kind: copy.kind,
        collect(sink) {
          for (const kg of copy.keyGroups) for (const [k, v] of kg.entries) sink.entry(kg.keyGroup, k, v);
          sink.endChunk();
          return Promise.resolve();
        },
      });
    }
    const guarded = [...this.states.values()];
    const release = (): void => {
      for (const reg of guarded) reg.state.guard = undefined;
    };
    return { maxParallelism, states, release };
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
