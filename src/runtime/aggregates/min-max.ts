/**
 * MIN and MAX. Insert-only input: the accumulator is the current extreme.
 * Retracting input (Flink's Min/MaxWithRetractAggFunction): a multiset of the
 * values seen (value → count) plus the current extreme, re-found by a scan
 * when its last occurrence is retracted.
 */
import type { LogicalType } from '../../types/logical-type.ts';
import type { StateKey } from '../../state/api.ts';
import { valueKey } from '../key.ts';
import type { AggCall, AggImpl } from './agg-call.ts';
import { compareValues } from './values.ts';

/** Accumulator for the retracting variant. `vals` is only used for non-primitive values. */
interface RetractAcc {
  cur: unknown;
  counts: Map<StateKey, number>;
  vals: Map<StateKey, unknown> | null;
}

const NON_PRIMITIVE = new Set(['BINARY', 'VARBINARY', 'ARRAY', 'MAP', 'MULTISET', 'ROW']);
function primitive(t: LogicalType): boolean {
  return !NON_PRIMITIVE.has(t.root);
}

export function minMaxAgg(call: AggCall, max: boolean, retracts: boolean): AggImpl {
  const f = call.args[0]!;
  const sign = max ? 1 : -1;
  const prim = primitive(call.argTypes[0]!);
  const better = prim
    ? max
      ? (a: unknown, b: unknown) => (a as number) > (b as number)
      : (a: unknown, b: unknown) => (a as number) < (b as number)
    : (a: unknown, b: unknown) => compareValues(a, b) * sign > 0;
  if (!retracts) {
    return {
      create: () => null,
      accumulate: (acc, r) => {
        const v = r[f];
        return v !== null && (acc === null || better(v, acc)) ? v : acc;
      },
      retract: () => {
        throw new Error(`${call.fn} was planned for insert-only input but received a retraction`);
      },
      getValue: (acc) => acc,
      merge: (acc, other) => (other !== null && (acc === null || better(other, acc)) ? other : acc),
    };
  }
  return {
    create: (): RetractAcc => ({ cur: null, counts: new Map(), vals: prim ? null : new Map() }),
    accumulate(acc, r) {
      const v = r[f];
      if (v === null) return acc;
      const a = acc as RetractAcc;
      const k = prim ? (v as StateKey) : valueKey(v);
      const c = (a.counts.get(k) ?? 0) + 1;
      if (c === 0) a.counts.delete(k);
      else a.counts.set(k, c);
      if (a.vals) a.vals.set(k, v);
      if (c === 1 && (a.cur === null || better(v, a.cur))) a.cur = v;
      return a;
    },
    retract(acc, r) {
      const v = r[f];
      if (v === null) return acc;
      const a = acc as RetractAcc;
      const k = prim ? (v as StateKey) : valueKey(v);
      const c = (a.counts.get(k) ?? 0) - 1;
      if (c === 0) {
        a.counts.delete(k);
        a.vals?.delete(k);
        if (a.cur !== null && compareValues(a.cur, v) === 0) {
          // the extreme left: scan for the next one among values still present
          let best: unknown = null;
          for (const [key, n] of a.counts) {
            if (n <= 0) continue;
            const x = a.vals ? a.vals.get(key) : key;
            if (best === null || better(x, best)) best = x;
          }
          a.cur = best;
        }
      } else {
        a.counts.set(k, c);
      }
      return a;
    },
    getValue: (acc) => (acc as RetractAcc).cur,
  };
}
