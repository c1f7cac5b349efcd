/**
 * Windows end to end (SQL → plan → runtime): window TVFs, window aggregation
 * (GROUP BY window_start, window_end), legacy group windows, late rows,
 * cascading windows, time attributes and PROCTIME().
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { finalRows, jsonFile, runSql } from '../helpers/run-sql.ts';
import { TableEnvironment } from '../../src/api/table-environment.ts';
import { QueryBinder } from '../../src/plan/binder/query-binder.ts';
import { parseQuery } from '../../src/sql/index.ts';
import { CollectSink, type CollectedRow } from '../../src/runtime/collect-sink.ts';
import { runJob } from '../../src/runtime/executor.ts';
import { explainRel } from '../../src/plan/explain.ts';

const bids = (): string =>
  jsonFile([
    { bidtime: '2020-04-15 08:05:00', price: 4, item: 'C', supplier: 's1' },
    { bidtime: '2020-04-15 08:07:00', price: 2, item: 'A', supplier: 's1' },
    { bidtime: '2020-04-15 08:09:00', price: 5, item: 'D', supplier: 's2' },
    { bidtime: '2020-04-15 08:11:00', price: 3, item: 'B', supplier: 's2' },
    { bidtime: '2020-04-15 08:13:00', price: 1, item: 'E', supplier: 's1' },
    { bidtime: '2020-04-15 08:17:00', price: 6, item: 'F', supplier: 's2' },
  ]);

const bidDdl = (p: string, emit = 'on-periodic'): string => `
  SET 'pipeline.auto-watermark-interval' = '1 h';
  CREATE TABLE Bid (bidtime TIMESTAMP(3), price DECIMAL(10, 2), item STRING, supplier STRING,
    WATERMARK FOR bidtime AS bidtime - INTERVAL '1' SECOND)
  WITH ('connector' = 'filesystem', 'path' = '${p}', 'format' = 'json', 'scan.watermark.emit.strategy' = '${emit}');`;

const rows = async (sql: string): Promise<string[]> => {
  const out = await runSql(sql);
  for (const c of out) assert.equal(c.op, '+I', 'window results are insert-only');
  return finalRows(out);
};

/** Runs the last query of `script` with the executor directly, returning rows and summed metrics. */
async function runWithMetrics(ddl: string, query: string): Promise<{ rows: CollectedRow[]; metrics: Record<string, number> }> {
  const env = new TableEnvironment();
  env.config.set('table.local-time-zone', 'UTC');
  await env.executeScript(ddl, () => undefined);
  const rel = new QueryBinder(env.catalog, env.bindEnv()).bindQuery(parseQuery(query));
  const collected: CollectedRow[] = [];
  const graph = env.buildGraph(rel, { kind: 'collect', name: 'collect', create: () => new CollectSink(collected) }, 'test');
  const res = await runJob(graph);
  const metrics: Record<string, number> = {};
  for (const n of res.nodes) for (const [k, v] of Object.entries(n.metrics)) metrics[k] = (metrics[k] ?? 0) + v;
  return { rows: collected, metrics };
}

void test('TUMBLE with named arguments in any order equals the positional call', async () => {
  const p = bids();
  const positional = await rows(`${bidDdl(p)}
    SELECT window_start, window_end, SUM(price) FROM TABLE(TUMBLE(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '10' MINUTES))
    GROUP BY window_start, window_end;`);
  const named = await rows(`${bidDdl(p)}
    SELECT window_start, window_end, SUM(price) FROM TABLE(TUMBLE(SIZE => INTERVAL '10' MINUTES, DATA => TABLE Bid, TIMECOL => DESCRIPTOR(bidtime)))
    GROUP BY window_start, window_end;`);
  assert.deepEqual(positional, ['["2020-04-15 08:00:00.000","2020-04-15 08:10:00.000","11.00"]', '["2020-04-15 08:10:00.000","2020-04-15 08:20:00.000","10.00"]']);
  assert.deepEqual(named, positional);
});

void test('window TVF output: window_time is a rowtime attribute, the descriptor column no longer is', async () => {
  const env = new TableEnvironment();
  await env.executeScript(bidDdl(bids()), () => undefined);
  const rel = new QueryBinder(env.catalog, env.bindEnv()).bindQuery(parseQuery(`SELECT * FROM TABLE(HOP(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '5' MINUTES, INTERVAL '10' MINUTES))`));
  const types = Object.fromEntries(rel.rowType.fields.map((f) => [f.name, f.type]));
  assert.equal(types.bidtime!.root, 'TIMESTAMP');
  assert.equal((types.bidtime as { timeKind?: string }).timeKind, undefined);
  assert.equal((types.window_time as { timeKind?: string }).timeKind, 'ROWTIME');
  assert.equal(types.window_start!.nullable, false);
  assert.match(explainRel(rel), /LogicalWindowTableFunction/);
});

