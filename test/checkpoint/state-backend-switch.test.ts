/**
 * A savepoint taken with one state backend resumes with the other, at
 * another parallelism: `weir run --savepoint-on-exit` with 'hashmap' (or the
 * on-disk store), SIGTERM mid-stream, then `execution.savepoint.path` with
 * the on-disk store (or 'hashmap') at parallelism 2. The committed output
 * equals an uninterrupted run's: each key's final count, summed, is exactly
 * the number of generated rows. The on-disk runs use a 16-entry cache, so the
 * state really goes through LMDB.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE, WEIR } from '../helpers/weir-cli.ts';
import { committedRows } from './fault-injection.ts';

const ROWS = 6000;

const BACKEND: Record<string, string> = {
  heap: `SET 'state.backend.type' = 'hashmap';`,
  disk: `SET 'state.backend.type' = 'rocksdb'; SET 'state.backend.lmdb.cache.entries' = '16';`,
};

function script(dir: string, rate: number, settings: string): string {
  return `${settings}
SET 'execution.checkpointing.interval' = '100 ms';
SET 'state.checkpoints.dir' = '${join(dir, 'chk')}';
CREATE TABLE g (id BIGINT, k INT) WITH ('connector' = 'datagen', 'rows-per-second' = '${rate}',
  'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '${ROWS}', 'fields.k.min' = '1', 'fields.k.max' = '500');
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

for (const [from, to] of [
  ['heap', 'disk'],
  ['disk', 'heap'],
] as const) {
  void test(`a savepoint taken with the ${from} backend resumes with the ${to} backend at parallelism 2`, { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weir-sb-'));
    try {
      writeFileSync(join(dir, 'a.sql'), script(dir, 1500, BACKEND[from]!));
      const p = spawn(NODE, [WEIR, 'run', '--savepoint-on-exit', join(dir, 'a.sql')], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((r) => p.on('exit', (code) => r(code)));
      while (findMetadata(join(dir, 'chk'), 'chk-') === undefined) await new Promise((r) => setTimeout(r, 20));
      p.kill('SIGTERM');
      assert.equal(await exited, 0, stderr);
      const sp = findMetadata(join(dir, 'chk'), 'savepoint-');
      assert.ok(sp, `no savepoint: ${stderr}`);
      const partial = [...committedRows(join(dir, 'out')).keys()].reduce((a, k) => a + (JSON.parse(k) as { c: number }).c, 0);
      assert.ok(partial > 0 && partial < ROWS, `stopped mid-stream (${partial} rows counted)`);

      writeFileSync(join(dir, 'b.sql'), script(dir, 100_000, `${BACKEND[to]!}\nSET 'parallelism.default' = '2';\nSET 'execution.savepoint.path' = '${sp}';`));
      const r = spawnSync(NODE, [WEIR, 'run', join(dir, 'b.sql')], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /Restoring job .* from savepoint/);
      const table = committedRows(join(dir, 'out'));
      let total = 0;
      const keys = new Set<number>();
      for (const [row, n] of table) {
        assert.equal(n, 1, row);
        const { k, c } = JSON.parse(row) as { k: number; c: number };
        assert.ok(!keys.has(k), `one row per key (a restore that lost the state would start a second count for ${k})`);
        keys.add(k);
        total += c;
      }
      assert.equal(total, ROWS);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
