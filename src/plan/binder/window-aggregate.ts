/**
 * Window aggregation in the binder.
 *
 * `windowAggregate`: an aggregate whose input is (through projections and
 * filters) a window TVF and whose GROUP BY has both window_start and
 * window_end becomes a LogicalWindowAggregate (Flink's WindowAggregate):
 * the calc between them is inlined over the TVF's input (it may not use the
 * window columns other than as group keys), the time column is appended to
 * it, and the group keys that are window columns become window properties the
 * operator computes. A grouped window_time stays a time attribute of the
 * result (so windows can cascade). Without both window_start and window_end
 * the aggregate stays a regular (updating) aggregate over the TVF's rows, as
 * in Flink.
 *
 * `legacyGroupWindow`: the old syntax `GROUP BY TUMBLE(ts, size [, offset])`,
 * `HOP(ts, slide, size)`, `SESSION(ts, gap)`: the FROM relation is wrapped in
 * the window TVF with its window columns under hidden names
 * ($window_start/$window_end/$window_time), the group window is replaced by
 * those three columns, and TUMBLE_START/_END/_ROWTIME/_PROCTIME (HOP_…,
 * SESSION_…) bind to them (window-functions.ts).
 */
import { WeirError, type Span } from '../../common/error.ts';
import type { Expr, FunctionCall } from '../../sql/ast/expr.ts';
import type { GroupingElement, Select } from '../../sql/ast/query.ts';
import { inlineRex, literal, type Rex } from '../../expr/rex.ts';
import { T, type LogicalType } from '../../types/logical-type.ts';
import type { WindowKindSpec } from '../../runtime/window/windows.ts';
import type { LogicalWindowTableFunction, RelNode, WindowGroupKey } from '../logical/nodes.ts';
import { ExprBinder, type BindEnv, type GroupContext } from './expr-binder.ts';
import { Scope } from './scope.ts';
import { windowTableFunction } from './table-function.ts';
import type { BoundRel } from './query-binder.ts';

const unsupported = (msg: string, span?: Span): WeirError => new WeirError('plan', 'UNSUPPORTED', msg, span);
const validation = (msg: string, span?: Span): WeirError => new WeirError('validation', 'VALIDATION', msg, span);

const PROPS = ['window_start', 'window_end', 'window_time'] as const;

interface Flat {
  readonly tvf: LogicalWindowTableFunction;
  readonly exprs: readonly Rex[];
  readonly filter: Rex | null;
}

/** Inlines the projections and filters above a window TVF into one calc over the TVF's output. */
function flatten(rel: RelNode, env: BindEnv, span: Span): Flat | undefined {
  switch (rel.kind) {
    case 'LogicalWindowTableFunction':
      return { tvf: rel, exprs: rel.rowType.fields.map((f, i) => ({ kind: 'InputRef', index: i, type: f.type })), filter: null };
    case 'LogicalProject': {
      const f = flatten(rel.input, env, span);
      if (!f) return undefined;
      return { tvf: f.tvf, exprs: rel.exprs.map((e) => inlineRex(e, f.exprs)), filter: f.filter };
    }
    case 'LogicalFilter': {
      const f = flatten(rel.input, env, span);
      if (!f) return undefined;
      const cond = inlineRex(rel.condition, f.exprs);
      const filter = f.filter ? new ExprBinder(new Scope([]), env).call('AND', [f.filter, cond], span) : cond;
      return { tvf: f.tvf, exprs: f.exprs, filter };
    }
    default:
      return undefined;
  }
}


function usesFieldsFrom(rex: Rex, from: number): boolean {
  switch (rex.kind) {
    case 'InputRef':
      return rex.index >= from;
    case 'Literal':
      return false;
    case 'Call':
      return rex.operands.some((o) => usesFieldsFrom(o, from));
    case 'Cast':
    case 'FieldAccess':
      return usesFieldsFrom(rex.operand, from);
    case 'Case':
      return rex.whens.some((w) => usesFieldsFrom(w.when, from) || usesFieldsFrom(w.then, from)) || usesFieldsFrom(rex.otherwise, from);
  }
}

