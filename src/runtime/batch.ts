/**
 * A batch: the unit that moves between operators. Rows and their kinds sit in
 * two parallel arrays. Operators read `rows[i]` / `kinds[i]` for i < size and
 * never keep a reference to a batch they received (the producer may reuse it
 * after the call returns); they may keep the row arrays, which are immutable
 * once emitted.
 */
import { RowKind, type Row } from './row.ts';

export class Batch {
  rows: Row[];
  kinds: RowKind[];
  constructor(rows: Row[] = [], kinds: RowKind[] = []) {
    this.rows = rows;
    this.kinds = kinds;
  }
  get size(): number {
    return this.rows.length;
  }
  push(kind: RowKind, row: Row): void {
    this.rows.push(row);
    this.kinds.push(kind);
  }
  clear(): void {
    this.rows = [];
    this.kinds = [];
  }
  /** A batch of inserts. */
  static inserts(rows: Row[]): Batch {
    return new Batch(rows, new Array<RowKind>(rows.length).fill(RowKind.INSERT));
  }
  /** True when every row is an insert. */
  insertOnly(): boolean {
    const k = this.kinds;
    for (let i = 0; i < k.length; i++) if (k[i] !== RowKind.INSERT) return false;
    return true;
  }
}
