/**
 * Binding of joins: Join table references in FROM (INNER/LEFT/RIGHT/FULL/CROSS
 * and comma; ON, USING and NATURAL; `FOR SYSTEM_TIME AS OF` temporal joins),
 * WHERE conditions pushed into the inner joins below them (so `FROM a, b
 * WHERE a.k = b.k` is an equi-join and time bounds in WHERE make an interval
 * join), and `[NOT] EXISTS` / `[NOT] IN` subqueries in WHERE rewritten to
 * semi and anti joins (Flink's SubQueryRemoveRule + decorrelation, for the
 * shapes Flink decorrelates: conjuncts of the WHERE clause).
 *
 * A regular join materializes time attributes (they become plain
 * timestamps, Flink's rule); an interval join keeps both sides' attributes
 * and a temporal join keeps the left side's.
 *
 * Correlated right sides (`CROSS JOIN UNNEST(l.arr)`, `LATERAL TABLE(f(l.x))`)
 * are bound by whoever registers `lateralJoinBinder` (binder/unnest.ts and
 * binder/table-function.ts own those): it gets the bound left side.
 */
import { WeirError, type Span } from '../../common/error.ts';
import type { Expr, Ident } from '../../sql/ast/expr.ts';
import type { Join, Query, TableRef } from '../../sql/ast/query.ts';
import { inputRef, literal, type Rex } from '../../expr/rex.ts';
import { T, withNullable, withoutTimeAttribute, type LogicalType, type RowField, type RowType } from '../../types/logical-type.ts';
import type { JoinKind, RelNode } from '../logical/nodes.ts';
import { analyzeJoin, conjuncts, fieldsOf, joinedTypes, makeAnd, shift } from '../logical/join-info.ts';
import { ExprBinder, forEachChild as forEachChildExpr } from './expr-binder.ts';
import { Scope, type Resolved, type ScopeField } from './scope.ts';
import type { BoundRel, QueryBinder } from './query-binder.ts';
import { bindScalarSubqueries } from './scalar-subquery.ts';

const validation = (msg: string, span?: Span): WeirError => new WeirError('validation', 'VALIDATION', msg, span);
const unsupported = (msg: string, span?: Span): WeirError => new WeirError('plan', 'UNSUPPORTED', msg, span);

/** Hook for correlated (lateral) right sides of a join; set by the module that binds them. */
export const lateralJoinBinder: {
  bind?: (binder: QueryBinder, left: BoundRel, join: Join) => BoundRel;
} = {};

function isLateral(ref: TableRef): boolean {
  return ref.kind === 'Unnest' || (ref.kind === 'TableFunction' && ref.lateral) || (ref.kind === 'DerivedTable' && ref.lateral);
}

export function bindJoin(binder: QueryBinder, ref: Join): BoundRel {
  const left = binder.bindFrom(ref.left);
  if (isLateral(ref.right)) {
    if (!lateralJoinBinder.bind) throw unsupported('Lateral joins are not supported yet', ref.right.span);
    return lateralJoinBinder.bind(binder, left, ref);
  }
  let temporal: { leftTime: number; processing: boolean } | undefined;
  let right: BoundRel;
  if (ref.right.kind === 'NamedTable' && ref.right.forSystemTimeAsOf) {
    const asOf = new ExprBinder(left.scope, binder.env).bind(ref.right.forSystemTimeAsOf);
    const t = asOf.type;
    if (asOf.kind !== 'InputRef' || (t.root !== 'TIMESTAMP' && t.root !== 'TIMESTAMP_LTZ') || !t.timeKind)
      throw validation(
        'Temporal table join currently only supports \'FOR SYSTEM_TIME AS OF\' left table\'s time attribute field',
        ref.right.forSystemTimeAsOf.span,
      );
    temporal = { leftTime: asOf.index, processing: t.timeKind === 'PROCTIME' };
    right = binder.bindFrom({ ...ref.right, forSystemTimeAsOf: undefined });
    if (ref.joinType !== 'INNER' && ref.joinType !== 'LEFT')
      throw validation('Temporal table join currently only supports INNER JOIN and LEFT JOIN', ref.span);
  } else {
    right = binder.bindFrom(ref.right);
  }
  const kind: JoinKind = ref.joinType === 'CROSS' || ref.joinType === 'COMMA' ? 'INNER' : ref.joinType;
  const scope = Scope.concat(left.scope, right.scope);
  let cond: Rex = literal(true, T.boolean(false));
  let common: string[] = [];
  if (ref.on) {
    cond = new ExprBinder(scope, binder.env).bind(ref.on);
    if (cond.type.root !== 'BOOLEAN' && cond.type.root !== 'NULL') throw validation('JOIN ON clause must be a condition', ref.on.span);
  } else if (ref.using || ref.natural) {
    common = ref.using
      ? ref.using.map((u) => u.value)
      : left.scope.fields.filter((f) => right.scope.fields.some((g) => g.name === f.name)).map((f) => f.name);
    const b = new ExprBinder(scope, binder.env);
    const lw = left.scope.fields.length;
    for (const name of common) {
      const lf = uniqueField(left.scope.fields, name, 'left', ref.span);
      const rf = uniqueField(right.scope.fields, name, 'right', ref.span);
      const eq = b.call('=', [inputRef(lf.index, lf.type), inputRef(lw + rf.index, rf.type)], ref.span);
      cond = cond.kind === 'Literal' ? eq : b.call('AND', [cond, eq], ref.span);
    }
  } else if (ref.joinType !== 'CROSS' && ref.joinType !== 'COMMA' && ref.joinType !== 'INNER') {
    throw validation(`${ref.joinType} JOIN requires a condition (ON or USING)`, ref.span);
  }
  const rel = makeJoin(left.rel, right.rel, kind, cond, temporal);
  let bound: BoundRel = { rel, scope: rescope(scope, rel.rowType) };
  if (common.length) bound = mergeUsing(bound, left, right, common, kind, new ExprBinder(scope, binder.env), ref.span);
  return bound;
}

