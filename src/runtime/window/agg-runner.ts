/**
 * Fused accumulator calls for the buffering session window (its rows are
 * aggregated when a session fires): one generated function that calls each
 * aggregate's accumulate at its own call site, so every
 * call site sees one function (monomorphic) instead of a loop over a mixed
 * array of implementations.
 */
import type { AggImpl } from '../aggregates/index.ts';
import type { Row } from '../row.ts';

export type AccumulateAll = (accs: unknown[], row: Row) => void;
export type CreateAll = () => unknown[];

export function fuseAccumulate(impls: readonly AggImpl[]): AccumulateAll {
  const fns = impls.map((i) => i.accumulate);
  const body = fns.map((_, j) => `a[${j}] = f${j}(a[${j}], r);`).join('\n');
  return new Function(...fns.map((_, j) => `f${j}`), `return function accumulateAll(a, r) {\n${body}\n};`)(...fns) as AccumulateAll;
}

export function fuseCreate(impls: readonly AggImpl[]): CreateAll {
  const fns = impls.map((i) => i.create);
  const body = fns.map((_, j) => `f${j}()`).join(', ');
  return new Function(...fns.map((_, j) => `f${j}`), `return function createAll() { return [${body}]; };`)(...fns) as CreateAll;
}
