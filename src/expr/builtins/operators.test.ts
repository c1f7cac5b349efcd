import { test } from 'node:test';
import assert from 'node:assert/strict';
import { functions, likeToRegExp, similarToRegExp } from './operators.ts';
import type { ArgInfo, ResolvedCall } from '../function.ts';
import { T, typeToString, type LogicalType } from '../../types/logical-type.ts';
import { castFunction } from '../../types/cast.ts';
import { formatValue } from '../../types/format.ts';
import { numericLiteralType } from '../../types/coercion.ts';
import { parseDecimalUnscaled } from '../../types/decimal.ts';
import { parseTimestamp, tsAt, ymdToDays } from '../../types/temporal.ts';
import { WeirError } from '../../common/error.ts';

const ctx = { timeZone: 'UTC', queryStartMs: 0 };
const byName = new Map(functions.map((f) => [f.name, f]));

interface V {
  v: unknown;
  t: LogicalType;
  lit?: boolean;
}
const lit = (text: string): V => {
  const r = numericLiteralType(text);
  return { v: r.value, t: r.type, lit: true };
};
const dec = (text: string, p: number, s: number): V => ({ v: parseDecimalUnscaled(text, s)!, t: T.decimal(p, s, false) });
const of = (v: unknown, t: LogicalType): V => ({ v, t });
const str = (s: string): V => ({ v: s, t: T.char(s.length, false), lit: true });
const NULL = (t: LogicalType = T.null()): V => ({ v: null, t });

function resolve(name: string, args: V[]): ResolvedCall {
  const f = byName.get(name);
  if (!f) throw new Error(`no ${name}`);
  const infos: ArgInfo[] = args.map((a) => (a.lit ? { type: a.t, literal: { value: a.v } } : { type: a.t }));
  return f.resolve(infos, ctx);
}

/** Evaluates as generated code would: implicit casts, strict null check, impl; and checks inline agrees. */
function call(name: string, ...args: V[]): { v: unknown; t: LogicalType } {
  const r = resolve(name, args);
  const vals = args.map((a, i) => {
    const to = r.argTypes?.[i];
    if (a.v === null || !to || to.root === 'NULL' || a.t.root === 'NULL') return a.v;
    return castFunction(a.t, to, false, 'UTC')(a.v);
  });
  let out: unknown;
  if (r.nulls === 'strict' && vals.some((x) => x === null)) out = null;
  else out = (r.impl as (...xs: unknown[]) => unknown)(...vals);
  if (r.inline && !(r.nulls === 'strict' && vals.some((x) => x === null))) {
    const names = vals.map((_, i) => `a${i}`);
    const g = new Function(...names, `return (${r.inline(names)});`) as (...xs: unknown[]) => unknown;
    const viaInline = g(...vals);
    assert.ok(Object.is(viaInline, out) || (viaInline instanceof Object && out instanceof Object), `inline of ${name} differs: ${String(viaInline)} vs ${String(out)}`);
  }
  return { v: out, t: r.returnType };
}
const show = (r: { v: unknown; t: LogicalType }) => (r.v === null ? null : formatValue(r.v, r.t));

test('basic_operators', () => {
  assert.equal(show(call('UNARY_PLUS', lit('5'))), '5');
  assert.equal(show(call('NEGATE', lit('5'))), '-5');
  assert.equal(show(call('+', lit('5'), lit('5'))), '10');
  assert.equal(show(call('-', lit('5'), lit('5'))), '0');
  assert.equal(show(call('*', lit('5'), lit('5'))), '25');
  assert.equal(show(call('/', lit('5'), lit('5'))), '1');
  assert.equal(show(call('%', lit('5'), lit('2'))), '1');
  assert.equal(show(call('%', lit('-26'), lit('5'))), '-1');
  assert.equal(show(call('/', lit('7'), lit('-2'))), '-3');
  assert.equal(typeToString(call('/', lit('5'), lit('5')).t), 'INT NOT NULL');
});

