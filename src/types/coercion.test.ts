import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T, typeToString, type LogicalType } from './logical-type.ts';
import {
  adjustPrecisionScale,
  calciteTypeName,
  cannotApplyMessage,
  comparisonTypes,
  leastRestrictive,
  numericArithmetic,
  numericLiteralType,
} from './coercion.ts';

const ts = (t: LogicalType | null | undefined) => (t ? typeToString(t) : String(t));
const ret = (op: '+' | '-' | '*' | '/' | '%', a: LogicalType, b: LogicalType) => ts(numericArithmetic(op, a, b)?.returnType);
const D = (p: number, s: number) => T.decimal(p, s, false);

test('decimal add/subtract (decimal_add_subtract)', () => {
  assert.equal(ret('+', D(10, 2), D(10, 4)), 'DECIMAL(13, 4) NOT NULL');
  assert.equal(ret('+', D(7, 2), T.int(false)), 'DECIMAL(13, 2) NOT NULL');
  assert.equal(ret('+', D(38, 10), D(38, 28)), 'DECIMAL(38, 9) NOT NULL');
  assert.equal(ret('+', D(38, 0), D(38, 0)), 'DECIMAL(38, 0) NOT NULL');
  assert.equal(ret('+', D(19, 0), T.int(false)), 'DECIMAL(20, 0) NOT NULL');
  assert.equal(ret('+', D(7, 2), T.double(false)), 'DOUBLE NOT NULL');
  assert.deepEqual(numericArithmetic('+', D(7, 2), T.int(false))?.argTypes.map(ts), ['DECIMAL(7, 2) NOT NULL', 'DECIMAL(10, 0) NOT NULL']);
});

test('decimal multiply (decimal_multiply)', () => {
  assert.equal(ret('*', D(5, 2), D(5, 2)), 'DECIMAL(11, 4) NOT NULL');
  assert.equal(ret('*', D(5, 2), D(10, 4)), 'DECIMAL(16, 6) NOT NULL');
  assert.equal(ret('*', D(30, 6), D(30, 6)), 'DECIMAL(38, 6) NOT NULL');
  assert.equal(ret('*', D(30, 20), D(30, 20)), 'DECIMAL(38, 17) NOT NULL');
  assert.equal(ret('*', D(38, 10), D(38, 10)), 'DECIMAL(38, 6) NOT NULL');
  assert.equal(ret('*', D(19, 0), T.int(false)), 'DECIMAL(30, 0) NOT NULL');
  assert.equal(ret('*', D(19, 0), D(19, 0)), 'DECIMAL(38, 0) NOT NULL');
});

test('decimal divide (decimal_divide)', () => {
  assert.equal(ret('/', D(2, 1), D(2, 1)), 'DECIMAL(8, 6) NOT NULL');
  assert.equal(ret('/', T.int(false), D(2, 1)), 'DECIMAL(17, 6) NOT NULL');
  assert.equal(ret('/', D(2, 1), T.int(false)), 'DECIMAL(13, 12) NOT NULL');
  assert.equal(ret('/', D(20, 2), D(2, 1)), 'DECIMAL(25, 6) NOT NULL');
  assert.equal(ret('/', D(20, 2), D(4, 3)), 'DECIMAL(28, 7) NOT NULL');
  assert.equal(ret('/', D(20, 2), D(20, 10)), 'DECIMAL(38, 10) NOT NULL');
  assert.equal(ret('/', D(20, 2), D(20, 16)), 'DECIMAL(38, 6) NOT NULL');
  assert.equal(ret('/', D(10, 2), T.int(false)), 'DECIMAL(21, 13) NOT NULL');
  assert.equal(ret('/', T.int(false), D(10, 2)), 'DECIMAL(23, 11) NOT NULL');
  assert.equal(ret('/', D(30, 0), D(30, 20)), 'DECIMAL(38, 6) NOT NULL');
  assert.equal(ret('/', D(19, 0), T.int(false)), 'DECIMAL(30, 11) NOT NULL');
  assert.equal(ret('/', D(19, 0), D(19, 0)), 'DECIMAL(38, 19) NOT NULL');
});

test('mod and integers', () => {
  assert.equal(ret('%', D(10, 2), D(10, 4)), 'DECIMAL(10, 4) NOT NULL');
  assert.equal(ret('%', D(10, 2), T.int(false)), 'DECIMAL(10, 2) NOT NULL');
  assert.equal(ret('%', T.bigint(false), T.int(false)), 'INT NOT NULL');
  assert.equal(ret('%', T.int(false), T.bigint()), 'BIGINT');
  assert.equal(ret('/', T.int(false), T.int(false)), 'INT NOT NULL');
  assert.equal(ret('+', T.tinyint(false), T.tinyint(false)), 'TINYINT NOT NULL');
  assert.equal(ret('+', T.int(false), T.bigint(false)), 'BIGINT NOT NULL');
  assert.equal(ret('*', T.float(false), T.int(false)), 'FLOAT NOT NULL');
  assert.equal(ret('*', T.float(false), T.double(false)), 'DOUBLE NOT NULL');
  assert.equal(numericArithmetic('+', T.string(), T.int()), null);
  assert.deepEqual(numericArithmetic('+', T.int(false), T.bigint())?.argTypes.map(ts), ['BIGINT NOT NULL', 'BIGINT']);
});

test('adjustPrecisionScale', () => {
  assert.equal(ts(adjustPrecisionScale(60, 12)), 'DECIMAL(38, 6)');
  assert.equal(ts(adjustPrecisionScale(20, 5)), 'DECIMAL(20, 5)');
  assert.equal(ts(adjustPrecisionScale(40, 2)), 'DECIMAL(38, 2)');
});

