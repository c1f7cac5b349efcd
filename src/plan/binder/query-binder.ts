/**
 * Binds a query AST to a logical plan: FROM (tables, views, CTEs, derived
 * tables), WHERE, GROUP BY (with GROUPING SETS/ROLLUP/CUBE), HAVING, the
 * select list, DISTINCT, set operations, VALUES, ORDER BY/LIMIT. Tables expand
 * to a scan, a projection computing their computed columns in declared order,
 * and a watermark assigner when they declare a watermark.
 */
import { WeirError, type Span } from '../../common/error.ts';
import type { Expr, Ident } from '../../sql/ast/expr.ts';
import type { GroupingElement, Query, Select, SelectItem, SetExpr, TableRef } from '../../sql/ast/query.ts';
import type { Catalog, CatalogTable } from '../../catalog/catalog.ts';
import { inputRef, literal, type Rex } from '../../expr/rex.ts';
import { aggregateReturnType } from '../../expr/aggregate-types.ts';
import { leastRestrictive } from '../../types/coercion.ts';
import {
  T,
  typeEquals,
  typeToString,
  withNullable,
  withoutTimeAttribute,
  type LogicalType,
  type RowField,
  type RowType,
} from '../../types/logical-type.ts';
import type { AggCallDesc, RelNode } from '../logical/nodes.ts';
import { toLogicalType } from './data-type.ts';
import { ExprBinder, containsAggregate, forEachChild, isAggregateCall, type BindEnv, type GroupContext } from './expr-binder.ts';
import { Scope, editDistance } from './scope.ts';
import { rexDigest } from './digest.ts';
import { bindJoin, bindWhere } from './join.ts';
import { bindTableFunction } from './table-function.ts';
import { legacyGroupWindow, windowAggregate } from './window-aggregate.ts';
import { bindUnnest } from './unnest.ts';
import { bindMatchRecognize } from './match-recognize.ts';
import { bindOver, collectOverCalls } from './over.ts';
import { StateTtlHints, fromItemName, hintAggregate, hintJoins, type HintInputs } from './state-ttl-hint.ts';
import { bindGroupedScalarSubqueries, bindScalarSubqueries } from './scalar-subquery.ts';

const validation = (msg: string, span?: Span): WeirError => new WeirError('validation', 'VALIDATION', msg, span);
const unsupported = (msg: string, span?: Span): WeirError => new WeirError('plan', 'UNSUPPORTED', msg, span);

/** A bound relation: the plan and the scope its columns are visible in. */
export interface BoundRel {
  readonly rel: RelNode;
  readonly scope: Scope;
}

export class QueryBinder {
  readonly catalog: Catalog;
  readonly env: BindEnv;
  private readonly ctes: Map<string, { query: Query; columns: readonly Ident[] }>[] = [];
  /** Views being expanded, to report cycles. */
  private readonly expanding: string[] = [];
  /** For STATE_TTL hints: the names FROM items were bound under, and the results of query blocks. */
  private readonly inputNames = new WeakMap<RelNode, string>();
  private readonly blockRoots = new WeakSet<RelNode>();
  private readonly hintInputs: HintInputs = {
    nameOf: (rel) => this.inputNames.get(rel),
    isBlockRoot: (rel) => this.blockRoots.has(rel),
  };

  constructor(catalog: Catalog, env: BindEnv) {
    this.catalog = catalog;
    this.env = env;
  }

  bindQuery(q: Query): RelNode {
    if (q.with) {
      const m = new Map<string, { query: Query; columns: readonly Ident[] }>();
      for (const c of q.with.ctes) m.set(c.name.value, { query: c.query, columns: c.columns });
      this.ctes.push(m);
    }
    try {
      let rel = this.bindSetExpr(q.body);
      if (q.orderBy.length || q.limit || q.fetch || q.offset) {
        const scope = Scope.of(rel.rowType, undefined);
        const binder = new ExprBinder(scope, this.env);
        const keys = q.orderBy.map((o) => {
          const r = this.orderKey(o.expr, rel.rowType, binder);
          const descending = o.direction === 'DESC';
          return { index: r, descending, nullsFirst: o.nulls ? o.nulls === 'FIRST' : !descending };
        });
        const fetchExpr = q.limit ?? q.fetch;
        const fetch = fetchExpr ? this.constInt(fetchExpr, binder) : null;
        const offset = q.offset ? this.constInt(q.offset, binder) : 0;
        rel = { kind: 'LogicalSort', input: rel, keys, offset, fetch, rowType: rel.rowType };
      }
      this.blockRoots.add(rel);
      return rel;
    } finally {
      if (q.with) this.ctes.pop();
    }
  }

