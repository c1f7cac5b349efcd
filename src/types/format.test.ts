import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { T } from './logical-type.ts';
import {
  formatValue,
  fromJsonValue,
  javaDoubleToString,
  javaFloatToString,
  parseJsonExact,
  toJsonValue,
  formatIntervalDayTime,
  formatIntervalYearMonth,
} from './format.ts';
import { parseTimestamp, ymdToDays } from './temporal.ts';

test('Java Double.toString', () => {
  const cases: [number, string][] = [
    [1, '1.0'],
    [-1, '-1.0'],
    [0, '0.0'],
    [-0, '-0.0'],
    [0.1, '0.1'],
    [3125, '3125.0'],
    [1e7, '1.0E7'],
    [9999999, '9999999.0'],
    [12345678.9, '1.23456789E7'],
    [0.001, '0.001'],
    [0.0001, '1.0E-4'],
    [1.7976931348623157e308, '1.7976931348623157E308'],
    [4.9e-324, '4.9E-324'],
    [0.3333333333333333, '0.3333333333333333'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
    [100, '100.0'],
    [1e21, '1.0E21'],
    [-2.5e-5, '-2.5E-5'],
  ];
  for (const [x, s] of cases) assert.equal(javaDoubleToString(x), s, String(x));
  fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
    const s = javaDoubleToString(x);
    assert.ok(Object.is(Number(s), x), s);
  }));
});

test('Java Float.toString', () => {
  assert.equal(javaFloatToString(Math.fround(123.456789)), '123.45679');
  assert.equal(javaFloatToString(Math.fround(0.1)), '0.1');
  assert.equal(javaFloatToString(Math.fround(1e10)), '1.0E10');
  assert.equal(javaFloatToString(Math.fround(-12.345)), '-12.345');
  assert.equal(javaFloatToString(Math.fround(3.4028235e38)), '3.4028235E38');
  assert.equal(javaFloatToString(Math.fround(1.4e-45)), '1.4E-45');
  fc.assert(fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (x) => {
    const s = javaFloatToString(x);
    assert.ok(Object.is(Math.fround(Number(s)), x), s);
  }));
});

test('formatValue scalars', () => {
  assert.equal(formatValue(true, T.boolean()), 'TRUE');
  assert.equal(formatValue(false, T.boolean()), 'FALSE');
  assert.equal(formatValue(-5, T.int()), '-5');
  assert.equal(formatValue(-(2n ** 63n), T.bigint()), '-9223372036854775808');
  assert.equal(formatValue(1220, T.decimal(38, 2)), '12.20');
  assert.equal(formatValue(-1220, T.decimal(38, 2)), '-12.20');
  assert.equal(formatValue(0, T.decimal(38, 2)), '0.00');
  assert.equal(formatValue(-5, T.decimal(10, 3)), '-0.005');
  assert.equal(formatValue(10n ** 37n, T.decimal(38, 18)), '10000000000000000000.000000000000000000');
  assert.equal(formatValue('ab   ', T.char(5)), 'ab   ');
  assert.equal(formatValue(new Uint8Array([104, 105]), T.bytes()), 'hi');
  assert.equal(formatValue(Math.fround(123.45679), T.float()), '123.45679');
  assert.equal(formatValue(1e10, T.double()), '1.0E10');
  assert.equal(formatValue(null, T.int()), 'NULL');
});

test('formatValue temporal and intervals (CastFunctionITCase)', () => {
  assert.equal(formatValue(ymdToDays(2021, 9, 24), T.date()), '2021-09-24');
  assert.equal(formatValue(45296123, T.time(3)), '12:34:56');
  const ts = parseTimestamp('2021-09-24 12:34:56.123456')!;
  assert.equal(formatValue(ts, T.timestamp(6)), '2021-09-24 12:34:56.123456');
  assert.equal(formatValue(parseTimestamp('2021-09-24 12:34:56.1')!, T.timestamp(3)), '2021-09-24 12:34:56.100');
  assert.equal(formatValue(parseTimestamp('2021-04-06 11:05:30')!, T.timestamp(0)), '2021-04-06 11:05:30');
  assert.equal(formatValue(4001, T.timestampLtz(3), 'UTC'), '1970-01-01 00:00:04.001');
  assert.equal(formatValue(4001, T.timestampLtz(3), 'Asia/Shanghai'), '1970-01-01 08:00:04.001');
  assert.equal(formatValue(84, T.intervalYearMonth('YEAR')), '+7-00');
  assert.equal(formatValue(5, T.intervalYearMonth('MONTH')), '+0-05');
  assert.equal(formatValue(123, T.intervalYearMonth()), '+10-03');
  assert.equal(formatIntervalYearMonth(-123), '-10-03');
  assert.equal(formatValue(10, T.intervalDayTime('SECOND')), '+0 00:00:00.010');
  assert.equal(formatValue(123456789, T.intervalDayTime()), '+1 10:17:36.789');
  assert.equal(formatValue(36 * 3600000, T.intervalDayTime('HOUR')), '+1 12:00:00.000');
  assert.equal(formatIntervalDayTime(-50000), '-0 00:00:50.000');
});

