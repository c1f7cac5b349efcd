/**
 * Built-in scalar functions: collections (ARRAY, MAP, MULTISET functions) and
 * the value constructors and item access the binder produces for syntax:
 *
 *   ARRAY[a, b, …]        → ARRAY_VALUE_CONSTRUCTOR(a, b, …)   (common element type; operands cast via argTypes)
 *   MAP[k1, v1, k2, v2…]  → MAP_VALUE_CONSTRUCTOR(k1, v1, …)   (a repeated key keeps the last value)
 *   ROW(a, b, …) / (a, b) → ROW(a, b, …)                        (fields EXPR$0, EXPR$1, …)
 *   arr[i] / map[key]     → ITEM(container, index-or-key)     (arrays 1-based; out of range → NULL)
 *
 * Element comparisons are by value (rows, arrays and maps included; NULL
 * elements match each other), set-like functions keep first-occurrence order.
 */
import type { ArgInfo, ScalarFunction } from '../function.ts';
import type { ArrayType, LogicalType, MapType } from '../../types/logical-type.ts';
import { withNullable } from '../../types/logical-type.ts';
import {
  anyNullable,
  BOOLEAN,
  custom,
  fn,
  INT,
  intValue,
  invalidCall,
  isBool,
  isInt,
  isStr,
  runtimeError,
  strict,
  STRING,
  validationError,
} from './lib/common.ts';
import { commonType } from './lib/coerce.ts';
import { compareValues, valueEquals, valueKey } from './lib/values.ts';

const isArr = (t: LogicalType): t is ArrayType => t.root === 'ARRAY';
const isMap = (t: LogicalType): t is MapType => t.root === 'MAP';

function arrayArg(name: string, args: readonly ArgInfo[], i = 0): ArrayType {
  const t = args[i]?.type;
  if (!t || !isArr(t)) throw invalidCall(name, args);
  return t;
}

function distinct(xs: readonly unknown[]): unknown[] {
  const seen = new Set<unknown>();
  const out: unknown[] = [];
  for (const x of xs) {
    const k = valueKey(x);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(x);
    }
  }
  return out;
}

function indexOfValue(xs: readonly unknown[], v: unknown): number {
  for (let i = 0; i < xs.length; i++) if (valueEquals(xs[i], v)) return i;
  return -1;
}

/** Resolves a (array, element) function: the element is cast to the array's element type. */
function arrayAndElement(
  name: string,
  ret: (arr: ArrayType, elem: LogicalType, args: readonly ArgInfo[]) => LogicalType,
  impl: (arr: unknown[] | null, v: unknown) => unknown,
): ScalarFunction {
  return fn(name, (args) => {
    if (args.length !== 2) throw invalidCall(name, args);
    const at = arrayArg(name, args);
    const el = commonType([at.element, args[1]!.type]);
    if (el === null) throw invalidCall(name, args);
    return custom(ret(at, el, args), impl as (...a: never[]) => unknown, {
      argTypes: [{ root: 'ARRAY', element: el, nullable: at.nullable }, withNullable(el, true)],
    });
  });
}

function sameArrays(name: string, args: readonly ArgInfo[], min: number, max: number): ArrayType {
  if (args.length < min || args.length > max || !args.every((a) => isArr(a.type) || a.type.root === 'NULL')) throw invalidCall(name, args);
  const t = commonType(args.map((a) => a.type));
  if (t === null || !isArr(t)) throw invalidCall(name, args);
  return t;
}

function arraysFn(name: string, min: number, max: number, f: (...xs: unknown[][]) => unknown[]): ScalarFunction {
  return fn(name, (args) => {
    const t = sameArrays(name, args, min, max);
    return strict(withNullable(t, anyNullable(args)), f as (...a: never[]) => unknown, { argTypes: args.map(() => t) });
  });
}

function sortArray(xs: readonly unknown[], asc: boolean, nullsFirst: boolean): unknown[] {
  const nulls = xs.filter((x) => x === null);
  const vals = xs.filter((x) => x !== null).sort((a, b) => (asc ? compareValues(a, b) : compareValues(b, a)));
  return nullsFirst ? [...nulls, ...vals] : [...vals, ...nulls];
}

