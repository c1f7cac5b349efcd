/**
 * The local executor: runs a JobGraph in this thread. It validates the graph,
 * builds chains (forward edge, equal parallelism, single-input downstream),
 * instantiates one task per chain per subtask, wires non-chained edges with
 * local channels (one per producer subtask × consumer subtask; forward edges
 * pair subtask i with subtask i) and runs every task's loop concurrently.
 *
 *   runJob(graph, options)   → Promise<JobResult>, for bounded jobs
 *   startJob(graph, options) → { result, cancel() }, for unbounded jobs
 *
 * The first error stops every task, closes everything and rejects the result.
 * Cancelling stops the tasks, closes everything and resolves with status
 * 'cancelled'.
 */
import { WeirError } from '../common/error.ts';
import type { JobEdge, JobGraph, JobNode } from './graph.ts';
import { NodeRuntime, Task, type RestoredNode, type TaskEnv } from './task.ts';
import type { CheckpointCoordinator } from '../checkpoint/coordinator.ts';
import { InputGate, LocalChannel, DEFAULT_CHANNEL_CAPACITY } from './exchange/channel.ts';
import { EdgeWriter } from './exchange/partitioner.ts';
import { planSourceTurns, type SourceTurns } from './source-turns.ts';
import type { KeyedStateSnapshot } from '../state/snapshot.ts';

export interface ExecutorOptions {
  /** Rows asked of a source per poll (default 1024). */
  readonly pollRows?: number;
  /** Events a channel holds before its producer waits (default 8 batches). */
  readonly channelCapacity?: number;
  /** Processing-time clock (default Date.now). */
  readonly clock?: () => number;
  /** Keyed state to restore, per node id (any number of snapshots, any old parallelism). */
  readonly restore?: ReadonlyMap<number, readonly KeyedStateSnapshot[]>;
  /** Checkpointing: the coordinator of this attempt and, when resuming, the restored checkpoint's state per node id. */
  readonly checkpointing?: {
    readonly coordinator: CheckpointCoordinator;
    readonly restored?: ReadonlyMap<number, RestoredNode> | undefined;
  };
}

export interface NodeMetrics {
  readonly id: number;
  readonly name: string;
  /** Summed over subtasks: numRecordsIn, numRecordsOut, numLateRecordsDropped, … */
  readonly metrics: Record<string, number>;
}

export interface JobResult {
  readonly status: 'finished' | 'cancelled';
  readonly durationMs: number;
  readonly nodes: NodeMetrics[];
}

export interface JobHandle {
  readonly result: Promise<JobResult>;
  /** Stops the job; `result` then resolves with status 'cancelled'. */
  cancel(): void;
  /** Current metrics (summed per node), while running or after. */
  metrics(): NodeMetrics[];
}

/** Runs a job to completion (every source bounded). */
export function runJob(graph: JobGraph, options: ExecutorOptions = {}): Promise<JobResult> {
  return startJob(graph, options).result;
}

function isChained(edge: JobEdge, from: JobNode, to: JobNode, incoming: Map<number, JobEdge[]>): boolean {
  return (
    edge.exchange.kind === 'forward' &&
    from.parallelism === to.parallelism &&
    to.kind !== 'source' &&
    from.kind !== 'sink' &&
    (incoming.get(to.id)?.length ?? 0) === 1 &&
    (to.kind === 'sink' || to.inputs === 1)
  );
}

