/** End-to-end SQL: scripts run through parser, binder, planner and runtime. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { finalRows, jsonFile, runSql } from '../helpers/run-sql.ts';
import { WeirError } from '../../src/common/error.ts';

const people = () =>
  jsonFile([
    { id: 1, name: 'ann', dept: 'eng', salary: 100 },
    { id: 2, name: 'bob', dept: 'eng', salary: 80 },
    { id: 3, name: 'cid', dept: 'ops', salary: null },
    { id: 4, name: 'dan', dept: null, salary: 50 },
  ]);

const ddl = (p: string) => `CREATE TABLE people (id INT, name STRING, dept STRING, salary BIGINT)
  WITH ('connector' = 'filesystem', 'path' = '${p}', 'format' = 'json');`;

void test('projection and filter', async () => {
  const out = await runSql(`${ddl(people())}
    SELECT id * 10 AS x, UPPER(name), salary + 1 FROM people WHERE salary > 60 OR salary IS NULL;`);
  assert.deepEqual(out, [
    { op: '+I', row: [10, 'ANN', 101] },
    { op: '+I', row: [20, 'BOB', 81] },
    { op: '+I', row: [30, 'CID', null] },
  ]);
});

void test('group aggregation emits updates like Flink', async () => {
  const out = await runSql(`${ddl(people())}
    SELECT dept, COUNT(*), SUM(salary) FROM people GROUP BY dept;`);
  assert.deepEqual(out, [
    { op: '+I', row: ['eng', 1, 100] },
    { op: '-U', row: ['eng', 1, 100] },
    { op: '+U', row: ['eng', 2, 180] },
    { op: '+I', row: ['ops', 1, null] },
    { op: '+I', row: [null, 1, 50] },
  ]);
});

void test('global aggregate, HAVING, DISTINCT aggregate', async () => {
  const out = await runSql(`${ddl(people())}
    SELECT dept, COUNT(DISTINCT salary) AS c FROM people GROUP BY dept HAVING COUNT(*) > 1;`);
  assert.deepEqual(finalRows(out), ['["eng",2]']);
});

void test('views and CTEs expand', async () => {
  const p = people();
  const out = await runSql(`${ddl(p)}
    CREATE VIEW rich AS SELECT name, salary FROM people WHERE salary >= 80;
    WITH r AS (SELECT name FROM rich) SELECT * FROM r;`);
  assert.deepEqual(finalRows(out), ['["ann"]', '["bob"]']);
});

void test('VALUES and SELECT without FROM', async () => {
  const out = await runSql(`SELECT 1 + 1, 'a' || 'b', CAST('2020-01-01' AS DATE);`);
  assert.deepEqual(out, [{ op: '+I', row: [2, 'ab', '2020-01-01'] }]);
  const v = await runSql(`SELECT a, b FROM (VALUES (1, 'x'), (2, 'y')) AS t(a, b) WHERE a > 1;`);
  assert.deepEqual(v, [{ op: '+I', row: [2, 'y'] }]);
});

void test('unknown column names the position and suggests a near name', async () => {
  await assert.rejects(runSql(`${ddl(people())}\nSELECT nmae FROM people;`), (e: unknown) => {
    assert.ok(e instanceof WeirError);
    assert.match(e.message, /Column 'nmae' not found in any table; did you mean 'name'\?/);
    assert.equal(e.span?.line, 3);
    assert.equal(e.span?.column, 8);
    return true;
  });
});

void test('non-grouped column is rejected', async () => {
  await assert.rejects(runSql(`${ddl(people())}\nSELECT name, COUNT(*) FROM people GROUP BY dept;`), /Expression 'name' is not being grouped/);
});

void test('unknown table', async () => {
  await assert.rejects(runSql(`SELECT * FROM nope;`), /Object 'nope' not found/);
});