test('formatValue collections', () => {
  assert.equal(formatValue([null, 456], T.array(T.int())), '[NULL, 456]');
  assert.equal(formatValue(new Map([['a', -123]]), T.map(T.string(), T.intervalYearMonth())), '{a=-10-03}');
  assert.equal(formatValue([null, 'abc'], T.row([{ name: 'a', type: T.int() }, { name: 'b', type: T.string() }])), '(NULL, abc)');
  assert.equal(formatValue(new Map([['a', 2]]), T.multiset(T.string())), '{a=2}');
  assert.equal(formatValue([[1, 2], []], T.array(T.array(T.int()))), '[[1, 2], []]');
  assert.equal(formatValue([true], T.array(T.boolean())), '[TRUE]');
});

test('toJsonValue', () => {
  assert.equal(toJsonValue(null, T.int()), null);
  assert.equal(toJsonValue(2n ** 60n, T.bigint()), '1152921504606846976');
  assert.equal(toJsonValue(42, T.bigint()), 42);
  assert.equal(toJsonValue(Math.fround(123.45679), T.float()), 123.45679);
  assert.equal(toJsonValue(NaN, T.double()), 'NaN');
  assert.equal(toJsonValue(12300, T.decimal(10, 4)), '1.2300');
  assert.equal(toJsonValue(ymdToDays(2020, 4, 15), T.date()), '2020-04-15');
  assert.equal(toJsonValue(45296123, T.time(3)), '12:34:56.123');
  assert.equal(toJsonValue(45296000, T.time(0)), '12:34:56');
  assert.equal(toJsonValue(parseTimestamp('2020-04-15 08:05:00')!, T.timestamp(3)), '2020-04-15 08:05:00.000');
  assert.equal(toJsonValue(0, T.timestampLtz(3), 'Asia/Shanghai'), '1970-01-01 08:00:00.000');
  assert.equal(toJsonValue(new Uint8Array([1, 2, 3]), T.bytes()), 'AQID');
  assert.deepEqual(toJsonValue([1, null], T.array(T.int())), [1, null]);
  assert.deepEqual(toJsonValue(new Map([['a', 1]]), T.map(T.string(), T.int())), { a: 1 });
  // BOOLEAN keys as JSON writes a boolean, not CAST(… AS STRING)'s 'TRUE'
  assert.deepEqual(toJsonValue(new Map([[true, true]]), T.map(T.boolean(), T.boolean())), { true: true });
  assert.deepEqual(toJsonValue(new Map([[false, 2]]), T.multiset(T.boolean())), { false: 2 });
  assert.deepEqual(toJsonValue([1, 'x'], T.row([{ name: 'a', type: T.int() }, { name: 'b', type: T.string() }])), [1, 'x']);
  assert.equal(toJsonValue(123, T.intervalYearMonth()), '+10-03');
});

test('parseJsonExact', () => {
  assert.deepEqual(parseJsonExact('{"a":1,"b":[1.5,"x"]}'), { a: 1, b: [1.5, 'x'] });
  assert.deepEqual(parseJsonExact('{"a":9223372036854775807,"b":-9223372036854775808}'), {
    a: 9223372036854775807n,
    b: -9223372036854775808n,
  });
  assert.deepEqual(parseJsonExact('[1234567890123456, 12345678901234567.5, 1.234567890123456789, 0.5]'), [
    1234567890123456,
    '12345678901234567.5',
    '1.234567890123456789',
    0.5,
  ]);
  assert.deepEqual(parseJsonExact('{"s":"12345678901234567890","n":1}'), { s: '12345678901234567890', n: 1 });
});

