import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runJob, startJob } from './executor.ts';
import type { JobGraph, JobNode, JobEdge, Exchange, WatermarkSpec } from './graph.ts';
import type { Operator, OperatorContext, Output } from './operator.ts';
import { Batch } from './batch.ts';
import { RowKind, type Row } from './row.ts';
import { ValuesSource } from './values-source.ts';
import { CollectSink, type CollectedRow } from './collect-sink.ts';
import { Calc } from './operators/calc.ts';
import { UnionAll } from './operators/union-all.ts';
import { MAX_WATERMARK } from './watermark.ts';
import { subtaskForKey } from '../state/key-groups.ts';
import type { SourceBatch, SourceReader } from './source.ts';
import type { SinkWriter } from './sink.ts';
import type { StateKey } from '../state/api.ts';

const fwd: Exchange = { kind: 'forward' };
function graph(nodes: JobNode[], edges: JobEdge[]): JobGraph {
  return { name: 'test', nodes, edges, maxParallelism: 128, config: new Map() };
}
function src(id: number, rows: Row[], opts: { parallelism?: number; watermark?: WatermarkSpec; kinds?: RowKind[]; batchSize?: number } = {}): JobNode {
  return {
    kind: 'source',
    id,
    name: `Values${id}`,
    parallelism: opts.parallelism ?? 1,
    create: () => new ValuesSource(rows, { kinds: opts.kinds, batchSize: opts.batchSize }),
    watermark: opts.watermark,
  };
}
function op(id: number, create: (s: number) => Operator, parallelism = 1, inputs = 1): JobNode {
  return { kind: 'operator', id, name: `Op${id}`, parallelism, create, keyed: false, inputs };
}
function sink(id: number, into: CollectedRow[], parallelism = 1): JobNode {
  return { kind: 'sink', id, name: `Sink${id}`, parallelism, create: () => new CollectSink(into) };
}

/** Logs rows and watermarks it sees, forwarding rows. */
class Recorder implements Operator {
  readonly log: string[];
  constructor(log: string[]) {
    this.log = log;
  }
  processBatch(batch: Batch, input: number, out: Output): void {
    for (const r of batch.rows) this.log.push(`${input}:${JSON.stringify(r)}`);
    out.emit(batch);
  }
  processWatermark(wm: number): number {
    this.log.push(`wm ${wm === MAX_WATERMARK ? 'MAX' : wm}`);
    return wm;
  }
  endInput(input: number): void {
    this.log.push(`end ${input}`);
  }
}

const onEvent = (idleTimeoutMs = 0): WatermarkSpec => ({
  extract: (r) => (r[0] as number) - 1,
  emit: 'on-event',
  intervalMs: 200,
  idleTimeoutMs,
});

void test('chained source -> calc -> sink', async () => {
  const out: CollectedRow[] = [];
  const calc = new Calc((rows, kinds, or, ok) => {
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      if ((r[0] as number) % 2 === 0) {
        or.push([r[0], (r[0] as number) * 10]);
        ok.push(kinds[i]!);
      }
    }
  });
  const res = await runJob(
    graph(
      [src(1, [[1], [2], [3], [4]]), op(2, () => calc), sink(3, out)],
      [
        { from: 1, to: 2, input: 0, exchange: fwd },
        { from: 2, to: 3, input: 0, exchange: fwd },
      ],
    ),
  );
  assert.equal(res.status, 'finished');
  assert.deepEqual(
    out.map((r) => r.row),
    [
      [2, 20],
      [4, 40],
    ],
  );
  const m = Object.fromEntries(res.nodes.map((n) => [n.id, n.metrics]));
  assert.equal(m[1]!.numRecordsOut, 4);
  assert.equal(m[2]!.numRecordsIn, 4);
  assert.equal(m[2]!.numRecordsOut, 2);
  assert.equal(m[3]!.numRecordsIn, 2);
});

void test('hash exchange routes every key to the subtask owning its key group', async () => {
  const out: CollectedRow[] = [];
  const rows: Row[] = [];
  for (let i = 0; i < 200; i++) rows.push([`k${i % 37}`, i]);
  const tag = (s: number): Operator => ({
    processBatch(b: Batch, _i: number, o: Output) {
      o.emit(new Batch(b.rows.map((r) => [...r, s]), b.kinds.slice()));
    },
  });
  await runJob(
    graph(
      [src(1, rows, { parallelism: 2, batchSize: 7 }), op(2, tag, 3), sink(3, out, 1)],
      [
        { from: 1, to: 2, input: 0, exchange: { kind: 'hash', key: (r) => r[0] as StateKey, describe: '[0]' } },
        { from: 2, to: 3, input: 0, exchange: { kind: 'single' } },
      ],
    ),
  );
  assert.equal(out.length, 200);
  for (const { row } of out) assert.equal(row[2], subtaskForKey(row[0] as string, 3, 128));
});

