/**
 * `npm run bench`: every benchmark, each printing its table. Benchmarks are
 * measurements, never timed tests; on a busy machine read the CPU-time
 * column (this process's CPU time), the wall clock suffers from other load.
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { printTable, runSpine } from './spine.ts';

const here = import.meta.dirname;
const [l1, l5] = loadavg();
console.log(`# node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load average ${l1!.toFixed(2)} / ${l5!.toFixed(2)} (1/5 min)`);

printTable('Spine: datagen → query → blackhole through TableEnvironment (parallelism 1)', await runSpine());

// operator micro benchmarks run in their own process (fresh heap, own JIT state)
for (const file of ['runtime-groupagg.ts']) {
  console.log(`\n${file}`);
  const r = spawnSync(process.execPath, [path.join(here, file)], { stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = r.status ?? 1;
}
const [e1] = loadavg();
console.log(`\n# load average at the end: ${e1!.toFixed(2)}`);
