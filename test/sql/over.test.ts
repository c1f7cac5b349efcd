/** OVER aggregations through SQL (event time; processing time in the acceptance cases). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonFile, runSql } from '../helpers/run-sql.ts';

const ddl = (rows: object[]): string =>
  `CREATE TABLE T (k STRING, v INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector'='filesystem','path'='${jsonFile(rows)}','format'='json','scan.watermark.emit.strategy'='on-event');`;
const rows = [
  { k: 'a', v: 1, ts: '2020-01-01 00:00:01' },
  { k: 'a', v: 2, ts: '2020-01-01 00:00:02' },
  { k: 'b', v: 10, ts: '2020-01-01 00:00:02' },
  { k: 'a', v: 4, ts: '2020-01-01 00:00:04' },
  { k: 'a', v: 8, ts: '2020-01-01 00:00:09' },
];

test('ROWS BETWEEN 1 PRECEDING per partition, rowtime, with the WINDOW clause', async () => {
  const out = await runSql(`${ddl(rows)} SELECT k, v, SUM(v) OVER w, COUNT(*) OVER w FROM T WINDOW w AS (PARTITION BY k ORDER BY ts ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)`);
  assert.deepEqual(
    out.map((c) => c.op + JSON.stringify(c.row)),
    ['+I["a",1,1,1]', '+I["a",2,3,2]', '+I["b",10,10,1]', '+I["a",4,6,2]', '+I["a",8,12,2]'],
  );
});

test('RANGE BETWEEN INTERVAL 3 SECOND PRECEDING, and UNBOUNDED with MAX', async () => {
  const out = await runSql(
    `${ddl(rows)} SELECT k, v, SUM(v) OVER (PARTITION BY k ORDER BY ts RANGE BETWEEN INTERVAL '3' SECOND PRECEDING AND CURRENT ROW), MAX(v) OVER (PARTITION BY k ORDER BY ts RANGE BETWEEN INTERVAL '3' SECOND PRECEDING AND CURRENT ROW) FROM T`,
  );
  assert.deepEqual(
    out.map((c) => JSON.stringify(c.row)),
    ['["a",1,1,1]', '["a",2,3,2]', '["b",10,10,10]', '["a",4,7,4]', '["a",8,8,8]'],
  );
});

test('Different windows in one SELECT are refused as in Flink', async () => {
  await assert.rejects(
    runSql(`${ddl(rows)} SELECT SUM(v) OVER (PARTITION BY k ORDER BY ts), COUNT(*) OVER (ORDER BY ts) FROM T`),
    /All aggregates must be computed on the same window/,
  );
});

test('OVER ordered by a non-time column is refused', async () => {
  await assert.rejects(runSql(`${ddl(rows)} SELECT SUM(v) OVER (ORDER BY v) FROM T`), /time attribute/);
});
