/**
 * The scalar function contract. Every built-in function and operator is a
 * ScalarFunction: at plan time `resolve` checks the operand types (throwing a
 * WeirError('validation', …) in Flink's words) and picks an implementation and
 * a return type; at run time the generated code calls `impl` (or splices
 * `inline`, for the hot operators) with values in their runtime representation.
 */
import type { LogicalType } from '../types/logical-type.ts';

export interface ArgInfo {
  readonly type: LogicalType;
  /** Present when the operand is a constant known at plan time (units, patterns, charsets). */
  readonly literal?: { readonly value: unknown } | undefined;
}

/** Session settings a function may depend on, fixed at plan time. */
export interface FunctionContext {
  /** 'table.local-time-zone', e.g. 'UTC', 'Asia/Shanghai'. */
  readonly timeZone: string;
  /** Query start time in epoch ms (CURRENT_TIMESTAMP in batch-like use). */
  readonly queryStartMs: number;
}

export interface ResolvedCall {
  readonly returnType: LogicalType;
  /** Runtime implementation. With nulls 'strict' it is never called with a null argument. */
  readonly impl: (...args: never[]) => unknown;
  /** 'strict': the result is NULL when any argument is NULL (the generated code checks); 'custom': impl handles nulls. */
  readonly nulls: 'strict' | 'custom';
  /** Operand types the caller must cast the arguments to before calling (implicit casts), if any. */
  readonly argTypes?: readonly LogicalType[] | undefined;
  /**
   * Optional inline JS for hot operators: given the JS source of the (non-null, already cast)
   * arguments, returns a JS expression. Only plain operators and `Math` may be used.
   */
  readonly inline?: ((args: readonly string[]) => string) | undefined;
  /** False for NOW(), RAND(), UUID(): never constant-folded. */
  readonly deterministic?: boolean | undefined;
}

export interface ScalarFunction {
  /** Canonical upper-case name (operators use their symbol: '+', '=', 'AND', 'IS NULL', 'LIKE'). */
  readonly name: string;
  readonly resolve: (args: readonly ArgInfo[], ctx: FunctionContext) => ResolvedCall;
}
