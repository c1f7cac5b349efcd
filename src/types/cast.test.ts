import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T, type LogicalType } from './logical-type.ts';
import { WeirError } from '../common/error.ts';
import { canCast, canImplicitCast, castFunction, castValidationError } from './cast.ts';
import { formatValue } from './format.ts';
import { parseDecimalUnscaled } from './decimal.ts';
import { parseTimestamp, ymdToDays } from './temporal.ts';

const cast = (v: unknown, from: LogicalType, to: LogicalType, zone = 'UTC') => castFunction(from, to, false, zone)(v);
const tryCast = (v: unknown, from: LogicalType, to: LogicalType) => castFunction(from, to, true)(v);
const dec = (text: string, p: number, s: number) => ({ v: parseDecimalUnscaled(text, s)!, t: T.decimal(p, s) });
const str = (v: unknown, t: LogicalType, zone = 'UTC') => (v === null ? null : formatValue(v, t, zone));

test('numeric narrowing (numeric_narrowing_overflow)', () => {
  const d1 = dec('9123.87', 10, 3);
  assert.equal(cast(d1.v, d1.t, T.tinyint()), -93);
  const d2 = dec('91235.87', 10, 3);
  assert.equal(cast(d2.v, d2.t, T.smallint()), 25699);
  const d3 = dec('3276913443134.87', 20, 3);
  assert.equal(cast(d3.v, d3.t, T.int()), -146603714);
  assert.equal(cast(12345, T.smallint(), T.tinyint()), 57);
  assert.equal(cast(-12345, T.smallint(), T.tinyint()), -57);
  assert.equal(cast(1234567, T.int(), T.tinyint()), -121);
  assert.equal(cast(-1234567, T.int(), T.tinyint()), 121);
  assert.equal(cast(1234567, T.int(), T.smallint()), -10617);
  assert.equal(cast(12345678901, T.bigint(), T.int()), -539222987);
  assert.equal(cast(-12345678901, T.bigint(), T.int()), 539222987);
  assert.equal(cast(12345678901, T.bigint(), T.smallint()), 7221);
  assert.equal(cast(Math.fround(123456.78), T.float(), T.smallint()), -7616);
  assert.equal(cast(123456.789, T.double(), T.smallint()), -7616);
  assert.equal(cast(9234567891.12345, T.double(), T.int()), 2147483647);
  assert.equal(cast(Math.fround(9234567891.12), T.float(), T.int()), 2147483647);
  assert.equal(cast(1e30, T.double(), T.bigint()), 2n ** 63n - 1n);
  assert.equal(cast(-1e30, T.double(), T.bigint()), -(2n ** 63n));
  assert.equal(cast(NaN, T.double(), T.int()), 0);
  assert.equal(cast(-2.9, T.double(), T.int()), -2);
  assert.equal(cast(2n ** 62n, T.bigint(), T.bigint()), 2n ** 62n);
});

test('integer_overflow: decimal to integral wraps', () => {
  const a = dec('128', 38, 18);
  assert.equal(cast(a.v, a.t, T.tinyint()), -128);
  const b = dec('32768', 38, 18);
  assert.equal(cast(b.v, b.t, T.smallint()), -32768);
  const c = dec('2147483648', 38, 18);
  assert.equal(cast(c.v, c.t, T.int()), -2147483648);
  const d = dec('9223372036854775808', 38, 18);
  assert.equal(cast(d.v, d.t, T.bigint()), -(2n ** 63n));
  const e = dec('-1.9', 10, 1);
  assert.equal(cast(e.v, e.t, T.int()), -1);
});

test('to_decimal', () => {
  const t53 = T.decimal(5, 3);
  const t84 = T.decimal(8, 4);
  assert.equal(str(cast('1.234', T.string(), t53), t53), '1.234');
  assert.equal(str(cast('1.2', T.string(), t53), t53), '1.200');
  assert.equal(str(cast(true, T.boolean(), t53), t53), '1.000');
  assert.equal(str(cast(false, T.boolean(), t53), t53), '0.000');
  const d = dec('9.87', 4, 3);
  assert.equal(str(cast(d.v, d.t, t53), t53), '9.870');
  assert.equal(str(cast(-1, T.tinyint(), t53), t53), '-1.000');
  assert.equal(str(cast(3, T.smallint(), t53), t53), '3.000');
  assert.equal(str(cast(42, T.int(), t53), t53), '42.000');
  assert.equal(str(cast(8, T.bigint(), t53), t53), '8.000');
  assert.equal(str(cast(Math.fround(-12.345), T.float(), t53), t53), '-12.345');
  assert.equal(str(cast(12.678, T.double(), t53), t53), '12.678');
  assert.equal(str(cast(3.123456, T.double(), t84), t84), '3.1235');
  const e = dec('12.34561234', 10, 8);
  assert.equal(str(cast(e.v, e.t, t84), t84), '12.3456');
  assert.equal(cast(12345, T.int(), t84), null);
  assert.equal(cast(Math.fround(12345.678912), T.float(), t84), null);
  assert.throws(() => cast('12345.6789', T.string(), t84), WeirError);
  assert.equal(tryCast('12345.6789', T.string(), t84), null);
  assert.equal(cast(2n ** 63n - 1n, T.bigint(), T.decimal(19, 0)), 2n ** 63n - 1n);
});