  private orderKey(e: Expr, rowType: RowType, binder: ExprBinder): number {
    if (e.kind === 'NumericLiteral') {
      const i = Number(e.text) - 1;
      if (!Number.isInteger(i) || i < 0 || i >= rowType.fields.length)
        throw validation(`Ordinal out of range: ${e.text}`, e.span);
      return i;
    }
    const r = binder.bind(e);
    if (r.kind !== 'InputRef') throw unsupported(`ORDER BY supports only columns of the result`, e.span);
    return r.index;
  }

  private constInt(e: Expr, binder: ExprBinder): number {
    const r = binder.bind(e);
    if (r.kind !== 'Literal' || (typeof r.value !== 'number' && typeof r.value !== 'bigint'))
      throw validation(`Expected a constant integer but found '${e.kind}'`, e.span);
    return Number(r.value);
  }

  private bindSetExpr(s: SetExpr): RelNode {
    switch (s.kind) {
      case 'Query':
        return this.bindQuery(s);
      case 'Select':
        return this.bindSelect(s);
      case 'Values':
        return this.bindValues(s.rows, s.span);
      case 'SetOperation': {
        const left = this.bindSetExpr(s.left);
        const right = this.bindSetExpr(s.right);
        if (left.rowType.fields.length !== right.rowType.fields.length)
          throw validation(`Column count mismatch in ${s.op}`, s.span);
        const types = left.rowType.fields.map((f, i) => {
          const t = leastRestrictive([withoutTimeAttribute(f.type), withoutTimeAttribute(right.rowType.fields[i]!.type)]);
          if (!t) throw validation(`Type mismatch in column ${i + 1} of ${s.op}`, s.span);
          return t;
        });
        const rowType = T.row(left.rowType.fields.map((f, i) => ({ name: f.name, type: types[i]! })), false);
        const inputs = [coerceTo(left, types, s.span), coerceTo(right, types, s.span)];
        if (s.op !== 'UNION') return { kind: 'LogicalSetOp', op: s.op, all: s.all, inputs, rowType };
        let rel: RelNode = { kind: 'LogicalUnion', inputs, all: true, rowType };
        if (!s.all) rel = distinct(rel);
        return rel;
      }
    }
  }

  private bindValues(rows: readonly (readonly Expr[])[], span: Span): RelNode {
    const binder = new ExprBinder(new Scope([]), this.env);
    const bound = rows.map((r) => r.map((e) => binder.bind(e)));
    const width = bound[0]?.length ?? 0;
    if (bound.some((r) => r.length !== width)) throw validation('Values rows must have the same number of columns', span);
    const types: LogicalType[] = [];
    for (let c = 0; c < width; c++) {
      const t = leastRestrictive(bound.map((r) => r[c]!.type));
      if (!t) throw validation(`Type mismatch in VALUES column ${c + 1}`, span);
      types.push(t);
    }
    const out: unknown[][] = [];
    for (const r of bound) {
      out.push(
        r.map((x, c) => {
          const target = types[c]!;
          const y = typeEquals(x.type, target, true) ? x : binder.cast(x, withNullable(target, x.type.nullable), false, span);
          if (y.kind !== 'Literal') throw unsupported('VALUES supports only constant expressions', span);
          return y.value;
        }),
      );
    }
    const rowType = T.row(types.map((t, i) => ({ name: `EXPR$${i}`, type: t })), false);
    return { kind: 'LogicalValues', rows: out, rowType };
  }

  // ---------------------------------------------------------------- FROM

