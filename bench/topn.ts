/**
 * Top-N benchmark: Top-10 per key (ROW_NUMBER() OVER (PARTITION BY k ORDER
 * BY v DESC) <= 10) through the real SQL path (datagen → Top-N → blackhole),
 * on one core, with and without the rank number in the output; and the TopN
 * operator alone fed batches of 1,024 rows. Prints rows/s by wall clock and
 * by CPU time. Target (issue 6): ≥ 400,000 rows/s for a Top-10 per key.
 *
 * Run: node bench/topn.ts   (ROWS=n to change the row count, KEYS=n the key count)
 */
import { TableEnvironment } from '../src/api/table-environment.ts';
import { TopN } from '../src/runtime/operators/top-n.ts';
import { OperatorHarness } from '../src/runtime/operators/harness.ts';
import { rowComparator } from '../src/runtime/operators/sort-compare.ts';
import { keySelector } from '../src/runtime/key.ts';
import { Batch } from '../src/runtime/batch.ts';
import type { Output } from '../src/runtime/operator.ts';

const ROWS = Number(process.env.ROWS ?? 2_000_000);
const KEYS = Number(process.env.KEYS ?? 10_000);
const TARGET = 400_000;

async function timed(f: () => Promise<unknown> | unknown): Promise<{ wallMs: number; cpuMs: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await f();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wallMs, cpuMs: (c.user + c.system) / 1000 };
}

async function sql(rows: number, rankNumber: boolean): Promise<{ wallMs: number; cpuMs: number }> {
  const env = new TableEnvironment();
  await env.executeScript(
    `CREATE TABLE src (k BIGINT, v BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '${rows}', 'rows-per-second' = '1000000000',
       'fields.k.min' = '0', 'fields.k.max' = '${KEYS - 1}', 'fields.v.min' = '0', 'fields.v.max' = '1000000000');
     CREATE TABLE sink (k BIGINT, v BIGINT${rankNumber ? ', rn BIGINT' : ''}) WITH ('connector' = 'blackhole');`,
    () => undefined,
  );
  const q = `INSERT INTO sink SELECT k, v${rankNumber ? ', rn' : ''} FROM (SELECT k, v, ROW_NUMBER() OVER (PARTITION BY k ORDER BY v DESC) AS rn FROM src) WHERE rn <= 10`;
  return timed(() => env.executeScript(`${q};`, () => undefined));
}

function operatorAlone(rows: number): Promise<{ wallMs: number; cpuMs: number }> {
  const op = new TopN({
    key: keySelector([0]),
    compare: rowComparator([{ index: 1, descending: true, nullsFirst: false }]),
    rankType: 'ROW_NUMBER',
    rankStart: 1,
    rankEnd: 10,
    outputRankNumber: false,
    inputRetracts: false,
  });
  new OperatorHarness(op); // opens it with heap state
  const batches: Batch[] = [];
  for (let i = 0; i < rows; i += 1024) {
    const rs: unknown[][] = [];
    for (let j = 0; j < 1024 && i + j < rows; j++) rs.push([Math.floor(Math.random() * KEYS), Math.floor(Math.random() * 1e9)]);
    batches.push(Batch.inserts(rs));
  }
  let emitted = 0;
  const out: Output = { emit: (b) => (emitted += b.size) };
  return timed(() => {
    for (const b of batches) op.processBatch(b, 0, out);
    return emitted;
  });
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const lines: string[] = [];
const report = (name: string, rows: number, t: { wallMs: number; cpuMs: number }): void => {
  const wall = (rows / t.wallMs) * 1000;
  const cpu = (rows / t.cpuMs) * 1000;
  lines.push(`${name.padEnd(48)} ${fmt(rows).padStart(10)} rows  ${fmt(wall).padStart(10)} rows/s wall  ${fmt(cpu).padStart(10)} rows/s cpu  ${wall >= TARGET ? 'ok' : 'BELOW'} (target ${fmt(TARGET)})`);
};

await sql(100_000, false); // warm-up
report(`SQL Top-10 per key (${fmt(KEYS)} keys)`, ROWS, await sql(ROWS, false));
report(`SQL Top-10 per key, with rank number`, ROWS, await sql(ROWS, true));
await operatorAlone(100_000);
report(`TopN operator alone (batches of 1,024)`, ROWS, await operatorAlone(ROWS));
console.log(lines.join('\n'));
