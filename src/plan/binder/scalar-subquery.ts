/**
 * Non-correlated scalar subqueries in the select list (`SELECT a, (SELECT
 * MAX(b) FROM t) FROM s`), planned as Flink does: a LEFT join ON TRUE of the
 * relation with the subquery's single row, so rows of the outer query come
 * out with NULL until the subquery has a row and are updated when it changes.
 *
 * Each subquery's column is appended to the scope under a hidden name derived
 * from its position in the text (`scalarSubqueryField`), which ExprBinder
 * resolves when it meets the ScalarSubquery node. Correlated subqueries and a
 * subquery of more than one column are refused.
 */
import { WeirError } from '../../common/error.ts';
import type { Expr } from '../../sql/ast/expr.ts';
import { literal } from '../../expr/rex.ts';
import { T } from '../../types/logical-type.ts';
import { forEachChild } from './expr-binder.ts';
import { makeJoin } from './join.ts';
import { Scope } from './scope.ts';
import type { BoundRel, QueryBinder } from './query-binder.ts';

/** The hidden scope name of the scalar subquery at `start` in the text. */
export function scalarSubqueryField(start: number): string {
  return `\u0000scalar-subquery@${start}`;
}

function collect(exprs: readonly Expr[]): Extract<Expr, { kind: 'ScalarSubquery' }>[] {
  const out: Extract<Expr, { kind: 'ScalarSubquery' }>[] = [];
  const visit = (e: Expr): void => {
    if (e.kind === 'ScalarSubquery') out.push(e);
    else forEachChild(e, visit);
  };
  exprs.forEach(visit);
  return out;
}

/** Joins the scalar subqueries found in `exprs` to `from`; undefined when there are none. */
export function bindScalarSubqueries(binder: QueryBinder, from: BoundRel, exprs: readonly Expr[]): BoundRel | undefined {
  const subs = collect(exprs);
  if (subs.length === 0) return undefined;
  let rel = from.rel;
  let scope = from.scope;
  for (const s of subs) {
    let sub;
    try {
      sub = binder.bindQuery(s.query);
    } catch (err) {
      if (err instanceof WeirError && (err.code === 'COLUMN_NOT_FOUND' || err.code === 'TABLE_NOT_FOUND'))
        throw new WeirError('plan', 'UNSUPPORTED', `Correlated scalar subqueries are not supported (${err.message})`, s.span, { cause: err });
      throw err;
    }
    if (sub.rowType.fields.length !== 1) throw new WeirError('validation', 'VALIDATION', 'Scalar subquery must return exactly one column', s.span);
    rel = makeJoin(rel, sub, 'LEFT', literal(true, T.boolean(false)));
    const f = rel.rowType.fields[rel.rowType.fields.length - 1]!;
    const joined = new Scope(scope.fields.map((x, i) => ({ ...x, type: rel.rowType.fields[i]!.type })));
    scope = Scope.concat(joined, new Scope([{ qualifier: undefined, name: scalarSubqueryField(s.span.start), index: 0, type: f.type }]));
  }
  return { rel, scope };
}
