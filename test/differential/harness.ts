/**
 * Differential testing against DuckDB: fast-check generates small random
 * tables (insert-only, as JSON lines) and random changelogs (debezium-json:
 * inserts, updates of existing rows as -U/+U, deletes of existing rows). Each
 * query template runs through Weir (the real SQL path, `runSql`) and through
 * DuckDB over the final state of the input; the final multisets must match.
 *
 * Values are normalized by DuckDB's result column type: integers as exact
 * digit strings, DECIMAL as the string with its scale, DOUBLE to 12
 * significant digits. Templates avoid the places where Flink and DuckDB
 * legitimately differ (integer `/`, AVG of integers, CAST of fractions to
 * integers, overflow, CHAR padding, CONCAT with NULL).
 *
 * DIFF_RUNS=n changes the number of runs per template (default 25);
 * DIFF_SEED=n fixes the seed. Each test file has a time budget
 * (DIFF_BUDGET_MS, default 25 s, shared by its templates; see define.ts): on
 * an overloaded machine a template runs fewer cases and says so, rather than
 * the suite growing without bound.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { finalRows, runSql } from '../helpers/run-sql.ts';

export interface Rec {
  k: number | null;
  i: number | null;
  b: bigint | null;
  d: number | null;
  /** DECIMAL(10,2) as unscaled cents */
  m: bigint | null;
  s: string | null;
}

export interface Template {
  readonly name: string;
  /** Flink SQL over table `t`; also DuckDB's unless `duck` is given */
  readonly sql: string;
  readonly duck?: string;
  /** an aggregate without GROUP BY: Flink's streaming aggregate emits no row for an empty input */
  readonly global?: boolean;
  /** a known Weir bug: the test is reported as todo instead of failing */
  readonly todo?: string;
}

// ------------------------------------------------------------------ generators

const BIG = [0n, 1n, -1n, 2n ** 53n, 2n ** 53n + 1n, -(2n ** 53n) - 1n, 9007199254740993n, 2n ** 60n - 1n, -(2n ** 60n)];
const CENTS = [0n, 1n, -1n, 150n, -225n, 10000n, 1050n, -1050n, 9999999999n, -9999999999n];
// LIKE and regex specials, JSON escapes, a non-ASCII letter (BMP: same order in UTF-16 and UTF-8)
const ALPHABET = ['a', 'b', 'c', 'A', 'B', '%', '_', ' ', '1', '.', '*', '(', '\\', '"', 'é'];

const nullable = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(a, { freq: 5, nil: null });

export const recArb: fc.Arbitrary<Rec> = fc.record({
  k: nullable(fc.integer({ min: 0, max: 3 })),
  i: nullable(fc.oneof({ arbitrary: fc.integer({ min: -6, max: 6 }), weight: 3 }, { arbitrary: fc.integer({ min: -1000, max: 1000 }), weight: 1 })),
  // |b| <= 2^60 so that sums over a small table stay inside BIGINT (Flink wraps, DuckDB widens)
  b: nullable(fc.oneof(fc.constantFrom(...BIG), fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }), fc.bigInt({ min: -5n, max: 5n }))),
  // quarters: sums are exact in any order
  d: nullable(fc.oneof(fc.integer({ min: -8, max: 8 }), fc.integer({ min: -4_000_000, max: 4_000_000 })).map((q) => q / 4)),
  m: nullable(fc.oneof(fc.constantFrom(...CENTS), fc.bigInt({ min: -9999999999n, max: 9999999999n }))),
  s: nullable(fc.array(fc.constantFrom(...ALPHABET), { maxLength: 4 }).map((a) => a.join(''))),
});

/** Values from tiny domains: duplicate rows, equal keys and ties (MIN/MAX and DISTINCT under retraction). */
export const narrowRecArb: fc.Arbitrary<Rec> = fc.record({
  k: nullable(fc.integer({ min: 0, max: 1 })),
  i: nullable(fc.integer({ min: -2, max: 2 })),
  b: nullable(fc.constantFrom(0n, 9007199254740993n, -(2n ** 60n))),
  d: nullable(fc.constantFrom(-0.5, 0, 0.5, 1)),
  m: nullable(fc.constantFrom(0n, 150n, -225n)),
  s: nullable(fc.constantFrom('', 'a', 'b', 'ab')),
});

