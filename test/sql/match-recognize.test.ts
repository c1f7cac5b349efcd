/**
 * MATCH_RECOGNIZE end to end: each quantifier (greedy and reluctant), each
 * AFTER MATCH strategy, FIRST/LAST with offsets, aggregates, WITHIN, and the
 * constructs Flink refuses. Input: one partition, rowtime = second i + 1.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonFile, runSql } from '../helpers/run-sql.ts';

async function mr(prices: readonly number[], body: string, measures = 'FIRST(A.price) AS fa'): Promise<unknown[][]> {
  const rows = prices.map((p, i) => ({ sym: 'x', ts: `2020-01-01 00:00:${String(i + 1).padStart(2, '0')}.000`, price: p }));
  const path = jsonFile(rows);
  const out = await runSql(`
    CREATE TABLE T (sym STRING, ts TIMESTAMP(3), price INT, WATERMARK FOR ts AS ts) WITH ('connector' = 'filesystem', 'path' = '${path}', 'format' = 'json');
    SELECT * FROM T MATCH_RECOGNIZE (
      PARTITION BY sym ORDER BY ts
      MEASURES ${measures}
      ${body}
    ) AS M;`);
  for (const c of out) assert.equal(c.op, '+I');
  return out.map((c) => c.row.slice(1));
}

test('{n}: exactly n rows', async () => {
  assert.deepEqual(await mr([1, 2, 3, 9], `AFTER MATCH SKIP PAST LAST ROW PATTERN (A{2} B) DEFINE A AS price < 5, B AS price >= 5`, 'FIRST(A.price) AS fa, B.price AS b'), [[2, 9]]);
});

test('{n,}? reluctant: the next variable takes a row as soon as the minimum is reached', async () => {
  assert.deepEqual(await mr([1, 2, 3, 4], `AFTER MATCH SKIP PAST LAST ROW PATTERN (A{2,}? B) DEFINE A AS price < 5, B AS price < 5`, 'FIRST(A.price) AS fa, B.price AS b'), [[1, 3]]);
});

test('? optional variable', async () => {
  assert.deepEqual(
    await mr([1, 3, 1, 2, 3], `AFTER MATCH SKIP PAST LAST ROW PATTERN (A B? C) DEFINE A AS price = 1, B AS price = 2, C AS price = 3`, 'B.price AS b, C.price AS c'),
    [
      [null, 3],
      [2, 3],
    ],
  );
});

test('{n,m} greedy: up to m rows, then the follower (no greedy guard at the maximum)', async () => {
  assert.deepEqual(await mr([1, 1, 1, 1, 9], `AFTER MATCH SKIP PAST LAST ROW PATTERN (A{1,3} B) DEFINE A AS price < 5`, 'COUNT(A.price) AS n, B.price AS b'), [[3, 1]]);
});

test('{,m}: zero to m rows', async () => {
  assert.deepEqual(await mr([1, 2, 9], `AFTER MATCH SKIP PAST LAST ROW PATTERN (A{,2} B) DEFINE A AS price < 5, B AS price > 5`, 'COUNT(A.price) AS n, B.price AS b'), [[2, 9]]);
  assert.deepEqual(await mr([9], `AFTER MATCH SKIP PAST LAST ROW PATTERN (A{,2} B) DEFINE A AS price < 5, B AS price > 5`, 'COUNT(A.price) AS n, B.price AS b'), [[0, 9]]);
});

test('*? reluctant ends at the first row the follower accepts; greedy * over an undefined variable never lets go', async () => {
  const measures = 'C.price AS c';
  assert.deepEqual(await mr([1, 2, 6, 7], `AFTER MATCH SKIP PAST LAST ROW PATTERN (A B*? C) DEFINE A AS price = 1, C AS price >= 5`, measures), [[6]]);
  assert.deepEqual(await mr([1, 2, 6, 7], `AFTER MATCH SKIP PAST LAST ROW PATTERN (A B* C) DEFINE A AS price = 1, C AS price >= 5`, measures), []);
});

test('+ greedy with FIRST/LAST offsets and aggregates', async () => {
  const rows = await mr(
    [4, 2, 6, 1],
    `AFTER MATCH SKIP PAST LAST ROW PATTERN (A{3} B) DEFINE A AS price > 0`,
    'FIRST(A.price, 1) AS f1, LAST(A.price, 1) AS l1, LAST(A.price, 5) AS l5, MIN(A.price) AS mn, MAX(A.price) AS mx, AVG(A.price) AS av, SUM(A.price) AS sm, COUNT(*) AS c, LAST(price) AS lp',
  );
  assert.deepEqual(rows, [[2, 2, null, 2, 6, 4, 12, 4, 1]]);
});

test('AFTER MATCH SKIP TO NEXT ROW finds overlapping matches; PAST LAST ROW does not', async () => {
  const body = (skip: string): string => `AFTER MATCH ${skip} PATTERN (A B) DEFINE A AS price > 0, B AS price > 0`;
  assert.deepEqual(await mr([1, 2, 3], body('SKIP TO NEXT ROW')), [[1], [2]]);
  assert.deepEqual(await mr([1, 2, 3], body('SKIP PAST LAST ROW')), [[1]]);
  // the default is SKIP TO NEXT ROW
  assert.deepEqual(await mr([1, 2, 3], `PATTERN (A B) DEFINE A AS price > 0, B AS price > 0`), [[1], [2]]);
});

test('AFTER MATCH SKIP TO FIRST / LAST variable', async () => {
  const body = (skip: string): string => `AFTER MATCH ${skip} PATTERN (A B+? C) DEFINE A AS price >= 0`;
  assert.deepEqual(await mr([0, 1, 2, 3, 4], body('SKIP TO FIRST B'), 'A.price AS a, C.price AS c'), [
    [0, 2],
    [1, 3],
    [2, 4],
  ]);
  assert.deepEqual(await mr([0, 1, 2, 3, 4], body('SKIP TO LAST B'), 'A.price AS a, C.price AS c'), [
    [0, 2],
    [1, 3],
    [2, 4],
  ]);
  await assert.rejects(mr([1, 3], `AFTER MATCH SKIP TO FIRST B PATTERN (A B? C) DEFINE A AS price = 1, B AS price = 2, C AS price = 3`), /Could not skip to B/);
});

test('WITHIN discards partial matches that last too long', async () => {
  const body = (w: string): string => `AFTER MATCH SKIP PAST LAST ROW PATTERN (A B+? C) WITHIN INTERVAL '${w}' SECOND DEFINE A AS price = 1, B AS price = 2, C AS price = 3`;
  assert.deepEqual(await mr([1, 2, 3], body('3'), 'A.price AS a, C.price AS c'), [[1, 3]]);
  assert.deepEqual(await mr([1, 2, 3], body('2'), 'A.price AS a, C.price AS c'), []);
});

test('DEFINE sees the running aggregate including the current row', async () => {
  assert.deepEqual(await mr([10, 10, 5, 20, 1], `AFTER MATCH SKIP PAST LAST ROW PATTERN (A+ B) DEFINE A AS SUM(A.price) < 30`, 'SUM(A.price) AS s, B.price AS b'), [[25, 20]]);
});

test("constructs Flink refuses get Flink's messages", async () => {
  const refuse = async (body: string, msg: RegExp): Promise<void> => {
    await assert.rejects(mr([1], body), msg);
  };
  await refuse('PATTERN ((A | B) C) DEFINE A AS price > 0', /doesn't support branching patterns/);
  await refuse('PATTERN (PERMUTE(A, B)) DEFINE A AS price > 0', /doesn't support PERMUTE patterns/);
  await refuse('PATTERN (A B+) DEFINE A AS price > 0', /Greedy quantifiers are not allowed as the last element/);
  await refuse('PATTERN (A* B?) DEFINE A AS price > 0', /empty matches are not supported/);
  await refuse('PATTERN (A?? B) DEFINE A AS price > 0', /Reluctant optional variables are not supported yet/);
  await refuse('PATTERN (A (B C)+ D) DEFINE A AS price > 0', /Group patterns are not supported yet/);
  await refuse('PATTERN (A B) DEFINE A AS PREV(A.price) > 0', /physical offsets within partition/);
  await refuse('PATTERN (A A) DEFINE A AS price > 0', /Pattern variables must be unique/);
  await refuse('ALL ROWS PER MATCH PATTERN (A B) DEFINE A AS price > 0', /All rows per match mode is not supported yet/);
});

test('FINAL and RUNNING keywords, a partition column and MATCH_ROWTIME in MEASURES', async () => {
  const rows = await mr(
    [5, 3, 4],
    `AFTER MATCH SKIP PAST LAST ROW PATTERN (A B+? C) DEFINE A AS price = 5, C AS price = 4`,
    'FINAL LAST(B.price) AS lb, RUNNING COUNT(*) AS n, sym AS s, MATCH_ROWTIME() AS mt',
  );
  assert.deepEqual(rows, [[3, 3, 'x', '2020-01-01 00:00:03.000']]);
});

test('MATCH_PROCTIME() gives a processing-time attribute; MATCH_ROWTIME() needs a rowtime ORDER BY', async () => {
  const path = jsonFile([{ v: 1 }, { v: 2 }]);
  const out = await runSql(`
    CREATE TABLE P (v INT, pt AS PROCTIME()) WITH ('connector' = 'filesystem', 'path' = '${path}', 'format' = 'json');
    SELECT * FROM P MATCH_RECOGNIZE (ORDER BY pt MEASURES A.v AS a, B.v AS b, MATCH_PROCTIME() AS p PATTERN (A B) DEFINE A AS v = 1) AS M;`);
  assert.equal(out.length, 1);
  assert.deepEqual(out[0]!.row.slice(0, 2), [1, 2]);
  assert.match(String(out[0]!.row[2]), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
  await assert.rejects(
    runSql(`
    CREATE TABLE P (v INT, pt AS PROCTIME()) WITH ('connector' = 'filesystem', 'path' = '${path}', 'format' = 'json');
    SELECT * FROM P MATCH_RECOGNIZE (ORDER BY pt MEASURES MATCH_ROWTIME() AS r PATTERN (A B) DEFINE A AS v = 1) AS M;`),
    /MATCH_ROWTIME/,
  );
  await assert.rejects(
    runSql(`
    CREATE TABLE P (v INT, pt AS PROCTIME()) WITH ('connector' = 'filesystem', 'path' = '${path}', 'format' = 'json');
    SELECT * FROM P MATCH_RECOGNIZE (ORDER BY v MEASURES A.v AS a PATTERN (A B) DEFINE A AS v = 1) AS M;`),
    /rowtime or proctime/,
  );
});
