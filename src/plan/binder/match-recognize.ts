/**
 * Binding of `input MATCH_RECOGNIZE (…)`: partition and order columns, the
 * pattern (as Flink SQL accepts it: a sequence of quantified variables), the
 * skip strategy, WITHIN, and the DEFINE / MEASURES expressions.
 *
 * A DEFINE or MEASURES expression is bound in two layers. Everything that
 * reads the match (a variable-qualified column `A.price`, an unqualified
 * column, FIRST/LAST with offsets, aggregates over a variable's rows,
 * MATCH_ROWTIME()/MATCH_PROCTIME()) becomes an *accessor*: an expression over
 * one input row plus where in the match to take that row from. The rest of the
 * expression is an ordinary Rex over the accessor values (slot i = accessor i),
 * compiled by the normal code generator. In DEFINE the row being tested counts
 * as the last row of the variable being defined (running semantics).
 */
import { WeirError, type Span } from '../../common/error.ts';
import type { Expr, FunctionCall } from '../../sql/ast/expr.ts';
import type { MatchRecognize, Pattern } from '../../sql/ast/index.ts';
import { inputRef, type Rex } from '../../expr/rex.ts';
import { aggregateReturnType, isAggregateFunction } from '../../expr/aggregate-types.ts';
import { T, withNullable, withoutTimeAttribute, type LogicalType, type RowField } from '../../types/logical-type.ts';
import type { PatternElement, SkipStrategy } from '../../runtime/cep/nfa.ts';
import { ExprBinder } from './expr-binder.ts';
import { Scope } from './scope.ts';
import type { BoundRel, QueryBinder } from './query-binder.ts';

/** Where an accessor takes its row(s) from. variable -1 = all rows of the match (the universal variable). */
export type MrAccessor =
  | { readonly kind: 'nav'; readonly variable: number; readonly first: boolean; readonly offset: number; readonly expr: Rex; readonly type: LogicalType }
  | { readonly kind: 'agg'; readonly variable: number; readonly fn: string; readonly arg: Rex | null; readonly type: LogicalType }
  | { readonly kind: 'matchRowtime'; readonly type: LogicalType }
  | { readonly kind: 'matchProctime'; readonly type: LogicalType };

/** A bound DEFINE condition or measure: accessors, and a Rex over their values. */
export interface MrExpr {
  readonly accessors: readonly MrAccessor[];
  readonly rex: Rex;
}

export interface MatchRecognizeSpec {
  readonly partitionKeys: readonly number[];
  readonly orderIndex: number;
  readonly timeKind: 'ROWTIME' | 'PROCTIME';
  /** Secondary ORDER BY columns (rows with equal time). */
  readonly secondary: readonly { readonly index: number; readonly descending: boolean; readonly nullsFirst: boolean }[];
  readonly variables: readonly string[];
  readonly elements: readonly PatternElement[];
  /** DEFINE per variable (null: always true). */
  readonly defines: readonly (MrExpr | null)[];
  readonly measures: readonly MrExpr[];
  readonly skip: SkipStrategy;
  readonly withinMs: number;
}

const plan = (msg: string, span?: Span): WeirError => new WeirError('plan', 'UNSUPPORTED', msg, span);
const validation = (msg: string, span?: Span): WeirError => new WeirError('validation', 'VALIDATION', msg, span);