test('integer_overflow wraps like Java', () => {
  assert.equal(call('-', of(-128, T.tinyint(false)), of(1, T.tinyint(false))).v, 127);
  assert.equal(call('-', of(-2147483648, T.int(false)), lit('1')).v, 2147483647);
  assert.equal(call('*', of(65536, T.int(false)), of(65536, T.int(false))).v, 0);
  assert.equal(call('+', of(2n ** 63n - 1n, T.bigint(false)), of(1, T.bigint(false))).v, -(2n ** 63n));
  assert.equal(call('*', of(2n ** 62n, T.bigint(false)), lit('4')).v, 0);
  assert.equal(call('/', of(-(2n ** 63n), T.bigint(false)), of(-1, T.bigint(false))).v, -(2n ** 63n));
  assert.equal(call('NEGATE', of(-2147483648, T.int(false))).v, -2147483648);
  assert.equal(call('NEGATE', of(-(2n ** 63n), T.bigint(false))).v, -(2n ** 63n));
  assert.equal(call('+', of(9007199254740991, T.bigint(false)), lit('1')).v, 9007199254740992n);
  assert.equal(call('%', of(44, T.bigint(false)), lit('3')).v, 2);
  assert.equal(typeToString(call('%', of(44, T.bigint(false)), lit('3')).t), 'INT NOT NULL');
});

test('division by zero', () => {
  assert.throws(() => call('/', lit('1'), lit('0')), (e: unknown) => e instanceof WeirError && /\/ by zero/.test(e.message));
  assert.throws(() => call('%', lit('1'), lit('0')), WeirError);
  assert.throws(() => call('/', of(5n ** 40n % 2n ** 62n, T.bigint(false)), of(0, T.bigint(false))), WeirError);
  assert.equal(call('/', of(1, T.double(false)), of(0, T.double(false))).v, Infinity);
  assert.ok(Number.isNaN(call('%', of(1, T.double(false)), of(0, T.double(false))).v));
  assert.throws(() => call('/', dec('1.00', 10, 2), dec('0', 10, 2)), WeirError);
});

test('decimal_add_subtract', () => {
  assert.equal(show(call('+', dec('100.12', 10, 2), dec('200.1234', 10, 4))), '300.2434');
  assert.equal(show(call('-', dec('100.12', 10, 2), dec('200.1234', 10, 4))), '-100.0034');
  assert.equal(show(call('+', dec('123.45', 7, 2), lit('42'))), '165.45');
  assert.equal(show(call('+', lit('42'), dec('123.45', 7, 2))), '165.45');
  assert.equal(call('+', dec('123.45', 7, 2), of(4.2, T.double(false))).v, 127.65);
  assert.equal(show(call('+', dec('100.0123456789', 38, 10), dec('200.0123456789012345678901234567', 38, 28))), '300.024691358');
  assert.equal(show(call('-', dec('100.0123456789', 38, 10), dec('200.0123456789012345678901234567', 38, 28))), '-100.000000000');
  assert.equal(show(call('+', dec('10000000000', 38, 10), dec('0', 38, 28))), '10000000000.000000000');
  const big5 = () => dec('50000000000000000000000000000000000000', 38, 0);
  assert.equal(call('+', big5(), big5()).v, null);
  assert.equal(show(call('NEGATE', dec('123.45', 7, 2))), '-123.45');
  assert.equal(show(call('+', dec('1514356320000', 19, 0), lit('6'))), '1514356320006');
  assert.equal(show(call('-', dec('1514356320000', 19, 0), lit('6'))), '1514356319994');
  assert.equal(show(call('+', dec('1514356320000', 19, 0), dec('1514356320000', 19, 0))), '3028712640000');
});

