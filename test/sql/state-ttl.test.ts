/**
 * State TTL through SQL: `table.exec.state.ttl` and the STATE_TTL query hint
 * (Flink 1.18+) for regular joins (per input) and group aggregations; the
 * hint's resolution rules and errors; EXPLAIN; and which stateful operators
 * the planner gives the TTL. Expiry itself is checked on the planned
 * operators (the job graph's own instances) in the operator harness, with
 * its processing-time clock, so nothing waits.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { finalRows, jsonFile, runSql } from '../helpers/run-sql.ts';
import { TableEnvironment } from '../../src/api/table-environment.ts';
import { QueryBinder } from '../../src/plan/binder/query-binder.ts';
import { parseQuery } from '../../src/sql/index.ts';
import { WeirError } from '../../src/common/error.ts';
import type { SinkWriter } from '../../src/runtime/sink.ts';
import { OperatorHarness } from '../../src/runtime/operators/harness.ts';
import type { OperatorNode } from '../../src/runtime/graph.ts';

const O = jsonFile([
  { o_id: 1, cust: 10, amount: 5 },
  { o_id: 2, cust: 20, amount: 7 },
  { o_id: 3, cust: 10, amount: 1 },
]);
const C = jsonFile([{ c_id: 10, name: 'ann' }, { c_id: 30, name: 'cy' }]);
const ddl = `CREATE TABLE orders (o_id INT, cust INT, amount INT) WITH ('connector'='filesystem','path'='${O}','format'='json');
CREATE TABLE customers (c_id INT, name STRING) WITH ('connector'='filesystem','path'='${C}','format'='json');
CREATE TABLE t3 (k INT, v STRING) WITH ('connector'='filesystem','path'='${C}','format'='json');
CREATE TABLE orders_pt (o_id INT, cust INT, amount INT, pt AS PROCTIME()) WITH ('connector'='filesystem','path'='${O}','format'='json');
CREATE TABLE cdc (id INT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector'='filesystem','path'='${C}','format'='debezium-json');
CREATE VIEW big_orders AS SELECT * FROM orders WHERE amount > 2;
`;

const nullWriter: SinkWriter = {
  open: () => Promise.resolve(),
  write: () => undefined,
  needsFlush: () => false,
  flush: () => Promise.resolve(),
  finish: () => Promise.resolve(),
  close: () => Promise.resolve(),
};

async function env(config: Record<string, string> = {}): Promise<TableEnvironment> {
  const e = new TableEnvironment();
  e.config.set('table.local-time-zone', 'UTC');
  for (const [k, v] of Object.entries(config)) e.config.set(k, v);
  await e.executeScript(ddl, () => undefined);
  return e;
}

async function explain(sql: string, config: Record<string, string> = {}): Promise<string> {
  const e = await env(config);
  const [r] = await e.executeScript(`EXPLAIN ${sql}`, () => undefined);
  assert.ok(r && r.kind === 'ok');
  return r.message;
}

/** The planned operator whose job-graph name starts with `prefix`, in a harness (processing time: `h.now`). */
async function planned(sql: string, prefix: string, config: Record<string, string> = {}): Promise<{ h: OperatorHarness; name: string }> {
  const e = await env(config);
  const rel = new QueryBinder(e.catalog, e.bindEnv()).bindQuery(parseQuery(sql));
  const graph = e.buildGraph(rel, { kind: 'collect', name: 'collect', create: () => nullWriter }, 'test');
  const node = graph.nodes.find((n): n is OperatorNode => n.kind === 'operator' && n.name.startsWith(prefix));
  assert.ok(node, `no ${prefix} in ${graph.nodes.map((n) => n.name).join('; ')}`);
  return { h: new OperatorHarness(node.create(0)), name: node.name };
}

async function planError(sql: string, config: Record<string, string> = {}): Promise<WeirError> {
  const e = await env(config);
  try {
    await e.executeScript(sql, () => undefined);
  } catch (err) {
    assert.ok(err instanceof WeirError, String(err));
    return err;
  }
  assert.fail(`expected an error: ${sql}`);
}

