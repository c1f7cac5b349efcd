/**
 * Selects the accumulator implementation for an AggCall, wrapping it for the
 * FILTER clause (rows whose filter field is not TRUE are skipped) and for
 * DISTINCT (a per-key map value → count: the accumulator sees a value only on
 * its first occurrence, and its retraction only on its last).
 */
import { WeirError } from '../../common/error.ts';
import type { StateKey } from '../../state/api.ts';
import { encodeKey, valueKey } from '../key.ts';
import type { Row } from '../row.ts';
import type { AggCall, AggImpl, AggOptions } from './agg-call.ts';
import { avgAgg, boolAgg, countAgg, sumAgg, varianceAgg } from './numeric.ts';
import { minMaxAgg } from './min-max.ts';
import { arrayAggAgg, collectAgg, firstLastAgg, jsonArrayAggAgg, jsonObjectAggAgg, listAggAgg } from './collections.ts';
import { singleValueAgg } from './single-value.ts';

export type { AggCall, AggImpl, AggOptions } from './agg-call.ts';

function baseImpl(call: AggCall, opts: AggOptions): AggImpl {
  switch (call.fn) {
    case 'COUNT':
      return countAgg(call);
    case 'SUM':
      return sumAgg(call, false);
    case 'SUM0':
    case '$SUM0':
      return sumAgg(call, true);
    case 'AVG':
      return avgAgg(call);
    case 'MIN':
      return minMaxAgg(call, false, opts.retracts);
    case 'MAX':
      return minMaxAgg(call, true, opts.retracts);
    case 'STDDEV_POP':
    case 'STDDEV_SAMP':
    case 'VAR_POP':
    case 'VAR_SAMP':
      return varianceAgg(call, call.fn);
    case 'STDDEV':
      return varianceAgg(call, 'STDDEV_SAMP');
    case 'VARIANCE':
      return varianceAgg(call, 'VAR_SAMP');
    case 'FIRST_VALUE':
      return firstLastAgg(call, true, opts.retracts);
    case 'LAST_VALUE':
      return firstLastAgg(call, false, opts.retracts);
    case 'LISTAGG':
      return listAggAgg(call);
    case 'COLLECT':
      return collectAgg(call);
    case 'ARRAY_AGG':
      return arrayAggAgg(call);
    case 'JSON_ARRAYAGG':
      return jsonArrayAggAgg(call);
    case 'JSON_OBJECTAGG':
      return jsonObjectAggAgg(call);
    case 'BOOL_AND':
    case 'EVERY':
      return boolAgg(call, true);
    case 'BOOL_OR':
    case 'SOME':
      return boolAgg(call, false);
    case 'SINGLE_VALUE':
      return singleValueAgg(call);
    default:
      throw new WeirError('plan', 'agg.unsupported', `Unsupported aggregate function ${call.fn}`);
  }
}

interface DistinctAcc {
  d: Map<StateKey, number>;
  a: unknown;
}

function distinct(inner: AggImpl, args: readonly number[]): AggImpl {
  const one = args.length === 1 ? args[0]! : -1;
  const keyOf =
    one >= 0
      ? (r: Row): StateKey => {
          const v = r[one];
          return typeof v === 'object' && v !== null ? valueKey(v) : (v as StateKey);
        }
      : (r: Row): StateKey => encodeKey(args.map((i) => r[i]));
  return {
    create: (): DistinctAcc => ({ d: new Map(), a: inner.create() }),
    accumulate(acc, row) {
      const a = acc as DistinctAcc;
      const k = keyOf(row);
      const c = a.d.get(k) ?? 0;
      if (c === -1) a.d.delete(k);
      else a.d.set(k, c + 1);
      if (c === 0) a.a = inner.accumulate(a.a, row);
      return a;
    },
    retract(acc, row) {
      const a = acc as DistinctAcc;
      const k = keyOf(row);
      const c = a.d.get(k) ?? 0;
      if (c === 1) {
        a.d.delete(k);
        a.a = inner.retract(a.a, row);
      } else a.d.set(k, c - 1);
      return a;
    },
    getValue: (acc) => inner.getValue((acc as DistinctAcc).a),
  };
}

function filtered(inner: AggImpl, filterArg: number): AggImpl {
  return {
    create: inner.create,
    accumulate: (acc, row) => (row[filterArg] === true ? inner.accumulate(acc, row) : acc),
    retract: (acc, row) => (row[filterArg] === true ? inner.retract(acc, row) : acc),
    getValue: inner.getValue,
    ...(inner.merge ? { merge: inner.merge } : {}),
  };
}

export function createAggregate(call: AggCall, opts: AggOptions): AggImpl {
  let impl = baseImpl(call, opts);
  if (call.distinct && call.args.length > 0) impl = distinct(impl, call.args);
  if (call.filterArg >= 0) impl = filtered(impl, call.filterArg);
  return impl;
}
