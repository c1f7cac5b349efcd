/**
 * SINGLE_VALUE: the value of the only row of a group, Flink's
 * SingleValueAggFunction. The planner puts it over a scalar subquery that is
 * not an aggregate (`(SELECT price FROM prices p WHERE p.item = o.item)`):
 * a second row for the same group is an error at run time, as in Flink; a
 * retraction of the only row empties the group again (an update of the row
 * arrives as its retraction then its insertion).
 *
 * The accumulator is `[count, value]`.
 */
import { WeirError } from '../../common/error.ts';
import type { AggCall, AggImpl } from './agg-call.ts';

type Acc = readonly [number, unknown];

export const SINGLE_VALUE_ERROR = 'SingleValueAggFunction received more than one element.';

function tooMany(): never {
  throw new WeirError('runtime', 'SINGLE_VALUE', `${SINGLE_VALUE_ERROR} (a scalar subquery returned more than one row)`);
}

export function singleValueAgg(call: AggCall): AggImpl {
  const f = call.args[0]!;
  return {
    create: (): Acc => [0, null],
    accumulate: (a, r): Acc => {
      const [n] = a as Acc;
      if (n > 0) tooMany();
      return [n + 1, r[f]];
    },
    retract: (a): Acc => {
      const [n] = a as Acc;
      if (n > 1) tooMany();
      return [n - 1, null];
    },
    getValue: (a) => (a as Acc)[1],
    merge: (a, b): Acc => {
      const [n, v] = a as Acc;
      const [m, w] = b as Acc;
      if (n + m > 1) tooMany();
      return [n + m, m > 0 ? w : v];
    },
  };
}
