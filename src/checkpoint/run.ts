/**
 * Running a job with checkpoints: resolves what to restore ('latest' or a
 * path), builds the storage and the coordinator of each attempt, and applies
 * the restart strategy — a failed attempt is restarted from the newest
 * complete checkpoint. Without checkpointing configured it is plain runJob.
 *
 * Config keys (besides config.ts's Flink ones): 'weir.restore' = 'latest' is
 * what `weir run --restore latest` sets; 'execution.savepoint.path' names a
 * checkpoint or savepoint directory, as in Flink.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WeirError } from '../common/error.ts';
import type { JobGraph } from '../runtime/graph.ts';
import { startJob, type ExecutorOptions, type JobResult } from '../runtime/executor.ts';
import type { RestoredNode } from '../runtime/task.ts';
import { checkpointConfig, restartStrategy, type CheckpointConfig } from './config.ts';
import { CheckpointCoordinator, type CompletedStats } from './coordinator.ts';
import { restartDelay } from './protocol.ts';
import { decodeSubtaskState, type SubtaskState } from './state-file.ts';
import { FsCheckpointStorage, latestCheckpoint, readStateFile, resolveRestorePath, type CompletedCheckpoint } from './storage.ts';

export const RESTORE_KEY = 'weir.restore';

/** A running checkpointed job, for signal handlers (stop with a savepoint). */
export interface ActiveJob {
  readonly name: string;
  /** Takes a savepoint, then cancels the job; resolves with the savepoint's location. */
  stopWithSavepoint(): Promise<string>;
  triggerSavepoint(): Promise<string>;
}

export const activeJobs = new Set<ActiveJob>();

export interface CheckpointedRunOptions extends Omit<ExecutorOptions, 'checkpointing'> {
  /** Messages for the user (stderr in the CLI). */
  readonly log?: (msg: string) => void;
  /** Called with each attempt's completed checkpoints when it ends (tests, benchmarks). */
  readonly onAttemptEnd?: (completed: readonly CompletedStats[]) => void;
  /** Force a coordinator even without a checkpoint interval (savepoints on request). */
  readonly savepoints?: boolean;
}

/** Reads every state file of a checkpoint: per node id, the old parallelism and every subtask's record. */
export async function readCheckpointState(c: CompletedCheckpoint): Promise<Map<number, RestoredNode>> {
  const byNode = new Map<number, { parallelism: number; records: SubtaskState[] }>();
  for (const h of c.metadata.handles) {
    const st = decodeSubtaskState(await readStateFile(c.location, h));
    let e = byNode.get(h.nodeId);
    if (!e) byNode.set(h.nodeId, (e = { parallelism: h.parallelism, records: [] }));
    e.records.push(st);
  }
  return byNode;
}

