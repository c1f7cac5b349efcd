/**
 * Join benchmarks, on one core (parallelism 1), through the real SQL path
 * (datagen → join → blackhole) and for the operators alone fed batches of
 * 1,024 rows:
 *
 *  - regular join of two streams on 100,000 keys: a stream of N rows with a
 *    random key in [0, 100000) joined with a stream of 100,000 rows with one
 *    row per key (both insert-only; output ≈ N rows);
 *  - interval join: two streams of N rows with keys in [0, 100000) and
 *    increasing event times, `l.ts BETWEEN r.ts - 1 s AND r.ts + 1 s`.
 *
 *  - regular join of a changelog with many updates per join key: 100,000
 *    rows over 1,000 join keys (100 rows per key, unique key `id`), then
 *    updates of random rows (-U/+U pairs) up to N input rows, joined with one
 *    row per join key. Through SQL the changelog is a GROUP BY id (the
 *    join side's layout is HasUniqueKey); the operator alone runs each
 *    layout of the changelog side (NoUniqueKey is the multiset of earlier
 *    versions: a retraction scans the key's 100 rows).
 *
 * rows/s counts input rows (both sides). Each row is the best of RUNS runs
 * (default 3, after a smaller warm-up run): the least wall time and the least
 * CPU time (process.cpuUsage, user + system, which counts the GC's helper
 * threads too) of the runs, as rows/s; the machine's load average is printed
 * with the table. Targets (issue 6), met when the CPU rate reaches them:
 * ≥ 400,000 rows/s (regular join) and ≥ 600,000 rows/s (interval join).
 *
 * The interval join through SQL has periodic watermarks (every 200 ms), so
 * its state spans the rows of 200 ms (~100k keys) and lives far outside the
 * CPU caches; the operator alone is also run that way (each side its own
 * random keys, a watermark every 70 batches, about that lag) besides with
 * the same batches on both sides and a watermark per batch.
 *
 * Run: node bench/joins.ts   (ROWS=n changes N, default 1,000,000; RUNS=n
 * the runs per row; JOIN_BENCH=changelog|regular|interval runs only those rows)
 */
import { loadavg } from 'node:os';
import { TableEnvironment } from '../src/api/table-environment.ts';
import { OperatorHarness } from '../src/runtime/operators/harness.ts';
import { StreamingJoin, type JoinInputLayout } from '../src/runtime/operators/streaming-join.ts';
import { IntervalJoin } from '../src/runtime/operators/interval-join.ts';
import { Batch } from '../src/runtime/batch.ts';
import { RowKind, type Row } from '../src/runtime/row.ts';
import type { Output } from '../src/runtime/operator.ts';

const ROWS = Number(process.env.ROWS ?? 1_000_000);
const RUNS = Math.max(1, Number(process.env.RUNS ?? 3));
const KEYS = 100_000;

interface Timing {
  wallMs: number;
  cpuMs: number;
}

/** The least wall and the least CPU time of RUNS runs. */
async function best(f: () => Promise<Timing>): Promise<Timing> {
  let wallMs = Infinity;
  let cpuMs = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const t = await f();
    wallMs = Math.min(wallMs, t.wallMs);
    cpuMs = Math.min(cpuMs, t.cpuMs);
  }
  return { wallMs, cpuMs };
}

async function timed(f: () => Promise<unknown> | unknown): Promise<Timing> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await f();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wallMs, cpuMs: (c.user + c.system) / 1000 };
}

async function sqlRegular(rows: number): Promise<Timing> {
  const env = new TableEnvironment();
  await env.executeScript(
    `CREATE TABLE orders (k BIGINT, amount BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '${rows}', 'rows-per-second' = '1000000000',
       'fields.k.min' = '0', 'fields.k.max' = '${KEYS - 1}', 'fields.amount.min' = '0', 'fields.amount.max' = '1000');
     CREATE TABLE customers (id BIGINT, name STRING) WITH ('connector' = 'datagen', 'number-of-rows' = '${KEYS}', 'rows-per-second' = '1000000000',
       'fields.id.kind' = 'sequence', 'fields.id.start' = '0', 'fields.id.end' = '${KEYS - 1}', 'fields.name.length' = '8');
     CREATE TABLE sink (k BIGINT, amount BIGINT, name STRING) WITH ('connector' = 'blackhole');`,
    () => undefined,
  );
  return timed(() => env.executeScript(`INSERT INTO sink SELECT o.k, o.amount, c.name FROM orders o JOIN customers c ON o.k = c.id;`, () => undefined));
}

