/**
 * Running a job with checkpoints: resolves what to restore ('latest' or a
 * path), builds the storage and the coordinator of each attempt, and applies
 * the restart strategy — a failed attempt is restarted from the newest
 * complete checkpoint. Without checkpointing configured it is plain runJob.
 *
 * Config keys (besides config.ts's Flink ones): 'weir.restore' = 'latest' is
 * what `weir run --restore latest` sets; 'weir.savepoints' = 'true' runs a
 * coordinator (savepoints on request) even without a checkpoint interval;
 * 'execution.savepoint.path' names a checkpoint or savepoint directory, as in
 * Flink.
 *
 * Every running job is in `activeJobs` (with an id, as Flink's JobID) and
 * announced to `observeJobs` listeners: the job control of src/control
 * registers it so that other processes can list it, take a savepoint of it or
 * stop it.
 */
import { randomBytes } from 'node:crypto';
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
export const SAVEPOINTS_KEY = 'weir.savepoints';

/** A running job, for job control (savepoints, stop, cancel) from signal handlers and other processes. */
export interface ActiveJob {
  /** 32 hex digits, as Flink's JobID. */
  readonly id: string;
  readonly name: string;
  /** Epoch milliseconds. */
  readonly startTime: number;
  /** Where its checkpoints go (undefined: a temporary directory, or no checkpointing). */
  readonly checkpointDir: string | undefined;
  /** Where savepoints go without a target directory (undefined: none configured). */
  readonly savepointDir: string | undefined;
  /** Takes a savepoint (under `targetDir` if given); resolves with its location. */
  triggerSavepoint(targetDir?: string): Promise<string>;
  /**
   * Takes a savepoint, waits until sinks committed up to it, then cancels the
   * job; resolves with the savepoint's location. With `drain`, the sources end
   * their input first (windows fire), the savepoint is the final checkpoint
   * and the job finishes by itself.
   */
  stopWithSavepoint(targetDir?: string, drain?: boolean): Promise<string>;
  /** Cancels the job without a savepoint. */
  cancel(): void;
}

export const activeJobs = new Set<ActiveJob>();

export interface JobObserver {
  started(job: ActiveJob): void;
  ended(job: ActiveJob): void;
}

const observers = new Set<JobObserver>();

/** Listens to jobs starting and ending in this process; returns the function that stops listening. */
export function observeJobs(o: JobObserver): () => void {
  observers.add(o);
  return () => observers.delete(o);
}

function announce(job: ActiveJob, started: boolean): void {
  if (started) activeJobs.add(job);
  else activeJobs.delete(job);
  for (const o of observers) {
    try {
      if (started) o.started(job);
      else o.ended(job);
    } catch {
      // an observer's failure (e.g. the run directory is not writable) does not fail the job
    }
  }
}

/** How long a stop waits for the sinks to commit the savepoint's output before it cancels the job. */
const STOP_COMMIT_TIMEOUT_MS = 10_000;

function noSavepoints(name: string, why: string): Promise<never> {
  return Promise.reject(new WeirError('runtime', 'SAVEPOINT_UNAVAILABLE', `Job ${name} cannot take a savepoint: ${why}`));
}

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
  const enabled = cfg.intervalMs !== undefined || options.savepoints === true || graph.config.get(SAVEPOINTS_KEY)?.trim() === 'true';
  const log = options.log ?? ((m: string) => process.stderr.write(m + '\n'));
  const jobId = randomBytes(16).toString('hex');
  const startTime = Date.now();
  if (!enabled && !restoreMode && !cfg.restorePath) {
    const handle = startJob(graph, options);
    const why = `it runs without checkpointing (set 'execution.checkpointing.interval', or start it with 'weir run --savepoint-on-exit')`;
    const job: ActiveJob = {
      id: jobId,
      name: graph.name,
      startTime,
      checkpointDir: undefined,
      savepointDir: undefined,
      triggerSavepoint: () => noSavepoints(graph.name, why),
      stopWithSavepoint: () => noSavepoints(graph.name, why),
      cancel: () => handle.cancel(),
    };
    announce(job, true);
    try {
      return await handle.result;
    } finally {
      announce(job, false);
    }
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
      // a savepoint in the temporary checkpoint directory would vanish with it
      const defaultSavepointDir = cfg.savepointDir ?? (tempDir === undefined ? dir : undefined);
      const savepoint = (targetDir: string | undefined, stop = false): Promise<string> =>
        targetDir === undefined && defaultSavepointDir === undefined
          ? noSavepoints(graph.name, `no savepoint directory is configured: give a target directory or set 'state.savepoints.dir'`)
          : coordinator.triggerSavepoint(targetDir, stop);
      const active: ActiveJob = {
        id: jobId,
        name: graph.name,
        startTime,
        checkpointDir: tempDir === undefined ? dir : undefined,
        savepointDir: defaultSavepointDir,
        triggerSavepoint: savepoint,
        async stopWithSavepoint(targetDir?: string, drain = false) {
          if (drain) {
            if (targetDir === undefined && defaultSavepointDir === undefined) return savepoint(undefined);
            const loc = await coordinator.triggerDrainSavepoint(targetDir);
            log(`[INFO] Job ${graph.name} (${jobId}) drained and stopped with a savepoint: ${loc}`);
            return loc;
          }
          const loc = await savepoint(targetDir, true);
          const id = coordinator.completed.find((c) => c.location === loc)?.id;
          // as Flink's stop: the output up to the savepoint is committed before the job goes
          if (id !== undefined) await coordinator.whenCommitted(id, STOP_COMMIT_TIMEOUT_MS);
          log(`[INFO] Job ${graph.name} (${jobId}) stopped with a savepoint: ${loc}`);
          handle.cancel();
          return loc;
        },
        cancel: () => handle.cancel(),
      };
      announce(active, true);
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
        announce(active, false);
      }
    }
  } finally {
    if (tempDir !== undefined) await rm(tempDir, { recursive: true, force: true });
  }
}
