/**
 * Tasks: one per chain per subtask. A chain is a head node plus the nodes
 * connected to it by forward edges at equal parallelism (each with a single
 * input), which call each other synchronously through NodeOutput. The head is
 * either a source (the task loops `await reader.poll()`) or an operator/sink
 * fed by an InputGate. The task owns everything about time and control
 * events: per-split watermarks at sources, the per-channel and per-input
 * watermark minimum (idle and ended channels excluded), event-time timers
 * fired before `processWatermark`, processing-time timers checked between
 * batches, end of input, back-pressure (congested channels, sinks that need a
 * flush) and, later, barrier alignment.
 */
import type { Batch } from './batch.ts';
import { ambientWatermark } from './window/current-watermark.ts';
import type { StreamEvent } from './events.ts';
import { END_EVENT } from './events.ts';
import type { JobNode, WatermarkSpec } from './graph.ts';
import type { Operator, OperatorContext, Output } from './operator.ts';
import type { SinkWriter } from './sink.ts';
import type { RescaledPosition, SourceReader } from './source.ts';
import { mergeOperatorStates } from './operator-state-rescale.ts';
import { SinkOperator } from './sink-operator.ts';
import { HeapTimerService } from './timers.ts';
import { SimpleMetricGroup, type Counter } from './metrics.ts';
import { MAX_WATERMARK, MIN_WATERMARK } from './watermark.ts';
import { SourceWatermarks, type WatermarkSink } from './watermark-generator.ts';
import type { SourceTurns } from './source-turns.ts';
import type { EdgeWriter } from './exchange/partitioner.ts';
import type { InputGate } from './exchange/channel.ts';
import { HeapOperatorStateStore, type LazyKeyedSnapshot } from '../state/backends/heap/index.ts';
import { createKeyedStateStore, stateBackendConfig, type ManagedKeyedStateStore } from '../state/backends/select.ts';
import { keyGroupRangeFor } from '../state/key-groups.ts';
import type { KeyedStateSnapshot } from '../state/snapshot.ts';
import type { StateKey } from '../state/api.ts';
import { WeirError } from '../common/error.ts';
import type { CheckpointingMode } from '../checkpoint/config.ts';
import type { StateData, StateHandle } from '../checkpoint/storage.ts';
import type { CheckpointParticipant, TaskAckStats } from '../checkpoint/coordinator.ts';
import { assignSubtaskState, initialAlignment, onBarrier } from '../checkpoint/protocol.ts';
import { encodeSubtaskStateChunks, type SubtaskState } from '../checkpoint/state-file.ts';

const YIELD_EVERY_MS = 5;

/** What a task needs of the checkpoint coordinator (absent when checkpointing is off). */
export interface TaskCheckpointing {
  readonly mode: CheckpointingMode;
  writeState(id: number, name: string, data: StateData, who: Omit<StateHandle, 'file' | 'size' | 'crc32'>): Promise<StateHandle>;
  acknowledge(id: number, key: string, handles: readonly StateHandle[], stats: TaskAckStats): void;
  decline(id: number, key: string, reason: string): void;
  sourceFinished(key: string): void;
  /** The task processed the completion of checkpoint `id` (its sinks committed). */
  committed?(id: number, key: string): void;
}

/** A node's state in a restored checkpoint: every old subtask's record and the old parallelism. */
export interface RestoredNode {
  readonly parallelism: number;
  readonly records: readonly SubtaskState[];
}

/** Restored pre-committed sink states of several old subtasks (a rescale): arrays of the same field are concatenated. */
function mergeSinkStates(states: readonly unknown[]): unknown {
  if (states.length <= 1) return states[0];
  const out: Record<string, unknown> = {};
  for (const st of states) {
    if (st === null || typeof st !== 'object') continue;
    for (const [k, v] of Object.entries(st)) {
      if (Array.isArray(v)) out[k] = [...((out[k] as unknown[] | undefined) ?? []), ...(v as unknown[])];
      else out[k] ??= v;
    }
  }
  return out;
}

