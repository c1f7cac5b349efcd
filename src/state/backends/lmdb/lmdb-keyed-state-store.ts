/**
 * The embedded on-disk state backend (`state.backend.type` = 'lmdb', or
 * 'rocksdb' as Flink scripts say it): keyed state lives in an LMDB database
 * in a working directory (one environment per operator subtask, one named
 * database per declared state), so it can be larger than memory. LMDB (the
 * `lmdb` package) reads and writes synchronously, as the state API requires.
 *
 * Keys are prefixed with their key group (codec.ts), values are MessagePack.
 *
 * In front of each state sits a bounded cache of live (deserialised) values.
 * Operators mutate the value a `get` returned in place (the heap backend's
 * contract), so every value handed out is dirty: it is written back to LMDB
 * when it leaves the cache. When the cache overflows, an eighth of it is
 * evicted in one write transaction, oldest first, skipping entries used
 * within the last cacheEntries/2 accesses: a value an operator holds while it
 * touches a handful of other keys is never evicted under it (the cache holds
 * at least MIN_CACHE_ENTRIES). Deletes are batched into the same transactions.
 *
 * Snapshots: the synchronous part opens an LMDB read transaction (a
 * consistent view while processing goes on writing) and starts a new
 * snapshot epoch per state: the cached values dirty before it belong to the
 * snapshot. Nothing is serialised, written or copied.
 * The asynchronous part walks LMDB in key order (hence key-group order)
 * through the read transaction and adds the noted cached values; a noted
 * value the operator touches, or that is evicted, before the walk reached it
 * is encoded just before it changes (copy on access, as the heap backend's
 * SnapshotGuard). The output is the canonical format (snapshot.ts,
 * state-file.ts), so checkpoints move between the heap and the on-disk
 * backend and between parallelisms.
 *
 * The working directory (`<localdir>/weir-state-XXXXXX`) is created when the
 * first state is declared or restored and removed by `close()` (and at
 * process exit, should a job not be closed).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import type * as Lmdb from 'lmdb';
import type { Database, RootDatabase, Transaction } from 'lmdb';
import type { KeyedStateStore, ListState, MapState, StateDescriptor, StateKey, ValueState } from '../../api.ts';
import { DEFAULT_MAX_PARALLELISM, keyGroupFor, type KeyGroupRange } from '../../key-groups.ts';
import { selectKeyGroups, type KeyedStateSnapshot, type KeyGroupEntries, type StateKind, type StateSnapshot } from '../../snapshot.ts';
import type { LazyKeyedSnapshot, LazyStateSnapshot, SnapshotSink } from '../heap/index.ts';
import { createValueCodec, decodeKey, encodeKey, keyGroupOf, type ValueCodec } from './codec.ts';

/** The lmdb package, loaded on first use (its native module takes ~100 ms to load; jobs on the heap backend never pay that). */
let lmdbModule: typeof Lmdb | undefined;
function lmdb(): typeof Lmdb {
  lmdbModule ??= createRequire(import.meta.url)('lmdb') as typeof Lmdb;
  return lmdbModule;
}

export const DEFAULT_CACHE_ENTRIES = 100_000;
/** Below this, an operator holding two or three values across a record could see one evicted. */
export const MIN_CACHE_ENTRIES = 16;

export interface LmdbStoreOptions {
  /** Parent of the working directory (default: the OS temp directory). */
  readonly localDir?: string | undefined;
  /** Live values cached per state (default DEFAULT_CACHE_ENTRIES). */
  readonly cacheEntries?: number | undefined;
}

/** Working directories of open stores, removed at process exit if not closed before. */
const openDirs = new Set<string>();
let exitHook = false;
function trackDir(dir: string): void {
  openDirs.add(dir);
  if (exitHook) return;
  exitHook = true;
  process.on('exit', () => {
    for (const d of openDirs) rmSync(d, { recursive: true, force: true });
  });
}

