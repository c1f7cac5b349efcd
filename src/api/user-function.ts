/**
 * User-defined scalar and table functions written in JavaScript or TypeScript.
 *
 * `CREATE FUNCTION f AS 'path/to/module.js#export' LANGUAGE JAVASCRIPT` loads
 * the module (relative paths resolve against the working directory) and
 * registers the export, which is either a function carrying a `returns` type
 * or an object `{ eval, returns, nulls? }`:
 *
 *     export const countChar = Object.assign((s, c) => s.split(c).length - 1, { returns: 'INT' });
 *     export const toCelsius = { returns: 'DOUBLE', eval: (f) => (f - 32) / 1.8 };
 *
 * `returns` is a SQL type ('STRING', 'DECIMAL(10, 2)', 'ARRAY<INT>'); values use
 * Weir's runtime representation (see types/logical-type.ts). By default a NULL
 * argument gives NULL without calling the function (`nulls: 'strict'`); with
 * `nulls: 'custom'` the function sees the NULLs. The same definitions can be
 * registered from TypeScript with TableEnvironment.createFunction.
 *
 * A table function (Flink's TableFunction) is a generator function, or any
 * definition with `kind: 'table'` whose `eval` returns an iterable; each value
 * it yields is one row. With `returns: 'ROW<word STRING, len INT>'` a row is an
 * array in field order or an object keyed by field name; with an atomic type
 * the row has one column named `f0`. It is called in FROM:
 *
 *     export function* split(s, sep) { for (const w of s.split(sep)) yield [w, w.length]; }
 *     split.returns = 'ROW<word STRING, len INT>';
 *
 *     SELECT t.id, w.word FROM t, LATERAL TABLE(split(t.text, ' ')) AS w(word, len);
 *     SELECT t.id, w.word FROM t LEFT JOIN LATERAL TABLE(split(t.text, ' ')) AS w ON TRUE;
 */
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { WeirError, type Span } from '../common/error.ts';
import type { ResolvedCall } from '../expr/function.ts';
import { parseExpression } from '../sql/index.ts';
import { toLogicalType } from '../plan/binder/data-type.ts';
import { T, withNullable, type LogicalType, type RowField } from '../types/logical-type.ts';

export interface ScalarFunctionDefinition {
  /** 'table' for a table function (default: a generator function is one, anything else is scalar). */
  readonly kind?: 'scalar' | 'table' | undefined;
  readonly returns: string;
  readonly eval: (...args: never[]) => unknown;
  readonly nulls?: 'strict' | 'custom' | undefined;
  /** False for functions whose result changes between calls (never constant-folded). */
  readonly deterministic?: boolean | undefined;
}

/** Normalises an export to a definition, or explains what is wrong with it. */
export function toDefinition(name: string, exported: unknown, span?: Span): ScalarFunctionDefinition {
  const bad = (why: string): never => {
    throw new WeirError('validation', 'BAD_FUNCTION', `Function '${name}' cannot be used: ${why}`, span);
  };
  if (typeof exported === 'function') {
    const returns = (exported as { returns?: unknown }).returns;
    if (typeof returns !== 'string') return bad(`the exported function has no 'returns' property naming its SQL result type`);
    const o = exported as Partial<ScalarFunctionDefinition>;
    return { kind: kindOf(o.kind, exported), returns, eval: exported as (...args: never[]) => unknown, nulls: o.nulls, deterministic: o.deterministic };
  }
  if (exported && typeof exported === 'object') {
    const o = exported as Partial<ScalarFunctionDefinition>;
    if (typeof o.eval !== 'function') return bad(`the export has no 'eval' function`);
    if (typeof o.returns !== 'string') return bad(`the export has no 'returns' SQL type`);
    if (o.kind !== undefined && o.kind !== 'scalar' && o.kind !== 'table') return bad(`'kind' must be 'scalar' or 'table', not '${String(o.kind)}'`);
    return { kind: kindOf(o.kind, o.eval), returns: o.returns, eval: o.eval, nulls: o.nulls, deterministic: o.deterministic };
  }
  return bad('the export is neither a function nor an object with an eval function');
}

function kindOf(declared: 'scalar' | 'table' | undefined, f: unknown): 'scalar' | 'table' {
  if (declared) return declared;
  const ctor = (f as { constructor?: { name?: string } }).constructor?.name;
  return ctor === 'GeneratorFunction' || ctor === 'AsyncGeneratorFunction' ? 'table' : 'scalar';
}

