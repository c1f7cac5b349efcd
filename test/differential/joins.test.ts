/**
 * Differential: regular joins of two random inputs `t` and `u` (insert-only
 * json, and random insert/update/delete changelogs as debezium-json) through
 * Weir, against DuckDB over the final rows of both inputs: INNER, LEFT,
 * RIGHT, FULL, with non-equi predicates, several keys, no key, semi/anti
 * joins from [NOT] EXISTS / [NOT] IN, and a three-way join.
 *
 * DIFF_RUNS=n changes the number of runs per template (default 12 here);
 * DIFF_SEED=n fixes the seed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { finalRows, runSql } from '../helpers/run-sql.ts';
import { changelog, jsonRec, opsArb, tableArb, type Op, type Rec } from './harness.ts';

interface JoinTemplate {
  readonly name: string;
  readonly sql: string;
  readonly duck?: string;
}

const TEMPLATES: readonly JoinTemplate[] = [
  { name: 'INNER on k', sql: 'SELECT t.k, t.i, u.i, u.s FROM t JOIN u ON t.k = u.k' },
  { name: 'LEFT on k', sql: 'SELECT t.k, t.s, u.k, u.b FROM t LEFT JOIN u ON t.k = u.k' },
  { name: 'RIGHT on k', sql: 'SELECT t.i, t.m, u.k, u.s FROM t RIGHT JOIN u ON t.k = u.k' },
  { name: 'FULL on k', sql: 'SELECT t.k, t.i, u.k, u.i FROM t FULL OUTER JOIN u ON t.k = u.k' },
  { name: 'INNER with a non-equi predicate', sql: 'SELECT t.k, t.i, u.i FROM t JOIN u ON t.k = u.k AND t.i < u.i' },
  { name: 'LEFT with a non-equi predicate', sql: 'SELECT t.k, t.i, u.i, u.d FROM t LEFT JOIN u ON t.k = u.k AND t.i <= u.i' },
  { name: 'FULL with a non-equi predicate', sql: "SELECT t.s, t.k, u.k, u.s FROM t FULL JOIN u ON t.k = u.k AND t.s <> u.s" },
  { name: 'two keys of different types (INT = BIGINT, DECIMAL)', sql: 'SELECT t.i, u.b, t.m FROM t JOIN u ON t.i = u.b AND t.m = u.m' },
  { name: 'no equi key (comma join, WHERE)', sql: 'SELECT t.i, u.i FROM t, u WHERE t.i > u.i + 2' },
  { name: 'semi join: IN', sql: 'SELECT k, i, s FROM t WHERE k IN (SELECT k FROM u)' },
  { name: 'semi join: correlated EXISTS', sql: 'SELECT k, i FROM t WHERE EXISTS (SELECT * FROM u WHERE u.k = t.k AND u.i > t.i)' },
  { name: 'anti join: NOT EXISTS', sql: 'SELECT k, s FROM t WHERE NOT EXISTS (SELECT * FROM u WHERE u.k = t.k)' },
  { name: 'anti join: NOT IN (null-aware)', sql: 'SELECT k, i FROM t WHERE i NOT IN (SELECT i FROM u)' },
  {
    name: 'three-way join',
    sql: 'SELECT t.k, t.i, u.i, v.s FROM t JOIN u ON t.k = u.k LEFT JOIN u AS v ON u.i = v.i',
  },
  { name: 'aggregate over a FULL join', sql: 'SELECT t.k, COUNT(*), SUM(u.i) FROM t FULL JOIN u ON t.k = u.k GROUP BY t.k' },
  // inputs with unique keys (the join's state layouts: JoinKeyContainsUniqueKey, HasUniqueKey)
  {
    name: 'join key contains both unique keys (GROUP BY k on both sides)',
    sql: 'SELECT A.k, A.c, B.s FROM (SELECT k, COUNT(*) AS c FROM t GROUP BY k) A JOIN (SELECT k, MAX(s) AS s FROM u GROUP BY k) B ON A.k = B.k',
  },
  {
    name: 'LEFT: unique key (k, i) outside the join key k',
    sql: 'SELECT A.k, A.i, A.c, u.s FROM (SELECT k, i, COUNT(*) AS c FROM t GROUP BY k, i) A LEFT JOIN u ON A.k = u.k',
  },
  {
    name: 'FULL: both sides keyed by (i, k), joined on k with a non-equi predicate',
    sql: 'SELECT A.i, A.c, B.i, B.c FROM (SELECT i, k, SUM(b) AS c FROM t GROUP BY i, k) A FULL JOIN (SELECT i, k, COUNT(*) AS c FROM u GROUP BY i, k) B ON A.k = B.k AND A.i <> B.i',
  },
];

const COLUMNS = 'k INT, i INT, b BIGINT, d DOUBLE, m DECIMAL(10,2), s STRING';

function cents(c: bigint): string {
  const neg = c < 0n;
  const a = (neg ? -c : c).toString().padStart(3, '0');
  return `${neg ? '-' : ''}${a.slice(0, -2)}.${a.slice(-2)}`;
}

function sqlRec(r: Rec): string {
  const n = (v: unknown, t: string) => (v === null ? `CAST(NULL AS ${t})` : `CAST('${String(v)}' AS ${t})`);
  return `(${n(r.k, 'INTEGER')}, ${n(r.i, 'INTEGER')}, ${n(r.b, 'BIGINT')}, ${n(r.d, 'DOUBLE')}, ${r.m === null ? 'CAST(NULL AS DECIMAL(10,2))' : `CAST('${cents(r.m)}' AS DECIMAL(10,2))`}, ${r.s === null ? 'CAST(NULL AS VARCHAR)' : `'${r.s.replaceAll("'", "''")}'`})`;
}

function cte(name: string, rows: readonly Rec[]): string {
  const empty: Rec = { k: null, i: null, b: null, d: null, m: null, s: null };
  const values = (rows.length ? rows : [empty]).map(sqlRec).join(', ');
  return `${name} AS (SELECT * FROM (VALUES ${values}) AS v(k, i, b, d, m, s)${rows.length ? '' : ' WHERE false'})`;
}

function normalize(v: unknown, type: string): unknown {
  if (v === null || v === undefined) return null;
  if (/INT$/.test(type)) return BigInt(v as number | string).toString();
  if (type.startsWith('DECIMAL')) return typeof v === 'string' ? v : String(v);
  if (type === 'DOUBLE' || type === 'FLOAT') return typeof v === 'number' ? (v === 0 ? '0' : Number(v.toPrecision(12)).toString()) : v;
  return v;
}

let duck: Promise<DuckDBConnection> | undefined;
const duckdb = (): Promise<DuckDBConnection> => (duck ??= DuckDBInstance.create(':memory:', { threads: '1' }).then((db) => db.connect()));

let dir: string | undefined;
let fileNo = 0;
function writeInput(lines: readonly string[]): string {
  if (dir === undefined) {
    const d = mkdtempSync(path.join(tmpdir(), 'weir-diff-join-'));
    process.on('exit', () => rmSync(d, { recursive: true, force: true }));
    dir = d;
  }
  const p = path.join(dir, `in-${fileNo++}.json`);
  writeFileSync(p, lines.map((l) => l + '\n').join(''));
  return p;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

async function compare(t: JoinTemplate, format: string, tl: readonly string[], tf: readonly Rec[], ul: readonly string[], uf: readonly Rec[]): Promise<void> {
  const c = await duckdb();
  const r = await c.runAndReadAll(`WITH ${cte('t', tf)}, ${cte('u', uf)} ${t.duck ?? t.sql}`);
  const types = r.columnTypes().map(String);
  const expected = (r.getRowsJson() as Json[][]).map((row) => JSON.stringify(row.map((v, j) => normalize(v, types[j]!)))).sort();
  const tp = writeInput(tl);
  const up = writeInput(ul);
  const ddl = (name: string, p: string) => `CREATE TABLE ${name} (${COLUMNS}) WITH ('connector' = 'filesystem', 'path' = '${p}', 'format' = '${format}');\n`;
  const changes = await runSql(ddl('t', tp) + ddl('u', up) + t.sql + ';');
  const actual = finalRows(changes)
    .map((s) => JSON.stringify((JSON.parse(s) as unknown[]).map((v, j) => normalize(v, types[j] ?? '?'))))
    .sort();
  assert.deepEqual(actual, expected, `Weir and DuckDB differ\nquery: ${t.sql}\nt (${format}):\n${tl.join('\n')}\nu:\n${ul.join('\n')}`);
}

function params(): fc.Parameters<unknown> {
  const runs = Number(process.env.DIFF_RUNS ?? 12);
  const seed = process.env.DIFF_SEED === undefined ? undefined : Number(process.env.DIFF_SEED);
  return { numRuns: runs, ...(seed === undefined ? {} : { seed }), endOnFailure: false, interruptAfterTimeLimit: 20_000 };
}

for (const t of TEMPLATES) {
  void test(`join: ${t.name} (insert-only, json)`, () =>
    fc.assert(
      fc.asyncProperty(tableArb, tableArb, (a, b) => compare(t, 'json', a.map(jsonRec), a, b.map(jsonRec), b)),
      params() as fc.Parameters<[Rec[], Rec[]]>,
    ));
  void test(`join: ${t.name} (changelog, debezium-json)`, () =>
    fc.assert(
      fc.asyncProperty(tableArb, opsArb, tableArb, opsArb, async (a, aops, b, bops) => {
        const x = changelog(a, aops);
        const y = changelog(b, bops);
        await compare(t, 'debezium-json', x.lines, x.final, y.lines, y.final);
      }),
      params() as fc.Parameters<[Rec[], Op[], Rec[], Op[]]>,
    ));
}