  bindFrom(ref: TableRef): BoundRel {
    switch (ref.kind) {
      case 'NamedTable': {
        if (ref.forSystemTimeAsOf) throw unsupported('FOR SYSTEM_TIME AS OF is not supported yet', ref.span);
        const parts = ref.name.map((p) => p.value);
        const alias = ref.alias?.name.value ?? parts[parts.length - 1]!;
        const rel = this.namedRelation(ref.name, ref.hints.length > 0 ? ref.span : undefined);
        return this.named(this.aliased(rel, alias, ref.alias?.columns, ref.span), ref);
      }
      case 'DerivedTable': {
        const rel = this.bindQuery(ref.query);
        return this.named(this.aliased(rel, ref.alias?.name.value, ref.alias?.columns, ref.span), ref);
      }
      case 'Join':
        return bindJoin(this, ref);
      case 'TableFunction':
        return bindTableFunction(this, ref);
      case 'Unnest':
        return bindUnnest(this, ref);
      case 'MatchRecognize':
        return bindMatchRecognize(this, ref);
    }
  }

  /** Notes the name a FROM item is bound under (STATE_TTL hints name inputs by it). */
  private named(bound: BoundRel, ref: TableRef): BoundRel {
    const name = fromItemName(ref);
    if (name !== undefined) this.inputNames.set(bound.rel, name);
    return bound;
  }

  aliased(rel: RelNode, alias: string | undefined, columns: readonly Ident[] | undefined, span: Span): BoundRel {
    if (columns && columns.length) {
      if (columns.length !== rel.rowType.fields.length)
        throw validation(`List of column aliases must have same degree as table; table has ${rel.rowType.fields.length} columns, whereas alias list has ${columns.length} columns`, span);
      const rowType = T.row(rel.rowType.fields.map((f, i) => ({ name: columns[i]!.value, type: f.type })), false);
      rel = { kind: 'LogicalProject', input: rel, exprs: rel.rowType.fields.map((f, i) => inputRef(i, f.type)), rowType };
    }
    return { rel, scope: Scope.of(rel.rowType, alias) };
  }

  private namedRelation(name: readonly Ident[], _hintSpan: Span | undefined): RelNode {
    const parts = name.map((p) => p.value);
    const span = { ...name[0]!.span, end: name[name.length - 1]!.span.end };
    if (parts.length === 1) {
      for (let i = this.ctes.length - 1; i >= 0; i--) {
        const cte = this.ctes[i]!.get(parts[0]!);
        if (cte) {
          // A CTE body sees only the CTEs defined before its own scope.
          const saved = this.ctes.splice(i);
          try {
            this.ctes.push(new Map([...saved[0]!].filter(([k]) => k !== parts[0])));
            const rel = this.bindQuery(cte.query);
            return cte.columns.length ? this.aliased(rel, undefined, cte.columns, span).rel : rel;
          } finally {
            this.ctes.splice(i);
            this.ctes.push(...saved);
          }
        }
      }
    }
    const entry = this.catalog.lookup(parts, span);
    if (!entry) {
      const wanted = parts[parts.length - 1]!.toLowerCase();
      const near = this.catalog.names().find((n) => n.toLowerCase() === wanted || editDistance(n.toLowerCase(), wanted) <= 2);
      throw validation(`Object '${parts.join('.')}' not found${near ? `; did you mean '${near}'?` : ''}`, span);
    }
    if (entry.kind === 'view') {
      if (this.expanding.includes(entry.name)) throw validation(`View ${entry.name} refers to itself`, span);
      this.expanding.push(entry.name);
      const saved = this.ctes.splice(0);
      try {
        let rel = this.bindQuery(entry.query);
        if (entry.columnNames) {
          const rowType = T.row(rel.rowType.fields.map((f, i) => ({ name: entry.columnNames![i] ?? f.name, type: f.type })), false);
          rel = { kind: 'LogicalProject', input: rel, exprs: rel.rowType.fields.map((f, i) => inputRef(i, f.type)), rowType };
        }
        return rel;
      } finally {
        this.ctes.push(...saved);
        this.expanding.pop();
      }
    }
    return this.tableRelation(entry, span);
  }