void test('window aggregation: GROUPING SETS, CUBE, FILTER, COUNT DISTINCT, MIN/MAX/AVG', async () => {
  const p = bids();
  const sets = await rows(`${bidDdl(p)}
    SELECT window_start, supplier, COUNT(*), SUM(price) FILTER (WHERE price > 2), COUNT(DISTINCT supplier), MIN(item), MAX(price), AVG(price)
    FROM TABLE(TUMBLE(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '10' MINUTES))
    GROUP BY window_start, window_end, CUBE (supplier);`);
  assert.deepEqual(sets, [
    // AVG(DECIMAL(10, 2)) is DECIMAL(38, 6); COUNT(DISTINCT supplier) sees the supplier also in the grouping set without it
    '["2020-04-15 08:00:00.000","s1",2,"4.00",1,"A","4.00","3.000000"]',
    '["2020-04-15 08:00:00.000","s2",1,"5.00",1,"D","5.00","5.000000"]',
    '["2020-04-15 08:00:00.000",null,3,"9.00",2,"A","5.00","3.666667"]',
    '["2020-04-15 08:10:00.000","s1",1,null,1,"E","1.00","1.000000"]',
    '["2020-04-15 08:10:00.000","s2",2,"9.00",1,"B","6.00","4.500000"]',
    '["2020-04-15 08:10:00.000",null,3,"9.00",2,"B","6.00","3.333333"]',
  ].sort());
});

void test('HOP and CUMULATE aggregation share slices and give each window once', async () => {
  const p = bids();
  const hop = await rows(`${bidDdl(p)}
    SELECT window_start, window_end, COUNT(*), SUM(price) FROM TABLE(HOP(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '5' MINUTES, INTERVAL '10' MINUTES))
    GROUP BY window_start, window_end;`);
  assert.deepEqual(hop, [
    '["2020-04-15 08:00:00.000","2020-04-15 08:10:00.000",3,"11.00"]',
    '["2020-04-15 08:05:00.000","2020-04-15 08:15:00.000",5,"15.00"]',
    '["2020-04-15 08:10:00.000","2020-04-15 08:20:00.000",3,"10.00"]',
    '["2020-04-15 08:15:00.000","2020-04-15 08:25:00.000",1,"6.00"]',
  ]);
  const cum = await rows(`${bidDdl(p)}
    SELECT window_start, window_end, SUM(price) FROM TABLE(CUMULATE(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '4' MINUTES, INTERVAL '12' MINUTES, INTERVAL '2' MINUTES))
    GROUP BY window_start, window_end;`);
  assert.deepEqual(cum, [
    '["2020-04-15 08:02:00.000","2020-04-15 08:06:00.000","4.00"]',
    '["2020-04-15 08:02:00.000","2020-04-15 08:10:00.000","11.00"]',
    '["2020-04-15 08:02:00.000","2020-04-15 08:14:00.000","15.00"]',
    '["2020-04-15 08:14:00.000","2020-04-15 08:18:00.000","6.00"]',
    '["2020-04-15 08:14:00.000","2020-04-15 08:22:00.000","6.00"]',
    '["2020-04-15 08:14:00.000","2020-04-15 08:26:00.000","6.00"]',
  ]);
});

void test('cascading window aggregation: a TUMBLE over the window_time of a window aggregate', async () => {
  const p = bids();
  const out = await rows(`${bidDdl(p)}
    CREATE VIEW five AS SELECT window_start AS ws, window_end AS we, window_time AS rt, supplier, SUM(price) AS total
      FROM TABLE(TUMBLE(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '5' MINUTES))
      GROUP BY window_start, window_end, window_time, supplier;
    SELECT window_start, window_end, COUNT(*), SUM(total)
      FROM TABLE(TUMBLE(TABLE five, DESCRIPTOR(rt), INTERVAL '10' MINUTES))
      GROUP BY window_start, window_end;`);
  assert.deepEqual(out, [
    // [08:05, 08:10) for s1 and s2; [08:10, 08:15) for s1 and s2, [08:15, 08:20) for s2
    '["2020-04-15 08:00:00.000","2020-04-15 08:10:00.000",2,"11.00"]',
    '["2020-04-15 08:10:00.000","2020-04-15 08:20:00.000",3,"10.00"]',
  ]);
});

