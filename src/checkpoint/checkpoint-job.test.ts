/**
 * Checkpointing through the executor with a hand-built job: two throttled
 * sources → hash exchange → a keyed two-input counting operator (barrier
 * alignment, keyed state) → a two-phase-commit sink. A failure injected after
 * a checkpoint completed restarts the job in-process (restart strategy) from
 * that checkpoint; the committed output must equal a failure-free run's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { runJobCheckpointed } from './run.ts';
import type { JobGraph } from '../runtime/graph.ts';
import type { Operator, OperatorContext, Output } from '../runtime/operator.ts';
import type { SinkContext, SinkWriter } from '../runtime/sink.ts';
import type { SourceBatch, SourceContext, SourceReader } from '../runtime/source.ts';
import { ValuesSource } from '../runtime/values-source.ts';
import { Batch } from '../runtime/batch.ts';
import { RowKind, type Row } from '../runtime/row.ts';
import type { StateKey, ValueState } from '../state/api.ts';
import { FsCheckpointStorage, latestCheckpoint } from './storage.ts';

/**
 * A values source that sleeps between small batches, so checkpoints happen
 * mid-stream, and holds back its second half until `ready()` (the failure
 * injection then surely happens mid-stream, whatever the machine's speed).
 */
class SlowValues implements SourceReader {
  readonly bounded = true;
  private readonly inner: ValuesSource;
  private readonly half: number;
  private readonly ready: () => boolean;
  constructor(rows: Row[], ready: () => boolean) {
    this.inner = new ValuesSource(rows, { batchSize: 20 });
    this.half = rows.length / 2;
    this.ready = ready;
  }
  open(ctx: SourceContext, position?: unknown): Promise<void> {
    return this.inner.open(ctx, position);
  }
  async poll(n: number): Promise<SourceBatch | null> {
    await new Promise((r) => setTimeout(r, 2));
    if ((this.inner.snapshotPosition() as number) >= this.half && !this.ready()) return { batch: new Batch(), split: 'values' };
    return this.inner.poll(n);
  }
  splits(): readonly string[] {
    return this.inner.splits();
  }
  snapshotPosition(): unknown {
    return this.inner.snapshotPosition();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

interface Failure {
  armed: boolean;
  checkpointsSeen: number;
  failures: number;
}

/** Unarmed, or two checkpoint completions seen: the second half of the input may flow (and the armed failure fire). */
const ready = (f: Failure): boolean => !f.armed || f.checkpointsSeen >= 2;

/** Counts rows per key (keyed value state) over both inputs; emits [key, count] (the interleaving of the inputs does not change the set). */
class Counter implements Operator {
  private state!: ValueState<number>;
  private readonly failure: Failure;
  constructor(failure: Failure) {
    this.failure = failure;
  }
  open(ctx: OperatorContext): void {
    this.state = ctx.keyedState.valueState<number>({ name: 'count' });
  }
  processBatch(batch: Batch, _input: number, out: Output): void {
    const o = new Batch();
    for (const r of batch.rows) {
      const k = r[0] as StateKey;
      const c = (this.state.get(k) ?? 0) + 1;
      this.state.put(k, c);
      o.push(RowKind.INSERT, [k, c]);
    }
    if (this.failure.armed && ready(this.failure)) {
      this.failure.armed = false;
      this.failure.failures++;
      throw new Error('injected failure');
    }
    out.emit(o);
  }
  notifyCheckpointComplete(): void {
    this.failure.checkpointsSeen++;
  }
}

/** Two-phase commit into memory: transactions committed idempotently by id. */
class TxSink implements SinkWriter {
  private readonly committed: Map<string, Row[]>;
  private buf: Row[] = [];
  private readonly pending = new Map<number, { txn: string; rows: Row[] }>();
  private readonly attempt = randomUUID();
  constructor(committed: Map<string, Row[]>) {
    this.committed = committed;
  }
  open(_ctx: SinkContext, restored?: unknown): Promise<void> {
    const st = restored as { pending: { txn: string; rows: Row[] }[] } | undefined;
    for (const e of st?.pending ?? []) this.committed.set(e.txn, e.rows);
    return Promise.resolve();
  }
  write(batch: Batch): void {
    this.buf.push(...batch.rows);
  }
  needsFlush(): boolean {
    return false;
  }
  flush(): Promise<void> {
    return Promise.resolve();
  }
  prepareCommit(id: number): Promise<unknown> {
    const e = { txn: `${this.attempt}-${id}`, rows: this.buf };
    this.buf = [];
    this.pending.set(id, e);
    return Promise.resolve({ pending: [e] });
  }
  commit(id: number): Promise<void> {
    for (const [k, e] of [...this.pending]) {
      if (k > id) continue;
      this.committed.set(e.txn, e.rows);
      this.pending.delete(k);
    }
    return Promise.resolve();
  }
  finish(): Promise<void> {
    for (const e of this.pending.values()) this.committed.set(e.txn, e.rows);
    this.pending.clear();
    if (this.buf.length > 0) this.committed.set(`${this.attempt}-final`, this.buf);
    this.buf = [];
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

function job(dir: string, mode: string, failure: Failure, committed: Map<string, Row[]>, parallelism = 2): JobGraph {
  const rowsA: Row[] = Array.from({ length: 600 }, (_, i) => [`k${i % 17}`]);
  const rowsB: Row[] = Array.from({ length: 400 }, (_, i) => [`k${i % 13}`]);
  const hash = { kind: 'hash' as const, key: (r: Row) => r[0] as StateKey, describe: '[0]' };
  return {
    name: 'checkpoint-job-test',
    maxParallelism: 128,
    config: new Map([
      ['execution.checkpointing.interval', '20 ms'],
      ['execution.checkpointing.mode', mode],
      ['state.checkpoints.dir', dir],
      ['state.checkpoints.num-retained', '3'],
      ['restart-strategy.type', 'fixed-delay'],
      ['restart-strategy.fixed-delay.attempts', '2'],
      ['restart-strategy.fixed-delay.delay', '10 ms'],
    ]),
    nodes: [
      { kind: 'source', id: 1, name: 'A', parallelism: 1, create: () => new SlowValues(rowsA, () => ready(failure)) },
      { kind: 'source', id: 2, name: 'B', parallelism: 1, create: () => new SlowValues(rowsB, () => ready(failure)) },
      { kind: 'operator', id: 3, name: 'Counter', parallelism, keyed: true, inputs: 2, create: () => new Counter(failure) },
      { kind: 'sink', id: 4, name: 'TxSink', parallelism: 1, create: () => new TxSink(committed) },
    ],
    edges: [
      { from: 1, to: 3, input: 0, exchange: hash },
      { from: 2, to: 3, input: 1, exchange: hash },
      { from: 3, to: 4, input: 0, exchange: { kind: 'single' } },
    ],
  };
}

function output(committed: Map<string, Row[]>): string[] {
  return [...committed.values()].flat().map((r) => JSON.stringify(r)).sort();
}

for (const mode of ['EXACTLY_ONCE', 'AT_LEAST_ONCE']) {
  void test(`${mode}: a failure restarts the job from the latest checkpoint; committed output equals a failure-free run`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weir-ckjob-'));
    try {
      const refCommitted = new Map<string, Row[]>();
      await runJobCheckpointed(job(join(dir, 'ref'), mode, { armed: false, checkpointsSeen: 0, failures: 0 }, refCommitted), { log: () => {} });
      const failure: Failure = { armed: true, checkpointsSeen: 0, failures: 0 };
      const committed = new Map<string, Row[]>();
      const logs: string[] = [];
      const stats: number[] = [];
      await runJobCheckpointed(job(join(dir, 'ft'), mode, failure, committed), {
        log: (m) => logs.push(m),
        onAttemptEnd: (c) => stats.push(c.length),
      });
      assert.equal(failure.failures, 1);
      assert.ok(
        logs.some((l) => l.includes('restart 1')),
        logs.join('\n'),
      );
      assert.ok(logs.some((l) => l.includes('Restoring job')));
      assert.ok(stats[0]! >= 1, 'the failed attempt completed checkpoints');
      const want = output(refCommitted);
      assert.equal(want.length, 1000);
      if (mode === 'EXACTLY_ONCE') {
        // each key's counts are 1..n exactly once: nothing lost, nothing duplicated
        assert.deepEqual(output(committed), want);
      } else {
        // at-least-once: nothing lost (rows after a barrier may count twice)
        const got = new Set(output(committed));
        for (const w of want) assert.ok(got.has(w), `lost ${w}`);
      }
      const storage = new FsCheckpointStorage(join(dir, 'ft'), 'checkpoint-job-test');
      const last = await latestCheckpoint(storage);
      assert.equal(last?.metadata.finished, true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

void test('a savepoint taken at parallelism 2 restores at parallelism 1 and 3 (key groups redistributed)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'weir-ckjob-'));
  try {
    const ref = new Map<string, Row[]>();
    await runJobCheckpointed(job(join(dir, 'ref'), 'EXACTLY_ONCE', { armed: false, checkpointsSeen: 0, failures: 0 }, ref), { log: () => {} });
    for (const p of [1, 3]) {
      // run at parallelism 2 until it has failed once (after 2 checkpoints), with no restart: keep its checkpoints
      const d = join(dir, `p${p}`);
      const first = new Map<string, Row[]>();
      const g = job(d, 'EXACTLY_ONCE', { armed: true, checkpointsSeen: 0, failures: 0 }, first, 2);
      const noRestart: JobGraph = { ...g, config: new Map([...g.config, ['restart-strategy.type', 'none']]) };
      await assert.rejects(runJobCheckpointed(noRestart, { log: () => {} }), /injected failure/);
      const last = await latestCheckpoint(new FsCheckpointStorage(d, g.name));
      assert.ok(last, 'a checkpoint exists');
      const resumed = job(d, 'EXACTLY_ONCE', { armed: false, checkpointsSeen: 0, failures: 0 }, first, p);
      const cfg = new Map([...resumed.config, ['execution.savepoint.path', last.location]]);
      await runJobCheckpointed({ ...resumed, config: cfg }, { log: () => {} });
      assert.deepEqual(output(first), output(ref), `parallelism 2 → ${p}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
