/**
 * Result printers for `weir run`: the changelog as JSON lines (the contract in
 * shared/acceptance/README.md) and Flink's tableau style with an `op` column.
 */
import type { ResultSink } from '../api/table-environment.ts';
import { ROW_KIND_SHORT, type Row, type RowKind } from '../runtime/row.ts';
import { formatValue, toJsonValue } from '../types/format.ts';
import type { LogicalType, RowType } from '../types/logical-type.ts';

export interface Writer {
  write(s: string): void;
}

export class ChangelogJsonPrinter implements ResultSink {
  private types: readonly LogicalType[] = [];
  private readonly out: Writer;
  private readonly zone: string;
  constructor(out: Writer, zone: string) {
    this.out = out;
    this.zone = zone;
  }
  start(schema: RowType): void {
    this.types = schema.fields.map((f) => f.type);
  }
  rows(kinds: readonly RowKind[], rows: readonly Row[]): void {
    let s = '';
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const vals = this.types.map((t, j) => toJsonValue(r[j] ?? null, t, this.zone));
      s += `{"op":"${ROW_KIND_SHORT[kinds[i]!]}","row":${JSON.stringify(vals)}}\n`;
    }
    this.out.write(s);
  }
  end(): void {}
}

/** Flink's tableau result: a boxed table with an `op` column, then the row count. */
export class TableauPrinter implements ResultSink {
  private schema: RowType | undefined;
  private count = 0;
  private widths: number[] = [];
  private readonly out: Writer;
  private readonly zone: string;
  constructor(out: Writer, zone: string) {
    this.out = out;
    this.zone = zone;
  }
  start(schema: RowType): void {
    this.schema = schema;
    this.widths = [2, ...schema.fields.map((f) => Math.max(f.name.length, 12))];
    this.out.write(this.border() + this.line(['op', ...schema.fields.map((f) => f.name)]) + this.border());
  }
  private border(): string {
    return '+' + this.widths.map((w) => '-'.repeat(w + 2)).join('+') + '+\n';
  }
  private line(cells: string[]): string {
    return '|' + cells.map((c, i) => ' ' + c.padStart(this.widths[i]!) + ' ').join('|') + '|\n';
  }
  rows(kinds: readonly RowKind[], rows: readonly Row[]): void {
    const types = this.schema?.fields.map((f) => f.type) ?? [];
    let s = '';
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const cells = types.map((t, j) => (r[j] === null || r[j] === undefined ? '<NULL>' : formatValue(r[j], t, this.zone)));
      s += this.line([ROW_KIND_SHORT[kinds[i]!], ...cells]);
      this.count++;
    }
    this.out.write(s);
  }
  end(): void {
    this.out.write(this.border() + `Received a total of ${this.count} row${this.count === 1 ? '' : 's'}\n`);
  }
}
