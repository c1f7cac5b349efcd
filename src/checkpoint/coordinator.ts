/**
 * The checkpoint coordinator of one job attempt (Flink's CheckpointCoordinator,
 * in-process). It triggers checkpoints at the sources on the configured
 * interval (respecting max-concurrent-checkpoints and min-pause), collects
 * every task's acknowledgement (the handles of the state files it wrote),
 * writes the metadata last and atomically, then tells every task the
 * checkpoint is complete (two-phase-commit sinks commit then). Checkpoints
 * that time out or are declined are aborted and their files deleted; older
 * completed checkpoints beyond `state.checkpoints.num-retained` are
 * discarded. When every source is exhausted it takes the final checkpoint
 * that lets a bounded job commit its last output and end.
 */
import type { CheckpointConfig } from './config.ts';
import { checkpointsToDiscard, isComplete, nextTriggerTime } from './protocol.ts';
import type { CheckpointKind, CheckpointStorage, StateData, StateHandle } from './storage.ts';

/** What the coordinator needs of a task. */
export interface CheckpointParticipant {
  readonly key: string;
  readonly isSource: boolean;
  /** Sources only: record the position and emit barrier `id`. */
  triggerCheckpoint(id: number): void;
  notifyCheckpointComplete(id: number, final: boolean): void;
  notifyCheckpointAborted(id: number): void;
  /** Sources only: end the input now (stop with drain). */
  drain?(): void;
}

export interface TaskAckStats {
  /** Milliseconds the task stopped processing for the synchronous part. */
  readonly syncMs: number;
  /** Milliseconds of the asynchronous part (serialise + write). */
  readonly asyncMs: number;
  readonly bytes: number;
}

export interface CompletedStats {
  readonly id: number;
  readonly kind: CheckpointKind;
  readonly location: string;
  readonly durationMs: number;
  readonly maxSyncMs: number;
  readonly maxAsyncMs: number;
  readonly bytes: number;
  readonly final: boolean;
}

interface Pending {
  readonly id: number;
  readonly kind: CheckpointKind;
  readonly final: boolean;
  readonly startedAt: number;
  readonly acked: Set<string>;
  readonly handles: StateHandle[];
  maxSyncMs: number;
  maxAsyncMs: number;
  bytes: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  completing: boolean;
  readonly waiters: SavepointRequest[];
}

interface SavepointRequest {
  readonly resolve: (loc: string) => void;
  readonly reject: (e: Error) => void;
  /** A directory of its own for this savepoint (else the configured savepoint directory). */
  readonly targetDir: string | undefined;
}

export interface CoordinatorOptions {
  readonly config: CheckpointConfig;
  readonly storage: CheckpointStorage;
  readonly job: string;
  readonly maxParallelism: number;
  /** The first id to use (one past the highest id in storage). */
  readonly firstId: number;
  /** Ids of complete checkpoints already in storage (for retention). */
  readonly existing: readonly number[];
  readonly log?: (msg: string) => void;
  /** A failure the job cannot continue from (e.g. a failed final checkpoint storage). */
  readonly onFatal?: (e: Error) => void;
}

export class CheckpointCoordinator {
  private readonly o: CoordinatorOptions;
  private participants: CheckpointParticipant[] = [];
  private nextId: number;
  private readonly pending = new Map<number, Pending>();
  private readonly completedIds: number[];
  private readonly finishedSources = new Set<string>();
  private finalRequested = false;
  /** A stop with a savepoint was asked for: that savepoint is the last checkpoint of this attempt (no periodic or final one after it commits output past it). */
  private stopping = false;
  /** Stop with drain: the sources end their input, and the final checkpoint is this savepoint. */
  private drainRequest: SavepointRequest | undefined;
  private finalId: number | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private startedAt = Date.now();
  private lastTriggerAt: number | undefined;
  private lastEndedAt: number | undefined;
  private chain: Promise<void> = Promise.resolve();
  private lastCompletedId = 0;
  private savepointRequests: SavepointRequest[] = [];
  /** Per completed checkpoint: the tasks that processed its completion (sinks committed), and who waits for all. */
  private readonly commits = new Map<number, { tasks: Set<string>; waiters: (() => void)[] }>();
  readonly completed: CompletedStats[] = [];
  readonly aborted: { id: number; reason: string }[] = [];

