/** CROSS JOIN UNNEST / LEFT JOIN UNNEST … ON TRUE / FROM UNNEST through SQL. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonFile, runSql } from '../helpers/run-sql.ts';

const rows = [
  { id: 1, tags: ['a', 'b'], m: { x: 1 } },
  { id: 2, tags: [], m: {} },
  { id: 3, tags: null, m: null },
  { id: 4, tags: ['c'], m: { y: 2, z: 3 } },
];
const ddl = `CREATE TABLE T (id INT, tags ARRAY<STRING>, m MAP<STRING, INT>) WITH ('connector'='filesystem','path'='${jsonFile(rows)}','format'='json');`;
const rowsOf = async (sql: string): Promise<string[]> => (await runSql(`${ddl} ${sql}`)).map((c) => `${c.op}${JSON.stringify(c.row)}`);

test('CROSS JOIN UNNEST: one row per element, rows with empty or NULL arrays vanish', async () => {
  assert.deepEqual(await rowsOf('SELECT id, tag FROM T CROSS JOIN UNNEST(tags) AS t(tag)'), ['+I[1,"a"]', '+I[1,"b"]', '+I[4,"c"]']);
  assert.deepEqual(await rowsOf('SELECT id, tag FROM T, UNNEST(T.tags) AS t(tag) WHERE tag <> \'b\''), ['+I[1,"a"]', '+I[4,"c"]']);
});

test('LEFT JOIN UNNEST ON TRUE keeps rows without elements, WITH ORDINALITY numbers them', async () => {
  assert.deepEqual(await rowsOf('SELECT id, tag, n FROM T LEFT JOIN UNNEST(tags) WITH ORDINALITY AS t(tag, n) ON TRUE'), [
    '+I[1,"a",1]',
    '+I[1,"b",2]',
    '+I[2,null,null]',
    '+I[3,null,null]',
    '+I[4,"c",1]',
  ]);
});

test('UNNEST of a MAP gives key and value; FROM UNNEST of a constant array', async () => {
  assert.deepEqual(await rowsOf('SELECT id, k, v FROM T CROSS JOIN UNNEST(m) AS u(k, v)'), ['+I[1,"x",1]', '+I[4,"y",2]', '+I[4,"z",3]']);
  assert.deepEqual(await rowsOf('SELECT x * 10 FROM UNNEST(ARRAY[1, 2, 3]) AS u(x)'), ['+I[10]', '+I[20]', '+I[30]']);
});

test('UNNEST of an array of rows spreads the row fields', async () => {
  assert.deepEqual(await rowsOf("SELECT a, b FROM UNNEST(ARRAY[ROW(1, 'p'), ROW(2, 'q')]) AS u(a, b)"), ['+I[1,"p"]', '+I[2,"q"]']);
});
