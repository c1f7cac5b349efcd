/**
 * Binds AST expressions to typed Rex trees: resolves columns through a Scope,
 * types literals, picks function implementations from the registry (inserting
 * the implicit casts they ask for), desugars special syntax (BETWEEN, IN,
 * TRIM, EXTRACT, …) into calls, and folds constant calls.
 *
 * Aggregation: a binder created with a GroupContext maps aggregate calls and
 * grouped expressions to the aggregate's output fields, and rejects columns
 * that are neither grouped nor aggregated, as Flink does.
 */
import { WeirError, type Span } from '../../common/error.ts';
import type { Expr, FunctionCall, Ident } from '../../sql/ast/expr.ts';
import { printExpr } from '../../sql/print.ts';
import { lookupBuiltin } from '../../expr/builtins/index.ts';
import type { ArgInfo, FunctionContext, ResolvedCall } from '../../expr/function.ts';
import { literal, type Rex } from '../../expr/rex.ts';
import { castFunction, castValidationError } from '../../types/cast.ts';
import { leastRestrictive, numericLiteralType } from '../../types/coercion.ts';
import { parseDate, parseTime, parseTimestamp, tsAt, tsLocalToUtc } from '../../types/temporal.ts';
import { T, typeEquals, typeToString, withNullable, type LogicalType, type RowField } from '../../types/logical-type.ts';
import { toLogicalType, intervalType } from './data-type.ts';
import { intervalValue } from './interval.ts';
import type { Scope } from './scope.ts';
import { rexDigest } from './digest.ts';
import { isAggregateFunction } from '../../expr/aggregate-types.ts';
import { bindTimeFunction } from './window-functions.ts';

/** What the binder needs from the session. */
export interface BindEnv {
  readonly fnCtx: FunctionContext;
  /** Resolves a user-defined scalar function by name, if any. */
  readonly userFunction?: ((name: string) => ((args: readonly ArgInfo[]) => ResolvedCall) | undefined) | undefined;
  /** Resolves a user-defined table function by name (LATERAL TABLE): its rows as one ARRAY-valued call, and their columns. */
  readonly userTableFunction?: ((name: string) => { readonly call: ResolvedCall; readonly columns: readonly RowField[] } | undefined) | undefined;
  /** Binds special syntax first (MATCH_RECOGNIZE navigation, pattern variables); undefined = the normal rules. */
  readonly intercept?: ((e: Expr, binder: ExprBinder) => Rex | undefined) | undefined;
}

/** Aggregation context: maps aggregate calls and grouped expressions to output fields. */
export interface GroupContext {
  /** The scope of the aggregate's input (where group keys and aggregate arguments are bound). */
  readonly inputScope: Scope;
  /** Digest of a bound group expression → output field index. */
  readonly groupDigests: ReadonlyMap<string, number>;
  /** Output field of each aggregate call found in the query (by AST node identity). */
  readonly aggregates: ReadonlyMap<Expr, { readonly index: number; readonly type: LogicalType }>;
  /** Output types of the aggregate node. */
  readonly outputTypes: readonly LogicalType[];
}

const validation = (msg: string, span?: Span): WeirError => new WeirError('validation', 'VALIDATION', msg, span);

export function isAggregateCall(e: Expr): boolean {
  if (e.kind === 'JsonObjectAgg' || e.kind === 'JsonArrayAgg') return true;
  if (e.kind !== 'FunctionCall' || e.over) return false;
  return e.name.length === 1 && isAggregateFunction(e.name[0]!.value.toUpperCase());
}

export class ExprBinder {
  readonly scope: Scope;
  readonly env: BindEnv;
  readonly group: GroupContext | undefined;
  /** OVER call nodes → their field in the LogicalOverAggregate below the projection (binder/over.ts). */
  overCalls: ReadonlyMap<Expr, { readonly index: number; readonly type: LogicalType }> | undefined = undefined;

