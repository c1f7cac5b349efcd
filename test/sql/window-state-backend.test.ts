/**
 * Window operator state (TUMBLE nodes reused across windows, HOP slice rings
 * with their overflow arrays, eager SESSION nodes) through the on-disk state
 * backend with a tiny cache: every value is evicted (MessagePack) and read
 * back as a plain object many times; the rows equal the heap backend's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { finalRows, jsonFile, runSql } from '../helpers/run-sql.ts';

const N = 3000;
const KEYS = 300;
const input = jsonFile(
  Array.from({ length: N }, (_, i) => {
    // mostly in order, every 7th row 20 minutes late (still inside the 1-hour watermark delay)
    const minute = Math.floor(i / 50) - (i % 7 === 0 ? 20 : 0);
    const t = Math.max(0, minute);
    return {
      k: (i * 7919) % KEYS,
      v: (i * 37) % 101,
      ts: `2024-01-01 ${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`,
    };
  }),
);

const ddl = `
  CREATE TABLE t (k BIGINT, v INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' HOUR)
  WITH ('connector' = 'filesystem', 'path' = '${input}', 'format' = 'json');`;

const queries: Record<string, string> = {
  TUMBLE: `SELECT k, window_start, COUNT(*), SUM(v), MAX(v) FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '10' MINUTES)) GROUP BY k, window_start, window_end;`,
  HOP: `SELECT k, window_start, COUNT(*), SUM(v), MIN(v) FROM TABLE(HOP(TABLE t, DESCRIPTOR(ts), INTERVAL '5' MINUTES, INTERVAL '15' MINUTES)) GROUP BY k, window_start, window_end;`,
  CUMULATE: `SELECT k, window_start, window_end, COUNT(*), AVG(v) FROM TABLE(CUMULATE(TABLE t, DESCRIPTOR(ts), INTERVAL '5' MINUTES, INTERVAL '30' MINUTES)) GROUP BY k, window_start, window_end;`,
  SESSION: `SELECT k, window_start, window_end, COUNT(*), SUM(v) FROM TABLE(SESSION(TABLE t PARTITION BY k, DESCRIPTOR(ts), INTERVAL '3' MINUTES)) GROUP BY k, window_start, window_end;`,
};

for (const [name, query] of Object.entries(queries)) {
  void test(`${name} window aggregation: the on-disk backend with a 16-entry cache gives the heap backend's rows`, async () => {
    const heap = finalRows(await runSql(`${ddl}\n${query}`));
    assert.ok(heap.length > KEYS, `${heap.length} rows`);
    const disk = finalRows(await runSql(`SET 'state.backend.type' = 'lmdb'; SET 'state.backend.lmdb.cache.entries' = '16';\n${ddl}\n${query}`));
    assert.deepEqual(disk, heap);
  });
}
