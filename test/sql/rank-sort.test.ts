/** ORDER BY on streams: a rowtime attribute first (temporal sort), ORDER BY … LIMIT as a Top-N. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { finalRows, jsonFile, runSql } from '../helpers/run-sql.ts';

const rows = [
  { v: 3, ts: '2020-01-01 00:00:03' },
  { v: 1, ts: '2020-01-01 00:00:05' },
  { v: 9, ts: '2020-01-01 00:00:01' },
  { v: 4, ts: '2020-01-01 00:00:03' },
  { v: 7, ts: '2020-01-01 00:00:09' },
];
const ddl = `CREATE TABLE T (v INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector'='filesystem','path'='${jsonFile(rows)}','format'='json','scan.watermark.emit.strategy'='on-event');`;

test('ORDER BY rowtime, v DESC: rows released by the watermark in rowtime order', async () => {
  const out = await runSql(`${ddl} SELECT v, ts FROM T ORDER BY ts, v DESC`);
  assert.deepEqual(out.map((c) => `${c.op}${c.row[0]}`), ['+I9', '+I4', '+I3', '+I1', '+I7']);
});

test('ORDER BY … LIMIT is a Top-N over the whole stream (with OFFSET)', async () => {
  assert.deepEqual(finalRows(await runSql(`${ddl} SELECT v FROM T ORDER BY v DESC LIMIT 2`)), ['[7]', '[9]']);
  assert.deepEqual(finalRows(await runSql(`${ddl} SELECT v FROM T ORDER BY v LIMIT 2 OFFSET 1`)), ['[3]', '[4]']);
});

test('ORDER BY a non-time column without LIMIT is refused with Flink\'s message', async () => {
  await assert.rejects(runSql(`${ddl} SELECT v FROM T ORDER BY v`), /Sort on a non-time-attribute field is not supported/);
});