  constructor(scope: Scope, env: BindEnv, group?: GroupContext) {
    this.scope = scope;
    this.env = env;
    this.group = group;
  }

  bind(e: Expr): Rex {
    if (this.group) return this.bindGrouped(e, this.group);
    return this.bindPlain(e);
  }

  /** In an aggregation: aggregates and grouped expressions become references to the aggregate's output. */
  private bindGrouped(e: Expr, g: GroupContext): Rex {
    const agg = g.aggregates.get(e);
    if (agg) return { kind: 'InputRef', index: agg.index, type: agg.type };
    if (!containsAggregate(e)) {
      let inner: Rex | undefined;
      try {
        inner = new ExprBinder(g.inputScope, this.env).bindPlain(e);
      } catch {
        inner = undefined;
      }
      if (inner) {
        const idx = g.groupDigests.get(rexDigest(inner));
        if (idx !== undefined) return { kind: 'InputRef', index: idx, type: g.outputTypes[idx]! };
        if (inner.kind === 'Literal') return inner;
        if (e.kind === 'Identifier' || e.kind === 'CompoundIdentifier')
          throw validation(`Expression '${printExpr(e)}' is not being grouped`, e.span);
      }
    }
    return this.bindPlain(e);
  }

  private bindPlain(e: Expr): Rex {
    const hooked = this.env.intercept?.(e, this);
    if (hooked !== undefined) return hooked;
    switch (e.kind) {
      case 'Identifier':
        return this.column([e.name], e.span);
      case 'CompoundIdentifier':
        return this.column(e.parts, e.span);
      case 'NumericLiteral': {
        const { type, value } = numericLiteralType(e.text);
        return literal(value, type);
      }
      case 'StringLiteral':
        return literal(e.value, T.char(Math.max(1, e.value.length), false));
      case 'BinaryStringLiteral': {
        const bytes = new Uint8Array(e.hex.length / 2);
        for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(e.hex.slice(i * 2, i * 2 + 2), 16);
        return literal(bytes, T.binary(Math.max(1, bytes.length), false));
      }
      case 'BooleanLiteral':
        return literal(e.value, T.boolean(false));
      case 'NullLiteral':
        return literal(null, T.null());
      case 'TypedLiteral':
        return this.typedLiteral(e.type, e.value, e.span);
      case 'IntervalLiteral': {
        const type = intervalType(e.qualifier, false);
        return literal(intervalValue(e), type);
      }
      case 'BinaryExpr': {
        const op = e.op === '!=' ? '<>' : e.op;
        // (s1, e1) OVERLAPS (s2, e2) → OVERLAPS(s1, e1, s2, e2) (builtins/temporal.ts)
        if (op === 'OVERLAPS' && isPeriod(e.left) && isPeriod(e.right))
          return this.call(op, [...e.left.fields, ...e.right.fields].map((x) => this.bind(x)), e.span);
        return this.call(op, [this.bind(e.left), this.bind(e.right)], e.span);
      }
      case 'UnaryExpr': {
        const operand = this.bind(e.expr);
        if (e.op === 'NOT') return this.call('NOT', [operand], e.span);
        if (e.op === '-') {
          if (operand.kind === 'Literal' && e.expr.kind === 'NumericLiteral') {
            const { type, value } = numericLiteralType('-' + e.expr.text);
            return literal(value, type);
          }
          return this.call('NEGATE', [operand], e.span);
        }
        return operand;
      }
      case 'FunctionCall':
        return this.functionCall(e);
      case 'Cast': {
        const operand = this.bind(e.expr);
        const target = toLogicalType(e.type);
        return this.cast(operand, target, e.try, e.span);
      }
      case 'Case':
        return this.caseWhen(e);
      case 'InList': {
        const needle = this.bind(e.expr);
        let acc: Rex | undefined;
        for (const item of e.list) {
          const eq = this.call('=', [needle, this.bind(item)], item.span);
          acc = acc ? this.call('OR', [acc, eq], e.span) : eq;
        }
        if (!acc) throw validation('IN list must not be empty', e.span);
        return e.negated ? this.call('NOT', [acc], e.span) : acc;
      }
      case 'Between': {
        const x = this.bind(e.expr);
        const lo = this.bind(e.low);
        const hi = this.bind(e.high);
        let r = this.call('AND', [this.call('>=', [x, lo], e.span), this.call('<=', [x, hi], e.span)], e.span);
        if (e.symmetric)
          r = this.call('OR', [r, this.call('AND', [this.call('>=', [x, hi], e.span), this.call('<=', [x, lo], e.span)], e.span)], e.span);
        return e.negated ? this.call('NOT', [r], e.span) : r;
      }
      case 'Like': {
        const args = [this.bind(e.expr), this.bind(e.pattern)];
        if (e.escape) args.push(this.bind(e.escape));
        const name = e.op === 'LIKE' ? 'LIKE' : 'SIMILAR TO';
        const r = this.call(name, args, e.span);
        return e.negated ? this.call('NOT', [r], e.span) : r;
      }
      case 'IsPredicate': {
        const name = `IS ${e.negated ? 'NOT ' : ''}${e.test}`;
        return this.call(name, [this.bind(e.expr)], e.span);
      }
      case 'IsJson': {
        const kind = literal(e.jsonType ?? 'VALUE', T.varchar(6, false));
        const r = this.call('IS JSON', [this.bind(e.expr), kind], e.span);
        return e.negated ? this.call('NOT', [r], e.span) : r;
      }
      case 'IsDistinctFrom':
        return this.call(e.negated ? 'IS NOT DISTINCT FROM' : 'IS DISTINCT FROM', [this.bind(e.left), this.bind(e.right)], e.span);
      case 'FieldAccess':
        return this.fieldAccess(this.bind(e.expr), e.field);
      case 'Index':
        return this.call('ITEM', [this.bind(e.expr), this.bind(e.index)], e.span);
      case 'RowConstructor':
        return this.call('ROW', e.fields.map((f) => this.bind(f)), e.span);
      case 'ArrayConstructor':
        return this.call('ARRAY_VALUE_CONSTRUCTOR', e.elements.map((x) => this.bind(x)), e.span);
      case 'MapConstructor':
        return this.call(
          'MAP_VALUE_CONSTRUCTOR',
          e.entries.flatMap((en) => [this.bind(en.key), this.bind(en.value)]),
          e.span,
        );
      case 'Extract':
        return this.call('EXTRACT', [this.unit(e.unit), this.bind(e.expr)], e.span);
      case 'Trim': {
        const mode = literal(e.where ?? 'BOTH', T.varchar(8, false));
        const chars = e.chars ? this.bind(e.chars) : literal(' ', T.char(1, false));
        return this.call('TRIM', [mode, chars, this.bind(e.expr)], e.span);
      }
      case 'Position':
        return this.call('POSITION', [this.bind(e.needle), this.bind(e.haystack)], e.span);
      case 'Substring': {
        const args = [this.bind(e.expr), this.bind(e.from)];
        if (e.for) args.push(this.bind(e.for));
        return this.call('SUBSTRING', args, e.span);
      }
      case 'Overlay': {
        const args = [this.bind(e.expr), this.bind(e.placing), this.bind(e.from)];
        if (e.for) args.push(this.bind(e.for));
        return this.call('OVERLAY', args, e.span);
      }
      case 'FloorCeil':
        return this.call(e.fn === 'FLOOR' ? 'FLOOR_TIME' : 'CEIL_TIME', [this.bind(e.expr), this.unit(e.unit)], e.span);
      case 'TimestampFunction':
        return this.call(e.fn, [this.unit(e.unit), this.bind(e.left), this.bind(e.right)], e.span);
      case 'NiladicFunction':
        return this.call(e.name, [], e.span);
      case 'JsonValue': {
        const args: Rex[] = [this.bind(e.expr), this.bind(e.path)];
        const returning = e.returning ? toLogicalType(e.returning) : T.string();
        args.push(literal(returning, T.null()));
        args.push(literal(e.onEmpty?.behavior ?? 'NULL', T.string(false)));
        args.push(e.onEmpty?.default ? this.bind(e.onEmpty.default) : literal(null, T.null()));
        args.push(literal(e.onError?.behavior ?? 'NULL', T.string(false)));
        args.push(e.onError?.default ? this.bind(e.onError.default) : literal(null, T.null()));
        return this.call('JSON_VALUE', args, e.span, returning);
      }
      case 'JsonQuery': {
        const returning = e.returning ? toLogicalType(e.returning) : T.string();
        // JSON_QUERY(json, path, wrapper, onEmpty, onError, returning) -- see builtins/json.ts
        const args: Rex[] = [
          this.bind(e.expr),
          this.bind(e.path),
          literal(e.wrapper ?? 'WITHOUT', T.string(false)),
          literal(e.onEmpty ?? 'NULL', T.string(false)),
          literal(e.onError ?? 'NULL', T.string(false)),
          literal(returning, T.null()),
        ];
        return this.call('JSON_QUERY', args, e.span, returning);
      }
      case 'JsonExists': {
        const args: Rex[] = [this.bind(e.expr), this.bind(e.path), literal(e.onError ?? 'FALSE', T.string(false))];
        return this.call('JSON_EXISTS', args, e.span);
      }
      case 'JsonObject': {
        const mode = { onNull: e.onNull ?? 'NULL', rawJson: e.entries.map((en) => isJsonConstructor(en.value)) };
        const args: Rex[] = [literal(mode, T.null())];
        for (const en of e.entries) args.push(this.bind(en.key), this.bind(en.value));
        return this.call('JSON_OBJECT', args, e.span);
      }
      case 'JsonArray': {
        const mode = { onNull: e.onNull ?? 'ABSENT', rawJson: e.elements.map(isJsonConstructor) };
        const args: Rex[] = [literal(mode, T.null())];
        for (const el of e.elements) args.push(this.bind(el));
        return this.call('JSON_ARRAY', args, e.span);
      }
      case 'JsonObjectAgg':
      case 'JsonArrayAgg':
        throw validation(`Aggregate function ${e.kind === 'JsonObjectAgg' ? 'JSON_OBJECTAGG' : 'JSON_ARRAYAGG'} is not allowed here`, e.span);
      case 'InSubquery':
      case 'Exists':
      case 'ScalarSubquery': {
        // Joined below by binder/scalar-subquery.ts under a hidden name (its scalarSubqueryField).
        const f = this.scope.fields.find((x) => x.name === `\u0000scalar-subquery@${e.span.start}`);
        if (f) return { kind: 'InputRef', index: f.index, type: f.type };
        throw new WeirError('plan', 'UNSUPPORTED', `Subqueries in expressions are not supported yet`, e.span);
      }
      case 'QuantifiedComparison':
        throw new WeirError('plan', 'UNSUPPORTED', `Subqueries in expressions are not supported yet`, e.span);
      case 'Descriptor':
      case 'TableArg':
        throw validation(`${e.kind === 'Descriptor' ? 'DESCRIPTOR' : 'TABLE'} is only allowed as a table function argument`, e.span);
    }
  }

