/**
 * UNNEST in FROM (Flink's UNNEST, planned like its Correlate over an unnest):
 *
 *   FROM t CROSS JOIN UNNEST(t.arr) AS u(x)      one row per element, per row of t
 *   FROM t, UNNEST(t.arr) AS u(x)                 the same (comma)
 *   FROM t LEFT JOIN UNNEST(t.arr) AS u(x) ON TRUE   rows of t with an empty/NULL array kept, padded with NULLs
 *   FROM UNNEST(ARRAY[1, 2]) AS u(x)              a constant collection
 *
 * ARRAY<T> and MULTISET<T> give one column (the fields of T when T is a ROW),
 * MAP<K, V> gives two (key, value); several collections are zipped (the
 * shorter padded with NULLs); WITH ORDINALITY adds the 1-based position as a
 * last INT column. The result is a LogicalUnnest: its input's fields followed
 * by the unnested columns.
 *
 * The join binder (binder/join.ts) calls back for correlated right sides
 * through `lateralJoinBinder`; this module registers for UNNEST and hands
 * other lateral right sides to whatever was registered before it.
 * `bindUnnestCorrelate(binder, left, ref, outer?)` is the entry point.
 */
import { WeirError, type Span } from '../../common/error.ts';
import type { Unnest } from '../../sql/ast/index.ts';
import type { Join, TableAlias } from '../../sql/ast/query.ts';
import type { Rex } from '../../expr/rex.ts';
import { T, withNullable, type LogicalType, type RowField } from '../../types/logical-type.ts';
import type { RelNode } from '../logical/nodes.ts';
import { ExprBinder } from './expr-binder.ts';
import { Scope } from './scope.ts';
import { lateralJoinBinder } from './join.ts';
import type { BoundRel, QueryBinder } from './query-binder.ts';

const validation = (msg: string, span?: Span): WeirError => new WeirError('validation', 'VALIDATION', msg, span);

/** The columns one collection expression unnests to. */
export function unnestColumns(t: LogicalType, span: Span): { name: string; type: LogicalType }[] {
  switch (t.root) {
    case 'ARRAY':
    case 'MULTISET': {
      const e = t.element;
      if (e.root === 'ROW') return e.fields.map((f) => ({ name: f.name, type: withNullable(f.type, true) }));
      return [{ name: 'EXPR$0', type: withNullable(e, true) }];
    }
    case 'MAP':
      return [
        { name: 'KEY', type: withNullable(t.key, true) },
        { name: 'VALUE', type: withNullable(t.value, true) },
      ];
    default:
      throw validation(`UNNEST argument must be a collection (ARRAY, MAP or MULTISET), not ${t.root}`, span);
  }
}

/** UNNEST correlated with the bound left side: `left CROSS JOIN UNNEST(…)` (or LEFT JOIN … ON TRUE when `outer`). */
export function bindUnnestCorrelate(binder: QueryBinder, left: BoundRel, ref: Unnest, outer = false): BoundRel {
  const eb = new ExprBinder(left.scope, binder.env);
  const exprs: Rex[] = ref.exprs.map((e) => eb.bind(e));
  const cols: RowField[] = [];
  exprs.forEach((r, i) => cols.push(...unnestColumns(r.type, ref.exprs[i]!.span)));
  if (ref.withOrdinality) cols.push({ name: 'ORDINALITY', type: T.int(false) });
  return correlate(left, exprs, cols, { withOrdinality: ref.withOrdinality, outer, alias: ref.alias, span: ref.span });
}

/**
 * The LogicalUnnest of bound collection expressions over `left`, giving `cols` (renamed by the
 * alias's column list) after the left fields; shared by UNNEST and LATERAL TABLE.
 */
export function correlate(
  left: BoundRel,
  exprs: readonly Rex[],
  cols: readonly RowField[],
  o: { readonly withOrdinality: boolean; readonly outer: boolean; readonly alias: TableAlias | undefined; readonly span: Span },
): BoundRel {
  const names = o.alias?.columns ?? [];
  if (names.length && names.length !== cols.length)
    throw validation(`List of column aliases must have same degree as table; table has ${cols.length} columns, whereas alias list has ${names.length} columns`, o.span);
  const unnested = cols.map((c, i) => ({ name: names[i]?.value ?? c.name, type: c.type }));
  const rowType = T.row([...left.rel.rowType.fields, ...unnested], false);
  const rel: RelNode = { kind: 'LogicalUnnest', input: left.rel, exprs, withOrdinality: o.withOrdinality, outer: o.outer, rowType };
  const right = Scope.of(T.row(unnested, false), o.alias?.name.value);
  return { rel, scope: Scope.concat(left.scope, right) };
}

/** A single empty row, the left side of a FROM item with nothing to correlate with. */
export function singleEmptyRow(): BoundRel {
  return { rel: { kind: 'LogicalValues', rows: [[]], rowType: T.row([], false) }, scope: new Scope([]) };
}

/** `FROM UNNEST(…)` on its own: over a single empty row. */
export function bindUnnest(binder: QueryBinder, ref: Unnest): BoundRel {
  return bindUnnestCorrelate(binder, singleEmptyRow(), ref);
}

export function isOnTrue(join: Join): boolean {
  const on = join.on;
  return !on || (on.kind === 'BooleanLiteral' && on.value);
}

const previous = lateralJoinBinder.bind;
lateralJoinBinder.bind = (binder: QueryBinder, left: BoundRel, join: Join): BoundRel => {
  const right = join.right;
  if (right.kind !== 'Unnest') {
    if (previous) return previous(binder, left, join);
    throw new WeirError('plan', 'UNSUPPORTED', 'Lateral joins are not supported yet', right.span);
  }
  const outer = join.joinType === 'LEFT';
  if (join.joinType !== 'CROSS' && join.joinType !== 'COMMA' && join.joinType !== 'INNER' && !outer)
    throw new WeirError('plan', 'UNSUPPORTED', `${join.joinType} JOIN UNNEST is not supported`, join.span);
  if (outer && !isOnTrue(join)) throw new WeirError('plan', 'UNSUPPORTED', 'LEFT JOIN UNNEST supports only ON TRUE', join.span);
  const bound = bindUnnestCorrelate(binder, left, right, outer);
  if (isOnTrue(join)) return bound;
  const cond = new ExprBinder(bound.scope, binder.env).bind(join.on!);
  return { rel: { kind: 'LogicalFilter', input: bound.rel, condition: cond, rowType: bound.rel.rowType }, scope: bound.scope };
};
