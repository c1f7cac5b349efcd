/** Non-correlated scalar subqueries in the select list (a LEFT join ON TRUE with the subquery's row). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { finalRows, jsonFile, runSql } from '../helpers/run-sql.ts';

const ddl = `CREATE TABLE T (a STRING, b INT) WITH ('connector'='filesystem','path'='${jsonFile([{ a: 'x', b: 1 }, { a: 'y', b: 5 }, { a: 'z', b: 3 }])}','format'='json');`;

test('a scalar subquery in the select list joins its single row to every row', async () => {
  const out = await runSql(`${ddl} SELECT a, b * 10 + (SELECT MAX(b) FROM T) AS c, (SELECT COUNT(*) FROM T) FROM T`);
  assert.deepEqual(finalRows(out), ['["x",15,3]', '["y",55,3]', '["z",35,3]']);
});

test('correlated scalar subqueries are refused', async () => {
  await assert.rejects(runSql(`${ddl} SELECT a, (SELECT MAX(b) FROM T AS u WHERE u.a = t.a) FROM T AS t`), /Correlated scalar subqueries are not supported/);
});

test('a scalar subquery in WHERE filters against its current value, retracting rows it no longer admits', async () => {
  const out = await runSql(`${ddl} SELECT a, b FROM T WHERE b >= (SELECT AVG(b) FROM T) AND a <> 'q'`);
  // AVG goes 1 -> 3 -> 3: in the end only the rows with b >= 3 are left
  assert.deepEqual([...finalRows(out)].sort(), ['["y",5]', '["z",3]']);
  const grouped = await runSql(`${ddl} SELECT COUNT(*) FROM T WHERE b > (SELECT MIN(b) FROM T)`);
  assert.deepEqual(finalRows(grouped), ['[2]']);
});

test('a correlated scalar subquery in WHERE is refused clearly', async () => {
  await assert.rejects(runSql(`${ddl} SELECT a FROM T AS t WHERE b = (SELECT MAX(b) FROM T AS u WHERE u.a = t.a)`), /Correlated scalar subqueries are not supported/);
});
