/**
 * Evaluation of compiled DEFINE conditions and MEASURES over a (partial)
 * match: accessors read rows by walking the match's buffer nodes from its tail
 * (no copy of the match), then the generated function combines their values.
 *
 * `cur`/`curVar`: in DEFINE, the row being tested, counted as the last row of
 * the variable being defined (and of the universal variable).
 */
import type { AggImpl } from '../aggregates/index.ts';
import type { Row } from '../row.ts';
import type { BufferNode, Condition } from './nfa.ts';

export type RowFn = (row: Row) => unknown;

export type RuntimeAccessor =
  | { readonly kind: 'nav'; readonly variable: number; readonly first: boolean; readonly offset: number; readonly expr: RowFn }
  | { readonly kind: 'agg'; readonly variable: number; readonly impl: AggImpl; readonly arg: RowFn | null }
  | { readonly kind: 'matchRowtime' }
  | { readonly kind: 'matchProctime' };

export interface RuntimeMrExpr {
  readonly accessors: readonly RuntimeAccessor[];
  /** The expression over the accessor values. */
  readonly fn: RowFn;
  /** Holds the accessor values during one evaluation (length = accessors). */
  readonly scratch: unknown[];
}

/** The n-th row from the end among rows of `v` (-1: all), the current row included when it counts. */
export function lastRow(tail: BufferNode | null, cur: Row | null, curVar: number, v: number, n: number): Row | null {
  if (cur !== null && (v < 0 || v === curVar)) {
    if (n === 0) return cur;
    n--;
  }
  for (let node = tail; node !== null; node = node.prev) {
    if (v < 0 || node.v === v) {
      if (n === 0) return node.row;
      n--;
    }
  }
  return null;
}

function countRows(tail: BufferNode | null, cur: Row | null, curVar: number, v: number): number {
  let k = cur !== null && (v < 0 || v === curVar) ? 1 : 0;
  for (let node = tail; node !== null; node = node.prev) if (v < 0 || node.v === v) k++;
  return k;
}

function rowsOf(tail: BufferNode | null, cur: Row | null, curVar: number, v: number): Row[] {
  const rows: Row[] = [];
  if (cur !== null && (v < 0 || v === curVar)) rows.push(cur);
  for (let node = tail; node !== null; node = node.prev) if (v < 0 || node.v === v) rows.push(node.row);
  return rows.reverse();
}

const scratch: unknown[] = [null];

export function evaluate(e: RuntimeMrExpr, tail: BufferNode | null, cur: Row | null, curVar: number, rowtime: number, proctime: number): unknown {
  const acc = e.accessors;
  // accessor values never nest (no navigation inside navigation), so one scratch array per expression
  const slots = e.scratch;
  for (let i = 0; i < acc.length; i++) {
    const a = acc[i]!;
    switch (a.kind) {
      case 'nav': {
        let row: Row | null;
        if (a.first) {
          const k = countRows(tail, cur, curVar, a.variable);
          row = a.offset < k ? lastRow(tail, cur, curVar, a.variable, k - 1 - a.offset) : null;
        } else row = lastRow(tail, cur, curVar, a.variable, a.offset);
        slots[i] = row === null ? null : a.expr(row);
        break;
      }
      case 'agg': {
        const rows = rowsOf(tail, cur, curVar, a.variable);
        let st = a.impl.create();
        for (const r of rows) {
          if (a.arg === null) st = a.impl.accumulate(st, r);
          else {
            scratch[0] = a.arg(r);
            st = a.impl.accumulate(st, scratch);
          }
        }
        slots[i] = a.impl.getValue(st);
        break;
      }
      case 'matchRowtime':
        slots[i] = rowtime;
        break;
      case 'matchProctime':
        slots[i] = proctime;
        break;
    }
  }
  return e.fn(slots);
}

/** A DEFINE condition as the NFA calls it. */
export function condition(e: RuntimeMrExpr): Condition {
  const f = compileEvaluator(e);
  return (tail, row, variable) => f(tail, row, variable, 0, 0) === true;
}

export type Evaluator = (tail: BufferNode | null, cur: Row | null, curVar: number, rowtime: number, proctime: number) => unknown;

/**
 * Generates one function for an expression: each LAST-type navigation inlined
 * as a walk over the tail (constant variable and offset), other accessors
 * through `evaluateAccessor`, then the expression itself.
 */
export function compileEvaluator(e: RuntimeMrExpr): Evaluator {
  const lines: string[] = [];
  e.accessors.forEach((a, i) => {
    if (a.kind === 'nav' && !a.first) {
      const v = a.variable;
      const match = v < 0 ? 'true' : `n.v === ${v}`;
      const curMatch = v < 0 ? 'cur !== null' : `cur !== null && curVar === ${v}`;
      lines.push(`{
    let row = null, k = ${a.offset};
    if (${curMatch}) { if (k === 0) row = cur; else k--; }
    if (row === null) for (let n = tail; n !== null; n = n.prev) if (${match}) { if (k === 0) { row = n.row; break; } k--; }
    s[${i}] = row === null ? null : x[${i}](row);
  }`);
    } else lines.push(`s[${i}] = ev(w[${i}], tail, cur, curVar, rowtime, proctime);`);
  });
  const body = `return function evaluate(tail, cur, curVar, rowtime, proctime) {
  ${lines.join('\n  ')}
  return fn(s);
};`;
  const exprs = e.accessors.map((a) => (a.kind === 'nav' ? a.expr : null));
  // accessors evaluated generically, each wrapped as a one-accessor expression
  const wrapped = e.accessors.map((a): RuntimeMrExpr => ({ accessors: [a], fn: (s) => s[0], scratch: [null] }));
  const factory = new Function('s', 'x', 'w', 'ev', 'fn', body) as (s: unknown[], x: unknown[], w: readonly RuntimeMrExpr[], ev: typeof evaluate, fn: RowFn) => Evaluator;
  return factory(e.scratch, exprs, wrapped, evaluate, e.fn);
}