interface Slot {
  v: unknown;
  /** The encoded key (key group prefix included). */
  readonly ek: Buffer;
  /** Access tick of the last access. */
  t: number;
  /** Handed out (or written) since it was last stored. */
  dirty: boolean;
  /** The table's snapshot epoch when it became dirty. */
  da: number;
  /** The epoch of the last snapshot that has its value (emitted or preserved). */
  se: number;
  /** LMDB holds an entry (possibly stale) for this key. */
  onDisk: boolean;
  /** The bytes LMDB holds for it, when it was loaded from there (a value read but not changed is not written back). */
  raw: Buffer | undefined;
}

/**
 * An asynchronous snapshot in progress over one state. As of the snapshot,
 * the state is: the LMDB read transaction's entries, minus the keys deleted
 * but not yet removed from LMDB (`deleted`), with the values of the cached
 * slots that were dirty when it began ("pending": dirty since an epoch before
 * `epoch`, not yet emitted) instead. A pending slot the operator touches (or
 * that is evicted) before the writer reached it is encoded into `shadow`
 * first.
 */
interface Guard {
  readonly epoch: number;
  readonly shadow: Map<StateKey, Buffer>;
  readonly deleted: ReadonlySet<StateKey>;
}

function pending(g: Guard, s: Slot): boolean {
  return s.dirty && s.da < g.epoch && s.se < g.epoch;
}

/** Statistics of one state (for tests and benchmarks). */
export interface TableStats {
  readonly cached: number;
  readonly reads: number;
  readonly writes: number;
  readonly unchanged: number;
}

/** One declared (or restored) state: an LMDB database plus its live cache. */
class Table {
  readonly name: string;
  readonly kind: StateKind;
  declared = false;
  wrapper: unknown;
  private readonly store: LmdbKeyedStateStore;
  readonly db: Database<Buffer, Buffer>;
  private readonly codec: ValueCodec;
  private readonly capacity: number;
  /** Entries used within the last `young` accesses are never evicted. */
  private readonly young: number;
  /** Oldest insertion first; an entry found recently used at eviction time moves to the end. */
  private readonly cache = new Map<StateKey, Slot>();
  /** Keys deleted since the last write transaction whose LMDB entry still exists. */
  private readonly deleted = new Map<StateKey, Buffer>();
  /** Snapshots being written, oldest first (the hot paths test `guarded`). */
  private guards: Guard[] = [];
  guarded = false;
  private epoch = 0;
  private count = 0;
  private tick = 0;
  /** The key of the last `get` that found nothing (a `put` of it needs no existence check). */
  private lastMiss: StateKey | undefined;
  private hasLastMiss = false;
  reads = 0;
  writes = 0;
  /** Dirty values found unchanged when stored (not written). */
  unchanged = 0;

  constructor(store: LmdbKeyedStateStore, name: string, kind: StateKind, db: Database<Buffer, Buffer>, codec: ValueCodec, capacity: number) {
    this.store = store;
    this.name = name;
    this.kind = kind;
    this.db = db;
    this.codec = codec;
    this.capacity = capacity;
    this.young = capacity >> 1;
  }

  get size(): number {
    return this.count;
  }

  /** Recounts the entries on disk (after a restore wrote into an empty cache). */
  recount(): void {
    this.count = this.db.getKeysCount() - this.deleted.size;
    for (const s of this.cache.values()) if (!s.onDisk) this.count++;
  }

  private keyBytes(key: StateKey): Buffer {
    return encodeKey(keyGroupFor(key, this.store.maxParallelism), key);
  }