  private unit(u: string): Rex {
    return literal(u, T.varchar(u.length, false));
  }

  private column(parts: readonly Ident[], span: Span): Rex {
    const { field, rest } = this.scope.resolve(parts, span);
    let r: Rex = { kind: 'InputRef', index: field.index, type: field.type };
    for (const p of rest) r = this.fieldAccess(r, p);
    return r;
  }

  private fieldAccess(operand: Rex, field: Ident): Rex {
    const t = operand.type;
    if (t.root !== 'ROW') throw validation(`Cannot access field '${field.value}' of a value of type ${typeToString(t)}`, field.span);
    const index = t.fields.findIndex((f) => f.name === field.value);
    if (index < 0) {
      const near = t.fields.find((f) => f.name.toLowerCase() === field.value.toLowerCase());
      throw validation(
        `Unknown field '${field.value}' in ${typeToString(t)}${near ? `; did you mean '${near.name}'?` : ''}`,
        field.span,
      );
    }
    const ft = t.fields[index]!.type;
    return { kind: 'FieldAccess', operand, index, type: t.nullable ? withNullable(ft, true) : ft };
  }

  private typedLiteral(kind: string, text: string, span: Span): Rex {
    const bad = (): never => {
      throw validation(`Illegal ${kind} literal '${text}'`, span);
    };
    switch (kind) {
      case 'DATE': {
        const v = parseDate(text);
        return v === null ? bad() : literal(v, T.date(false));
      }
      case 'TIME': {
        // Flink types a TIME literal as TIME(0) (Calcite's TIME precision), its fraction cut off:
        // TIME '19:01:02.123' is '19:01:02' (TemporalTypesTest.testDateAndTime).
        const v = parseTime(text);
        return v === null ? bad() : literal(v - (v % 1000), T.time(0, false));
      }
      case 'TIMESTAMP':
      case 'TIMESTAMP_LTZ': {
        const v = parseTimestamp(text);
        if (v === null) return bad();
        const frac = /\.(\d+)/.exec(text)?.[1]?.length ?? 0;
        if (kind === 'TIMESTAMP') return literal(tsAt(v, frac), T.timestamp(frac, false));
        return literal(tsAt(tsLocalToUtc(v, this.env.fnCtx.timeZone), frac), T.timestampLtz(frac, false));
      }
    }
    return bad();
  }

