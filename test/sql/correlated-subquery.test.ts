/**
 * Correlated scalar subqueries end to end: decorrelated into an aggregate
 * grouped by the correlated columns and a LEFT join on them (Flink's
 * SubQueryRemoveRule + RelDecorrelator), in the select list, in WHERE (inside
 * larger expressions and OR branches), with COUNT giving 0 and the other
 * aggregates NULL for an outer row without inner rows, NULL correlation keys,
 * non-equality correlation (value generator), SINGLE_VALUE for subqueries
 * that are not aggregates, the changelog for an updating inner side, EXPLAIN,
 * and the refusals.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { finalRows, jsonFile, runSql } from '../helpers/run-sql.ts';
import { TableEnvironment } from '../../src/api/table-environment.ts';
import { WeirError } from '../../src/common/error.ts';

const orders = jsonFile([
  { id: 1, item: 'a', amount: 10, cust: 'x' },
  { id: 2, item: 'b', amount: 20, cust: 'x' },
  { id: 3, item: 'a', amount: 30, cust: 'y' },
  { id: 4, item: null, amount: 5, cust: null },
]);
const prices = jsonFile([
  { item: 'a', price: 3 },
  { item: 'a', price: 7 },
  { item: 'c', price: 1 },
  { item: null, price: 100 },
]);
const ddl = `CREATE TABLE orders (id INT, item STRING, amount INT, cust STRING) WITH ('connector'='filesystem','path'='${orders}','format'='json');
CREATE TABLE prices (item STRING, price INT) WITH ('connector'='filesystem','path'='${prices}','format'='json');
`;
const rows = async (q: string): Promise<string[]> => finalRows(await runSql(ddl + q));

void test('select list: MAX per correlated key; COUNT is 0 (not NULL) and MAX NULL without inner rows; a NULL outer key matches nothing', async () => {
  const out = await rows(
    'SELECT o.id, (SELECT MAX(p.price) FROM prices p WHERE p.item = o.item) AS mp, (SELECT COUNT(*) FROM prices p WHERE p.item = o.item) AS c FROM orders o',
  );
  assert.deepEqual(out, ['[1,7,2]', '[2,null,0]', '[3,7,2]', '[4,null,0]']);
});

void test('the value expression is computed over the aggregates, with COUNT 0 for no rows; outer columns in it are the outer row', async () => {
  const out = await rows(
    'SELECT o.id, (SELECT COUNT(p.price) * 10 + o.id FROM prices p WHERE p.item = o.item) AS c, (SELECT SUM(p.price) + o.amount FROM prices p WHERE o.item = p.item AND p.price > 5) AS s FROM orders o',
  );
  assert.deepEqual(out, ['[1,21,17]', '[2,2,null]', '[3,23,37]', '[4,4,null]']);
});

void test('WHERE: a correlated AVG inside a larger expression, an OR branch, beside a plain conjunct', async () => {
  const avg = await rows('SELECT o.id FROM orders o WHERE o.amount > (SELECT AVG(i.amount) FROM orders i WHERE i.cust = o.cust) + 1 AND o.id > 0');
  // cust x: AVG 15 -> only 20 > 16; cust y: AVG 30; NULL cust: NULL
  assert.deepEqual(avg, ['[2]']);
  const or = await rows('SELECT o.id FROM orders o WHERE o.id = 4 OR o.amount > (SELECT MIN(p.price) FROM prices p WHERE p.item = o.item) + 5');
  assert.deepEqual(or, ['[1]', '[3]', '[4]']);
  const count = await rows('SELECT o.id FROM orders o WHERE (SELECT COUNT(*) FROM prices p WHERE p.item = o.item) = 0');
  assert.deepEqual(count, ['[2]', '[4]']);
});

void test('several equality predicates, expressions on both sides, and non-correlated inner predicates', async () => {
  const out = await rows(
    "SELECT o.id, (SELECT COUNT(*) FROM orders i WHERE i.cust = o.cust AND UPPER(i.item) = UPPER(o.item) AND i.amount >= 10 AND i.item <> 'z') AS c FROM orders o",
  );
  assert.deepEqual(out, ['[1,1]', '[2,1]', '[3,1]', '[4,0]']);
});

void test('non-equality correlation: the distinct outer values join the inner rows by the predicate (value generator)', async () => {
  const out = await rows(
    'SELECT o.id, (SELECT COUNT(*) FROM orders i WHERE i.id < o.id) AS below, (SELECT SUM(i.amount) FROM orders i WHERE i.cust = o.cust AND i.id <> o.id) AS others FROM orders o',
  );
  assert.deepEqual(out, ['[1,0,20]', '[2,1,10]', '[3,2,null]', '[4,3,null]']);
  // a null-safe correlation: the NULL customer's row finds itself (excluded) and no other
  const nullSafe = await rows('SELECT o.id, (SELECT COUNT(*) FROM orders i WHERE i.cust IS NOT DISTINCT FROM o.cust AND i.id <> o.id) AS c FROM orders o');
  assert.deepEqual(nullSafe, ['[1,1]', '[2,1]', '[3,0]', '[4,0]']);
  const nullMatch = await rows('SELECT o.id, (SELECT MAX(i.id) FROM orders i WHERE i.cust IS NOT DISTINCT FROM o.cust) AS m FROM orders o');
  assert.deepEqual(nullMatch, ['[1,2]', '[2,2]', '[3,3]', '[4,4]']);
  // an outer column inside the aggregate's argument
  const arg = await rows('SELECT o.id, (SELECT SUM(i.amount * o.id) FROM orders i WHERE i.cust = o.cust) AS s FROM orders o');
  assert.deepEqual(arg, ['[1,30]', '[2,60]', '[3,90]', '[4,null]']);
});

void test('a subquery that is not an aggregate: its single row (SINGLE_VALUE), NULL without one; a second row fails the job as in Flink', async () => {
  const out = await rows('SELECT o.id, (SELECT p.price FROM prices p WHERE p.item = o.item AND p.price > 5) AS pr FROM orders o');
  assert.deepEqual(out, ['[1,7]', '[2,null]', '[3,7]', '[4,null]']);
  await assert.rejects(rows('SELECT o.id, (SELECT p.price FROM prices p WHERE p.item = o.item) FROM orders o'), /SingleValueAggFunction received more than one element/);
  // non-correlated as well
  await assert.rejects(rows('SELECT o.id, (SELECT p.price FROM prices p) FROM orders o'), /SingleValueAggFunction received more than one element/);
  assert.deepEqual(await rows("SELECT o.id FROM orders o WHERE o.amount = (SELECT p.price * 10 FROM prices p WHERE p.item = 'c')"), ['[1]']);
});

void test('GROUP BY and HAVING inside the subquery: its groups per outer row, one at most (SINGLE_VALUE); HAVING without GROUP BY keeps or drops the one row', async () => {
  const grouped = await rows('SELECT o.id, (SELECT MAX(i.amount) FROM orders i WHERE i.cust = o.cust GROUP BY i.cust) AS g FROM orders o');
  assert.deepEqual(grouped, ['[1,20]', '[2,20]', '[3,30]', '[4,null]']);
  const filtered = await rows('SELECT o.id, (SELECT MAX(i.amount) FROM orders i WHERE i.cust = o.cust GROUP BY i.item HAVING COUNT(*) > 1 OR i.item = o.item) AS g FROM orders o');
  assert.deepEqual(filtered, ['[1,10]', '[2,20]', '[3,30]', '[4,null]']);
  await assert.rejects(rows('SELECT o.id, (SELECT MAX(i.amount) FROM orders i WHERE i.cust = o.cust GROUP BY i.item) FROM orders o'), /more than one element/);
  // over no rows COUNT(*) is 0 and passes HAVING COUNT(*) < 2; item a has two prices
  const having = await rows(
    'SELECT o.id, (SELECT COUNT(*) FROM prices p WHERE p.item = o.item HAVING COUNT(*) < 2) AS h0, (SELECT SUM(p.price) FROM prices p WHERE p.item = o.item HAVING MAX(p.price) > 5) AS h1 FROM orders o',
  );
  assert.deepEqual(having, ['[1,null,10]', '[2,0,null]', '[3,null,10]', '[4,0,null]']);
});

void test('DISTINCT (GROUP BY the value) and subqueries nested in the WHERE of a correlated subquery (over its own rows)', async () => {
  const distinct = await rows('SELECT o.id, (SELECT DISTINCT i.item FROM orders i WHERE i.cust = o.cust AND i.amount > 15) AS it FROM orders o');
  assert.deepEqual(distinct, ['[1,"b"]', '[2,"b"]', '[3,"a"]', '[4,null]']);
  await assert.rejects(rows('SELECT o.id, (SELECT DISTINCT i.cust FROM orders i WHERE i.item = o.item) FROM orders o'), /more than one element/);
  // prices whose price is an order id: a/3 and c/1
  const exists = await rows('SELECT o.id, (SELECT MAX(p.price) FROM prices p WHERE p.item = o.item AND EXISTS (SELECT * FROM orders x WHERE x.id = p.price)) AS m FROM orders o');
  assert.deepEqual(exists, ['[1,3]', '[2,null]', '[3,3]', '[4,null]']);
  const scalar = await rows('SELECT o.id, (SELECT COUNT(*) FROM prices p WHERE p.item = o.item AND p.price < (SELECT MAX(q.price) FROM prices q) / 20) AS c FROM orders o');
  assert.deepEqual(scalar, ['[1,1]', '[2,0]', '[3,1]', '[4,0]']);
});

void test('changelog: the value follows an updating inner side (-D/+I of the padding and -U of the old match, as Flink emits)', async () => {
  const cdc = jsonFile([
    { before: null, after: { item: 'a', price: 3 }, op: 'c' },
    { before: { item: 'a', price: 3 }, after: { item: 'a', price: 9 }, op: 'u' },
    { before: null, after: { item: 'a', price: 4 }, op: 'c' },
    { before: { item: 'a', price: 9 }, after: null, op: 'd' },
  ]);
  const outer = jsonFile([
    { id: 1, item: 'a', ts: '2020-01-01 00:00:01' },
    { id: 2, item: 'b', ts: '2020-01-01 00:00:02' },
  ]);
  // an on-event watermark makes the sources take turns, so the interleaving is the same on every run
  const out = await runSql(`CREATE TABLE O (id INT, item STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector'='filesystem','path'='${outer}','format'='json','scan.watermark.emit.strategy'='on-event');
CREATE TABLE P (item STRING, price INT) WITH ('connector'='filesystem','path'='${cdc}','format'='debezium-json');
SELECT o.id, (SELECT MAX(p.price) FROM P p WHERE p.item = o.item) AS mp FROM O o;`);
  assert.deepEqual(
    out.map((c) => `${c.op}${JSON.stringify(c.row)}`),
    [
      // turns: O's first row, P's batch, O's second row
      '+I[1,null]',
      // MAX: +I[a,3]
      '-D[1,null]',
      '+I[1,3]',
      // the update empties the group (-D[a,3]) and starts it again (+I[a,9])
      '-D[1,3]',
      '+I[1,null]',
      '-D[1,null]',
      '+I[1,9]',
      // deleting 9: -U[a,9] +U[a,4]
      '-U[1,9]',
      '+I[1,null]',
      '-D[1,null]',
      '+I[1,4]',
      '+I[2,null]',
    ],
  );
});

void test('COUNT over an updating inner side goes back to 0 when its rows are deleted; both sides updating', async () => {
  const cdc = jsonFile([
    { before: null, after: { k: 1 }, op: 'c' },
    { before: null, after: { k: 1 }, op: 'c' },
    { before: { k: 1 }, after: null, op: 'd' },
    { before: { k: 1 }, after: { k: 2 }, op: 'u' },
  ]);
  const outer = jsonFile([{ k: 1 }, { k: 2 }, { k: null }]);
  const out = await runSql(`CREATE TABLE O (k INT) WITH ('connector'='filesystem','path'='${outer}','format'='json');
CREATE TABLE I (k INT) WITH ('connector'='filesystem','path'='${cdc}','format'='debezium-json');
SELECT o.k, (SELECT COUNT(*) FROM I i WHERE i.k = o.k) AS c FROM O o;`);
  assert.deepEqual(finalRows(out), ['[1,0]', '[2,1]', '[null,0]']);
  // both sides updating: the outer rows change key and go away too
  const outerCdc = jsonFile([
    { before: null, after: { k: 1 }, op: 'c' },
    { before: null, after: { k: 3 }, op: 'c' },
    { before: { k: 1 }, after: { k: 2 }, op: 'u' },
    { before: { k: 3 }, after: null, op: 'd' },
    { before: null, after: { k: 1 }, op: 'c' },
  ]);
  const both = await runSql(`CREATE TABLE O (k INT) WITH ('connector'='filesystem','path'='${outerCdc}','format'='debezium-json');
CREATE TABLE I (k INT) WITH ('connector'='filesystem','path'='${cdc}','format'='debezium-json');
SELECT o.k, (SELECT COUNT(*) FROM I i WHERE i.k = o.k) AS c, (SELECT MAX(i.k) FROM I i WHERE i.k < o.k) AS below FROM O o;`);
  assert.deepEqual(finalRows(both), ['[1,0,null]', '[2,1,null]']);
});

void test('GROUP BY: subqueries in the select list and HAVING join the aggregate rows, correlated on the grouped columns', async () => {
  const out = await rows(
    'SELECT o.item, SUM(o.amount) AS s, (SELECT MAX(p.price) FROM prices p WHERE p.item = o.item) AS mp, (SELECT COUNT(*) FROM prices) AS n FROM orders o GROUP BY o.item HAVING SUM(o.amount) > (SELECT COUNT(*) FROM prices p WHERE p.item = o.item) * 15',
  );
  // a: 40 > 2 * 15; b: 20 > 0; NULL: 5 > 0 (a NULL key has no prices)
  assert.deepEqual(out, ['["a",40,7,4]', '["b",20,null,4]', '[null,5,null,4]']);
  const none = await rows('SELECT o.cust, COUNT(*) FROM orders o GROUP BY o.cust HAVING COUNT(*) < (SELECT COUNT(*) FROM orders i WHERE i.cust = o.cust) + 1');
  // the NULL group counts no rows of its own: 1 < 0 + 1 fails
  assert.deepEqual(none, ['["x",2]', '["y",1]']);
  await assert.rejects(rows('SELECT o.cust, (SELECT MAX(p.price) FROM prices p WHERE p.item = o.item) FROM orders o GROUP BY o.cust'), /Column 'item' not found/);
});

void test('the same rows at parallelism 3 (hash exchanges on the correlated keys; the generator join without a key at 1)', async () => {
  for (const q of [
    'SELECT o.id, (SELECT COUNT(*) FROM prices p WHERE p.item = o.item) AS c, (SELECT MAX(p.price) FROM prices p WHERE p.item = o.item) FROM orders o',
    'SELECT o.id, (SELECT COUNT(*) FROM orders i WHERE i.id < o.id) AS below FROM orders o',
    'SELECT o.id FROM orders o WHERE o.amount >= (SELECT MAX(i.amount) FROM orders i WHERE i.cust = o.cust AND i.id <> 99)',
    // NULL outer values in the generator, joined back null-safely
    'SELECT o.id, (SELECT COUNT(*) FROM orders i WHERE i.cust IS NOT DISTINCT FROM o.cust AND i.id <> o.id) AS c FROM orders o',
  ]) {
    const one = await rows(q);
    assert.deepEqual(finalRows(await runSql(`SET 'parallelism.default' = '3';\n${ddl}${q}`)), one, q);
  }
});

void test('EXPLAIN shows the decorrelated plan: an aggregate grouped by the correlated column, LEFT-joined on it', async () => {
  const env = new TableEnvironment();
  await env.executeScript(ddl, () => undefined);
  const [r] = await env.executeScript(
    'EXPLAIN SELECT o.id, (SELECT COUNT(*) FROM prices p WHERE p.item = o.item) AS c FROM orders o;',
    () => undefined,
  );
  assert.ok(r && r.kind === 'ok');
  assert.match(r.message, /EXPR\$0=\[COALESCE\(\$5, 0:BIGINT NOT NULL\)\]/);
  assert.match(r.message, /LogicalJoin\(joinType=\[LEFT\], condition=\[=\(\$1, \$4\)\]\)/);
  assert.match(r.message, /LogicalAggregate\(group=\[\{0\}\], aggs=\[COUNT\(\)\]\)\n\s+LogicalProject\(item=\[\$0\]\)\n\s+LogicalFilter\(condition=\[IS NOT NULL\(\$0\)\]\)/);
  assert.match(r.message, /GroupAggregate\(groupBy=\[item\]/);
  assert.match(r.message, /Join\(joinType=\[LEFT\], where=\[item=item\]/);
  const [g] = await env.executeScript('EXPLAIN SELECT o.id, (SELECT COUNT(*) FROM orders i WHERE i.id < o.id) FROM orders o;', () => undefined);
  assert.ok(g && g.kind === 'ok');
  assert.match(g.message, /LogicalJoin\(joinType=\[LEFT\], condition=\[IS NOT DISTINCT FROM\(\$0, \$4\)\]\)/);
  assert.match(g.message, /LogicalJoin\(joinType=\[INNER\], condition=\[<\(\$0, \$4\)\]\)/);
  assert.match(g.message, /LogicalAggregate\(group=\[\{0\}\], aggs=\[\]\)/);
});

async function planError(q: string): Promise<WeirError> {
  const env = new TableEnvironment();
  await env.executeScript(ddl, () => undefined);
  try {
    await env.executeScript(q, () => undefined);
  } catch (err) {
    assert.ok(err instanceof WeirError, String(err));
    return err;
  }
  assert.fail(`no error for ${q}`);
}

void test('refusals name the subquery with a code and a position', async () => {
  const distinct = await planError('SELECT o.id,\n  (SELECT DISTINCT MAX(p.price) FROM prices p WHERE p.item = o.item GROUP BY p.price) FROM orders o;');
  assert.equal(distinct.code, 'UNSUPPORTED');
  assert.match(distinct.message, /Correlated scalar subqueries with DISTINCT and GROUP BY are not supported/);
  assert.deepEqual([distinct.span?.line, distinct.span?.column], [2, 3]);
  const rollup = await planError('SELECT o.id, (SELECT MAX(p.price) FROM prices p WHERE p.item = o.item GROUP BY ROLLUP(p.price)) FROM orders o;');
  assert.equal(rollup.code, 'UNSUPPORTED');
  assert.match(rollup.message, /GROUPING SETS, ROLLUP, CUBE/);
  const limited = await planError('SELECT o.id, (SELECT p.price FROM prices p WHERE p.item = o.item LIMIT 1) FROM orders o;');
  assert.equal(limited.code, 'UNSUPPORTED');
  assert.match(limited.message, /without WITH, ORDER BY, LIMIT/);
  const nested = await planError('SELECT o.id, (SELECT MAX(p.price) FROM prices p WHERE p.item = o.item AND EXISTS (SELECT * FROM orders x WHERE x.id = o.id)) FROM orders o;');
  assert.equal(nested.code, 'UNSUPPORTED');
  assert.match(nested.message, /may not refer to the outer query/);
  const inValue = await planError('SELECT o.id, (SELECT MAX(p.price) + (SELECT 1) FROM prices p WHERE p.item = o.item) FROM orders o;');
  assert.equal(inValue.code, 'UNSUPPORTED');
  assert.match(inValue.message, /Subqueries inside a correlated scalar subquery are not supported/);
  const columns = await planError('SELECT o.id, (SELECT p.item, p.price FROM prices p WHERE p.item = o.item) FROM orders o;');
  assert.match(columns.message, /exactly one column/);
  const typo = await planError('SELECT o.id, (SELECT nope FROM prices UNION ALL SELECT 1) FROM orders o;');
  assert.equal(typo.code, 'UNSUPPORTED');
  assert.match(typo.message, /set operations \(Column 'nope' not found in any table\)/);
  const missing = await planError('SELECT o.id, (SELECT MAX(p.nope) FROM prices p WHERE p.item = o.item) FROM orders o;');
  assert.equal(missing.code, 'COLUMN_NOT_FOUND');
});
