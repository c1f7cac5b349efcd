/**
 * Fused accumulator calls for window operators: one generated function that
 * calls each aggregate's accumulate (or merge) at its own call site, so every
 * call site sees one function (monomorphic) instead of a loop over a mixed
 * array of implementations.
 */
import type { AggImpl } from '../aggregates/index.ts';
import type { Row } from '../row.ts';

export type AccumulateAll = (accs: unknown[], row: Row) => void;
export type MergeAll = (into: unknown[], from: readonly unknown[]) => void;
export type CreateAll = () => unknown[];

export function fuseAccumulate(impls: readonly AggImpl[]): AccumulateAll {
  const fns = impls.map((i) => i.accumulate);
  const body = fns.map((_, j) => `a[${j}] = f${j}(a[${j}], r);`).join('\n');
  return new Function(...fns.map((_, j) => `f${j}`), `return function accumulateAll(a, r) {\n${body}\n};`)(...fns) as AccumulateAll;
}

export function fuseMerge(impls: readonly AggImpl[]): MergeAll | undefined {
  if (!impls.every((i) => i.merge)) return undefined;
  const fns = impls.map((i) => i.merge!);
  const body = fns.map((_, j) => `a[${j}] = f${j}(a[${j}], b[${j}]);`).join('\n');
  return new Function(...fns.map((_, j) => `f${j}`), `return function mergeAll(a, b) {\n${body}\n};`)(...fns) as MergeAll;
}

export function fuseCreate(impls: readonly AggImpl[]): CreateAll {
  const fns = impls.map((i) => i.create);
  const body = fns.map((_, j) => `f${j}()`).join(', ');
  return new Function(...fns.map((_, j) => `f${j}`), `return function createAll() { return [${body}]; };`)(...fns) as CreateAll;
}
