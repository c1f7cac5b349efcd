/**
 * Issue #7: a savepoint taken at parallelism 1 restores at parallelism 2, and
 * a savepoint of that run back at parallelism 1, and the committed output
 * equals an uninterrupted run's. All through the CLI: `weir run` with
 * `SET 'parallelism.default'`, `weir stop` for the first savepoint, and
 * `STOP JOB '<id>' WITH SAVEPOINT` (after `SHOW JOBS`) in a second `weir run`
 * for the other.
 *
 * The job reads a throttled datagen sequence (so it can be stopped
 * mid-stream), computes HOP window aggregates per key (sliced windows: the
 * restored operator must not fire a window twice) and groups them again by
 * key, into the exactly-once filesystem sink in debezium-json (a changelog;
 * the committed files are applied to a table).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE, WEIR } from '../helpers/weir-cli.ts';
import { committedRows } from './fault-injection.ts';
import { decodeMetadata } from '../../src/checkpoint/storage.ts';

const ROWS = 4000;

interface RunOptions {
  readonly parallelism: number;
  readonly rate: number;
  readonly out: string;
  readonly restore?: string;
}

function script(dir: string, o: RunOptions): string {
  return `
SET 'parallelism.default' = '${o.parallelism}';
SET 'pipeline.name' = 'rescaled';
SET 'execution.checkpointing.interval' = '150 ms';
SET 'state.checkpoints.dir' = '${join(dir, 'chk')}';
SET 'restart-strategy.type' = 'none';
${o.restore ? `SET 'execution.savepoint.path' = '${o.restore}';` : ''}
CREATE TABLE g (
  id BIGINT,
  k AS id % 7,
  ts AS TO_TIMESTAMP_LTZ(id * 250, 3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH ('connector' = 'datagen', 'rows-per-second' = '${o.rate}',
  'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '${ROWS}');
CREATE TABLE o (k BIGINT, windows BIGINT, total BIGINT, biggest BIGINT)
  WITH ('connector' = 'filesystem', 'path' = '${o.out}', 'format' = 'debezium-json');
INSERT INTO o
SELECT k, COUNT(*), SUM(c), MAX(s) FROM (
  SELECT k, window_start, COUNT(*) AS c, SUM(id) AS s
  FROM TABLE(HOP(TABLE g, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '6' SECOND))
  GROUP BY k, window_start, window_end
) GROUP BY k;
`;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Complete checkpoint directories (chk-<n> with _metadata) under the job's checkpoint directory. */
function completedCheckpointIds(dir: string): number[] {
  const jobDir = join(dir, 'chk', 'rescaled');
  if (!existsSync(jobDir)) return [];
  return readdirSync(jobDir)
    .filter((c) => /^chk-\d+$/.test(c) && existsSync(join(jobDir, c, '_metadata')))
    .map((c) => Number(c.slice(4)));
}

/** Whether a job is registered in the run directory (what `weir list` reads). */
function registered(dir: string): boolean {
  return existsSync(join(dir, 'run')) && readdirSync(join(dir, 'run')).some((f) => /^[0-9a-f]{32}\.json$/.test(f));
}

function readMetadata(location: string): ReturnType<typeof decodeMetadata> {
  return decodeMetadata(readFileSync(join(location, '_metadata'), 'utf8'), location);
}