test('decimal_multiply', () => {
  assert.equal(show(call('*', dec('1.00', 5, 2), dec('1.00', 5, 2))), '1.0000');
  assert.equal(show(call('*', dec('1.00', 5, 2), dec('2.0000', 10, 4))), '2.000000');
  assert.equal(show(call('*', dec('1.00', 5, 2), lit('200'))), '200.00');
  assert.equal(show(call('*', lit('200'), dec('1.00', 5, 2))), '200.00');
  assert.equal(call('*', dec('1.00', 5, 2), of(3.14, T.double(false))).v, 3.14);
  assert.equal(show(call('*', dec('1', 30, 6), dec('1', 30, 6))), '1.000000');
  assert.equal(show(call('*', dec('1', 30, 6), dec('2', 30, 10))), '2.000000');
  assert.equal(show(call('*', dec('0.01', 30, 20), dec('0.01', 30, 20))), '0.00010000000000000');
  assert.equal(show(call('*', dec('0.0000006', 38, 10), dec('1.0', 38, 10))), '0.000001');
  assert.equal(call('*', dec('10000000000000000000', 38, 0), dec('10000000000000000000', 38, 0)).v, null);
  assert.equal(show(call('*', dec('1.0', 30, 20), dec('1.0', 30, 20))), '1.00000000000000000');
  assert.equal(show(call('*', dec('1514356320000', 19, 0), lit('6'))), '9086137920000');
  assert.equal(show(call('*', dec('1514356320000', 19, 0), dec('1514356320000', 19, 0))), '2293275063923942400000000');
});

test('decimal_divide', () => {
  assert.equal(show(call('/', lit('1.0'), lit('8.0'))), '0.125000');
  assert.equal(show(call('/', lit('2.0'), lit('3.0'))), '0.666667');
  assert.equal(show(call('/', lit('-2'), lit('3.0'))), '-0.666667');
  assert.equal(show(call('/', lit('2.0'), lit('-3'))), '-0.666666666667');
  assert.equal(show(call('/', lit('-7.9'), lit('2'))), '-3.950000000000');
  assert.equal(show(call('/', dec('1.00', 20, 2), dec('3', 2, 1))), '0.333333');
  assert.equal(show(call('/', dec('1.00', 20, 2), dec('3', 4, 3))), '0.3333333');
  assert.equal(show(call('/', dec('1.00', 20, 2), dec('3', 20, 10))), '0.3333333333');
  assert.equal(show(call('/', dec('1.00', 20, 2), dec('3', 20, 16))), '0.333333');
  assert.equal(show(call('/', dec('1.00', 10, 2), lit('2'))), '0.5000000000000');
  assert.equal(show(call('/', lit('2'), dec('1.00', 10, 2))), '2.00000000000');
  assert.equal(call('/', dec('1.00', 10, 2), of(3.0, T.double(false))).v, 0.3333333333333333);
  assert.equal(call('/', of(3.0, T.double(false)), dec('1.00', 10, 2)).v, 3);
  assert.equal(call('/', dec('100000000000000000000', 30, 0), dec('0.000000000000001', 30, 20)).v, null);
  assert.equal(show(call('/', dec('1514356320000', 19, 0), lit('6'))), '252392720000.00000000000');
  assert.equal(show(call('/', dec('1514356320000', 19, 0), dec('1514356320000', 19, 0))), '1.0000000000000000000');
});

test('decimal_mod', () => {
  assert.equal(show(call('%', dec('3.00', 10, 2), dec('5.00', 10, 4))), '3.0000');
  assert.equal(show(call('%', dec('5.00', 10, 4), dec('3.00', 10, 2))), '2.0000');
  assert.equal(show(call('%', dec('3.00', 10, 2), lit('7'))), '3.00');
  assert.equal(show(call('%', lit('7'), dec('3.00', 10, 2))), '1.00');
  assert.equal(show(call('%', dec('-3', 1, 0), dec('5', 1, 0))), '-3');
  assert.equal(show(call('%', dec('3', 1, 0), dec('-5', 1, 0))), '3');
  assert.equal(show(call('%', dec('3.1234', 10, 4), dec('5', 10, 2))), '3.1234');
  assert.equal(show(call('%', dec('1514356320000', 19, 0), lit('6'))), '0');
});

test('FLOAT arithmetic rounds to float', () => {
  const f = (x: number) => of(Math.fround(x), T.float(false));
  const r = call('+', f(0.1), f(0.2));
  assert.equal(typeToString(r.t), 'FLOAT NOT NULL');
  assert.equal(show(r), '0.3');
  assert.equal(show(call('*', f(1.5), lit('2'))), '3.0');
});

