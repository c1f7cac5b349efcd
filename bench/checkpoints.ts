/**
 * Checkpoint benchmark.
 *
 *  A. Large heap state (default 1 GB of JS heap; `--gb 0.25` for less): the
 *     synchronous pause of a checkpoint (what stops processing), the duration
 *     of its asynchronous part (serialise + write + fsync to a file-system
 *     checkpoint directory), the longest stall of a concurrent processing loop
 *     during the asynchronous part (it touches random keys, so copy-on-access
 *     work is included), and, for comparison, a full synchronous deep copy.
 *  B. Throughput of a group aggregation (datagen → GROUP BY → blackhole) with
 *     checkpoints every second vs without (best of runs, wall and CPU time).
 *
 * Run: node --expose-gc --max-old-space-size=12000 bench/checkpoints.ts [--gb N] [--rows N] [--part A|B|AB]
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { HeapKeyedStateStore } from '../src/state/backends/heap/index.ts';
import { LmdbKeyedStateStore } from '../src/state/backends/lmdb/index.ts';
import type { ValueState } from '../src/state/api.ts';
import { FsCheckpointStorage } from '../src/checkpoint/storage.ts';
import { encodeSubtaskStateChunks } from '../src/checkpoint/state-file.ts';
import { TableEnvironment } from '../src/api/table-environment.ts';
import { parseStatements } from '../src/sql/index.ts';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const GB = arg('--gb', 1);
const ROWS = arg('--rows', 2_000_000);
const gc = (globalThis as { gc?: () => void }).gc;

function heapMb(): number {
  gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return total;
}

/** Fills a store of the given backend with about GB gigabytes of state (JS heap for `heap`, the LMDB files for `lmdb`). */
async function filledStore(backend: 'heap' | 'lmdb'): Promise<{ store: HeapKeyedStateStore | LmdbKeyedStateStore; st: ValueState<unknown[]>; n: number; size: string }> {
  const store = backend === 'heap' ? new HeapKeyedStateStore(128) : new LmdbKeyedStateStore(128);
  const st = store.valueState<unknown[]>({ name: 'group-accumulators' });
  const base = heapMb();
  const target = GB * 1024;
  let n = 0;
  const sizeMb = (): number => (backend === 'heap' ? heapMb() - base : dirBytes((store as LmdbKeyedStateStore).directory!) / 2 ** 20);
  // values shaped like a group aggregation's accumulators: a few numbers, a string, a bigint
  while (true) {
    for (let j = 0; j < 100_000; j++, n++) st.put(`key-${n}`, [n, n * 0.5, `name-${n % 1000}`, BigInt(n), n % 7, null, n + 1, n + 2]);
    if (n % 1_000_000 === 0) {
      if (backend === 'lmdb') (store as LmdbKeyedStateStore).flush();
      if (sizeMb() >= target) break;
    }
  }
  const mb = sizeMb();
  return { store, st, n, size: `${mb.toFixed(0)} MB ${backend === 'heap' ? 'of JS heap' : 'of LMDB files'} (${(n / 1e6).toFixed(1)} M keys)` };
}

async function largeState(backend: 'heap' | 'lmdb'): Promise<Record<string, string>> {
  const { store, st, n, size } = await filledStore(backend);
  const dir = mkdtempSync(join(tmpdir(), 'weir-bench-ckpt-'));
  const storage = new FsCheckpointStorage(dir, 'bench');
  try {
    // the synchronous part, several times (a GC can land in one sample)
    const pauses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      const l = store.snapshotAsync();
      pauses.push(performance.now() - t);
      l.release();
    }
    pauses.sort((a, b) => a - b);
    // asynchronous snapshot: synchronous part, then the writer runs while a "task" keeps updating random keys
    const t0 = performance.now();
    const lazy = store.snapshotAsync();
    const syncMs = performance.now() - t0;
    const cpu1 = process.cpuUsage();
    let processing = true;
    let maxStall = 0;
    let updates = 0;
    const loop = (async () => {
      let last = performance.now();
      while (processing) {
        for (let j = 0; j < 1000; j++, updates++) {
          const k = `key-${Math.floor(Math.random() * n)}`;
          const v = st.get(k);
          if (v) v[0] = (v[0] as number) + 1;
        }
        await new Promise((r) => setImmediate(r));
        const now = performance.now();
        maxStall = Math.max(maxStall, now - last);
        last = now;
      }
    })();
    const t1 = performance.now();
    const data = await encodeSubtaskStateChunks({ nodeId: 1, subtask: 0, lazyKeyed: lazy });
    const encMs = performance.now() - t1;
    await storage.writeState(1, 'checkpoint', '1-0.state', data, { nodeId: 1, nodeName: 'bench', subtask: 0, parallelism: 1 });
    const asyncMs = performance.now() - t1;
    const asyncCpu = process.cpuUsage(cpu1);
    processing = false;
    await loop;
    const out: Record<string, string> = {
      state: size,
      'synchronous pause (async snapshot)': `${syncMs.toFixed(2)} ms; median of 7: ${pauses[3]!.toFixed(2)} ms, max ${pauses[6]!.toFixed(2)} ms`,
      'checkpoint duration (serialise + write + fsync)': `${asyncMs.toFixed(0)} ms wall, ${((asyncCpu.user + asyncCpu.system) / 1000).toFixed(0)} ms CPU (serialise ${encMs.toFixed(0)} ms wall), ${(data.reduce((a, c) => a + c.length, 0) / 2 ** 20).toFixed(0)} MB written`,
      'longest processing stall during the async part': `${maxStall.toFixed(1)} ms (${updates} updates meanwhile)`,
    };
    if (store instanceof HeapKeyedStateStore) {
      // for comparison: the full synchronous deep copy (the previous snapshot)
      const t2 = performance.now();
      const cpu2 = process.cpuUsage();
      store.snapshot();
      const deepCpu = process.cpuUsage(cpu2);
      out['full synchronous deep copy (for comparison)'] = `${(performance.now() - t2).toFixed(0)} ms wall, ${((deepCpu.user + deepCpu.system) / 1000).toFixed(0)} ms CPU`;
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (store instanceof LmdbKeyedStateStore) await store.close();
  }
}