  /** Scan (physical + metadata columns) → projection in declared order with computed columns → watermark. */
  tableRelation(table: CatalogTable, _span: Span): RelNode {
    const scanFields: RowField[] = [];
    for (const c of table.columns) if (c.kind !== 'computed') scanFields.push({ name: c.name, type: c.type });
    const scanType = T.row(scanFields, false);
    const scan: RelNode = {
      kind: 'LogicalTableScan',
      table: { qualifiedName: this.catalog.qualified(table.name), table },
      rowType: scanType,
    };
    let rel: RelNode = scan;
    if (table.columns.some((c) => c.kind === 'computed')) {
      const scope = Scope.of(scanType, table.name);
      const binder = new ExprBinder(scope, this.env);
      const exprs: Rex[] = [];
      const fields: RowField[] = [];
      let phys = 0;
      for (const c of table.columns) {
        if (c.kind === 'computed') {
          const r = binder.bind(c.expr);
          exprs.push(r);
          fields.push({ name: c.name, type: r.type });
        } else {
          exprs.push(inputRef(phys, c.type));
          fields.push({ name: c.name, type: c.type });
          phys++;
        }
      }
      rel = { kind: 'LogicalProject', input: scan, exprs, rowType: T.row(fields, false) };
    }
    if (table.watermark) {
      const wm = table.watermark;
      const idx = rel.rowType.fields.findIndex((f) => f.name === wm.column);
      if (idx < 0) throw validation(`The rowtime attribute field '${wm.column}' is not defined in the table schema`, wm.expr.span);
      const scope = Scope.of(rel.rowType, table.name);
      const r = new ExprBinder(scope, this.env).bind(wm.expr);
      const rt = rel.rowType.fields[idx]!.type;
      if (rt.root !== 'TIMESTAMP' && rt.root !== 'TIMESTAMP_LTZ')
        throw validation(
          `Invalid data type of time field for watermark definition. The field must be of type TIMESTAMP(p) or TIMESTAMP_LTZ(p), the supported precision 'p' is from 0 to 3, but the time field type is ${typeToString(rt)}`,
          wm.expr.span,
        );
      const fields = rel.rowType.fields.map((f, i) => (i === idx && (rt.root === 'TIMESTAMP' || rt.root === 'TIMESTAMP_LTZ') ? { name: f.name, type: { ...rt, timeKind: 'ROWTIME' as const } } : f));
      rel = { kind: 'LogicalWatermarkAssigner', input: rel, rowtimeIndex: idx, watermark: r, rowType: T.row(fields, false) };
    }
    return rel;
  }

  // ---------------------------------------------------------------- SELECT

  private bindSelect(s: Select): RelNode {
    const ttlHints = StateTtlHints.of(s.hints);
    let from: BoundRel;
    if (s.from) from = this.bindFrom(s.from);
    else {
      const rel: RelNode = { kind: 'LogicalValues', rows: [[]], rowType: T.row([], false) };
      from = { rel, scope: new Scope([]) };
    }
    const legacy = legacyGroupWindow(s, from, this.env);
    if (legacy) ({ select: s, from } = legacy);
    if (s.where) {
      if (containsAggregate(s.where)) throw validation(`Aggregate functions are not allowed in WHERE`, s.where.span);
      // [NOT] EXISTS / IN subqueries become semi/anti joins; the rest filters (or joins the inner join below).
      from = bindWhere(this, from, s.where);
    }
    if (ttlHints) from = { rel: hintJoins(from.rel, ttlHints, this.hintInputs), scope: from.scope };
    let rel = from.rel;
    let plain = new ExprBinder(from.scope, this.env);

    const items = this.expandItems(s.items, from.scope);
    if (s.groupBy.length === 0 && !items.some((it) => containsAggregate(it.expr))) {
      // Scalar subqueries in the select list: a LEFT join ON TRUE with their single row (binder/scalar-subquery.ts).
      const scalar = bindScalarSubqueries(this, from, items.map((it) => it.expr));
      if (scalar) {
        from = scalar;
        rel = from.rel;
        plain = new ExprBinder(from.scope, this.env);
      }
    }
    const aggNodes: Expr[] = [];
    const collect = (e: Expr): void => {
      if (isAggregateCall(e)) {
        aggNodes.push(e);
        return;
      }
      forEachChild(e, collect);
    };
    for (const it of items) collect(it.expr);
    if (s.having) collect(s.having);

    let binder = plain;
    if (s.groupBy.length > 0 || aggNodes.length > 0) {
      const bound = this.bindAggregate(rel, from.scope, s.groupBy, aggNodes, s.span);
      const agg = windowAggregate(bound, this.env, s.span) ?? bound;
      rel = ttlHints ? hintAggregate(agg.rel, ttlHints, fromItemName(s.from)) : agg.rel;
      // Scalar subqueries of the select list and HAVING: joined to the aggregate's rows (binder/scalar-subquery.ts).
      const scalar = bindGroupedScalarSubqueries(this, rel, from.scope, agg.group, [...items.map((it) => it.expr), ...(s.having ? [s.having] : [])]);
      if (scalar) rel = scalar.rel;
      binder = new ExprBinder(scalar?.scope ?? from.scope, this.env, agg.group);
      if (s.having) {
        const cond = binder.bind(s.having);
        rel = { kind: 'LogicalFilter', input: rel, condition: cond, rowType: rel.rowType };
      }
    } else if (s.having) {
      throw validation(`HAVING clause requires GROUP BY or aggregate functions`, s.having.span);
    }
    const overCalls = collectOverCalls(items.map((it) => it.expr));
    if (overCalls.length > 0) {
      const o = bindOver(rel, binder, overCalls, s.windows);
      rel = o.rel;
      binder.overCalls = o.overs;
    }

    const exprs: Rex[] = [];
    const fields: RowField[] = [];
    items.forEach((it, i) => {
      const r = binder.bind(it.expr);
      exprs.push(r);
      fields.push({ name: it.name ?? `EXPR$${i}`, type: r.type });
    });
    rel = { kind: 'LogicalProject', input: rel, exprs, rowType: T.row(uniqueNames(fields), false) };
    if (s.distinct) rel = distinct(rel);
    if (ttlHints) {
      // SELECT DISTINCT aggregates the select list: over a grouped block its input has no name.
      if (s.distinct) rel = hintAggregate(rel, ttlHints, binder === plain ? fromItemName(s.from) : undefined);
      ttlHints.check();
    }
    return rel;
  }

