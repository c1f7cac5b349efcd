/**
 * Binding of OVER calls in a select list: `f(…) OVER (PARTITION BY … ORDER BY
 * … ROWS|RANGE …)`, `OVER w` with `WINDOW w AS (…)`, and window refinement
 * (`OVER (w ROWS …)`). The calls of one SELECT become one LogicalOverAggregate
 * over the relation (after GROUP BY/HAVING): its input is the relation's
 * fields plus the partition/order/argument expressions that are not fields,
 * its output that plus one field per distinct call. The ExprBinder then maps
 * each OVER call node to its output field.
 *
 * Flink's streaming limits are checked here: one window per SELECT (all
 * calls on the same window), frames ending at CURRENT ROW, aggregates ordered
 * by a time attribute. Ranking functions (ROW_NUMBER, RANK, DENSE_RANK) may
 * order by anything: rules/rank-rule.ts turns them into a LogicalRank when a
 * filter on the rank follows.
 */
import { WeirError, type Span } from '../../common/error.ts';
import type { Expr, FunctionCall, WindowFrame, WindowSpec } from '../../sql/ast/expr.ts';
import type { NamedWindow } from '../../sql/ast/query.ts';
import { inputRef, type Rex } from '../../expr/rex.ts';
import { aggregateReturnType, isAggregateFunction } from '../../expr/aggregate-types.ts';
import { T, isInterval, withNullable, withoutTimeAttribute, type LogicalType, type RowField } from '../../types/logical-type.ts';
import type { OverCallDesc, OverFrame, RelNode, SortKey } from '../logical/nodes.ts';
import { forEachChild, type ExprBinder } from './expr-binder.ts';
import { rexDigest } from './digest.ts';

const validation = (msg: string, span?: Span): WeirError => new WeirError('validation', 'VALIDATION', msg, span);
const unsupported = (msg: string, span?: Span): WeirError => new WeirError('plan', 'UNSUPPORTED', msg, span);

export const RANK_FUNCTIONS: ReadonlySet<string> = new Set(['ROW_NUMBER', 'RANK', 'DENSE_RANK']);

/** The OVER calls in expressions (not inside subqueries), outermost first. */
export function collectOverCalls(exprs: readonly Expr[]): FunctionCall[] {
  const out: FunctionCall[] = [];
  const visit = (e: Expr): void => {
    if (e.kind === 'FunctionCall' && e.over) {
      out.push(e);
      return;
    }
    forEachChild(e, visit);
  };
  exprs.forEach(visit);
  return out;
}

export interface BoundOver {
  readonly rel: RelNode;
  /** OVER call node → its field in `rel`. */
  readonly overs: Map<Expr, { readonly index: number; readonly type: LogicalType }>;
}

/** Resolves `OVER w` / `OVER (w …)` against the WINDOW clause. */
function resolveSpec(over: WindowSpec | Extract<Expr, { kind: 'Identifier' }>['name'], windows: readonly NamedWindow[], span: Span, depth = 0): WindowSpec {
  if (depth > 16) throw validation('Window definitions refer to each other', span);
  const byName = (name: string, s: Span): WindowSpec => {
    const w = windows.find((x) => x.name.value === name);
    if (!w) throw validation(`Window '${name}' not found`, s);
    return resolveSpec(w.spec, windows, s, depth + 1);
  };
  if (over.kind === 'Ident') return byName(over.value, over.span);
  if (!over.base) return over;
  const base = byName(over.base.value, over.base.span);
  if (over.partitionBy.length) throw validation(`PARTITION BY not allowed with existing window reference`, over.span);
  if (over.orderBy.length && base.orderBy.length) throw validation(`ORDER BY not allowed in both base and referenced windows`, over.span);
  if (base.frame) throw validation(`Referenced window cannot have framing declarations`, over.span);
  return {
    kind: 'WindowSpec',
    partitionBy: base.partitionBy,
    orderBy: over.orderBy.length ? over.orderBy : base.orderBy,
    ...(over.frame ? { frame: over.frame } : {}),
    span: over.span,
  };
}

