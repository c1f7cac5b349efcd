/** Unit tests for the numeric functions, from the acceptance cases in functions/math and arithmetic. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T } from '../../types/logical-type.ts';
import { checkAll, lit, resolveCall, call } from './lib/testing.ts';
import type { TestArg } from './lib/testing.ts';
import { typeToString, type LogicalType } from '../../types/logical-type.ts';

const i = (v: number): TestArg => lit(T.int(false), v);
const ti = (v: number): TestArg => lit(T.tinyint(false), v);
const si = (v: number): TestArg => lit(T.smallint(false), v);
const bi = (v: number | bigint): TestArg => lit(T.bigint(false), v);
const fl = (v: number): TestArg => lit(T.float(false), Math.fround(v));
const db = (v: number): TestArg => lit(T.double(false), v);
/** DECIMAL(p, s) from its text. */
const dec = (text: string, p: number, s: number): TestArg => {
  const neg = text.startsWith('-');
  const [ip, fp = ''] = text.replace('-', '').split('.') as [string, string?];
  const u = BigInt(ip + fp.padEnd(s, '0').slice(0, s)) * (neg ? -1n : 1n);
  return lit(T.decimal(p, s, false), Number.isSafeInteger(Number(u)) ? Number(u) : u);
};
const NULL = (t: LogicalType = T.int()): TestArg => lit(t, null);

test('abs, floor, ceil, sign', () => {
  const f15 = dec('-1231.1231231321321321111', 38, 19);
  checkAll([
    ['ABS', [ti(42)], 42],
    ['ABS', [ti(-42)], 42],
    ['ABS', [si(-43)], 43],
    ['ABS', [bi(-44)], 44],
    ['ABS', [fl(-4.5)], 4.5],
    ['ABS', [db(-4.6)], 4.6],
    ['ABS', [f15], '1231.1231231321321321111'],
    ['FLOOR', [fl(4.5)], 4.0],
    ['CEIL', [fl(4.5)], 5.0],
    ['FLOOR', [si(43)], 43],
    ['FLOOR', [f15], '-1232'],
    ['CEIL', [f15], '-1231'],
    ['SIGN', [bi(44)], 1],
    ['SIGN', [db(4.6)], 1.0],
    ['SIGN', [f15], '-1.0000000000000000000'],
    ['SIGN', [NULL(T.decimal(38, 19))], null],
    ['SIGN', [dec('3.14', 10, 2)], '1.00'],
    ['SIGN', [dec('-3.14', 10, 2)], '-1.00'],
    ['SIGN', [dec('0', 10, 2)], '0.00'],
    ['ABS', [dec('-3.14', 10, 2)], '3.14'],
    ['FLOOR', [dec('3.14', 10, 2)], '3'],
    ['CEIL', [dec('3.14', 10, 2)], '4'],
    ['CEILING', [dec('2.5', 2, 1)], '3'],
    ['SIGN', [dec('-1.1', 2, 1)], '-1.0'],
  ]);
  assert.equal(typeToString(resolveCall('FLOOR', [si(43)]).returnType), 'SMALLINT NOT NULL');
});

test('log', () => {
  checkAll([
    ['LOG', [db(4.6)], 1.5260563034950492],
    ['LOG', [db(10), db(100)], 2.0],
    ['LOG', [db(24.6)], 3.202746442938317],
    ['LOG', [i(10)], 2.302585092994046],
    ['LOG', [i(10), i(100)], 2.0],
    ['LOG', [NULL(T.double())], null],
    ['LOG', [NULL(T.double()), i(1)], null],
    ['LOG2', [db(4.6)], 2.2016338611696504],
    ['LOG2', [db(100)], 6.643856189774725],
    ['LOG2', [db(24.6)], 4.620586410451877],
    ['LOG2', [i(10)], 3.3219280948873626],
  ]);
});

test('power, sqrt, transcendental', () => {
  checkAll([
    ['POWER', [ti(42), i(3)], 74088.0],
    ['POWER', [db(2), bi(44)], 17592186044416.0],
    ['POWER', [fl(4.5), i(3)], 91.125],
    ['SQRT', [i(25)], 5.0],
    ['SQRT', [db(4.6)], 2.1447610589527217],
    ['SQRT', [bi(44)], 6.6332495807108],
    ['POWER', [db(2.2), db(0.5)], 1.4832396974191326],
    ['POWER', [i(5), i(5)], 3125.0],
    ['LN', [i(1)], 0.0],
    ['LOG10', [i(1)], 0.0],
    ['EXP', [i(0)], 1.0],
    ['SIN', [dec('2.5', 2, 1)], 0.5984721441039564],
    ['SINH', [dec('2.5', 2, 1)], 6.0502044810397875],
    ['COS', [dec('2.5', 2, 1)], -0.8011436155469337],
    ['TAN', [dec('2.5', 2, 1)], -0.7470222972386603],
    ['COT', [dec('2.5', 2, 1)], -1.3386481283041514],
    ['ASIN', [dec('0.5', 1, 1)], 0.5235987755982989],
    ['ACOS', [dec('0.5', 1, 1)], 1.0471975511965979],
    ['ATAN', [dec('0.5', 1, 1)], 0.4636476090008061],
    ['ATAN2', [dec('0.5', 1, 1), dec('0.5', 1, 1)], 0.7853981633974483],
    ['COSH', [dec('2.5', 2, 1)], 6.132289479663686],
    ['TANH', [dec('2.5', 2, 1)], 0.9866142981514303],
    ['DEGREES', [dec('0.5', 1, 1)], 28.64788975654116],
    ['RADIANS', [dec('0.5', 1, 1)], 0.008726646259971648],
    ['PI', [], 3.141592653589793],
    ['E', [], 2.718281828459045],
  ]);
});

