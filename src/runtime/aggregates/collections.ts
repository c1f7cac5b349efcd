/**
 * Accumulators that keep values: LISTAGG (Flink's ListAggWithRetract: a list
 * in arrival order plus a list of retractions that arrived before their
 * value), FIRST_VALUE / LAST_VALUE (nulls ignored; with retraction, a list of
 * values in arrival order), COLLECT (a multiset), ARRAY_AGG, JSON_ARRAYAGG and
 * JSON_OBJECTAGG (JSON text; object keys sorted, as Flink's output shows).
 */
import type { StateKey } from '../../state/api.ts';
import { WeirError } from '../../common/error.ts';
import { valueKey } from '../key.ts';
import type { Row } from '../row.ts';
import type { AggCall, AggImpl } from './agg-call.ts';
import { jsonText, valuesEqual } from './values.ts';

/** A list with Flink's retraction rule: retract removes the first equal element, or is remembered. */
interface ListAcc {
  l: unknown[];
  r: unknown[];
}

function listAdd(a: ListAcc, v: unknown): void {
  if (a.r.length > 0) {
    const i = a.r.findIndex((x) => valuesEqual(x, v));
    if (i >= 0) {
      a.r.splice(i, 1);
      return;
    }
  }
  a.l.push(v);
}

function listRemove(a: ListAcc, v: unknown, last: boolean): void {
  let i = -1;
  if (last) {
    for (let j = a.l.length - 1; j >= 0; j--) if (valuesEqual(a.l[j], v)) {
      i = j;
      break;
    }
  } else i = a.l.findIndex((x) => valuesEqual(x, v));
  if (i >= 0) a.l.splice(i, 1);
  else a.r.push(v);
}

function listImpl(f: number, skipNull: boolean, value: (a: ListAcc) => unknown, removeLast = false): AggImpl {
  return {
    create: (): ListAcc => ({ l: [], r: [] }),
    accumulate(acc, row) {
      const v = row[f];
      if (v === null && skipNull) return acc;
      listAdd(acc as ListAcc, v);
      return acc;
    },
    retract(acc, row) {
      const v = row[f];
      if (v === null && skipNull) return acc;
      listRemove(acc as ListAcc, v, removeLast);
      return acc;
    },
    getValue: (acc) => value(acc as ListAcc),
  };
}

export function listAggAgg(call: AggCall): AggImpl {
  const f = call.args[0]!;
  const constSep = call.constArgs?.[1];
  if (call.args.length > 1) {
    // a non-constant separator: Flink uses the separator of the latest row
    const sf = call.args[1]!;
    let sep = ',';
    const base = listImpl(f, true, (a) => (a.l.length === 0 ? null : a.l.join(sep)));
    return {
      ...base,
      accumulate(acc, row: Row) {
        const s = row[sf];
        if (typeof s === 'string') sep = s;
        return base.accumulate(acc, row);
      },
    };
  }
  const sep = typeof constSep === 'string' ? constSep : ',';
  return listImpl(f, true, (a) => (a.l.length === 0 ? null : a.l.join(sep)));
}

export function firstLastAgg(call: AggCall, first: boolean, retracts: boolean): AggImpl {
  const f = call.args[0]!;
  if (!retracts) {
    // accumulator: [value, seen]
    return {
      create: () => [null, false],
      accumulate(acc, row) {
        const v = row[f];
        if (v === null) return acc;
        const a = acc as [unknown, boolean];
        if (!first || !a[1]) {
          a[0] = v;
          a[1] = true;
        }
        return a;
      },
      retract: () => {
        throw new Error(`${call.fn} was planned for insert-only input but received a retraction`);
      },
      getValue: (acc) => (acc as [unknown, boolean])[0],
    };
  }
  return listImpl(f, true, (a) => (a.l.length === 0 ? null : first ? a.l[0] : a.l[a.l.length - 1]), !first);
}

export function arrayAggAgg(call: AggCall): AggImpl {
  const ignoreNulls = call.constArgs?.[1] === true;
  return listImpl(call.args[0]!, ignoreNulls, (a) => (a.l.length === 0 ? null : a.l.slice()));
}

/** COLLECT: multiset as element → count (returned as a new Map). */
export function collectAgg(call: AggCall): AggImpl {
  const f = call.args[0]!;
  type Acc = Map<StateKey, [unknown, number]>;
  return {
    create: (): Acc => new Map(),
    accumulate(acc, row) {
      const v = row[f];
      if (v === null) return acc;
      const a = acc as Acc;
      const k = valueKey(v);
      const e = a.get(k);
      if (e) {
        if (++e[1] === 0) a.delete(k);
      } else a.set(k, [v, 1]);
      return a;
    },
    retract(acc, row) {
      const v = row[f];
      if (v === null) return acc;
      const a = acc as Acc;
      const k = valueKey(v);
      const e = a.get(k);
      if (e) {
        if (--e[1] === 0) a.delete(k);
      } else a.set(k, [v, -1]);
      return a;
    },
    getValue(acc) {
      const out = new Map<unknown, number>();
      for (const [v, n] of (acc as Acc).values()) if (n > 0) out.set(v, n);
      return out;
    },
  };
}

export function jsonArrayAggAgg(call: AggCall): AggImpl {
  const t = call.argTypes[0]!;
  const nullOnNull = call.constArgs?.[1] === 'NULL ON NULL';
  const f = call.args[0]!;
  const base = listImpl(-1, false, (a) => '[' + a.l.join(',') + ']');
  return {
    create: base.create,
    accumulate(acc, row) {
      const v = row[f];
      if (v === null && !nullOnNull) return acc;
      listAdd(acc as ListAcc, jsonText(v, t));
      return acc;
    },
    retract(acc, row) {
      const v = row[f];
      if (v === null && !nullOnNull) return acc;
      listRemove(acc as ListAcc, jsonText(v, t), false);
      return acc;
    },
    getValue: base.getValue,
  };
}

export function jsonObjectAggAgg(call: AggCall): AggImpl {
  const [kf, vf] = call.args as [number, number];
  const vt = call.argTypes[1]!;
  const absentOnNull = call.constArgs?.[2] === 'ABSENT ON NULL';
  type Acc = Map<string, string>;
  return {
    create: (): Acc => new Map(),
    accumulate(acc, row) {
      const k = row[kf];
      if (k === null) throw new WeirError('runtime', 'json.objectagg.null-key', 'The key of JSON_OBJECTAGG must not be NULL.');
      const v = row[vf];
      if (v === null && absentOnNull) return acc;
      (acc as Acc).set(String(k), jsonText(v, vt));
      return acc;
    },
    retract(acc, row) {
      const k = row[kf];
      if (k !== null) (acc as Acc).delete(String(k));
      return acc;
    },
    getValue(acc) {
      const keys = [...(acc as Acc).keys()].sort();
      let s = '{';
      for (let i = 0; i < keys.length; i++) s += (i > 0 ? ',' : '') + JSON.stringify(keys[i]) + ':' + (acc as Acc).get(keys[i]!)!;
      return s + '}';
    },
  };
}