function uniqueField(fields: readonly ScopeField[], name: string, side: string, span: Span): ScopeField {
  const fs = fields.filter((f) => f.name === name);
  if (fs.length === 0) throw validation(`Column '${name}' not found in ${side} table`, span);
  if (fs.length > 1) throw validation(`Column name '${name}' in USING clause is not unique on one side of join`, span);
  return fs[0]!;
}

/** The join node with its output type: outer sides nullable, time attributes kept only where Flink keeps them. */
export function makeJoin(left: RelNode, right: RelNode, kind: JoinKind, condition: Rex, temporal?: { leftTime: number; processing: boolean }): RelNode {
  const lw = left.rowType.fields.length;
  if (!temporal) ({ left, right, condition } = pushDownSides(left, right, kind, condition));
  const types = joinedTypes(left.rowType, right.rowType);
  const info = temporal || kind === 'SEMI' || kind === 'ANTI' ? null : analyzeJoin(condition, lw, types, true);
  const keepTime = info?.interval != null;
  const field = (f: RowField, nullable: boolean, keep: boolean): RowField => {
    let t: LogicalType = keep ? f.type : withoutTimeAttribute(f.type);
    if (nullable) t = withNullable(t, true);
    return { name: f.name, type: t };
  };
  const leftNull = kind === 'RIGHT' || kind === 'FULL';
  const rightNull = kind === 'LEFT' || kind === 'FULL';
  let fields: RowField[];
  if (kind === 'SEMI' || kind === 'ANTI') fields = [...left.rowType.fields];
  else
    fields = [
      ...left.rowType.fields.map((f) => field(f, leftNull, keepTime || temporal !== undefined)),
      ...right.rowType.fields.map((f) => field(f, rightNull, keepTime)),
    ];
  return { kind: 'LogicalJoin', left, right, joinKind: kind, condition, temporal, rowType: T.row(fields, false) };
}

/**
 * Conjuncts of the condition over one side only become filters below the join where that keeps the
 * meaning (both sides of an INNER join, the inner side of an outer join, the right side of a
 * semi/anti join), as Flink's filter pushdown does: such rows then never enter the join's state.
 */
function pushDownSides(left: RelNode, right: RelNode, kind: JoinKind, condition: Rex): { left: RelNode; right: RelNode; condition: Rex } {
  const lw = left.rowType.fields.length;
  const parts = conjuncts(condition);
  if (parts.length === 0) return { left, right, condition };
  const pushLeft = kind === 'INNER' || kind === 'RIGHT';
  const pushRight = kind === 'INNER' || kind === 'LEFT' || kind === 'SEMI' || kind === 'ANTI';
  const toLeft: Rex[] = [];
  const toRight: Rex[] = [];
  const keep: Rex[] = [];
  for (const c of parts) {
    const fs = [...fieldsOf(c)];
    if (fs.length > 0 && pushLeft && fs.every((f) => f < lw)) toLeft.push(c);
    else if (fs.length > 0 && pushRight && fs.every((f) => f >= lw)) toRight.push(shift(c, -lw));
    else keep.push(c);
  }
  if (toLeft.length === 0 && toRight.length === 0) return { left, right, condition };
  const and = (xs: Rex[]): Rex => xs.reduce((a, b) => makeAnd(condition.kind === 'Call' ? condition : undefined, a, b));
  if (toLeft.length) left = { kind: 'LogicalFilter', input: left, condition: and(toLeft), rowType: left.rowType };
  if (toRight.length) right = { kind: 'LogicalFilter', input: right, condition: and(toRight), rowType: right.rowType };
  return { left, right, condition: keep.length ? and(keep) : literal(true, T.boolean(false)) };
}