  /**
   * Before a slot changes or leaves the cache (or is emitted by the snapshot
   * `upTo`): every running snapshot (up to `upTo`) it is pending for gets its
   * value. A slot pending for several snapshots has not changed since the
   * oldest of them began, so they share one encoding.
   */
  private preserve(key: StateKey, slot: Slot, upTo?: Guard): void {
    let bytes: Buffer | undefined;
    for (const g of this.guards) {
      if (g === upTo) break;
      if (!pending(g, slot)) continue;
      bytes ??= Buffer.from(this.codec.encode(slot.v));
      g.shadow.set(key, bytes);
    }
    const last = upTo ?? this.guards[this.guards.length - 1]!;
    if (slot.se < last.epoch) slot.se = last.epoch;
  }

  private insert(key: StateKey, slot: Slot): void {
    this.cache.set(key, slot);
    if (this.cache.size > this.capacity) this.store.evict(this);
  }

  /** The live value (loaded into the cache on a miss); marks it dirty. */
  get(key: StateKey, ek?: Buffer): unknown {
    const slot = this.cache.get(key);
    if (slot !== undefined) {
      if (this.guarded) this.preserve(key, slot);
      slot.t = ++this.tick;
      if (!slot.dirty) {
        slot.dirty = true;
        slot.da = this.epoch;
      }
      return slot.v;
    }
    if (this.deleted.size > 0 && this.deleted.has(key)) return undefined;
    const k = ek ?? this.keyBytes(key);
    this.reads++;
    // getBinary copies: the decoded value may keep views (Uint8Array fields) into the buffer
    const buf = this.db.getBinary(k);
    if (buf === undefined) {
      this.lastMiss = key;
      this.hasLastMiss = true;
      return undefined;
    }
    const v = this.codec.decode(buf);
    this.insert(key, { v, ek: k, t: ++this.tick, dirty: true, da: this.epoch, se: 0, onDisk: true, raw: buf });
    return v;
  }

  put(key: StateKey, v: unknown): void {
    const slot = this.cache.get(key);
    if (slot !== undefined) {
      if (this.guarded) this.preserve(key, slot);
      slot.t = ++this.tick;
      slot.v = v;
      if (!slot.dirty) {
        slot.dirty = true;
        slot.da = this.epoch;
      }
      return;
    }
    const ek = this.keyBytes(key);
    let onDisk: boolean;
    if (this.deleted.size > 0 && this.deleted.delete(key)) onDisk = true;
    else if (this.hasLastMiss && this.lastMiss === key) {
      onDisk = false;
      this.hasLastMiss = false;
      this.lastMiss = undefined;
    } else {
      this.reads++;
      onDisk = this.db.doesExist(ek);
      if (onDisk) this.count--; // replaced, not added
    }
    this.count++;
    this.insert(key, { v, ek, t: ++this.tick, dirty: true, da: this.epoch, se: 0, onDisk, raw: undefined });
  }

  delete(key: StateKey): void {
    const slot = this.cache.get(key);
    if (slot !== undefined) {
      if (this.guarded) this.preserve(key, slot);
      this.cache.delete(key);
      this.count--;
      if (slot.onDisk) this.deleted.set(key, slot.ek);
      return;
    }
    if (this.deleted.has(key)) return;
    const ek = this.keyBytes(key);
    this.reads++;
    if (this.db.doesExist(ek)) {
      this.deleted.set(key, ek);
      this.count--;
    }
  }

  /**
   * Every entry: first those cached when the iteration starts, then the
   * other keys on disk (listed up front, loaded one at a time into the cache,
   * so a value the loop body changes is written back like any other).
   */
  *entries(): IterableIterator<[StateKey, unknown]> {
    const cachedKeys = [...this.cache.keys()];
    for (const k of cachedKeys) {
      const v = this.get(k);
      if (v !== undefined) yield [k, v];
    }
    const seen = new Set<StateKey>(cachedKeys);
    const onDisk: Buffer[] = [];
    for (const ek of this.db.getKeys()) onDisk.push(ek);
    for (const ek of onDisk) {
      const k = decodeKey(ek);
      if (seen.has(k)) continue;
      const v = this.get(k, ek);
      if (v !== undefined) yield [k, v];
    }
  }