test('comparisons (basic_comparisons, decimal_comparison)', () => {
  assert.equal(call('=', lit('1'), lit('1')).v, true);
  assert.equal(call('<>', lit('1'), lit('1')).v, false);
  assert.equal(call('>', lit('5'), lit('2')).v, true);
  assert.equal(call('>=', lit('2'), lit('2')).v, true);
  assert.equal(call('<', lit('5'), lit('2')).v, false);
  const bin = (hex: string): V => ({ v: Uint8Array.from(Buffer.from(hex, 'hex')), t: T.binary(hex.length / 2, false) });
  assert.equal(call('<=', bin('0c'), bin('0b')).v, false);
  assert.equal(call('>', bin('0c'), bin('0b')).v, true);
  assert.equal(call('=', bin('0c'), bin('0c')).v, true);
  assert.equal(call('<', bin('68656C6C6F20636F6465'), bin('68656C6C6F2063617374')).v, false);
  assert.equal(call('<', bin('ff'), bin('ff00')).v, true);
  assert.equal(call('=', dec('1', 8, 2), dec('1', 8, 4)).v, true);
  assert.equal(call('=', dec('1', 8, 2), lit('1')).v, true);
  assert.equal(call('=', dec('1', 8, 2), of(1.0, T.double(false))).v, true);
  assert.equal(call('<', dec('1', 1, 0), dec('99', 2, 0)).v, true);
  assert.equal(call('<', dec('1', 1, 0), lit('99')).v, true);
  assert.equal(call('<', dec('99', 2, 0), dec('1', 1, 0)).v, false);
  assert.equal(call('>', of(3n * 10n ** 16n, T.decimal(20, 16)), NULL(T.decimal(20, 16))).v, null);
  assert.equal(call('=', of(2n ** 62n, T.bigint(false)), of(2n ** 62n, T.bigint(false))).v, true);
  assert.equal(call('<', of(2n ** 62n, T.bigint(false)), of(1.5, T.double(false))).v, false);
  assert.equal(call('<', of(-(2n ** 62n), T.bigint(false)), lit('3')).v, true);
  assert.equal(call('<', str('abc'), str('abd')).v, true);
  assert.equal(call('<', str('Z'), str('a')).v, true);
  assert.equal(call('=', of(NaN, T.double(false)), of(NaN, T.double(false))).v, false);
});

test('null_equality and implicit temporal casts', () => {
  assert.equal(call('=', str('String'), NULL(T.string())).v, null);
  assert.equal(call('=', str('String'), NULL()).v, null);
  assert.equal(call('=', lit('1'), NULL(T.int())).v, null);
  const arr = (...xs: string[]): V => ({ v: xs, t: T.array(T.string(false), false) });
  assert.equal(call('=', arr('hello', 'world'), arr('hello', 'world')).v, true);
  assert.equal(call('=', arr('hello', 'world'), arr('hello1', 'world')).v, false);
  assert.equal(call('=', arr('hello', 'world'), NULL(T.array(T.string()))).v, null);
  const map = (o: Record<string, number>): V => ({ v: new Map(Object.entries(o)), t: T.map(T.string(false), T.int(false), false) });
  assert.equal(call('=', map({ a: 1, b: 2 }), map({ b: 2, a: 1 })).v, true);
  assert.equal(call('=', map({ a: 1, b: 2 }), map({ a: 3, b: 2 })).v, false);
  assert.equal(call('<>', map({ a: 1, b: 2 }), map({ a: 3, b: 2 })).v, true);
  const date = of(ymdToDays(1996, 11, 10), T.date(false));
  assert.equal(call('=', date, str('1996-11-10')).v, true);
  assert.equal(call('=', date, str('1996-11-11')).v, false);
  assert.equal(call('=', str('1996-11-10'), date).v, true);
  const time = of(45296000, T.time(0, false));
  assert.equal(call('=', time, str('12:34:56')).v, true);
  assert.equal(call('=', time, str('13:34:56')).v, false);
  const ts = of(tsAt(parseTimestamp('1996-11-10 12:34:56')!, 6), T.timestamp(6, false));
  assert.equal(call('=', ts, str('1996-11-10 12:34:56')).v, true);
  assert.equal(call('=', ts, str('1996-11-10 12:34:57')).v, false);
  assert.equal(call('<', date, ts).v, true);
});

