/**
 * Scalar subqueries in the select list and WHERE: non-correlated ones are a LEFT join ON TRUE with the
 * subquery's row; correlated ones are decorrelated (more in correlated-subquery.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { finalRows, jsonFile, runSql } from '../helpers/run-sql.ts';

const ddl = `CREATE TABLE T (a STRING, b INT) WITH ('connector'='filesystem','path'='${jsonFile([{ a: 'x', b: 1 }, { a: 'y', b: 5 }, { a: 'z', b: 3 }])}','format'='json');`;

test('a scalar subquery in the select list joins its single row to every row', async () => {
  const out = await runSql(`${ddl} SELECT a, b * 10 + (SELECT MAX(b) FROM T) AS c, (SELECT COUNT(*) FROM T) FROM T`);
  assert.deepEqual(finalRows(out), ['["x",15,3]', '["y",55,3]', '["z",35,3]']);
});

test('a correlated scalar subquery in the select list is decorrelated (aggregate per key, LEFT join)', async () => {
  const out = await runSql(`${ddl} SELECT a, (SELECT MAX(b) FROM T AS u WHERE u.a = t.a AND u.b > 1) FROM T AS t`);
  assert.deepEqual(finalRows(out), ['["x",null]', '["y",5]', '["z",3]']);
});

test('a non-correlated subquery that may return several rows gets SINGLE_VALUE: one row is its value', async () => {
  const out = await runSql(`${ddl} SELECT a, (SELECT b FROM T WHERE a = 'y') AS y FROM T`);
  assert.deepEqual(finalRows(out), ['["x",5]', '["y",5]', '["z",5]']);
  await assert.rejects(runSql(`${ddl} SELECT a, (SELECT b FROM T WHERE b > 1) FROM T`), /SingleValueAggFunction received more than one element/);
});

test('a scalar subquery in WHERE filters against its current value, retracting rows it no longer admits', async () => {
  const out = await runSql(`${ddl} SELECT a, b FROM T WHERE b >= (SELECT AVG(b) FROM T) AND a <> 'q'`);
  // AVG goes 1 -> 3 -> 3: in the end only the rows with b >= 3 are left
  assert.deepEqual([...finalRows(out)].sort(), ['["y",5]', '["z",3]']);
  const grouped = await runSql(`${ddl} SELECT COUNT(*) FROM T WHERE b > (SELECT MIN(b) FROM T)`);
  assert.deepEqual(finalRows(grouped), ['[2]']);
});

test('a correlated scalar subquery in WHERE filters each row against its own group', async () => {
  const out = await runSql(`${ddl} SELECT a FROM T AS t WHERE b = (SELECT MAX(b) FROM T AS u WHERE u.a = t.a)`);
  assert.deepEqual(finalRows(out), ['["x"]', '["y"]', '["z"]']);
  const below = await runSql(`${ddl} SELECT a FROM T AS t WHERE (SELECT COUNT(*) FROM T AS u WHERE u.b < t.b) >= 1`);
  assert.deepEqual(finalRows(below), ['["y"]', '["z"]']);
});