export function bindMatchRecognize(binder: QueryBinder, ref: MatchRecognize): BoundRel {
  const input = binder.bindFrom(ref.input);
  const inScope = input.scope;
  const inType = input.rel.rowType;
  const plain = new ExprBinder(inScope, binder.env);
  const columnOf = (e: Expr, what: string): number => {
    const r = plain.bind(e);
    if (r.kind !== 'InputRef') throw plan(`${what} must be a column reference`, e.span);
    return r.index;
  };

  const partitionKeys = ref.partitionBy.map((e) => columnOf(e, 'PARTITION BY expression'));
  if (ref.orderBy.length === 0) throw validation('You must specify either rowtime or proctime for order by.', ref.span);
  const first = ref.orderBy[0]!;
  const orderIndex = columnOf(first.expr, 'ORDER BY expression');
  const orderType = inType.fields[orderIndex]!.type;
  const timeKind = (orderType.root === 'TIMESTAMP' || orderType.root === 'TIMESTAMP_LTZ') && orderType.timeKind ? orderType.timeKind : undefined;
  if (!timeKind) throw validation('You must specify either rowtime or proctime for order by as the first one.', first.span);
  if (first.direction === 'DESC') throw validation('Primary sort order of a streaming table must be ascending on time.', first.span);
  const secondary = ref.orderBy.slice(1).map((o) => ({
    index: columnOf(o.expr, 'ORDER BY expression'),
    descending: o.direction === 'DESC',
    nullsFirst: o.nulls ? o.nulls === 'FIRST' : o.direction !== 'DESC',
  }));

  if (ref.rowsPerMatch === 'ALL ROWS PER MATCH') throw plan('All rows per match mode is not supported yet.', ref.span);
  if (ref.subsets.length > 0) throw plan('SUBSET is not supported yet.', ref.subsets[0]!.span);
  if (ref.strictStart || ref.strictEnd) throw plan("Anchors '^' and '$' are not supported in MATCH_RECOGNIZE.", ref.pattern.span);

  // PATTERN
  const variables: string[] = [];
  const elements: PatternElement[] = [];
  const addVariable = (name: string, min: number, max: number, greedy: boolean, span: Span): void => {
    if (variables.includes(name)) throw plan('Pattern variables must be unique. That might change in the future.', span);
    variables.push(name);
    elements.push({ name, variable: variables.length - 1, min, max, greedy });
  };
  const visit = (p: Pattern): void => {
    switch (p.kind) {
      case 'PatternVariable':
        addVariable(p.name.value, 1, 1, false, p.span);
        return;
      case 'PatternConcat':
        p.items.forEach(visit);
        return;
      case 'PatternGroup':
        visit(p.pattern);
        return;
      case 'PatternQuantified': {
        let inner = p.pattern;
        while (inner.kind === 'PatternGroup') inner = inner.pattern;
        if (inner.kind !== 'PatternVariable') throw plan(`Expression not supported: ${describe(inner)} Group patterns are not supported yet.`, p.span);
        const max = p.max ?? Infinity;
        if (p.min === 0 && max === 1 && p.reluctant) throw plan('Reluctant optional variables are not supported yet.', p.span);
        if (max < p.min) throw validation(`Invalid quantifier range {${p.min}, ${max}}`, p.span);
        if (max === 0) throw plan('A quantifier {0} is not supported.', p.span);
        addVariable(inner.name.value, p.min, max, !p.reluctant, inner.span);
        return;
      }
      case 'PatternAlternation':
        throw plan(`Expression not supported: ${describe(p)}. Currently, CEP doesn't support branching patterns.`, p.span);
      case 'PatternPermute':
        throw plan(`Expression not supported: ${describe(p)}. Currently, CEP doesn't support PERMUTE patterns.`, p.span);
      case 'PatternExclusion':
        throw plan(`Expression not supported: ${describe(p)}. Currently, CEP doesn't support '{-' '-}' patterns.`, p.span);
    }
  };
  visit(ref.pattern);

  // AFTER MATCH (Flink's default: SKIP TO NEXT ROW)
  let skip: SkipStrategy = { kind: 'TO_NEXT_ROW' };
  const ams = ref.afterMatchSkip;
  if (ams) {
    if (ams.to === 'PAST LAST ROW') skip = { kind: 'PAST_LAST_ROW' };
    else if (ams.to === 'NEXT ROW') skip = { kind: 'TO_NEXT_ROW' };
    else {
      const name = ams.variable!.value;
      const v = variables.indexOf(name);
      if (v < 0) throw validation(`Unknown pattern variable '${name}' in AFTER MATCH SKIP`, ams.variable!.span);
      skip = ams.to === 'FIRST' ? { kind: 'TO_FIRST', variable: v, name } : { kind: 'TO_LAST', variable: v, name };
    }
  }

  let withinMs = 0;
  if (ref.within) {
    const w = plain.bind(ref.within);
    if (w.kind !== 'Literal' || w.type.root !== 'INTERVAL_DAY_TIME') {
      throw plan('Only constant intervals with millisecond resolution are supported as time constraints of patterns.', ref.within.span);
    }
    withinMs = Number(w.value);
  }

  const ctx: BindCtx = { binder, inScope, variables, timeKind, orderType };
  const defines: (MrExpr | null)[] = variables.map(() => null);
  for (const d of ref.define) {
    const v = variables.indexOf(d.variable.value);
    if (v < 0) throw validation(`Pattern variable '${d.variable.value}' in DEFINE is not used in PATTERN`, d.variable.span);
    const bound = bindMr(ctx, d.condition, v);
    if (bound.rex.type.root !== 'BOOLEAN' && bound.rex.type.root !== 'NULL') throw validation(`DEFINE condition of ${d.variable.value} must be BOOLEAN`, d.condition.span);
    defines[v] = bound;
  }
  const measures = ref.measures.map((m) => bindMr(ctx, m.expr, null));

  const fields: RowField[] = [
    ...partitionKeys.map((k) => ({ name: inType.fields[k]!.name, type: withoutTimeAttribute(inType.fields[k]!.type) })),
    ...ref.measures.map((m, i) => ({ name: m.alias.value, type: measures[i]!.rex.type })),
  ];
  const rowType = T.row(fields, false);
  const spec: MatchRecognizeSpec = { partitionKeys, orderIndex, timeKind, secondary, variables, elements, defines, measures, skip, withinMs };
  return { rel: { kind: 'LogicalMatchRecognize', input: input.rel, spec, rowType }, scope: Scope.of(rowType, ref.alias?.name.value) };
}