test('string to numbers and booleans', () => {
  assert.throws(() => cast('Apache', T.string(), T.int()), (e: unknown) => e instanceof WeirError && e.code === 'CAST_ERROR');
  assert.throws(() => cast('-3276913443134', T.string(), T.int()), WeirError);
  assert.throws(() => cast('-130', T.string(), T.tinyint()), WeirError);
  assert.equal(cast(' 42 ', T.string(), T.int()), 42);
  assert.equal(cast('-128', T.string(), T.tinyint()), -128);
  assert.equal(cast('1.9', T.string(), T.int()), 1);
  assert.equal(cast('9223372036854775807', T.string(), T.bigint()), 2n ** 63n - 1n);
  assert.throws(() => cast('9223372036854775808', T.string(), T.bigint()), WeirError);
  assert.equal(tryCast('Apache', T.string(), T.int()), null);
  assert.equal(cast('1.5e2', T.string(), T.double()), 150);
  assert.equal(cast(' NaN ', T.string(), T.double()), NaN);
  assert.equal(cast('-Infinity', T.string(), T.double()), -Infinity);
  assert.throws(() => cast('1,5', T.string(), T.double()), WeirError);
  assert.equal(cast('true', T.string(), T.boolean()), true);
  assert.equal(cast(' FALSE ', T.string(), T.boolean()), false);
  assert.equal(cast('yes', T.string(), T.boolean()), true);
  assert.equal(cast('0', T.string(), T.boolean()), false);
  assert.throws(() => cast('', T.string(), T.boolean()), WeirError);
  assert.throws(() => cast('Apache Flink', T.string(), T.boolean()), WeirError);
  assert.equal(tryCast('Apache Flink', T.string(), T.boolean()), null);
  assert.equal(cast(5, T.int(), T.boolean()), true);
  assert.equal(cast(0, T.int(), T.boolean()), false);
  assert.equal(cast(true, T.boolean(), T.int()), 1);
  assert.equal(cast(false, T.boolean(), T.double()), 0);
});

test('to_date_time_timestamp', () => {
  assert.equal(str(cast('123', T.string(), T.date()), T.date()), '0123-01-01');
  assert.equal(str(cast('2021-09-27', T.string(), T.date()), T.date()), '2021-09-27');
  assert.equal(str(cast('2021-09-27 12:34:56.123456789', T.string(), T.date()), T.date()), '2021-09-27');
  const ts = parseTimestamp('2021-09-24 12:34:56.123456')!;
  assert.equal(str(cast(ts, T.timestamp(6), T.date()), T.date()), '2021-09-24');
  assert.equal(str(cast('123', T.string(), T.time(0)), T.time(0)), '23:00:00');
  assert.equal(str(cast('123:45', T.string(), T.time(0)), T.time(0)), '23:45:00');
  assert.equal(str(cast('12:34:56.123456789', T.string(), T.time(0)), T.time(0)), '12:34:56');
  assert.equal(str(cast(ts, T.timestamp(6), T.time(0)), T.time(0)), '12:34:56');
  assert.equal(str(cast('2021-09-27', T.string(), T.timestamp(9)), T.timestamp(9)), '2021-09-27 00:00:00.000000000');
  assert.equal(str(cast(ymdToDays(2021, 9, 24), T.date(), T.timestamp(9)), T.timestamp(9)), '2021-09-24 00:00:00.000000000');
  assert.equal(str(cast(45296123, T.time(5), T.timestamp(9)), T.timestamp(9)), '1970-01-01 12:34:56.000000000');
  assert.equal(str(cast(ts, T.timestamp(6), T.timestamp(9)), T.timestamp(9)), '2021-09-24 12:34:56.123456000');
  const t7 = parseTimestamp('2021-09-24 12:34:56.1234567')!;
  assert.equal(str(cast(t7, T.timestamp(9), T.timestamp(4)), T.timestamp(9)), '2021-09-24 12:34:56.123400000');
  assert.equal(str(cast(t7, T.timestamp(9), T.timestamp(6)), T.timestamp(6)), '2021-09-24 12:34:56.123456');
  assert.throws(() => cast('2021/09/27', T.string(), T.date()), WeirError);
  assert.throws(() => cast('2021-09-27 12:34:56', T.string(), T.time(0)), WeirError);
  assert.throws(() => cast('123', T.string(), T.timestamp(9)), WeirError);
  assert.equal(tryCast('123', T.string(), T.timestamp(9)), null);
});

