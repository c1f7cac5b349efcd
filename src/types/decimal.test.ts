import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  compareDecimal,
  decimalFromDouble,
  decimalToDouble,
  decimalToString,
  digitCount,
  divPow10HalfUp,
  divPow10Trunc,
  fitsPrecision,
  parseDecimal,
  parseDecimalUnscaled,
  rescale,
} from './decimal.ts';

test('decimalToString', () => {
  assert.equal(decimalToString(12300, 4), '1.2300');
  assert.equal(decimalToString(-5, 2), '-0.05');
  assert.equal(decimalToString(0, 2), '0.00');
  assert.equal(decimalToString(42, 0), '42');
  assert.equal(decimalToString(-(10n ** 38n - 1n), 10), '-9999999999999999999999999999.9999999999');
});

test('parse with HALF_UP', () => {
  assert.equal(parseDecimalUnscaled('1.2', 3), 1200);
  assert.equal(parseDecimalUnscaled(' -1.2345 ', 3), -1235);
  assert.equal(parseDecimalUnscaled('1.2344', 3), 1234);
  assert.equal(parseDecimalUnscaled('1e3', 0), 1000);
  assert.equal(parseDecimalUnscaled('1.5E-1', 2), 15);
  assert.equal(parseDecimalUnscaled('.5', 0), 1);
  assert.equal(parseDecimalUnscaled('5.', 0), 5);
  assert.equal(parseDecimalUnscaled('abc', 0), undefined);
  assert.equal(parseDecimalUnscaled('', 0), undefined);
  assert.equal(parseDecimalUnscaled('.', 0), undefined);
  assert.equal(parseDecimal('12345.6789', 8, 4), null);
  assert.equal(parseDecimal('99999999999999999999999999999999999999', 38, 0), 10n ** 38n - 1n);
  assert.equal(parseDecimal('100000000000000000000000000000000000000', 38, 0), null);
});

test('rescale and rounding', () => {
  assert.equal(divPow10HalfUp(15, 1), 2);
  assert.equal(divPow10HalfUp(-15, 1), -2);
  assert.equal(divPow10HalfUp(14, 1), 1);
  assert.equal(divPow10HalfUp(-14, 1), -1);
  assert.equal(divPow10HalfUp(-4, 1), 0);
  assert.ok(Object.is(divPow10HalfUp(-4, 1), 0));
  assert.equal(divPow10HalfUp(10n ** 30n + 5n * 10n ** 11n, 12), 10n ** 18n + 1n);
  assert.equal(divPow10Trunc(-19, 1), -1);
  assert.equal(rescale(123, 2, 4), 12300);
  assert.equal(rescale(12345, 4, 2), 123);
  fc.assert(fc.property(fc.bigInt({ min: -(10n ** 38n), max: 10n ** 38n }), fc.integer({ min: 0, max: 20 }), (b, n) => {
    const v = b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
    const p = 10n ** BigInt(n);
    let q = b / p;
    const r = b % p;
    if ((r < 0n ? -r : r) * 2n >= p && n > 0) q += b < 0n ? -1n : 1n;
    assert.equal(BigInt(divPow10HalfUp(v, n)), q);
  }));
});

test('precision', () => {
  assert.equal(digitCount(0), 1);
  assert.equal(digitCount(-999), 3);
  assert.equal(digitCount(10n ** 37n), 38);
  assert.ok(fitsPrecision(99999, 5));
  assert.ok(!fitsPrecision(100000, 5));
});

test('double conversions (BigDecimal.valueOf)', () => {
  assert.equal(decimalFromDouble(12.678, 5, 3), 12678);
  assert.equal(decimalFromDouble(3.123456, 8, 4), 31235);
  assert.equal(decimalFromDouble(Math.fround(-12.345), 5, 3), -12345);
  assert.equal(decimalFromDouble(Math.fround(12345.678912), 8, 4), null);
  assert.equal(decimalFromDouble(NaN, 8, 4), null);
  assert.equal(decimalToDouble(12345, 2), 123.45);
  assert.equal(decimalToDouble(10n ** 30n, 10), 1e20);
  assert.equal(compareDecimal(100, 2, 10000, 4), 0);
  assert.equal(compareDecimal(3n * 10n ** 16n, 16, 1234567890123123n, 3), -1);
});