test('seeded rand matches java.util.Random', () => {
  assert.equal(call('RAND', [i(1)]), 0.7308781907032909);
  assert.equal(call('RAND', [i(3)]), 0.731057369148862);
  assert.equal(call('RAND_INTEGER', [i(1), i(10)]), 5);
  assert.equal(call('RAND_INTEGER', [i(3), i(10)]), 4);
  assert.equal(call('RAND_INTEGER', [i(3), i(3)]), 2);
  assert.equal(call('RAND_INTEGER', [i(3), i(99)]), 50);
  assert.equal(call('RAND_INTEGER', [i(3), i(44)]), 6);
  assert.equal(call('RAND', [NULL()]), null);
  // one generator per call site: the sequence continues row after row
  const r = resolveCall('RAND', [i(1)]);
  const f = r.impl as (s: number) => number;
  assert.equal(f(1), 0.7308781907032909);
  assert.notEqual(f(1), 0.7308781907032909);
  assert.equal(r.deterministic, false);
});

test('round', () => {
  checkAll([
    ['ROUND', [dec('125.315', 6, 3)], '125'],
    ['ROUND', [dec('-125.315', 6, 3), i(2)], '-125.32'],
    ['ROUND', [dec('125.315', 6, 3), i(0)], '125'],
    ['ROUND', [dec('1.4', 2, 1), i(1)], '1.4'],
    ['ROUND', [db(0.46), i(1)], 0.5],
    ['ROUND', [bi(44), i(-1)], 40],
    ['ROUND', [ti(123), i(-2)], 100],
    ['ROUND', [si(123)], 123],
    ['ROUND', [NULL(), i(-2)], null],
    ['ROUND', [bi(123), NULL()], null],
    ['ROUND', [fl(1.2345), i(3)], 1.235],
    ['ROUND', [fl(1.2345)], 1.0],
    ['ROUND', [db(1.2345), i(3)], 1.235],
    ['ROUND', [dec('1.2345', 5, 4), i(3)], '1.235'],
    ['ROUND', [dec('1.2345', 5, 4)], '1'],
    ['ROUND', [dec('12345.12345', 10, 5), i(2)], '12345.12'],
    ['ROUND', [dec('-12.345', 5, 3), i(2)], '-12.35'],
    ['ROUND', [dec('155', 3, 0), i(-1)], '160'],
  ]);
  assert.equal(typeToString(resolveCall('ROUND', [dec('12345.12345', 10, 5), i(2)]).returnType), 'DECIMAL(8, 2) NOT NULL');
});

test('truncate', () => {
  checkAll([
    ['TRUNCATE', [db(0.46), i(1)], 0.4],
    ['TRUNCATE', [db(0.46)], 0.0],
    ['TRUNCATE', [dec('-0.1231231321321321111', 38, 19), i(3)], '-0.123'],
    ['TRUNCATE', [dec('-0.1231231321321321111', 38, 19)], '0'],
    ['TRUNCATE', [bi(44), i(-1)], 40],
    ['TRUNCATE', [bi(44)], 44],
    ['TRUNCATE', [db(Math.fround(0.45)), i(1)], 0.4],
    ['TRUNCATE', [dec('-0.123123132132132111', 38, 18), i(2)], '-0.12'],
    ['TRUNCATE', [fl(0.45), i(1)], 0.4],
    ['TRUNCATE', [fl(4.5)], 4.0],
    ['TRUNCATE', [i(42), i(-1)], 40],
    ['TRUNCATE', [i(42), i(-3)], 0],
    ['TRUNCATE', [i(42)], 42],
    ['TRUNCATE', [NULL(), i(1)], null],
    ['TRUNCATE', [dec('43.21', 4, 2), NULL()], null],
    ['TRUNCATE', [dec('42.345', 5, 3), i(2)], '42.34'],
    ['TRUNCATE', [dec('123.456', 6, 3), i(2)], '123.45'],
    ['TRUNCATE', [dec('42.345', 5, 3)], '42'],
  ]);
});

test('mod', () => {
  checkAll([
    ['MOD', [i(-26), i(5)], -1],
    ['MOD', [dec('3.00', 10, 2), dec('5.0000', 10, 4)], '3.0000'],
    ['MOD', [dec('5.0000', 10, 4), dec('3.00', 10, 2)], '2.0000'],
    ['MOD', [dec('3.00', 10, 2), i(7)], '3.00'],
    ['MOD', [i(7), dec('3.00', 10, 2)], '1.00'],
    ['MOD', [dec('3', 1, 0), dec('5', 1, 0)], '3'],
    ['MOD', [dec('-3', 1, 0), dec('5', 1, 0)], '-3'],
    ['MOD', [dec('3', 1, 0), dec('-5', 1, 0)], '3'],
    ['MOD', [dec('3.1234', 10, 4), dec('5', 10, 2)], '3.1234'],
    ['MOD', [dec('1514356320000', 19, 0), dec('1514356320000', 19, 0)], '0'],
    ['MOD', [dec('1514356320000', 19, 0), i(6)], 0],
    ['MOD', [bi(44), i(3)], 2],
  ]);
  assert.equal(typeToString(resolveCall('MOD', [bi(44), i(3)]).returnType), 'INT NOT NULL');
});