export const functions: ScalarFunction[] = [
  fn('CARDINALITY', (args, _ctx, name) => {
    const t = args[0]?.type;
    if (args.length !== 1 || !t || !(isArr(t) || isMap(t) || t.root === 'MULTISET')) throw invalidCall(name, args);
    if (t.root === 'MULTISET')
      return strict(INT(t.nullable), (m: Map<unknown, number>) => {
        let n = 0;
        for (const c of m.values()) n += c;
        return n;
      });
    return strict(INT(t.nullable), isArr(t) ? (a: unknown[]) => a.length : (m: Map<unknown, unknown>) => m.size);
  }),
  fn('ELEMENT', (args, _ctx, name) => {
    if (args.length !== 1) throw invalidCall(name, args);
    const t = arrayArg(name, args);
    return strict(withNullable(t.element, true), (a: unknown[]) => {
      if (a.length > 1) throw runtimeError('Array has more than one element.');
      return a.length === 0 ? null : a[0];
    });
  }),
  arrayAndElement('ARRAY_CONTAINS', (at) => BOOLEAN(at.nullable), (a, v) => (a === null ? null : indexOfValue(a, v) >= 0)),
  arrayAndElement('ARRAY_POSITION', (at, _el, args) => INT(at.nullable || anyNullable(args)), (a, v) =>
    a === null || v === null ? null : indexOfValue(a, v) + 1,
  ),
  arrayAndElement('ARRAY_REMOVE', (at, el) => ({ root: 'ARRAY', element: withNullable(el, at.element.nullable), nullable: at.nullable }), (a, v) =>
    a === null ? null : a.filter((x) => !valueEquals(x, v)),
  ),
  arrayAndElement('ARRAY_APPEND', (at, el, args) => ({ root: 'ARRAY', element: withNullable(el, el.nullable || anyNullable(args.slice(1))), nullable: at.nullable }), (a, v) =>
    a === null ? null : [...a, v],
  ),
  arrayAndElement('ARRAY_PREPEND', (at, el, args) => ({ root: 'ARRAY', element: withNullable(el, el.nullable || anyNullable(args.slice(1))), nullable: at.nullable }), (a, v) =>
    a === null ? null : [v, ...a],
  ),
  fn('ARRAY_DISTINCT', (args, _ctx, name) => {
    if (args.length !== 1) throw invalidCall(name, args);
    const t = arrayArg(name, args);
    return strict(t, distinct);
  }),
  fn('ARRAY_REVERSE', (args, _ctx, name) => {
    if (args.length !== 1) throw invalidCall(name, args);
    const t = arrayArg(name, args);
    return strict(t, (a: unknown[]) => a.slice().reverse());
  }),
  fn('ARRAY_SLICE', (args, _ctx, name) => {
    if (args.length < 2 || args.length > 3 || !args.slice(1).every((a) => isInt(a.type))) throw invalidCall(name, args);
    const t = arrayArg(name, args);
    return strict(withNullable(t, anyNullable(args)), (a: unknown[], s: number | bigint, e?: number | bigint) => {
      const n = a.length;
      let start = intValue(s);
      let end = e === undefined ? n : intValue(e);
      if (start === 0) start = 1;
      if (start < 0) start = n + start + 1;
      if (end < 0) end = n + end + 1;
      if (start < 1) start = 1;
      if (end > n) end = n;
      if (start > end) return [];
      return a.slice(start - 1, end);
    });
  }),
  arraysFn('ARRAY_UNION', 2, 2, (a, b) => distinct([...a!, ...b!])),
  arraysFn('ARRAY_CONCAT', 1, Number.MAX_SAFE_INTEGER, (...xs) => xs.flat(1)),
  arraysFn('ARRAY_EXCEPT', 2, 2, (a, b) => {
    const drop = new Set(b!.map(valueKey));
    return distinct(a!.filter((x) => !drop.has(valueKey(x))));
  }),
  arraysFn('ARRAY_INTERSECT', 2, 2, (a, b) => {
    const keep = new Set(b!.map(valueKey));
    return distinct(a!.filter((x) => keep.has(valueKey(x))));
  }),
  ...(['ARRAY_MAX', 'ARRAY_MIN'] as const).map((n) =>
    fn(n, (args, _ctx, name) => {
      if (args.length !== 1) throw invalidCall(name, args);
      const t = arrayArg(name, args);
      const sign = n === 'ARRAY_MAX' ? 1 : -1;
      return strict(withNullable(t.element, true), (a: unknown[]) => {
        let best: unknown = null;
        for (const x of a) if (x !== null && (best === null || compareValues(x, best) * sign > 0)) best = x;
        return best;
      });
    }),
  ),
  fn('ARRAY_JOIN', (args, _ctx, name) => {
    if (args.length < 2 || args.length > 3 || !args.slice(1).every((a) => isStr(a.type))) throw invalidCall(name, args);
    const t = arrayArg(name, args);
    if (!isStr(t.element)) throw invalidCall(name, args);
    return strict(STRING(anyNullable(args)), (a: (string | null)[], d: string, r?: string) => {
      const parts: string[] = [];
      for (const x of a) {
        if (x !== null) parts.push(x);
        else if (r !== undefined) parts.push(r);
      }
      return parts.join(d);
    });
  }),
  fn('ARRAY_SORT', (args, _ctx, name) => {
    if (args.length < 1 || args.length > 3 || !args.slice(1).every((a) => isBool(a.type))) throw invalidCall(name, args);
    const t = arrayArg(name, args);
    return strict(withNullable(t, anyNullable(args)), (a: unknown[], asc?: boolean, nullsFirst?: boolean) => {
      const up = asc ?? true;
      return sortArray(a, up, nullsFirst ?? up);
    });
  }),
  fn('ARRAY_FLATTEN', (args, _ctx, name) => {
    if (args.length !== 1) throw invalidCall(name, args);
    const t = arrayArg(name, args);
    if (!isArr(t.element)) throw invalidCall(name, args);
    return strict({ root: 'ARRAY', element: t.element.element, nullable: t.nullable }, (a: (unknown[] | null)[]) => {
      const out: unknown[] = [];
      for (const x of a) if (x !== null) for (const y of x) out.push(y);
      return out;
    });
  }),
  fn('MAP_KEYS', (args, _ctx, name) => {
    const t = args[0]?.type;
    if (args.length !== 1 || !t || !isMap(t)) throw invalidCall(name, args);
    return strict({ root: 'ARRAY', element: t.key, nullable: t.nullable }, (m: Map<unknown, unknown>) => [...m.keys()]);
  }),
  fn('MAP_VALUES', (args, _ctx, name) => {
    const t = args[0]?.type;
    if (args.length !== 1 || !t || !isMap(t)) throw invalidCall(name, args);
    return strict({ root: 'ARRAY', element: t.value, nullable: t.nullable }, (m: Map<unknown, unknown>) => [...m.values()]);
  }),
  fn('MAP_ENTRIES', (args, _ctx, name) => {
    const t = args[0]?.type;
    if (args.length !== 1 || !t || !isMap(t)) throw invalidCall(name, args);
    const row: LogicalType = { root: 'ROW', fields: [{ name: 'key', type: t.key }, { name: 'value', type: t.value }], nullable: false };
    return strict({ root: 'ARRAY', element: row, nullable: t.nullable }, (m: Map<unknown, unknown>) => [...m].map(([k, v]) => [k, v]));
  }),
  fn('MAP_FROM_ARRAYS', (args, _ctx, name) => {
    if (args.length !== 2) throw invalidCall(name, args);
    const k = arrayArg(name, args, 0);
    const v = arrayArg(name, args, 1);
    return strict({ root: 'MAP', key: k.element, value: v.element, nullable: anyNullable(args) }, (ks: unknown[], vs: unknown[]) => {
      if (ks.length !== vs.length)
        throw runtimeError(`Invalid function MAP_FROM_ARRAYS call:\nThe length of the keys array ${ks.length} is not equal to the length of the values array ${vs.length}`);
      const m = new Map<unknown, unknown>();
      for (let i = 0; i < ks.length; i++) m.set(ks[i], vs[i]);
      return m;
    });
  }),
  fn('MAP_UNION', (args, _ctx, name) => {
    if (args.length < 1 || !args.every((a) => isMap(a.type) || a.type.root === 'NULL')) throw invalidCall(name, args);
    const t = commonType(args.map((a) => a.type));
    if (t === null || !isMap(t)) throw invalidCall(name, args);
    return strict(withNullable(t, anyNullable(args)), (...ms: Map<unknown, unknown>[]) => {
      const out = new Map<unknown, unknown>();
      for (const m of ms) for (const [k, v] of m) out.set(k, v);
      return out;
    }, { argTypes: args.map(() => t) });
  }),
  fn('ITEM', (args, _ctx, name) => {
    if (args.length !== 2) throw invalidCall(name, args);
    const t = args[0]!.type;
    if (isArr(t)) {
      if (!isInt(args[1]!.type)) throw invalidCall(name, args);
      return strict(withNullable(t.element, true), (a: unknown[], i: number | bigint) => {
        const k = intValue(i);
        return k >= 1 && k <= a.length ? a[k - 1] : null;
      });
    }
    if (isMap(t)) {
      const kt = commonType([t.key, args[1]!.type]);
      if (kt === null) throw invalidCall(name, args);
      return strict(withNullable(t.value, true), (m: Map<unknown, unknown>, k: unknown) => {
        const v = m.get(k);
        if (v !== undefined) return v;
        if (k !== null && typeof k === 'object') for (const [mk, mv] of m) if (valueEquals(mk, k)) return mv;
        return null;
      }, { argTypes: [t, withNullable(t.key, args[1]!.type.nullable)] });
    }
    if (t.root === 'ROW') {
      const key = args[1]!.literal?.value;
      const idx = typeof key === 'string' ? t.fields.findIndex((f) => f.name === key) : typeof key === 'number' ? key - 1 : -1;
      const f = t.fields[idx];
      if (!f) throw validationError(`Invalid field access ${String(key)} on ${name}`);
      return strict(withNullable(f.type, true), (r: unknown[]) => r[idx]);
    }
    throw invalidCall(name, args);
  }),
  fn('ARRAY_VALUE_CONSTRUCTOR', (args, _ctx, name) => {
    if (args.length === 0) throw validationError('Require at least 1 argument for the ARRAY value constructor');
    const el = commonType(args.map((a) => a.type));
    if (el === null) throw invalidCall(name, args);
    return custom({ root: 'ARRAY', element: el, nullable: false }, (...xs: unknown[]) => xs, { argTypes: args.map(() => el) });
  }),
  fn('MAP_VALUE_CONSTRUCTOR', (args, _ctx, name) => {
    if (args.length === 0 || args.length % 2 !== 0) throw invalidCall(name, args);
    const kt = commonType(args.filter((_a, i) => i % 2 === 0).map((a) => a.type));
    const vt = commonType(args.filter((_a, i) => i % 2 === 1).map((a) => a.type));
    if (kt === null || vt === null) throw invalidCall(name, args);
    return custom(
      { root: 'MAP', key: kt, value: vt, nullable: false },
      (...xs: unknown[]) => {
        const m = new Map<unknown, unknown>();
        for (let i = 0; i < xs.length; i += 2) m.set(xs[i], xs[i + 1]);
        return m;
      },
      { argTypes: args.map((_a, i) => (i % 2 === 0 ? kt : vt)) },
    );
  }),
  fn('ROW', (args) =>
    custom({ root: 'ROW', fields: args.map((a, i) => ({ name: `EXPR$${i}`, type: a.type })), nullable: false }, (...xs: unknown[]) => xs),
  ),
];
