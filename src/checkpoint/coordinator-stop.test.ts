/** The coordinator's stop-with-savepoint and drain: what it triggers after the savepoint, and where the savepoint goes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CheckpointCoordinator, type CheckpointParticipant } from './coordinator.ts';
import { checkpointConfig } from './config.ts';
import type { CheckpointMetadata, CheckpointStorage } from './storage.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function setup(declineSavepoints = false) {
  const targets = new Map<number, string>();
  const storage: CheckpointStorage = {
    writeState: () => Promise.reject(new Error('unused')),
    commit: (m: CheckpointMetadata) => Promise.resolve(`${targets.get(m.checkpointId) ?? '/default'}/${m.kind}-${m.checkpointId}`),
    discard: () => Promise.resolve(),
    listComplete: () => Promise.resolve([]),
    cleanupIncomplete: () => Promise.resolve(0),
    highestId: () => Promise.resolve(0),
    setSavepointTarget: (id, dir) => void targets.set(id, dir),
  };
  const coord = new CheckpointCoordinator({
    config: checkpointConfig(new Map([['execution.checkpointing.interval', '20 ms']])),
    storage,
    job: 'j',
    maxParallelism: 128,
    firstId: 1,
    existing: [],
  });
  const drained: string[] = [];
  const src: CheckpointParticipant = {
    key: 'src',
    isSource: true,
    triggerCheckpoint(id) {
      setImmediate(() => {
        if (declineSavepoints && coord.kindOf(id) === 'savepoint') coord.decline(id, 'src', 'no');
        else coord.acknowledge(id, 'src', [], { syncMs: 0, asyncMs: 0, bytes: 0 });
      });
    },
    notifyCheckpointComplete: () => undefined,
    notifyCheckpointAborted: () => undefined,
    drain: () => void drained.push('src'),
  };
  coord.register([src]);
  coord.start();
  return { coord, drained };
}

void test('stop with a savepoint: it goes to the target directory and no checkpoint follows it', async () => {
  const { coord } = setup();
  await sleep(70);
  assert.ok(coord.completed.length >= 1);
  const loc = await coord.triggerSavepoint('/target', true);
  assert.match(loc, /^\/target\/savepoint-\d+$/);
  const n = coord.completed.length;
  await sleep(100);
  assert.equal(coord.completed.length, n, 'no periodic checkpoint after the stop savepoint');
  assert.equal(coord.completed.at(-1)!.kind, 'savepoint');
  coord.stop();
});

void test('a failed stop savepoint lets periodic checkpoints resume', async () => {
  const { coord } = setup(true);
  await assert.rejects(coord.triggerSavepoint(undefined, true), /declined by src: no/);
  const n = coord.completed.length;
  await sleep(100);
  assert.ok(coord.completed.length > n);
  coord.stop();
});

void test('drain: sources are told to end; the final checkpoint is the savepoint', async () => {
  const { coord, drained } = setup();
  const p = coord.triggerDrainSavepoint('/drained');
  assert.deepEqual(drained, ['src']);
  await assert.rejects(coord.triggerDrainSavepoint(), /already being drained/);
  coord.sourceFinished('src');
  const loc = await p;
  assert.match(loc, /^\/drained\/savepoint-\d+$/);
  const last = coord.completed.at(-1)!;
  assert.deepEqual([last.kind, last.final], ['savepoint', true]);
  coord.stop();
});