void test('STATE_TTL on a join: each input gets the TTL of the key naming it (alias or table name) and expires with it', async () => {
  const sql = "SELECT /*+ STATE_TTL('o' = '1s', 'customers' = '5 s') */ o.o_id, customers.name FROM orders o LEFT JOIN customers ON o.cust = customers.c_id";
  const { h, name } = await planned(sql, 'Join(', { 'table.exec.state.ttl': '1 h' });
  assert.match(name, /stateTtlHints=\[LEFT=1s, RIGHT=5 s\]\)$/);
  h.process([[1, 10, 5]], ['+I'], 0);
  h.process([[20, 'bo']], ['+I'], 1);
  h.now = 2000;
  h.process([[10, 'ann']], ['+I'], 1); // order 1 (left, 1 s) has expired: nothing to join
  h.process([[2, 20, 7]], ['+I'], 0); // customer 20 (right, 5 s) is alive
  h.now = 5000;
  h.process([[3, 20, 1]], ['+I'], 0); // customer 20 written at 0: expired
  assert.deepEqual(h.take(), ['+I[1, 10, 5, null, null]', '+I[2, 20, 7, 20, bo]', '+I[3, 20, 1, null, null]']);
  const plan = await explain(sql);
  assert.match(plan, /LogicalJoin\(joinType=\[LEFT\], condition=\[=\(\$1, \$3\)\], stateTtlHints=\[LEFT=1s, RIGHT=5 s\]\)/);
  assert.match(plan, /Join\(joinType=\[LEFT\], where=\[cust=c_id\], .*stateTtlHints=\[LEFT=1s, RIGHT=5 s\]\)/);
});

void test('a side the hint does not name keeps table.exec.state.ttl; a hint of 0 keeps that side forever', async () => {
  const { h, name } = await planned("SELECT /*+ STATE_TTL('customers' = '0 s') */ * FROM orders JOIN customers ON cust = c_id", 'Join(', { 'table.exec.state.ttl': '1 s' });
  assert.match(name, /stateTtlHints=\[RIGHT=0 s\]/);
  h.process([[10, 'ann']], ['+I'], 1);
  h.process([[1, 10, 5]], ['+I'], 0);
  h.now = 100_000;
  h.process([[2, 10, 7]], ['+I'], 0); // the customer never expires
  h.process([[10, 'ann2']], ['+I'], 1); // order 1 expired (1 s); order 2 is new
  assert.deepEqual(h.take(), ['+I[1, 10, 5, 10, ann]', '+I[2, 10, 7, 10, ann]', '+I[2, 10, 7, 10, ann2]']);
});

void test('STATE_TTL on a group aggregation overrides table.exec.state.ttl; an expired group starts again with +I', async () => {
  const sql = "SELECT /*+ STATE_TTL('orders' = '1s') */ cust, COUNT(*), SUM(amount) FROM orders GROUP BY cust";
  const { h, name } = await planned(sql, 'GroupAggregate(', { 'table.exec.state.ttl': '1 d' });
  assert.match(name, /stateTtlHints=\[INPUT=1s\]\)$/);
  // the aggregation's input: [cust, amount]
  h.process([[10, 5]]);
  h.now = 999;
  h.process([[10, 7]]);
  h.now = 1999;
  h.process([[10, 1]]);
  assert.deepEqual(h.take(), ['+I[10, 1, 5]', '-U[10, 1, 5]', '+U[10, 2, 12]', '+I[10, 1, 1]']);
  assert.match(await explain(sql), /LogicalAggregate\(group=\[\{0\}\], aggs=\[COUNT\(\), SUM\(\$2\)\], stateTtlHints=\[INPUT=1s\]\)/);
  // by alias, through WHERE, and a view's name
  assert.match((await planned("SELECT /*+ STATE_TTL('x' = '2h') */ cust, COUNT(*) FROM orders x WHERE amount > 0 GROUP BY cust", 'GroupAggregate(')).name, /INPUT=2h/);
  assert.match((await planned("SELECT /*+ STATE_TTL('big_orders' = '3h') */ cust, COUNT(*) FROM big_orders GROUP BY cust", 'GroupAggregate(')).name, /INPUT=3h/);
});