/** What a task needs from the job: whether to stop, the clock, settings. */
export interface TaskEnv {
  readonly stopped: boolean;
  readonly clock: () => number;
  readonly maxParallelism: number;
  readonly config: ReadonlyMap<string, string>;
  readonly pollRows: number;
  /** Set when the job takes checkpoints. */
  readonly checkpoint?: TaskCheckpointing | undefined;
}

/** The fan-out of one node: chained children (direct calls) and network edges. */
class NodeOutput implements Output {
  readonly children: NodeRuntime[] = [];
  readonly edges: EdgeWriter[] = [];
  readonly counter: Counter;
  constructor(counter: Counter) {
    this.counter = counter;
  }
  emit(batch: Batch): void {
    const n = batch.size;
    if (n === 0) return;
    this.counter.inc(n);
    const cs = this.children;
    for (let i = 0; i < cs.length; i++) cs[i]!.processBatch(batch, 0);
    const es = this.edges;
    for (let i = 0; i < es.length; i++) es[i]!.writeBatch(batch);
  }
  event(ev: StreamEvent): void {
    for (const e of this.edges) e.broadcastEvent(ev);
  }
}

/** One node subtask inside a task. */
export class NodeRuntime {
  readonly node: JobNode;
  readonly subtask: number;
  readonly metrics = new SimpleMetricGroup();
  readonly out: NodeOutput;
  readonly op: Operator | undefined;
  readonly reader: SourceReader | undefined;
  readonly sink: SinkWriter | undefined;
  readonly timers: HeapTimerService;
  readonly keyed: ManagedKeyedStateStore;
  operatorState = new HeapOperatorStateStore();
  private readonly recordsIn: Counter;
  private watermarkIn = MIN_WATERMARK;
  private watermarkOut = MIN_WATERMARK;
  private idleOut = false;
  private readonly fireEvent: (key: StateKey, time: number) => void;
  private readonly fireProcessing: (key: StateKey, time: number) => void;

  constructor(node: JobNode, subtask: number, env: TaskEnv) {
    this.node = node;
    this.subtask = subtask;
    this.recordsIn = this.metrics.counter('numRecordsIn');
    this.out = new NodeOutput(this.metrics.counter('numRecordsOut'));
    this.timers = new HeapTimerService(env.clock);
    this.keyed = createKeyedStateStore(stateBackendConfig(env.config), env.maxParallelism);
    if (node.kind === 'source') {
      this.reader = node.create(subtask);
    } else if (node.kind === 'sink') {
      this.sink = node.create(subtask);
      this.op = new SinkOperator(this.sink);
    } else {
      this.op = node.create(subtask);
    }
    const op = this.op;
    this.fireEvent = (k, t) => op?.onTimer?.(k, t, 'event', this.out);
    this.fireProcessing = (k, t) => op?.onTimer?.(k, t, 'processing', this.out);
  }

  context(env: TaskEnv): OperatorContext {
    return {
      operatorId: String(this.node.id),
      name: this.node.name,
      subtaskIndex: this.subtask,
      parallelism: this.node.parallelism,
      maxParallelism: env.maxParallelism,
      keyedState: this.keyed,
      operatorState: this.operatorState,
      timers: this.timers,
      metrics: this.metrics,
      config: env.config,
    };
  }

  /** Restores keyed state and timers (the key groups this subtask owns) from earlier snapshots. */
  restore(snapshots: readonly KeyedStateSnapshot[], maxParallelism: number): void {
    const range = keyGroupRangeFor(this.subtask, this.node.parallelism, maxParallelism);
    this.keyed.restore(snapshots, range);
    this.timers.restore(
      snapshots.flatMap((s) => s.states),
      range,
    );
  }

  /**
   * The synchronous part of an asynchronous keyed snapshot: guards installed
   * on the keyed state (copy on access, see SnapshotGuard), timers copied.
   * Falls back to a full copy while an earlier asynchronous snapshot is still
   * being written.
   */
  snapshotKeyedAsync(): { keyed: KeyedStateSnapshot; lazy: LazyKeyedSnapshot | undefined } {
    if (this.keyed.snapshotting) return { keyed: this.snapshotKeyed(), lazy: undefined };
    const lazy = this.keyed.snapshotAsync();
    return { keyed: { maxParallelism: lazy.maxParallelism, states: this.timers.snapshot(lazy.maxParallelism) }, lazy };
  }