/** The same names and qualifiers with the join's output types. */
function rescope(scope: Scope, rowType: RowType): Scope {
  return new Scope(scope.fields.map((f, i) => ({ ...f, type: rowType.fields[i]?.type ?? f.type })));
}

/** USING/NATURAL: the common columns once, first (COALESCE of both for FULL), then the rest of each side. */
function mergeUsing(bound: BoundRel, left: BoundRel, right: BoundRel, common: readonly string[], kind: JoinKind, b: ExprBinder, span: Span): BoundRel {
  const lw = left.scope.fields.length;
  const all = bound.rel.rowType.fields;
  const exprs: Rex[] = [];
  const fields: ScopeField[] = [];
  const rowFields: RowField[] = [];
  const push = (r: Rex, name: string, qualifier: string | undefined): void => {
    fields.push({ qualifier, name, index: exprs.length, type: r.type });
    rowFields.push({ name, type: r.type });
    exprs.push(r);
  };
  const commonSet = new Set(common);
  for (const name of common) {
    const lf = left.scope.fields.find((f) => f.name === name)!;
    const rf = right.scope.fields.find((f) => f.name === name)!;
    const l = inputRef(lf.index, all[lf.index]!.type);
    const r = inputRef(lw + rf.index, all[lw + rf.index]!.type);
    if (kind === 'FULL') {
      push(b.call('COALESCE', [l, r], span), name, undefined);
    } else if (kind === 'RIGHT') push(r, name, rf.qualifier);
    else push(l, name, lf.qualifier);
  }
  left.scope.fields.forEach((f) => {
    if (!commonSet.has(f.name)) push(inputRef(f.index, all[f.index]!.type), f.name, f.qualifier);
  });
  right.scope.fields.forEach((f) => {
    if (!commonSet.has(f.name)) push(inputRef(lw + f.index, all[lw + f.index]!.type), f.name, f.qualifier);
  });
  const rel: RelNode = { kind: 'LogicalProject', input: bound.rel, exprs, rowType: T.row(rowFields, false) };
  return { rel, scope: new Scope(fields) };
}

// ------------------------------------------------------------------ WHERE

/**
 * Binds a WHERE clause over `from`: conjuncts that are `[NOT] EXISTS (…)` or `x [NOT] IN (SELECT …)`
 * become semi/anti joins; the rest is a condition pushed into the inner join below (when there is
 * one) or a filter.
 */
export function bindWhere(binder: QueryBinder, from: BoundRel, where: Expr): BoundRel {
  const parts = splitAnd(where);
  let rel = from.rel;
  const scope = from.scope;
  const plainParts: Expr[] = [];
  const scalarParts: Expr[] = [];
  for (const p of parts) {
    const sub = subqueryOf(p);
    if (!sub) {
      const kinds = subqueryKinds(p);
      if (kinds.size === 1 && kinds.has('ScalarSubquery')) scalarParts.push(p);
      else if (kinds.size > 0) throw unsupported('Subqueries are supported only as [NOT] EXISTS / [NOT] IN conjuncts of WHERE and as scalar subqueries', p.span);
      else plainParts.push(p);
      continue;
    }
    rel = semiJoin(binder, { rel, scope }, sub);
  }
  const plain = bindPlainWhere(binder, { rel, scope }, plainParts, where);
  return scalarParts.length === 0 ? plain : filterWithScalarSubqueries(binder, plain, scalarParts);
}

/**
 * Conjuncts with non-correlated scalar subqueries (`WHERE price > (SELECT AVG(price) FROM t)`):
 * the subqueries' single rows are LEFT-joined ON TRUE (scalar-subquery.ts), the conjuncts filter
 * the joined rows, and a projection drops the subqueries' columns again.
 */