function frameOf(frame: WindowFrame | undefined, hasOrder: boolean, binder: ExprBinder): OverFrame {
  if (!frame) return { units: hasOrder ? 'RANGE' : 'ROWS', preceding: null };
  const end = frame.end;
  if (end && end.bound !== 'CURRENT ROW')
    throw unsupported(`OVER ${frame.units} windows with an upper bound other than CURRENT ROW are not supported in streaming mode`, end.span);
  const st = frame.start;
  switch (st.bound) {
    case 'UNBOUNDED PRECEDING':
      return { units: frame.units, preceding: null };
    case 'CURRENT ROW':
      return { units: frame.units, preceding: 0 };
    case 'PRECEDING': {
      const r = binder.bind(st.offset!);
      if (r.kind !== 'Literal' || typeof r.value !== 'number' && typeof r.value !== 'bigint')
        throw validation(`Window frame offset must be a constant`, st.span);
      const n = Number(r.value);
      if (frame.units === 'RANGE' && !isInterval(r.type)) throw unsupported(`RANGE frames need an INTERVAL offset on a time attribute`, st.span);
      return { units: frame.units, preceding: n };
    }
    default:
      throw unsupported(`OVER windows starting at ${st.bound} are not supported in streaming mode`, st.span);
  }
}

/** Binds the OVER calls of one SELECT over `rel` (whose columns `binder` resolves). */
export function bindOver(rel: RelNode, binder: ExprBinder, calls: readonly FunctionCall[], windows: readonly NamedWindow[]): BoundOver {
  const specs = calls.map((c) => resolveSpec(c.over!, windows, c.span));
  // One window per SELECT, as Flink's streaming over aggregation requires.
  const spec0 = specs[0]!;
  const width = rel.rowType.fields.length;
  const preExprs: Rex[] = rel.rowType.fields.map((f, i) => inputRef(i, f.type));
  const preIndex = new Map<string, number>(preExprs.map((r, i) => [rexDigest(r), i]));
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
  const windowDigest = (s: WindowSpec): string =>
    JSON.stringify([
      s.partitionBy.map((e) => rexDigest(binder.bind(e))),
      s.orderBy.map((o) => [rexDigest(binder.bind(o.expr)), o.direction ?? 'ASC', o.nulls ?? '']),
      s.frame ? [s.frame.units, s.frame.start.bound, s.frame.start.offset ? rexDigest(binder.bind(s.frame.start.offset)) : ''] : null,
    ]);
  const d0 = windowDigest(spec0);
  specs.forEach((s, i) => {
    if (windowDigest(s) !== d0)
      throw unsupported('Over Agg: Unsupported use of OVER windows. All aggregates must be computed on the same window.', calls[i]!.span);
  });
  const partitionKeys = spec0.partitionBy.map((e) => pre(binder.bind(e)));
  const orderKeys: SortKey[] = spec0.orderBy.map((o) => {
    const descending = o.direction === 'DESC';
    return { index: pre(binder.bind(o.expr)), descending, nullsFirst: o.nulls ? o.nulls === 'FIRST' : !descending };
  });
  const frame = frameOf(spec0.frame, orderKeys.length > 0, binder);

  const descs: OverCallDesc[] = [];
  const byDigest = new Map<string, number>();
  const callIndex: number[] = [];
  for (const c of calls) {
    const d = bindCall(c, binder, pre);
    let j = byDigest.get(d.digest);
    if (j === undefined) {
      j = descs.length;
      descs.push(d);
      byDigest.set(d.digest, j);
    }
    callIndex.push(j);
  }
  const hasAgg = descs.some((d) => !RANK_FUNCTIONS.has(d.fn));
  if (hasAgg) {
    if (orderKeys.length !== 1) throw validation('OVER windows in stream mode must have exactly one ORDER BY key on a time attribute', spec0.span);
    const t = preExprs[orderKeys[0]!.index]!.type;
    if (!('timeKind' in t) || !t.timeKind || orderKeys[0]!.descending)
      throw unsupported('OVER windows\' ordering in stream mode must be defined on a time attribute.', spec0.span);
  }
  const preFields: RowField[] = preExprs.map((r, i) => ({ name: i < width ? rel.rowType.fields[i]!.name : `$f${i}`, type: r.type }));
  const input: RelNode = preExprs.length > width ? { kind: 'LogicalProject', input: rel, exprs: preExprs, rowType: T.row(preFields, false) } : rel;
  const fields: RowField[] = [...preFields, ...descs.map((d, j) => ({ name: `w0$o${j}`, type: d.resultType }))];
  const over: RelNode = {
    kind: 'LogicalOverAggregate',
    input,
    partitionKeys,
    orderKeys,
    frame,
    calls: descs,
    rowType: T.row(fields, false),
  };
  const overs = new Map<Expr, { index: number; type: LogicalType }>();
  calls.forEach((c, i) => overs.set(c, { index: preExprs.length + callIndex[i]!, type: descs[callIndex[i]!]!.resultType }));
  return { rel: over, overs };
}