  cast(operand: Rex, target: LogicalType, safe: boolean, span: Span): Rex {
    const refused = castValidationError(operand.type, target);
    if (refused) throw validation(refused, span);
    // Flink: CAST keeps the operand's nullability (TRY_CAST is always nullable).
    const type = withNullable(target, safe || operand.type.nullable);
    if (operand.kind === 'Literal') {
      if (operand.value === null) return literal(null, withNullable(target, true));
      try {
        const v = castFunction(operand.type, type, safe, this.env.fnCtx.timeZone)(operand.value);
        return literal(v, v === null ? withNullable(type, true) : type);
      } catch {
        // leave it to run time, which raises the error
      }
    }
    return { kind: 'Cast', operand, type, safe };
  }

  private caseWhen(e: Extract<Expr, { kind: 'Case' }>): Rex {
    const whens: { when: Rex; then: Rex }[] = [];
    const operand = e.operand ? this.bind(e.operand) : undefined;
    for (const w of e.whens) {
      const cond = operand ? this.call('=', [operand, this.bind(w.when)], w.span) : this.bind(w.when);
      whens.push({ when: cond, then: this.bind(w.then) });
    }
    const otherwise = e.else ? this.bind(e.else) : literal(null, T.null());
    const branchTypes = [...whens.map((w) => w.then.type), otherwise.type];
    const common = leastRestrictive(branchTypes);
    if (!common) throw validation(`Illegal mixing of types in CASE or COALESCE statement`, e.span);
    const type = common;
    const coerce = (r: Rex): Rex => (typeEquals(r.type, type, true) ? r : this.cast(r, withNullable(type, r.type.nullable), false, e.span));
    for (const w of whens) {
      if (w.when.type.root !== 'BOOLEAN' && w.when.type.root !== 'NULL')
        throw validation(`Expected a boolean type in CASE WHEN but got ${typeToString(w.when.type)}`, e.span);
    }
    return {
      kind: 'Case',
      whens: whens.map((w) => ({ when: w.when, then: coerce(w.then) })),
      otherwise: coerce(otherwise),
      type,
    };
  }