  /** Keyed state plus timers, grouped by key group. */
  snapshotKeyed(): KeyedStateSnapshot {
    const s = this.keyed.snapshot();
    return { maxParallelism: s.maxParallelism, states: [...s.states.filter((x) => !x.name.startsWith('_timers/')), ...this.timers.snapshot(s.maxParallelism)] };
  }

  processBatch(batch: Batch, input: number): void {
    this.recordsIn.inc(batch.size);
    ambientWatermark.value = this.watermarkIn;
    this.op!.processBatch(batch, input, this.out);
  }

  /** The combined input watermark advanced: fire timers, let the operator react, forward. */
  advanceWatermark(wm: number): void {
    if (wm <= this.watermarkIn) return;
    this.watermarkIn = wm;
    const op = this.op!;
    this.timers.advanceWatermark(wm, this.fireEvent);
    const fwd = op.processWatermark ? op.processWatermark(wm, this.out) : wm;
    this.emitWatermark(fwd);
  }

  emitWatermark(wm: number): void {
    if (wm <= this.watermarkOut) return;
    this.watermarkOut = wm;
    for (const c of this.out.children) c.advanceWatermark(wm);
    if (this.out.edges.length > 0) this.out.event({ type: 'watermark', timestamp: wm });
  }

  emitStatus(idle: boolean): void {
    if (idle === this.idleOut) return;
    this.idleOut = idle;
    for (const c of this.out.children) c.emitStatus(idle);
    if (this.out.edges.length > 0) this.out.event({ type: 'status', idle });
  }

  fireProcessingTimers(now: number): void {
    if (this.op?.onTimer) this.timers.advanceProcessingTime(now, this.fireProcessing);
  }

  endInput(input: number): void {
    this.op?.endInput?.(input, this.out);
  }

  /** All inputs ended: cascade through the chain and tell downstream tasks. */
  finish(): void {
    for (const c of this.out.children) {
      c.endInput(0);
      c.finish();
    }
    if (this.out.edges.length > 0) this.out.event(END_EVENT);
  }

  prepareSnapshotPreBarrier(checkpointId: number): void {
    this.op?.prepareSnapshotPreBarrier?.(checkpointId, this.out);
    for (const c of this.out.children) c.prepareSnapshotPreBarrier(checkpointId);
  }

  forwardBarrier(checkpointId: number): void {
    const ev: StreamEvent = { type: 'barrier', checkpointId };
    this.out.event(ev);
    for (const c of this.out.children) c.forwardBarrier(checkpointId);
  }
}

export interface TaskOptions {
  /** Keyed-state snapshots to restore from (any parallelism), per node id. */
  readonly restore?: ReadonlyMap<number, readonly KeyedStateSnapshot[]> | undefined;
  /** A checkpoint to restore: per node id, what its subtasks recorded. */
  readonly restored?: ReadonlyMap<number, RestoredNode> | undefined;
}

export class Task implements CheckpointParticipant {
  readonly name: string;
  /** Head first, then chained nodes in topological order. */
  readonly nodes: NodeRuntime[];
  readonly head: NodeRuntime;
  gate: InputGate | undefined;
  /** For each gate channel: the input index of the head it feeds. */
  channelInputs: number[] = [];
  private readonly env: TaskEnv;
  private readonly options: TaskOptions;
  private readonly edges: EdgeWriter[] = [];
  private readonly sinks: SinkWriter[] = [];
  /** Checkpoints the coordinator asked this (source) task to start. */
  private readonly triggers: number[] = [];
  /** Completed checkpoints to commit, in order. */
  private readonly completions: { id: number; final: boolean }[] = [];
  /** The final checkpoint completed: the task may end. */
  private finalDone = false;
  private wakeup: (() => void) | undefined;
  private lastYield = 0;
  private draining = false;
  /** Set when this source takes turns with the other sources of its part of the job (source-turns.ts). */
  turns: { readonly turns: SourceTurns; readonly slot: number } | undefined;