const anyRecArb = fc.oneof(recArb, narrowRecArb);

export const tableArb = fc.oneof(fc.array(recArb, { maxLength: 8 }), fc.array(narrowRecArb, { maxLength: 8 }));

export type Op = { kind: 'ins'; row: Rec } | { kind: 'upd'; at: number; row: Rec } | { kind: 'del'; at: number };

export const opsArb: fc.Arbitrary<Op[]> = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('ins' as const), row: anyRecArb }),
    fc.record({ kind: fc.constant('upd' as const), at: fc.nat(), row: anyRecArb }),
    fc.record({ kind: fc.constant('del' as const), at: fc.nat() }),
  ),
  { maxLength: 14 },
);

// ------------------------------------------------------------------ encodings

function cents(c: bigint): string {
  const neg = c < 0n;
  const a = (neg ? -c : c).toString().padStart(3, '0');
  return `${neg ? '-' : ''}${a.slice(0, -2)}.${a.slice(-2)}`;
}

export function jsonRec(r: Rec): string {
  const n = (v: unknown) => (v === null ? 'null' : String(v));
  return `{"k":${n(r.k)},"i":${n(r.i)},"b":${n(r.b)},"d":${n(r.d)},"m":${r.m === null ? 'null' : `"${cents(r.m)}"`},"s":${r.s === null ? 'null' : JSON.stringify(r.s)}}`;
}

function sqlRec(r: Rec): string {
  const n = (v: unknown, t: string) => (v === null ? `CAST(NULL AS ${t})` : `CAST('${String(v)}' AS ${t})`);
  return `(${n(r.k, 'INTEGER')}, ${n(r.i, 'INTEGER')}, ${n(r.b, 'BIGINT')}, ${n(r.d, 'DOUBLE')}, ${r.m === null ? 'CAST(NULL AS DECIMAL(10,2))' : `CAST('${cents(r.m)}' AS DECIMAL(10,2))`}, ${r.s === null ? 'CAST(NULL AS VARCHAR)' : `'${r.s.replaceAll("'", "''")}'`})`;
}

/** Applies `ops` to `initial`: the debezium-json lines and the rows left. */
export function changelog(initial: readonly Rec[], ops: readonly Op[]): { lines: string[]; final: Rec[] } {
  const live: Rec[] = [];
  const lines: string[] = [];
  const all: Op[] = [...initial.map((row) => ({ kind: 'ins' as const, row })), ...ops];
  for (const op of all) {
    if (op.kind === 'ins' || (op.kind === 'upd' && live.length === 0)) {
      live.push(op.row);
      lines.push(`{"before":null,"after":${jsonRec(op.row)},"op":"c"}`);
    } else if (op.kind === 'upd') {
      const j = op.at % live.length;
      lines.push(`{"before":${jsonRec(live[j]!)},"after":${jsonRec(op.row)},"op":"u"}`);
      live[j] = op.row;
    } else if (live.length > 0) {
      const j = op.at % live.length;
      lines.push(`{"before":${jsonRec(live[j]!)},"after":null,"op":"d"}`);
      live.splice(j, 1);
    }
  }
  return { lines, final: live };
}

const COLUMNS = 'k INT, i INT, b BIGINT, d DOUBLE, m DECIMAL(10,2), s STRING';

let dir: string | undefined;
let fileNo = 0;
function writeInput(lines: readonly string[]): string {
  if (dir === undefined) {
    const d = mkdtempSync(path.join(tmpdir(), 'weir-diff-'));
    process.on('exit', () => rmSync(d, { recursive: true, force: true }));
    dir = d;
  }
  const p = path.join(dir, `in-${fileNo++}.json`);
  writeFileSync(p, lines.map((l) => l + '\n').join(''));
  return p;
}

// ------------------------------------------------------------------ engines

