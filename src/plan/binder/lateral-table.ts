/**
 * User table functions in FROM (Flink's LATERAL TABLE, planned like its
 * Correlate):
 *
 *   FROM t, LATERAL TABLE(f(t.x)) AS u(a, b)             one row per row f yields, per row of t
 *   FROM t JOIN LATERAL TABLE(f(t.x)) AS u ON TRUE       the same
 *   FROM t LEFT JOIN LATERAL TABLE(f(t.x)) AS u ON TRUE  rows of t for which f yields nothing kept, padded with NULLs
 *   FROM LATERAL TABLE(f('a b c'))                       constant arguments
 *
 * The call resolves through BindEnv.userTableFunction to one ARRAY-valued
 * call (the rows f yields), expanded by the same LogicalUnnest as UNNEST.
 * Columns are the fields of f's ROW result type, or `f0` for an atomic one,
 * renamed by the alias's column list.
 */
import { WeirError, type Span } from '../../common/error.ts';
import type { TableFunction } from '../../sql/ast/index.ts';
import type { Join } from '../../sql/ast/query.ts';
import { ExprBinder } from './expr-binder.ts';
import { lateralJoinBinder } from './join.ts';
import type { BoundRel, QueryBinder } from './query-binder.ts';
import { correlate, isOnTrue, singleEmptyRow } from './unnest.ts';

const unsupported = (msg: string, span?: Span): WeirError => new WeirError('plan', 'UNSUPPORTED', msg, span);

/** `left` correlated with the table function call `ref` (LEFT JOIN … ON TRUE when `outer`). */
export function bindLateralTable(binder: QueryBinder, left: BoundRel, ref: TableFunction, outer = false): BoundRel {
  const call = ref.call;
  const name = call.name.map((p) => p.value).join('.');
  const tableArg = call.args.find((a) => (a.value.kind as string) === 'TableArg' || (a.value.kind as string) === 'Descriptor');
  if (tableArg) throw unsupported(`Table function '${name}' takes a TABLE or DESCRIPTOR argument: process table functions are not supported yet`, tableArg.span);
  const resolved = call.name.length === 1 ? binder.env.userTableFunction?.(name) : undefined;
  if (!resolved) {
    throw new WeirError('validation', 'VALIDATION', `No table function '${name}' is registered: create it with CREATE FUNCTION ${name} AS 'module.js#export' LANGUAGE JAVASCRIPT`, call.span);
  }
  if (call.args.some((a) => a.name !== undefined)) throw unsupported(`Named arguments are not supported for table function '${name}'`, call.span);
  const eb = new ExprBinder(left.scope, binder.env);
  const args = call.args.map((a) => eb.bind(a.value));
  const rows = eb.resolved(name, args, resolved.call, call.span);
  return correlate(left, [rows], resolved.columns, { withOrdinality: false, outer, alias: ref.alias, span: ref.span });
}

/** `FROM LATERAL TABLE(f(…))` on its own. */
export function bindStandaloneTableFunction(binder: QueryBinder, ref: TableFunction): BoundRel {
  return bindLateralTable(binder, singleEmptyRow(), ref);
}

const previous = lateralJoinBinder.bind;
lateralJoinBinder.bind = (binder: QueryBinder, left: BoundRel, join: Join): BoundRel => {
  const right = join.right;
  if (right.kind !== 'TableFunction') {
    if (previous) return previous(binder, left, join);
    throw unsupported('Lateral joins are not supported yet', right.span);
  }
  const outer = join.joinType === 'LEFT';
  if (join.joinType !== 'CROSS' && join.joinType !== 'COMMA' && join.joinType !== 'INNER' && !outer)
    throw unsupported(`${join.joinType} JOIN LATERAL TABLE is not supported; use a comma, JOIN … ON TRUE or LEFT JOIN … ON TRUE`, join.span);
  if (outer && !isOnTrue(join)) throw unsupported('LEFT JOIN LATERAL TABLE supports only ON TRUE', join.span);
  const bound = bindLateralTable(binder, left, right, outer);
  if (isOnTrue(join)) return bound;
  const cond = new ExprBinder(bound.scope, binder.env).bind(join.on!);
  return { rel: { kind: 'LogicalFilter', input: bound.rel, condition: cond, rowType: bound.rel.rowType }, scope: bound.scope };
};
