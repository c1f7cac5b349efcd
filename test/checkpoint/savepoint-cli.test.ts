/**
 * `weir run --savepoint-on-exit`: SIGTERM takes a savepoint and stops the job
 * (exit 0); `SET 'execution.savepoint.path'` resumes from it, with a changed
 * 'rows-per-second' (throttling is not part of the state). The committed
 * output equals an uninterrupted run's: each key's final count, summed, is
 * exactly the number of generated rows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE, WEIR } from '../helpers/weir-cli.ts';
import { committedRows } from './fault-injection.ts';


function script(dir: string, rate: number, extra = ''): string {
  return `${extra}
SET 'execution.checkpointing.interval' = '100 ms';
SET 'state.checkpoints.dir' = '${join(dir, 'chk')}';
CREATE TABLE g (id BIGINT, k INT) WITH ('connector' = 'datagen', 'rows-per-second' = '${rate}',
  'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '6000', 'fields.k.min' = '1', 'fields.k.max' = '9');
CREATE TABLE o (k INT, c BIGINT) WITH ('connector' = 'filesystem', 'path' = '${join(dir, 'out')}', 'format' = 'debezium-json');
INSERT INTO o SELECT k, COUNT(*) FROM g GROUP BY k;
`;
}

function findMetadata(dir: string, prefix: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  for (const job of readdirSync(dir)) {
    for (const c of readdirSync(join(dir, job))) if (c.startsWith(prefix) && existsSync(join(dir, job, c, '_metadata'))) return join(dir, job, c);
  }
  return undefined;
}

void test('SIGTERM with --savepoint-on-exit takes a savepoint; execution.savepoint.path resumes from it exactly', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'weir-sp-'));
  try {
    writeFileSync(join(dir, 'a.sql'), script(dir, 1000));
    const p = spawn(NODE, [WEIR, 'run', '--savepoint-on-exit', join(dir, 'a.sql')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => p.on('exit', (code) => r(code)));
    // wait until the job runs (a checkpoint completed), then ask it to stop
    while (findMetadata(join(dir, 'chk'), 'chk-') === undefined) await new Promise((r) => setTimeout(r, 20));
    p.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);
    const sp = findMetadata(join(dir, 'chk'), 'savepoint-');
    assert.ok(sp, `no savepoint: ${stderr}`);
    assert.match(stderr, /Savepoint of .* stored in/);
    const partial = [...committedRows(join(dir, 'out')).keys()].reduce((a, k) => a + (JSON.parse(k) as { c: number }).c, 0);
    assert.ok(partial < 6000, `stopped early (${partial} rows counted)`);

    writeFileSync(join(dir, 'b.sql'), script(dir, 100_000, `SET 'execution.savepoint.path' = '${sp}';`));
    const r = spawnSync(NODE, [WEIR, 'run', join(dir, 'b.sql')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /Restoring job .* from savepoint/);
    const table = committedRows(join(dir, 'out'));
    assert.equal(table.size, 9);
    let total = 0;
    for (const [k, n] of table) {
      assert.equal(n, 1);
      total += (JSON.parse(k) as { c: number }).c;
    }
    assert.equal(total, 6000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

void test('--restore with a path that is not a complete checkpoint fails with the reason', () => {
  const dir = mkdtempSync(join(tmpdir(), 'weir-sp-'));
  try {
    writeFileSync(join(dir, 'a.sql'), script(dir, 1000));
    const r = spawnSync(NODE, [WEIR, 'run', '--restore', join(dir, 'nothing'), join(dir, 'a.sql')], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /cannot restore from .*no _metadata/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