test('leastRestrictive', () => {
  assert.equal(ts(leastRestrictive([T.int(false), T.bigint(false)])), 'BIGINT NOT NULL');
  assert.equal(ts(leastRestrictive([T.int(false), T.null()])), 'INT');
  assert.equal(ts(leastRestrictive([T.null()])), 'NULL');
  assert.equal(ts(leastRestrictive([T.char(1, false), T.char(3, false)])), 'CHAR(3) NOT NULL');
  assert.equal(ts(leastRestrictive([T.char(1, false), T.string()])), 'STRING');
  assert.equal(ts(leastRestrictive([D(10, 2), D(5, 4)])), 'DECIMAL(12, 4) NOT NULL');
  assert.equal(ts(leastRestrictive([T.int(false), D(5, 2)])), 'DECIMAL(12, 2) NOT NULL');
  assert.equal(ts(leastRestrictive([T.int(false), T.double(false)])), 'DOUBLE NOT NULL');
  assert.equal(ts(leastRestrictive([D(5, 2), T.float(false)])), 'DOUBLE NOT NULL');
  assert.equal(ts(leastRestrictive([T.date(false), T.timestamp(3, false)])), 'TIMESTAMP(3) NOT NULL');
  assert.equal(ts(leastRestrictive([T.timestamp(3), T.timestamp(6)])), 'TIMESTAMP(6)');
  assert.equal(ts(leastRestrictive([T.array(T.int(false)), T.array(T.bigint())])), 'ARRAY<BIGINT>');
  assert.equal(leastRestrictive([T.int(), T.string()]), null);
  assert.equal(leastRestrictive([T.boolean(), T.int()]), null);
});

test('comparisonTypes', () => {
  const c = (a: LogicalType, b: LogicalType) => comparisonTypes(a, b)?.map(ts).join(' | ');
  assert.equal(c(D(8, 2), D(8, 4)), 'DECIMAL(10, 4) NOT NULL | DECIMAL(10, 4) NOT NULL');
  assert.equal(c(D(8, 2), T.int(false)), 'DECIMAL(12, 2) NOT NULL | DECIMAL(12, 2) NOT NULL');
  assert.equal(c(D(20, 16), D(20, 16)), 'DECIMAL(20, 16) NOT NULL | DECIMAL(20, 16) NOT NULL');
  assert.equal(c(D(8, 2), T.double(false)), 'DOUBLE NOT NULL | DOUBLE NOT NULL');
  assert.equal(c(T.date(false), T.char(10, false)), 'DATE NOT NULL | DATE NOT NULL');
  assert.equal(c(T.char(8, false), T.time(0, false)), 'TIME(0) NOT NULL | TIME(0) NOT NULL');
  assert.equal(c(T.date(), T.timestamp(3)), 'TIMESTAMP(3) | TIMESTAMP(3)');
  assert.equal(c(T.int(), T.string()), undefined);
  assert.equal(c(T.boolean(), T.int()), undefined);
  assert.equal(c(T.array(T.string()), T.array(T.char(5))), 'ARRAY<STRING> | ARRAY<STRING>');
});

test('numeric literals (Calcite)', () => {
  const l = (s: string) => {
    const r = numericLiteralType(s);
    return `${ts(r.type)} ${String(r.value)}`;
  };
  assert.equal(l('1'), 'INT NOT NULL 1');
  assert.equal(l('2147483647'), 'INT NOT NULL 2147483647');
  assert.equal(l('2147483648'), 'BIGINT NOT NULL 2147483648');
  assert.equal(l('3000000000'), 'BIGINT NOT NULL 3000000000');
  assert.equal(l('9223372036854775807'), 'BIGINT NOT NULL 9223372036854775807');
  assert.equal(l('9223372036854775808'), 'DECIMAL(19, 0) NOT NULL 9223372036854775808');
  assert.equal(l('50000000000000000000000000000000000000'), 'DECIMAL(38, 0) NOT NULL 50000000000000000000000000000000000000');
  assert.equal(l('1.50'), 'DECIMAL(3, 2) NOT NULL 150');
  assert.equal(l('2.5'), 'DECIMAL(2, 1) NOT NULL 25');
  assert.equal(l('0.5'), 'DECIMAL(2, 1) NOT NULL 5');
  assert.equal(l('1234567890123.123'), 'DECIMAL(16, 3) NOT NULL 1234567890123123');
  assert.equal(l('1e2'), 'DOUBLE NOT NULL 100');
  assert.equal(l('1.7976931348623157E308'), 'DOUBLE NOT NULL 1.7976931348623157e+308');
  assert.throws(() => numericLiteralType('1'.repeat(39)));
  assert.equal(l('-2147483648'), 'INT NOT NULL -2147483648');
  assert.equal(l('-2147483649'), 'BIGINT NOT NULL -2147483649');
  assert.equal(l('-9223372036854775808'), 'BIGINT NOT NULL -9223372036854775808');
  assert.equal(l('-12.345'), 'DECIMAL(5, 3) NOT NULL -12345');
  assert.equal(l('-1.5e0'), 'DOUBLE NOT NULL -1.5');
  assert.equal(l('.5'), 'DECIMAL(1, 1) NOT NULL 5');
});

test('Calcite type names and messages', () => {
  assert.equal(calciteTypeName(T.string()), 'VARCHAR(2147483647)');
  assert.equal(calciteTypeName(T.int()), 'INTEGER');
  assert.equal(calciteTypeName(T.decimal(10, 2)), 'DECIMAL(10, 2)');
  assert.equal(
    cannotApplyMessage('+', [T.char(1), T.int()], ['<NUMERIC> + <NUMERIC>']),
    "Cannot apply '+' to arguments of type '<CHAR(1)> + <INTEGER>'. Supported form(s): '<NUMERIC> + <NUMERIC>'",
  );
});
