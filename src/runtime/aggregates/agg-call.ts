/**
 * The aggregate-call descriptor the planner hands the runtime, and the
 * accumulator contract. An accumulator is a plain value, array, object or Map
 * that structured-clones (it is snapshotted with the keyed state).
 * `accumulate`/`retract` read their arguments from the input row and return
 * the accumulator (a new one for primitive accumulators, the same mutated
 * object otherwise); `getValue` must not mutate it.
 */
import type { LogicalType } from '../../types/logical-type.ts';
import type { Row } from '../row.ts';

export interface AggCall {
  /** Canonical upper-case name: COUNT, SUM, SUM0, AVG, MIN, MAX, … */
  readonly fn: string;
  /** Input field indexes of the (non-constant) arguments; COUNT(*) has none. */
  readonly args: readonly number[];
  /** Types of all arguments, constant ones included (by position). */
  readonly argTypes: readonly LogicalType[];
  readonly resultType: LogicalType;
  readonly distinct: boolean;
  /** Index of a BOOLEAN input field (the FILTER clause), or -1. */
  readonly filterArg: number;
  /** Constant arguments by position among all arguments (e.g. LISTAGG's separator at 1); undefined where not constant. */
  readonly constArgs?: readonly unknown[] | undefined;
}

export interface AggImpl {
  create(): unknown;
  accumulate(acc: unknown, row: Row): unknown;
  retract(acc: unknown, row: Row): unknown;
  getValue(acc: unknown): unknown;
  /**
   * Merges `other` into `acc` (returns the result, like accumulate; `other` is not changed). Present
   * where accumulators combine (window aggregation shares slices between overlapping windows with it).
   */
  merge?(acc: unknown, other: unknown): unknown;
}

/** What an accumulator factory needs besides the call. */
export interface AggOptions {
  /** The input may carry -U/-D rows (selects the retractable MIN/MAX/FIRST_VALUE/… variants). */
  readonly retracts: boolean;
}
