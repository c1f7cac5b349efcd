/**
 * Deterministic interleaving of co-scheduled sources: whatever delays the
 * sources' reads and the event loop add, a two-input operator sees the same
 * sequence of records and watermarks on every run (one record per source in
 * turn, each turn fully processed downstream before the next).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runJob } from './executor.ts';
import type { Exchange, JobEdge, JobGraph, JobNode, WatermarkSpec } from './graph.ts';
import type { Operator, Output } from './operator.ts';
import { Batch } from './batch.ts';
import type { Row } from './row.ts';
import type { SourceBatch, SourceReader } from './source.ts';
import { LocalChannel } from './exchange/channel.ts';
import { MAX_WATERMARK } from './watermark.ts';
import { planSourceTurns, SourceTurns } from './source-turns.ts';
import { Calc } from './operators/calc.ts';

const onEvent: WatermarkSpec = { extract: (r) => (r[0] as number) - 1, emit: 'on-event', intervalMs: 200, idleTimeoutMs: 0 };
const periodic: WatermarkSpec = { ...onEvent, emit: 'on-periodic' };

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Waits a random while: some event-loop turns, or a short timer. */
function jitter(rnd: () => number): Promise<void> {
  const r = rnd();
  if (r < 0.3) return Promise.resolve();
  if (r < 0.7) return new Promise((res) => setTimeout(res, Math.floor(rnd() * 3)));
  let n = 1 + Math.floor(rnd() * 5);
  return new Promise((res) => {
    const step = (): void => {
      if (--n <= 0) res();
      else setImmediate(step);
    };
    setImmediate(step);
  });
}

