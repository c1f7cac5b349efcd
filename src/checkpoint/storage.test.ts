import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsCheckpointStorage, latestCheckpoint, resolveRestorePath, type CheckpointMetadata, type StateHandle } from './storage.ts';
import { decodeSubtaskState, encodeSubtaskState } from './state-file.ts';

function meta(id: number, handles: StateHandle[]): CheckpointMetadata {
  return { version: 1, job: 'j', checkpointId: id, kind: 'checkpoint', timestamp: 0, finished: false, maxParallelism: 128, mode: 'EXACTLY_ONCE', handles, stats: {} };
}

async function checkpoint(s: FsCheckpointStorage, id: number, payload: string): Promise<string> {
  const h = await s.writeState(id, 'checkpoint', '1-0.state', Buffer.from(payload), { nodeId: 1, nodeName: 'op', subtask: 0, parallelism: 1 });
  return s.commit(meta(id, [h]));
}

void test('storage: a checkpoint exists only once its metadata is written; incomplete ones are invisible and cleaned', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'weir-st-'));
  try {
    const s = new FsCheckpointStorage(dir, 'my job');
    await checkpoint(s, 1, 'one');
    // checkpoint 2: state written, metadata never (a crash)
    await s.writeState(2, 'checkpoint', '1-0.state', Buffer.from('two'), { nodeId: 1, nodeName: 'op', subtask: 0, parallelism: 1 });
    const list = await s.listComplete();
    assert.deepEqual(
      list.map((c) => c.metadata.checkpointId),
      [1],
    );
    assert.equal(await s.highestId(), 2);
    assert.equal(await s.cleanupIncomplete(), 1);
    assert.ok(!existsSync(join(s.jobDir, 'chk-2')));
    assert.ok(existsSync(join(s.jobDir, 'chk-1', '_metadata')));
    // no temp metadata left behind
    assert.deepEqual(readdirSync(join(s.jobDir, 'chk-1')).sort(), ['1-0.state', '_metadata']);
    await s.discard(1, 'checkpoint');
    assert.deepEqual(await s.listComplete(), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

void test('storage: a truncated state file or corrupt metadata is reported and skipped for the previous checkpoint', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'weir-st-'));
  try {
    const s = new FsCheckpointStorage(dir, 'j');
    await checkpoint(s, 1, 'first state');
    const loc2 = await checkpoint(s, 2, 'second state');
    const loc3 = await checkpoint(s, 3, 'third state');
    truncateSync(join(loc3, '1-0.state'), 3);
    const reports: string[] = [];
    let latest = await latestCheckpoint(s, (l, why) => reports.push(`${l}: ${why}`));
    assert.equal(latest?.metadata.checkpointId, 2);
    assert.match(reports.join('\n'), /chk-3.*truncated/);
    // same size, flipped byte: the CRC catches it
    const f2 = join(loc2, '1-0.state');
    const b = readFileSync(f2);
    b[0] = b[0]! ^ 0xff;
    writeFileSync(f2, b);
    reports.length = 0;
    latest = await latestCheckpoint(s, (l, why) => reports.push(`${l}: ${why}`));
    assert.equal(latest?.metadata.checkpointId, 1);
    assert.match(reports.join('\n'), /chk-2.*checksum/);
    // corrupt metadata
    writeFileSync(join(s.jobDir, 'chk-1', '_metadata'), '{"sha256":"00","body":"{}"}');
    assert.equal(await latestCheckpoint(s, () => {}), undefined);
    await assert.rejects(resolveRestorePath(join(s.jobDir, 'chk-1')), /checksum mismatch/);
    await assert.rejects(resolveRestorePath(join(dir, 'nowhere')), /no _metadata/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

void test('state file: keyed state (Maps, BigInts, nested rows), position and sink state round-trip', async () => {
  const entries: Array<[string, unknown]> = [];
  for (let i = 0; i < 50_000; i++) entries.push([`k${i}`, [BigInt(i) * 10n ** 20n, new Map([[i, 'x']]), null]]);
  const st = {
    nodeId: 3,
    subtask: 1,
    keyed: { maxParallelism: 128, states: [{ name: 's', kind: 'value' as const, keyGroups: [{ keyGroup: 5, entries: entries.slice(0, 30_000) }, { keyGroup: 9, entries: entries.slice(30_000) }] }] },
    position: { file: '/x', offset: 10, line: 2 },
    sink: { pending: [{ inProgress: '.a', final: 'a' }] },
  };
  const back = decodeSubtaskState(await encodeSubtaskState(st));
  assert.deepEqual(back, { ...st, operator: undefined });
  const noKeyed = decodeSubtaskState(await encodeSubtaskState({ nodeId: 1, subtask: 0, position: null }));
  assert.equal(noKeyed.keyed, undefined);
  assert.equal(noKeyed.position, null);
  assert.equal(noKeyed.sink, undefined);
});