  constructor(nodes: NodeRuntime[], env: TaskEnv, options: TaskOptions = {}) {
    this.nodes = nodes;
    this.head = nodes[0]!;
    this.env = env;
    this.options = options;
    this.name = `${this.head.node.name} (${this.head.subtask + 1}/${this.head.node.parallelism})`;
    for (const n of nodes) {
      this.edges.push(...n.out.edges);
      if (n.sink) this.sinks.push(n.sink);
    }
  }

  get key(): string {
    return this.name;
  }

  get isSource(): boolean {
    return this.head.reader !== undefined;
  }

  triggerCheckpoint(id: number): void {
    this.triggers.push(id);
    this.wake();
  }

  /** Stop with drain: a source's input ends now (MAX_WATERMARK, end of input; the final checkpoint is the savepoint). */
  drain(): void {
    this.draining = true;
    this.wake();
  }

  notifyCheckpointComplete(id: number, final: boolean): void {
    this.completions.push({ id, final });
    this.wake();
  }

  notifyCheckpointAborted(_id: number): void {
    // nothing to undo: a pre-committed sink's files are committed with the next completed checkpoint
  }

  /** Wakes the task if it waits for a checkpoint event (or the job stopped). */
  wake(): void {
    const w = this.wakeup;
    this.wakeup = undefined;
    w?.();
    this.gate?.notify();
  }

  /** All edge writers of the chain (the executor releases their waiters when the job stops). */
  get outputs(): readonly EdgeWriter[] {
    return this.edges;
  }

  async run(): Promise<void> {
    await this.open();
    if (this.env.stopped) return;
    if (this.head.reader) await this.runSource(this.head.reader);
    else await this.runInputs();
  }

  private async open(): Promise<void> {
    const env = this.env;
    const positions = new Map<NodeRuntime, unknown>();
    const sinkStates = new Map<NodeRuntime, unknown>();
    for (const n of this.nodes) {
      const snaps = this.options.restore?.get(n.node.id);
      if (snaps) n.restore(snaps, env.maxParallelism);
      const rec = this.options.restored?.get(n.node.id);
      if (rec) {
        if (n.reader && rec.parallelism !== n.node.parallelism && !n.reader.rescalable) {
          throw new WeirError(
            'runtime',
            'RESTORE_PARALLELISM',
            `cannot restore source ${n.node.name} at parallelism ${n.node.parallelism} from a checkpoint taken at parallelism ${rec.parallelism}: this source cannot redistribute its splits`,
          );
        }
        const a = assignSubtaskState(rec.records, n.subtask, n.node.parallelism, rec.parallelism, (olds) => mergeOperatorStates(n.node.name, olds));
        if (n.reader && a.rescaledPositions) positions.set(n, { kind: 'rescaled', oldParallelism: rec.parallelism, positions: a.rescaledPositions } satisfies RescaledPosition);
        const keyed = a.keyed.filter((k) => k !== undefined);
        if (keyed.length > 0) n.restore(keyed, env.maxParallelism);
        if (a.operator) n.operatorState = new HeapOperatorStateStore(a.operator);
        if (a.position !== undefined) positions.set(n, a.position);
        if (a.sink.length > 0) sinkStates.set(n, mergeSinkStates(a.sink));
      }
    }
    // open downstream first so that a chained operator is ready when the head emits (Flink opens tail to head)
    for (let i = this.nodes.length - 1; i >= 0; i--) {
      const n = this.nodes[i]!;
      const sctx = { subtaskIndex: n.subtask, parallelism: n.node.parallelism, config: env.config, metrics: n.metrics, clock: env.clock };
      if (n.sink) await n.sink.open(sctx, sinkStates.get(n));
      else if (n.reader) await n.reader.open(sctx, positions.get(n));
      else n.op?.open?.(n.context(env));
    }
  }

  /** Closes every node; collects (and returns) the first error. */
  async close(): Promise<unknown> {
    let first: unknown;
    for (const n of this.nodes) {
      try {
        if (n.reader) await n.reader.close();
        else if (n.sink) await n.sink.close();
        else n.op?.close?.();
      } catch (e) {
        first ??= e;
      }
      try {
        await n.keyed.close?.();
      } catch (e) {
        first ??= e;
      }
    }
    return first;
  }