  private functionCall(e: FunctionCall): Rex {
    const name = e.name.map((p) => p.value).join('.');
    const upper = name.toUpperCase();
    if (e.over) {
      const o = this.overCalls?.get(e);
      if (o) return { kind: 'InputRef', index: o.index, type: o.type };
      throw new WeirError('plan', 'UNSUPPORTED', `OVER windows are only supported in the select list`, e.span);
    }
    if (e.name.length === 1 && isAggregateFunction(upper))
      throw validation(`Aggregate function ${upper} is not allowed here`, e.span);
    if (e.star) throw validation(`'*' is only allowed in COUNT(*)`, e.span);
    const timeFn = bindTimeFunction(this.scope, e, upper);
    if (timeFn) return timeFn;
    const args = e.args.map((a) => this.bind(a.value));
    // Built-in functions come before catalog functions, as in Flink's resolution order.
    const udf = e.name.length === 1 && !lookupBuiltin(upper) ? this.env.userFunction?.(name) : undefined;
    if (udf) return this.resolved(name, args, udf(args.map(argInfo)), e.span);
    return this.call(upper, args, e.span);
  }

  /** Resolves a built-in by name and builds the Call, with implicit casts and constant folding. */
  call(name: string, operands: Rex[], span: Span, returnTypeOverride?: LogicalType): Rex {
    const fn = lookupBuiltin(name);
    if (!fn) {
      const sig = `${name}(${operands.map((o) => typeFamily(o.type)).join(', ')})`;
      throw validation(`No match found for function signature ${sig}`, span);
    }
    let resolved: ResolvedCall;
    try {
      resolved = fn.resolve(operands.map(argInfo), this.env.fnCtx);
    } catch (err) {
      if (err instanceof WeirError && !err.span) throw new WeirError(err.kind, err.code, err.message, span, { cause: err });
      throw err;
    }
    if (returnTypeOverride && resolved.returnType.root !== returnTypeOverride.root) {
      resolved = { ...resolved, returnType: resolved.returnType };
    }
    return this.resolved(name, operands, resolved, span);
  }

