/**
 * Decorrelation of correlated scalar subqueries, planned as Flink plans them
 * (Calcite's SubQueryRemoveRule + RelDecorrelator): the subquery becomes an
 * aggregate of its own table grouped by the correlated columns, LEFT-joined
 * to the outer rows on them, and its value is computed over the joined row.
 *
 *   SELECT o.id, (SELECT MAX(p.price) FROM prices p WHERE p.item = o.item) FROM orders o
 *   ⇒ orders LEFT JOIN (SELECT item, MAX(price) FROM prices WHERE item IS NOT NULL GROUP BY item)
 *        ON o.item = item
 *
 * - Equality correlation (`inner = outer`, conjunctions of them, beside
 *   non-correlated inner predicates) groups by the inner side of each
 *   equality; a NULL outer key matches nothing.
 * - Any other correlation (`i.ts < o.ts`, outer columns inside an aggregate's
 *   argument or a non-aggregate value) uses Calcite's value generator: the
 *   distinct values of the outer columns involved are joined to the inner
 *   rows by the correlated predicates, the aggregate groups by those values,
 *   and the outer rows join it on them (IS NOT DISTINCT FROM).
 * - An outer row without inner rows gets what the subquery gives over no
 *   rows: COUNT (and $SUM0) 0, the other aggregates NULL, and the value
 *   expression is evaluated with those (`COUNT(*) + 1` is 1).
 * - A subquery that is not an aggregate gets Flink's SINGLE_VALUE aggregate:
 *   a second row for the same outer values fails the job at run time. So
 *   does one with GROUP BY: its groups are computed per correlation key
 *   (HAVING filters them), then SINGLE_VALUE per key.
 * - HAVING without GROUP BY keeps or drops the aggregate's one row: the
 *   value where HAVING holds over the joined row, NULL elsewhere (with COUNT
 *   0 for no rows, as above).
 * - `SELECT DISTINCT v` is `GROUP BY v`; conjuncts of the subquery's WHERE
 *   with subqueries of their own over the inner rows are bound as any WHERE
 *   (semi/anti joins, scalar subqueries) before the decorrelation.
 *
 * Both sides may be updating: the group aggregate and the regular join below
 * handle retractions, so the values follow the inner rows as they change.
 */
import { WeirError, type Span } from '../../common/error.ts';
import type { Expr, Ident, ScalarSubquery } from '../../sql/ast/expr.ts';
import type { GroupingElement } from '../../sql/ast/query.ts';
import { inputRef, literal, type Rex } from '../../expr/rex.ts';
import { T, withNullable, withoutTimeAttribute, type LogicalType, type RowField } from '../../types/logical-type.ts';
import type { AggCallDesc, RelNode } from '../logical/nodes.ts';
import { fieldsOf, shift } from '../logical/join-info.ts';
import { rexDigest } from './digest.ts';
import { ExprBinder, containsAggregate, forEachChild, isAggregateCall, type GroupContext } from './expr-binder.ts';
import { bindWhere, makeJoin, splitAnd, subqueryKinds } from './join.ts';
import { Scope, type Resolved } from './scope.ts';
import type { BoundRel, QueryBinder } from './query-binder.ts';

const validation = (msg: string, span?: Span): WeirError => new WeirError('validation', 'VALIDATION', msg, span);
const unsupported = (msg: string, span?: Span, cause?: unknown): WeirError => new WeirError('plan', 'UNSUPPORTED', msg, span, { cause });

/** Hidden qualifier of the value generator's columns in the aggregate's scope. */
const GENERATOR = '\u0000correlated';

export function isNameError(err: unknown): err is WeirError {
  return err instanceof WeirError && (err.code === 'COLUMN_NOT_FOUND' || err.code === 'TABLE_NOT_FOUND');
}