  /** Waits while an output channel is congested or a sink asks to be flushed. */
  private async backPressure(): Promise<void> {
    for (const s of this.sinks) if (s.needsFlush()) await s.flush();
    for (const e of this.edges) {
      while (e.congested && !this.env.stopped) await e.waitForSpace();
    }
  }

  private fireProcessingTimers(): void {
    const now = this.env.clock();
    for (const n of this.nodes) n.fireProcessingTimers(now);
  }

  private nextProcessingTimer(): number | undefined {
    let next: number | undefined;
    for (const n of this.nodes) {
      const t = n.op?.onTimer ? n.timers.nextProcessingTime() : n.sink?.nextCheckTime?.();
      if (t !== undefined && (next === undefined || t < next)) next = t;
    }
    return next;
  }

  private async finishChain(): Promise<void> {
    this.head.finish();
    for (const s of this.sinks) await s.finish();
  }

  /**
   * End of input with checkpointing: operators get endInput and downstream
   * END as usual, but two-phase-commit sinks only flush; their last output
   * is pre-committed by the final checkpoint and committed when it completes.
   */
  private async finishChainCheckpointed(): Promise<void> {
    this.head.finish();
    for (const s of this.sinks) {
      if (s.prepareCommit) await s.flush();
      else await s.finish();
    }
  }

  /** After the final checkpoint: finish what remains of two-phase-commit sinks. */
  private async finishSinksAfterFinal(): Promise<void> {
    for (const s of this.sinks) if (s.prepareCommit) await s.finish();
  }

  /**
   * A task whose input is always ready only awaits settled promises
   * (microtasks), which would starve timers and file I/O callbacks: the
   * coordinator's trigger timer and the asynchronous state writes. With
   * checkpointing, the task yields to the event loop every few milliseconds.
   */
  private async yieldToEventLoop(): Promise<void> {
    const now = performance.now();
    if (now - this.lastYield < YIELD_EVERY_MS) return;
    await new Promise<void>((r) => setImmediate(r));
    this.lastYield = performance.now();
  }

  /** Starts the checkpoints the coordinator triggered (sources) and commits completed ones. */
  private async serviceCheckpoints(): Promise<void> {
    await this.yieldToEventLoop();
    while (this.triggers.length > 0 && !this.env.stopped) await this.snapshotChain(this.triggers.shift()!);
    while (this.completions.length > 0 && !this.env.stopped) {
      const { id, final } = this.completions.shift()!;
      for (const n of this.nodes) {
        if (n.sink?.commit) await n.sink.commit(id);
        else n.op?.notifyCheckpointComplete?.(id);
      }
      this.env.checkpoint?.committed?.(id, this.name);
      if (final) this.finalDone = true;
    }
  }

  /** Waits (after end of input) for checkpoint events until the final checkpoint completed. */
  private async awaitFinalCheckpoint(): Promise<void> {
    for (;;) {
      await this.serviceCheckpoints();
      if (this.finalDone || this.env.stopped) break;
      if (this.triggers.length === 0 && this.completions.length === 0) {
        await new Promise<void>((r) => {
          this.wakeup = r;
        });
      }
    }
    if (!this.env.stopped) await this.finishSinksAfterFinal();
  }

