/**
 * Fault injection for exactly-once checkpoints: a bounded job with a group
 * aggregation and a window aggregation reads a filesystem source and writes
 * the exactly-once filesystem sink in debezium-json (a changelog). The job is
 * run once without failures (the reference), then again under SIGKILL at
 * random moments, restarted each time with `weir run --restore latest`. The
 * committed output (the visible files of the sink directories, changelog
 * applied) must equal the reference's: 0 rows lost, 0 duplicated.
 *
 * Used by fault-injection.test.ts (a few kills) and bench/fault-injection.ts (≥ 20).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NODE, WEIR } from '../helpers/weir-cli.ts';


export interface FaultOptions {
  readonly dir: string;
  readonly rows: number;
  readonly keys: number;
  readonly kills: number;
  /** Checkpoint interval. */
  readonly intervalMs: number;
  readonly seed?: number;
  readonly log?: (msg: string) => void;
  /** Give up after this many runs (a job that never finishes). */
  readonly maxRuns?: number;
}

export interface FaultReport {
  readonly kills: number;
  readonly runs: number;
  /** Fresh starts (each killed until a run finished by itself). */
  readonly rounds: number;
  /** Reference rows times rounds. */
  readonly referenceRows: number;
  readonly committedRows: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly referenceMs: number;
  /** Runs that found a checkpoint to restore. */
  readonly restores: number;
}

function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

function writeInput(dir: string, rows: number, keys: number): void {
  mkdirSync(join(dir, 'in'), { recursive: true });
  const base = Date.UTC(2024, 0, 1);
  // two files, so a position moves from one split to the next
  const half = Math.floor(rows / 2);
  for (const [f, from, to] of [
    ['a.json', 0, half],
    ['b.json', half, rows],
  ] as const) {
    const lines: string[] = [];
    for (let i = from; i < to; i++) {
      const ts = new Date(base + i * 37).toISOString().replace('T', ' ').replace('Z', '');
      lines.push(JSON.stringify({ k: `k${(i * 7919) % keys}`, v: i % 1000, ts }));
    }
    writeFileSync(join(dir, 'in', f), lines.join('\n') + '\n');
  }
}

function script(dir: string, out: string, intervalMs: number): string {
  return `
SET 'execution.checkpointing.interval' = '${intervalMs} ms';
SET 'state.checkpoints.dir' = 'file://${join(dir, out, 'chk')}';
SET 'state.checkpoints.num-retained' = '2';
SET 'restart-strategy.type' = 'none';
CREATE TABLE src (k STRING, v BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
  WITH ('connector' = 'filesystem', 'path' = '${join(dir, 'in')}', 'format' = 'json');
CREATE TABLE agg_out (k STRING, c BIGINT, s BIGINT, mx BIGINT)
  WITH ('connector' = 'filesystem', 'path' = '${join(dir, out, 'agg')}', 'format' = 'debezium-json');
CREATE TABLE win_out (ws TIMESTAMP(3), k STRING, c BIGINT, s BIGINT)
  WITH ('connector' = 'filesystem', 'path' = '${join(dir, out, 'win')}', 'format' = 'debezium-json');
INSERT INTO agg_out SELECT k, COUNT(*), SUM(v), MAX(v) FROM src GROUP BY k;
INSERT INTO win_out SELECT window_start, k, COUNT(*), SUM(v)
  FROM TABLE(TUMBLE(TABLE src, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end, k;
`;
}

/** The committed output of a sink directory: the changelog of its visible files applied to a multiset. */
export function committedRows(dir: string): Map<string, number> {
  const table = new Map<string, number>();
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => !f.startsWith('.') && !f.startsWith('_')).sort();
  } catch {
    return table;
  }
  for (const f of files) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (line === '') continue;
      const r = JSON.parse(line) as { before: unknown; after: unknown; op: string };
      if (r.before !== null && r.before !== undefined) {
        const k = JSON.stringify(r.before);
        table.set(k, (table.get(k) ?? 0) - 1);
      }
      if (r.after !== null && r.after !== undefined) {
        const k = JSON.stringify(r.after);
        table.set(k, (table.get(k) ?? 0) + 1);
      }
    }
  }
  for (const [k, v] of table) if (v === 0) table.delete(k);
  return table;
}

function outputOf(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const sink of ['agg', 'win']) for (const [k, v] of committedRows(join(dir, sink))) out.set(`${sink}:${k}`, v);
  return out;
}

/** Newest modification time of a checkpoint's _metadata under `dir` (0 if none). */
function newestMetadata(dir: string): number {
  let newest = 0;
  const walk = (d: string): void => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name === '_metadata') newest = Math.max(newest, statSync(join(d, e.name)).mtimeMs);
    }
  };
  walk(dir);
  return newest;
}

