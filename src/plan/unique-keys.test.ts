/**
 * Unique-key inference over bound queries, and the join input layouts the
 * planner derives from it (shown in EXPLAIN as Flink's leftInputSpec /
 * rightInputSpec).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TableEnvironment } from '../api/table-environment.ts';
import { QueryBinder } from './binder/query-binder.ts';
import { parseQuery } from '../sql/index.ts';
import { joinInputSpec, uniqueKeys } from './unique-keys.ts';
import { optimize } from './rules/index.ts';

const ddl = `
CREATE TABLE P (id INT, k INT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector'='datagen','number-of-rows'='1');
CREATE TABLE P2 (a INT, b INT, v STRING, PRIMARY KEY (a, b) NOT ENFORCED) WITH ('connector'='datagen','number-of-rows'='1');
CREATE TABLE N (id INT, k INT, v STRING) WITH ('connector'='datagen','number-of-rows'='1');
CREATE TABLE E (id INT, k INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector'='datagen','number-of-rows'='1');
`;

async function env(): Promise<TableEnvironment> {
  const e = new TableEnvironment();
  await e.executeScript(ddl, () => undefined);
  return e;
}

async function keysOf(sql: string): Promise<readonly (readonly number[])[]> {
  const e = await env();
  // The graph builder plans the optimized tree (ROW_NUMBER filters become a LogicalRank).
  return uniqueKeys(optimize(new QueryBinder(e.catalog, e.bindEnv()).bindQuery(parseQuery(sql))));
}

void test('a scan has its primary key; a table without one has none', async () => {
  assert.deepEqual(await keysOf('SELECT * FROM P'), [[0]]);
  assert.deepEqual(await keysOf('SELECT * FROM P2'), [[0, 1]]);
  assert.deepEqual(await keysOf('SELECT * FROM N'), []);
});

void test('a projection remaps the keys whose columns all survive and drops the others', async () => {
  assert.deepEqual(await keysOf('SELECT v, id FROM P'), [[1]]);
  assert.deepEqual(await keysOf('SELECT v, k FROM P'), []);
  assert.deepEqual(await keysOf('SELECT b, v, a FROM P2'), [[0, 2]]);
  assert.deepEqual(await keysOf('SELECT a + 1 AS x, b, v FROM P2'), [], 'a computed column is no longer the key column');
  assert.deepEqual(await keysOf('SELECT v, id FROM P WHERE k > 3'), [[1]], 'a filter keeps the keys');
});

void test('a group aggregate is keyed by its group keys; a global aggregate by the empty key; DISTINCT by all columns', async () => {
  assert.deepEqual(await keysOf('SELECT k, COUNT(*) FROM N GROUP BY k'), [[0]]);
  assert.deepEqual(await keysOf('SELECT COUNT(*) AS c, k FROM N GROUP BY k'), [[1]]);
  assert.deepEqual(await keysOf('SELECT k, v, SUM(id) FROM N GROUP BY k, v'), [[0, 1]]);
  assert.deepEqual(await keysOf('SELECT COUNT(*) FROM N'), [[]]);
  assert.deepEqual(await keysOf('SELECT DISTINCT k, v FROM N'), [[0, 1]]);
  assert.deepEqual(await keysOf('SELECT k, v, COUNT(*) FROM N GROUP BY GROUPING SETS ((k), (k, v))'), [], 'grouping sets: unknown');
});

void test('deduplication and Top-1 are keyed by their partition keys; Top-N with the row number by both', async () => {
  assert.deepEqual(await keysOf('SELECT id, k FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts DESC) AS rn FROM E) WHERE rn = 1'), [[1]]);
  assert.deepEqual(await keysOf('SELECT id, k FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY k ORDER BY id DESC) AS rn FROM N) WHERE rn = 1'), [[1]]);
  assert.deepEqual(await keysOf('SELECT k, v, rn FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY k ORDER BY id DESC) AS rn FROM N) WHERE rn <= 3'), [[0, 2]]);
  assert.deepEqual(await keysOf('SELECT k, v FROM (SELECT *, RANK() OVER (PARTITION BY k ORDER BY id DESC) AS r FROM N) WHERE r = 1'), [], 'RANK has ties');
});

void test('joins and unions are left unknown', async () => {
  assert.deepEqual(await keysOf('SELECT P.id, N.id FROM P JOIN N ON P.k = N.k'), []);
  assert.deepEqual(await keysOf('SELECT id FROM P UNION ALL SELECT id FROM P'), []);
});

void test('join input spec: join key containing a unique key, another unique key, none', () => {
  assert.deepEqual(joinInputSpec([[0]], [0, 2]), { kind: 'JoinKeyContainsUniqueKey', uniqueKey: [0] });
  assert.deepEqual(joinInputSpec([[0, 1], [3]], [2]), { kind: 'HasUniqueKey', uniqueKey: [3], lookupKey: [3] });
  // the key with the fewest columns outside the join key: those find a row among the join key's rows
  assert.deepEqual(joinInputSpec([[2, 3], [0, 1]], [1]), { kind: 'HasUniqueKey', uniqueKey: [0, 1], lookupKey: [0] });
  assert.deepEqual(joinInputSpec([[0, 1], [3]], [0, 1]), { kind: 'JoinKeyContainsUniqueKey', uniqueKey: [0, 1] });
  assert.deepEqual(joinInputSpec([], [0]), { kind: 'NoUniqueKey' });
  assert.deepEqual(joinInputSpec([[]], []), { kind: 'JoinKeyContainsUniqueKey', uniqueKey: [] });
});

void test('EXPLAIN prints each side of a regular join with its layout', async () => {
  const e = await env();
  const explain = async (sql: string): Promise<string> => {
    const [r] = await e.executeScript(`EXPLAIN ${sql};`, () => undefined);
    assert.ok(r && r.kind === 'ok');
    return r.message;
  };
  assert.match(await explain('SELECT * FROM P JOIN N ON P.id = N.id'), /leftInputSpec=\[JoinKeyContainsUniqueKey\], rightInputSpec=\[NoUniqueKey\]/);
  assert.match(await explain('SELECT * FROM N JOIN P ON N.k = P.k'), /leftInputSpec=\[NoUniqueKey\], rightInputSpec=\[HasUniqueKey\]/);
  // an INT column widened to BIGINT for the join still counts as the join key's column
  assert.match(await explain('SELECT * FROM N JOIN (SELECT CAST(id AS BIGINT) AS b, v FROM P) Q ON N.id = Q.b'), /leftInputSpec=\[NoUniqueKey\], rightInputSpec=\[JoinKeyContainsUniqueKey\]/);
  assert.match(await explain('SELECT * FROM (SELECT CAST(id AS BIGINT) AS b FROM N GROUP BY id) A JOIN P ON A.b = P.id'), /leftInputSpec=\[JoinKeyContainsUniqueKey\], rightInputSpec=\[JoinKeyContainsUniqueKey\]/);
  assert.match(
    await explain('SELECT * FROM (SELECT k, COUNT(*) AS c FROM N GROUP BY k) A LEFT JOIN (SELECT v, k, MAX(id) AS m FROM N GROUP BY v, k) B ON A.k = B.k'),
    /joinType=\[LEFT\].*leftInputSpec=\[JoinKeyContainsUniqueKey\], rightInputSpec=\[HasUniqueKey\]/,
  );
});
