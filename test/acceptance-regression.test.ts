/**
 * Regression guard on Flink's own expected rows: runs a few of the shared
 * acceptance areas (../shared/acceptance, beside the checkout in CI) through
 * the `weir` command. Skipped when the shared folder is not there.
 * window_join and interval_join have late-row cases that depend on two
 * sources interleaving record by record, which the executor guarantees
 * (src/runtime/source-turns.ts) whatever the load.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const runner = path.resolve(root, '../shared/acceptance/run.mjs');
const areas = ['cdc', 'calc', 'group_agg', 'window_agg', 'window_join', 'interval_join'];

test('acceptance areas pass with Flink rows', { skip: !existsSync(runner) && 'shared acceptance cases not found' }, () => {
  const dirs = areas.map((a) => path.resolve(root, '../shared/acceptance/cases', a));
  const r = spawnSync(process.execPath, [runner, '--project', root, '--jobs', '2', ...dirs], { encoding: 'utf8', timeout: 240_000 });
  assert.equal(r.status, 0, r.stdout.slice(-3000) + r.stderr.slice(-2000));
  assert.match(r.stdout, /acceptance: \d+ passed, 0 failed/);
});