  /** Builds the Call of an already resolved function (implicit argument casts, constant folding). */
  resolved(name: string, operands: Rex[], resolved: ResolvedCall, span: Span): Rex {
    const casted = resolved.argTypes
      ? operands.map((o, i) => {
          const t = resolved.argTypes![i];
          if (!t || typeEquals(o.type, t, true) || t.root === 'NULL') return o;
          return this.cast(o, withNullable(t, o.type.nullable), false, span);
        })
      : operands;
    const call: Rex = { kind: 'Call', name, operands: casted, type: resolved.returnType, resolved };
    return foldConstant(call);
  }
}

function argInfo(r: Rex): ArgInfo {
  return r.kind === 'Literal' ? { type: r.type, literal: { value: r.value } } : { type: r.type };
}

function typeFamily(t: LogicalType): string {
  switch (t.root) {
    case 'TINYINT':
    case 'SMALLINT':
    case 'INTEGER':
    case 'BIGINT':
    case 'FLOAT':
    case 'DOUBLE':
    case 'DECIMAL':
      return '<NUMERIC>';
    case 'CHAR':
    case 'VARCHAR':
      return '<CHARACTER>';
    default:
      return `<${t.root}>`;
  }
}

/** A period of OVERLAPS: `(start, end)` or `(start, interval)`. */
function isPeriod(e: Expr): e is Extract<Expr, { kind: 'RowConstructor' }> {
  return e.kind === 'RowConstructor' && e.fields.length === 2;
}