  /** Inside a write transaction: applies pending deletes and stores every dirty cached value. */
  flush(): void {
    this.applyDeletes();
    for (const [k, s] of this.cache) if (s.dirty) this.store1(k, s);
  }

  /**
   * Inside a write transaction: evicts `n` entries, oldest first, storing
   * the dirty ones; entries used within the last `young` accesses move to
   * the young end instead.
   */
  evict(n: number): void {
    this.applyDeletes();
    const victims: StateKey[] = [];
    const keep: StateKey[] = [];
    const recent = this.tick - this.young;
    let scanned = 0;
    const size = this.cache.size;
    for (const [k, s] of this.cache) {
      if (victims.length >= n || scanned++ >= size) break;
      if (s.t > recent) keep.push(k);
      else {
        if (s.dirty) this.store1(k, s);
        victims.push(k);
      }
    }
    for (const k of victims) this.cache.delete(k);
    for (const k of keep) {
      const s = this.cache.get(k)!;
      this.cache.delete(k);
      this.cache.set(k, s);
    }
  }

  private store1(k: StateKey, s: Slot): void {
    if (this.guarded) this.preserve(k, s);
    const bytes = this.codec.encode(s.v);
    if (s.raw !== undefined && bytes.equals(s.raw)) this.unchanged++;
    else {
      this.db.putSync(s.ek, bytes);
      this.writes++;
      s.raw = undefined;
    }
    s.dirty = false;
    s.onDisk = true;
  }

  private applyDeletes(): void {
    if (this.deleted.size === 0) return;
    for (const ek of this.deleted.values()) this.db.removeSync(ek);
    this.writes += this.deleted.size;
    this.deleted.clear();
  }

  get needsWrite(): boolean {
    if (this.deleted.size > 0) return true;
    for (const s of this.cache.values()) if (s.dirty) return true;
    return false;
  }

  /** Writes restored entries (inside a write transaction). */
  load(keyGroups: readonly KeyGroupEntries[]): void {
    const codec = this.codec;
    this.hasLastMiss = false;
    for (const kg of keyGroups) {
      for (const [k, v] of kg.entries) {
        this.cache.delete(k);
        this.deleted.delete(k);
        this.db.putSync(encodeKey(kg.keyGroup, k), codec.encode(v));
      }
    }
  }

  /** Walks the state in key-group order through `txn`, decoding values (fresh copies). */
  *scan(txn: Transaction): Generator<[number, StateKey, unknown]> {
    for (const { key, value } of this.db.getRange({ transaction: txn })) {
      yield [keyGroupOf(key), decodeKey(key), this.codec.decode(value)];
    }
  }

  /**
   * Starts an asynchronous snapshot. The synchronous part is O(pending
   * deletes), usually none: which cached values belong to the snapshot
   * follows from their dirty epoch. The caller opens the read transaction now.
   */
  beginSnapshot(): Guard {
    const g: Guard = { epoch: ++this.epoch, shadow: new Map(), deleted: new Set(this.deleted.keys()) };
    this.guards.push(g);
    this.guarded = true;
    return g;
  }

  endSnapshot(g: Guard): void {
    const i = this.guards.indexOf(g);
    if (i < 0) return;
    this.guards.splice(i, 1);
    this.guarded = this.guards.length > 0;
    g.shadow.clear();
  }

