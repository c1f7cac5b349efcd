/**
 * Expand (GROUPING SETS, ROLLUP, CUBE), as Flink's Expand: every input row is
 * emitted once per grouping set, with the columns that the set does not
 * group by set to NULL and the grouping id appended as a BIGINT column `$e`.
 * The aggregation downstream groups by the original keys plus `$e`.
 *
 * Params: one ExpandProjection per grouping set: `kept[i]` says whether
 * input column i keeps its value (true) or becomes NULL (false); `expandId`
 * is the set's grouping id (Flink: bit i set when key i is NOT grouped,
 * highest bit for the first key). The output row has input.length + 1
 * columns; the row kind is preserved.
 */
import { Batch } from '../batch.ts';
import type { Operator, Output } from '../operator.ts';
import type { Row, RowKind } from '../row.ts';

export interface ExpandProjection {
  readonly kept: readonly boolean[];
  readonly expandId: number;
}

export class Expand implements Operator {
  private readonly sets: readonly ExpandProjection[];
  constructor(sets: readonly ExpandProjection[]) {
    this.sets = sets;
  }
  processBatch(batch: Batch, _input: number, out: Output): void {
    const rows: Row[] = [];
    const kinds: RowKind[] = [];
    const sets = this.sets;
    const n = batch.size;
    for (let i = 0; i < n; i++) {
      const row = batch.rows[i]!;
      const kind = batch.kinds[i]!;
      for (let s = 0; s < sets.length; s++) {
        const set = sets[s]!;
        const kept = set.kept;
        const w = row.length;
        const o = new Array<unknown>(w + 1);
        for (let c = 0; c < w; c++) o[c] = kept[c] === false ? null : row[c];
        o[w] = set.expandId;
        rows.push(o);
        kinds.push(kind);
      }
    }
    if (rows.length > 0) out.emit(new Batch(rows, kinds));
  }
}
