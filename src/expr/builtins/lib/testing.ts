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

import assert from 'node:assert/strict';
import { toJsonValue } from '../../../types/format.ts';

function canon(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? v : Number(v.toPrecision(12));
  if (Array.isArray(v)) return v.map(canon);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, canon(x)]));
  if (typeof v === 'string' && /^-?\d+\.\d+$/.test(v)) return v;
  return v;
}

/**
 * Calls `name` and compares the result rendered as the acceptance runner sees it
 * (toJsonValue of the result type) with the expected JSON value; numbers to 12 digits.
 */
export function check(name: string, args: readonly TestArg[], expected: unknown, ctx: FunctionContext = ctxOf()): void {
  const r = resolveCall(name, args, ctx);
  const v = invoke(r, args.map((a) => a.value));
  const got = toJsonValue(v, r.returnType, ctx.timeZone);
  const exp = typeof expected === 'bigint' ? expected.toString() : expected;
  assert.deepEqual(canon(got), canon(exp), `${name}(${args.map((a) => String(a.value)).join(', ')}) : ${JSON.stringify(got)}`);
}

export type Case = readonly [string, readonly TestArg[], unknown];
export function checkAll(cases: readonly Case[], ctx: FunctionContext = ctxOf()): void {
  for (const [n, a, e] of cases) check(n, a, e, ctx);
}
