/**
 * Timestamps of precision 4..9 are bigint nanoseconds at run time (logical-type.ts), but the
 * temporal built-ins compute on wall-clock milliseconds (a number whose fractional part holds
 * sub-millisecond digits). `millisBoundary` wraps such a function: bigint timestamp arguments
 * become fractional ms before the call, and a timestamp result comes back in its type's
 * representation. Functions that must keep every nanosecond (datetime +/- interval, casts) do
 * their own conversion and are not wrapped.
 */
import type { ResolvedCall, ScalarFunction } from '../../function.ts';
import type { LogicalType } from '../../../types/logical-type.ts';
import { isNanoPrecision, tsAt, tsToFractionalMs, type TsValue } from '../../../types/temporal.ts';

function isNanoTimestamp(t: LogicalType): boolean {
  return (t.root === 'TIMESTAMP' || t.root === 'TIMESTAMP_LTZ') && isNanoPrecision(t.precision);
}

const toMs = (v: unknown): unknown => (typeof v === 'bigint' ? tsToFractionalMs(v) : v);

function adapt(r: ResolvedCall, argTypes: readonly LogicalType[]): ResolvedCall {
  const types = r.argTypes ?? argTypes;
  const convertArgs = types.map(isNanoTimestamp);
  const anyArg = convertArgs.includes(true);
  const rt = r.returnType;
  const resultPrecision = isNanoTimestamp(rt) ? (rt as { precision: number }).precision : -1;
  if (!anyArg && resultPrecision < 0) return r;
  const impl = r.impl as (...a: unknown[]) => unknown;
  const call = anyArg
    ? (...a: unknown[]): unknown => {
        for (let i = 0; i < a.length; i++) if (convertArgs[i] === true) a[i] = toMs(a[i]);
        return impl(...a);
      }
    : impl;
  const wrapped =
    resultPrecision < 0
      ? call
      : (...a: unknown[]): unknown => {
          const v = call(...a);
          return v === null ? null : tsAt(v as TsValue, resultPrecision);
        };
  return { ...r, impl: wrapped as ResolvedCall['impl'], inline: undefined };
}

/** The function with nanosecond timestamps converted to and from fractional milliseconds at its boundary. */
export function millisBoundary(f: ScalarFunction): ScalarFunction {
  return {
    name: f.name,
    resolve(args, ctx) {
      return adapt(
        f.resolve(args, ctx),
        args.map((a) => a.type),
      );
    },
  };
}
