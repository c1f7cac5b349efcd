/** parallelism.default (and table.exec.resource.default-parallelism) set the parallelism of a SQL job's scans and keyed operators. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TableEnvironment } from '../../src/api/table-environment.ts';
import { runSql, finalRows } from '../helpers/run-sql.ts';

const DDL = `
CREATE TABLE g (id BIGINT, k AS id % 5, ts AS TO_TIMESTAMP_LTZ(id * 100, 3), WATERMARK FOR ts AS ts) WITH ('connector' = 'datagen',
  'rows-per-second' = '100000000', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '3000');`;

async function explain(settings: string, query: string): Promise<string[]> {
  const env = new TableEnvironment();
  const rs = await env.executeScript(`${settings}${DDL}\nEXPLAIN ${query};`, () => undefined);
  const r = rs[rs.length - 1]!;
  assert.equal(r.kind, 'ok');
  return (r as { message: string }).message.split('\n').filter((l) => /parallelism=\d+/.test(l));
}

const par = (lines: string[], name: string): number[] => lines.filter((l) => l.includes(name)).map((l) => Number(/parallelism=(\d+)/.exec(l)![1]));

void test('scans and keyed operators run at parallelism.default; single-input operators, VALUES and sinks at 1', async () => {
  const lines = await explain(`SET 'parallelism.default' = '3';`, 'SELECT k, COUNT(*) FROM g GROUP BY k');
  assert.deepEqual(par(lines, 'TableSourceScan'), [3]);
  assert.deepEqual(par(lines, 'GroupAggregate'), [3]);
  assert.deepEqual(par(lines, 'Sink('), [1]);
  // a global aggregate has a single input: 1
  assert.deepEqual(par(await explain(`SET 'parallelism.default' = '3';`, 'SELECT COUNT(*) FROM g'), 'GroupAggregate'), [1]);
  // the table option overrides the job's default; -1 defers to it
  assert.deepEqual(par(await explain(`SET 'parallelism.default' = '3';\nSET 'table.exec.resource.default-parallelism' = '2';`, 'SELECT k, COUNT(*) FROM g GROUP BY k'), 'GroupAggregate'), [2]);
  assert.deepEqual(par(await explain(`SET 'table.exec.resource.default-parallelism' = '-1';`, 'SELECT k, COUNT(*) FROM g GROUP BY k'), 'GroupAggregate'), [1]);
  await assert.rejects(explain(`SET 'parallelism.default' = 'two';`, 'SELECT k FROM g'), /Could not parse value 'two' for key 'parallelism.default'/);
});

void test('the same rows at parallelism 1 and 3 (group and window aggregation)', async () => {
  const q = `SELECT k, COUNT(*) AS c, SUM(id) AS s FROM g GROUP BY k;`;
  const w = `SELECT window_start, k, COUNT(*) AS c, MAX(id) AS m FROM TABLE(HOP(TABLE g, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '15' SECOND)) GROUP BY window_start, window_end, k;`;
  for (const query of [q, w]) {
    const one = finalRows(await runSql(`SET 'parallelism.default' = '1';${DDL}\n${query}`));
    const three = finalRows(await runSql(`SET 'parallelism.default' = '3';${DDL}\n${query}`));
    assert.ok(one.length > 0);
    assert.deepEqual(three, one);
  }
});