test('comparison type errors', () => {
  assert.throws(() => call('=', str('a'), lit('1')), /Cannot apply '=' to arguments of type '<CHAR\(1\)> = <INTEGER>'/);
  assert.throws(() => call('<', of([1], T.array(T.int())), of([1], T.array(T.int()))), /Cannot apply '<'/);
  assert.throws(() => call('+', str('a'), lit('1')), /Cannot apply '\+' to arguments of type '<CHAR\(1\)> \+ <INTEGER>'/);
  assert.throws(() => call('AND', lit('1'), of(true, T.boolean())), /Cannot apply 'AND'/);
});

test('IS DISTINCT FROM', () => {
  assert.equal(call('IS DISTINCT FROM', lit('1'), NULL(T.int())).v, true);
  assert.equal(call('IS DISTINCT FROM', NULL(T.int()), NULL(T.int())).v, false);
  assert.equal(call('IS NOT DISTINCT FROM', lit('1'), NULL(T.int())).v, false);
  assert.equal(call('IS NOT DISTINCT FROM', NULL(T.int()), NULL(T.int())).v, true);
  assert.equal(call('IS DISTINCT FROM', dec('1', 8, 2), dec('1', 8, 4)).v, false);
  assert.equal(call('IS DISTINCT FROM', lit('1'), dec('1', 8, 2)).v, false);
  assert.equal(call('IS NOT DISTINCT FROM', of([1, null], T.array(T.int())), of([1, null], T.array(T.int()))).v, true);
  assert.equal(typeToString(resolve('IS DISTINCT FROM', [NULL(T.int()), NULL(T.int())]).returnType), 'BOOLEAN NOT NULL');
});

test('three-valued logic', () => {
  const b = (x: boolean | null): V => ({ v: x, t: T.boolean(true) });
  const and = (x: boolean | null, y: boolean | null) => call('AND', b(x), b(y)).v;
  const or = (x: boolean | null, y: boolean | null) => call('OR', b(x), b(y)).v;
  assert.equal(and(true, true), true);
  assert.equal(and(true, null), null);
  assert.equal(and(false, null), false);
  assert.equal(and(null, false), false);
  assert.equal(or(true, null), true);
  assert.equal(or(false, null), null);
  assert.equal(or(null, true), true);
  assert.equal(or(false, false), false);
  assert.equal(call('NOT', b(null)).v, null);
  assert.equal(call('NOT', b(true)).v, false);
  assert.equal(call('IS TRUE', b(null)).v, false);
  assert.equal(call('IS NOT TRUE', b(null)).v, true);
  assert.equal(call('IS FALSE', b(false)).v, true);
  assert.equal(call('IS NOT FALSE', b(null)).v, true);
  assert.equal(call('IS UNKNOWN', b(null)).v, true);
  assert.equal(call('IS NULL', lit('1')).v, false);
  assert.equal(call('IS NOT NULL', lit('1')).v, true);
  assert.equal(call('IS NULL', NULL(T.int())).v, true);
});

test('|| concatenation', () => {
  const r = call('||', str('ab'), str('cde'));
  assert.equal(r.v, 'abcde');
  assert.equal(typeToString(r.t), 'CHAR(5) NOT NULL');
  assert.equal(typeToString(call('||', str('ab'), of('x', T.string())).t), 'STRING');
  assert.equal(call('||', str('ab'), NULL(T.string())).v, null);
  assert.deepEqual(call('||', of(new Uint8Array([1]), T.bytes()), of(new Uint8Array([2]), T.bytes())).v, new Uint8Array([1, 2]));
  assert.throws(() => call('||', lit('1'), str('a')), /Cannot apply '\|\|'/);
});