test('TIMESTAMP <-> TIMESTAMP_LTZ via the session zone (ltz_extract_cast_shanghai)', () => {
  const z = 'Asia/Shanghai';
  const ltz3 = T.timestampLtz(3);
  const a = cast(parseTimestamp('2018-03-14 19:01:02.123')!, T.timestamp(3), ltz3, z);
  assert.equal(str(a, ltz3, z), '2018-03-14 19:01:02.123');
  assert.equal(str(a, ltz3, 'UTC'), '2018-03-14 11:01:02.123');
  const b = cast(parseTimestamp('2018-03-14 01:02:03')!, T.timestamp(0), T.timestampLtz(0), z);
  assert.equal(str(cast(b, T.timestampLtz(0), T.time(0), z), T.time(0)), '01:02:03');
  assert.equal(str(cast(b, T.timestampLtz(0), T.date(), z), T.date()), '2018-03-14');
  assert.equal(str(cast(b, T.timestampLtz(0), T.timestamp(3), z), T.timestamp(3)), '2018-03-14 01:02:03.000');
  const c = cast(parseTimestamp('1970-01-01 08:00:01.123456')!, T.timestamp(6), T.timestampLtz(6), z);
  assert.equal(str(cast(c, T.timestampLtz(6), ltz3, z), ltz3, z), '1970-01-01 08:00:01.123');
  assert.equal(str(cast(c, T.timestampLtz(6), T.timestampLtz(9), z), T.timestampLtz(9), z), '1970-01-01 08:00:01.123456000');
  assert.equal(str(cast(ymdToDays(1990, 10, 14), T.date(), ltz3, z), ltz3, z), '1990-10-14 00:00:00.000');
  assert.equal(str(cast(37245000, T.time(0), ltz3, z), ltz3, z), '1970-01-01 10:20:45.000');
  assert.equal(str(cast('2018-03-14 01:02:03', T.string(), ltz3, z), ltz3, 'UTC'), '2018-03-13 17:02:03.000');
  // DST gap in New York
  const gap = cast(parseTimestamp('2021-03-14 02:30:00')!, T.timestamp(0), T.timestampLtz(0), 'America/New_York');
  assert.equal(str(gap, T.timestampLtz(0), 'America/New_York'), '2021-03-14 03:30:00');
  assert.equal(cast(4001, T.timestampLtz(3), T.bigint()), 4);
});

test('to string (to_string_temporal_collections)', () => {
  const s = T.string();
  assert.equal(cast(ymdToDays(2021, 9, 24), T.date(), s), '2021-09-24');
  assert.equal(cast(45296123, T.time(3), s), '12:34:56');
  const t7 = parseTimestamp('2021-09-24 12:34:56.1234567')!;
  assert.equal(cast(cast(t7, T.timestamp(9), T.timestamp(6)), T.timestamp(6), s), '2021-09-24 12:34:56.123456');
  assert.equal(cast(cast(t7, T.timestamp(9), T.timestamp(4)), T.timestamp(4), s), '2021-09-24 12:34:56.1234');
  assert.equal(cast(parseTimestamp('2021-09-24 12:34:56.1')!, T.timestamp(3), s), '2021-09-24 12:34:56.100');
  assert.equal(cast(84, T.intervalYearMonth('YEAR'), s), '+7-00');
  assert.equal(cast(123456789, T.intervalDayTime(), s), '+1 10:17:36.789');
  assert.equal(cast([null, 456], T.array(T.int()), s), '[NULL, 456]');
  assert.equal(cast(new Map([['a', -123]]), T.map(T.char(1), T.intervalYearMonth()), s), '{a=-10-03}');
  assert.equal(cast([null, 'abc'], T.row([{ name: 'f0', type: T.int() }, { name: 'f1', type: T.char(3) }]), s), '(NULL, abc)');
  const d = dec('12.2', 38, 2);
  assert.equal(cast(d.v, d.t, T.varchar(MAXV)), '12.20');
  assert.equal(cast(parseTimestamp('2021-04-06 11:05:30')!, T.timestamp(0), T.varchar(19)), '2021-04-06 11:05:30');
  assert.equal(cast(true, T.boolean(), s), 'TRUE');
  assert.equal(cast(421, T.bigint(), s), '421');
  assert.equal(cast(Math.fround(1.1), T.float(), s), '1.1');
  assert.equal(cast(1e-5, T.double(), s), '1.0E-5');
  assert.equal(cast(new Uint8Array([104, 105]), T.bytes(), s), 'hi');
});
const MAXV = 2147483647;