/** Resolves names in `primary` first and then in `fallback`: a subquery's own columns hide the outer query's. */
export class FallbackScope extends Scope {
  private readonly primary: Scope;
  private readonly fallback: Scope;
  constructor(primary: Scope, fallback: Scope) {
    super([...primary.fields, ...fallback.fields]);
    this.primary = primary;
    this.fallback = fallback;
  }
  override resolve(parts: readonly Ident[], span: Span): Resolved {
    try {
      return this.primary.resolve(parts, span);
    } catch (err) {
      if (!isNameError(err)) throw err;
      try {
        return this.fallback.resolve(parts, span);
      } catch (again) {
        // a name found nowhere: the error of the scope that knows its table (the subquery's own if neither)
        throw isNameError(again) && err.code !== 'TABLE_NOT_FOUND' ? err : again;
      }
    }
  }
}

interface EquiCorrelation {
  /** Over the inner row, coerced to the comparison type. */
  readonly inner: Rex;
  /** Over the outer row, coerced to the comparison type. */
  readonly outer: Rex;
}

/**
 * The outer rows of `outer` followed by one column, the value of the correlated scalar subquery `s`
 * for each of them. `nameError` is why binding `s` on its own failed (a name it does not define).
 */
export function decorrelateScalarSubquery(binder: QueryBinder, outer: BoundRel, s: ScalarSubquery, nameError: WeirError): RelNode {
  const q = s.query;
  const body = q.body;
  if (q.with || q.orderBy.length > 0 || q.limit || q.fetch || q.offset || body.kind !== 'Select' || !body.from)
    throw unsupported(
      `Correlated scalar subqueries are supported as SELECT … FROM … [WHERE …], without WITH, ORDER BY, LIMIT or set operations (${nameError.message})`,
      s.span,
      nameError,
    );
  const item = body.items[0];
  if (body.items.length !== 1 || item?.kind !== 'ExprItem') throw validation('Scalar subquery must return exactly one column', s.span);
  const value = item.expr;
  const having = body.having;
  let groupBy: readonly GroupingElement[] = body.groupBy;
  if (body.distinct) {
    if (groupBy.length > 0) throw unsupported('Correlated scalar subqueries with DISTINCT and GROUP BY are not supported', s.span);
    // SELECT DISTINCT v: GROUP BY v (an aggregate without GROUP BY has one row anyway)
    if (!containsAggregate(value)) groupBy = [{ kind: 'GroupingExpr', expr: value, span: value.span }];
  }
  const grouping: Expr[] = [];
  for (const g of groupBy) {
    if (g.kind === 'GroupingExpr') grouping.push(g.expr);
    else throw unsupported('Correlated scalar subqueries with GROUPING SETS, ROLLUP, CUBE or grouping lists are not supported', g.span);
  }
  for (const e of [value, ...(having ? [having] : []), ...grouping])
    if (subqueryKinds(e).size > 0) throw unsupported('Subqueries inside a correlated scalar subquery are not supported (only in its WHERE clause)', e.span);
  const env = binder.env;
  const lw = outer.rel.rowType.fields.length;
  let inner: BoundRel;
  try {
    inner = binder.bindFrom(body.from);
  } catch (err) {
    if (isNameError(err))
      throw unsupported(`A correlated scalar subquery may not refer to the outer query in its FROM clause (${err.message})`, body.from.span, err);
    throw err;
  }
  const iw = inner.rel.rowType.fields.length;
  // outer ++ inner: outer columns keep their indexes, inner ones start at lw
  const cs = new FallbackScope(new Scope(inner.scope.fields.map((f) => ({ ...f, index: f.index + lw }))), outer.scope);
  const cb = new ExprBinder(cs, env);
  const outerRefs = (r: Rex): number[] => [...fieldsOf(r)].filter((i) => i < lw);

  // WHERE: inner-only predicates filter the inner rows; `inner = outer` are equi-correlations; the rest is general.
  const local: Rex[] = [];
  const equi: EquiCorrelation[] = [];
  const general: Rex[] = [];
  for (const p of body.where ? splitAnd(body.where) : []) {
    if (containsAggregate(p)) throw validation('Aggregate functions are not allowed in WHERE', p.span);
    if (subqueryKinds(p).size > 0) {
      // a conjunct with its own subqueries ([NOT] EXISTS, IN, scalar) over the inner rows only: bound as any WHERE
      const refs = new Set<number>();
      outerColumns(p, cs, lw, refs);
      if (refs.size > 0) throw unsupported('A predicate with a subquery inside a correlated scalar subquery may not refer to the outer query', p.span);
      try {
        inner = bindWhere(binder, inner, p);
      } catch (err) {
        if (isNameError(err)) throw unsupported(`Subqueries nested in a correlated scalar subquery may not refer to the outer query (${err.message})`, p.span, err);
        throw err;
      }
      continue;
    }
    const r = cb.bind(p);
    if (r.type.root !== 'BOOLEAN' && r.type.root !== 'NULL') throw validation('WHERE clause must be a condition', p.span);
    if (outerRefs(r).length === 0) local.push(shift(r, -lw));
    else {
      const eq = equiCorrelation(r, lw);
      if (eq) equi.push(eq);
      else general.push(r);
    }
  }

  const grouped = grouping.length > 0;
  const aggNodes = [...aggregateCalls(value), ...(having ? aggregateCalls(having) : [])];
  if (having && !grouped && aggNodes.length === 0) throw validation('HAVING clause requires GROUP BY or aggregate functions', having.span);
  // outer columns needed below the join with the outer rows: in aggregate arguments, anywhere in a
  // grouped subquery, in a value that is not an aggregate
  const computedOuter = new Set<number>();
  const below = grouped ? [value, ...(having ? [having] : []), ...grouping] : aggNodes.length > 0 ? aggNodes : [value];
  for (const e of below) outerColumns(e, cs, lw, computedOuter);
  const generator = general.length > 0 || computedOuter.size > 0;

  let input: RelNode = inner.rel;
  let groupScope: Scope;
  let keyAsts: Expr[];
  let keys: Rex[];
  /** The join condition of the outer rows with the aggregate, given the types of the aggregate's keys. */
  let joinCondition: (keyTypes: readonly LogicalType[]) => Rex[];
  if (!generator) {
    // One group key per distinct inner expression (as compared: a lossy implicit cast groups by its
    // result); inner rows with a NULL key can never match (Flink filters them out).
    const keyOf = new Map<string, number>();
    const innerKeys: Rex[] = [];
    const keyIndex = equi.map((e) => {
      const d = rexDigest(e.inner);
      let k = keyOf.get(d);
      if (k === undefined) {
        k = innerKeys.length;
        keyOf.set(d, k);
        innerKeys.push(e.inner);
      }
      return k;
    });
    const notNull = innerKeys.filter((k) => k.type.nullable).map((k) => cb.call('IS NOT NULL', [k], s.span));
    const filtered = filter(cb, inner.rel, [...local, ...notNull], s.span);
    // keys that are not plain columns are computed by a projection
    const computed = innerKeys.filter((k) => k.kind !== 'InputRef');
    const ff = filtered.rowType.fields;
    input =
      computed.length === 0
        ? filtered
        : {
            kind: 'LogicalProject',
            input: filtered,
            exprs: [...ff.map((f, i) => inputRef(i, f.type)), ...computed],
            rowType: T.row([...ff, ...computed.map((k, j) => ({ name: `$k${j}`, type: k.type }))], false),
          };
    let next = iw;
    const cols = innerKeys.map((k) => (k.kind === 'InputRef' ? k.index : next++));
    const names = uniqueNames(cols.map((c) => input.rowType.fields[c]!.name));
    groupScope = new FallbackScope(inner.scope, new Scope(cols.map((c, i) => ({ qualifier: GENERATOR, name: names[i]!, index: c, type: innerKeys[i]!.type }))));
    keyAsts = names.map((n) => generatorColumn(n, s.span));
    keys = cols.map((c, i) => inputRef(c, innerKeys[i]!.type));
    joinCondition = (types) => equi.map((e, i) => cb.call('=', [e.outer, inputRef(lw + keyIndex[i]!, types[keyIndex[i]!]!)], s.span));
  } else {
    // Value generator: the distinct outer values involved, joined to the inner rows by the correlated predicates.
    const used = new Set<number>(computedOuter);
    for (const e of equi) outerRefs(e.outer).forEach((i) => used.add(i));
    for (const g of general) outerRefs(g).forEach((i) => used.add(i));
    const cols = [...used].sort((a, b) => a - b);
    const pos = new Map(cols.map((c, p) => [c, p]));
    const outerFields = outer.rel.rowType.fields;
    // the aggregate's keys are named after the outer columns (numbered where two have one name)
    const genNames = uniqueNames(cols.map((c) => outerFields[c]!.name));
    const vFields = cols.map((c) => ({ name: outerFields[c]!.name, type: withoutTimeAttribute(outerFields[c]!.type) }));
    const vProject: RelNode = { kind: 'LogicalProject', input: outer.rel, exprs: cols.map((c) => inputRef(c, outerFields[c]!.type)), rowType: T.row(vFields, false) };
    const values: RelNode = { kind: 'LogicalAggregate', input: vProject, groupKeys: cols.map((_, p) => p), groupingSets: null, aggs: [], rowType: T.row(vFields, false) };
    // over inner ++ values
    const toJoined = (r: Rex): Rex => mapRefs(r, (ref) => (ref.index < lw ? inputRef(iw + pos.get(ref.index)!, vFields[pos.get(ref.index)!]!.type) : inputRef(ref.index - lw, ref.type)));
    const conds = [...equi.map((e) => cb.call('=', [e.inner, toJoined(e.outer)], s.span)), ...general.map(toJoined)];
    const joined = makeJoin(filter(cb, inner.rel, local, s.span), values, 'INNER', and(cb, conds, s.span));
    input = joined;
    const jt = joined.rowType.fields;
    const innerPart = new Scope(inner.scope.fields.map((f) => ({ ...f, type: jt[f.index]!.type })));
    const outerPart = new Scope([
      ...outer.scope.fields.filter((f) => pos.has(f.index)).map((f) => ({ ...f, index: iw + pos.get(f.index)!, type: jt[iw + pos.get(f.index)!]!.type })),
      ...genNames.map((name, p) => ({ qualifier: GENERATOR, name, index: iw + p, type: jt[iw + p]!.type })),
    ]);
    groupScope = new FallbackScope(innerPart, outerPart);
    keyAsts = genNames.map((name) => generatorColumn(name, s.span));
    keys = cols.map((_, p) => inputRef(iw + p, jt[iw + p]!.type));
    joinCondition = (types) => cols.map((c, p) => cb.call('IS NOT DISTINCT FROM', [inputRef(c, outerFields[c]!.type), inputRef(lw + p, types[p]!)], s.span));
  }

  const nk = keys.length;
  let joined: RelNode;
  let result: Rex;
  const condition = (r: Rex, e: Expr): Rex => {
    if (r.type.root !== 'BOOLEAN' && r.type.root !== 'NULL') throw validation('HAVING clause must be a condition', e.span);
    return r;
  };
  const keyGroupBy: GroupingElement[] = keyAsts.map((e) => ({ kind: 'GroupingExpr', expr: e, span: e.span }));
  if (grouped) {
    // GROUP BY: the subquery's groups per correlation key (HAVING filters them), then SINGLE_VALUE per key
    const bound = binder.bindAggregate(input, groupScope, [...keyGroupBy, ...groupBy], aggNodes, s.span);
    const agg = bound.rel;
    if (agg.kind !== 'LogicalAggregate' || agg.groupingSets !== null) throw new WeirError('plan', 'INTERNAL', 'unexpected aggregate shape in decorrelation', s.span);
    const gb = new ExprBinder(groupScope, env, bound.group);
    const groups: RelNode = having ? { kind: 'LogicalFilter', input: agg, condition: condition(gb.bind(having), having), rowType: agg.rowType } : agg;
    const one = singleValuePerKey(groups, keys.map((_, i) => inputRef(i, agg.rowType.fields[i]!.type)), gb.bind(value));
    joined = makeJoin(outer.rel, one, 'LEFT', and(cb, joinCondition(one.rowType.fields.map((f) => f.type)), s.span));
    result = inputRef(lw + nk, joined.rowType.fields[lw + nk]!.type);
  } else if (aggNodes.length > 0) {
    // an aggregate: one row per key, LEFT-joined; the value (and HAVING) computed over the joined row
    const bound = binder.bindAggregate(input, groupScope, keyGroupBy, aggNodes, s.span);
    const agg = bound.rel;
    if (agg.kind !== 'LogicalAggregate' || agg.groupKeys.length !== nk) throw new WeirError('plan', 'INTERNAL', 'unexpected aggregate shape in decorrelation', s.span);
    joined = makeJoin(outer.rel, agg, 'LEFT', and(cb, joinCondition(agg.rowType.fields.map((f) => f.type)), s.span));
    const jt = joined.rowType.fields.map((f) => f.type);
    const aggregates = new Map<Expr, { index: number; type: LogicalType }>();
    for (const [node, a] of bound.group.aggregates) aggregates.set(node, { index: lw + a.index, type: jt[lw + a.index]! });
    const groupDigests = new Map<string, number>();
    for (let i = 0; i < lw; i++) groupDigests.set(`$${i}`, i);
    const ctx: GroupContext = { inputScope: cs, groupDigests, aggregates, outputTypes: jt };
    // no inner rows: COUNT is 0, not NULL (the aggregate's value over no rows)
    const zeroIfUnmatched = new Map<number, LogicalType>();
    agg.aggs.forEach((a, j) => {
      if (a.fn === 'COUNT' || a.fn === 'SUM0' || a.fn === '$SUM0') zeroIfUnmatched.set(lw + nk + j, a.resultType);
    });
    const overJoined = (e: Expr): Rex =>
      mapRefs(new ExprBinder(cs, env, ctx).bind(e), (ref) => {
        const t = zeroIfUnmatched.get(ref.index);
        if (!t) return ref;
        const zero = cb.cast(literal(0, T.int(false)), withNullable(t, false), false, s.span);
        return cb.call('COALESCE', [ref, zero], s.span);
      });
    result = overJoined(value);
    if (having) {
      // HAVING without GROUP BY keeps the subquery's one row or none: the value where it holds, else NULL
      const type = withNullable(result.type, true);
      result = { kind: 'Case', whens: [{ when: condition(overJoined(having), having), then: result }], otherwise: literal(null, type), type };
    }
  } else {
    const one = singleValuePerKey(input, keys, new ExprBinder(groupScope, env).bind(value));
    joined = makeJoin(outer.rel, one, 'LEFT', and(cb, joinCondition(one.rowType.fields.map((f) => f.type)), s.span));
    result = inputRef(lw + nk, joined.rowType.fields[lw + nk]!.type);
  }
  const jf = joined.rowType.fields;
  const name = item.alias?.value ?? 'EXPR$0';
  return {
    kind: 'LogicalProject',
    input: joined,
    exprs: [...jf.slice(0, lw).map((f, i) => inputRef(i, f.type)), result],
    rowType: T.row([...jf.slice(0, lw), { name, type: result.type }], false),
  };
}