/** A bounded source whose reads take random time (as a loaded machine or slow I/O would). */
class JitterySource implements SourceReader {
  readonly bounded = true;
  private next = 0;
  private readonly rows: Row[];
  private readonly rnd: () => number;
  constructor(rows: Row[], rnd: () => number) {
    this.rows = rows;
    this.rnd = rnd;
  }
  open(): Promise<void> {
    return Promise.resolve();
  }
  async poll(maxRows: number): Promise<SourceBatch | null> {
    await jitter(this.rnd);
    if (this.next >= this.rows.length) return null;
    const rows = this.rows.slice(this.next, this.next + maxRows);
    this.next += rows.length;
    return { batch: Batch.inserts(rows), split: 's' };
  }
  splits(): string[] {
    return ['s'];
  }
  snapshotPosition(): unknown {
    return this.next;
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** Logs the records and combined watermarks a two-input operator sees. */
class Recorder implements Operator {
  readonly log: string[];
  constructor(log: string[]) {
    this.log = log;
  }
  processBatch(batch: Batch, input: number, out: Output): void {
    for (const r of batch.rows) this.log.push(`${input}:${String(r[1])}`);
    out.emit(batch);
  }
  processWatermark(wm: number): number {
    this.log.push(`wm ${wm === MAX_WATERMARK ? 'MAX' : wm}`);
    return wm;
  }
}

/** A Calc that passes rows through after a random number of event-loop turns would have passed: here it is synchronous, but it sits behind a network edge, so the pipeline has two hops. */
const passThrough = (): Calc =>
  new Calc((rows, kinds, or, ok) => {
    for (let i = 0; i < rows.length; i++) {
      or.push(rows[i]!);
      ok.push(kinds[i]!);
    }
  });

function twoSourceJob(seed: number, log: string[], left: Row[], right: Row[], wm: [WatermarkSpec, WatermarkSpec] = [onEvent, onEvent]): JobGraph {
  const rnd = random(seed);
  const rebalance: Exchange = { kind: 'rebalance' };
  const nodes: JobNode[] = [
    { kind: 'source', id: 1, name: 'L', parallelism: 1, create: () => new JitterySource(left, rnd), watermark: wm[0] },
    { kind: 'source', id: 2, name: 'R', parallelism: 1, create: () => new JitterySource(right, rnd), watermark: wm[1] },
    { kind: 'operator', id: 3, name: 'Pass', parallelism: 1, create: passThrough, keyed: false, inputs: 1 },
    { kind: 'operator', id: 4, name: 'Join', parallelism: 1, create: () => new Recorder(log), keyed: false, inputs: 2 },
  ];
  const edges: JobEdge[] = [
    { from: 1, to: 3, input: 0, exchange: rebalance },
    { from: 3, to: 4, input: 0, exchange: rebalance },
    { from: 2, to: 4, input: 1, exchange: { kind: 'hash', key: (r) => r[1] as string, describe: 'id' } },
  ];
  return { name: 'turns', nodes, edges, maxParallelism: 128, config: new Map() };
}

// the times of Flink's window join test programs: L and R in step, with late rows (4 s after 8 s)
const times = [1, 2, 3, 4, 7, 6, 8, 4, 16, 32, 34, 41];
const left: Row[] = times.map((t, i) => [t * 1000, `L${i}`]);
const right: Row[] = times.slice(0, 9).map((t, i) => [t * 1000, `R${i}`]);

void test('two on-event sources interleave record by record, identically under random read delays', async () => {
  const runs: string[][] = [];
  for (let seed = 1; seed <= 8; seed++) {
    const log: string[] = [];
    await runJob(twoSourceJob(seed, log, left, right), { channelCapacity: 2 });
    runs.push(log);
  }
  for (const r of runs) assert.deepEqual(r, runs[0]);
  const records = runs[0]!.filter((l) => !l.startsWith('wm'));
  // strict alternation while both are live, then the rest of the left one
  const expected: string[] = [];
  for (let i = 0; i < left.length; i++) {
    expected.push(`0:L${i}`);
    if (i < right.length) expected.push(`1:R${i}`);
  }
  assert.deepEqual(records, expected);
  // each turn is fully processed before the next: the combined watermark after L_i and R_i is min of both
  const log = runs[0]!;
  assert.deepEqual(log.slice(0, 6), ['0:L0', '1:R0', 'wm 999', '0:L1', '1:R1', 'wm 1999']);
  // the late rows come after the watermark passed them (as in Flink's program: L4 at 4 s after 8 s)
  assert.ok(log.indexOf('wm 7999') >= 0 && log.indexOf('wm 7999') < log.indexOf('0:L7'));
});

void test('a periodic source in the same part of the job takes turns one batch at a time', async () => {
  const log: string[] = [];
  const runs: string[][] = [];
  for (let seed = 1; seed <= 4; seed++) {
    log.length = 0;
    await runJob(twoSourceJob(seed, log, left, right, [periodic, onEvent]), { pollRows: 4 });
    // (periodic watermarks follow processing time: only the records' order is deterministic)
    runs.push(log.filter((l) => !l.startsWith('wm')));
  }
  for (const r of runs) assert.deepEqual(r, runs[0]);
  const records = runs[0]!;
  assert.deepEqual(records.slice(0, 6), ['0:L0', '0:L1', '0:L2', '0:L3', '1:R0', '0:L4']);
});

void test('planSourceTurns: only parts of the job with two or more sources, one of them per-record', () => {
  const node = (id: number, kind: 'source' | 'operator', watermark?: WatermarkSpec): JobNode =>
    kind === 'source'
      ? { kind, id, name: `n${id}`, parallelism: 1, create: () => new JitterySource([], Math.random), watermark }
      : { kind, id, name: `n${id}`, parallelism: 1, create: passThrough, keyed: false, inputs: 2 };
  const fwd: Exchange = { kind: 'forward' };
  const g: JobGraph = {
    name: 'g',
    maxParallelism: 128,
    config: new Map(),
    // 1,2 → 3 (on-event + periodic); 4,5 → 6 (periodic only); 7 → 8 (one source)
    nodes: [node(1, 'source', onEvent), node(2, 'source', periodic), node(3, 'operator'), node(4, 'source', periodic), node(5, 'source', periodic), node(6, 'operator'), node(7, 'source', onEvent), node(8, 'operator')],
    edges: [
      { from: 2, to: 3, input: 1, exchange: fwd },
      { from: 1, to: 3, input: 0, exchange: fwd },
      { from: 4, to: 6, input: 0, exchange: fwd },
      { from: 5, to: 6, input: 1, exchange: fwd },
      { from: 7, to: 8, input: 0, exchange: fwd },
    ],
  };
  const tasks = g.nodes.map((n) => ({ headNodeId: n.id, subtask: 0, isSource: n.kind === 'source', inputChannels: [], turns: undefined as { turns: SourceTurns; slot: number } | undefined }));
  const turns = planSourceTurns(g, tasks, () => false);
  assert.equal(turns.length, 1);
  assert.deepEqual(
    tasks.map((t) => t.turns?.slot),
    [0, 1, undefined, undefined, undefined, undefined, undefined, undefined],
  );
});

void test('SourceTurns: the turn passes in order, waits until the channels are drained, skips sources that left', async () => {
  const ch = new LocalChannel(0);
  const turns = new SourceTurns(3, [ch], () => false);
  const woken: number[] = [];
  const wait = (slot: number): Promise<void> => new Promise((res) => turns.onTurn(slot, () => (woken.push(slot), res())));
  assert.ok(turns.holds(0));
  const w1 = wait(1);
  ch.push({ type: 'watermark', timestamp: 1 });
  turns.release(0);
  assert.ok(!turns.holds(1));
  await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(woken, [], 'not while a channel holds an event');
  ch.poll();
  await w1;
  assert.ok(turns.holds(1));
  turns.leave(2);
  turns.release(1);
  await wait(0);
  assert.deepEqual(woken, [1, 0]);
  turns.leave(0);
  await wait(1);
  assert.ok(turns.holds(1));
  // stop wakes a waiter that never gets the turn
  const t2 = new SourceTurns(2, [], () => false);
  const stopped = new Promise<void>((res) => t2.onTurn(1, res));
  t2.stop();
  await stopped;
});
