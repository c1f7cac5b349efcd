/**
 * The long fault-injection run: a group aggregation and a window aggregation
 * over a bounded filesystem source into the exactly-once filesystem sink
 * (debezium-json), killed with SIGKILL at least 20 times at random moments
 * (half of them shortly after a checkpoint completed, so kills also land in
 * the commit phase) and restarted with `weir run --restore latest` each time.
 * Prints the counts: kills, restores, rows expected vs committed, lost,
 * duplicated.
 *
 * Run: node bench/fault-injection.ts [--kills 20] [--rows 60000]
 */
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { faultInjection } from '../test/checkpoint/fault-injection.ts';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const dir = join(tmpdir(), `weir-fault-bench-${process.pid}`);
const [l1] = loadavg();
console.log(`# node ${process.version}, load average ${l1!.toFixed(2)}`);
const t0 = Date.now();
try {
  const r = await faultInjection({
    dir,
    rows: arg('--rows', 60_000),
    keys: 500,
    kills: arg('--kills', 20),
    intervalMs: arg('--interval', 100),
    seed: arg('--seed', 7),
    log: (m) => console.log(`  ${m}`),
  });
  console.log('\nFault injection (SIGKILL, restart with --restore latest)');
  for (const [k, v] of Object.entries({
    'kills (SIGKILL)': r.kills,
    'runs': r.runs,
    'rounds (fresh starts, each run to completion)': r.rounds,
    'runs that restored a checkpoint': r.restores,
    'rows expected (failure-free reference × rounds)': r.referenceRows,
    'rows committed': r.committedRows,
    'rows lost': r.lost,
    'rows duplicated': r.duplicated,
    'reference run (ms)': r.referenceMs,
    'total (s)': Math.round((Date.now() - t0) / 1000),
  })) {
    console.log(`  ${k.padEnd(50)} ${v}`);
  }
  if (r.lost !== 0 || r.duplicated !== 0) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