void test('cascaded joins: a nested join is an unnamed input; hints reach each join of the block', async () => {
  const sql = "SELECT /*+ STATE_TTL('orders' = '1d', 'customers' = '2d', 't3' = '3d') */ * FROM orders JOIN customers ON cust = c_id JOIN t3 ON c_id = k";
  const plan = await explain(sql);
  assert.match(plan, /LogicalJoin\(joinType=\[INNER\], condition=\[=\(\$3, \$5\)\], stateTtlHints=\[RIGHT=3d\]\)/);
  assert.match(plan, /LogicalJoin\(joinType=\[INNER\], condition=\[=\(\$1, \$3\)\], stateTtlHints=\[LEFT=1d, RIGHT=2d\]\)/);
  // a join feeding an aggregation: the aggregation's input is the join (no name), the join takes the hint
  const agg = await explain("SELECT /*+ STATE_TTL('orders' = '1d', 'customers' = '2d') */ name, SUM(amount) FROM orders JOIN customers ON cust = c_id GROUP BY name");
  assert.match(agg, /LogicalAggregate\(group=\[\{0\}\], aggs=\[SUM\(\$2\)\]\)/);
  assert.match(agg, /stateTtlHints=\[LEFT=1d, RIGHT=2d\]/);
});

void test("several hints: within one the last value of a key counts, across hints the first naming a side wins (Flink's merge)", async () => {
  const plan = await explain("SELECT /*+ STATE_TTL('customers' = '2d', 't3' = '3d'), STATE_TTL('orders' = '1d', 'customers' = '8d') */ * FROM orders, customers, t3 WHERE cust = c_id AND c_id = k");
  assert.match(plan, /stateTtlHints=\[LEFT=1d, RIGHT=2d\]/);
  assert.match(plan, /stateTtlHints=\[RIGHT=3d\]/);
  assert.match(await explain("SELECT /*+ STATE_TTL('customers' = '2d', 'customers' = '1d') */ * FROM orders JOIN customers ON cust = c_id"), /stateTtlHints=\[RIGHT=1d\]/);
});

void test('the hint stays in its query block: not into views or subqueries, not out of them', async () => {
  const inner = await explain("SELECT * FROM customers JOIN (SELECT /*+ STATE_TTL('orders' = '4d') */ cust, COUNT(*) AS n FROM orders GROUP BY cust) t ON c_id = t.cust");
  assert.match(inner, /aggs=\[COUNT\(\)\], stateTtlHints=\[INPUT=4d\]/);
  assert.doesNotMatch(inner, /LogicalJoin[^\n]*stateTtlHints/);
  const outer = await explain("SELECT /*+ STATE_TTL('t' = '5d') */ * FROM customers JOIN (SELECT cust, COUNT(*) AS n FROM orders GROUP BY cust) t ON c_id = t.cust");
  assert.match(outer, /LogicalJoin[^\n]*stateTtlHints=\[RIGHT=5d\]/);
  assert.doesNotMatch(outer, /LogicalAggregate[^\n]*stateTtlHints/);
  const e = await planError("SELECT /*+ STATE_TTL('orders' = '1d') */ * FROM customers JOIN (SELECT * FROM orders JOIN t3 ON cust = k) x ON c_id = x.cust");
  assert.equal(e.message, 'The options of following hints cannot match the name of input tables or views: \n`orders` in `STATE_TTL`');
});

