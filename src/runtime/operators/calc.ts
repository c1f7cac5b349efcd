/**
 * Calc: projection and filter in one compiled batch function (the planner's
 * code generator produces it, as Flink generates a Calc's Java code). The
 * function appends its output rows and kinds; Calc emits only a non-empty
 * batch.
 */
import { Batch } from '../batch.ts';
import type { Operator, Output } from '../operator.ts';
import type { Row, RowKind } from '../row.ts';

export type CalcFunction = (inRows: Row[], inKinds: RowKind[], outRows: Row[], outKinds: RowKind[]) => void;

export class Calc implements Operator {
  private readonly fn: CalcFunction;
  constructor(fn: CalcFunction) {
    this.fn = fn;
  }
  processBatch(batch: Batch, _input: number, out: Output): void {
    const rows: Row[] = [];
    const kinds: RowKind[] = [];
    this.fn(batch.rows, batch.kinds, rows, kinds);
    if (rows.length > 0) out.emit(new Batch(rows, kinds));
  }
}