type Kill = { readonly kind: 'time'; readonly ms: number } | { readonly kind: 'after-checkpoint'; readonly dir: string; readonly delayMs: number };

function run(args: string[], kill: Kill | undefined): Promise<{ code: number | null; killed: boolean; stderr: string }> {
  return new Promise((res, rej) => {
    const p = spawn(NODE, [WEIR, 'run', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let killed = false;
    const doKill = (): void => {
      killed = p.kill('SIGKILL');
    };
    let t: ReturnType<typeof setTimeout> | undefined;
    let watch: ReturnType<typeof setInterval> | undefined;
    if (kill?.kind === 'time') t = setTimeout(doKill, kill.ms);
    else if (kill?.kind === 'after-checkpoint') {
      // kill shortly after this run completes a checkpoint: the restore then has something to resume from
      const before = newestMetadata(kill.dir);
      watch = setInterval(() => {
        if (newestMetadata(kill.dir) > before) {
          clearInterval(watch);
          watch = undefined;
          t = setTimeout(doKill, kill.delayMs);
        }
      }, 15);
    }
    p.on('error', rej);
    p.on('exit', (code) => {
      if (t) clearTimeout(t);
      if (watch) clearInterval(watch);
      res({ code, killed: killed && code === null, stderr });
    });
  });
}

export async function faultInjection(o: FaultOptions): Promise<FaultReport> {
  const log = o.log ?? (() => {});
  rmSync(o.dir, { recursive: true, force: true });
  mkdirSync(o.dir, { recursive: true });
  writeInput(o.dir, o.rows, o.keys);
  writeFileSync(join(o.dir, 'ref.sql'), script(o.dir, 'ref', o.intervalMs));
  writeFileSync(join(o.dir, 'ft.sql'), script(o.dir, 'ft', o.intervalMs));

  const t0 = Date.now();
  const ref = await run([join(o.dir, 'ref.sql')], undefined);
  const referenceMs = Date.now() - t0;
  if (ref.code !== 0) throw new Error(`reference run failed (${ref.code}): ${ref.stderr}`);
  log(`reference run: ${referenceMs} ms`);

  const rnd = prng(o.seed ?? 42);
  const want = outputOf(join(o.dir, 'ref'));
  let kills = 0;
  let runs = 0;
  let restores = 0;
  let rounds = 0;
  let lost = 0;
  let duplicated = 0;
  let committed = 0;
  const maxRuns = o.maxRuns ?? o.kills * 4 + 10;
  // rounds: each a fresh output directory, killed until a run finishes by itself; until enough kills
  while (kills < o.kills || rounds === 0) {
    rounds++;
    rmSync(join(o.dir, 'ft'), { recursive: true, force: true });
    for (;;) {
      if (runs >= maxRuns) throw new Error(`gave up after ${runs} runs (${kills} kills)`);
      runs++;
      // alternate: a random moment of the job's life, or a random moment shortly after a checkpoint completed
      const kill: Kill | undefined =
        kills >= o.kills
          ? undefined
          : kills % 2 === 0
            ? { kind: 'time', ms: Math.floor(referenceMs * (0.3 + 0.7 * rnd())) }
            : { kind: 'after-checkpoint', dir: join(o.dir, 'ft', 'chk'), delayMs: Math.floor(rnd() * 300) };
      const at = kill === undefined ? '' : kill.kind === 'time' ? `${kill.ms} ms` : `${kill.delayMs} ms after a checkpoint`;
      const r = await run(['--restore', 'latest', join(o.dir, 'ft.sql')], kill);
      if (r.stderr.includes('Restoring job')) restores++;
      if (r.killed) {
        kills++;
        log(`round ${rounds} run ${runs}: killed ${at}`);
        continue;
      }
      if (r.code !== 0) throw new Error(`run ${runs} failed (${r.code}): ${r.stderr}`);
      log(`round ${rounds} run ${runs}: finished`);
      break;
    }
    const got = outputOf(join(o.dir, 'ft'));
    for (const k of new Set([...want.keys(), ...got.keys()])) {
      const d = (got.get(k) ?? 0) - (want.get(k) ?? 0);
      if (d < 0) lost -= d;
      else duplicated += d;
    }
    committed += [...got.values()].reduce((a, b) => a + b, 0);
  }
  const sum = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
  return { kills, runs, rounds, restores, referenceRows: sum(want) * rounds, committedRows: committed, lost, duplicated, referenceMs };
}