export function windowAggregate(agg: { rel: RelNode; group: GroupContext }, env: BindEnv, span: Span): { rel: RelNode; group: GroupContext } | undefined {
  const a = agg.rel;
  if (a.kind !== 'LogicalAggregate') return undefined;
  const flat = flatten(a.input, env, span);
  if (!flat) return undefined;
  const { tvf } = flat;
  const nIn = tvf.input.rowType.fields.length;
  const keys: WindowGroupKey[] = a.groupKeys.map((k) => {
    const e = flat.exprs[k]!;
    if (e.kind === 'InputRef' && e.index >= nIn) return { prop: PROPS[e.index - nIn]! };
    return { field: k };
  });
  const has = (p: string): boolean => keys.some((k) => 'prop' in k && k.prop === p);
  if (!has('window_start') || !has('window_end')) return undefined;
  const propPositions = keys.flatMap((k, i) => ('prop' in k ? [i] : []));
  if (a.groupingSets && a.groupingSets.some((set) => propPositions.some((p) => !set.includes(p))))
    throw unsupported('window_start and window_end must be part of every grouping set of a window aggregation', span);
  const keyFieldSet = new Set(keys.flatMap((k, i) => ('prop' in k ? [a.groupKeys[i]!] : [])));
  const exprs: Rex[] = flat.exprs.map((e, i) => {
    if (keyFieldSet.has(i)) return literal(null, T.null());
    if (usesFieldsFrom(e, nIn)) throw unsupported('A window aggregation can use window_start, window_end and window_time only as group keys', span);
    return e;
  });
  if (flat.filter && usesFieldsFrom(flat.filter, nIn)) throw unsupported('A filter on window columns below a window aggregation is not supported yet', span);
  const timeType = tvf.input.rowType.fields[tvf.timeIndex]!.type;
  exprs.push({ kind: 'InputRef', index: tvf.timeIndex, type: timeType });
  let below: RelNode = tvf.input;
  if (flat.filter) below = { kind: 'LogicalFilter', input: below, condition: flat.filter, rowType: below.rowType };
  const preFields = exprs.map((e, i) => ({ name: i === exprs.length - 1 ? '$rowtime' : (a.input.rowType.fields[i]?.name ?? `$f${i}`), type: e.type }));
  const pre: RelNode = { kind: 'LogicalProject', input: below, exprs, rowType: T.row(preFields, false) };
  const wt = tvf.rowType.fields[nIn + 2]!.type;
  const outTypes: LogicalType[] = [...agg.group.outputTypes];
  keys.forEach((k, i) => {
    if ('prop' in k && k.prop === 'window_time') outTypes[i] = wt;
  });
  const rowType = T.row(a.rowType.fields.map((f, i) => ({ name: f.name, type: outTypes[i]! })), false);
  const groupKeys = keys.map((k, i) => ('prop' in k ? k : { field: a.groupKeys[i]! }));
  const rel: RelNode = {
    kind: 'LogicalWindowAggregate',
    input: pre,
    window: tvf.window,
    timeIndex: exprs.length - 1,
    timeKind: tvf.timeKind,
    ltz: tvf.ltz,
    groupKeys,
    groupingSets: a.groupingSets,
    aggs: a.aggs,
    rowType,
  };
  return { rel, group: { ...agg.group, outputTypes: outTypes } };
}

// ---------------------------------------------------------------- legacy group windows

const LEGACY = new Set(['TUMBLE', 'HOP', 'SESSION']);
export const LEGACY_COLUMNS = { start: '$window_start', end: '$window_end', time: '$window_time' } as const;

function legacyCall(e: Expr): FunctionCall | undefined {
  return e.kind === 'FunctionCall' && e.name.length === 1 && LEGACY.has(e.name[0]!.value.toUpperCase()) && !e.over ? e : undefined;
}

function ident(name: string, span: Span): Expr {
  return { kind: 'Identifier', name: { kind: 'Ident', value: name, quoted: true, span }, span };
}

export function legacyGroupWindow(s: Select, from: BoundRel, env: BindEnv): { select: Select; from: BoundRel } | undefined {
  const idx = s.groupBy.findIndex((g) => g.kind === 'GroupingExpr' && legacyCall(g.expr));
  if (idx < 0) return undefined;
  const call = legacyCall((s.groupBy[idx] as Extract<GroupingElement, { kind: 'GroupingExpr' }>).expr)!;
  if (s.groupBy.some((g, i) => i !== idx && g.kind === 'GroupingExpr' && legacyCall(g.expr)))
    throw validation('Only one group window is allowed in GROUP BY', call.span);
  const fn = call.name[0]!.value.toUpperCase();
  const binder = new ExprBinder(from.scope, env);
  const args = call.args.map((x) => x.value);
  const time = args[0] ? binder.bind(args[0]) : undefined;
  if (!time || time.kind !== 'InputRef') throw validation(`The first argument of ${fn} must be a time attribute column`, call.span);
  const constant = new ExprBinder(new Scope([]), env);
  const ms = (e: Expr | undefined, what: string): number => {
    if (!e) throw validation(`${fn} requires ${what}`, call.span);
    const r = constant.bind(e);
    if (r.kind !== 'Literal' || r.type.root !== 'INTERVAL_DAY_TIME' || typeof r.value !== 'number' || !(r.value > 0))
      throw validation(`The ${what} of ${fn} must be a positive constant day-time INTERVAL`, e.span);
    return r.value;
  };
  let window: WindowKindSpec;
  if (fn === 'TUMBLE') {
    if (args.length > 2) throw unsupported('TUMBLE with an alignment time is not supported yet', call.span);
    window = { kind: 'TUMBLE', size: ms(args[1], 'size'), offset: 0 };
  } else if (fn === 'HOP') {
    if (args.length > 3) throw unsupported('HOP with an alignment time is not supported yet', call.span);
    window = { kind: 'HOP', slide: ms(args[1], 'slide'), size: ms(args[2], 'size'), offset: 0 };
  } else window = { kind: 'SESSION', gap: ms(args[1], 'gap') };
  const tvf = windowTableFunction(from.rel, time.index, window, [], call.span);
  const n = from.rel.rowType.fields.length;
  const names = [LEGACY_COLUMNS.start, LEGACY_COLUMNS.end, LEGACY_COLUMNS.time];
  const rowType = T.row(tvf.rowType.fields.map((f, i) => (i >= n ? { name: names[i - n]!, type: f.type } : f)), false);
  const rel: LogicalWindowTableFunction = { ...tvf, rowType };
  const scope = new Scope([
    ...from.scope.fields.map((f) => (f.index === time.index ? { ...f, type: rowType.fields[f.index]!.type } : f)),
    ...names.map((name, i) => ({ qualifier: undefined, name, index: n + i, type: rowType.fields[n + i]!.type })),
  ]);
  const replaced: GroupingElement[] = names.map((name) => ({ kind: 'GroupingExpr', expr: ident(name, call.span), span: call.span }));
  const groupBy = [...s.groupBy.slice(0, idx), ...replaced, ...s.groupBy.slice(idx + 1)];
  return { select: { ...s, groupBy }, from: { rel, scope } };
}