function bindCall(c: FunctionCall, binder: ExprBinder, pre: (r: Rex) => number): OverCallDesc {
  const fn = c.name.map((p) => p.value).join('.').toUpperCase();
  if (c.filter) throw unsupported('FILTER is not supported in OVER aggregates', c.span);
  if (RANK_FUNCTIONS.has(fn)) {
    if (c.args.length) throw validation(`Function ${fn} takes no arguments`, c.span);
    return { fn, args: [], argTypes: [], resultType: T.bigint(false), distinct: false, digest: `${fn}()` };
  }
  const argRex = c.args.map((a) => binder.bind(a.value));
  if (fn === 'LAG' || fn === 'LEAD') {
    if (fn === 'LEAD') throw unsupported('LEAD is not supported in streaming OVER windows (it needs rows that have not arrived yet)', c.span);
    if (argRex.length < 1 || argRex.length > 3) throw validation(`Invalid number of arguments to function '${fn}'`, c.span);
    const x = argRex[0]!;
    const off = argRex[1];
    if (off && (off.kind !== 'Literal' || off.value === null)) throw validation(`The offset of ${fn} must be a constant`, c.span);
    const dflt = argRex[2];
    const args = [pre(x)];
    const constArgs: unknown[] = [undefined, off ? Number(off.value) : 1, undefined];
    if (dflt) {
      if (dflt.kind === 'Literal') constArgs[2] = dflt.value;
      else args.push(pre(dflt));
    }
    const t = withNullable(withoutTimeAttribute(x.type), true);
    return { fn, args, argTypes: argRex.map((r) => r.type), resultType: t, distinct: false, constArgs, digest: `${fn}(${argRex.map(rexDigest).join(', ')})` };
  }
  if (!isAggregateFunction(fn)) throw validation(`OVER clause is only allowed on aggregate and ranking functions; ${fn} is neither`, c.span);
  const constArgs = argRex.map((r) => (r.kind === 'Literal' ? r.value : undefined));
  const fieldArgs = c.star ? [] : fn === 'LISTAGG' && argRex.length > 1 ? argRex.slice(0, 1) : argRex;
  const args = fieldArgs.map(pre);
  const argTypes = argRex.map((r) => withoutTimeAttribute(r.type));
  const resultType = aggregateReturnType(fn, argTypes, c.distinct);
  const digest = `${fn}(${c.distinct ? 'DISTINCT ' : ''}${c.star ? '*' : argRex.map(rexDigest).join(', ')})`;
  return { fn, args, argTypes, resultType, distinct: c.distinct, constArgs, digest };
}
