/**
 * Table functions in FROM. The window TVFs are bound here; user table
 * functions (LATERAL TABLE) in lateral-table.ts.
 *
 * Window TVFs (Flink's windowing table-valued functions):
 *
 *   TUMBLE(TABLE t, DESCRIPTOR(ts), size [, offset])
 *   HOP(TABLE t, DESCRIPTOR(ts), slide, size [, offset])
 *   CUMULATE(TABLE t, DESCRIPTOR(ts), step, size [, offset])
 *   SESSION(TABLE t [PARTITION BY k, …], DESCRIPTOR(ts), gap)
 *
 * also with named arguments (DATA =>, TIMECOL =>, SIZE =>, SLIDE =>, STEP =>,
 * GAP =>, OFFSET =>). The result is a LogicalWindowTableFunction node whose
 * row is the input row followed by three columns:
 *
 *   window_start TIMESTAMP(3) NOT NULL, window_end TIMESTAMP(3) NOT NULL,
 *   window_time  TIMESTAMP(3) or TIMESTAMP_LTZ(3) (the time column's kind),
 *                NOT NULL, a time attribute of the same kind (ROWTIME/PROCTIME)
 *
 * window_time = window_end - 1 ms. As in Flink, the DESCRIPTOR column stays in
 * the output but is no longer a time attribute; window_time is the one that
 * later operators (cascading windows, window Top-N/dedup/join) use.
 * On a TIMESTAMP_LTZ column (`ltz`), windows are aligned to the session time
 * zone's wall clock: window_start/window_end are local TIMESTAMPs and
 * window_time is the instant before window_end.
 *
 * Building on it: a consumer that wants windowed semantics (window aggregation
 * in window-aggregate.ts, window Top-N, dedup, join) looks through calcs for
 * this node and reads `window`, `timeIndex`, `ltz`, `partitionKeys`; the node
 * on its own is planned (graph/window-table-function.ts) as the window
 * assignment: one output row per (row, window), emitted at once for
 * TUMBLE/HOP/CUMULATE, and when the session closes for SESSION.
 */
import { WeirError, type Span } from '../../common/error.ts';
import type { Expr, FunctionArg } from '../../sql/ast/expr.ts';
import type { TableFunction } from '../../sql/ast/index.ts';
import { T, withoutTimeAttribute, type LogicalType, type RowField } from '../../types/logical-type.ts';
import type { WindowKindSpec } from '../../runtime/window/windows.ts';
import type { LogicalWindowTableFunction, RelNode } from '../logical/nodes.ts';
import { ExprBinder } from './expr-binder.ts';
import { bindStandaloneTableFunction } from './lateral-table.ts';
import { Scope } from './scope.ts';
import type { BoundRel, QueryBinder } from './query-binder.ts';

const validation = (msg: string, span?: Span): WeirError => new WeirError('validation', 'VALIDATION', msg, span);

const PARAMS: Record<string, readonly string[]> = {
  TUMBLE: ['DATA', 'TIMECOL', 'SIZE', 'OFFSET'],
  HOP: ['DATA', 'TIMECOL', 'SLIDE', 'SIZE', 'OFFSET'],
  CUMULATE: ['DATA', 'TIMECOL', 'STEP', 'SIZE', 'OFFSET'],
  SESSION: ['DATA', 'TIMECOL', 'GAP'],
};

export function isWindowTvfName(name: string): boolean {
  return Object.hasOwn(PARAMS, name.toUpperCase());
}

export function bindTableFunction(binder: QueryBinder, ref: TableFunction): BoundRel {
  const name = ref.call.name.map((p) => p.value).join('.');
  const upper = name.toUpperCase();
  if (ref.call.name.length !== 1 || !isWindowTvfName(upper) || ref.lateral) return bindStandaloneTableFunction(binder, ref);
  const args = orderArgs(upper, ref.call.args, ref.span);
  const data = args.get('DATA')!;
  if (data.kind !== 'TableArg') throw validation(`The first argument of ${upper} must be a table: TABLE <name>`, data.span);
  const input = binder.bindFrom({ kind: 'NamedTable', name: data.name, hints: [], span: data.span });
  const inScope = input.scope;
  // PARTITION BY (SESSION only)
  const partitionKeys: number[] = [];
  if (data.partitionBy.length) {
    if (upper !== 'SESSION') throw validation(`Only SESSION window TVF supports PARTITION BY clause`, data.span);
    const b = new ExprBinder(inScope, binder.env);
    for (const p of data.partitionBy) {
      const r = b.bind(p);
      if (r.kind !== 'InputRef') throw validation(`PARTITION BY of ${upper} supports only columns`, p.span);
      partitionKeys.push(r.index);
    }
  }
  const timecol = args.get('TIMECOL')!;
  if (timecol.kind !== 'Descriptor' || timecol.columns.length !== 1)
    throw validation(`The second argument of ${upper} must be DESCRIPTOR(<time column>)`, timecol.span);
  const col = timecol.columns[0]!;
  const timeIndex = inScope.resolve([col], col.span).field.index;
  const interval = (p: string): number => intervalArg(binder, args.get(p), upper, p);
  let window: WindowKindSpec;
  const offset = args.has('OFFSET') ? interval('OFFSET') : 0;
  switch (upper) {
    case 'TUMBLE':
      window = { kind: 'TUMBLE', size: positive(interval('SIZE'), 'size', args.get('SIZE')!), offset };
      break;
    case 'HOP': {
      const slide = positive(interval('SLIDE'), 'slide', args.get('SLIDE')!);
      const size = positive(interval('SIZE'), 'size', args.get('SIZE')!);
      window = { kind: 'HOP', size, slide, offset };
      break;
    }
    case 'CUMULATE': {
      const step = positive(interval('STEP'), 'step', args.get('STEP')!);
      const size = positive(interval('SIZE'), 'size', args.get('SIZE')!);
      if (size % step !== 0)
        throw validation(`CUMULATE requires size must be an integral multiple of step, but got size ${size} ms and step ${step} ms.`, ref.span);
      window = { kind: 'CUMULATE', size, step, offset };
      break;
    }
    default:
      window = { kind: 'SESSION', gap: positive(interval('GAP'), 'gap', args.get('GAP')!) };
  }
  const rel = windowTableFunction(input.rel, timeIndex, window, partitionKeys, col.span);
  const alias = ref.alias?.name.value;
  return binder.aliased(rel, alias, ref.alias?.columns, ref.span);
}