  /**
   * The synchronous part of a checkpoint for the whole chain: flush operators'
   * buffered output, copy keyed state and timers, record the source position,
   * pre-commit sinks, forward the barrier. Serialising and writing the state
   * happen afterwards, asynchronously, while the task goes on processing.
   */
  private async snapshotChain(id: number): Promise<void> {
    const cp = this.env.checkpoint!;
    const t0 = performance.now();
    this.head.prepareSnapshotPreBarrier(id);
    const states: SubtaskState[] = [];
    for (const n of this.nodes) {
      let keyed: KeyedStateSnapshot | undefined;
      let lazyKeyed: LazyKeyedSnapshot | undefined;
      if (n.node.kind === 'operator') {
        const k = n.snapshotKeyedAsync();
        lazyKeyed = k.lazy;
        if (k.keyed.states.some((st) => st.keyGroups.length > 0) || (lazyKeyed?.states.length ?? 0) > 0) keyed = k.keyed;
        else lazyKeyed?.release();
      }
      // the operator puts what it keeps outside keyed state into its operator state first
      n.op?.snapshotState?.(id);
      const opState = n.operatorState.snapshot();
      let sink: unknown;
      if (n.sink) {
        if (n.sink.prepareCommit) sink = await n.sink.prepareCommit(id);
        else await n.sink.flush();
      }
      states.push({
        nodeId: n.node.id,
        subtask: n.subtask,
        keyed,
        lazyKeyed: keyed === undefined ? undefined : lazyKeyed,
        operator: Object.keys(opState).length > 0 ? opState : undefined,
        position: n.reader ? (n.reader.snapshotPosition() ?? null) : undefined,
        sink,
      });
    }
    this.head.forwardBarrier(id);
    const syncMs = performance.now() - t0;
    void this.writeSnapshot(cp, id, states, syncMs);
  }

  private async writeSnapshot(cp: TaskCheckpointing, id: number, states: readonly SubtaskState[], syncMs: number): Promise<void> {
    const t1 = performance.now();
    try {
      const handles: StateHandle[] = [];
      let bytes = 0;
      for (const st of states) {
        if (st.keyed === undefined && st.operator === undefined && st.position === undefined && st.sink === undefined) continue;
        const node = this.nodes.find((n) => n.node.id === st.nodeId)!.node;
        const data = await encodeSubtaskStateChunks(st);
        for (const c of data) bytes += c.length;
        handles.push(
          await cp.writeState(id, `${st.nodeId}-${st.subtask}.state`, data, { nodeId: st.nodeId, nodeName: node.name, subtask: st.subtask, parallelism: node.parallelism }),
        );
      }
      cp.acknowledge(id, this.name, handles, { syncMs, asyncMs: performance.now() - t1, bytes });
    } catch (e) {
      cp.decline(id, this.name, (e as Error).message);
    }
  }

  private async runSource(reader: SourceReader): Promise<void> {
    const env = this.env;
    const head = this.head;
    const spec: WatermarkSpec | undefined = head.node.kind === 'source' ? head.node.watermark : undefined;
    const wms = spec ? new SourceWatermarks(spec, reader.splits(), env.clock()) : undefined;
    const sink: WatermarkSink = {
      rows: (b) => head.out.emit(b),
      watermark: (wm) => head.emitWatermark(wm),
      status: (idle) => head.emitStatus(idle),
    };
    // Taking turns with other sources (source-turns.ts): one record per turn when the watermark is per record.
    const turn = this.turns;
    const pollRows = turn && spec?.emit === 'on-event' ? 1 : env.pollRows;
    for (;;) {
      await this.backPressure();
      if (env.stopped) return;
      if (env.checkpoint) {
        await this.serviceCheckpoints();
        if (env.stopped) return;
        if (this.draining) break;
      }
      this.fireProcessingTimers();
      if (turn && !turn.turns.holds(turn.slot)) {
        // woken by the turn, a checkpoint trigger or the job stopping; the loop's top handles the latter two
        await new Promise<void>((resolve) => {
          this.wakeup = resolve;
          turn.turns.onTurn(turn.slot, resolve);
        });
        continue;
      }
      const res = await reader.poll(pollRows);
      if (env.stopped) return;
      if (res === null) break;
      const now = env.clock();
      if (res.batch.size > 0) {
        if (wms) {
          wms.syncSplits(reader.splits(), now);
          wms.onRows(res.split, res.batch, now, sink);
        } else {
          head.out.emit(res.batch);
        }
      }
      wms?.onPoll(now, sink);
      // a bounded source keeps its turn until it read a row (or ended)
      if (turn && (res.batch.size > 0 || !reader.bounded)) turn.turns.release(turn.slot);
    }
    head.emitStatus(false);
    head.emitWatermark(MAX_WATERMARK);
    if (env.checkpoint) {
      await this.finishChainCheckpointed();
      turn?.turns.leave(turn.slot);
      env.checkpoint.sourceFinished(this.name);
      await this.awaitFinalCheckpoint();
      return;
    }
    await this.finishChain();
    turn?.turns.leave(turn.slot);
  }