void test('on-event watermarks interleave with rows exactly; MAX then end at the end', async () => {
  const log: string[] = [];
  await runJob(
    graph(
      [src(1, [[1], [3], [2], [5], [5], [4], [7]], { watermark: onEvent() }), op(2, () => new Recorder(log)), sink(3, [])],
      [
        { from: 1, to: 2, input: 0, exchange: fwd },
        { from: 2, to: 3, input: 0, exchange: fwd },
      ],
    ),
  );
  assert.deepEqual(log, ['0:[1]', 'wm 0', '0:[3]', 'wm 2', '0:[2]', '0:[5]', 'wm 4', '0:[5]', '0:[4]', '0:[7]', 'wm 6', 'wm MAX', 'end 0']);
});

void test('the same interleaving arrives across a network exchange', async () => {
  const log: string[] = [];
  await runJob(
    graph(
      [src(1, [[1], [3], [2], [5]], { watermark: onEvent() }), op(2, () => new Recorder(log), 1), sink(3, [])],
      [
        { from: 1, to: 2, input: 0, exchange: { kind: 'rebalance' } },
        { from: 2, to: 3, input: 0, exchange: fwd },
      ],
    ),
  );
  assert.deepEqual(log, ['0:[1]', 'wm 0', '0:[3]', 'wm 2', '0:[2]', '0:[5]', 'wm 4', 'wm MAX', 'end 0']);
});

void test('two-input operator sees the minimum watermark of its inputs, monotonic', async () => {
  const log: string[] = [];
  await runJob(
    graph(
      [
        src(1, [[10], [20], [30]], { watermark: onEvent(), batchSize: 1 }),
        src(2, [[5], [6]], { watermark: onEvent(), batchSize: 1 }),
        op(3, () => new Recorder(log), 1, 2),
      ],
      [
        { from: 1, to: 3, input: 0, exchange: fwd },
        { from: 2, to: 3, input: 1, exchange: fwd },
      ],
    ),
  );
  const wms = log.filter((l) => l.startsWith('wm'));
  // never above input 1's watermark (5) until it ends; then input 0's
  assert.deepEqual(wms.slice(0, 2), ['wm 4', 'wm 5']);
  assert.equal(wms.at(-1), 'wm MAX');
  assert.ok(log.includes('end 0') && log.includes('end 1'));
  const nums = wms.filter((w) => w !== 'wm MAX').map((w) => Number(w.slice(3)));
  for (let i = 1; i < nums.length; i++) assert.ok(nums[i]! > nums[i - 1]!);
});

void test('event-time timers fire before processWatermark, in time order', async () => {
  const log: string[] = [];
  class TimerOp implements Operator {
    private ctx!: OperatorContext;
    open(ctx: OperatorContext): void {
      this.ctx = ctx;
    }
    processBatch(b: Batch): void {
      for (const r of b.rows) this.ctx.timers.registerEventTimeTimer(r[1] as string, (r[0] as number) + 1);
    }
    onTimer(key: StateKey, time: number, domain: string, out: Output): void {
      log.push(`timer ${String(key)}@${time} ${domain}`);
      out.emit(Batch.inserts([[key, time]]));
    }
    processWatermark(wm: number): number {
      log.push(`wm ${wm === MAX_WATERMARK ? 'MAX' : wm}`);
      return wm;
    }
  }
  const out: CollectedRow[] = [];
  await runJob(
    graph(
      [src(1, [[1, 'a'], [2, 'b'], [4, 'c'], [3, 'd']], { watermark: onEvent() }), op(2, () => new TimerOp(), 1), sink(3, out)],
      [
        { from: 1, to: 2, input: 0, exchange: { kind: 'hash', key: (r) => r[1] as StateKey, describe: '' } },
        { from: 2, to: 3, input: 0, exchange: fwd },
      ],
    ),
  );
  assert.deepEqual(log, ['wm 0', 'wm 1', 'timer a@2 event', 'timer b@3 event', 'wm 3', 'timer d@4 event', 'timer c@5 event', 'wm MAX']);
  assert.equal(out.length, 4);
});

void test('an operator error rejects the job and closes everything', async () => {
  const sinks: CollectSink[] = [];
  let closed = 0;
  const bad: Operator = {
    processBatch(b: Batch) {
      if (b.rows.some((r) => r[0] === 3)) throw new Error('boom');
    },
    close() {
      closed++;
    },
  };
  const g = graph(
    [
      src(1, [[1], [2], [3], [4]], { batchSize: 1 }),
      op(2, () => bad, 2),
      { kind: 'sink', id: 3, name: 'S', parallelism: 1, create: () => (sinks.push(new CollectSink()), sinks.at(-1)!) },
    ],
    [
      { from: 1, to: 2, input: 0, exchange: { kind: 'rebalance' } },
      { from: 2, to: 3, input: 0, exchange: { kind: 'single' } },
    ],
  );
  await assert.rejects(runJob(g), /boom/);
  assert.equal(closed, 2);
  assert.ok(sinks.every((s) => s.closed));
});