async function runAgg(checkpoints: boolean, dir: string): Promise<{ wallMs: number; cpuMs: number; completed: number }> {
  const env = new TableEnvironment();
  const sql = `
${checkpoints ? `SET 'execution.checkpointing.interval' = '1 s'; SET 'state.checkpoints.dir' = '${dir}';` : ''}
CREATE TABLE g (k INT, v BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '1000000000', 'number-of-rows' = '${ROWS}', 'fields.k.min' = '1', 'fields.k.max' = '200000');
CREATE TABLE b (k INT, c BIGINT, s BIGINT) WITH ('connector' = 'blackhole');
INSERT INTO b SELECT k, COUNT(*), SUM(v) FROM g GROUP BY k;`;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const s of parseStatements(sql)) await env.execute(s);
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  // checkpoint ids count up from 1; the newest retained one tells how many completed
  let completed = 0;
  if (checkpoints) {
    for (const job of readdirSync(dir)) {
      for (const c of readdirSync(join(dir, job))) {
        const m = /^chk-(\d+)$/.exec(c);
        if (m) completed = Math.max(completed, Number(m[1]));
      }
    }
  }
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, completed };
}

async function throughput(): Promise<Record<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'weir-bench-ckpt-'));
  try {
    const best = { off: { wallMs: Infinity, cpuMs: Infinity }, on: { wallMs: Infinity, cpuMs: Infinity } };
    const onRuns: { cpuMs: number; completed: number }[] = [];
    for (let i = 0; i < 3; i++) {
      for (const mode of ['off', 'on'] as const) {
        const r = await runAgg(mode === 'on', join(dir, `${i}`));
        best[mode].wallMs = Math.min(best[mode].wallMs, r.wallMs);
        best[mode].cpuMs = Math.min(best[mode].cpuMs, r.cpuMs);
        if (mode === 'on' && r.completed > 0) onRuns.push(r);
      }
    }
    // the extra CPU of each run over the best run without checkpoints, per checkpoint taken (the final one included)
    const perCheckpoint = onRuns.map((r) => (r.cpuMs - best.off.cpuMs) / r.completed).sort((a, b) => a - b);
    const cpc = perCheckpoint[Math.floor(perCheckpoint.length / 2)] ?? NaN;
    const fmt = (r: { wallMs: number; cpuMs: number }): string =>
      `${((ROWS / r.wallMs) * 1000).toFixed(0)} rows/s wall, ${((ROWS / r.cpuMs) * 1000).toFixed(0)} rows/s CPU`;
    return {
      [`group aggregation, ${ROWS} rows, 200k keys, no checkpoints`]: fmt(best.off),
      'same, checkpoint every 1 s (exactly-once)': fmt(best.on),
      'throughput cost (CPU time)': `${((best.on.cpuMs / best.off.cpuMs - 1) * 100).toFixed(1)} %`,
      'throughput cost (wall time)': `${((best.on.wallMs / best.off.wallMs - 1) * 100).toFixed(1)} %`,
      'CPU per checkpoint (median of runs)': `${cpc.toFixed(0)} ms, i.e. ${((cpc / 1000) * 100).toFixed(1)} % of each second at a 1 s interval`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const [l1] = loadavg();
console.log(`# node ${process.version}, load average ${l1!.toFixed(2)}${gc ? '' : ' (run with --expose-gc for exact heap sizes)'}`);
const part = process.argv.includes('--part') ? process.argv[process.argv.indexOf('--part') + 1] : 'ABC';
const parts: [string, Record<string, string>][] = [];
if (part!.includes('A')) parts.push([`A. Checkpoint of ${GB} GB of heap state`, await largeState('heap')]);
if (part!.includes('C')) parts.push([`C. Checkpoint of ${GB} GB in the on-disk (LMDB) backend`, await largeState('lmdb')]);
if (part!.includes('B')) parts.push(['B. Throughput with and without checkpoints', await throughput()]);
for (const [title, rows] of parts) {
  console.log(`\n${title}`);
  for (const [k, v] of Object.entries(rows)) console.log(`  ${k.padEnd(50)} ${v}`);
}
