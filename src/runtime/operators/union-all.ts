/**
 * UnionAll: n inputs, one output; batches pass through unchanged (the task
 * already takes the minimum watermark over the inputs).
 */
import type { Batch } from '../batch.ts';
import type { Operator, Output } from '../operator.ts';

export class UnionAll implements Operator {
  processBatch(batch: Batch, _input: number, out: Output): void {
    out.emit(batch);
  }
}
