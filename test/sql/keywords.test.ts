import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isKeyword, isReserved, NON_RESERVED_KEYWORDS, RESERVED_KEYWORDS } from '../../src/sql/keywords.ts';
import { parseExpression } from '../../src/sql/index.ts';

void test('keyword tables are sorted, upper case and disjoint', () => {
  for (const table of [RESERVED_KEYWORDS, NON_RESERVED_KEYWORDS]) {
    assert.deepEqual([...table], [...table].sort());
    for (const k of table) assert.equal(k, k.toUpperCase());
  }
  const reserved = new Set<string>(RESERVED_KEYWORDS);
  for (const k of NON_RESERVED_KEYWORDS) assert.equal(reserved.has(k), false, k);
});

void test('isReserved / isKeyword', () => {
  assert.equal(isReserved('SELECT'), true);
  assert.equal(isReserved('VALUE'), false);
  assert.equal(isKeyword('VALUE'), true);
  assert.equal(isKeyword('FOO'), false);
});

void test('every non-reserved keyword can be used as a column name', () => {
  for (const k of NON_RESERVED_KEYWORDS) {
    const e = parseExpression(`${k.toLowerCase()} + 1`);
    assert.equal(e.kind, 'BinaryExpr', k);
  }
});

void test('reserved keywords need backticks', () => {
  for (const k of RESERVED_KEYWORDS) {
    const e = parseExpression(`\`${k.toLowerCase()}\` + 1`);
    assert.equal(e.kind, 'BinaryExpr', k);
  }
});