let duck: Promise<DuckDBConnection> | undefined;
function duckdb(): Promise<DuckDBConnection> {
  duck ??= DuckDBInstance.create(':memory:', { threads: '1' }).then((db) => db.connect());
  return duck;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function normalize(v: unknown, type: string): unknown {
  if (v === null || v === undefined) return null;
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/.test(type)) {
    if ((typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && /^-?\d+$/.test(v))) return BigInt(v).toString();
    return `<not an integer: ${JSON.stringify(v)}>`;
  }
  if (type.startsWith('DECIMAL')) return typeof v === 'string' ? v : `<number for DECIMAL: ${String(v)}>`;
  if (type === 'DOUBLE' || type === 'FLOAT') {
    if (typeof v === 'number') return v === 0 ? '0' : Number(v.toPrecision(12)).toString();
    if (v === 'NaN' || v === 'Infinity' || v === '-Infinity') return v;
    return `<string for DOUBLE: ${String(v)}>`;
  }
  return v;
}

async function duckRows(t: Template, rows: readonly Rec[]): Promise<{ rows: string[]; types: string[] }> {
  const c = await duckdb();
  // the input as a typed CTE named t: one statement per run
  const values = rows.length ? rows.map(sqlRec).join(', ') : sqlRec({ k: null, i: null, b: null, d: null, m: null, s: null });
  const cte = `WITH t AS (SELECT * FROM (VALUES ${values}) AS v(k, i, b, d, m, s)${rows.length ? '' : ' WHERE false'}) `;
  const r = await c.runAndReadAll(cte + (t.duck ?? t.sql));
  const types = r.columnTypes().map(String);
  const out = (r.getRowsJson() as Json[][]).map((row) => JSON.stringify(row.map((v, j) => normalize(v, types[j]!))));
  if (t.global && rows.length === 0) return { rows: [], types };
  return { rows: out.sort(), types };
}

async function weirRows(t: Template, inputPath: string, format: string, types: readonly string[]): Promise<string[]> {
  const changes = await runSql(
    `CREATE TABLE t (${COLUMNS}) WITH ('connector' = 'filesystem', 'path' = '${inputPath}', 'format' = '${format}');\n${t.sql};`,
  );
  return finalRows(changes)
    .map((s) => JSON.stringify((JSON.parse(s) as unknown[]).map((v, j) => normalize(v, types[j] ?? '?'))))
    .sort();
}

async function compare(t: Template, lines: readonly string[], format: string, final: readonly Rec[]): Promise<void> {
  const expected = await duckRows(t, final);
  const actual = await weirRows(t, writeInput(lines), format, expected.types);
  assert.deepEqual(
    actual,
    expected.rows,
    `Weir and DuckDB differ\nquery: ${t.sql}${t.duck ? `\nDuckDB: ${t.duck}` : ''}\ninput (${format}):\n${lines.join('\n')}\nfinal input rows: ${final.length}\nDuckDB types: ${expected.types.join(', ')}`,
  );
}

export interface CheckResult {
  readonly runs: number;
  readonly interrupted: boolean;
}

function params(timeLimitMs: number): fc.Parameters<unknown> {
  const runs = Number(process.env.DIFF_RUNS ?? 25);
  const seed = process.env.DIFF_SEED === undefined ? undefined : Number(process.env.DIFF_SEED);
  return { numRuns: runs, ...(seed === undefined ? {} : { seed }), interruptAfterTimeLimit: timeLimitMs };
}

async function check<Ts extends unknown[]>(prop: fc.IAsyncProperty<Ts>, timeLimitMs: number): Promise<CheckResult> {
  const out = await fc.check(prop, params(timeLimitMs) as fc.Parameters<Ts>);
  // an interruption (time budget) is not a failure, even before the first case
  if (out.failed && out.counterexample !== null) throw new Error(fc.defaultReportMessage(out) ?? 'property failed', { cause: out.errorInstance });
  return { runs: out.numRuns, interrupted: out.interrupted };
}

/** Insert-only input (format json) against DuckDB over the same rows. */
export function checkInsertOnly(t: Template, timeLimitMs = 20_000): Promise<CheckResult> {
  return check(fc.asyncProperty(tableArb, async (rows) => compare(t, rows.map(jsonRec), 'json', rows)), timeLimitMs);
}

/** A changelog input (format debezium-json) against DuckDB over the rows it leaves. */
export function checkChangelog(t: Template, timeLimitMs = 20_000): Promise<CheckResult> {
  return check(
    fc.asyncProperty(tableArb, opsArb, async (initial, ops) => {
      const { lines, final } = changelog(initial, ops);
      await compare(t, lines, 'debezium-json', final);
    }),
    timeLimitMs,
  );
}