  private expandItems(items: readonly SelectItem[], scope: Scope): { expr: Expr; name: string | undefined }[] {
    const out: { expr: Expr; name: string | undefined }[] = [];
    for (const it of items) {
      if (it.kind === 'ExprItem') {
        out.push({ expr: it.expr, name: it.alias?.value ?? derivedName(it.expr) });
        continue;
      }
      const q = it.kind === 'QualifiedWildcard' ? it.qualifier[it.qualifier.length - 1]!.value : undefined;
      const fields = scope.fields.filter((f) => q === undefined || f.qualifier === q);
      if (q !== undefined && fields.length === 0) throw validation(`Unknown table '${q}'`, it.span);
      for (const f of fields) {
        const parts: Ident[] = [];
        if (f.qualifier !== undefined) parts.push({ kind: 'Ident', value: f.qualifier, quoted: true, span: it.span });
        parts.push({ kind: 'Ident', value: f.name, quoted: true, span: it.span });
        out.push({ expr: { kind: 'CompoundIdentifier', parts, span: it.span }, name: f.name });
      }
    }
    return out;
  }

  /** A LogicalAggregate over `input` (scope `scope`) for GROUP BY `groupBy` and the aggregate calls `aggNodes`, with the context that maps them to its output. */
  bindAggregate(
    input: RelNode,
    scope: Scope,
    groupBy: readonly GroupingElement[],
    aggNodes: readonly Expr[],
    span: Span,
  ): { rel: RelNode; group: GroupContext } {
    const binder = new ExprBinder(scope, this.env);
    const preExprs: Rex[] = [];
    const preIndex = new Map<string, number>();
    const pre = (r: Rex): number => {
      const d = rexDigest(r);
      let i = preIndex.get(d);
      if (i === undefined) {
        i = preExprs.length;
        preExprs.push(r);
        preIndex.set(d, i);
      }
      return i;
    };
    // Group keys and grouping sets.
    const { exprs: groupAsts, sets } = expandGrouping(groupBy);
    const groupRex = groupAsts.map((e) => {
      if (containsAggregate(e)) throw validation(`Aggregate functions are not allowed in GROUP BY`, e.span);
      return binder.bind(e);
    });
    const groupKeys: number[] = [];
    const groupDigests = new Map<string, number>();
    groupRex.forEach((r) => {
      const d = rexDigest(r);
      if (!groupDigests.has(d)) {
        groupDigests.set(d, groupKeys.length);
        groupKeys.push(pre(r));
      }
    });
    const keyPos = (e: Expr): number => groupDigests.get(rexDigest(binder.bind(e)))!;
    const groupingSets = sets ? sets.map((set) => [...new Set(set.map(keyPos))].sort((a, b) => a - b)) : null;

    // Aggregate calls, deduplicated by digest.
    const aggs: AggCallDesc[] = [];
    const aggByDigest = new Map<string, number>();
    const aggOfNode = new Map<Expr, number>();
    for (const node of aggNodes) {
      const a = this.bindAggCall(node, binder, pre);
      let j = aggByDigest.get(a.digest);
      if (j === undefined) {
        j = aggs.length;
        aggs.push(a);
        aggByDigest.set(a.digest, j);
      }
      aggOfNode.set(node, j);
    }
    const preFields = preExprs.map((r, i) => ({ name: r.kind === 'InputRef' ? (input.rowType.fields[r.index]?.name ?? `$f${i}`) : `$f${i}`, type: r.type }));
    const preRel: RelNode = { kind: 'LogicalProject', input, exprs: preExprs, rowType: T.row(preFields, false) };
    const nullableInSets = (k: number): boolean => groupingSets !== null && groupingSets.some((s) => !s.includes(k));
    const outTypes: LogicalType[] = [
      ...groupKeys.map((p, k) => {
        const t = withoutTimeAttribute(preExprs[p]!.type);
        return nullableInSets(k) ? withNullable(t, true) : t;
      }),
      ...aggs.map((a) => a.resultType),
    ];
    const outFields = outTypes.map((t, i) => ({
      name: i < groupKeys.length ? fieldNameOf(groupAsts, groupRex, i, preExprs, groupKeys) : `EXPR$${i}`,
      type: t,
    }));
    const rel: RelNode = {
      kind: 'LogicalAggregate',
      input: preRel,
      groupKeys,
      groupingSets,
      aggs,
      rowType: T.row(outFields, false),
    };
    if (groupingSets && groupingSets.length === 0) throw validation('empty GROUPING SETS', span);
    const aggregates = new Map<Expr, { index: number; type: LogicalType }>();
    for (const [node, j] of aggOfNode) aggregates.set(node, { index: groupKeys.length + j, type: aggs[j]!.resultType });
    return { rel, group: { inputScope: scope, groupDigests, aggregates, outputTypes: outTypes } };
  }

