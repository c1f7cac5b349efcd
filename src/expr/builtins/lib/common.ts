/**
 * Small shared helpers for the built-in function families: argument-type
 * checks in Flink's words, nullability of results, and the builders that turn
 * a plain JS implementation into a ResolvedCall.
 */
import { WeirError } from '../../../common/error.ts';
import type { ArgInfo, ResolvedCall, ScalarFunction, FunctionContext } from '../../function.ts';
import {
  isCharacterString,
  isBinaryString,
  isIntegral,
  isNumeric,
  typeToString,
  withNullable,
} from '../../../types/logical-type.ts';
import type { LogicalType } from '../../../types/logical-type.ts';

/** Flink's "Invalid function call" message for unsupported operand types. */
export function invalidCall(name: string, args: readonly ArgInfo[]): WeirError {
  return new WeirError(
    'validation',
    'FUNCTION_ARGS',
    `Invalid function call:\n${name}(${args.map((a) => typeToString(a.type)).join(', ')})`,
  );
}

export function validationError(message: string): WeirError {
  return new WeirError('validation', 'FUNCTION_ARGS', message);
}

export function runtimeError(message: string, code = 'FUNCTION_RUNTIME'): WeirError {
  return new WeirError('runtime', code, message);
}

/** True when any argument type is nullable (or the NULL type). */
export function anyNullable(args: readonly ArgInfo[]): boolean {
  for (const a of args) if (a.type.nullable || a.type.root === 'NULL') return true;
  return false;
}

/** A literal's value, or undefined when the operand is not a constant. */
export function literalOf(arg: ArgInfo | undefined): unknown {
  return arg?.literal === undefined ? undefined : arg.literal.value;
}

export function isLiteral(arg: ArgInfo | undefined): boolean {
  return arg?.literal !== undefined;
}

export const isNullType = (t: LogicalType): boolean => t.root === 'NULL';
/** Character string, or an untyped NULL (accepted wherever a string is). */
export const isStr = (t: LogicalType): boolean => isCharacterString(t) || t.root === 'NULL';
export const isBin = (t: LogicalType): boolean => isBinaryString(t) || t.root === 'NULL';
export const isInt = (t: LogicalType): boolean => isIntegral(t) || t.root === 'NULL';
export const isNum = (t: LogicalType): boolean => isNumeric(t) || t.root === 'NULL';
export const isBool = (t: LogicalType): boolean => t.root === 'BOOLEAN' || t.root === 'NULL';

export const STRING = (nullable: boolean): LogicalType => ({ root: 'VARCHAR', length: 2147483647, nullable });
export const BYTES = (nullable: boolean): LogicalType => ({ root: 'VARBINARY', length: 2147483647, nullable });
export const INT = (nullable: boolean): LogicalType => ({ root: 'INTEGER', nullable });
export const BIGINT = (nullable: boolean): LogicalType => ({ root: 'BIGINT', nullable });
export const DOUBLE = (nullable: boolean): LogicalType => ({ root: 'DOUBLE', nullable });
export const BOOLEAN = (nullable: boolean): LogicalType => ({ root: 'BOOLEAN', nullable });

export function nullableIf<L extends LogicalType>(t: L, nullable: boolean): L {
  return withNullable(t, nullable);
}

type Impl = (...args: never[]) => unknown;

export function strict(returnType: LogicalType, impl: Impl, extra?: Partial<ResolvedCall>): ResolvedCall {
  return { returnType, impl, nulls: 'strict', ...extra };
}

export function custom(returnType: LogicalType, impl: Impl, extra?: Partial<ResolvedCall>): ResolvedCall {
  return { returnType, impl, nulls: 'custom', ...extra };
}

export function fn(
  name: string,
  resolve: (args: readonly ArgInfo[], ctx: FunctionContext, name: string) => ResolvedCall,
): ScalarFunction {
  return { name, resolve: (args, ctx) => resolve(args, ctx, name) };
}

/** Declares aliases that share one resolver (each under its own canonical name). */
export function aliases(
  names: readonly string[],
  resolve: (args: readonly ArgInfo[], ctx: FunctionContext, name: string) => ResolvedCall,
): ScalarFunction[] {
  return names.map((n) => fn(n, resolve));
}

/** Checks the argument count and per-position predicates; throws Flink's invalid-call error. */
export function expectArgs(
  name: string,
  args: readonly ArgInfo[],
  ...checks: ((t: LogicalType) => boolean)[]
): void {
  if (args.length !== checks.length) throw invalidCall(name, args);
  for (let i = 0; i < checks.length; i++) if (!checks[i]!(args[i]!.type)) throw invalidCall(name, args);
}

/** Variant with optional trailing arguments: `min` required of `checks`. */
export function expectArgsOpt(
  name: string,
  args: readonly ArgInfo[],
  min: number,
  ...checks: ((t: LogicalType) => boolean)[]
): void {
  if (args.length < min || args.length > checks.length) throw invalidCall(name, args);
  for (let i = 0; i < args.length; i++) if (!checks[i]!(args[i]!.type)) throw invalidCall(name, args);
}

/** Reads an integral runtime value (number or bigint) as a JS number (saturating bigints). */
export function intValue(v: unknown): number {
  return typeof v === 'bigint' ? Number(v) : (v as number);
}

/** Literal string argument, upper-cased (units, modes, part names). */
export function upperLiteral(arg: ArgInfo | undefined): string | undefined {
  const v = literalOf(arg);
  return typeof v === 'string' ? v.toUpperCase() : undefined;
}
