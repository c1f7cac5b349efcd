/**
 * Adapts a SinkWriter to the Operator interface so a sink can sit at the end
 * of a chain: rows go to the synchronous `write`; the task drives the async
 * parts (open, flush on back-pressure, finish at end of input, close).
 */
import type { Batch } from './batch.ts';
import type { Operator, Output } from './operator.ts';
import type { SinkWriter } from './sink.ts';

export class SinkOperator implements Operator {
  readonly writer: SinkWriter;
  constructor(writer: SinkWriter) {
    this.writer = writer;
  }
  processBatch(batch: Batch, _input: number, _out: Output): void {
    this.writer.write(batch);
  }
  processWatermark(wm: number, _out: Output): number {
    this.writer.onWatermark?.(wm);
    return wm;
  }
}
