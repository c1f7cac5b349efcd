/**
 * Scalar subqueries in the select list and in WHERE (`SELECT a, (SELECT
 * MAX(b) FROM t) FROM s`), planned as Flink does: each subquery's value
 * becomes a column LEFT-joined to the rows of the outer query, so rows come
 * out with NULL until the subquery has a row and are updated when it changes.
 *
 * - Non-correlated: a LEFT join ON TRUE with the subquery's single row. A
 *   subquery that may return several rows (not a global aggregate, VALUES of
 *   one row or LIMIT 1) gets Flink's SINGLE_VALUE aggregate over it, which
 *   fails the job when a second row arrives.
 * - Correlated: decorrelated into an aggregate grouped by the correlated
 *   columns and a LEFT join on them (binder/correlated-subquery.ts).
 *
 * Each subquery's column is appended to the scope under a hidden name derived
 * from its position in the text (`scalarSubqueryField`), which ExprBinder
 * resolves when it meets the ScalarSubquery node. In a query with GROUP BY
 * or aggregates, subqueries in the select list and HAVING are joined to the
 * aggregate's rows, and a correlated one sees the grouped columns
 * (`bindGroupedScalarSubqueries`).
 */
import { WeirError } from '../../common/error.ts';
import type { Expr } from '../../sql/ast/expr.ts';
import type { Query } from '../../sql/ast/query.ts';
import { literal } from '../../expr/rex.ts';
import { T, withNullable, withoutTimeAttribute } from '../../types/logical-type.ts';
import type { RelNode } from '../logical/nodes.ts';
import { decorrelateScalarSubquery, isNameError } from './correlated-subquery.ts';
import { forEachChild, type GroupContext } from './expr-binder.ts';
import { makeJoin } from './join.ts';
import { Scope, type ScopeField } from './scope.ts';
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

/** True when `rel` can never have more than one row at a time (Calcite's max row count ≤ 1). */
export function atMostOneRow(rel: RelNode): boolean {
  switch (rel.kind) {
    case 'LogicalAggregate':
      return rel.groupKeys.length === 0 && rel.groupingSets === null;
    case 'LogicalValues':
      return rel.rows.length <= 1;
    case 'LogicalSort':
      return (rel.fetch !== null && rel.fetch <= 1) || atMostOneRow(rel.input);
    case 'LogicalProject':
    case 'LogicalFilter':
      return atMostOneRow(rel.input);
    default:
      return false;
  }
}

/** Flink's SINGLE_VALUE over a one-column relation: its only row, or a run-time error for a second one. */
function singleValue(rel: RelNode): RelNode {
  const f = rel.rowType.fields[0]!;
  const resultType = withNullable(withoutTimeAttribute(f.type), true);
  return {
    kind: 'LogicalAggregate',
    input: rel,
    groupKeys: [],
    groupingSets: null,
    aggs: [{ fn: 'SINGLE_VALUE', args: [0], argTypes: [f.type], resultType, distinct: false, filterArg: -1, digest: 'SINGLE_VALUE($0)' }],
    rowType: T.row([{ name: f.name, type: resultType }], false),
  };
}

/** The subquery bound on its own, or the name error that says it refers to the outer query. */
function bindAlone(binder: QueryBinder, q: Query): RelNode | WeirError {
  try {
    return binder.bindQuery(q);
  } catch (err) {
    if (isNameError(err)) return err;
    throw err;
  }
}

/** Joins the scalar subqueries found in `exprs` to `from`; undefined when there are none. */
export function bindScalarSubqueries(binder: QueryBinder, from: BoundRel, exprs: readonly Expr[]): BoundRel | undefined {
  const subs = collect(exprs);
  if (subs.length === 0) return undefined;
  let rel = from.rel;
  let scope = from.scope;
  for (const s of subs) {
    const alone = bindAlone(binder, s.query);
    if (alone instanceof WeirError) {
      rel = decorrelateScalarSubquery(binder, { rel, scope }, s, alone);
    } else {
      if (alone.rowType.fields.length !== 1) throw new WeirError('validation', 'VALIDATION', 'Scalar subquery must return exactly one column', s.span);
      rel = makeJoin(rel, atMostOneRow(alone) ? alone : singleValue(alone), 'LEFT', literal(true, T.boolean(false)));
    }
    const width = rel.rowType.fields.length;
    const f = rel.rowType.fields[width - 1]!;
    const joined = new Scope(scope.fields.map((x) => ({ ...x, type: rel.rowType.fields[x.index]!.type })));
    scope = new Scope([...joined.fields, { qualifier: undefined, name: scalarSubqueryField(s.span.start), index: width - 1, type: f.type }]);
  }
  return { rel, scope };
}

/**
 * Scalar subqueries of the select list and HAVING of an aggregating query, joined to the aggregate's
 * rows `agg`; correlation may refer to the grouped columns of `inputScope` (the aggregate's input).
 * Returns the joined relation and the scope for an ExprBinder with `group`: the input's columns (for
 * the grouping checks) and the subqueries' hidden columns.
 */
export function bindGroupedScalarSubqueries(
  binder: QueryBinder,
  agg: RelNode,
  inputScope: Scope,
  group: GroupContext,
  exprs: readonly Expr[],
): BoundRel | undefined {
  if (collect(exprs).length === 0) return undefined;
  const grouped: ScopeField[] = [];
  for (const f of inputScope.fields) {
    const out = group.groupDigests.get(`$${f.index}`);
    if (out !== undefined) grouped.push({ qualifier: f.qualifier, name: f.name, index: out, type: agg.rowType.fields[out]!.type });
  }
  const bound = bindScalarSubqueries(binder, { rel: agg, scope: new Scope(grouped) }, exprs)!;
  const hidden = bound.scope.fields.filter((f) => f.index >= agg.rowType.fields.length);
  return { rel: bound.rel, scope: new Scope([...inputScope.fields, ...hidden]) };
}
