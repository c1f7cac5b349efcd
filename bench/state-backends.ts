/**
 * State backends: why LMDB, and what the on-disk backend costs.
 *
 *  1. Candidate embedded stores, raw: put (batches of 1000 per transaction /
 *     batch) and random get of 100,000 keys with ~25-byte values (the same
 *     MessagePack bytes for all): LMDB (`lmdb`, synchronous), SQLite
 *     (`node:sqlite`, synchronous, built into Node), LevelDB (`classic-level`,
 *     asynchronous only; measured when CLASSIC_LEVEL=<path to its index.js>
 *     points at an install, it is not a dependency).
 *  2. The keyed state API (get, mutate in place, put on a miss — the
 *     GroupAggregate pattern) over 100,000 keys: heap vs on-disk with several
 *     cache sizes.
 *  3. GroupAggregate (COUNT(*), SUM) over 100,000 keys through the operator
 *     harness: heap vs on-disk.
 *  4. Snapshot pause: the synchronous part of an asynchronous snapshot and the
 *     time to walk it, after updates to 100,000 keys.
 *  5. SQL end to end: datagen → GROUP BY over 100,000 keys → blackhole.
 *
 * Rows/s by wall clock and by this process's CPU time. Run: node bench/state-backends.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { open } from 'lmdb';
import { Packr } from 'msgpackr';
import { HeapKeyedStateStore } from '../src/state/backends/heap/index.ts';
import { LmdbKeyedStateStore } from '../src/state/backends/lmdb/index.ts';
import type { ManagedKeyedStateStore } from '../src/state/backends/select.ts';
import { encodeKey } from '../src/state/backends/lmdb/codec.ts';
import { keyGroupFor } from '../src/state/key-groups.ts';
import { Batch } from '../src/runtime/batch.ts';
import { GroupAggregate } from '../src/runtime/operators/group-aggregate.ts';
import { OperatorHarness } from '../src/runtime/operators/harness.ts';
import { keySelector } from '../src/runtime/key.ts';
import { RowKind, type Row } from '../src/runtime/row.ts';
import { T } from '../src/types/logical-type.ts';
import type { Output } from '../src/runtime/operator.ts';
import { TableEnvironment } from '../src/api/table-environment.ts';

const KEYS = Number(process.env['KEYS'] ?? 100_000);
const fmt = (x: number): string => Math.round(x).toLocaleString('en-US').padStart(12);

interface Timing {
  readonly wallMs: number;
  readonly cpuMs: number;
}
async function time(fn: () => void | Promise<void>): Promise<Timing> {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  await fn();
  const c1 = process.cpuUsage(c0);
  return { wallMs: Number(process.hrtime.bigint() - t0) / 1e6, cpuMs: (c1.user + c1.system) / 1000 };
}
function row(name: string, ops: number, t: Timing): void {
  console.log(`| ${name.padEnd(52)} | ${String(ops).padStart(9)} | ${fmt(ops / (t.wallMs / 1000))} | ${fmt(ops / (t.cpuMs / 1000))} |`);
}
function header(title: string, unit = 'ops'): void {
  console.log(`\n${title}\n| ${'scenario'.padEnd(52)} | ${unit.padStart(9)} | ${(unit + '/s(wall)').padStart(12)} | ${(unit + '/s(cpu)').padStart(12)} |`);
  console.log(`|${'-'.repeat(54)}|-----------|--------------|--------------|`);
}

function shuffled(n: number): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  let s = 42;
  for (let i = n - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) | 0;
    const j = (s >>> 8) % (i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

// ---- 1. raw stores ----
/** Bytes read (printed, so that the reads are not optimised away). */
let sink = 0;
async function rawStores(): Promise<void> {
  header(`1. Embedded stores, raw (${KEYS} keys, values ~25 bytes)`);
  const packr = new Packr({ useRecords: false });
  const keys = Array.from({ length: KEYS }, (_, i) => encodeKey(keyGroupFor(`key-${i}`), `key-${i}`));
  const vals = Array.from({ length: KEYS }, (_, i) => packr.pack([i, i * 2.5, 7n, 'abc']));
  const order = shuffled(KEYS);
  const dir = mkdtempSync(join(tmpdir(), 'weir-bench-'));
  try {
    {
      const root = open<Buffer, Buffer>({ path: join(dir, 'lmdb.mdb'), noSync: true, noMetaSync: true, keyEncoding: 'binary', encoding: 'binary', cache: false });
      row('lmdb: put (transactionSync per 1000)', KEYS, await time(() => {
        for (let i = 0; i < KEYS; i += 1000) root.transactionSync(() => {
          for (let j = i; j < Math.min(KEYS, i + 1000); j++) root.putSync(keys[order[j]!]!, vals[order[j]!]!);
        });
      }));
      row('lmdb: random get (getBinary, sync)', KEYS, await time(() => {
        for (const i of order) sink += root.getBinary(keys[i]!)!.length;
      }));
      row('lmdb: put, one transaction per put', 20_000, await time(() => {
        for (let j = 0; j < 20_000; j++) root.putSync(keys[order[j]!]!, vals[j]!);
      }));
      await root.close();
    }
    {
      const db = new DatabaseSync(join(dir, 'sqlite.db'));
      db.exec('PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; CREATE TABLE kv (k BLOB PRIMARY KEY, v BLOB) WITHOUT ROWID');
      const put = db.prepare('INSERT OR REPLACE INTO kv (k, v) VALUES (?, ?)');
      const get = db.prepare('SELECT v FROM kv WHERE k = ?');
      row('node:sqlite: put (BEGIN/COMMIT per 1000)', KEYS, await time(() => {
        for (let i = 0; i < KEYS; i += 1000) {
          db.exec('BEGIN');
          for (let j = i; j < Math.min(KEYS, i + 1000); j++) put.run(keys[order[j]!]!, vals[order[j]!]!);
          db.exec('COMMIT');
        }
      }));
      row('node:sqlite: random get (prepared SELECT, sync)', KEYS, await time(() => {
        for (const i of order) sink += (get.get(keys[i]!)!['v'] as Uint8Array).length;
      }));
      db.close();
    }
    const levelPath = process.env['CLASSIC_LEVEL'];
    if (levelPath) {
      interface Level {
        open(): Promise<void>;
        batch(ops: Array<{ type: 'put'; key: Buffer; value: Buffer }>): Promise<void>;
        get(k: Buffer): Promise<Buffer | undefined>;
        getMany(k: Buffer[]): Promise<Array<Buffer | undefined>>;
        close(): Promise<void>;
      }
      const mod = (await import(levelPath)) as { ClassicLevel: new (p: string, o: object) => Level };
      const db = new mod.ClassicLevel(join(dir, 'level'), { keyEncoding: 'buffer', valueEncoding: 'buffer' });
      await db.open();
      row('classic-level: put (batch of 1000, awaited)', KEYS, await time(async () => {
        for (let i = 0; i < KEYS; i += 1000) {
          const ops: Array<{ type: 'put'; key: Buffer; value: Buffer }> = [];
          for (let j = i; j < Math.min(KEYS, i + 1000); j++) ops.push({ type: 'put', key: keys[order[j]!]!, value: vals[order[j]!]! });
          await db.batch(ops);
        }
      }));
      row('classic-level: random get (await each, async only)', KEYS, await time(async () => {
        for (const i of order) sink += (await db.get(keys[i]!))!.length;
      }));
      row('classic-level: random getMany (1000 per call)', KEYS, await time(async () => {
        for (let i = 0; i < KEYS; i += 1000) for (const v of await db.getMany(order.slice(i, i + 1000).map((j) => keys[j]!))) sink += v!.length;
      }));
      await db.close();
    } else {
      console.log('| classic-level: not measured (set CLASSIC_LEVEL=<path to classic-level/index.js>) |');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`(${sink} bytes read)`);
}

// ---- 2. keyed state API ----
async function keyedApi(): Promise<void> {
  header(`2. ValueState get + in-place update (+ put on a miss), ${KEYS} keys, random order`);
  const OPS = 1_000_000;
  let s = 7;
  const seq = new Int32Array(OPS);
  for (let i = 0; i < OPS; i++) {
    s = (Math.imul(s, 1103515245) + 12345) | 0;
    seq[i] = (s >>> 8) % KEYS;
  }
  const cases: Array<[string, () => ManagedKeyedStateStore]> = [
    ['heap', () => new HeapKeyedStateStore(128)],
    ['lmdb, cache 1,000 per state', () => new LmdbKeyedStateStore(128, { cacheEntries: 1000 })],
    ['lmdb, cache 10,000', () => new LmdbKeyedStateStore(128, { cacheEntries: 10_000 })],
    ['lmdb, cache 50,000', () => new LmdbKeyedStateStore(128, { cacheEntries: 50_000 })],
    [`lmdb, cache 100,000 (default; ${KEYS} keys)`, () => new LmdbKeyedStateStore(128)],
    [`lmdb, cache ${KEYS * 2} (all keys cached)`, () => new LmdbKeyedStateStore(128, { cacheEntries: KEYS * 2 })],
  ];
  for (const [name, make] of cases) {
    const store = make();
    const v = store.valueState<number[]>({ name: 'acc' });
    const t = await time(() => {
      for (let i = 0; i < OPS; i++) {
        const k = seq[i]!;
        const acc = v.get(k);
        if (acc === undefined) v.put(k, [1, k]);
        else {
          acc[0]! += 1;
          acc[1]! += k;
        }
      }
    });
    row(name, OPS, t);
    if (store instanceof LmdbKeyedStateStore && store.cacheEntries === 10_000) {
      // read-mostly access (a join probing the other side's rows): values loaded and not changed are not written back
      const r = await time(() => {
        for (let i = 0; i < OPS; i++) if (v.get(seq[i]!) === undefined) throw new Error('missing');
      });
      row(`${name}, get only`, OPS, r);
    }
    await store.close?.();
  }
}

// ---- 3. GroupAggregate ----
async function groupAgg(): Promise<void> {
  header(`3. GroupAggregate COUNT(*), SUM(BIGINT) by a string key, ${KEYS} keys (operator harness)`, 'rows');
  const BATCH = 1024;
  const TOTAL = 1_000_000;
  const pool: Batch[] = [];
  let s = 12345;
  for (let i = 0; i < 256; i++) {
    const rows: Row[] = [];
    for (let j = 0; j < BATCH; j++) {
      s = (Math.imul(s, 1103515245) + 12345) | 0;
      rows.push([`key-${(s >>> 8) % KEYS}`, j]);
    }
    pool.push(new Batch(rows, new Array<RowKind>(BATCH).fill(RowKind.INSERT)));
  }
  const cases: Array<[string, Map<string, string>]> = [
    ['heap (hashmap)', new Map()],
    ['lmdb, cache 10,000', new Map([['state.backend.type', 'lmdb'], ['state.backend.lmdb.cache.entries', '10000']])],
    ['lmdb, cache 50,000', new Map([['state.backend.type', 'lmdb'], ['state.backend.lmdb.cache.entries', '50000']])],
    [`lmdb, cache ${KEYS * 2} (all keys cached)`, new Map([['state.backend.type', 'lmdb'], ['state.backend.lmdb.cache.entries', String(KEYS * 2)]])],
  ];
  for (const [name, config] of cases) {
    const op = new GroupAggregate({
      key: keySelector([0]),
      groupFields: [0],
      aggs: [
        { fn: 'COUNT', args: [], argTypes: [], resultType: T.bigint(false), distinct: false, filterArg: -1 },
        { fn: 'SUM', args: [1], argTypes: [T.bigint()], resultType: T.bigint(), distinct: false, filterArg: -1 },
      ],
      inputRetracts: false,
      generateUpdateBefore: true,
    });
    const h = new OperatorHarness(op, { config });
    const out: Output = { emit: () => undefined };
    const t = await time(() => {
      for (let i = 0; i * BATCH < TOTAL; i++) op.processBatch(pool[i % pool.length]!, 0, out);
    });
    row(name, Math.ceil(TOTAL / BATCH) * BATCH, t);
    await h.keyed.close?.();
  }
}

// ---- 4. snapshot pause ----
async function snapshotPause(): Promise<void> {
  console.log(`\n4. Asynchronous snapshot after 1,000,000 updates over ${KEYS} keys: synchronous part (processing paused) and the walk`);
  console.log('| backend                         | sync part ms | walk ms (entries) |');
  console.log('|---------------------------------|--------------|-------------------|');
  const cases: Array<[string, () => ManagedKeyedStateStore]> = [
    ['heap', () => new HeapKeyedStateStore(128)],
    ['lmdb, cache 10,000', () => new LmdbKeyedStateStore(128, { cacheEntries: 10_000 })],
    [`lmdb, cache ${KEYS * 2}`, () => new LmdbKeyedStateStore(128, { cacheEntries: KEYS * 2 })],
  ];
  for (const [name, make] of cases) {
    const store = make();
    const v = store.valueState<number[]>({ name: 'acc' });
    let s = 9;
    for (let i = 0; i < 1_000_000; i++) {
      s = (Math.imul(s, 1103515245) + 12345) | 0;
      const k = (s >>> 8) % KEYS;
      const acc = v.get(k);
      if (acc) acc[0]! += 1;
      else v.put(k, [1]);
    }
    const t0 = performance.now();
    const lazy = store.snapshotAsync();
    const sync = performance.now() - t0;
    let n = 0;
    const t1 = performance.now();
    for (const st of lazy.states) await st.collect({ entry: () => void n++, endChunk: () => undefined }, () => Promise.resolve(), 5000);
    lazy.release();
    const walk = performance.now() - t1;
    console.log(`| ${name.padEnd(31)} | ${sync.toFixed(2).padStart(12)} | ${`${walk.toFixed(0)} (${n})`.padStart(17)} |`);
    await store.close?.();
  }
}

// ---- 5. SQL end to end ----
async function sqlGroupBy(): Promise<void> {
  const ROWS = 1_000_000;
  header(`5. SQL: datagen (${ROWS} rows) → SELECT k, COUNT(*), SUM(v) … GROUP BY k (${KEYS} keys) → blackhole`, 'rows');
  const cases: Array<[string, string]> = [
    ['hashmap', ''],
    ['rocksdb (lmdb), cache 100,000 (default)', `SET 'state.backend.type' = 'rocksdb';`],
    ['rocksdb (lmdb), cache 10,000', `SET 'state.backend.type' = 'rocksdb'; SET 'state.backend.lmdb.cache.entries' = '10000';`],
  ];
  for (const [name, settings] of cases) {
    const env = new TableEnvironment();
    await env.executeScript(
      `${settings}
      CREATE TABLE src (k BIGINT, v BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '${ROWS}', 'rows-per-second' = '1000000000',
        'fields.k.min' = '1', 'fields.k.max' = '${KEYS}', 'fields.v.min' = '0', 'fields.v.max' = '1000');
      CREATE TABLE sink (k BIGINT, c BIGINT, s BIGINT) WITH ('connector' = 'blackhole');`,
      () => undefined,
    );
    row(name, ROWS, await time(() => env.executeScript(`INSERT INTO sink SELECT k, COUNT(*), SUM(v) FROM src GROUP BY k;`, () => undefined).then(() => undefined)));
  }
}

// SECTIONS=2,3 runs only those parts
const sections = new Set((process.env['SECTIONS'] ?? '1,2,3,4,5').split(','));
if (sections.has('1')) await rawStores();
if (sections.has('2')) await keyedApi();
if (sections.has('3')) await groupAgg();
if (sections.has('4')) await snapshotPause();
if (sections.has('5')) await sqlGroupBy();
