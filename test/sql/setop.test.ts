/** INTERSECT / EXCEPT [ALL] on streams through SQL. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { finalRows, jsonFile, runSql } from '../helpers/run-sql.ts';

const ddl = (name: string, rows: object[]): string =>
  `CREATE TABLE ${name} (a INT, s STRING) WITH ('connector'='filesystem','path'='${jsonFile(rows)}','format'='json');`;
const L = ddl('L', [{ a: 1, s: 'x' }, { a: 1, s: 'x' }, { a: 2, s: null }, { a: 3, s: 'z' }]);
const R = ddl('R', [{ a: 1, s: 'x' }, { a: 2, s: null }, { a: 2, s: null }]);

test('INTERSECT and INTERSECT ALL (NULLs equal); insert-only inputs give insert-only output', async () => {
  const d = await runSql(`${L} ${R} SELECT * FROM L INTERSECT SELECT * FROM R`);
  assert.deepEqual(finalRows(d), ['[1,"x"]', '[2,null]']);
  assert.ok(d.every((c) => c.op === '+I'));
  assert.deepEqual(finalRows(await runSql(`${L} ${R} SELECT a FROM L INTERSECT ALL SELECT a FROM R`)), ['[1]', '[2]']);
});

test('EXCEPT and EXCEPT ALL retract rows that later appear on the right', async () => {
  assert.deepEqual(finalRows(await runSql(`${L} ${R} SELECT * FROM L EXCEPT SELECT * FROM R`)), ['[3,"z"]']);
  assert.deepEqual(finalRows(await runSql(`${L} ${R} SELECT * FROM L EXCEPT ALL SELECT * FROM R`)), ['[1,"x"]', '[3,"z"]']);
});
