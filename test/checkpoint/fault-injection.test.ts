/**
 * Exactly-once under SIGKILL (short version; bench/fault-injection.ts does ≥ 20 kills):
 * a group aggregation and a window aggregation into the exactly-once filesystem sink
 * (debezium-json), killed at random moments and resumed with `--restore latest`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { faultInjection } from './fault-injection.ts';

void test('killed with SIGKILL and restored from the latest checkpoint: committed output equals the failure-free run', { timeout: 120_000 }, async () => {
  const dir = join(tmpdir(), `weir-fault-${process.pid}`);
  try {
    const r = await faultInjection({ dir, rows: 20_000, keys: 300, kills: 2, intervalMs: 50, seed: Date.now() % 1000 });
    assert.ok(r.kills >= 2, `kills: ${r.kills}`);
    // the second kill comes right after a completed checkpoint, so a later run resumed from one
    assert.ok(r.restores >= 1, `restores: ${JSON.stringify(r)}`);
    assert.ok(r.referenceRows > 0);
    assert.equal(r.lost, 0, `rows lost: ${JSON.stringify(r)}`);
    assert.equal(r.duplicated, 0, `rows duplicated: ${JSON.stringify(r)}`);
    assert.equal(r.committedRows, r.referenceRows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