/** Flink's SINGLE_VALUE of `value` over `input` grouped by `keys`: the keys, then the only value per key. */
function singleValuePerKey(input: RelNode, keys: readonly Rex[], value: Rex): RelNode {
  const nk = keys.length;
  const pre: RelNode = {
    kind: 'LogicalProject',
    input,
    exprs: [...keys, value],
    rowType: T.row([...keys.map((k, i) => ({ name: `$k${i}`, type: k.type })), { name: '$v', type: value.type }], false),
  };
  const resultType = withNullable(withoutTimeAttribute(value.type), true);
  const call: AggCallDesc = { fn: 'SINGLE_VALUE', args: [nk], argTypes: [value.type], resultType, distinct: false, filterArg: -1, digest: `SINGLE_VALUE($${nk})` };
  const fields: RowField[] = [...keys.map((k, i) => ({ name: `$k${i}`, type: withoutTimeAttribute(k.type) })), { name: 'EXPR$0', type: resultType }];
  return { kind: 'LogicalAggregate', input: pre, groupKeys: keys.map((_, i) => i), groupingSets: null, aggs: [call], rowType: T.row(fields, false) };
}

/** A bound `inner = outer` (either way round) with each side over one query only. */
function equiCorrelation(r: Rex, lw: number): EquiCorrelation | undefined {
  if (r.kind !== 'Call' || r.name !== '=' || r.operands.length !== 2) return undefined;
  const [l, x] = r.operands as [Rex, Rex];
  const side = (e: Rex): 'inner' | 'outer' | 'none' | 'both' => {
    const fs = [...fieldsOf(e)];
    if (fs.length === 0) return 'none';
    if (fs.every((i) => i >= lw)) return 'inner';
    return fs.every((i) => i < lw) ? 'outer' : 'both';
  };
  const ls = side(l);
  const xs = side(x);
  if (ls === 'inner' && xs === 'outer') return { inner: shift(l, -lw), outer: x };
  if (ls === 'outer' && xs === 'inner') return { inner: shift(x, -lw), outer: l };
  return undefined;
}