function checkRestorable(graph: JobGraph, c: CompletedCheckpoint): void {
  if (c.metadata.maxParallelism !== graph.maxParallelism) {
    throw new WeirError(
      'runtime',
      'RESTORE_MISMATCH',
      `cannot restore ${c.location}: it was taken with maxParallelism ${c.metadata.maxParallelism}, the job has ${graph.maxParallelism}`,
    );
  }
  const ids = new Map(graph.nodes.map((n) => [n.id, n]));
  for (const h of c.metadata.handles) {
    if (!ids.has(h.nodeId)) {
      throw new WeirError('runtime', 'RESTORE_MISMATCH', `cannot restore ${c.location}: it has state for operator ${h.nodeId} (${h.nodeName}), which this job does not have`);
    }
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function runJobCheckpointed(graph: JobGraph, options: CheckpointedRunOptions = {}): Promise<JobResult> {
  const cfg: CheckpointConfig = checkpointConfig(graph.config);
  const restoreMode = graph.config.get(RESTORE_KEY)?.trim();
  const enabled = cfg.intervalMs !== undefined || options.savepoints === true;
  const log = options.log ?? ((m: string) => process.stderr.write(m + '\n'));
  if (!enabled && !restoreMode && !cfg.restorePath) {
    return startJob(graph, options).result;
  }
  let tempDir: string | undefined;
  let dir = cfg.dir;
  if (dir === undefined) {
    if (restoreMode === 'latest') {
      throw new WeirError('config', 'CONFIG', `--restore latest needs 'state.checkpoints.dir' to know where the job's checkpoints are`);
    }
    dir = tempDir = await mkdtemp(join(tmpdir(), 'weir-checkpoints-'));
  }
  const storage = new FsCheckpointStorage(dir, graph.name, cfg.savepointDir);
  const onCorrupt = (loc: string, why: string): void => log(`[WARN] skipping checkpoint ${loc}: ${why}`);

  let restoreFrom: CompletedCheckpoint | undefined;
  if (cfg.restorePath && cfg.restorePath !== 'latest') {
    restoreFrom = await resolveRestorePath(cfg.restorePath).catch((e: unknown) => {
      throw new WeirError('runtime', 'RESTORE_FAILED', `cannot restore from '${cfg.restorePath}': ${(e as Error).message}`);
    });
  } else if (restoreMode === 'latest' || cfg.restorePath === 'latest') {
    restoreFrom = await latestCheckpoint(storage, onCorrupt);
    if (!restoreFrom) log(`[INFO] No complete checkpoint under ${storage.jobDir}; starting from the beginning.`);
  }
  await storage.cleanupIncomplete();
  const strategy = restartStrategy(graph.config, cfg.intervalMs !== undefined);

  let attempt = 0;
  try {
    for (;;) {
      if (restoreFrom) {
        checkRestorable(graph, restoreFrom);
        log(`[INFO] Restoring job ${graph.name} from ${restoreFrom.metadata.kind} ${restoreFrom.metadata.checkpointId} (${restoreFrom.location}).`);
      }
      const restored = restoreFrom ? await readCheckpointState(restoreFrom) : undefined;
      const existing = (await storage.listComplete()).map((c) => c.metadata.checkpointId);
      const firstId = Math.max(await storage.highestId(), restoreFrom?.metadata.checkpointId ?? 0) + 1;
      const coordinator = new CheckpointCoordinator({
        config: cfg,
        storage,
        job: graph.name,
        maxParallelism: graph.maxParallelism,
        firstId,
        existing,
        log,
      });
      const handle = startJob(graph, { ...options, checkpointing: { coordinator, restored } });
      const active: ActiveJob = {
        name: graph.name,
        triggerSavepoint: () => coordinator.triggerSavepoint(),
        async stopWithSavepoint() {
          const loc = await coordinator.triggerSavepoint();
          handle.cancel();
          return loc;
        },
      };
      activeJobs.add(active);
      try {
        const result = await handle.result;
        options.onAttemptEnd?.(coordinator.completed);
        if (result.status === 'cancelled' && cfg.retention !== 'RETAIN_ON_CANCELLATION') await coordinator.discardAll();
        return result;
      } catch (e) {
        options.onAttemptEnd?.(coordinator.completed);
        attempt++;
        // a job that cannot start from its checkpoint (mismatch, wrong parallelism) would fail the same way again
        const fatal = e instanceof WeirError && (e.code.startsWith('RESTORE') || e.kind === 'plan' || e.kind === 'validation' || e.kind === 'config');
        const delay = fatal ? undefined : restartDelay(strategy, attempt);
        if (delay === undefined) throw e;
        log(`[WARN] Job ${graph.name} failed (${(e as Error).message}); restart ${attempt} in ${delay} ms from the latest checkpoint.`);
        await sleep(delay);
        await storage.cleanupIncomplete();
        restoreFrom = (await latestCheckpoint(storage, onCorrupt)) ?? restoreFrom;
      } finally {
        activeJobs.delete(active);
      }
    }
  } finally {
    if (tempDir !== undefined) await rm(tempDir, { recursive: true, force: true });
  }
}
