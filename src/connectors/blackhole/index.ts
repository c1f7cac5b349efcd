/**
 * The 'blackhole' sink (Flink's BlackHoleTableSinkFactory): discards every
 * row of any changelog, counting them (for benchmarks).
 */
import type { DynamicTableFactory } from '../../catalog/connector.ts';
import type { Batch } from '../../runtime/batch.ts';
import type { SinkContext, SinkWriter } from '../../runtime/sink.ts';

export class BlackholeSinkWriter implements SinkWriter {
  rows = 0;
  open(_ctx: SinkContext): Promise<void> {
    return Promise.resolve();
  }
  write(batch: Batch): void {
    this.rows += batch.size;
  }
  needsFlush(): boolean {
    return false;
  }
  flush(): Promise<void> {
    return Promise.resolve();
  }
  finish(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

export const blackholeFactory: DynamicTableFactory = {
  identifier: 'blackhole',
  options: [],
  createSink: () => ({
    accepts: () => true,
    createWriter: () => new BlackholeSinkWriter(),
  }),
};
