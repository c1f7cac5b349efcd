/**
 * Test support for the built-in function families: resolve a function by name
 * with typed (literal) arguments and call it the way generated code would
 * (strict functions return NULL for a NULL argument without being called).
 */
import type { ArgInfo, FunctionContext, ResolvedCall } from '../../function.ts';
import type { LogicalType } from '../../../types/logical-type.ts';
import { lookupBuiltin } from '../index.ts';

export interface TestArg {
  readonly type: LogicalType;
  readonly value: unknown;
  /** Defaults to true: the planner sees a constant. */
  readonly literal?: boolean;
}

export const lit = (type: LogicalType, value: unknown): TestArg => ({ type, value, literal: true });
export const col = (type: LogicalType, value: unknown): TestArg => ({ type, value, literal: false });

export function ctxOf(timeZone = 'UTC', queryStartMs = 0): FunctionContext {
  return { timeZone, queryStartMs };
}

export function resolveCall(name: string, args: readonly TestArg[], ctx: FunctionContext = ctxOf()): ResolvedCall {
  const f = lookupBuiltin(name);
  if (!f) throw new Error(`no built-in ${name}`);
  const infos: ArgInfo[] = args.map((a) => (a.literal === false ? { type: a.type } : { type: a.type, literal: { value: a.value } }));
  return f.resolve(infos, ctx);
}

export function invoke(r: ResolvedCall, values: readonly unknown[]): unknown {
  if (r.nulls === 'strict' && values.some((v) => v === null)) return null;
  return (r.impl as (...a: unknown[]) => unknown)(...values);
}

export function call(name: string, args: readonly TestArg[], ctx: FunctionContext = ctxOf()): unknown {
  const r = resolveCall(name, args, ctx);
  return invoke(r, args.map((a) => a.value));
}