/** The result type of a definition, parsed from its SQL type text. */
export function returnTypeOf(def: ScalarFunctionDefinition): LogicalType {
  const e = parseExpression(`CAST(NULL AS ${def.returns})`);
  if (e.kind !== 'Cast') throw new WeirError('validation', 'BAD_FUNCTION', `Invalid result type '${def.returns}'`);
  return toLogicalType(e.type);
}

export function resolveUserFunction(name: string, def: ScalarFunctionDefinition): () => ResolvedCall {
  if (def.kind === 'table')
    throw new WeirError('validation', 'TABLE_FUNCTION', `Function '${name}' is a table function: call it in FROM, e.g. FROM t, LATERAL TABLE(${name}(…))`);
  const returnType = returnTypeOf(def);
  const resolved: ResolvedCall = {
    returnType,
    impl: def.eval,
    nulls: def.nulls ?? 'strict',
    deterministic: def.deterministic ?? false,
  };
  return () => resolved;
}

/** Loads `module#export` (default export when no '#'). */
export async function loadFunction(name: string, className: string, span?: Span): Promise<ScalarFunctionDefinition> {
  const hash = className.lastIndexOf('#');
  const modulePath = hash < 0 ? className : className.slice(0, hash);
  const exportName = hash < 0 ? 'default' : className.slice(hash + 1);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(path.resolve(modulePath)).href)) as Record<string, unknown>;
  } catch (e) {
    throw new WeirError('validation', 'FUNCTION_LOAD', `Cannot load function '${name}' from '${modulePath}': ${(e as Error).message}`, span, { cause: e });
  }
  if (!(exportName in mod)) throw new WeirError('validation', 'FUNCTION_LOAD', `Module '${modulePath}' has no export '${exportName}' for function '${name}'`, span);
  return toDefinition(name, mod[exportName], span);
}

/** A table function resolved for a call: the rows as an ARRAY of its result type, and the columns they give. */
export interface ResolvedTableFunction {
  readonly call: ResolvedCall;
  readonly columns: readonly RowField[];
}

/**
 * Resolves a user table function: the call collects the rows `eval` yields into an array (a NULL
 * array when it yields nothing), so the planner can expand them like UNNEST does.
 */
export function resolveUserTableFunction(name: string, def: ScalarFunctionDefinition): ResolvedTableFunction {
  if (def.kind !== 'table') throw new WeirError('validation', 'NOT_TABLE_FUNCTION', `Function '${name}' is a scalar function, not a table function`);
  const rowType = returnTypeOf(def);
  if (def.eval.constructor.name === 'AsyncGeneratorFunction')
    throw new WeirError('validation', 'BAD_FUNCTION', `Table function '${name}' is an async generator; Weir calls table functions synchronously`);
  const columns: RowField[] = rowType.root === 'ROW' ? rowType.fields.map((f) => ({ name: f.name, type: withNullable(f.type, true) })) : [{ name: 'f0', type: withNullable(rowType, true) }];
  const names = rowType.root === 'ROW' ? rowType.fields.map((f) => f.name) : [];
  const toRow =
    rowType.root !== 'ROW'
      ? (v: unknown): unknown => (v === undefined ? null : v)
      : (v: unknown): unknown => {
          if (Array.isArray(v)) return v.length === names.length ? v : names.map((_, i) => v[i] ?? null);
          if (v !== null && typeof v === 'object') return names.map((n) => (v as Record<string, unknown>)[n] ?? null);
          throw new WeirError('runtime', 'BAD_FUNCTION_RESULT', `Table function '${name}' yielded ${String(v)}; a ROW result must be an array or an object`);
        };
  const evalFn = def.eval as (...args: unknown[]) => Iterable<unknown> | null | undefined;
  const impl = (...args: unknown[]): unknown[] => {
    const it = evalFn(...args);
    const out: unknown[] = [];
    if (it === null || it === undefined) return out;
    for (const v of it) out.push(toRow(v));
    return out;
  };
  const element: LogicalType = rowType.root === 'ROW' ? T.row(columns, false) : withNullable(rowType, true);
  return {
    columns,
    call: { returnType: T.array(element, false), impl: impl as ResolvedCall['impl'], nulls: def.nulls ?? 'strict', deterministic: def.deterministic ?? false },
  };
}