  private bindAggCall(node: Expr, binder: ExprBinder, pre: (r: Rex) => number): AggCallDesc {
    let fn: string;
    let argExprs: Expr[];
    let distinctFlag = false;
    let filter: Expr | undefined;
    let extraConst: unknown[] = [];
    if (node.kind === 'JsonObjectAgg') {
      fn = 'JSON_OBJECTAGG';
      argExprs = [node.key, node.value];
      extraConst = [undefined, undefined, node.onNull === 'ABSENT' ? 'ABSENT ON NULL' : 'NULL ON NULL'];
    } else if (node.kind === 'JsonArrayAgg') {
      fn = 'JSON_ARRAYAGG';
      argExprs = [node.expr];
      extraConst = [undefined, node.onNull === 'NULL' ? 'NULL ON NULL' : 'ABSENT ON NULL'];
    } else if (node.kind === 'FunctionCall') {
      fn = node.name[0]!.value.toUpperCase();
      argExprs = node.args.map((a) => a.value);
      distinctFlag = node.distinct;
      filter = node.filter;
      if (node.star) argExprs = [];
    } else throw validation('not an aggregate', node.span);
    for (const a of argExprs) if (containsAggregate(a)) throw validation(`Aggregate function calls cannot be nested`, a.span);
    const argRex = argExprs.map((a) => binder.bind(a));
    const constArgs = argRex.map((r) => (r.kind === 'Literal' ? r.value : undefined));
    extraConst.forEach((v, i) => {
      if (v !== undefined) constArgs[i] = v;
    });
    // Arguments after the first that are constants (LISTAGG's separator) are not input fields.
    const fieldArgs = fn === 'LISTAGG' && argRex.length > 1 ? argRex.slice(0, 1) : argRex;
    const args = fieldArgs.map(pre);
    const argTypes = argRex.map((r) => withoutTimeAttribute(r.type));
    const resultType = aggregateReturnType(fn, argTypes, distinctFlag);
    let filterArg = -1;
    if (filter) {
      const f = binder.bind(filter);
      if (f.type.root !== 'BOOLEAN') throw validation(`FILTER expression must be of type BOOLEAN`, filter.span);
      filterArg = pre(f);
    }
    const digest = `${fn}(${distinctFlag ? 'DISTINCT ' : ''}${argRex.map(rexDigest).join(', ')})${filterArg >= 0 ? ` FILTER $${filterArg}` : ''}`;
    return { fn, args, argTypes, resultType, distinct: distinctFlag, filterArg, constArgs, digest };
  }
}