void test('savepoint at parallelism 1 → restore at 2 → savepoint → restore at 1 equals an uninterrupted run', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'weir-rescale-'));
  const env = { ...process.env, WEIR_RUN_DIR: join(dir, 'run') };
  const weir = (args: string[]) => spawnSync(NODE, [WEIR, ...args], { encoding: 'utf8', env });
  try {
    // the reference: one uninterrupted run
    writeFileSync(join(dir, 'ref.sql'), script(dir, { parallelism: 1, rate: 100_000_000, out: join(dir, 'ref') }));
    const ref = weir(['run', join(dir, 'ref.sql')]);
    assert.equal(ref.status, 0, ref.stderr);
    const expected = committedRows(join(dir, 'ref'));
    assert.equal(expected.size, 7);
    rmSync(join(dir, 'chk'), { recursive: true, force: true });

    // a run that is stopped once it made progress (a checkpoint completed after `after`)
    const startStopped = async (o: RunOptions, after: number): Promise<{ exited: Promise<number | null>; stderr: () => string }> => {
      const name = `p${o.parallelism}-${after}.sql`;
      writeFileSync(join(dir, name), script(dir, o));
      const p = spawn(NODE, [WEIR, 'run', join(dir, name)], { stdio: ['ignore', 'ignore', 'pipe'], env });
      let stderr = '';
      p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((r) => p.on('exit', (code) => r(code)));
      for (;;) {
        if (completedCheckpointIds(dir).some((id) => id > after) && registered(dir)) break;
        if (p.exitCode !== null) assert.fail(`the job ended before it was stopped: ${stderr}`);
        await sleep(25);
      }
      return { exited, stderr: () => stderr };
    };

    // 1. parallelism 1, stopped with `weir stop` (by job name)
    const a = await startStopped({ parallelism: 1, rate: 300, out: join(dir, 'out') }, 0);
    const stop = weir(['stop', '--savepointPath', join(dir, 'sp'), 'rescaled']);
    assert.equal(stop.status, 0, stop.stderr);
    assert.match(stop.stdout, /^Suspending job "[0-9a-f]{32}" with a savepoint\.\nSavepoint completed\. Path: /);
    const sp1 = /Path: (.*)/.exec(stop.stdout)![1]!;
    assert.equal(await a.exited, 0, a.stderr());
    assert.match(a.stderr(), /stopped with a savepoint/);
    const m1 = readMetadata(sp1);
    assert.equal(m1.kind, 'savepoint');
    assert.equal(m1.finished, false, 'the savepoint was taken mid-stream');
    assert.ok(m1.handles.every((h) => h.parallelism === 1));
    assert.notDeepEqual(committedRows(join(dir, 'out')), expected, 'stopped before the end');

    // 2. restored at parallelism 2, stopped by STOP JOB … WITH SAVEPOINT from another `weir run`
    const b = await startStopped({ parallelism: 2, rate: 300, out: join(dir, 'out'), restore: sp1 }, m1.checkpointId);
    const jobs = weir(['list']).stdout;
    const id = /: ([0-9a-f]{32}) : rescaled \(RUNNING\)/.exec(jobs)![1]!;
    writeFileSync(join(dir, 'stop.sql'), `SET 'state.savepoints.dir' = '${join(dir, 'sp2')}';\nSHOW JOBS;\nSTOP JOB '${id}' WITH SAVEPOINT;\n`);
    const stopSql = weir(['run', join(dir, 'stop.sql')]);
    assert.equal(stopSql.status, 0, stopSql.stderr);
    assert.match(stopSql.stdout, new RegExp(`\\| +job id \\| +job name \\| +status \\| +start time \\|[\\s\\S]*\\| ${id} \\| +rescaled \\| +RUNNING \\| \\d{4}-\\d\\d-\\d\\dT`));
    assert.match(stopSql.stdout, /\| +savepoint path \|/);
    const sp2 = new RegExp(`\\| (${join(dir, 'sp2').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\S*) +\\|`).exec(stopSql.stdout)![1]!;
    assert.equal(await b.exited, 0, b.stderr());
    assert.match(b.stderr(), /Restoring job rescaled from savepoint/);
    const m2 = readMetadata(sp2);
    assert.equal(m2.finished, false, 'the second savepoint was taken mid-stream');
    assert.ok(m2.handles.some((h) => h.parallelism === 2), 'the restored run had parallelism 2');
    assert.ok(m2.checkpointId > m1.checkpointId);

    // 3. back to parallelism 1, to the end
    writeFileSync(join(dir, 'c.sql'), script(dir, { parallelism: 1, rate: 100_000_000, out: join(dir, 'out'), restore: sp2 }));
    const c = weir(['run', join(dir, 'c.sql')]);
    assert.equal(c.status, 0, c.stderr);
    assert.deepEqual(committedRows(join(dir, 'out')), expected);
    assert.match(weir(['list']).stdout, /^No running jobs\.\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