void test("bad hints: unknown names, invalid durations, no options, a name of both sides (Flink's messages, with the position)", async () => {
  const unknown = await planError("SELECT /*+ STATE_TTL('o' = '1d', 'nope' = '1d', 'gone' = '2d') */ * FROM orders o JOIN customers c ON o.cust = c.c_id");
  assert.equal(unknown.code, 'INVALID_HINT');
  assert.equal(unknown.message, 'The options of following hints cannot match the name of input tables or views: \n`nope, gone` in `STATE_TTL`');
  assert.deepEqual([unknown.span?.line, unknown.span?.column], [1, 12]);
  const aggUnknown = await planError("SELECT /*+ STATE_TTL('customers' = '1d') */ cust, COUNT(*) FROM orders GROUP BY cust");
  assert.match(aggUnknown.message, /`customers` in `STATE_TTL`/);
  const bad = await planError("SELECT /*+ STATE_TTL('orders' = '1 fortnight') */ cust, COUNT(*) FROM orders GROUP BY cust");
  assert.equal(bad.code, 'INVALID_HINT');
  assert.match(bad.message, /^Invalid STATE_TTL hint value '1 fortnight' for 'orders': Time interval unit label 'fortnight' does not match any of the recognized units/);
  assert.deepEqual([bad.span?.line, bad.span?.column], [1, 22]);
  const neg = await planError("SELECT /*+ STATE_TTL('orders' = '-1 h') */ cust, COUNT(*) FROM orders GROUP BY cust");
  assert.match(neg.message, /text does not start with a number/);
  const empty = await planError('SELECT /*+ STATE_TTL() */ * FROM orders JOIN customers ON cust = c_id');
  assert.equal(empty.message, 'Invalid STATE_TTL hint, expecting at least one key-value options specified.');
  const both = await planError("SELECT /*+ STATE_TTL('orders' = '1d') */ * FROM orders JOIN orders ON TRUE");
  assert.match(both.message, /^Ambitious option: orders in state ttl hint: STATE_TTL, the input relations are: orders, orders$/);
});

void test('a hint on a block without joins or aggregations is ignored, as in Flink; a hinted query runs end to end', async () => {
  assert.deepEqual(finalRows(await runSql(`${ddl} SELECT /*+ STATE_TTL('nothing' = 'x') */ o_id FROM orders WHERE amount > 4;`)), ['[1]', '[2]']);
  const out = await runSql(`${ddl} SET 'table.exec.state.ttl' = '1 h';
    SELECT /*+ STATE_TTL('o' = '1 d', 'c' = '12 h') */ c.name, SUM(o.amount) FROM orders o JOIN customers c ON o.cust = c.c_id GROUP BY c.name;`);
  assert.deepEqual(finalRows(out), ['["ann",6]']);
});

