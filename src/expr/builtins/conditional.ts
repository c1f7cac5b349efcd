/**
 * Built-in scalar functions: conditional (COALESCE, NULLIF, IF, IFNULL,
 * GREATEST, LEAST). CASE is not a function (the code generator handles it).
 *
 * COALESCE / IF / GREATEST / LEAST return the operands' common type and ask the
 * caller (via `argTypes`) to cast the operands to it. IFNULL returns the first
 * operand's type when it is NOT NULL, else the replacement's (Flink's IF_NULL
 * strategy; with character strings the replacement's own length is kept, so a
 * longer value is truncated by the cast, as Flink's tests assert).
 */
import type { ArgInfo, ScalarFunction } from '../function.ts';
import type { LogicalType } from '../../types/logical-type.ts';
import { isApproxNumeric, isCharacterString, isNumeric, withNullable } from '../../types/logical-type.ts';
import type { Int } from '../../types/int64.ts';
import { decimalToDouble } from '../../types/decimal.ts';
import { custom, fn, invalidCall, isBool, strict, validationError } from './lib/common.ts';
import { commonType } from './lib/coerce.ts';
import { compareValues, rescale, valueEquals } from './lib/values.ts';

function common(name: string, args: readonly ArgInfo[]): LogicalType {
  const t = commonType(args.map((a) => a.type));
  if (t === null) throw validationError(`Cannot infer return type for ${name}; operand types: ${args.map((a) => a.type.root).join(', ')}`);
  return t.root === 'NULL' ? { root: 'NULL', nullable: true } : t;
}

/** SQL equality of two non-null values of possibly different (comparable) types. */
export function sqlEqualsAcross(ta: LogicalType, tb: LogicalType): (a: unknown, b: unknown) => boolean {
  if (isNumeric(ta) && isNumeric(tb) && (ta.root !== tb.root || ta.root === 'DECIMAL')) {
    if (isApproxNumeric(ta) || isApproxNumeric(tb)) {
      const ca = ta.root === 'DECIMAL' ? (v: unknown) => decimalToDouble(v as Int, ta.scale) : (v: unknown) => Number(v);
      const cb = tb.root === 'DECIMAL' ? (v: unknown) => decimalToDouble(v as Int, tb.scale) : (v: unknown) => Number(v);
      return (a, b) => ca(a) === cb(b);
    }
    const sa = ta.root === 'DECIMAL' ? ta.scale : 0;
    const sb = tb.root === 'DECIMAL' ? tb.scale : 0;
    const s = Math.max(sa, sb);
    return (a, b) => rescale(a as Int, sa, s) === rescale(b as Int, sb, s);
  }
  if (ta.root === 'CHAR' && tb.root === 'CHAR') return (a, b) => (a as string).trimEnd() === (b as string).trimEnd();
  return valueEquals;
}

export const functions: ScalarFunction[] = [
  fn('COALESCE', (args, _ctx, name) => {
    if (args.length === 0) throw invalidCall(name, args);
    const t = common(name, args);
    const rt = withNullable(t, args.every((a) => a.type.nullable || a.type.root === 'NULL'));
    return custom(
      rt,
      (...xs: unknown[]) => {
        for (const x of xs) if (x !== null) return x;
        return null;
      },
      { argTypes: args.map(() => t) },
    );
  }),
  fn('NULLIF', (args, _ctx, name) => {
    if (args.length !== 2) throw invalidCall(name, args);
    const [ta, tb] = [args[0]!.type, args[1]!.type];
    if (ta.root !== 'NULL' && tb.root !== 'NULL' && commonType([ta, tb]) === null) throw invalidCall(name, args);
    const eq = sqlEqualsAcross(ta, tb);
    return custom(withNullable(ta, true), (a: unknown, b: unknown) => (a === null ? null : b !== null && eq(a, b) ? null : a));
  }),
  fn('IF', (args, _ctx, name) => {
    if (args.length !== 3 || !isBool(args[0]!.type)) throw invalidCall(name, args);
    const t = common(name, args.slice(1));
    return custom(t, (c: boolean | null, a: unknown, b: unknown) => (c === true ? a : b), {
      argTypes: [args[0]!.type, t, t],
    });
  }),
  fn('IFNULL', (args, _ctx, name) => {
    if (args.length !== 2) throw invalidCall(name, args);
    const [ta, tb] = [args[0]!.type, args[1]!.type];
    const c = commonType([ta, tb]);
    if (c === null) throw invalidCall(name, args);
    let out: LogicalType;
    if (isCharacterString(ta) && isCharacterString(tb)) out = ta.nullable ? tb : ta;
    else out = withNullable(c, ta.nullable || ta.root === 'NULL' ? tb.nullable || tb.root === 'NULL' : false);
    return custom(out, (a: unknown, b: unknown) => (a !== null ? a : b), { argTypes: [out, out] });
  }),
  ...(['GREATEST', 'LEAST'] as const).map((n) =>
    fn(n, (args, _ctx, name) => {
      if (args.length < 1) throw invalidCall(name, args);
      const t = common(name, args);
      const sign = n === 'GREATEST' ? 1 : -1;
      return strict(
        t,
        (...xs: unknown[]) => {
          let best = xs[0];
          for (let i = 1; i < xs.length; i++) if (compareValues(xs[i], best) * sign > 0) best = xs[i];
          return best;
        },
        { argTypes: args.map(() => t) },
      );
    }),
  ),
];