function validate(graph: JobGraph): Map<number, JobNode> {
  const byId = new Map<number, JobNode>();
  for (const n of graph.nodes) {
    if (byId.has(n.id)) throw new WeirError('plan', 'graph.duplicate-node', `duplicate node id ${n.id}`);
    if (!(n.parallelism >= 1) || n.parallelism > graph.maxParallelism) {
      throw new WeirError('plan', 'graph.parallelism', `node ${n.name}: parallelism ${n.parallelism} must be in [1, ${graph.maxParallelism}]`);
    }
    byId.set(n.id, n);
  }
  const inputsSeen = new Map<number, Set<number>>();
  for (const e of graph.edges) {
    const from = byId.get(e.from);
    const to = byId.get(e.to);
    if (!from || !to) throw new WeirError('plan', 'graph.edge', `edge ${e.from} -> ${e.to} references an unknown node`);
    if (to.kind === 'source') throw new WeirError('plan', 'graph.edge', `edge into source ${to.name}`);
    if (from.kind === 'sink') throw new WeirError('plan', 'graph.edge', `edge out of sink ${from.name}`);
    const nIn = to.kind === 'operator' ? to.inputs : 1;
    if (e.input < 0 || e.input >= nIn) throw new WeirError('plan', 'graph.edge', `edge into ${to.name} input ${e.input}, which has ${nIn} input(s)`);
    let s = inputsSeen.get(to.id);
    if (!s) inputsSeen.set(to.id, (s = new Set()));
    s.add(e.input);
  }
  for (const n of graph.nodes) {
    if (n.kind === 'source') continue;
    const nIn = n.kind === 'operator' ? n.inputs : 1;
    const s = inputsSeen.get(n.id);
    for (let i = 0; i < nIn; i++) {
      if (!s?.has(i)) throw new WeirError('plan', 'graph.input', `node ${n.name}: input ${i} has no edge`);
    }
  }
  // a cycle would deadlock the executor
  const indeg = new Map<number, number>();
  for (const n of graph.nodes) indeg.set(n.id, 0);
  for (const e of graph.edges) indeg.set(e.to, indeg.get(e.to)! + 1);
  const queue = graph.nodes.filter((n) => indeg.get(n.id) === 0).map((n) => n.id);
  let seen = 0;
  while (queue.length > 0) {
    const id = queue.pop()!;
    seen++;
    for (const e of graph.edges) if (e.from === id) {
      const d = indeg.get(e.to)! - 1;
      indeg.set(e.to, d);
      if (d === 0) queue.push(e.to);
    }
  }
  if (seen !== graph.nodes.length) throw new WeirError('plan', 'graph.cycle', `job graph ${graph.name} has a cycle`);
  return byId;
}

export function startJob(graph: JobGraph, options: ExecutorOptions = {}): JobHandle {
  const started = Date.now();
  const state = { stopped: false, cancelled: false, error: undefined as unknown };
  const env: TaskEnv = {
    get stopped() {
      return state.stopped;
    },
    clock: options.clock ?? Date.now,
    maxParallelism: graph.maxParallelism,
    config: graph.config,
    pollRows: options.pollRows ?? 1024,
    checkpoint: options.checkpointing
      ? {
          mode: options.checkpointing.coordinator.mode,
          writeState: (id, name, data, who) => options.checkpointing!.coordinator.writeState(id, name, data, who),
          acknowledge: (id, key, handles, stats) => options.checkpointing!.coordinator.acknowledge(id, key, handles, stats),
          decline: (id, key, reason) => options.checkpointing!.coordinator.decline(id, key, reason),
          sourceFinished: (key) => options.checkpointing!.coordinator.sourceFinished(key),
          committed: (id, key) => options.checkpointing!.coordinator.committed(id, key),
        }
      : undefined,
  };
  let tasks: Task[] = [];
  const runtimes: NodeRuntime[] = [];
  const channels: LocalChannel[] = [];
  const gates: InputGate[] = [];
  let turns: SourceTurns[] = [];

  const metrics = (): NodeMetrics[] =>
    graph.nodes.map((n) => {
      const sum: Record<string, number> = {};
      for (const r of runtimes) {
        if (r.node.id !== n.id) continue;
        for (const [k, v] of Object.entries(r.metrics.values())) sum[k] = (sum[k] ?? 0) + v;
      }
      return { id: n.id, name: n.name, metrics: sum };
    });

  const stop = (): void => {
    if (state.stopped) return;
    state.stopped = true;
    for (const c of channels) c.releaseWaiters();
    for (const g of gates) g.notify();
    for (const t of tasks) t.wake();
    for (const t of turns) t.stop();
    options.checkpointing?.coordinator.stop();
  };

  const result = (async (): Promise<JobResult> => {
    try {
      tasks = build(graph, env, options, runtimes, channels, gates);
      // co-scheduled sources with per-record watermarks take turns (deterministic interleaving)
      const turnTasks = tasks.map((t) => ({ headNodeId: t.head.node.id, subtask: t.head.subtask, isSource: t.isSource, inputChannels: t.gate?.channels ?? [], turns: t.turns }));
      turns = planSourceTurns(graph, turnTasks, () => state.stopped);
      turnTasks.forEach((tt, i) => (tasks[i]!.turns = tt.turns));
    } catch (e) {
      stop();
      throw e;
    }
    if (options.checkpointing) {
      options.checkpointing.coordinator.register(tasks);
      options.checkpointing.coordinator.start();
    }
    await Promise.all(
      tasks.map(async (t) => {
        try {
          await t.run();
        } catch (e) {
          if (state.error === undefined) state.error = e instanceof Error ? e : new Error(String(e));
          stop();
        }
      }),
    );
    stop();
    await options.checkpointing?.coordinator.drain();
    for (const t of tasks) {
      const e = await t.close();
      if (e !== undefined && state.error === undefined && !state.cancelled) state.error = e;
    }
    if (state.error !== undefined) throw state.error;
    return { status: state.cancelled ? 'cancelled' : 'finished', durationMs: Date.now() - started, nodes: metrics() };
  })();

  return {
    result,
    cancel() {
      if (state.stopped) return;
      state.cancelled = true;
      stop();
    },
    metrics,
  };
}