test('like_similar', () => {
  const like = (s: string, p: string, e?: string) => call('LIKE', str(s), str(p), ...(e === undefined ? [] : [str(e)])).v;
  assert.equal(like('abcxxxdef', 'abcx%'), true);
  assert.equal(like('abcxxxdef', '%%def'), true);
  assert.equal(like('abcxxxdef', 'abcxxxdef'), true);
  assert.equal(like('abcxxxdef', '%xdef'), true);
  assert.equal(like('abcxxxdef', 'abc%def%'), true);
  assert.equal(like('abcxxxdef', '%abc%def'), true);
  assert.equal(like('abcxxxdef', 'abdxxxdef'), false);
  assert.equal(like('abcxxxdef', '%xqef'), false);
  assert.equal(like('abcxxxdef', 'abc%qef%'), false);
  assert.equal(like('abcxxxdef', '%abc%qef'), false);
  assert.equal(like('TEST', '%EST'), true);
  assert.equal(like('%EST', '.%EST', '.'), true);
  assert.equal(like('XEST', '.%EST', '.'), false);
  assert.equal(call('NOT LIKE', str('TEST'), str('%EST')).v, false);
  assert.equal(like('This is a test String.', 'Th_s%'), true);
  assert.equal(like('%This is a test String.', '&%Th_s%', '&'), true);
  assert.equal(like('a.c', 'a.c'), true);
  assert.equal(like('abc', 'a.c'), false);
  assert.equal(like('a\nb', 'a%b'), true);
  assert.equal(like('(x)', '(_)'), true);
  assert.equal(call('LIKE', str('abc'), NULL(T.string())).v, null);
  const sim = (s: string, p: string, e?: string) => call('SIMILAR TO', str(s), str(p), ...(e === undefined ? [] : [str(e)])).v;
  assert.equal(sim('TEST', '.EST'), true);
  assert.equal(call('NOT SIMILAR TO', str('TEST'), str('.EST')).v, false);
  assert.equal(sim('This is a test String.', 'This (is)? a (test)+ Strin_*'), true);
  assert.equal(sim('*_This is a test String.', '&*&__*', '&'), true);
  assert.equal(sim('abc', '(a|b)%'), true);
  assert.equal(sim('abc', '[a-b]+'), false);
  // a non-literal pattern compiles per distinct value
  const r = resolve('LIKE', [of('x', T.string()), of('y', T.string())]);
  const f = r.impl as (s: string, p: string) => boolean;
  assert.equal(f('abc', 'a%'), true);
  assert.equal(f('abc', 'b%'), false);
  assert.throws(() => likeToRegExp('a&b', '&'), WeirError);
  assert.ok(similarToRegExp('a{2}').test('aa'));
});

test('datetime and interval arithmetic', () => {
  const day = 86_400_000;
  const d = of(ymdToDays(2020, 1, 31), T.date(false));
  const iym = (m: number) => of(m, T.intervalYearMonth('MONTH', 2, false));
  const idt = (ms: number) => of(ms, T.intervalDayTime('DAY', 2, 3, false));
  assert.equal(show(call('+', d, iym(1))), '2020-02-29');
  assert.equal(show(call('-', d, iym(12))), '2019-01-31');
  assert.equal(show(call('+', d, idt(2 * day))), '2020-02-02');
  assert.equal(show(call('+', idt(day), d)), '2020-02-01');
  const ts = of(parseTimestamp('2020-04-15 08:05:00')!, T.timestamp(3, false));
  assert.equal(show(call('-', ts, idt(1000))), '2020-04-15 08:04:59.000');
  assert.equal(show(call('+', ts, iym(10))), '2021-02-15 08:05:00.000');
  assert.equal(show(call('+', of(3600000, T.time(0, false)), idt(-2 * 3600000))), '23:00:00');
  assert.equal(show(call('+', idt(day), idt(1000))), '+1 00:00:01.000');
  assert.equal(show(call('*', idt(1000), lit('3'))), '+0 00:00:03.000');
  assert.equal(show(call('*', lit('2'), iym(5))), '+0-10');
  assert.equal(show(call('NEGATE', iym(5))), '-0-05');
});
