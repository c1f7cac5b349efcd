/** User-defined table functions: CREATE FUNCTION of a generator, LATERAL TABLE in FROM (Flink's TableFunction). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { jsonFile, runSql } from '../helpers/run-sql.ts';
import { TableEnvironment } from '../../src/api/table-environment.ts';
import { ChangelogJsonPrinter } from '../../src/cli/output.ts';

const mod = path.resolve(import.meta.dirname, '../fixtures/udfs.mjs');
const src = () => `CREATE TABLE t (id INT, s STRING) WITH ('connector' = 'filesystem', 'path' = '${jsonFile([
  { id: 1, s: 'a bb' },
  { id: 2, s: '' },
  { id: 3, s: null },
  { id: 4, s: 'ccc' },
])}', 'format' = 'json');
CREATE FUNCTION split_words AS '${mod}#splitWords' LANGUAGE JAVASCRIPT;
CREATE FUNCTION range_of AS '${mod}#range' LANGUAGE JAVASCRIPT;
CREATE FUNCTION pairs AS '${mod}#pairs' LANGUAGE JAVASCRIPT;`;

void test('LATERAL TABLE joins each row with the rows its table function yields', async () => {
  const out = await runSql(`${src()}
    SELECT id, word, len FROM t, LATERAL TABLE(split_words(s, ' '));`);
  assert.deepEqual(out, [
    { op: '+I', row: [1, 'a', 1] },
    { op: '+I', row: [1, 'bb', 2] },
    { op: '+I', row: [4, 'ccc', 3] },
  ]);
});

void test('LEFT JOIN LATERAL TABLE … ON TRUE keeps rows without results; aliases rename the columns', async () => {
  const out = await runSql(`${src()}
    SELECT id, w, n FROM t LEFT JOIN LATERAL TABLE(split_words(s, ' ')) AS T(w, n) ON TRUE;`);
  assert.deepEqual(out, [
    { op: '+I', row: [1, 'a', 1] },
    { op: '+I', row: [1, 'bb', 2] },
    { op: '+I', row: [2, null, null] },
    { op: '+I', row: [3, null, null] },
    { op: '+I', row: [4, 'ccc', 3] },
  ]);
});

void test('atomic results are column f0; object rows map by field name; constant calls stand alone', async () => {
  const out = await runSql(`${src()}
    SELECT id, f0 FROM t, LATERAL TABLE(range_of(id)) WHERE id < 3;`);
  assert.deepEqual(out, [
    { op: '+I', row: [1, 0] },
    { op: '+I', row: [2, 0] },
    { op: '+I', row: [2, 1] },
  ]);
  const kv = await runSql(`${src()} SELECT k, v FROM LATERAL TABLE(pairs('a=1,b=2'));`);
  assert.deepEqual(kv, [
    { op: '+I', row: ['a', '1'] },
    { op: '+I', row: ['b', '2'] },
  ]);
});

void test('JOIN LATERAL TABLE with a condition filters the joined rows; aggregates over the result', async () => {
  const out = await runSql(`${src()}
    SELECT id, COUNT(*) AS words, SUM(len) FROM t JOIN LATERAL TABLE(split_words(s, ' ')) AS w ON len > 1 GROUP BY id;`);
  assert.deepEqual(out, [
    { op: '+I', row: [1, 1, 2] },
    { op: '+I', row: [4, 1, 3] },
  ]);
});

void test('misuse is explained', async () => {
  await assert.rejects(runSql(`${src()} SELECT split_words(s, ' ') FROM t;`), /is a table function: call it in FROM/);
  await assert.rejects(runSql(`${src()} SELECT * FROM t, LATERAL TABLE(nope(s));`), /No table function 'nope' is registered/);
  await assert.rejects(runSql(`${src()} SELECT * FROM t RIGHT JOIN LATERAL TABLE(split_words(s, ' ')) ON TRUE;`), /RIGHT JOIN LATERAL TABLE is not supported/);
});

void test('table functions registered from TypeScript', async () => {
  const env = new TableEnvironment();
  env.createFunction('explode', {
    kind: 'table',
    returns: 'STRING',
    eval: function* (s: string) {
      yield* s.split('');
    },
  });
  let text = '';
  await env.executeScript(`SELECT f0 FROM LATERAL TABLE(explode('ab'));`, () => new ChangelogJsonPrinter({ write: (s) => (text += s) }, 'UTC'));
  assert.equal(text.trim(), '{"op":"+I","row":["a"]}\n{"op":"+I","row":["b"]}');
});
