/**
 * LIMIT/OFFSET without ORDER BY on an insert-only stream: passes rows after
 * `offset` until `fetch` rows went through, then drops the rest.
 */
import { Batch } from '../batch.ts';
import type { Operator, Output } from '../operator.ts';

export class Limit implements Operator {
  private readonly offset: number;
  private readonly fetch: number | null;
  private seen = 0;
  constructor(offset: number, fetch: number | null) {
    this.offset = offset;
    this.fetch = fetch;
  }
  processBatch(batch: Batch, _input: number, out: Output): void {
    const end = this.fetch === null ? Infinity : this.offset + this.fetch;
    if (this.seen >= end) return;
    const res = new Batch();
    for (let i = 0; i < batch.rows.length && this.seen < end; i++, this.seen++) {
      if (this.seen >= this.offset) res.push(batch.kinds[i]!, batch.rows[i]!);
    }
    if (res.size) out.emit(res);
  }
}
