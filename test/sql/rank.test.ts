/** Top-N and deduplication through SQL: the rank filter pattern becomes a Rank/Deduplicate node. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { finalRows, jsonFile, runSql, type Change } from '../helpers/run-sql.ts';

const show = (cs: readonly Change[]): string[] => cs.map((c) => `${c.op}${JSON.stringify(c.row)}`);

function table(rows: object[], extra = ''): string {
  return `CREATE TABLE T (a STRING, b INT, ts TIMESTAMP(3)${extra}) WITH ('connector'='filesystem','path'='${jsonFile(rows)}','format'='json');`;
}
const data = [
  { a: 'x', b: 3, ts: '2020-01-01 00:00:03' },
  { a: 'x', b: 1, ts: '2020-01-01 00:00:01' },
  { a: 'y', b: 5, ts: '2020-01-01 00:00:05' },
  { a: 'x', b: 2, ts: '2020-01-01 00:00:02' },
];

test('Top-2 per key with the rank number: updates of shifted ranks', async () => {
  const out = await runSql(`${table(data)} SELECT * FROM (SELECT a, b, ROW_NUMBER() OVER (PARTITION BY a ORDER BY b) AS rn FROM T) WHERE rn <= 2`);
  assert.deepEqual(show(out), ['+I["x",3,1]', '-U["x",3,1]', '+U["x",1,1]', '+I["x",3,2]', '+I["y",5,1]', '-U["x",3,2]', '+U["x",2,2]']);
});

test('Top-2 per key without the rank number (pruned by the outer projection): -D then +I', async () => {
  const out = await runSql(`${table(data)} SELECT a, b FROM (SELECT a, b, ROW_NUMBER() OVER (PARTITION BY a ORDER BY b DESC) AS rn FROM T) WHERE rn < 3`);
  assert.deepEqual(show(out), ['+I["x",3]', '+I["x",1]', '+I["y",5]', '-D["x",1]', '+I["x",2]']);
});

test('Top-N with a rank range (BETWEEN), another predicate and no partition', async () => {
  const out = await runSql(`${table(data)} SELECT b, r FROM (SELECT b, RANK() OVER (ORDER BY b DESC) AS r FROM T) WHERE r BETWEEN 2 AND 3 AND b > 1`);
  assert.deepEqual(finalRows(out), ['[2,3]', '[3,2]']);
});

test('Top-N over an updating input (a GROUP BY) retracts what falls out', async () => {
  const out = await runSql(
    `${table(data)} SELECT a, s FROM (SELECT a, s, ROW_NUMBER() OVER (ORDER BY s DESC) AS rn FROM (SELECT a, SUM(b) AS s FROM T GROUP BY a)) WHERE rn = 1`,
  );
  assert.deepEqual(finalRows(out), ['["x",6]']);
  assert.ok(out.some((c) => c.op === '-D' || c.op === '-U'));
});

test('Deduplication on rowtime keeps the first (ASC) or last (DESC) row per key', async () => {
  const ddl = table(data, ", WATERMARK FOR ts AS ts - INTERVAL '1' SECOND");
  const first = await runSql(`${ddl} SELECT a, b FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY a ORDER BY ts ASC) AS rn FROM T) WHERE rn = 1`);
  assert.deepEqual(finalRows(first), ['["x",1]', '["y",5]']);
  assert.deepEqual(show(first), ['+I["x",3]', '-U["x",3]', '+U["x",1]', '+I["y",5]']);
  const last = await runSql(`${ddl} SELECT a, b FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY a ORDER BY ts DESC) AS rn FROM T) WHERE rn <= 1`);
  assert.deepEqual(finalRows(last), ['["x",3]', '["y",5]']);
  assert.deepEqual(show(last), ['+I["x",3]', '+I["y",5]']);
});

test('A rank function without a rank filter is refused', async () => {
  await assert.rejects(runSql(`${table(data)} SELECT a, RANK() OVER (PARTITION BY a ORDER BY b) FROM T`), /Top-N/);
  // a filter the rank rule cannot read as a rank range must not silently number rows in arrival order
  await assert.rejects(runSql(`${table(data)} SELECT * FROM (SELECT a, ROW_NUMBER() OVER (PARTITION BY a ORDER BY b) AS rn FROM T) WHERE rn <= 2 OR a = 'x'`), /Top-N/);
});
