/**
 * Spine benchmarks: whole queries through the real SQL path
 * (TableEnvironment.executeScript: parser, planner, runtime), datagen →
 * query → blackhole, on one core (parallelism 1). Prints rows/s by wall clock
 * and by this process's CPU time (steadier on a busy machine), and DuckDB
 * running the same query as a batch over the same number of rows held in
 * memory (its data generation not timed).
 *
 * Run: node bench/spine.ts   (SCALE=0.2 scales every scenario's rows;
 * ONLY=text runs the scenarios whose name contains it; NODUCK=1 skips DuckDB).
 * Profile: node --cpu-prof bench/spine.ts
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { TableEnvironment } from '../src/api/table-environment.ts';

const SCALE = Number(process.env.SCALE ?? 1);

export interface Result {
  readonly name: string;
  readonly engine: string;
  readonly rows: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly target?: number;
}

interface Scenario {
  readonly name: string;
  readonly rows: number;
  readonly target?: number;
  /** datagen table `src` (the number of rows is filled in) */
  readonly source: (rows: number) => string;
  readonly sink: string;
  readonly insert: string;
  /** DuckDB: the same input as table src, and the query */
  readonly duck?: { readonly setup: (rows: number) => string; readonly query: string };
}

const scenarios: Scenario[] = [
  {
    name: 'datagen → blackhole (source alone)',
    rows: 5_000_000,
    source: (n) => `CREATE TABLE src (id BIGINT, price DOUBLE, name STRING) WITH (
      'connector' = 'datagen', 'number-of-rows' = '${n}', 'rows-per-second' = '1000000000',
      'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '${n}',
      'fields.price.min' = '0', 'fields.price.max' = '100', 'fields.name.length' = '8')`,
    sink: `CREATE TABLE sink (id BIGINT, price DOUBLE, name STRING) WITH ('connector' = 'blackhole')`,
    insert: `INSERT INTO sink SELECT id, price, name FROM src`,
  },
  {
    name: '(a) filter/projection',
    rows: 5_000_000,
    target: 2_000_000,
    source: (n) => `CREATE TABLE src (id BIGINT, price DOUBLE, name STRING) WITH (
      'connector' = 'datagen', 'number-of-rows' = '${n}', 'rows-per-second' = '1000000000',
      'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '${n}',
      'fields.price.min' = '0', 'fields.price.max' = '100', 'fields.name.length' = '8')`,
    sink: `CREATE TABLE sink (id BIGINT, p DOUBLE, name STRING) WITH ('connector' = 'blackhole')`,
    insert: `INSERT INTO sink SELECT id, price * 2, name FROM src WHERE price > 10`,
    duck: {
      setup: (n) => `CREATE TABLE src AS SELECT range + 1 AS id, random() * 100 AS price, substr(md5(range::VARCHAR), 1, 8) AS name FROM range(${n})`,
      query: `SELECT id, price * 2, name FROM src WHERE price > 10`,
    },
  },
  {
    name: '(b) GROUP BY 100k keys: COUNT, SUM',
    rows: 2_000_000,
    target: 500_000,
    source: (n) => `CREATE TABLE src (k BIGINT, v BIGINT) WITH (
      'connector' = 'datagen', 'number-of-rows' = '${n}', 'rows-per-second' = '1000000000',
      'fields.k.min' = '0', 'fields.k.max' = '99999', 'fields.v.min' = '0', 'fields.v.max' = '1000')`,
    sink: `CREATE TABLE sink (k BIGINT, c BIGINT, s BIGINT) WITH ('connector' = 'blackhole')`,
    insert: `INSERT INTO sink SELECT k, COUNT(*), SUM(v) FROM src GROUP BY k`,
    duck: {
      setup: (n) => `CREATE TABLE src AS SELECT (random() * 100000)::BIGINT % 100000 AS k, (random() * 1000)::BIGINT AS v FROM range(${n})`,
      query: `SELECT k, COUNT(*), SUM(v) FROM src GROUP BY k`,
    },
  },
];

async function timed(f: () => Promise<unknown>): Promise<{ wallMs: number; cpuMs: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await f();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wallMs, cpuMs: (c.user + c.system) / 1000 };
}

async function weir(s: Scenario, rows: number): Promise<{ wallMs: number; cpuMs: number }> {
  const env = new TableEnvironment();
  await env.executeScript(`${s.source(rows)};\n${s.sink};`, () => undefined);
  return timed(() => env.executeScript(`${s.insert};`, () => undefined));
}

async function duck(s: Scenario, rows: number, threads: number): Promise<{ wallMs: number; cpuMs: number } | undefined> {
  if (!s.duck) return undefined;
  const db = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const c = await db.connect();
  await c.run(s.duck.setup(rows));
  // materialize the result (as the streaming run hands every row to its sink), best of 3
  let best: { wallMs: number; cpuMs: number } | undefined;
  for (let i = 0; i < 3; i++) {
    const t = await timed(() => c.run(`CREATE OR REPLACE TABLE out AS ${s.duck!.query}`));
    if (!best || t.wallMs < best.wallMs) best = t;
  }
  c.closeSync();
  db.closeSync();
  return best;
}

export async function runSpine(): Promise<Result[]> {
  const out: Result[] = [];
  for (const s of scenarios) {
    if (process.env.ONLY && !s.name.includes(process.env.ONLY)) continue;
    const rows = Math.round(s.rows * SCALE);
    await weir(s, Math.min(rows, 200_000)); // warm-up: compile and optimise the hot paths
    const t = await weir(s, rows);
    out.push({ name: s.name, engine: 'Weir (streaming)', rows, ...t, ...(s.target ? { target: s.target } : {}) });
    const d = process.env.NODUCK ? undefined : await duck(s, rows, 1);
    if (d) out.push({ name: s.name, engine: 'DuckDB batch, 1 thread, into a table', rows, ...d });
  }
  return out;
}

export function printTable(title: string, results: readonly Result[]): void {
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const header = ['benchmark', 'engine', 'rows', 'wall s', 'rows/s (wall)', 'rows/s (CPU)', 'target', ''];
  const lines = results.map((r) => {
    const wall = r.rows / (r.wallMs / 1000);
    const cpu = r.rows / (r.cpuMs / 1000);
    return [
      r.name,
      r.engine,
      fmt(r.rows),
      (r.wallMs / 1000).toFixed(2),
      fmt(wall),
      fmt(cpu),
      r.target ? fmt(r.target) : '',
      r.target ? (Math.max(wall, cpu) >= r.target ? 'ok' : 'SHORT') : '',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => '| ' + cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ') + ' |';
  console.log(`\n${title}`);
  console.log(row(header));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const l of lines) console.log(row(l));
}

if (import.meta.main) {
  printTable('Spine: datagen → query → blackhole through TableEnvironment (parallelism 1)', await runSpine());
}