  /** The entries of the snapshot guarded by `g`, in chunks; removes the guard at the end. */
  async collect(g: Guard, txn: Transaction, sink: SnapshotSink, pause: () => Promise<void>, chunk: number): Promise<void> {
    const mp = this.store.maxParallelism;
    const codec = this.codec;
    const cache = this.cache;
    let n = 0;
    const flush = async (): Promise<void> => {
      sink.endChunk();
      n = 0;
      await pause();
    };
    try {
      // what LMDB held, except what was deleted or is newer in the cache
      for (const { key, value } of this.db.getRange({ transaction: txn })) {
        const k = decodeKey(key);
        if (g.deleted.has(k) || g.shadow.has(k)) continue;
        const s = cache.get(k);
        if (s !== undefined && pending(g, s)) continue;
        sink.entry(keyGroupOf(key), k, codec.decode(value));
        if (++n >= chunk) await flush();
      }
      // the cached values dirty at the start and untouched since (live: the sink encodes them before the next pause)
      for (const [k, s] of cache) {
        if (!pending(g, s)) continue;
        this.preserve(k, s, g); // older snapshots still writing take a copy first
        s.se = g.epoch;
        sink.entry(keyGroupFor(k, mp), k, s.v);
        if (++n >= chunk) await flush();
      }
      // the copies taken before the writer reached them (encoded bytes, immutable: a pause between chunks is safe)
      for (const [k, b] of [...g.shadow]) {
        sink.entry(keyGroupFor(k, mp), k, codec.decode(b));
        if (++n >= chunk) await flush();
      }
      if (n > 0) sink.endChunk();
    } finally {
      this.endSnapshot(g);
    }
  }

  stats(): TableStats {
    return { cached: this.cache.size, reads: this.reads, writes: this.writes, unchanged: this.unchanged };
  }
}

class LmdbValueState<V> implements ValueState<V> {
  private readonly t: Table;
  constructor(t: Table) {
    this.t = t;
  }
  get(key: StateKey): V | undefined {
    return this.t.get(key) as V | undefined;
  }
  put(key: StateKey, value: V): void {
    this.t.put(key, value);
  }
  delete(key: StateKey): void {
    this.t.delete(key);
  }
  entries(): IterableIterator<[StateKey, V]> {
    return this.t.entries() as IterableIterator<[StateKey, V]>;
  }
  get size(): number {
    return this.t.size;
  }
}

class LmdbListState<V> implements ListState<V> {
  private readonly t: Table;
  constructor(t: Table) {
    this.t = t;
  }
  get(key: StateKey): V[] | undefined {
    return this.t.get(key) as V[] | undefined;
  }
  add(key: StateKey, value: V): void {
    const l = this.t.get(key) as V[] | undefined;
    if (l) l.push(value);
    else this.t.put(key, [value]);
  }
  put(key: StateKey, values: V[]): void {
    if (values.length === 0) this.t.delete(key);
    else this.t.put(key, values);
  }
  delete(key: StateKey): void {
    this.t.delete(key);
  }
  entries(): IterableIterator<[StateKey, V[]]> {
    return this.t.entries() as IterableIterator<[StateKey, V[]]>;
  }
}

class LmdbMapState<UK, UV> implements MapState<UK, UV> {
  private readonly t: Table;
  constructor(t: Table) {
    this.t = t;
  }
  get(key: StateKey, userKey: UK): UV | undefined {
    return (this.t.get(key) as Map<UK, UV> | undefined)?.get(userKey);
  }
  put(key: StateKey, userKey: UK, value: UV): void {
    const m = this.t.get(key) as Map<UK, UV> | undefined;
    if (m) m.set(userKey, value);
    else this.t.put(key, new Map([[userKey, value]]));
  }
  remove(key: StateKey, userKey: UK): void {
    const m = this.t.get(key) as Map<UK, UV> | undefined;
    if (!m) return;
    m.delete(userKey);
    if (m.size === 0) this.t.delete(key);
  }
  getMap(key: StateKey): Map<UK, UV> | undefined {
    return this.t.get(key) as Map<UK, UV> | undefined;
  }
  delete(key: StateKey): void {
    this.t.delete(key);
  }
  entries(): IterableIterator<[StateKey, Map<UK, UV>]> {
    return this.t.entries() as IterableIterator<[StateKey, Map<UK, UV>]>;
  }
}