class Endless implements SourceReader {
  readonly bounded = false;
  closed = false;
  private i = 0;
  open(): Promise<void> {
    return Promise.resolve();
  }
  async poll(): Promise<SourceBatch> {
    await new Promise((r) => setTimeout(r, 1));
    return { batch: Batch.inserts([[this.i++]]), split: 's' };
  }
  splits(): string[] {
    return ['s'];
  }
  snapshotPosition(): unknown {
    return this.i;
  }
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

void test('cancel stops an unbounded job', async () => {
  const reader = new Endless();
  const out: CollectedRow[] = [];
  const h = startJob(
    graph(
      [{ kind: 'source', id: 1, name: 'Endless', parallelism: 1, create: () => reader }, sink(2, out)],
      [{ from: 1, to: 2, input: 0, exchange: { kind: 'rebalance' } }],
    ),
  );
  await new Promise((r) => setTimeout(r, 30));
  h.cancel();
  const res = await h.result;
  assert.equal(res.status, 'cancelled');
  assert.ok(reader.closed);
  assert.ok(out.length > 0);
});

void test('sink back-pressure: flush is awaited when needsFlush', async () => {
  const events: string[] = [];
  class Buffered implements SinkWriter {
    buf = 0;
    open(): Promise<void> {
      return Promise.resolve();
    }
    write(b: Batch): void {
      this.buf += b.size;
      events.push(`w${b.size}`);
    }
    needsFlush(): boolean {
      return this.buf >= 2;
    }
    async flush(): Promise<void> {
      await new Promise((r) => setTimeout(r, 1));
      events.push(`flush${this.buf}`);
      this.buf = 0;
    }
    async finish(): Promise<void> {
      events.push('finish');
    }
    close(): Promise<void> {
      return Promise.resolve();
    }
  }
  await runJob(
    graph([src(1, [[1], [2], [3], [4], [5]], { batchSize: 1 }), { kind: 'sink', id: 2, name: 'B', parallelism: 1, create: () => new Buffered() }], [
      { from: 1, to: 2, input: 0, exchange: fwd },
    ]),
  );
  assert.deepEqual(events, ['w1', 'w1', 'flush2', 'w1', 'w1', 'flush2', 'w1', 'finish']);
});

void test('idle splits stop holding back the watermark', async () => {
  let now = 0;
  class TwoSplits implements SourceReader {
    readonly bounded = true;
    private step = 0;
    open(): Promise<void> {
      return Promise.resolve();
    }
    poll(): Promise<SourceBatch | null> {
      now += 100;
      const s = this.step++;
      if (s === 0) return Promise.resolve({ batch: Batch.inserts([[10]]), split: 'a' });
      if (s === 1) return Promise.resolve({ batch: Batch.inserts([[5]]), split: 'b' });
      if (s < 8) return Promise.resolve({ batch: Batch.inserts([[10 + s]]), split: 'a' });
      return Promise.resolve(null);
    }
    splits(): string[] {
      return ['a', 'b'];
    }
    snapshotPosition(): unknown {
      return this.step;
    }
    close(): Promise<void> {
      return Promise.resolve();
    }
  }
  const log: string[] = [];
  await runJob(
    graph(
      [
        { kind: 'source', id: 1, name: 'S', parallelism: 1, create: () => new TwoSplits(), watermark: onEvent(250) },
        op(2, () => new Recorder(log)),
      ],
      [{ from: 1, to: 2, input: 0, exchange: fwd }],
    ),
    { clock: () => now },
  );
  const wms = log.filter((l) => l.startsWith('wm'));
  // b holds the watermark at 4 until it has been idle for 250ms, then a's watermark wins
  assert.equal(wms[0], 'wm 4');
  assert.ok(wms.includes('wm 14'), wms.join());
});

void test('union of a changelog keeps kinds', async () => {
  const out: CollectedRow[] = [];
  await runJob(
    graph(
      [src(1, [[1]], { kinds: [RowKind.DELETE] }), src(2, [[2]]), op(3, () => new UnionAll(), 1, 2), sink(4, out)],
      [
        { from: 1, to: 3, input: 0, exchange: fwd },
        { from: 2, to: 3, input: 1, exchange: fwd },
        { from: 3, to: 4, input: 0, exchange: fwd },
      ],
    ),
  );
  assert.deepEqual(out.map((r) => [r.kind, r.row[0]]).sort(), [
    [RowKind.INSERT, 2],
    [RowKind.DELETE, 1],
  ].sort());
});
