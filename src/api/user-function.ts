/**
 * User-defined scalar functions written in JavaScript or TypeScript.
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
 */
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { WeirError, type Span } from '../common/error.ts';
import type { ResolvedCall } from '../expr/function.ts';
import { parseExpression } from '../sql/index.ts';
import { toLogicalType } from '../plan/binder/data-type.ts';
import type { LogicalType } from '../types/logical-type.ts';

export interface ScalarFunctionDefinition {
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
    return { returns, eval: exported as (...args: never[]) => unknown };
  }
  if (exported && typeof exported === 'object') {
    const o = exported as Partial<ScalarFunctionDefinition>;
    if (typeof o.eval !== 'function') return bad(`the export has no 'eval' function`);
    if (typeof o.returns !== 'string') return bad(`the export has no 'returns' SQL type`);
    return { returns: o.returns, eval: o.eval, nulls: o.nulls, deterministic: o.deterministic };
  }
  return bad('the export is neither a function nor an object with an eval function');
}

/** The result type of a definition, parsed from its SQL type text. */
export function returnTypeOf(def: ScalarFunctionDefinition): LogicalType {
  const e = parseExpression(`CAST(NULL AS ${def.returns})`);
  if (e.kind !== 'Cast') throw new WeirError('validation', 'BAD_FUNCTION', `Invalid result type '${def.returns}'`);
  return toLogicalType(e.type);
}

export function resolveUserFunction(def: ScalarFunctionDefinition): () => ResolvedCall {
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