test('fromJsonValue scalars', () => {
  assert.equal(fromJsonValue(true, T.boolean()), true);
  assert.equal(fromJsonValue('false', T.boolean()), false);
  assert.throws(() => fromJsonValue('x', T.boolean()));
  assert.equal(fromJsonValue(12, T.int()), 12);
  assert.equal(fromJsonValue(' 12 ', T.int()), 12);
  assert.equal(fromJsonValue(12.7, T.int()), 12);
  assert.throws(() => fromJsonValue('abc', T.int()), /Failed to convert/);
  assert.throws(() => fromJsonValue(3000000000, T.int()), /out of range/);
  assert.throws(() => fromJsonValue(200, T.tinyint()), /out of range/);
  assert.equal(fromJsonValue(9223372036854775807n, T.bigint()), 9223372036854775807n);
  assert.equal(fromJsonValue('-9223372036854775808', T.bigint()), -9223372036854775808n);
  assert.throws(() => fromJsonValue('9223372036854775808', T.bigint()));
  assert.equal(fromJsonValue(1.5, T.double()), 1.5);
  assert.equal(fromJsonValue('1.5', T.float()), 1.5);
  assert.equal(fromJsonValue(4.0, T.decimal(10, 2)), 400);
  assert.equal(fromJsonValue('10.005', T.decimal(10, 2)), 1001);
  assert.equal(fromJsonValue('-10.005', T.decimal(10, 2)), -1001);
  assert.equal(fromJsonValue('1.234567890123456789', T.decimal(38, 18)), 1234567890123456789n);
  assert.equal(fromJsonValue(123456, T.decimal(5, 2)), null);
  assert.equal(fromJsonValue('ab', T.char(4)), 'ab  ');
  assert.equal(fromJsonValue(12, T.string()), '12');
  assert.deepEqual(fromJsonValue('AQID', T.bytes()), new Uint8Array([1, 2, 3]));
});

test('fromJsonValue temporal', () => {
  assert.equal(fromJsonValue('2020-04-15', T.date()), ymdToDays(2020, 4, 15));
  assert.throws(() => fromJsonValue('2020/04/15', T.date()));
  assert.equal(fromJsonValue('12:34:56', T.time(0)), 45296000);
  assert.equal(fromJsonValue('12:34:56.789', T.time(0)), 45296000);
  assert.equal(fromJsonValue('12:34:56.789', T.time(3)), 45296789);
  const ts = parseTimestamp('2020-04-15 08:05:00') as number;
  assert.equal(fromJsonValue('2020-04-15 08:05:00', T.timestamp(3)), ts);
  assert.equal(fromJsonValue('2020-04-15T08:05:00', T.timestamp(3)), ts);
  assert.equal(fromJsonValue('2020-04-15 08:05:00.123456', T.timestamp(3)), ts + 123);
  assert.equal(fromJsonValue('2020-04-15 08:05:00Z', T.timestampLtz(3)), ts);
  assert.equal(fromJsonValue('2020-04-15 08:05:00', T.timestampLtz(3)), ts);
  assert.equal(fromJsonValue('2020-04-15T08:05:00+08:00', T.timestampLtz(3)), ts - 8 * 3600000);
  assert.throws(() => fromJsonValue('nope', T.timestamp(3)), /Failed to convert/);
});

test('fromJsonValue collections', () => {
  const rt = T.row([{ name: 'a', type: T.int() }, { name: 'b', type: T.array(T.string()) }]);
  assert.deepEqual(fromJsonValue({ b: ['x', null], a: 1 }, rt), [1, ['x', null]]);
  assert.deepEqual(fromJsonValue({ a: 1 }, rt), [1, null]);
  assert.deepEqual(fromJsonValue([1, ['y']], rt), [1, ['y']]);
  assert.deepEqual(fromJsonValue({ k: 1 }, T.map(T.string(), T.bigint())), new Map([['k', 1]]));
  assert.deepEqual(fromJsonValue({ '7': 'x' }, T.map(T.int(), T.string())), new Map([[7, 'x']]));
  assert.throws(() => fromJsonValue(5, T.array(T.int())), /expected an array/);
});

test('JSON round trip', () => {
  const types = [T.int(), T.bigint(), T.decimal(38, 10), T.string(), T.date(), T.timestamp(3), T.timestamp(6), T.boolean()];
  const samples: unknown[] = [5, 2n ** 62n, 12345678901234567890123n, 'héllo', 18000, parseTimestamp('2021-01-02 03:04:05.678')!, parseTimestamp('2021-01-02 03:04:05.678901')!, true];
  types.forEach((t, i) => {
    const j = JSON.stringify(toJsonValue(samples[i], t));
    assert.deepEqual(fromJsonValue(parseJsonExact(j), t), samples[i]);
  });
});
