/**
 * A SinkWriter that collects the changelog in memory (tests, the CLI's
 * result collection). All subtasks append to the same `rows` array in
 * arrival order.
 */
import type { Batch } from './batch.ts';
import type { Row, RowKind } from './row.ts';
import type { SinkContext, SinkWriter } from './sink.ts';

export interface CollectedRow {
  readonly kind: RowKind;
  readonly row: Row;
  readonly subtask: number;
}

export class CollectSink implements SinkWriter {
  readonly rows: CollectedRow[];
  private subtask = 0;
  finished = false;
  closed = false;
  constructor(into: CollectedRow[] = []) {
    this.rows = into;
  }
  open(ctx: SinkContext): Promise<void> {
    this.subtask = ctx.subtaskIndex;
    return Promise.resolve();
  }
  write(batch: Batch): void {
    for (let i = 0; i < batch.size; i++) this.rows.push({ kind: batch.kinds[i]!, row: batch.rows[i]!, subtask: this.subtask });
  }
  needsFlush(): boolean {
    return false;
  }
  flush(): Promise<void> {
    return Promise.resolve();
  }
  finish(): Promise<void> {
    this.finished = true;
    return Promise.resolve();
  }
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