interface BindCtx {
  readonly binder: QueryBinder;
  readonly inScope: Scope;
  readonly variables: readonly string[];
  readonly timeKind: 'ROWTIME' | 'PROCTIME';
  readonly orderType: LogicalType;
}

function describe(p: Pattern): string {
  return p.kind;
}

const NAV = new Set(['FIRST', 'LAST', 'PREV', 'NEXT']);

/** Binds a DEFINE condition (defining = its variable) or a measure (defining = null). */
function bindMr(ctx: BindCtx, e: Expr, defining: number | null): MrExpr {
  const accessors: MrAccessor[] = [];
  const slot = (a: MrAccessor): Rex => {
    accessors.push(a);
    return inputRef(accessors.length - 1, a.type);
  };
  const varOf = (name: string): number => ctx.variables.indexOf(name);

  /** Binds an expression over one row; records the pattern variables it names. */
  const bindRowExpr = (x: Expr, used: Set<number>): Rex => {
    const env = {
      ...ctx.binder.env,
      intercept: (y: Expr): Rex | undefined => {
        if (y.kind === 'CompoundIdentifier' && y.parts.length >= 2 && varOf(y.parts[0]!.value) >= 0) {
          used.add(varOf(y.parts[0]!.value));
          return new ExprBinder(ctx.inScope, ctx.binder.env).bind(y.parts.length === 2 ? { kind: 'Identifier', name: y.parts[1]!, span: y.span } : { ...y, parts: y.parts.slice(1) });
        }
        if (y.kind === 'FunctionCall' && y.name.length === 1) {
          const n = y.name[0]!.value.toUpperCase();
          if (NAV.has(n) || isAggregateFunction(n) || n.startsWith('MATCH_'))
            throw validation(`${n} cannot be nested inside another navigation or aggregate call in MATCH_RECOGNIZE`, y.span);
        }
        return undefined;
      },
    };
    return new ExprBinder(ctx.inScope, env).bind(x);
  };
  const singleVar = (used: Set<number>, span: Span): number => {
    if (used.size > 1) throw validation('All arguments of a navigation or aggregate call must reference the same pattern variable.', span);
    return used.size === 1 ? [...used][0]! : -1;
  };
  const offsetOf = (call: FunctionCall, dflt: number): number => {
    const a = call.args[1];
    if (!a) return dflt;
    const r = new ExprBinder(ctx.inScope, ctx.binder.env).bind(a.value);
    if (r.kind !== 'Literal' || typeof r.value !== 'number' || !Number.isInteger(r.value) || r.value < 0) {
      throw validation(`The offset of ${call.name[0]!.value.toUpperCase()} must be a non-negative integer literal`, a.value.span);
    }
    return r.value;
  };

  const intercept = (x: Expr): Rex | undefined => {
    switch (x.kind) {
      case 'Identifier': {
        // an unqualified column: the current row in DEFINE, the last row of the match in MEASURES
        const r = new ExprBinder(ctx.inScope, ctx.binder.env).bind(x);
        if (r.kind !== 'InputRef') return undefined;
        return slot({ kind: 'nav', variable: -1, first: false, offset: 0, expr: r, type: withNullable(withoutTimeAttribute(r.type), true) });
      }
      case 'CompoundIdentifier': {
        if (x.parts.length < 2 || varOf(x.parts[0]!.value) < 0) return undefined;
        const used = new Set<number>();
        const r = bindRowExpr(x, used);
        return slot({ kind: 'nav', variable: singleVar(used, x.span), first: false, offset: 0, expr: r, type: withNullable(withoutTimeAttribute(r.type), true) });
      }
      case 'FunctionCall': {
        if (x.name.length !== 1) return undefined;
        const n = x.name[0]!.value.toUpperCase();
        if (n === 'MATCH_ROWTIME') {
          if (ctx.timeKind !== 'ROWTIME') throw validation('MATCH_ROWTIME() can only be used with an event-time (rowtime) ORDER BY', x.span);
          if (defining !== null) throw validation('MATCH_ROWTIME() is only allowed in MEASURES', x.span);
          const base = ctx.orderType.root === 'TIMESTAMP_LTZ' ? T.timestampLtz(3, false) : T.timestamp(3, false);
          return slot({ kind: 'matchRowtime', type: { ...base, timeKind: 'ROWTIME' } as LogicalType });
        }
        if (n === 'MATCH_PROCTIME') {
          if (defining !== null) throw validation('MATCH_PROCTIME() is only allowed in MEASURES', x.span);
          return slot({ kind: 'matchProctime', type: { ...T.timestampLtz(3, false), timeKind: 'PROCTIME' } as LogicalType });
        }
        if (n === 'CLASSIFIER' || n === 'MATCH_NUMBER') throw plan(`${n}() is not supported in Flink's MATCH_RECOGNIZE`, x.span);
        if (n === 'FIRST' || n === 'LAST') {
          if (x.args.length < 1 || x.args.length > 2) throw validation(`${n} takes an expression and an optional offset`, x.span);
          const used = new Set<number>();
          const r = bindRowExpr(x.args[0]!.value, used);
          return slot({ kind: 'nav', variable: singleVar(used, x.span), first: n === 'FIRST', offset: offsetOf(x, 0), expr: r, type: withNullable(withoutTimeAttribute(r.type), true) });
        }
        if (n === 'PREV' || n === 'NEXT') {
          if (n === 'NEXT') throw plan('NEXT is not supported in Flink\'s MATCH_RECOGNIZE.', x.span);
          if (offsetOf(x, 1) !== 0) throw plan('Flink does not support physical offsets within partition.', x.span);
          const used = new Set<number>();
          const r = bindRowExpr(x.args[0]!.value, used);
          return slot({ kind: 'nav', variable: singleVar(used, x.span), first: false, offset: 0, expr: r, type: withNullable(withoutTimeAttribute(r.type), true) });
        }
        if (isAggregateFunction(n) && !x.over) {
          if (x.distinct) throw plan('Distinct aggregations are not supported in MATCH_RECOGNIZE.', x.span);
          if (x.filter) throw plan('FILTER is not supported for aggregations in MATCH_RECOGNIZE.', x.span);
          if (x.star) {
            if (n !== 'COUNT') throw validation(`'*' is only allowed in COUNT(*)`, x.span);
            return slot({ kind: 'agg', variable: -1, fn: 'COUNT', arg: null, type: T.bigint(false) });
          }
          if (x.args.length !== 1) throw plan(`Aggregate ${n} with ${x.args.length} arguments is not supported in MATCH_RECOGNIZE.`, x.span);
          const used = new Set<number>();
          const r = bindRowExpr(x.args[0]!.value, used);
          const argType = withoutTimeAttribute(r.type);
          const type = n === 'COUNT' ? T.bigint(false) : withNullable(aggregateReturnType(n, [argType], false), true);
          return slot({ kind: 'agg', variable: singleVar(used, x.span), fn: n, arg: r, type });
        }
        return undefined;
      }
      default:
        return undefined;
    }
  };
  const env = { ...ctx.binder.env, intercept };
  const rex = new ExprBinder(new Scope([]), env).bind(e);
  return { accessors, rex };
}

/** The pattern as written back (for EXPLAIN): `A B+? C{2,}`. */
export function describePattern(elements: readonly PatternElement[]): string {
  return elements
    .map((e) => {
      const q =
        e.min === 1 && e.max === 1
          ? ''
          : e.min === 0 && e.max === Infinity
            ? '*'
            : e.min === 1 && e.max === Infinity
              ? '+'
              : e.min === 0 && e.max === 1
                ? '?'
                : `{${e.min},${e.max === Infinity ? '' : e.max}}`;
      return e.name + q + (q !== '' && q !== '?' && !e.greedy && e.min !== e.max ? '?' : '');
    })
    .join(' ');
}
