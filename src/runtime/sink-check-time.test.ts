/** A sink writer's `nextCheckTime` wakes its task while no input arrives (time-based rolling and flushing). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runJob } from './executor.ts';
import { Batch } from './batch.ts';
import type { SourceBatch, SourceReader } from './source.ts';
import type { SinkWriter } from './sink.ts';

void test('an idle sink task wakes at the time its writer asks for and flushes', async () => {
  const t0 = Date.now();
  const events: string[] = [];
  let secondPollAt = 0;
  class Slow implements SourceReader {
    readonly bounded = true;
    private step = 0;
    open(): Promise<void> {
      return Promise.resolve();
    }
    async poll(): Promise<SourceBatch | null> {
      const s = this.step++;
      if (s === 0) return { batch: Batch.inserts([[1]]), split: 'a' };
      if (s === 1) {
        await new Promise((r) => setTimeout(r, 400));
        secondPollAt = Date.now() - t0;
        return { batch: Batch.inserts([[2]]), split: 'a' };
      }
      return null;
    }
    splits(): string[] {
      return ['a'];
    }
    snapshotPosition(): unknown {
      return this.step;
    }
    close(): Promise<void> {
      return Promise.resolve();
    }
  }
  class Timed implements SinkWriter {
    private buffered = 0;
    private due = Number.POSITIVE_INFINITY;
    open(): Promise<void> {
      return Promise.resolve();
    }
    write(batch: Batch): void {
      this.buffered += batch.size;
      if (this.due === Number.POSITIVE_INFINITY) this.due = Date.now() + 30;
    }
    needsFlush(): boolean {
      return this.buffered > 0 && Date.now() >= this.due;
    }
    nextCheckTime(): number | undefined {
      return this.buffered > 0 ? this.due : undefined;
    }
    flush(): Promise<void> {
      events.push(`flush ${this.buffered} at ${Date.now() - t0}`);
      this.buffered = 0;
      this.due = Number.POSITIVE_INFINITY;
      return Promise.resolve();
    }
    finish(): Promise<void> {
      events.push(`finish ${this.buffered}`);
      return Promise.resolve();
    }
    close(): Promise<void> {
      return Promise.resolve();
    }
  }
  await runJob({
    name: 'check-time',
    nodes: [
      { kind: 'source', id: 1, name: 'Slow', parallelism: 1, create: () => new Slow() },
      { kind: 'sink', id: 2, name: 'Timed', parallelism: 1, create: () => new Timed() },
    ],
    // a rebalance: the sink runs in its own task, waiting for input
    edges: [{ from: 1, to: 2, input: 0, exchange: { kind: 'rebalance' } }],
    maxParallelism: 128,
    config: new Map(),
  });
  const first = events[0]!;
  assert.match(first, /^flush 1 at \d+$/);
  // the first row was flushed while the source still waited for its second row
  assert.ok(Number(first.split(' at ')[1]) < secondPollAt, `${events.join(', ')}; second row at ${secondPollAt}`);
});
