/** Unit tests for COALESCE, NULLIF, IF, IFNULL, GREATEST, LEAST (functions/conditional). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T, typeToString } from '../../types/logical-type.ts';
import type { LogicalType } from '../../types/logical-type.ts';
import { checkAll, lit, resolveCall } from './lib/testing.ts';
import type { TestArg } from './lib/testing.ts';

const i = (v: number | null): TestArg => lit(v === null ? T.int() : T.int(false), v);
const N = (t: LogicalType): TestArg => lit(t, null);
const typeOf = (name: string, args: TestArg[]): string => typeToString(resolveCall(name, args).returnType);

test('coalesce, nullif, ifnull', () => {
  checkAll([
    ['NULLIF', [i(1), i(1)], null],
    ['NULLIF', [i(5), i(0)], 5],
    ['COALESCE', [N(T.null()), i(5)], 5],
    ['COALESCE', [N(T.bigint()), N(T.int())], null],
    ['COALESCE', [N(T.bigint()), i(1)], 1],
    ['IFNULL', [N(T.int()), N(T.int())], null],
    ['IFNULL', [N(T.int()), i(12)], 12],
    ['NULLIF', [lit(T.decimal(8, 2, false), 100), lit(T.decimal(8, 4, false), 10000)], null],
    ['NULLIF', [lit(T.double(false), 1), lit(T.decimal(8, 2, false), 100)], null],
  ]);
  assert.equal(typeOf('COALESCE', [N(T.bigint()), N(T.int())]), 'BIGINT');
  assert.equal(typeOf('COALESCE', [N(T.decimal(5, 2)), lit(T.decimal(5, 2, false), 123), lit(T.decimal(10, 4, false), 45678)]), 'DECIMAL(10, 4) NOT NULL');
  assert.equal(typeOf('COALESCE', [N(T.timestamp(0)), lit(T.timestamp(0, false), 0), lit(T.timestamp(3, false), 0)]), 'TIMESTAMP(3) NOT NULL');
  assert.equal(typeOf('IFNULL', [N(T.int()), lit(T.decimal(5, 2, false), 12345)]), 'DECIMAL(12, 2) NOT NULL');
  assert.equal(typeOf('IFNULL', [lit(T.string(), 'ell'), lit(T.varchar(2, false), 'Hi')]), 'VARCHAR(2) NOT NULL');
  assert.equal(typeOf('IFNULL', [lit(T.string(false), 'HELLO'), lit(T.varchar(2, false), 'Hi')]), 'STRING NOT NULL');
});

test('if, greatest, least', () => {
  const b = (v: boolean): TestArg => lit(T.boolean(false), v);
  checkAll([
    ['IF', [b(false), i(-3), lit(T.bigint(false), 44)], 44],
    ['IF', [b(true), N(T.int()), lit(T.bigint(false), 44)], null],
    ['IF', [b(true), lit(T.decimal(38, 19, false), -1231n), lit(T.decimal(38, 19, false), 1345n)], '-0.0000000000000001231'],
    ['GREATEST', [i(1), i(5), i(3)], 5],
    ['LEAST', [i(1), i(5), i(3)], 1],
    ['GREATEST', [i(1), N(T.int())], null],
  ]);
  assert.equal(typeOf('IF', [b(false), i(-3), lit(T.bigint(false), 44)]), 'BIGINT NOT NULL');
});
