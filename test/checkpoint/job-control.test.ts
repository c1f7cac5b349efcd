/**
 * Job control from another process: `weir list`, `weir savepoint`, `weir
 * cancel`, their errors (unknown job, a job without checkpointing, bad
 * usage), stale registry entries, and SHOW JOBS / STOP JOB in a script.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE, WEIR } from '../helpers/weir-cli.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function slowJob(dir: string, checkpointing: boolean): string {
  return `
SET 'pipeline.name' = 'slow';
${checkpointing ? `SET 'execution.checkpointing.interval' = '100 ms';\nSET 'state.checkpoints.dir' = '${join(dir, 'chk')}';` : ''}
CREATE TABLE g (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '200', 'number-of-rows' = '100000');
CREATE TABLE o (id BIGINT) WITH ('connector' = 'blackhole');
INSERT INTO o SELECT id FROM g;
`;
}

/** Starts `weir run` on a slow job and waits until it is registered; returns its id and a promise of its exit code. */
async function startSlow(dir: string, env: NodeJS.ProcessEnv, checkpointing: boolean, sql = slowJob(dir, checkpointing)): Promise<{ id: string; exited: Promise<number | null>; stderr: () => string }> {
  writeFileSync(join(dir, 'slow.sql'), sql);
  const p = spawn(NODE, [WEIR, 'run', join(dir, 'slow.sql')], { stdio: ['ignore', 'ignore', 'pipe'], env });
  let stderr = '';
  p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((r) => p.on('exit', (code) => r(code)));
  const run = env['WEIR_RUN_DIR']!;
  for (;;) {
    const f = existsSync(run) ? readdirSync(run).find((n) => /^[0-9a-f]{32}\.json$/.test(n)) : undefined;
    if (f) return { id: f.slice(0, 32), exited, stderr: () => stderr };
    if (p.exitCode !== null) assert.fail(`weir run ended: ${stderr}`);
    await sleep(20);
  }
}

