/**
 * Unnest: each input row comes out once per element of its collections
 * (zipped; the shorter padded with NULLs), as the input row followed by the
 * element's columns (a ROW element spread into its fields, a MAP entry as
 * key and value) and, WITH ORDINALITY, the 1-based position. The row kind is
 * kept, so retractions unnest to the same rows. `outer` (LEFT JOIN UNNEST …
 * ON TRUE) emits a row without elements once, padded with NULLs. Stateless.
 */
import { Batch } from '../batch.ts';
import type { Operator, Output } from '../operator.ts';
import type { Row, RowKind } from '../row.ts';

export interface UnnestCollection {
  /** Evaluates the collection over the input row. */
  readonly eval: (row: Row) => unknown;
  readonly kind: 'ARRAY' | 'MULTISET' | 'MAP';
  /** Columns per element: the ROW element's field count, 2 for a MAP, else 1. */
  readonly width: number;
  readonly rowElement: boolean;
}

export interface UnnestParams {
  readonly collections: readonly UnnestCollection[];
  readonly withOrdinality: boolean;
  readonly outer: boolean;
}

/** The elements of a collection value as column groups. */
function elements(c: UnnestCollection, v: unknown): unknown[][] {
  if (v === null || v === undefined) return [];
  const out: unknown[][] = [];
  if (c.kind === 'MAP') {
    for (const [k, x] of v as Map<unknown, unknown>) out.push([k, x]);
    return out;
  }
  const spread = (e: unknown): unknown[] => (c.rowElement ? (e === null ? new Array<unknown>(c.width).fill(null) : (e as unknown[])) : [e]);
  if (c.kind === 'MULTISET') {
    for (const [e, n] of v as Map<unknown, number>) for (let i = 0; i < n; i++) out.push(spread(e));
    return out;
  }
  for (const e of v as unknown[]) out.push(spread(e));
  return out;
}

export class Unnest implements Operator {
  private readonly p: UnnestParams;
  constructor(params: UnnestParams) {
    this.p = params;
  }

  processBatch(batch: Batch, _input: number, out: Output): void {
    const { collections, withOrdinality, outer } = this.p;
    const outRows: Row[] = [];
    const outKinds: RowKind[] = [];
    for (let i = 0; i < batch.rows.length; i++) {
      const row = batch.rows[i]!;
      const kind = batch.kinds[i]!;
      const lists = collections.map((c) => elements(c, c.eval(row)));
      let n = 0;
      for (const l of lists) if (l.length > n) n = l.length;
      for (let j = 0; j < n; j++) {
        const r = row.slice();
        lists.forEach((l, c) => {
          const e = l[j];
          if (e) for (const x of e) r.push(x);
          else for (let w = 0; w < collections[c]!.width; w++) r.push(null);
        });
        if (withOrdinality) r.push(j + 1);
        outRows.push(r);
        outKinds.push(kind);
      }
      if (n === 0 && outer) {
        const r = row.slice();
        for (const c of collections) for (let w = 0; w < c.width; w++) r.push(null);
        if (withOrdinality) r.push(null);
        outRows.push(r);
        outKinds.push(kind);
      }
    }
    if (outRows.length) out.emit(new Batch(outRows, outKinds));
  }
}
