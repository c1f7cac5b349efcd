/**
 * The 'print' sink (Flink's PrintTableSinkFactory + PrintSinkOutputWriter):
 * each row is written as `<identifier>:<subtask>> +I[…]` to stdout (or
 * stderr with 'standard-error'); the prefix is `identifier> ` at parallelism
 * 1, `<subtask+1>> ` without an identifier at parallelism > 1, and empty
 * otherwise. Accepts every changelog.
 */
import type { DynamicTableFactory, OptionDecl, TableFactoryContext } from '../../catalog/connector.ts';
import { OptionReader } from '../../catalog/options.ts';
import type { Batch } from '../../runtime/batch.ts';
import { ROW_KIND_SHORT } from '../../runtime/row.ts';
import type { SinkContext, SinkWriter } from '../../runtime/sink.ts';
import type { RowType } from '../../types/logical-type.ts';
import { rowRenderer } from './row-string.ts';

export const PRINT_OPTIONS: readonly OptionDecl[] = [
  { key: 'print-identifier', type: 'string', description: 'Message prefix that identifies the print sink output.' },
  { key: 'standard-error', type: 'boolean', default: 'false', description: 'Print to standard error instead of standard out.' },
  { key: 'sink.parallelism', type: 'int', description: 'Parallelism of the sink.' },
];

/** Where printed text goes (a stream by default; tests pass a collector). */
export interface PrintTarget {
  write(text: string): boolean | void;
}

export class PrintSinkWriter implements SinkWriter {
  private readonly render: (row: readonly unknown[]) => string;
  private readonly identifier: string | undefined;
  private readonly target: PrintTarget;
  private prefix = '';
  private buffer = '';
  private count = 0;

  constructor(schema: RowType, identifier: string | undefined, target: PrintTarget) {
    this.render = rowRenderer(schema);
    this.identifier = identifier;
    this.target = target;
  }

  open(ctx: SinkContext): Promise<void> {
    const id = this.identifier;
    const multi = ctx.parallelism > 1;
    if (id !== undefined && id !== '') this.prefix = multi ? `${id}:${ctx.subtaskIndex + 1}> ` : `${id}> `;
    else this.prefix = multi ? `${ctx.subtaskIndex + 1}> ` : '';
    return Promise.resolve();
  }

  write(batch: Batch): void {
    const { rows, kinds } = batch;
    let s = '';
    for (let i = 0; i < rows.length; i++) s += this.prefix + ROW_KIND_SHORT[kinds[i]!] + this.render(rows[i]!) + '\n';
    this.buffer += s;
    this.count += rows.length;
  }

  needsFlush(): boolean {
    return this.buffer.length > 64 * 1024;
  }

  flush(): Promise<void> {
    if (this.buffer === '') return Promise.resolve();
    const text = this.buffer;
    this.buffer = '';
    const ok = this.target.write(text);
    if (ok === false && 'once' in this.target) {
      const stream = this.target as NodeJS.WriteStream;
      return new Promise((resolve) => stream.once('drain', () => resolve()));
    }
    return Promise.resolve();
  }

  finish(): Promise<void> {
    return this.flush();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  /** Rows printed so far. */
  get rowsWritten(): number {
    return this.count;
  }
}

export const printFactory: DynamicTableFactory = {
  identifier: 'print',
  options: PRINT_OPTIONS,
  createSink(ctx: TableFactoryContext) {
    const opts = new OptionReader(PRINT_OPTIONS, ctx.options);
    const identifier = opts.string('print-identifier');
    const stderr = opts.boolean('standard-error') ?? false;
    return {
      accepts: () => true,
      createWriter: () => new PrintSinkWriter(ctx.physicalSchema, identifier, stderr ? process.stderr : process.stdout),
    };
  },
};