test('CHAR/VARCHAR/BINARY lengths', () => {
  assert.equal(cast('abcdef', T.string(), T.varchar(3)), 'abc');
  assert.equal(cast('ab', T.string(), T.char(4)), 'ab  ');
  assert.equal(cast('abcdef', T.string(), T.char(4)), 'abcd');
  assert.equal(cast(12345, T.int(), T.char(3)), '123');
  assert.deepEqual(cast('hi', T.string(), T.bytes()), new Uint8Array([104, 105]));
  assert.deepEqual(cast('hi', T.string(), T.binary(3)), new Uint8Array([104, 105, 0]));
  assert.deepEqual(cast(new Uint8Array([1, 2, 3]), T.bytes(), T.varbinary(2)), new Uint8Array([1, 2]));
});

test('collections element-wise', () => {
  assert.deepEqual(cast([1, null, 3], T.array(T.int()), T.array(T.bigint())), [1, null, 3]);
  assert.deepEqual(cast(['1', '2'], T.array(T.string()), T.array(T.int())), [1, 2]);
  assert.deepEqual(cast(new Map([['1', 2]]), T.map(T.string(), T.int()), T.map(T.int(), T.double())), new Map([[1, 2]]));
  const from = T.row([{ name: 'a', type: T.int() }, { name: 'b', type: T.string() }]);
  const to = T.row([{ name: 'x', type: T.bigint() }, { name: 'y', type: T.int() }]);
  assert.deepEqual(cast([1, '7'], from, to), [1, 7]);
  assert.equal(tryCast([1, 'x'], from, to), null);
});

test('validation errors in Flink words', () => {
  assert.match(castValidationError(T.boolean(false), T.date())!, /^Cast function cannot convert value of type BOOLEAN NOT NULL to type DATE/);
  assert.match(castValidationError(T.int(false), T.binary(2))!, /Cast function cannot convert value of type/);
  assert.match(castValidationError(T.int(), T.timestamp(6))!, /The cast from NUMERIC type to TIMESTAMP type is not allowed/);
  assert.match(castValidationError(T.int(), T.timestampLtz(3))!, /The cast from NUMERIC type to TIMESTAMP_LTZ type is not allowed/);
  assert.match(castValidationError(T.timestamp(0), T.bigint())!, /The cast from TIMESTAMP type to NUMERIC type is not allowed/);
  assert.throws(() => castFunction(T.boolean(), T.date()), (e: unknown) => e instanceof WeirError && e.kind === 'validation');
  assert.ok(canCast(T.string(), T.date()));
  assert.ok(canCast(T.null(), T.date()));
  assert.ok(!canCast(T.double(), T.boolean()));
  assert.ok(canCast(T.array(T.int()), T.string()));
  assert.ok(!canCast(T.array(T.int()), T.int()));
  assert.ok(canCast(T.intervalDayTime('DAY'), T.bigint()));
  assert.ok(!canCast(T.intervalDayTime('DAY_TO_SECOND'), T.bigint()));
});

test('implicit casts', () => {
  assert.ok(canImplicitCast(T.int(), T.bigint()));
  assert.ok(canImplicitCast(T.int(), T.decimal(10, 0)));
  assert.ok(canImplicitCast(T.decimal(10, 2), T.double()));
  assert.ok(!canImplicitCast(T.bigint(), T.int()));
  assert.ok(!canImplicitCast(T.string(), T.int()));
  assert.ok(canImplicitCast(T.char(3), T.string()));
  assert.ok(canImplicitCast(T.timestamp(3), T.date()));
  assert.ok(canImplicitCast(T.timestamp(3), T.timestampLtz(3)));
  assert.ok(canImplicitCast(T.array(T.int()), T.array(T.bigint())));
  assert.ok(!canImplicitCast(T.array(T.bigint()), T.array(T.int())));
});

test('intervals from strings and numbers', () => {
  assert.equal(cast('+2-10', T.string(), T.intervalYearMonth()), 34);
  assert.equal(cast('-1 10:00:00.5', T.string(), T.intervalDayTime()), -(86400000 + 36000000 + 500));
  assert.equal(cast(3, T.int(), T.intervalYearMonth('MONTH')), 3);
});