  constructor(o: CoordinatorOptions) {
    this.o = o;
    this.nextId = o.firstId;
    this.completedIds = [...o.existing];
  }

  get mode(): CheckpointConfig['mode'] {
    return this.o.config.mode;
  }

  get periodic(): boolean {
    return this.o.config.intervalMs !== undefined;
  }

  register(ps: readonly CheckpointParticipant[]): void {
    this.participants = [...ps];
  }

  start(): void {
    this.startedAt = Date.now();
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    for (const p of this.pending.values()) {
      if (p.timer !== undefined) clearTimeout(p.timer);
      for (const w of p.waiters) w.reject(new Error(`checkpoint ${p.id} did not complete: the job stopped`));
    }
    for (const w of this.savepointRequests) w.reject(new Error('the job stopped before the savepoint was taken'));
    this.savepointRequests = [];
    if (this.drainRequest && this.finalId === undefined) this.drainRequest.reject(new Error('the job stopped before the savepoint was taken'));
    for (const c of this.commits.values()) for (const w of c.waiters.splice(0)) w();
  }

  /** Waits for metadata writes and discards in progress. */
  async drain(): Promise<void> {
    await this.chain;
  }

  private log(msg: string): void {
    this.o.log?.(msg);
  }

  /** Arms the timer for the next trigger (periodic, final, or a requested savepoint). */
  private schedule(): void {
    if (this.stopped) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const inFlight = this.pending.size;
    const c = this.o.config;
    if (this.savepointRequests.length > 0 && inFlight < c.maxConcurrent + 1) {
      this.trigger('savepoint', false);
      return;
    }
    if (this.stopping && this.drainRequest === undefined) return;
    if (this.finalRequested && this.finalId === undefined) {
      if (inFlight === 0) this.trigger(this.drainRequest ? 'savepoint' : 'checkpoint', true);
      return;
    }
    if (this.stopping) return;
    if (this.finalRequested || c.intervalMs === undefined) return;
    const at = nextTriggerTime({
      now: Date.now(),
      intervalMs: c.intervalMs,
      minPauseMs: c.minPauseMs,
      maxConcurrent: c.maxConcurrent,
      inFlight,
      lastTriggerAt: this.lastTriggerAt,
      lastEndedAt: this.lastEndedAt,
      startedAt: this.startedAt,
    });
    if (at === undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.trigger('checkpoint', false);
    }, Math.max(0, at - Date.now()));
  }

  private trigger(kind: CheckpointKind, final: boolean): void {
    if (this.stopped) return;
    const id = this.nextId++;
    const p: Pending = {
      id,
      kind,
      final,
      startedAt: Date.now(),
      acked: new Set(),
      handles: [],
      maxSyncMs: 0,
      maxAsyncMs: 0,
      bytes: 0,
      timer: undefined,
      completing: false,
      waiters: kind === 'savepoint' ? (final && this.drainRequest ? [this.drainRequest] : this.takeSavepointRequests()) : [],
    };
    const target = p.waiters[0]?.targetDir;
    if (target !== undefined) this.o.storage.setSavepointTarget?.(id, target);
    if (final) this.finalId = id;
    this.pending.set(id, p);
    this.lastTriggerAt = p.startedAt;
    p.timer = setTimeout(() => this.abort(id, `expired before completing (timeout ${this.o.config.timeoutMs} ms)`), this.o.config.timeoutMs);
    if (process.env['WEIR_CHECKPOINT_LOG']) this.log(`Checkpoint ${id} triggered (${kind}${final ? ', final' : ''})`);
    for (const t of this.participants) if (t.isSource) t.triggerCheckpoint(id);
    this.schedule();
  }

  /** The queued savepoint requests that go to the same directory as the first one (the others wait for the next savepoint). */
  private takeSavepointRequests(): SavepointRequest[] {
    const target = this.savepointRequests[0]?.targetDir;
    const now = this.savepointRequests.filter((r) => r.targetDir === target);
    this.savepointRequests = this.savepointRequests.filter((r) => r.targetDir !== target);
    return now;
  }

  kindOf(id: number): CheckpointKind {
    return this.pending.get(id)?.kind ?? 'checkpoint';
  }

  /** Writes one subtask's state file for pending checkpoint `id`. */
  writeState(id: number, name: string, data: StateData, who: Omit<StateHandle, 'file' | 'size' | 'crc32'>): Promise<StateHandle> {
    return this.o.storage.writeState(id, this.kindOf(id), name, data, who);
  }

  acknowledge(id: number, key: string, handles: readonly StateHandle[], stats: TaskAckStats): void {
    const p = this.pending.get(id);
    if (!p || this.stopped) return;
    if (p.acked.has(key)) return;
    p.acked.add(key);
    if (process.env['WEIR_CHECKPOINT_LOG']) this.log(`  ${id} acked by ${key} after ${Date.now() - p.startedAt} ms (sync ${stats.syncMs.toFixed(1)} ms, async ${stats.asyncMs.toFixed(1)} ms)`);
    p.handles.push(...handles);
    p.maxSyncMs = Math.max(p.maxSyncMs, stats.syncMs);
    p.maxAsyncMs = Math.max(p.maxAsyncMs, stats.asyncMs);
    p.bytes += stats.bytes;
    if (isComplete(this.participants.length, p.acked.size) && !p.completing) {
      p.completing = true;
      this.chain = this.chain.then(() => this.complete(p));
    }
  }

  decline(id: number, key: string, reason: string): void {
    this.abort(id, `declined by ${key}: ${reason}`);
  }

  /** A source task read all its input. When every source did, the final checkpoint is taken. */
  sourceFinished(key: string): void {
    this.finishedSources.add(key);
    const sources = this.participants.filter((t) => t.isSource).length;
    if (this.finishedSources.size >= sources && !this.finalRequested) {
      this.finalRequested = true;
      this.schedule();
    }
  }

  /**
   * Triggers a savepoint now (as soon as allowed), under `targetDir` if given;
   * resolves with its location. With `stop`, no checkpoint is triggered after
   * it (the job is about to be cancelled: a later checkpoint would commit
   * output that a restore from the savepoint produces again).
   */
  triggerSavepoint(targetDir?: string, stop = false): Promise<string> {
    return new Promise((resolve, reject) => {
      if (this.stopped) {
        reject(new Error('the job is not running'));
        return;
      }
      if (stop) this.stopping = true;
      const failed = (e: Error): void => {
        // the job goes on: periodic checkpoints resume
        if (stop && this.drainRequest === undefined) {
          this.stopping = false;
          this.schedule();
        }
        reject(e);
      };
      this.savepointRequests.push({ resolve, reject: failed, targetDir });
      this.schedule();
    });
  }

  /**
   * Stop with drain (Flink's `stop --drain`): no more periodic checkpoints,
   * every source ends its input now (MAX_WATERMARK: windows and timers fire),
   * and the final checkpoint, once every source finished, is a savepoint
   * under `targetDir` (if given). Resolves with its location; the job then
   * finishes by itself.
   */
  triggerDrainSavepoint(targetDir?: string): Promise<string> {
    return new Promise((resolve, reject) => {
      if (this.stopped) {
        reject(new Error('the job is not running'));
        return;
      }
      if (this.drainRequest || this.finalId !== undefined) {
        reject(new Error(this.drainRequest ? 'the job is already being drained' : 'the job is already finishing'));
        return;
      }
      this.stopping = true;
      this.drainRequest = { resolve, reject, targetDir };
      for (const p of this.participants) if (p.isSource) p.drain?.();
      this.schedule();
    });
  }

  /** A task processed the completion of checkpoint `id` (its two-phase-commit sinks committed). */
  committed(id: number, key: string): void {
    let c = this.commits.get(id);
    if (!c) this.commits.set(id, (c = { tasks: new Set(), waiters: [] }));
    c.tasks.add(key);
    if (c.tasks.size >= this.participants.length) {
      for (const w of c.waiters.splice(0)) w();
      // keep the entry (a late waiter resolves at once); drop older ones
      for (const old of this.commits.keys()) if (old < id) this.commits.delete(old);
    }
  }

  /** Resolves when every task processed the completion of checkpoint `id`, or after `timeoutMs`, or when the job stops. */
  whenCommitted(id: number, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      let c = this.commits.get(id);
      if (!c) this.commits.set(id, (c = { tasks: new Set(), waiters: [] }));
      if (this.stopped || c.tasks.size >= this.participants.length) {
        resolve();
        return;
      }
      const t = setTimeout(resolve, timeoutMs);
      c.waiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  private abort(id: number, reason: string): void {
    const p = this.pending.get(id);
    if (!p || p.completing) return;
    this.pending.delete(id);
    if (p.timer !== undefined) clearTimeout(p.timer);
    this.lastEndedAt = Date.now();
    this.aborted.push({ id, reason });
    this.log(`Checkpoint ${id} aborted: ${reason}`);
    for (const w of p.waiters) w.reject(new Error(`${p.kind} ${id} failed: ${reason}`));
    for (const t of this.participants) t.notifyCheckpointAborted(id);
    if (p.final) this.finalId = undefined;
    this.chain = this.chain.then(() => this.o.storage.discard(id, p.kind).catch(() => undefined));
    this.schedule();
  }

  private async complete(p: Pending): Promise<void> {
    if (this.stopped || !this.pending.has(p.id)) return;
    if (p.timer !== undefined) clearTimeout(p.timer);
    let location: string;
    try {
      location = await this.o.storage.commit({
        version: 1,
        job: this.o.job,
        checkpointId: p.id,
        kind: p.kind,
        timestamp: p.startedAt,
        finished: p.final,
        maxParallelism: this.o.maxParallelism,
        mode: this.o.config.mode,
        handles: [...p.handles].sort((a, b) => a.nodeId - b.nodeId || a.subtask - b.subtask),
        stats: { durationMs: Date.now() - p.startedAt, maxSyncMs: p.maxSyncMs, maxAsyncMs: p.maxAsyncMs, bytes: p.bytes },
      });
    } catch (e) {
      p.completing = false;
      this.abort(p.id, `writing the metadata failed: ${(e as Error).message}`);
      return;
    }
    if (this.stopped) return;
    this.pending.delete(p.id);
    this.lastEndedAt = Date.now();
    const stats: CompletedStats = {
      id: p.id,
      kind: p.kind,
      location,
      durationMs: Date.now() - p.startedAt,
      maxSyncMs: p.maxSyncMs,
      maxAsyncMs: p.maxAsyncMs,
      bytes: p.bytes,
      final: p.final,
    };
    this.completed.push(stats);
    if (process.env['WEIR_CHECKPOINT_LOG']) this.log(`Checkpoint ${p.id} complete in ${stats.durationMs} ms (pause ≤ ${stats.maxSyncMs.toFixed(1)} ms, ${stats.bytes} bytes)`);
    this.lastCompletedId = Math.max(this.lastCompletedId, p.id);
    // older pending checkpoints are subsumed
    for (const old of [...this.pending.values()]) if (old.id < p.id && old.kind === 'checkpoint' && !old.completing) this.abort(old.id, `subsumed by checkpoint ${p.id}`);
    for (const w of p.waiters) w.resolve(location);
    for (const t of this.participants) t.notifyCheckpointComplete(p.id, p.final);
    if (p.kind === 'checkpoint') {
      this.completedIds.push(p.id);
      for (const old of checkpointsToDiscard(this.completedIds, this.o.config.numRetained)) {
        this.completedIds.splice(this.completedIds.indexOf(old), 1);
        await this.o.storage.discard(old, 'checkpoint').catch(() => undefined);
      }
    }
    this.schedule();
  }

  /** On cancellation with a retention that says so, every checkpoint of this job attempt's lineage is deleted. */
  async discardAll(): Promise<void> {
    for (const id of this.completedIds.splice(0)) await this.o.storage.discard(id, 'checkpoint').catch(() => undefined);
  }

  get lastCompleted(): number {
    return this.lastCompletedId;
  }
}