/** Builds the window TVF node over `input`, checking that `timeIndex` is a time attribute. */
export function windowTableFunction(
  input: RelNode,
  timeIndex: number,
  window: WindowKindSpec,
  partitionKeys: readonly number[],
  span: Span,
): LogicalWindowTableFunction {
  const f = input.rowType.fields[timeIndex]!;
  const t = f.type;
  if ((t.root !== 'TIMESTAMP' && t.root !== 'TIMESTAMP_LTZ') || !t.timeKind)
    throw validation(
      `The window function requires the timecol is a time attribute type, but is ${typeText(t)}.`,
      span,
    );
  const timeKind = t.timeKind;
  const ltz = t.root === 'TIMESTAMP_LTZ';
  const fields: RowField[] = input.rowType.fields.map((x, i) => (i === timeIndex ? { name: x.name, type: withoutTimeAttribute(x.type) } : x));
  const wt: LogicalType = ltz ? { ...T.timestampLtz(3, false), timeKind } : { ...T.timestamp(3, false), timeKind };
  fields.push({ name: 'window_start', type: T.timestamp(3, false) }, { name: 'window_end', type: T.timestamp(3, false) }, { name: 'window_time', type: wt });
  return { kind: 'LogicalWindowTableFunction', input, window, timeIndex, timeKind, ltz, partitionKeys, rowType: T.row(fields, false) };
}

function typeText(t: LogicalType): string {
  if (t.root === 'TIMESTAMP') return `TIMESTAMP(${t.precision})`;
  if (t.root === 'TIMESTAMP_LTZ') return `TIMESTAMP_LTZ(${t.precision})`;
  return t.root;
}

function positive(v: number, what: string, e: Expr): number {
  if (!(v > 0)) throw validation(`Window ${what} must be positive, but got ${v} ms`, e.span);
  return v;
}

/** Positional or named arguments, in parameter order. */
function orderArgs(fn: string, args: readonly FunctionArg[], span: Span): Map<string, Expr> {
  const params = PARAMS[fn]!;
  const out = new Map<string, Expr>();
  const named = args.some((a) => a.name);
  if (named) {
    for (const a of args) {
      if (!a.name) throw validation(`All arguments of ${fn} must be named when one is`, a.span);
      const p = a.name.value.toUpperCase();
      if (!params.includes(p)) throw validation(`${fn} has no parameter named '${a.name.value}'; its parameters are ${params.join(', ')}`, a.span);
      if (out.has(p)) throw validation(`Parameter '${p}' of ${fn} is given twice`, a.span);
      out.set(p, a.value);
    }
  } else {
    if (args.length > params.length) throw validation(`Too many arguments for ${fn}: expected at most ${params.length}`, span);
    args.forEach((a, i) => out.set(params[i]!, a.value));
  }
  for (const p of params) {
    if (p === 'OFFSET') continue;
    if (!out.has(p))
      throw validation(`Invalid number of arguments to function '${fn}'. Missing the ${p} argument; expected ${params.filter((x) => x !== 'OFFSET').join(', ')}${params.includes('OFFSET') ? ' [, OFFSET]' : ''}`, span);
  }
  return out;
}

function intervalArg(binder: QueryBinder, e: Expr | undefined, fn: string, p: string): number {
  if (!e) throw validation(`${fn} requires ${p}`);
  const r = new ExprBinder(new Scope([]), binder.env).bind(e);
  if (r.kind !== 'Literal' || r.type.root !== 'INTERVAL_DAY_TIME' || typeof r.value !== 'number')
    throw validation(`The ${p} argument of ${fn} must be a constant day-time INTERVAL`, e.span);
  return r.value;
}
