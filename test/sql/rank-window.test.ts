/** Window Top-N and window deduplication through SQL (over window TVFs and window aggregations). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonFile, runSql } from '../helpers/run-sql.ts';

const bids = [
  { ts: '2020-04-15 08:00:05', price: 4, item: 'A' },
  { ts: '2020-04-15 08:00:07', price: 2, item: 'G' },
  { ts: '2020-04-15 08:00:09', price: 5, item: 'D' },
  { ts: '2020-04-15 08:00:11', price: 2, item: 'B' },
  { ts: '2020-04-15 08:00:03', price: 9, item: 'LATE' },
  { ts: '2020-04-15 08:00:13', price: 1, item: 'E' },
];
const ddl = `CREATE TABLE Bid (ts TIMESTAMP(3), price INT, item STRING, WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
  WITH ('connector'='filesystem','path'='${jsonFile(bids)}','format'='json','scan.watermark.emit.strategy'='on-event');`;

test('Window Top-2 over TUMBLE: insert-only, once per window, the late row dropped', async () => {
  const out = await runSql(`${ddl} SELECT window_start, item, price, rn FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY price DESC) AS rn
    FROM TABLE(TUMBLE(TABLE Bid, DESCRIPTOR(ts), INTERVAL '10' SECOND))) WHERE rn <= 2`);
  assert.deepEqual(
    out.map((c) => `${c.op}${JSON.stringify(c.row)}`),
    ['+I["2020-04-15 08:00:00.000","D",5,1]', '+I["2020-04-15 08:00:00.000","A",4,2]', '+I["2020-04-15 08:00:10.000","B",2,1]', '+I["2020-04-15 08:00:10.000","E",1,2]'],
  );
});

test('Window deduplication keep first per window (ORDER BY rowtime ASC, rn = 1)', async () => {
  const out = await runSql(`${ddl} SELECT window_start, item FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY ts ASC) AS rn
    FROM TABLE(TUMBLE(TABLE Bid, DESCRIPTOR(ts), INTERVAL '10' SECOND))) WHERE rn = 1`);
  assert.deepEqual(
    out.map((c) => `${c.op}${JSON.stringify(c.row)}`),
    ['+I["2020-04-15 08:00:00.000","A"]', '+I["2020-04-15 08:00:10.000","B"]'],
  );
});