  private async runInputs(): Promise<void> {
    const gate = this.gate!;
    const env = this.env;
    const head = this.head;
    const nch = gate.channels.length;
    const inputs = head.node.kind === 'operator' ? head.node.inputs : 1;
    const chWm = new Array<number>(nch).fill(MIN_WATERMARK);
    const chIdle = new Array<boolean>(nch).fill(false);
    const chEnded = new Array<boolean>(nch).fill(false);
    const inputChannels = new Array<number>(inputs).fill(0);
    const inputEnded = new Array<number>(inputs).fill(0);
    for (const i of this.channelInputs) inputChannels[i]!++;
    let ended = 0;
    const barriers = new Map<number, number>();
    const cp = env.checkpoint;
    let align = initialAlignment(nch);
    /** Every channel ended (checkpointing: the task stays for the final checkpoint). */
    let allEnded = false;
    let combined = MIN_WATERMARK;

    const recompute = (): void => {
      let min: number | undefined;
      let anyActive = false;
      for (let inp = 0; inp < inputs; inp++) {
        let inMin: number | undefined;
        for (let c = 0; c < nch; c++) {
          if (this.channelInputs[c] !== inp || chEnded[c] || chIdle[c]) continue;
          anyActive = true;
          if (inMin === undefined || chWm[c]! < inMin) inMin = chWm[c]!;
        }
        if (inMin !== undefined && (min === undefined || inMin < min)) min = inMin;
      }
      if (!anyActive && ended < nch) head.emitStatus(true);
      else if (anyActive) head.emitStatus(false);
      if (min !== undefined && min > combined) {
        combined = min;
        head.advanceWatermark(min);
      }
    };

    // a head without input channels (an operator fed by nothing) ends at once
    if (nch === 0) {
      for (let i = 0; i < inputs; i++) head.endInput(i);
      await this.finishChain();
      return;
    }
    for (;;) {
      await this.backPressure();
      if (env.stopped) return;
      if (cp) {
        await this.serviceCheckpoints();
        if (env.stopped) return;
        if (this.finalDone && allEnded) {
          await this.finishSinksAfterFinal();
          return;
        }
      }
      if (!allEnded) this.fireProcessingTimers();
      const next = gate.poll();
      if (next === undefined) {
        const t = allEnded ? undefined : this.nextProcessingTimer();
        await gate.waitForData(t === undefined ? undefined : t - env.clock());
        if (env.stopped) return;
        continue;
      }
      const c = next.channel;
      const ev = next.event;
      const input = this.channelInputs[c]!;
      switch (ev.type) {
        case 'batch':
          head.processBatch(ev.batch, input);
          break;
        case 'watermark':
          if (ev.timestamp > chWm[c]!) {
            chWm[c] = ev.timestamp;
            recompute();
          }
          break;
        case 'status':
          if (chIdle[c] !== ev.idle) {
            chIdle[c] = ev.idle;
            recompute();
          }
          break;
        case 'barrier': {
          if (cp) {
            const [next, action] = onBarrier(align, cp.mode, c, ev.checkpointId);
            align = next;
            if (action.kind === 'wait') {
              if (action.block) gate.block(c);
            } else if (action.kind === 'snapshot') {
              gate.unblockAll();
              await this.snapshotChain(action.checkpointId);
            }
            break;
          }
          // without a coordinator (a hand-built stream with barriers): forward once every live channel delivered it
          const n = (barriers.get(ev.checkpointId) ?? 0) + 1;
          if (n >= nch - ended) {
            barriers.delete(ev.checkpointId);
            head.prepareSnapshotPreBarrier(ev.checkpointId);
            head.forwardBarrier(ev.checkpointId);
          } else barriers.set(ev.checkpointId, n);
          break;
        }
        case 'end': {
          chEnded[c] = true;
          ended++;
          if (++inputEnded[input]! === inputChannels[input]) head.endInput(input);
          if (ended === nch) {
            if (cp) {
              await this.finishChainCheckpointed();
              allEnded = true;
              break;
            }
            await this.finishChain();
            return;
          }
          recompute();
          break;
        }
      }
    }
  }
}