export class LmdbKeyedStateStore implements KeyedStateStore {
  readonly maxParallelism: number;
  private readonly localDir: string;
  readonly cacheEntries: number;
  private dir: string | undefined;
  private root: RootDatabase<Buffer, Buffer> | undefined;
  private codecInstance: ValueCodec | undefined;
  private readonly tables = new Map<string, Table>();
  private closed = false;

  constructor(maxParallelism: number = DEFAULT_MAX_PARALLELISM, options: LmdbStoreOptions = {}) {
    this.maxParallelism = maxParallelism;
    this.localDir = options.localDir ?? tmpdir();
    this.cacheEntries = Math.max(MIN_CACHE_ENTRIES, options.cacheEntries ?? DEFAULT_CACHE_ENTRIES);
  }

  /** The working directory (undefined until a state is declared or restored). */
  get directory(): string | undefined {
    return this.dir;
  }

  private env(): RootDatabase<Buffer, Buffer> {
    if (this.root) return this.root;
    if (this.closed) throw new Error('the on-disk state store is closed');
    const dir = mkdtempSync(join(this.localDir, 'weir-state-'));
    trackDir(dir);
    this.dir = dir;
    // a working copy: durability comes from checkpoints, so no fsync
    this.root = lmdb().open<Buffer, Buffer>({
      path: join(dir, 'state.mdb'),
      noSync: true,
      noMetaSync: true,
      maxDbs: 256,
      keyEncoding: 'binary',
      encoding: 'binary',
      cache: false,
      compression: false,
    });
    return this.root;
  }

  private get codec(): ValueCodec {
    return (this.codecInstance ??= createValueCodec());
  }

  private table(name: string, kind: StateKind): Table {
    let t = this.tables.get(name);
    if (t) return t;
    const db = this.env().openDB<Buffer, Buffer>({ name, keyEncoding: 'binary', encoding: 'binary', cache: false, compression: false });
    t = new Table(this, name, kind, db, this.codec, this.cacheEntries);
    this.tables.set(name, t);
    return t;
  }

  private register(desc: StateDescriptor, kind: StateKind, make: (t: Table) => unknown): unknown {
    const existing = this.tables.get(desc.name);
    if (existing?.declared) {
      if (existing.kind !== kind) throw new Error(`state '${desc.name}' already declared as ${existing.kind} state`);
      return existing.wrapper;
    }
    if (existing && existing.kind !== kind) throw new Error(`restored state '${desc.name}' is ${existing.kind} state, declared as ${kind}`);
    const t = existing ?? this.table(desc.name, kind);
    t.declared = true;
    t.wrapper = make(t);
    return t.wrapper;
  }

  valueState<V>(desc: StateDescriptor): ValueState<V> {
    return this.register(desc, 'value', (t) => new LmdbValueState<V>(t)) as ValueState<V>;
  }
  listState<V>(desc: StateDescriptor): ListState<V> {
    return this.register(desc, 'list', (t) => new LmdbListState<V>(t)) as ListState<V>;
  }
  mapState<UK, UV>(desc: StateDescriptor): MapState<UK, UV> {
    return this.register(desc, 'map', (t) => new LmdbMapState<UK, UV>(t)) as MapState<UK, UV>;
  }

  /** Evicts an eighth of `t`'s cache (called when it overflows). */
  evict(t: Table): void {
    const n = Math.max(1, this.cacheEntries >> 3);
    this.root!.transactionSync(() => t.evict(n));
  }

  /** Writes every dirty cached value and pending delete of every state, in one transaction. */
  flush(): void {
    if (!this.root) return;
    const dirty = [...this.tables.values()].filter((t) => t.needsWrite);
    if (dirty.length === 0) return;
    this.root.transactionSync(() => {
      for (const t of dirty) t.flush();
    });
  }

  /** Never true: snapshots of the on-disk store can overlap (each has its read transaction and snapshot epoch). */
  get snapshotting(): boolean {
    return false;
  }