async function sqlInterval(rows: number): Promise<Timing> {
  const env = new TableEnvironment();
  const table = (name: string) => `CREATE TABLE ${name} (seq BIGINT, k BIGINT, ts AS TO_TIMESTAMP_LTZ(seq, 3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
     WITH ('connector' = 'datagen', 'number-of-rows' = '${rows}', 'rows-per-second' = '1000000000',
       'fields.seq.kind' = 'sequence', 'fields.seq.start' = '1', 'fields.seq.end' = '${rows}', 'fields.k.min' = '0', 'fields.k.max' = '${KEYS - 1}')`;
  await env.executeScript(
    `${table('l')}; ${table('r')};
     CREATE TABLE sink (k BIGINT, a BIGINT, b BIGINT) WITH ('connector' = 'blackhole');`,
    () => undefined,
  );
  return timed(() =>
    env.executeScript(`INSERT INTO sink SELECT l.k, l.seq, r.seq FROM l, r WHERE l.k = r.k AND l.ts BETWEEN r.ts - INTERVAL '1' SECOND AND r.ts + INTERVAL '1' SECOND;`, () => undefined),
  );
}

const sink: Output = { emit: () => undefined };

const CL_KEYS = 1000;
const CL_ROWS = 100_000;

/** A changelog join through SQL: per id, a running SUM (updated ~N/100,000 times), joined on MOD(id, 1000). */
async function sqlChangelog(rows: number): Promise<Timing> {
  const env = new TableEnvironment();
  await env.executeScript(
    `CREATE TABLE events (id BIGINT, amount BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '${rows}', 'rows-per-second' = '1000000000',
       'fields.id.min' = '0', 'fields.id.max' = '${CL_ROWS - 1}', 'fields.amount.min' = '0', 'fields.amount.max' = '1000');
     CREATE TABLE groups (gk BIGINT, name STRING) WITH ('connector' = 'datagen', 'number-of-rows' = '${CL_KEYS}', 'rows-per-second' = '1000000000',
       'fields.gk.kind' = 'sequence', 'fields.gk.start' = '0', 'fields.gk.end' = '${CL_KEYS - 1}', 'fields.name.length' = '8');
     CREATE TABLE sink (id BIGINT, total BIGINT, name STRING) WITH ('connector' = 'blackhole');`,
    () => undefined,
  );
  return timed(() =>
    env.executeScript(
      `INSERT INTO sink SELECT a.id, a.total, g.name FROM (SELECT id, MOD(id, ${CL_KEYS}) AS k, SUM(amount) AS total FROM events GROUP BY id, MOD(id, ${CL_KEYS})) a
         JOIN groups g ON a.k = g.gk;`,
      () => undefined,
    ),
  );
}

/** The changelog side's input (left): rows [k, id, v]; k = id % 1000. */
function changelogBatches(rows: number): { rows: Row[][]; kinds: RowKind[][] } {
  const out: Row[][] = [];
  const kinds: RowKind[][] = [];
  let cur: Row[] = [];
  let ck: RowKind[] = [];
  const push = (r: Row, k: RowKind): void => {
    cur.push(r);
    ck.push(k);
    if (cur.length === 1024) {
      out.push(cur);
      kinds.push(ck);
      cur = [];
      ck = [];
    }
  };
  const live: Row[] = [];
  for (let id = 0; id < CL_ROWS; id++) {
    live.push([id % CL_KEYS, id, 0]);
    push(live[id]!, RowKind.INSERT);
  }
  for (let n = CL_ROWS; n + 1 < rows; n += 2) {
    const id = Math.floor(Math.random() * CL_ROWS);
    const old = live[id]!;
    const next = [old[0], id, (old[2] as number) + 1];
    live[id] = next;
    push(old, RowKind.UPDATE_BEFORE);
    push(next, RowKind.UPDATE_AFTER);
  }
  if (cur.length) {
    out.push(cur);
    kinds.push(ck);
  }
  return { rows: out, kinds };
}

function operatorChangelog(rows: number, layout: JoinInputLayout, joinType: 'INNER' | 'LEFT' = 'INNER'): Promise<Timing> {
  const key = (r: Row) => r[0] as number;
  const op = new StreamingJoin({ joinType, leftKey: key, rightKey: key, condition: null, leftWidth: 3, rightWidth: 2, leftLayout: layout });
  const h = new OperatorHarness(op);
  const right = Array.from({ length: CL_KEYS }, (_, k): Row => [k, `g${k}`]);
  const left = changelogBatches(rows);
  const batches = left.rows.map((r, i) => new Batch(r, left.kinds[i]!));
  return timed(() => {
    op.processBatch(Batch.inserts(right), 1, sink);
    for (const b of batches) op.processBatch(b, 0, sink);
    void h;
  });
}