/** A JSON_OBJECT/JSON_ARRAY value written as JSON_OBJECT(…), JSON_ARRAY(…) or JSON(…): its text is embedded as JSON, not quoted (Flink). */
function isJsonConstructor(e: Expr): boolean {
  if (e.kind === 'JsonObject' || e.kind === 'JsonArray') return true;
  return e.kind === 'FunctionCall' && e.name.length === 1 && e.name[0]!.value.toUpperCase() === 'JSON';
}

/** Evaluates a deterministic call whose operands are all literals. Errors are left for run time. */
function foldConstant(call: Extract<Rex, { kind: 'Call' }>): Rex {
  const r = call.resolved;
  if (r.deterministic === false) return call;
  const values: unknown[] = [];
  for (const o of call.operands) {
    if (o.kind !== 'Literal') return call;
    values.push(o.value);
  }
  if (r.nulls === 'strict' && values.some((v) => v === null)) return literal(null, withNullable(call.type, true));
  try {
    const v = (r.impl as (...a: unknown[]) => unknown)(...values);
    return literal(v === undefined ? null : v, call.type);
  } catch {
    return call;
  }
}

export function containsAggregate(e: Expr): boolean {
  if (isAggregateCall(e)) return true;
  let found = false;
  forEachChild(e, (c) => {
    if (!found && containsAggregate(c)) found = true;
  });
  return found;
}

/** Visits the direct sub-expressions of an expression (not into subqueries). */
export function forEachChild(e: Expr, f: (c: Expr) => void): void {
  switch (e.kind) {
    case 'BinaryExpr':
      f(e.left);
      f(e.right);
      return;
    case 'UnaryExpr':
      f(e.expr);
      return;
    case 'FunctionCall':
      for (const a of e.args) f(a.value);
      if (e.filter) f(e.filter);
      return;
    case 'Cast':
      f(e.expr);
      return;
    case 'Case':
      if (e.operand) f(e.operand);
      for (const w of e.whens) {
        f(w.when);
        f(w.then);
      }
      if (e.else) f(e.else);
      return;
    case 'InList':
      f(e.expr);
      e.list.forEach(f);
      return;
    case 'InSubquery':
      f(e.expr);
      return;
    case 'QuantifiedComparison':
      f(e.left);
      return;
    case 'Between':
      f(e.expr);
      f(e.low);
      f(e.high);
      return;
    case 'Like':
      f(e.expr);
      f(e.pattern);
      if (e.escape) f(e.escape);
      return;
    case 'IsPredicate':
    case 'IsJson':
    case 'Extract':
    case 'FloorCeil':
    case 'FieldAccess':
      f(e.expr);
      return;
    case 'IsDistinctFrom':
    case 'TimestampFunction':
      f(e.left);
      f(e.right);
      return;
    case 'Index':
      f(e.expr);
      f(e.index);
      return;
    case 'RowConstructor':
      e.fields.forEach(f);
      return;
    case 'ArrayConstructor':
      e.elements.forEach(f);
      return;
    case 'MapConstructor':
      for (const en of e.entries) {
        f(en.key);
        f(en.value);
      }
      return;
    case 'Trim':
      if (e.chars) f(e.chars);
      f(e.expr);
      return;
    case 'Position':
      f(e.needle);
      f(e.haystack);
      return;
    case 'Substring':
      f(e.expr);
      f(e.from);
      if (e.for) f(e.for);
      return;
    case 'Overlay':
      f(e.expr);
      f(e.placing);
      f(e.from);
      if (e.for) f(e.for);
      return;
    case 'JsonValue':
    case 'JsonQuery':
    case 'JsonExists':
      f(e.expr);
      f(e.path);
      return;
    case 'JsonObject':
      for (const en of e.entries) {
        f(en.key);
        f(en.value);
      }
      return;
    case 'JsonArray':
      e.elements.forEach(f);
      return;
    case 'JsonObjectAgg':
      f(e.key);
      f(e.value);
      return;
    case 'JsonArrayAgg':
      f(e.expr);
      return;
    default:
      return;
  }
}