function filterWithScalarSubqueries(binder: QueryBinder, from: BoundRel, parts: readonly Expr[]): BoundRel {
  const ext = bindScalarSubqueries(binder, from, parts)!;
  const b = new ExprBinder(ext.scope, binder.env);
  const filtered: RelNode = { kind: 'LogicalFilter', input: ext.rel, condition: bindConjuncts(b, parts), rowType: ext.rel.rowType };
  const width = from.rel.rowType.fields.length;
  const fields = ext.rel.rowType.fields.slice(0, width);
  const rel: RelNode = { kind: 'LogicalProject', input: filtered, exprs: fields.map((f, i) => inputRef(i, f.type)), rowType: T.row(fields, false) };
  return { rel, scope: rescope(from.scope, rel.rowType) };
}

/** The AND of WHERE conjuncts, each checked to be a condition. */
function bindConjuncts(b: ExprBinder, parts: readonly Expr[]): Rex {
  let cond: Rex | undefined;
  for (const p of parts) {
    const r = b.bind(p);
    if (r.type.root !== 'BOOLEAN' && r.type.root !== 'NULL') throw validation('WHERE clause must be a condition', p.span);
    cond = cond ? b.call('AND', [cond, r], p.span) : r;
  }
  return cond!;
}

function bindPlainWhere(binder: QueryBinder, from: BoundRel, plainParts: readonly Expr[], where: Expr): BoundRel {
  const { rel, scope } = from;
  if (plainParts.length === 0) return { rel, scope };
  const b = new ExprBinder(scope, binder.env);
  const cond = bindConjuncts(b, plainParts);
  if (rel.kind === 'LogicalJoin' && rel.joinKind === 'INNER' && !rel.temporal) {
    const merged = rel.condition.kind === 'Literal' && rel.condition.value === true ? cond : b.call('AND', [rel.condition, cond], where.span);
    const j = makeJoin(rel.left, rel.right, 'INNER', merged);
    return { rel: j, scope: rescope(scope, j.rowType) };
  }
  return { rel: { kind: 'LogicalFilter', input: rel, condition: cond, rowType: rel.rowType }, scope };
}

export function splitAnd(e: Expr): Expr[] {
  if (e.kind === 'BinaryExpr' && e.op === 'AND') return [...splitAnd(e.left), ...splitAnd(e.right)];
  return [e];
}

interface Sub {
  readonly anti: boolean;
  readonly query: Query;
  /** IN: the needle. */
  readonly needle?: Expr;
  readonly span: Span;
}

function subqueryOf(e: Expr): Sub | null {
  let x = e;
  let neg = false;
  for (;;) {
    if (x.kind === 'UnaryExpr' && x.op === 'NOT') {
      neg = !neg;
      x = x.expr;
    } else break;
  }
  if (x.kind === 'Exists') return { anti: neg, query: x.query, span: e.span };
  if (x.kind === 'InSubquery') return { anti: neg !== x.negated, query: x.query, needle: x.expr, span: e.span };
  return null;
}

/** The kinds of subquery expressions inside `e`. */
export function subqueryKinds(e: Expr): Set<string> {
  const found = new Set<string>();
  const visit = (x: Expr): void => {
    if (x.kind === 'Exists' || x.kind === 'InSubquery' || x.kind === 'ScalarSubquery' || x.kind === 'QuantifiedComparison') found.add(x.kind);
    else forEachChildExpr(x, visit);
  };
  visit(e);
  return found;
}

/** Resolves names in the subquery's own FROM first, then in the outer query (correlation). */
class CorrelatedScope extends Scope {
  private readonly inner: Scope;
  private readonly outer: Scope;
  constructor(outer: Scope, inner: Scope) {
    const c = Scope.concat(outer, inner);
    super(c.fields);
    this.outer = outer;
    this.inner = Scope.concat(new Scope(outer.fields.map((f) => ({ ...f, qualifier: '\u0000outer', name: '\u0000' + f.name }))), inner);
  }
  override resolve(parts: readonly Ident[], span: Span): Resolved {
    try {
      return this.inner.resolve(parts, span);
    } catch (err) {
      if (err instanceof WeirError && (err.code === 'COLUMN_NOT_FOUND' || err.code === 'TABLE_NOT_FOUND')) return this.outer.resolve(parts, span);
      throw err;
    }
  }
}

