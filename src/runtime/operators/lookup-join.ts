/**
 * LookupJoin: the processing-time temporal join (`JOIN dim FOR SYSTEM_TIME
 * AS OF l.proctime ON l.k = dim.k`) against a bounded lookup table (the
 * filesystem connector, as Nexmark's q13 uses it). Flink's filesystem lookup
 * function loads the whole table into a cache on the first lookup and looks
 * rows up by key; here the table arrives on input 1 (its changelog is applied
 * to a multiset per key), probe rows that come before it has ended wait, and
 * every probe row then joins the rows of its key (non-equi rest applied), or
 * is padded (LEFT). Results keep the probe row's kind. The forwarded
 * watermark is held back while probe rows wait.
 */
import { Batch } from '../batch.ts';
import type { Operator, OperatorContext, Output } from '../operator.ts';
import { RowKind, type Row } from '../row.ts';
import type { OperatorStateStore, StateKey, ValueState } from '../../state/api.ts';
import { rowsEqual } from './streaming-join.ts';

export interface LookupJoinParams {
  readonly leftOuter: boolean;
  readonly leftKey: (row: Row) => StateKey | undefined;
  readonly rightKey: (row: Row) => StateKey | undefined;
  readonly condition: ((left: Row, right: Row) => boolean) | null;
  readonly leftWidth: number;
  readonly rightWidth: number;
}

export class LookupJoin implements Operator {
  private readonly p: LookupJoinParams;
  /** The lookup table by key (the cache Flink's filesystem lookup function builds). */
  private table!: ValueState<Row[]>;
  private opState!: OperatorStateStore;
  private loaded = false;
  private waiting: { row: Row; kind: RowKind }[] = [];
  private readonly rightNulls: Row;

  constructor(p: LookupJoinParams) {
    this.p = p;
    this.rightNulls = new Array<unknown>(p.rightWidth).fill(null);
  }

  open(ctx: OperatorContext): void {
    this.table = ctx.keyedState.valueState<Row[]>({ name: 'lookup-table', description: 'rows of the lookup table by join key' });
    this.opState = ctx.operatorState;
    this.loaded = this.opState.get<boolean>('lookup-loaded') ?? false;
    this.waiting = this.opState.get<{ row: Row; kind: RowKind }[]>('lookup-waiting') ?? [];
  }

  snapshotState(): void {
    this.opState.put('lookup-loaded', this.loaded);
    this.opState.put('lookup-waiting', this.waiting);
  }

  processBatch(batch: Batch, input: number, out: Output): void {
    if (input === 1) {
      for (let i = 0; i < batch.rows.length; i++) this.applyTableRow(batch.rows[i]!, batch.kinds[i]!);
      return;
    }
    if (!this.loaded) {
      for (let i = 0; i < batch.rows.length; i++) this.waiting.push({ row: batch.rows[i]!, kind: batch.kinds[i]! });
      return;
    }
    const rows: Row[] = [];
    const kinds: RowKind[] = [];
    for (let i = 0; i < batch.rows.length; i++) this.probe(batch.rows[i]!, batch.kinds[i]!, rows, kinds);
    if (rows.length) out.emit(new Batch(rows, kinds));
  }

  private applyTableRow(row: Row, kind: RowKind): void {
    const key = this.p.rightKey(row);
    if (key === undefined) return;
    const list = this.table.get(key);
    if (kind === RowKind.INSERT || kind === RowKind.UPDATE_AFTER) {
      if (list === undefined) this.table.put(key, [row]);
      else list.push(row);
    } else if (list !== undefined) {
      const j = list.findIndex((r) => rowsEqual(r, row));
      if (j >= 0) list.splice(j, 1);
      if (list.length === 0) this.table.delete(key);
    }
  }

  private probe(row: Row, kind: RowKind, rows: Row[], kinds: RowKind[]): void {
    const { leftWidth: lw, rightWidth: rw, condition: cond } = this.p;
    const key = this.p.leftKey(row);
    const matches = key === undefined ? undefined : this.table.get(key);
    let found = false;
    if (matches !== undefined) {
      for (const r of matches) {
        if (cond !== null && !cond(row, r)) continue;
        found = true;
        rows.push(concat(row, r, lw, rw));
        kinds.push(kind);
      }
    }
    if (!found && this.p.leftOuter) {
      rows.push(concat(row, this.rightNulls, lw, rw));
      kinds.push(kind);
    }
  }

  endInput(input: number, out: Output): void {
    if (input !== 1 || this.loaded) return;
    this.loaded = true;
    const rows: Row[] = [];
    const kinds: RowKind[] = [];
    for (const w of this.waiting) this.probe(w.row, w.kind, rows, kinds);
    this.waiting = [];
    if (rows.length) out.emit(new Batch(rows, kinds));
  }

  processWatermark(wm: number): number {
    return this.loaded || this.waiting.length === 0 ? wm : Number.MIN_SAFE_INTEGER;
  }
}

function concat(l: Row, r: Row, lw: number, rw: number): Row {
  const res = new Array<unknown>(lw + rw);
  for (let i = 0; i < lw; i++) res[i] = l[i];
  for (let i = 0; i < rw; i++) res[lw + i] = r[i];
  return res;
}
