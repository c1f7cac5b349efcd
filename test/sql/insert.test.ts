/** INSERT INTO connector sinks, changelog checks against sinks, EXPLAIN. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TableEnvironment } from '../../src/api/table-environment.ts';
import { jsonFile } from '../helpers/run-sql.ts';

const input = () =>
  jsonFile([
    { k: 'a', v: 1 },
    { k: 'b', v: 2 },
    { k: 'a', v: 3 },
  ]);

async function exec(sql: string): Promise<TableEnvironment> {
  const env = new TableEnvironment();
  await env.executeScript(sql, () => undefined);
  return env;
}

test('INSERT INTO a filesystem sink writes committed, visible files', async () => {
  const out = mkdtempSync(path.join(tmpdir(), 'weir-sink-'));
  await exec(`
    CREATE TABLE src (k STRING, v INT) WITH ('connector' = 'filesystem', 'path' = '${input()}', 'format' = 'json');
    CREATE TABLE dst (k STRING, v2 BIGINT) WITH ('connector' = 'filesystem', 'path' = '${out}', 'format' = 'json');
    INSERT INTO dst SELECT k, v * 10 FROM src WHERE v > 1;`);
  const files = readdirSync(out).filter((f) => !f.startsWith('.'));
  assert.ok(files.length >= 1, 'a committed part file');
  const lines = files.flatMap((f) => readFileSync(path.join(out, f), 'utf8').trim().split('\n')).map((l) => JSON.parse(l));
  assert.deepEqual(lines, [
    { k: 'b', v2: 20 },
    { k: 'a', v2: 30 },
  ]);
});

test('an insert-only sink refuses an updating query, naming the node', async () => {
  const out = mkdtempSync(path.join(tmpdir(), 'weir-sink-'));
  await assert.rejects(
    exec(`
    CREATE TABLE src (k STRING, v INT) WITH ('connector' = 'filesystem', 'path' = '${input()}', 'format' = 'json');
    CREATE TABLE dst (k STRING, c BIGINT) WITH ('connector' = 'filesystem', 'path' = '${out}', 'format' = 'json');
    INSERT INTO dst SELECT k, COUNT(*) FROM src GROUP BY k;`),
    /Table sink 'default_catalog\.default_database\.dst' doesn't support consuming update changes which is produced by node GroupAggregate\(groupBy=\[k\]/,
  );
});

test('a changelog sink (debezium-json) takes an aggregation', async () => {
  const out = mkdtempSync(path.join(tmpdir(), 'weir-sink-'));
  await exec(`
    CREATE TABLE src (k STRING, v INT) WITH ('connector' = 'filesystem', 'path' = '${input()}', 'format' = 'json');
    CREATE TABLE dst (k STRING, c BIGINT) WITH ('connector' = 'filesystem', 'path' = '${out}', 'format' = 'debezium-json');
    INSERT INTO dst SELECT k, COUNT(*) FROM src GROUP BY k;`);
  const files = readdirSync(out).filter((f) => !f.startsWith('.'));
  const ops = files.flatMap((f) => readFileSync(path.join(out, f), 'utf8').trim().split('\n')).map((l) => JSON.parse(l).op);
  assert.ok(ops.includes('c') && ops.includes('d'), `ops: ${ops.join(',')}`);
});

test('EXPLAIN prints the plan and the job graph', async () => {
  const env = new TableEnvironment();
  await env.executeScript(`CREATE TABLE src (k STRING, v INT) WITH ('connector' = 'filesystem', 'path' = '${input()}', 'format' = 'json');`, () => undefined);
  const [r] = await env.executeScript(`EXPLAIN SELECT k, SUM(v) FROM src WHERE v > 0 GROUP BY k;`, () => undefined);
  assert.ok(r && r.kind === 'ok');
  assert.match(r.message, /== Abstract Syntax Tree ==\nLogicalProject/);
  assert.match(r.message, /LogicalAggregate\(group=\[\{0\}\], aggs=\[SUM\(\$1\)\]\)/);
  assert.match(r.message, /GroupAggregate\(groupBy=\[k\].*\(operator, parallelism=1\)/);
  assert.match(r.message, /-> \d+ \[hash\(0\)\]/);
});

test('SHOW TABLES and DESCRIBE answer from the catalog', async () => {
  const env = new TableEnvironment();
  const rs = await env.executeScript(
    `CREATE TABLE src (k STRING NOT NULL, v INT, w AS v + 1, PRIMARY KEY (k) NOT ENFORCED) WITH ('connector' = 'filesystem', 'path' = '${input()}', 'format' = 'json');
     SHOW TABLES; DESCRIBE src;`,
    () => undefined,
  );
  const show = rs[1]!;
  assert.ok(show.kind === 'table');
  assert.deepEqual(show.rows, [['src']]);
  const desc = rs[2]!;
  assert.ok(desc.kind === 'table');
  assert.deepEqual(desc.rows.map((r) => r.slice(0, 5)), [
    ['k', 'STRING', 'FALSE', 'PRI(k)', null],
    ['v', 'INT', 'TRUE', null, null],
    ['w', 'INT', 'TRUE', null, 'AS v + 1'],
  ]);
});