function build(
  graph: JobGraph,
  env: TaskEnv,
  options: ExecutorOptions,
  runtimes: NodeRuntime[],
  channels: LocalChannel[],
  gates: InputGate[],
): Task[] {
  const byId = validate(graph);
  const incoming = new Map<number, JobEdge[]>();
  const outgoing = new Map<number, JobEdge[]>();
  for (const e of graph.edges) {
    (incoming.get(e.to) ?? incoming.set(e.to, []).get(e.to)!).push(e);
    (outgoing.get(e.from) ?? outgoing.set(e.from, []).get(e.from)!).push(e);
  }
  const chainedInto = new Set<number>();
  for (const e of graph.edges) if (isChained(e, byId.get(e.from)!, byId.get(e.to)!, incoming)) chainedInto.add(e.to);

  // runtimes per node per subtask
  const rt = new Map<number, NodeRuntime[]>();
  for (const n of graph.nodes) {
    const list: NodeRuntime[] = [];
    for (let s = 0; s < n.parallelism; s++) {
      const r = new NodeRuntime(n, s, env);
      list.push(r);
      runtimes.push(r);
    }
    rt.set(n.id, list);
  }

  // network edges: channels[consumerSubtask] per producer subtask
  const gateChannels = new Map<NodeRuntime, { ch: LocalChannel; input: number }[]>();
  const capacity = options.channelCapacity ?? DEFAULT_CHANNEL_CAPACITY;
  for (const e of graph.edges) {
    const from = byId.get(e.from)!;
    const to = byId.get(e.to)!;
    const producers = rt.get(from.id)!;
    const consumers = rt.get(to.id)!;
    if (chainedInto.has(to.id)) {
      for (let s = 0; s < producers.length; s++) producers[s]!.out.children.push(consumers[s]!);
      continue;
    }
    const pairwise = e.exchange.kind === 'forward' && from.parallelism === to.parallelism;
    for (let p = 0; p < producers.length; p++) {
      const targets = pairwise ? [consumers[p]!] : consumers;
      const chs = targets.map((c) => {
        const ch = new LocalChannel(e.input, capacity);
        channels.push(ch);
        (gateChannels.get(c) ?? gateChannels.set(c, []).get(c)!).push({ ch, input: e.input });
        return ch;
      });
      const exchange = e.exchange.kind === 'forward' && !pairwise ? { kind: 'rebalance' as const } : e.exchange;
      producers[p]!.out.edges.push(new EdgeWriter(exchange, chs, p, graph.maxParallelism));
    }
  }

  // tasks: one per chain head per subtask
  const tasks: Task[] = [];
  for (const n of graph.nodes) {
    if (chainedInto.has(n.id)) continue;
    for (const head of rt.get(n.id)!) {
      const members: NodeRuntime[] = [];
      const visit = (r: NodeRuntime): void => {
        members.push(r);
        for (const c of r.out.children) visit(c);
      };
      visit(head);
      const task = new Task(members, env, { restore: options.restore, restored: options.checkpointing?.restored });
      const gc = gateChannels.get(head) ?? [];
      if (n.kind !== 'source') {
        const gate = new InputGate(gc.map((x) => x.ch));
        gates.push(gate);
        task.gate = gate;
        task.channelInputs = gc.map((x) => x.input);
      }
      tasks.push(task);
    }
  }
  return tasks;
}
