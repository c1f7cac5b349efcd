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

/** Characters a column takes on screen: East Asian wide and full-width characters count twice (as Flink's tableau does). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += isWide(ch.codePointAt(0)!) ? 2 : 1;
  return w;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

const NULL_VALUE = '<NULL>';
const TRUNCATED = '...';

/**
 * The width Flink's streaming tableau gives a column of this type before any row is seen: the
 * longest value of fixed-width types (a sign included), `maxColumnWidth` for the others.
 */
export function columnWidthByType(name: string, t: LogicalType, maxColumnWidth: number): number {
  let len: number;
  switch (t.root) {
    case 'TINYINT':
      len = 4;
      break;
    case 'SMALLINT':
      len = 6;
      break;
    case 'INTEGER':
      len = 11;
      break;
    case 'BIGINT':
      len = 20;
      break;
    case 'DECIMAL':
      len = t.precision + 2;
      break;
    case 'BOOLEAN':
      len = 5;
      break;
    case 'DATE':
      len = 10;
      break;
    case 'TIME':
      len = t.precision === 0 ? 8 : t.precision + 9;
      break;
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      len = t.precision === 0 ? 19 : t.precision <= 3 ? 23 : t.precision <= 6 ? 26 : 29;
      break;
    default:
      len = maxColumnWidth;
  }
  return Math.max(name.length, len, NULL_VALUE.length);
}

/** A cell right-aligned in `width`, or cut with '...' when it does not fit. */
function fit(cell: string, width: number): string {
  const w = displayWidth(cell);
  if (w <= width) return ' '.repeat(width - w) + cell;
  const target = width - TRUNCATED.length;
  let used = 0;
  let cut = '';
  for (const ch of cell) {
    const cw = isWide(ch.codePointAt(0)!) ? 2 : 1;
    if (used + cw > target) break;
    used += cw;
    cut += ch;
  }
  return ' '.repeat(target - used) + cut + TRUNCATED;
}

function border(widths: readonly number[]): string {
  return '+' + widths.map((w) => '-'.repeat(w + 2)).join('+') + '+\n';
}

function line(cells: readonly string[], widths: readonly number[]): string {
  return '|' + cells.map((c, i) => ' ' + fit(c, widths[i]!) + ' ').join('|') + '|\n';
}

/**
 * Flink's streaming tableau result: a boxed table with an `op` column, column widths derived from
 * the types (variable-width values cut at `table.display.max-column-width`, default 30, with
 * '...'), NULL as `<NULL>`, then the row count.
 */
export class TableauPrinter implements ResultSink {
  private schema: RowType | undefined;
  private count = 0;
  private widths: number[] = [];
  private readonly out: Writer;
  private readonly zone: string;
  private readonly maxColumnWidth: number;
  constructor(out: Writer, zone: string, maxColumnWidth = 30) {
    this.out = out;
    this.zone = zone;
    this.maxColumnWidth = maxColumnWidth;
  }
  start(schema: RowType): void {
    this.schema = schema;
    this.widths = [2, ...schema.fields.map((f) => columnWidthByType(f.name, f.type, this.maxColumnWidth))];
    this.out.write(border(this.widths) + line(['op', ...schema.fields.map((f) => f.name)], this.widths) + border(this.widths));
  }
  rows(kinds: readonly RowKind[], rows: readonly Row[]): void {
    const types = this.schema?.fields.map((f) => f.type) ?? [];
    let s = '';
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const cells = types.map((t, j) => (r[j] === null || r[j] === undefined ? NULL_VALUE : formatValue(r[j], t, this.zone)));
      s += line([ROW_KIND_SHORT[kinds[i]!], ...cells], this.widths);
      this.count++;
    }
    this.out.write(s);
  }
  end(): void {
    this.out.write(border(this.widths) + `Received a total of ${this.count} row${this.count === 1 ? '' : 's'}\n`);
  }
}

/**
 * A complete result (SHOW …, DESCRIBE …) as Flink's SQL client prints it: widths from the content
 * (never cut, so job ids show whole), no op column, then 'N rows in set' or 'Empty set'.
 */
export function formatTableResult(schema: RowType, rows: readonly Row[], zone: string, maxColumnWidth = Number.MAX_SAFE_INTEGER): string {
  if (rows.length === 0) return 'Empty set\n';
  const types = schema.fields.map((f) => f.type);
  const cells = rows.map((r) => types.map((t, j) => (r[j] === null || r[j] === undefined ? NULL_VALUE : formatValue(r[j], t, zone))));
  const names = schema.fields.map((f) => f.name);
  const widths = names.map((n, i) => Math.min(maxColumnWidth, Math.max(displayWidth(n), ...cells.map((c) => displayWidth(c[i]!)))));
  let s = border(widths) + line(names, widths) + border(widths);
  for (const c of cells) s += line(c, widths);
  return s + border(widths) + `${rows.length} row${rows.length === 1 ? '' : 's'} in set\n`;
}