void test('legacy group windows: TUMBLE/HOP/SESSION with _START, _END, _ROWTIME', async () => {
  const p = bids();
  const tumble = await rows(`${bidDdl(p)}
    SELECT supplier, TUMBLE_START(bidtime, INTERVAL '10' MINUTE), TUMBLE_END(bidtime, INTERVAL '10' MINUTE), TUMBLE_ROWTIME(bidtime, INTERVAL '10' MINUTE), SUM(price)
    FROM Bid GROUP BY TUMBLE(bidtime, INTERVAL '10' MINUTE), supplier;`);
  assert.deepEqual(tumble, [
    '["s1","2020-04-15 08:00:00.000","2020-04-15 08:10:00.000","2020-04-15 08:09:59.999","6.00"]',
    '["s1","2020-04-15 08:10:00.000","2020-04-15 08:20:00.000","2020-04-15 08:19:59.999","1.00"]',
    '["s2","2020-04-15 08:00:00.000","2020-04-15 08:10:00.000","2020-04-15 08:09:59.999","5.00"]',
    '["s2","2020-04-15 08:10:00.000","2020-04-15 08:20:00.000","2020-04-15 08:19:59.999","9.00"]',
  ]);
  const hop = await rows(`${bidDdl(p)}
    SELECT HOP_START(bidtime, INTERVAL '5' MINUTE, INTERVAL '10' MINUTE), COUNT(*)
    FROM Bid GROUP BY HOP(bidtime, INTERVAL '5' MINUTE, INTERVAL '10' MINUTE);`);
  assert.deepEqual(hop, ['["2020-04-15 08:00:00.000",3]', '["2020-04-15 08:05:00.000",5]', '["2020-04-15 08:10:00.000",3]', '["2020-04-15 08:15:00.000",1]']);
  const session = await rows(`${bidDdl(p)}
    SELECT supplier, SESSION_START(bidtime, INTERVAL '3' MINUTE), SESSION_END(bidtime, INTERVAL '3' MINUTE), COUNT(*)
    FROM Bid GROUP BY SESSION(bidtime, INTERVAL '3' MINUTE), supplier;`);
  assert.deepEqual(session, [
    '["s1","2020-04-15 08:05:00.000","2020-04-15 08:10:00.000",2]',
    '["s1","2020-04-15 08:13:00.000","2020-04-15 08:16:00.000",1]',
    '["s2","2020-04-15 08:09:00.000","2020-04-15 08:14:00.000",2]',
    '["s2","2020-04-15 08:17:00.000","2020-04-15 08:20:00.000",1]',
  ]);
});

void test('late rows are dropped from fired windows and counted in numLateRecordsDropped', async () => {
  const p = jsonFile([
    { bidtime: '2020-04-15 08:01:00', price: 1, item: 'A', supplier: 's1' },
    { bidtime: '2020-04-15 08:12:00', price: 2, item: 'B', supplier: 's1' },
    { bidtime: '2020-04-15 08:03:00', price: 4, item: 'C', supplier: 's1' }, // window [08:00, 08:10) fired at watermark 08:11:59
    { bidtime: '2020-04-15 08:11:00', price: 8, item: 'D', supplier: 's1' },
  ]);
  const q = `SELECT window_start, SUM(price) FROM TABLE(TUMBLE(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '10' MINUTES)) GROUP BY window_start, window_end`;
  const { rows: got, metrics } = await runWithMetrics(bidDdl(p, 'on-event'), q);
  assert.deepEqual(got.map((r) => r.row.map(String)), [
    [String(Date.UTC(2020, 3, 15, 8, 0)), '100'],
    [String(Date.UTC(2020, 3, 15, 8, 10)), '1000'],
  ]);
  assert.equal(metrics.numLateRecordsDropped, 1);
});