void test('table.exec.state.ttl reaches the other stateful operators: SELECT DISTINCT, UNION, Top-N, INTERSECT/EXCEPT, OVER, deduplication, ChangelogNormalize, semi joins', async () => {
  const cfg = { 'table.exec.state.ttl': '1 s' };
  // SELECT DISTINCT is a group aggregation: an expired row comes out again
  const distinct = (await planned('SELECT DISTINCT cust FROM orders', 'GroupAggregate(', cfg)).h;
  distinct.process([[10]]);
  distinct.now = 500;
  distinct.process([[10]]);
  distinct.now = 1500;
  distinct.process([[10]]); // written at 500 (OnCreateAndWrite: the second row wrote the count)
  distinct.now = 2499;
  distinct.process([[10]]); // written at 1500: alive
  assert.deepEqual(distinct.take(), ['+I[10]', '+I[10]']);
  // and so is UNION (distinct)
  const union = (await planned('SELECT cust FROM orders UNION SELECT c_id FROM customers', 'GroupAggregate(', cfg)).h;
  union.process([[10]]);
  union.now = 1000;
  union.process([[10]]);
  assert.deepEqual(union.take(), ['+I[10]', '+I[10]']);
  // Top-N
  const top = (await planned('SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY cust ORDER BY amount DESC) AS rn FROM orders) WHERE rn <= 1', 'Rank(', cfg)).h;
  top.process([[1, 10, 5]]);
  top.process([[2, 10, 3]]);
  top.now = 1000;
  top.process([[3, 10, 2]]);
  assert.deepEqual(top.take(), ['+I[1, 10, 5, 1]', '+I[3, 10, 2, 1]']);
  // INTERSECT / EXCEPT
  const minus = (await planned('SELECT cust FROM orders EXCEPT SELECT c_id FROM customers', 'Minus(', cfg)).h;
  minus.process([[10]], ['+I'], 1);
  minus.now = 1000;
  minus.process([[10]], ['+I'], 0); // the right side's 10 expired
  assert.deepEqual(minus.take(), ['+I[10]']);
  assert.ok((await planned('SELECT cust FROM orders INTERSECT SELECT c_id FROM customers', 'Intersect(', cfg)).h);
  // OVER (processing time, unbounded): the partition's accumulators
  const over = (await planned('SELECT o_id, COUNT(*) OVER (PARTITION BY cust ORDER BY pt) FROM orders_pt', 'OverAggregate(', cfg)).h;
  over.process([[1, 10, 5, 0], [2, 10, 7, 0]]);
  over.now = 1000;
  over.process([[3, 10, 1, 1000]]);
  assert.deepEqual(over.take(), ['+I[1, 10, 5, 0, 1]', '+I[2, 10, 7, 0, 2]', '+I[3, 10, 1, 1000, 1]']);
  // deduplication (keep first row per key on processing time)
  const dedup = (await planned('SELECT o_id, cust FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY cust ORDER BY pt) AS rn FROM orders_pt) WHERE rn = 1', 'Deduplicate(', cfg)).h;
  dedup.process([[1, 10, 5, 0], [2, 10, 7, 0]]);
  dedup.now = 1000;
  dedup.process([[3, 10, 1, 1000]]);
  assert.deepEqual(dedup.take(), ['+I[1, 10, 5, 0]', '+I[3, 10, 1, 1000]']);
  // ChangelogNormalize of a CDC source with a primary key
  const norm = (await planned('SELECT * FROM cdc', 'ChangelogNormalize(', cfg)).h;
  norm.changelog([['+I', [1, 'a']]]);
  norm.now = 1000;
  norm.changelog([['+U', [1, 'b']]]);
  assert.deepEqual(norm.take(), ['+I[1, a]', '+I[1, b]']);
  // semi/anti joins of IN / EXISTS subqueries
  const semi = (await planned('SELECT * FROM orders WHERE cust IN (SELECT c_id FROM customers)', 'Join(joinType=[SEMI]', cfg)).h;
  semi.process([[10]], ['+I'], 1);
  semi.process([[1, 10, 5]], ['+I'], 0);
  semi.now = 1000;
  semi.process([[2, 10, 7]], ['+I'], 0);
  assert.deepEqual(semi.take(), ['+I[1, 10, 5]']);
  // without the option nothing expires
  const forever = (await planned('SELECT cust FROM orders EXCEPT SELECT c_id FROM customers', 'Minus(')).h;
  forever.process([[10]], ['+I'], 1);
  forever.now = 1e12;
  forever.process([[10]], ['+I'], 0);
  assert.deepEqual(forever.take(), []);
});

void test('with a TTL that does not expire, results are those without one, on the heap and the on-disk backend (small cache)', async () => {
  const rows = Array.from({ length: 3000 }, (_, i) => ({ k: `k${(i * 7919) % 500}`, g: i % 7, v: (i * 37) % 101 }));
  const p = jsonFile(rows);
  const script = (settings: string): string => `${settings}
    CREATE TABLE t (k STRING, g INT, v INT) WITH ('connector'='filesystem','path'='${p}','format'='json');
    SELECT /*+ STATE_TTL('x' = '2 h', 'y' = '3 h') */ x.g, COUNT(*), SUM(y.m)
    FROM (SELECT * FROM (SELECT k, g, v, ROW_NUMBER() OVER (PARTITION BY k ORDER BY v DESC) AS rn FROM t) WHERE rn <= 2) x
    JOIN (SELECT k, MAX(v) AS m FROM t GROUP BY k INTERSECT SELECT k, MAX(v) FROM t WHERE g > 0 GROUP BY k) y ON x.k = y.k
    GROUP BY x.g;`;
  const reference = finalRows(await runSql(script('')));
  assert.equal(reference.length, 7);
  for (const backend of ['hashmap', 'lmdb']) {
    const settings = `SET 'table.exec.state.ttl' = '1 h'; SET 'state.backend.type' = '${backend}'; SET 'state.backend.lmdb.cache.entries' = '16';`;
    assert.deepEqual(finalRows(await runSql(script(settings))), reference, backend);
  }
});