void test('weir list / savepoint / cancel on a running job; unknown jobs and bad usage', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'weir-jobs-'));
  const env = { ...process.env, WEIR_RUN_DIR: join(dir, 'run') };
  const weir = (...args: string[]) => spawnSync(NODE, [WEIR, ...args], { encoding: 'utf8', env });
  try {
    assert.equal(weir('list').stdout, 'No running jobs.\n');
    const job = await startSlow(dir, env, true);
    const list = weir('list');
    assert.equal(list.status, 0);
    assert.match(list.stdout, new RegExp(`^-+ Running/Restarting Jobs -+\\n\\d\\d\\.\\d\\d\\.\\d{4} \\d\\d:\\d\\d:\\d\\d : ${job.id} : slow \\(RUNNING\\)\\n-+\\n$`));

    // a savepoint into a directory of its own; the job keeps running
    const sp = weir('savepoint', job.id, join(dir, 'sp'));
    assert.equal(sp.status, 0, sp.stderr);
    const path = /Savepoint completed\. Path: (.*)\n/.exec(sp.stdout)![1]!;
    assert.ok(path.startsWith(join(dir, 'sp', 'slow', 'savepoint-')), path);
    assert.ok(existsSync(join(path, '_metadata')));
    assert.match(weir('list').stdout, /slow \(RUNNING\)/);
    // Flink's `savepoint --dispose`: a savepoint is deleted, anything else is refused
    const disposed = weir('savepoint', '--dispose', path);
    assert.equal(disposed.status, 0, disposed.stderr);
    assert.equal(disposed.stdout, `Disposing savepoint '${path}'.\nSavepoint '${path}' disposed.\n`);
    assert.ok(!existsSync(path));
    const again = weir('savepoint', '-d', path);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /Cannot dispose savepoint .*no _metadata/);

    // errors: unknown job (exit 1), bad usage (exit 2)
    for (const args of [['savepoint', 'nope'], ['stop', '0123456789abcdef0123456789abcdef']]) {
      const r = weir(...args);
      assert.equal(r.status, 1, args.join(' '));
      assert.match(r.stderr, /\[ERROR\] Could not find a running job with id or name '.*' \(see 'weir list'\)\./);
    }
    assert.equal(weir('savepoint').status, 2);
    assert.equal(weir('stop', '--bogus', job.id).status, 2);

    // SHOW JOBS and STOP JOB (without savepoint: cancel) from a script
    writeFileSync(join(dir, 'ctl.sql'), `SHOW JOBS;\nSTOP JOB 'nope' WITH SAVEPOINT;\n`);
    const bad = weir('run', join(dir, 'ctl.sql'));
    assert.equal(bad.status, 1);
    assert.match(bad.stdout, new RegExp(`\\| ${job.id} \\| +slow \\| +RUNNING \\|`));
    assert.match(bad.stderr, /Could not stop job 'nope': Could not find a running job/);
    assert.match(bad.stderr, /STOP JOB 'nope' WITH SAVEPOINT;\n\^/);
    writeFileSync(join(dir, 'stop.sql'), `STOP JOB '${job.id}';\n`);
    const stop = weir('run', join(dir, 'stop.sql'));
    assert.equal(stop.status, 0, stop.stderr);
    assert.equal(await job.exited, 0, job.stderr());
    assert.equal(weir('list').stdout, 'No running jobs.\n');
    assert.deepEqual(readdirSync(join(dir, 'run')), [], 'the registry file and the socket are removed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

void test('a job without checkpointing refuses a savepoint (exit 1) but can be cancelled; stale entries are dropped', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'weir-jobs-'));
  const env = { ...process.env, WEIR_RUN_DIR: join(dir, 'run') };
  const weir = (...args: string[]) => spawnSync(NODE, [WEIR, ...args], { encoding: 'utf8', env });
  try {
    // an entry left by a process that died
    mkdirSync(join(dir, 'run'));
    const dead = spawnSync(NODE, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const stale = { version: 1, id: 'f'.repeat(32), name: 'gone', pid: Number(dead.stdout), startTime: 0, status: 'RUNNING', socket: join(dir, 'run', 'x.sock'), checkpointDir: null, savepointDir: null };
    writeFileSync(join(dir, 'run', `${'f'.repeat(32)}.json`), JSON.stringify(stale));
    assert.equal(weir('list').stdout, 'No running jobs.\n');
    assert.ok(!existsSync(join(dir, 'run', `${'f'.repeat(32)}.json`)));

    const job = await startSlow(dir, env, false);
    const sp = weir('savepoint', 'slow', join(dir, 'sp'));
    assert.equal(sp.status, 1);
    assert.match(sp.stderr, /\[ERROR\] Job slow cannot take a savepoint: it runs without checkpointing \(set 'execution\.checkpointing\.interval'/);
    const c = weir('cancel', 'slow');
    assert.equal(c.status, 0, c.stderr);
    assert.equal(c.stdout, `Cancelling job ${job.id}.\nCancelled job ${job.id}.\n`);
    assert.equal(await job.exited, 0, job.stderr());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

void test('STOP JOB … WITH SAVEPOINT WITH DRAIN: the input ends, every window fires, the job finishes with the savepoint', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'weir-jobs-'));
  const env = { ...process.env, WEIR_RUN_DIR: join(dir, 'run') };
  const weir = (...args: string[]) => spawnSync(NODE, [WEIR, ...args], { encoding: 'utf8', env });
  try {
    const sql = `
SET 'pipeline.name' = 'drained';
SET 'execution.checkpointing.interval' = '100 ms';
SET 'state.checkpoints.dir' = '${join(dir, 'chk')}';
CREATE TABLE g (id BIGINT, ts AS TO_TIMESTAMP_LTZ(id * 100, 3), WATERMARK FOR ts AS ts) WITH ('connector' = 'datagen',
  'rows-per-second' = '300', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '1000000');
CREATE TABLE o (ws TIMESTAMP_LTZ(3), c BIGINT, mx BIGINT) WITH ('connector' = 'filesystem', 'path' = '${join(dir, 'out')}', 'format' = 'json');
INSERT INTO o SELECT window_start, COUNT(*), MAX(id) FROM TABLE(TUMBLE(TABLE g, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end;
`;
    const job = await startSlow(dir, env, true, sql);
    await sleep(500);
    writeFileSync(join(dir, 'stop.sql'), `SET 'state.savepoints.dir' = '${join(dir, 'sp')}';\nSTOP JOB '${job.id}' WITH SAVEPOINT WITH DRAIN;\n`);
    const stop = weir('run', join(dir, 'stop.sql'));
    assert.equal(stop.status, 0, stop.stderr);
    const path = new RegExp(`\\| (${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/sp/drained/savepoint-\\d+) +\\|`).exec(stop.stdout)![1]!;
    assert.equal(await job.exited, 0, job.stderr());
    assert.match(job.stderr(), /drained and stopped with a savepoint/);
    const meta = JSON.parse((JSON.parse(readFileSync(join(path, '_metadata'), 'utf8')) as { body: string }).body) as { kind: string; finished: boolean };
    assert.deepEqual([meta.kind, meta.finished], ['savepoint', true]);
    // every row read was counted in a fired window, the last (partial) one included, and committed
    const rows = readdirSync(join(dir, 'out'))
      .filter((f) => !f.startsWith('.'))
      .flatMap((f) => readFileSync(join(dir, 'out', f), 'utf8').split('\n').filter(Boolean))
      .map((l) => JSON.parse(l) as { c: number; mx: number });
    assert.ok(rows.length > 0);
    const read = Math.max(...rows.map((r) => r.mx));
    assert.equal(rows.reduce((a, r) => a + r.c, 0), read);
    assert.ok(read < 1_000_000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

void test("a run directory owned by another user is neither used nor trusted", async (t) => {
  const { chownSync } = await import('node:fs');
  const { ensureRunDir, listJobs } = await import('../../src/control/registry.ts');
  const dir = mkdtempSync(join(tmpdir(), 'weir-jobs-'));
  const saved = process.env['WEIR_RUN_DIR'];
  try {
    const run = join(dir, 'run');
    mkdirSync(run);
    writeFileSync(join(run, `${'a'.repeat(32)}.json`), JSON.stringify({ version: 1, id: 'a'.repeat(32), name: 'x', pid: process.pid, startTime: 0, status: 'RUNNING', socket: join(run, 's'), checkpointDir: null, savepointDir: null }));
    process.env['WEIR_RUN_DIR'] = run;
    assert.equal(listJobs().length, 1);
    try {
      chownSync(run, 65534, 65534);
    } catch {
      t.skip('cannot change the owner of a directory here');
      return;
    }
    assert.deepEqual(listJobs(), []);
    assert.throws(() => ensureRunDir(), /belongs to another user; set WEIR_RUN_DIR/);
  } finally {
    if (saved === undefined) delete process.env['WEIR_RUN_DIR'];
    else process.env['WEIR_RUN_DIR'] = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});
