/**
 * Deterministic interleaving of co-scheduled sources. Sources that feed the
 * same part of a job (a connected component of the job graph) and of which at
 * least one emits a watermark per record ('on-event') take turns in a fixed
 * order (graph node order, then subtask): in its turn a source reads one
 * record (an on-event source) or one batch (any other), emits it with its
 * watermark, and passes the turn on. The next source gets the turn only once
 * every channel of the component is empty, i.e. every downstream task has
 * processed what the previous turn produced. Two-input operators (window and
 * interval joins) then see the inputs' records and watermarks in the same
 * order on every run, with each source's watermark advancing in step, as
 * Flink's tests effectively feed them; nothing depends on how the event loop
 * happens to schedule the tasks.
 *
 * A source whose input is exhausted leaves the rotation after emitting its
 * end. A bounded source keeps its turn until it produced a row or ended; an
 * unbounded one passes it on an empty poll so the others are not starved.
 * Waiting sources still start checkpoints (see Task.runSource), so barrier
 * alignment cannot deadlock the hand-over. A job with a single source, or
 * only periodic-watermark sources, does not use turns at all.
 */
import type { JobGraph } from './graph.ts';
import type { LocalChannel } from './exchange/channel.ts';

/** What the turns need of a task: its head node and, for consumers, its input channels. */
export interface TurnTask {
  readonly headNodeId: number;
  readonly subtask: number;
  readonly isSource: boolean;
  readonly inputChannels: readonly LocalChannel[];
  /** Set by planSourceTurns on the source tasks that take turns. */
  turns: { readonly turns: SourceTurns; readonly slot: number } | undefined;
}

const MICROTASK_HOPS = 16;

export class SourceTurns {
  /** Live slots, in turn order. */
  private readonly live: number[];
  /** Index into `live` of the slot whose turn it is (valid once `ready`). */
  private pos = 0;
  /** The current slot may go (the component was quiescent when the turn was handed over). */
  private ready = true;
  private readonly waiters = new Map<number, () => void>();
  private readonly channels: readonly LocalChannel[];
  private readonly stopped: () => boolean;
  /** Hand-overs so far (tests and diagnostics). */
  handovers = 0;

  constructor(slots: number, channels: readonly LocalChannel[], stopped: () => boolean) {
    this.live = Array.from({ length: slots }, (_, i) => i);
    this.channels = channels;
    this.stopped = stopped;
  }

  /** True when `slot` may read now. */
  holds(slot: number): boolean {
    return this.ready && this.live[this.pos] === slot;
  }

  /** Calls `wake` when `slot` gets the turn (at once if it holds it); a later call replaces an earlier one. */
  onTurn(slot: number, wake: () => void): void {
    if (this.holds(slot) || this.stopped()) {
      wake();
      return;
    }
    this.waiters.set(slot, wake);
  }

  /** The holder is done with its turn: the next live slot goes once the component is quiescent. */
  release(slot: number): void {
    if (!this.holds(slot)) return;
    this.pos = (this.pos + 1) % this.live.length;
    this.handOver();
  }

  /** `slot` ended: it leaves the rotation (passing the turn on if it held it). */
  leave(slot: number): void {
    const i = this.live.indexOf(slot);
    if (i < 0) return;
    const held = this.live[this.pos] === slot;
    this.live.splice(i, 1);
    if (this.live.length === 0) return;
    if (i < this.pos) this.pos--;
    if (this.pos >= this.live.length) this.pos = 0;
    if (held) this.handOver();
  }

  /** Wakes every waiter (the job stopped). */
  stop(): void {
    const ws = [...this.waiters.values()];
    this.waiters.clear();
    for (const w of ws) w();
  }

  private quiescent(): boolean {
    for (const c of this.channels) if (c.pending > 0) return false;
    return true;
  }

  private handOver(): void {
    this.ready = false;
    this.handovers++;
    // The consumers run as promise continuations (microtasks): check after a few of those, then
    // poll once per event-loop turn (a consumer may wait for I/O, e.g. a sink's flush).
    let hops = 0;
    const go = (): void => {
      if (!this.quiescent() && !this.stopped()) {
        if (++hops < MICROTASK_HOPS) queueMicrotask(go);
        else setImmediate(go);
        return;
      }
      this.ready = true;
      const slot = this.live[this.pos];
      if (slot === undefined) return;
      const w = this.waiters.get(slot);
      if (w) {
        this.waiters.delete(slot);
        w();
      }
    };
    queueMicrotask(go);
  }
}

/**
 * Groups the tasks by connected component of the job graph and gives the
 * source tasks of each component with two or more sources, at least one of
 * them emitting watermarks per record, one SourceTurns (slots in node order,
 * then subtask order).
 */
export function planSourceTurns(graph: JobGraph, tasks: readonly TurnTask[], stopped: () => boolean): SourceTurns[] {
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.get(r)! !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const n of graph.nodes) parent.set(n.id, n.id);
  for (const e of graph.edges) {
    const a = find(e.from);
    const b = find(e.to);
    if (a !== b) parent.set(a, b);
  }
  const order = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const byNode = new Map(graph.nodes.map((n) => [n.id, n]));
  const components = new Map<number, TurnTask[]>();
  for (const t of tasks) {
    const c = find(t.headNodeId);
    const list = components.get(c) ?? [];
    list.push(t);
    components.set(c, list);
  }
  const result: SourceTurns[] = [];
  for (const members of components.values()) {
    const sources = members.filter((t) => t.isSource);
    if (sources.length < 2) continue;
    const perRecord = sources.some((t) => {
      const n = byNode.get(t.headNodeId);
      return n?.kind === 'source' && n.watermark?.emit === 'on-event';
    });
    if (!perRecord) continue;
    sources.sort((a, b) => order.get(a.headNodeId)! - order.get(b.headNodeId)! || a.subtask - b.subtask);
    const channels = members.flatMap((t) => t.inputChannels);
    const turns = new SourceTurns(sources.length, channels, stopped);
    sources.forEach((t, slot) => {
      t.turns = { turns, slot };
    });
    result.push(turns);
  }
  return result;
}