/** Flattens GROUP BY elements to the distinct grouping expressions and, when sets are used, the sets. */
function expandGrouping(elements: readonly GroupingElement[]): { exprs: Expr[]; sets: Expr[][] | null } {
  const exprs: Expr[] = [];
  let hasSets = false;
  const setsOf = (el: GroupingElement): Expr[][] => {
    switch (el.kind) {
      case 'GroupingExpr':
        exprs.push(el.expr);
        return [[el.expr]];
      case 'GroupingList':
        exprs.push(...el.exprs);
        return [[...el.exprs]];
      case 'GroupingSets':
        hasSets = true;
        return el.sets.flatMap(setsOf);
      case 'Rollup': {
        hasSets = true;
        const parts = el.items.map((i) => setsOf(i)[0] ?? []);
        const out: Expr[][] = [];
        for (let n = parts.length; n >= 0; n--) out.push(parts.slice(0, n).flat());
        return out;
      }
      case 'Cube': {
        hasSets = true;
        const parts = el.items.map((i) => setsOf(i)[0] ?? []);
        const out: Expr[][] = [];
        for (let mask = (1 << parts.length) - 1; mask >= 0; mask--)
          out.push(parts.filter((_, i) => mask & (1 << (parts.length - 1 - i))).flat());
        return out;
      }
    }
  };
  // The cross product of all elements' sets (GROUP BY a, ROLLUP(b, c) = sets of a × sets of rollup).
  let sets: Expr[][] = [[]];
  for (const el of elements) {
    const s = setsOf(el);
    const next: Expr[][] = [];
    for (const a of sets) for (const b of s) next.push([...a, ...b]);
    sets = next;
  }
  return { exprs, sets: hasSets ? sets : null };
}

function fieldNameOf(asts: readonly Expr[], rex: readonly Rex[], k: number, pre: readonly Rex[], keys: readonly number[]): string {
  const target = rexDigest(pre[keys[k]!]!);
  const i = rex.findIndex((r) => rexDigest(r) === target);
  const ast = asts[i];
  return (ast && derivedName(ast)) ?? `$f${k}`;
}

function derivedName(e: Expr): string | undefined {
  if (e.kind === 'Identifier') return e.name.value;
  if (e.kind === 'CompoundIdentifier') return e.parts[e.parts.length - 1]!.value;
  return undefined;
}

function uniqueNames(fields: RowField[]): RowField[] {
  const seen = new Map<string, number>();
  return fields.map((f) => {
    const n = seen.get(f.name) ?? 0;
    seen.set(f.name, n + 1);
    return n === 0 ? f : { name: `${f.name}${n - 1}`, type: f.type };
  });
}

/** SELECT DISTINCT / UNION: an aggregate grouping by every column. */
export function distinct(rel: RelNode): RelNode {
  const keys = rel.rowType.fields.map((_, i) => i);
  const fields = rel.rowType.fields.map((f) => ({ name: f.name, type: withoutTimeAttribute(f.type) }));
  return { kind: 'LogicalAggregate', input: rel, groupKeys: keys, groupingSets: null, aggs: [], rowType: T.row(fields, false) };
}

function coerceTo(rel: RelNode, types: readonly LogicalType[], span: Span): RelNode {
  if (rel.rowType.fields.every((f, i) => typeEquals(withoutTimeAttribute(f.type), types[i]!, false))) return rel;
  const exprs: Rex[] = rel.rowType.fields.map((f, i) => {
    const ref = inputRef(i, f.type);
    if (typeEquals(withoutTimeAttribute(f.type), types[i]!, false)) return ref;
    return { kind: 'Cast', operand: ref, type: types[i]!, safe: false };
  });
  void span;
  return { kind: 'LogicalProject', input: rel, exprs, rowType: T.row(rel.rowType.fields.map((f, i) => ({ name: f.name, type: types[i]! })), false) };
}

export { toLogicalType, literal };