/** Names made distinct by a suffix where they repeat. */
function uniqueNames(names: readonly string[]): string[] {
  return names.map((n, i) => (names.filter((m) => m === n).length > 1 ? `${n}${i}` : n));
}

/** The aggregate calls in `e` (not inside other aggregates). */
function aggregateCalls(e: Expr): Expr[] {
  const out: Expr[] = [];
  const visit = (x: Expr): void => {
    if (isAggregateCall(x)) out.push(x);
    else forEachChild(x, visit);
  };
  visit(e);
  return out;
}

/** Adds the outer columns (indexes below `lw` in `scope`) that `e` refers to. */
function outerColumns(e: Expr, scope: Scope, lw: number, acc: Set<number>): void {
  const visit = (x: Expr): void => {
    if (x.kind === 'Identifier' || x.kind === 'CompoundIdentifier') {
      try {
        const { field } = scope.resolve(x.kind === 'Identifier' ? [x.name] : x.parts, x.span);
        if (field.index < lw) acc.add(field.index);
      } catch (err) {
        if (!(err instanceof WeirError)) throw err;
        // left for the binder to report
      }
      return;
    }
    forEachChild(x, visit);
  };
  visit(e);
}

function generatorColumn(name: string, span: Span): Expr {
  const id = (value: string): Ident => ({ kind: 'Ident', value, quoted: true, span });
  return { kind: 'CompoundIdentifier', parts: [id(GENERATOR), id(name)], span };
}

function and(b: ExprBinder, parts: readonly Rex[], span: Span): Rex {
  if (parts.length === 0) return literal(true, T.boolean(false));
  return parts.reduce((x, y) => b.call('AND', [x, y], span));
}

function filter(b: ExprBinder, input: RelNode, parts: readonly Rex[], span: Span): RelNode {
  if (parts.length === 0) return input;
  return { kind: 'LogicalFilter', input, condition: and(b, parts, span), rowType: input.rowType };
}

/** Replaces every input reference of `r` by `f(ref)`. */
function mapRefs(r: Rex, f: (ref: Extract<Rex, { kind: 'InputRef' }>) => Rex): Rex {
  switch (r.kind) {
    case 'InputRef':
      return f(r);
    case 'Literal':
      return r;
    case 'Call':
      return { ...r, operands: r.operands.map((o) => mapRefs(o, f)) };
    case 'Cast':
    case 'FieldAccess':
      return { ...r, operand: mapRefs(r.operand, f) };
    case 'Case':
      return { ...r, whens: r.whens.map((w) => ({ when: mapRefs(w.when, f), then: mapRefs(w.then, f) })), otherwise: mapRefs(r.otherwise, f) };
  }
}
