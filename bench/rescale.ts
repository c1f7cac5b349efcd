/**
 * `node bench/rescale.ts`: what parallelism and rescaling cost.
 *
 *   1. A datagen → GROUP BY (50,000 keys) → blackhole job at parallelism 1, 2 and 4
 *      (all subtasks share one event loop today, so more subtasks add exchange work).
 *   2. A savepoint of that job's state taken at parallelism 1 and restored at 1, 2
 *      and 4: time from the start of the restoring run until it has read the
 *      savepoint and is running (redistributing key groups and source splits).
 *
 * Rows/s are given by CPU time of this process (user + system) and by wall clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TableEnvironment } from '../src/api/table-environment.ts';
import { activeJobs } from '../src/checkpoint/run.ts';

const ROWS = 1_000_000;
const KEYS = 50_000;

function ddl(rows: number, rate: number): string {
  return `
CREATE TABLE g (id BIGINT, k AS id % ${KEYS}) WITH ('connector' = 'datagen', 'rows-per-second' = '${rate}',
  'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '${rows}');
CREATE TABLE o (k BIGINT, c BIGINT, s BIGINT) WITH ('connector' = 'blackhole');
`;
}

async function run(script: string): Promise<{ wallMs: number; cpuMs: number }> {
  const env = new TableEnvironment();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await env.executeScript(script, () => undefined);
  const c = process.cpuUsage(c0);
  return { wallMs: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 };
}

const rowsPerSec = (rows: number, ms: number): string => Math.round((rows / ms) * 1000).toLocaleString('en-US');

console.log(`## 1. datagen → GROUP BY k (${KEYS.toLocaleString('en-US')} keys) → blackhole, ${ROWS.toLocaleString('en-US')} rows`);
console.log('| parallelism | wall s | CPU s | rows/s (CPU) | rows/s (wall) |');
console.log('|---|---|---|---|---|');
// a first run warms the JIT (not printed)
await run(`${ddl(ROWS / 4, 1_000_000_000)}INSERT INTO o SELECT k, COUNT(*), SUM(id) FROM g GROUP BY k;`);
for (const p of [1, 2, 4]) {
  const r = await run(`SET 'parallelism.default' = '${p}';${ddl(ROWS, 1_000_000_000)}INSERT INTO o SELECT k, COUNT(*), SUM(id) FROM g GROUP BY k;`);
  console.log(`| ${p} | ${(r.wallMs / 1000).toFixed(2)} | ${(r.cpuMs / 1000).toFixed(2)} | ${rowsPerSec(ROWS, r.cpuMs)} | ${rowsPerSec(ROWS, r.wallMs)} |`);
}

// 2. a savepoint at parallelism 1 with every key in state, restored at 1, 2, 4
const dir = mkdtempSync(join(tmpdir(), 'weir-bench-rescale-'));
try {
  const cfg = `SET 'execution.checkpointing.interval' = '1 h';\nSET 'state.checkpoints.dir' = '${join(dir, 'chk')}';\nSET 'state.savepoints.dir' = '${join(dir, 'sp')}';\nSET 'weir.savepoints' = 'true';\n`;
  const total = KEYS * 4;
  // the first KEYS * 2 rows quickly, then a trickle: the savepoint is taken while the job runs
  const env = new TableEnvironment();
  const job = env.executeScript(`${cfg}SET 'parallelism.default' = '1';${ddl(total, 200_000)}INSERT INTO o SELECT k, COUNT(*), SUM(id) FROM g GROUP BY k;`, () => undefined);
  while (activeJobs.size === 0) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 600));
  const [active] = [...activeJobs];
  const t0 = performance.now();
  const sp = await active!.stopWithSavepoint();
  const stopMs = performance.now() - t0;
  await job;
  console.log(`\n## 2. restoring a savepoint taken at parallelism 1 (GROUP BY state of ${KEYS.toLocaleString('en-US')} keys; stop with savepoint took ${stopMs.toFixed(0)} ms)`);
  console.log('| restored at | until the job ran to its end: wall s | CPU s |');
  console.log('|---|---|---|');
  for (const p of [1, 2, 4]) {
    const r = await run(`${cfg}SET 'execution.savepoint.path' = '${sp}';\nSET 'parallelism.default' = '${p}';${ddl(total, 1_000_000_000)}INSERT INTO o SELECT k, COUNT(*), SUM(id) FROM g GROUP BY k;`);
    console.log(`| ${p} | ${(r.wallMs / 1000).toFixed(2)} | ${(r.cpuMs / 1000).toFixed(2)} |`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