  /** A synchronous snapshot (fresh copies of every value). */
  snapshot(): KeyedStateSnapshot {
    const states: StateSnapshot[] = [];
    if (this.root && this.tables.size > 0) {
      this.flush();
      const txn = this.root.useReadTransaction();
      try {
        for (const t of this.tables.values()) {
          const keyGroups: KeyGroupEntries[] = [];
          let cur: { keyGroup: number; entries: Array<[StateKey, unknown]> } | undefined;
          for (const [g, k, v] of t.scan(txn)) {
            if (cur?.keyGroup !== g) keyGroups.push((cur = { keyGroup: g, entries: [] }));
            cur.entries.push([k, v]);
          }
          states.push({ name: t.name, kind: t.kind, keyGroups });
        }
      } finally {
        txn.done();
      }
    }
    return { maxParallelism: this.maxParallelism, states };
  }

  /**
   * The asynchronous snapshot. Synchronously: an LMDB read transaction is
   * opened and each state starts a snapshot epoch (no serialisation, no
   * write). `collect` then walks LMDB through the read transaction and adds
   * the cached values dirty before the epoch; one the operator touches first
   * is encoded just before it changes (copy on access).
   */
  snapshotAsync(): LazyKeyedSnapshot {
    const maxParallelism = this.maxParallelism;
    if (!this.root || this.tables.size === 0) return { maxParallelism, states: [], release: () => undefined };
    const txn = this.root.useReadTransaction();
    const tables = [...this.tables.values()];
    const guards = tables.map((t) => t.beginSnapshot());
    let open = true;
    const release = (): void => {
      if (!open) return;
      open = false;
      tables.forEach((t, i) => t.endSnapshot(guards[i]!));
      txn.done();
    };
    const states: LazyStateSnapshot[] = tables.map((t, i) => ({
      name: t.name,
      kind: t.kind,
      collect(sink, pause, chunk = 20_000) {
        if (!open) return Promise.reject(new Error('snapshot already released'));
        return t.collect(guards[i]!, txn, sink, pause, chunk);
      },
    }));
    return { maxParallelism, states, release };
  }

  /**
   * Writes the key groups in `range` of `snapshots` (any parallelism) into
   * LMDB. Timer state (`_timers/…`) belongs to the timer service and is skipped.
   */
  restore(snapshots: readonly KeyedStateSnapshot[], range: KeyGroupRange): void {
    for (const s of snapshots) {
      if (s.maxParallelism !== this.maxParallelism) {
        throw new Error(`cannot restore state written with maxParallelism ${s.maxParallelism} into ${this.maxParallelism}`);
      }
    }
    const selected = [...selectKeyGroups(snapshots, range).values()].filter((st) => !st.name.startsWith('_timers/'));
    if (selected.length === 0) return;
    const loaded: Table[] = [];
    for (const st of selected) {
      const t = this.tables.get(st.name);
      if (t && t.kind !== st.kind) throw new Error(`restored state '${st.name}' is ${st.kind} state, declared as ${t.kind}`);
      loaded.push(t ?? this.table(st.name, st.kind));
    }
    this.root!.transactionSync(() => {
      for (let i = 0; i < selected.length; i++) loaded[i]!.load(selected[i]!.keyGroups);
    });
    for (const t of loaded) t.recount();
  }

  /** Per-state cache and I/O counters. */
  stats(): Map<string, TableStats> {
    return new Map([...this.tables].map(([n, t]) => [n, t.stats()]));
  }

  /** Closes LMDB and removes the working directory. */
  async close(): Promise<void> {
    this.closed = true;
    const root = this.root;
    const dir = this.dir;
    this.root = undefined;
    this.tables.clear();
    if (root) await root.close();
    if (dir) {
      rmSync(dir, { recursive: true, force: true });
      openDirs.delete(dir);
    }
  }
}
