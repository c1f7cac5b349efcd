import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregateReturnType, isAggregateFunction } from './aggregate-types.ts';
import { T, typeToString } from '../types/logical-type.ts';

const ty = (fn: string, ...args: Parameters<typeof aggregateReturnType>[1][number][]): string =>
  typeToString(aggregateReturnType(fn, args, false, { groupCount: 1, hasFilter: false }));

void test('Flink result types', () => {
  assert.equal(ty('COUNT'), 'BIGINT NOT NULL');
  assert.equal(ty('COUNT', T.string()), 'BIGINT NOT NULL');
  assert.equal(ty('SUM', T.int()), 'INT');
  assert.equal(ty('SUM', T.int(false)), 'INT NOT NULL');
  assert.equal(ty('SUM', T.tinyint()), 'TINYINT');
  assert.equal(ty('SUM', T.decimal(7, 2)), 'DECIMAL(38, 2)');
  assert.equal(ty('AVG', T.int()), 'INT');
  assert.equal(ty('AVG', T.bigint()), 'BIGINT');
  assert.equal(ty('AVG', T.decimal(32, 8)), 'DECIMAL(38, 8)');
  assert.equal(ty('AVG', T.decimal(10, 2)), 'DECIMAL(38, 6)');
  assert.equal(ty('AVG', T.decimal(38, 20)), 'DECIMAL(38, 20)');
  assert.equal(ty('STDDEV_SAMP', T.double(false)), 'DOUBLE');
  assert.equal(ty('STDDEV_POP', T.double(false)), 'DOUBLE NOT NULL');
  assert.equal(ty('MAX', T.string()), 'STRING');
  assert.equal(ty('LISTAGG', T.string(), T.char(1, false)), 'STRING');
  assert.equal(ty('COLLECT', T.int()), 'MULTISET<INT> NOT NULL');
  assert.equal(ty('ARRAY_AGG', T.int()), 'ARRAY<INT>');
  assert.equal(ty('JSON_OBJECTAGG', T.string(), T.int()), 'STRING NOT NULL');
  // global aggregation: the group may be empty
  assert.equal(typeToString(aggregateReturnType('SUM', [T.int(false)], false, { groupCount: 0, hasFilter: false })), 'INT');
  assert.equal(typeToString(aggregateReturnType('SUM', [T.int(false)], false)), 'INT');
});

void test('bad argument types give Calcite-like messages', () => {
  assert.throws(() => ty('SUM', T.string()), /Cannot apply 'SUM' to arguments of type 'SUM\(<VARCHAR\(2147483647\)>\)'\. Supported form\(s\): 'SUM\(<NUMERIC>\)'/);
  assert.throws(() => ty('AVG', T.boolean()), (e: Error & { kind?: string }) => e.kind === 'validation');
  assert.throws(() => ty('LISTAGG', T.int()), /LISTAGG\(<INTEGER>\)/);
});

void test('isAggregateFunction', () => {
  assert.ok(isAggregateFunction('count'));
  assert.ok(isAggregateFunction('LISTAGG'));
  assert.ok(!isAggregateFunction('UPPER'));
});