function operatorRegular(rows: number): Promise<Timing> {
  const key = (r: Row) => r[0] as number;
  const op = new StreamingJoin({ joinType: 'INNER', leftKey: key, rightKey: key, condition: null, leftWidth: 2, rightWidth: 2 });
  const h = new OperatorHarness(op);
  const right: Row[][] = [];
  for (let i = 0; i < KEYS; i += 1024) right.push(Array.from({ length: Math.min(1024, KEYS - i) }, (_, j) => [i + j, `c${i + j}`]));
  const left: Row[][] = [];
  for (let i = 0; i < rows; i += 1024) left.push(Array.from({ length: Math.min(1024, rows - i) }, () => [Math.floor(Math.random() * KEYS), 7]));
  return timed(() => {
    // interleave the two streams batch by batch
    const n = Math.max(left.length, right.length);
    for (let i = 0; i < n; i++) {
      if (right[i]) op.processBatch(Batch.inserts(right[i]!), 1, sink);
      if (left[i]) op.processBatch(Batch.inserts(left[i]!), 0, sink);
    }
    void h;
  });
}

/**
 * `wmEvery`: a watermark after every that many batches of each side. `independent`: the right side
 * has its own random keys (as through SQL), else it is the left side's batches again.
 */
function operatorInterval(rows: number, wmEvery = 1, independent = false): Promise<Timing> {
  const key = (r: Row) => r[0] as number;
  const op = new IntervalJoin({ joinType: 'INNER', leftKey: key, rightKey: key, condition: null, leftTime: 1, rightTime: 1, lower: -1000, upper: 1000, leftWidth: 2, rightWidth: 2 });
  const h = new OperatorHarness(op);
  const side = (): Row[][] => {
    const batches: Row[][] = [];
    for (let i = 0; i < rows; i += 1024) batches.push(Array.from({ length: Math.min(1024, rows - i) }, (_, j) => [Math.floor(Math.random() * KEYS), i + j]));
    return batches;
  };
  const left = side();
  const right = independent ? side() : left;
  return timed(() => {
    for (let i = 0; i < left.length; i++) {
      op.processBatch(Batch.inserts(left[i]!), 0, sink);
      op.processBatch(Batch.inserts(right[i]!), 1, sink);
      if ((i + 1) % wmEvery === 0) h.processWatermark(i * 1024 - 1000);
    }
  });
}

function report(name: string, inputRows: number, t: Timing, target: number): string[] {
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const wall = inputRows / (t.wallMs / 1000);
  const cpu = inputRows / (t.cpuMs / 1000);
  return [name, fmt(inputRows), (t.wallMs / 1000).toFixed(2), (t.cpuMs / 1000).toFixed(2), fmt(wall), fmt(cpu), fmt(target), cpu >= target ? 'ok' : 'SHORT'];
}

if (import.meta.main) {
  const lines: string[][] = [];
  const only = process.env.JOIN_BENCH;
  const runs = (what: string): boolean => only === undefined || only === '' || only === what;
  if (runs('changelog')) {
    await sqlChangelog(200_000);
    lines.push(report('changelog join, 100 rows × updates per key (SQL)', ROWS + CL_KEYS, await best(() => sqlChangelog(ROWS)), 400_000));
    const layouts: readonly [string, JoinInputLayout][] = [
      ['NoUniqueKey', { kind: 'NoUniqueKey' }],
      ['HasUniqueKey', { kind: 'HasUniqueKey', uniqueKey: [1] }],
    ];
    for (const jt of ['INNER', 'LEFT'] as const) {
      for (const [name, layout] of layouts) {
        await operatorChangelog(200_000, layout, jt);
        lines.push(report(`changelog join ${jt}, 100 rows × updates per key, ${name} (operator)`, ROWS + CL_KEYS, await best(() => operatorChangelog(ROWS, layout, jt)), 400_000));
      }
    }
  }
  if (runs('regular')) {
    await sqlRegular(100_000);
    lines.push(report('regular join, 100k keys (SQL)', ROWS + KEYS, await best(() => sqlRegular(ROWS)), 400_000));
    await operatorRegular(100_000);
    lines.push(report('regular join, 100k keys (operator alone)', ROWS + KEYS, await best(() => operatorRegular(ROWS)), 400_000));
  }
  if (runs('interval')) {
    await sqlInterval(100_000);
    lines.push(report('interval join ±1 s, 100k keys (SQL)', 2 * ROWS, await best(() => sqlInterval(ROWS)), 600_000));
    await operatorInterval(100_000);
    lines.push(report('interval join ±1 s, 100k keys (operator alone)', 2 * ROWS, await best(() => operatorInterval(ROWS)), 600_000));
    await operatorInterval(100_000, 70, true);
    lines.push(
      report('interval join ±1 s, 100k keys (operator alone, sides with their own keys, watermark every 70 batches)', 2 * ROWS, await best(() => operatorInterval(ROWS, 70, true)), 600_000),
    );
  }
  const header = ['benchmark', 'input rows', 'wall s', 'CPU s', 'rows/s (wall)', 'rows/s (CPU)', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => '| ' + cells.map((c, i) => (i >= 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ') + ' |';
  console.log(`\nJoins (parallelism 1; best of ${RUNS} runs; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')})`);
  console.log(row(header));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const l of lines) console.log(row(l));
}
