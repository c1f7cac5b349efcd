/**
 * `state.backend.type` end to end: the same SQL gives the same changelog with
 * the heap backend and the embedded on-disk store ('rocksdb' as Flink scripts
 * say it, or 'lmdb'), also when the state is far larger than the on-disk
 * store's cache; an unknown backend is a config error naming the option and
 * the valid values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { finalRows, jsonFile, runSql, type Change } from '../helpers/run-sql.ts';

const N = 4000;
const KEYS = 700;
const input = jsonFile(
  Array.from({ length: N }, (_, i) => ({
    k: `key-${(i * 7919) % KEYS}`,
    g: i % 13,
    v: (i * 37) % 101,
    ts: `2024-01-01 00:${String(Math.floor(i / 100) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`,
  })),
);

const ddl = `
  CREATE TABLE t (k STRING, g INT, v INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' HOUR)
  WITH ('connector' = 'filesystem', 'path' = '${input}', 'format' = 'json');`;

// nested GROUP BY: the outer aggregate retracts (MIN/MAX with retraction keep Maps, COUNT DISTINCT a Map)
const groupBy = `
  SELECT c, COUNT(*) AS n, SUM(s) AS s, MIN(mx) AS lo, MAX(mx) AS hi, COUNT(DISTINCT d) AS dd
  FROM (SELECT k, COUNT(*) AS c, SUM(v) AS s, MAX(v) AS mx, MIN(g) AS d, LISTAGG(CAST(g AS STRING)) AS l FROM t GROUP BY k)
  GROUP BY c;`;

const windowed = `
  SELECT k, window_start, COUNT(*) AS n, SUM(v) AS s
  FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '10' MINUTES))
  GROUP BY k, window_start, window_end;`;

function withBackend(settings: string, query: string): string {
  return `${settings}\n${ddl}\n${query}`;
}

void test('GROUP BY: the on-disk backend gives the heap backend changelog, row for row', async () => {
  const heap = await runSql(withBackend('', groupBy));
  assert.ok(heap.length > 100);
  assert.ok(heap.some((c) => c.op === '-U'), 'the outer aggregate sees retractions');
  for (const settings of [`SET 'state.backend.type' = 'rocksdb';`, `SET 'state.backend.type' = 'LMDB';`]) {
    const disk = await runSql(withBackend(settings, groupBy));
    assert.deepEqual(disk, heap, settings);
  }
});

void test('state far larger than the on-disk cache: same results, working directory under localdir removed at the end', async () => {
  const dir = jsonFile([]).replace(/\/[^/]+$/, '');
  const settings = `SET 'state.backend.type' = 'rocksdb';
    SET 'state.backend.rocksdb.localdir' = '${dir}';
    SET 'state.backend.lmdb.cache.entries' = '16';`;
  const heap = await runSql(withBackend('', groupBy));
  assert.deepEqual(await runSql(withBackend(settings, groupBy)), heap);
  assert.deepEqual(
    readdirSync(dir).filter((d) => d.startsWith('weir-state-')),
    [],
    'working directory removed when the job ends',
  );
  // (the OS temp dir is not compared: other processes, such as parallel test files, create and remove their own directories there)
  // the store really lives under localdir: a missing one fails the job
  await assert.rejects(runSql(withBackend(settings.replace(dir, `${dir}/missing`), groupBy)), /ENOENT.*missing/);
});

void test('window aggregation (fires by iterating all keys): same rows with a 16-entry cache', async () => {
  const sorted = (cs: Change[]): string[] => finalRows(cs);
  const heap = await runSql(withBackend('', windowed));
  assert.ok(heap.length > KEYS);
  const disk = await runSql(withBackend(`SET 'state.backend.type' = 'lmdb'; SET 'state.backend.lmdb.cache.entries' = '16';`, windowed));
  assert.deepEqual(sorted(disk), sorted(heap));
});

void test('an unknown state backend is a config error naming the option and the valid values', async () => {
  await assert.rejects(runSql(withBackend(`SET 'state.backend.type' = 'forst';`, groupBy)), (e: Error & { kind?: string }) => {
    assert.equal(e.kind, 'config');
    assert.match(e.message, /'forst' for key 'state.backend.type'/);
    assert.match(e.message, /'hashmap'.*'rocksdb'.*'lmdb'/);
    return true;
  });
  await assert.rejects(runSql(withBackend(`SET 'state.backend.type' = 'lmdb'; SET 'state.backend.lmdb.cache.entries' = 'lots';`, groupBy)), /state.backend.lmdb.cache.entries/);
});
