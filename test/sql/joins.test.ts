/**
 * End-to-end join tests through the SQL path: USING/NATURAL column merging,
 * comma joins with WHERE, semi/anti joins from subqueries, lookup joins, and
 * Flink's refusals.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { finalRows, jsonFile, runSql } from '../helpers/run-sql.ts';
import { TableEnvironment } from '../../src/api/table-environment.ts';

const L = jsonFile([{ a: 1, s: 'x' }, { a: 2, s: 'y' }, { a: null, s: 'z' }]);
const R = jsonFile([{ a: 1, t: 'p' }, { a: 1, t: 'q' }, { a: 3, t: 'r' }]);
const D = jsonFile([{ id: 1, name: 'alice' }, { id: 2, name: 'bob' }]);
const ddl = `CREATE TABLE L (a INT, s STRING, pt AS PROCTIME()) WITH ('connector'='filesystem','path'='${L}','format'='json');
CREATE TABLE R (a INT, t STRING) WITH ('connector'='filesystem','path'='${R}','format'='json');
CREATE TABLE D (id INT, name STRING) WITH ('connector'='filesystem','path'='${D}','format'='json');
`;
const rows = async (q: string) => finalRows(await runSql(ddl + q));

void test('USING merges the common column (COALESCE for FULL); NATURAL finds it', async () => {
  assert.deepEqual(await rows('SELECT a, s, t FROM L JOIN R USING (a)'), ['[1,"x","p"]', '[1,"x","q"]']);
  assert.deepEqual(await rows('SELECT a, s, t FROM L FULL JOIN R USING (a)'), ['[1,"x","p"]', '[1,"x","q"]', '[2,"y",null]', '[3,null,"r"]', '[null,"z",null]']);
  assert.deepEqual(await rows('SELECT a, t FROM L NATURAL RIGHT JOIN R'), ['[1,"p"]', '[1,"q"]', '[3,"r"]']);
});

void test('a comma join with the condition in WHERE is an equi-join', async () => {
  assert.deepEqual(await rows("SELECT L.s, R.t FROM L, R WHERE L.a = R.a AND R.t <> 'q'"), ['["x","p"]']);
});

void test('[NOT] EXISTS and [NOT] IN subqueries are semi/anti joins; NOT IN is null-aware', async () => {
  assert.deepEqual(await rows('SELECT s FROM L WHERE EXISTS (SELECT * FROM R WHERE R.a = L.a)'), ['["x"]']);
  assert.deepEqual(await rows('SELECT s FROM L WHERE NOT EXISTS (SELECT * FROM R WHERE R.a = L.a)'), ['["y"]', '["z"]']);
  assert.deepEqual(await rows('SELECT s FROM L WHERE a IN (SELECT a FROM R)'), ['["x"]']);
  assert.deepEqual(await rows('SELECT s FROM L WHERE a NOT IN (SELECT a FROM R)'), ['["y"]']);
  assert.deepEqual(await rows("SELECT s FROM L WHERE a NOT IN (SELECT a FROM R WHERE t = 'r') AND s <> 'y'"), ['["x"]']);
});

void test('processing-time temporal join is a lookup join against the filesystem table', async () => {
  assert.deepEqual(await rows('SELECT L.a, D.name FROM L JOIN D FOR SYSTEM_TIME AS OF L.pt ON L.a = D.id'), ['[1,"alice"]', '[2,"bob"]']);
  assert.deepEqual(await rows("SELECT L.s, D.name FROM L LEFT JOIN D FOR SYSTEM_TIME AS OF L.pt ON L.a = D.id AND D.name <> 'bob'"), [
    '["x","alice"]',
    '["y",null]',
    '["z",null]',
  ]);
});

void test("refusals: outer joins need a condition; AS OF must be the left side's time attribute; subqueries inside OR", async () => {
  await assert.rejects(rows('SELECT * FROM L LEFT JOIN R'), /requires a condition/);
  await assert.rejects(rows('SELECT * FROM L JOIN D FOR SYSTEM_TIME AS OF L.s ON L.a = D.id'), /FOR SYSTEM_TIME AS OF/);
  await assert.rejects(rows('SELECT * FROM L WHERE a = 1 OR EXISTS (SELECT * FROM R)'), /Subqueries are supported only/);
});

void test('time bounds between updating inputs make a regular join (Flink plans no interval join there)', async () => {
  const cdc = jsonFile([
    { before: null, after: { k: 1, ts: '2020-01-01 00:00:01' }, op: 'c' },
    { before: { k: 1, ts: '2020-01-01 00:00:01' }, after: { k: 1, ts: '2020-01-01 00:00:30' }, op: 'u' },
  ]);
  const ev = jsonFile([{ k: 1, ts: '2020-01-01 00:00:02' }]);
  const script = `CREATE TABLE C (k INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector'='filesystem','path'='${cdc}','format'='debezium-json');
CREATE TABLE E (k INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector'='filesystem','path'='${ev}','format'='json');
SELECT E.k, C.ts FROM E JOIN C ON E.k = C.k AND E.ts BETWEEN C.ts - INTERVAL '5' SECOND AND C.ts + INTERVAL '5' SECOND;`;
  assert.deepEqual(finalRows(await runSql(script)), []);
});

void test('EXPLAIN: one-sided predicates are pushed below the join; the job graph hashes both sides by the key', async () => {
  const env = new TableEnvironment();
  await env.executeScript(ddl, () => undefined);
  const [r] = await env.executeScript(`EXPLAIN SELECT L.s, R.t FROM L, R WHERE L.a = R.a AND R.t <> 'q' AND L.s > 'a';`, () => undefined);
  assert.ok(r && r.kind === 'ok');
  assert.match(r.message, /LogicalJoin\(joinType=\[INNER\], condition=\[=\(\$0, \$3\)\]\)\n\s+LogicalFilter/);
  assert.match(r.message, /Join\(joinType=\[INNER\], where=\[a=a\]/);
  assert.match(r.message, /\[hash\(a=a\)\]/);
});