void test('SESSION TVF: rows with their session; a late-enough row bridges two sessions', async () => {
  const p = jsonFile([
    { bidtime: '2020-04-15 08:00:00', price: 1, item: 'A', supplier: 's1' },
    { bidtime: '2020-04-15 08:10:00', price: 2, item: 'B', supplier: 's1' },
    { bidtime: '2020-04-15 08:06:00', price: 4, item: 'C', supplier: 's1' },
    { bidtime: '2020-04-15 08:03:00', price: 8, item: 'D', supplier: 's1' },
  ]);
  const out = await rows(`${bidDdl(p)}
    SELECT supplier, window_start, window_end, SUM(price) FROM TABLE(SESSION(TABLE Bid PARTITION BY supplier, DESCRIPTOR(bidtime), INTERVAL '4' MINUTES))
    GROUP BY supplier, window_start, window_end;`);
  assert.deepEqual(out, ['["s1","2020-04-15 08:00:00.000","2020-04-15 08:14:00.000","15.00"]']);
});

void test('PROCTIME(): a processing-time attribute; proctime TUMBLE windows fire by the clock', async () => {
  const p = bids();
  const env = new TableEnvironment();
  await env.executeScript(
    `CREATE TABLE P (price DECIMAL(10, 2), item STRING, pt AS PROCTIME()) WITH ('connector' = 'filesystem', 'path' = '${p}', 'format' = 'json');`,
    () => undefined,
  );
  const rel = new QueryBinder(env.catalog, env.bindEnv()).bindQuery(parseQuery('SELECT pt, item FROM P'));
  const pt = rel.rowType.fields[0]!.type as { root: string; timeKind?: string; nullable: boolean };
  assert.deepEqual([pt.root, pt.timeKind, pt.nullable], ['TIMESTAMP_LTZ', 'PROCTIME', false]);
  const before = Date.now();
  const out = await rows(`CREATE TABLE P (price DECIMAL(10, 2), item STRING, pt AS PROCTIME()) WITH ('connector' = 'filesystem', 'path' = '${p}', 'format' = 'json');
    SELECT COUNT(*), SUM(price), window_end > window_start FROM TABLE(TUMBLE(TABLE P, DESCRIPTOR(pt), INTERVAL '1' HOUR)) GROUP BY window_start, window_end;`);
  const total = out.map((r) => JSON.parse(r) as [number, string, boolean]).reduce((a, r) => a + r[0], 0);
  assert.equal(total, 6);
  assert.ok(Date.now() >= before);
});

void test('errors: non-time-attribute DESCRIPTOR, user table functions, window columns only as keys', async () => {
  const p = bids();
  await assert.rejects(
    runSql(`CREATE TABLE T (ts TIMESTAMP(3), v INT) WITH ('connector' = 'filesystem', 'path' = '${p}', 'format' = 'json');
      SELECT * FROM TABLE(TUMBLE(TABLE T, DESCRIPTOR(ts), INTERVAL '1' MINUTE));`),
    /requires the timecol is a time attribute type, but is TIMESTAMP\(3\)/,
  );
  await assert.rejects(runSql(`${bidDdl(p)} SELECT * FROM TABLE(my_split(TABLE Bid));`), /process table functions are not supported yet/);
  await assert.rejects(
    runSql(`${bidDdl(p)} SELECT * FROM TABLE(TUMBLE(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '1' MINUTE, OFFSET => INTERVAL '1' MINUTE));`),
    /must be named when one is/,
  );
  await assert.rejects(
    runSql(`${bidDdl(p)} SELECT * FROM TABLE(CUMULATE(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '4' MINUTE, INTERVAL '10' MINUTE));`),
    /integral multiple of step/,
  );
});

void test('CURRENT_WATERMARK(rowtime): NULL before the first watermark, then the watermark; filters late rows', async () => {
  const p = jsonFile([
    { bidtime: '2020-04-15 08:01:00', price: 1, item: 'A', supplier: 's1' },
    { bidtime: '2020-04-15 08:05:00', price: 2, item: 'B', supplier: 's1' },
    { bidtime: '2020-04-15 08:02:00', price: 4, item: 'C', supplier: 's1' },
  ]);
  const out = await runSql(`${bidDdl(p, 'on-event')}
    SELECT item, CURRENT_WATERMARK(bidtime), bidtime > CURRENT_WATERMARK(bidtime) FROM Bid;`);
  assert.deepEqual(
    out.map((c) => c.row),
    [
      ['A', null, null],
      ['B', '2020-04-15 08:00:59.000', true],
      ['C', '2020-04-15 08:04:59.000', false],
    ],
  );
  await assert.rejects(runSql(`${bidDdl(p)} SELECT CURRENT_WATERMARK(price) FROM Bid;`), /must be a rowtime attribute/);
});