function semiJoin(binder: QueryBinder, outer: BoundRel, sub: Sub): RelNode {
  const q = sub.query;
  const body = q.body;
  const lw = outer.scope.fields.length;
  const simple = body.kind === 'Select' && !q.with && q.orderBy.length === 0 && !q.limit && !q.fetch && body.groupBy.length === 0 && !body.having && !body.distinct && body.from;
  let right: RelNode;
  let cond: Rex | undefined;
  const ob = new ExprBinder(outer.scope, binder.env);
  if (simple && body.kind === 'Select' && body.from) {
    // Correlated: the subquery's WHERE (over outer ++ inner) becomes the join condition.
    const inner = binder.bindFrom(body.from);
    right = inner.rel;
    const cb = new ExprBinder(new CorrelatedScope(outer.scope, inner.scope), binder.env);
    const innerParts = body.where ? splitAnd(body.where) : [];
    const correlated: Rex[] = [];
    const local: Rex[] = [];
    for (const p of innerParts) {
      if (subqueryOf(p) || subqueryKinds(p).size > 0) throw unsupported('Nested subqueries are not supported yet', p.span);
      const r = cb.bind(p);
      if ([...fieldsIn(r)].some((i) => i < lw)) correlated.push(r);
      else local.push(r);
    }
    if (local.length) {
      const lb = new ExprBinder(inner.scope, binder.env);
      let f = shiftRex(local[0]!, -lw);
      for (const x of local.slice(1)) f = lb.call('AND', [f, shiftRex(x, -lw)], sub.span);
      right = { kind: 'LogicalFilter', input: right, condition: f, rowType: right.rowType };
    }
    for (const c of correlated) cond = cond ? cb.call('AND', [cond, c], sub.span) : c;
    if (sub.needle) {
      const items = body.items;
      if (items.length !== 1 || items[0]!.kind !== 'ExprItem') throw validation('The IN subquery must select exactly one column', sub.span);
      const value = cb.bind(items[0]!.expr);
      const needle = ob.bind(sub.needle);
      cond = inCondition(cb, needle, value, sub, cond);
    }
  } else {
    right = binder.bindQuery(q);
    if (!sub.needle) {
      cond = undefined;
    } else {
      if (right.rowType.fields.length !== 1) throw validation('The IN subquery must select exactly one column', sub.span);
      const needle = ob.bind(sub.needle);
      const value = inputRef(lw, right.rowType.fields[0]!.type);
      const cb = new ExprBinder(Scope.concat(outer.scope, Scope.of(right.rowType, undefined)), binder.env);
      cond = inCondition(cb, needle, value, sub, undefined);
    }
  }
  return makeJoin(outer.rel, right, sub.anti ? 'ANTI' : 'SEMI', cond ?? literal(true, T.boolean(false)));
}

/** `needle = value`; for NOT IN over nullable values Flink's null-aware form `needle = value OR needle IS NULL OR value IS NULL`. */
function inCondition(b: ExprBinder, needle: Rex, value: Rex, sub: Sub, extra: Rex | undefined): Rex {
  let eq = b.call('=', [needle, value], sub.span);
  if (sub.anti && (needle.type.nullable || value.type.nullable)) {
    eq = b.call('OR', [eq, b.call('IS NULL', [needle], sub.span)], sub.span);
    eq = b.call('OR', [eq, b.call('IS NULL', [value], sub.span)], sub.span);
  }
  return extra ? b.call('AND', [extra, eq], sub.span) : eq;
}

function fieldsIn(r: Rex, acc: Set<number> = new Set()): Set<number> {
  for (const c of conjuncts(r)) collect(c, acc);
  return acc;
}

function collect(r: Rex, acc: Set<number>): void {
  switch (r.kind) {
    case 'InputRef':
      acc.add(r.index);
      return;
    case 'Literal':
      return;
    case 'Call':
      r.operands.forEach((o) => collect(o, acc));
      return;
    case 'Cast':
    case 'FieldAccess':
      collect(r.operand, acc);
      return;
    case 'Case':
      r.whens.forEach((w) => {
        collect(w.when, acc);
        collect(w.then, acc);
      });
      collect(r.otherwise, acc);
      return;
  }
}

function shiftRex(r: Rex, by: number): Rex {
  switch (r.kind) {
    case 'InputRef':
      return { ...r, index: r.index + by };
    case 'Literal':
      return r;
    case 'Call':
      return { ...r, operands: r.operands.map((o) => shiftRex(o, by)) };
    case 'Cast':
    case 'FieldAccess':
      return { ...r, operand: shiftRex(r.operand, by) };
    case 'Case':
      return { ...r, whens: r.whens.map((w) => ({ when: shiftRex(w.when, by), then: shiftRex(w.then, by) })), otherwise: shiftRex(r.otherwise, by) };
  }
}

