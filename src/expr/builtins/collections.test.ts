/** Unit tests for the collection functions and constructors (functions/collections). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T } from '../../types/logical-type.ts';
import type { LogicalType } from '../../types/logical-type.ts';
import { call, checkAll, lit } from './lib/testing.ts';
import type { TestArg } from './lib/testing.ts';

const INT = T.int();
const arr = (xs: unknown[], el: LogicalType = INT): TestArg => lit(T.array(el, false), xs);
const NA = lit(T.array(INT), null);
const i = (v: number): TestArg => lit(T.int(false), v);
const NI = lit(T.int(), null);
const s = (v: string): TestArg => lit(T.string(false), v);
const rowT = T.row([{ name: 'f0', type: T.boolean() }, { name: 'f1', type: T.date() }]);
const row = (b: boolean, d: number): unknown[] => [b, d];
const D1 = 19102; // 2022-04-20
const D2 = 7591; // 1990-10-14

test('append, prepend, remove, reverse', () => {
  checkAll([
    ['ARRAY_APPEND', [arr([1, 2], T.int(false)), lit(T.null(), null)], [1, 2, null]],
    ['ARRAY_APPEND', [NA, i(1)], null],
    ['ARRAY_APPEND', [arr(['Hello', 'World'], T.string(false)), s('!')], ['Hello', 'World', '!']],
    ['ARRAY_PREPEND', [arr([1, 2]), i(1)], [1, 1, 2]],
    ['ARRAY_PREPEND', [arr(['Hello', 'World'], T.string(false)), lit(T.null(), null)], [null, 'Hello', 'World']],
    ['ARRAY_REMOVE', [arr([1, 2, 2]), i(2)], [1]],
    ['ARRAY_REMOVE', [arr([1, 2, 2]), i(42)], [1, 2, 2]],
    ['ARRAY_REMOVE', [arr([1, 2, 2]), NI], [1, 2, 2]],
    ['ARRAY_REMOVE', [NA, i(12)], null],
    ['ARRAY_REMOVE', [arr([null, null, 1]), NI], [1]],
    ['ARRAY_REMOVE', [arr([[1, null, 3], [0], [1]], T.array(INT)), arr([0])], [[1, null, 3], [1]]],
    ['ARRAY_REMOVE', [arr([row(true, D1), row(true, D2), null], rowT), lit(rowT, row(true, D2))], [[true, '2022-04-20'], null]],
    ['ARRAY_REVERSE', [arr([1, 2, 2, null])], [null, 2, 2, 1]],
    ['ARRAY_REVERSE', [NA], null],
  ]);
});

test('contains, position', () => {
  const rows = arr([row(true, D1), row(true, D2), null], rowT);
  checkAll([
    ['ARRAY_CONTAINS', [arr([1, 2, 3]), i(2)], true],
    ['ARRAY_CONTAINS', [arr([1, 2, 3]), i(42)], false],
    ['ARRAY_CONTAINS', [NA, i(12)], null],
    ['ARRAY_CONTAINS', [NA, lit(T.null(), null)], null],
    ['ARRAY_CONTAINS', [rows, lit(rowT, row(true, D2))], true],
    ['ARRAY_CONTAINS', [rows, lit(rowT, row(false, D2))], false],
    ['ARRAY_CONTAINS', [rows, lit(T.null(), null)], true],
    ['ARRAY_CONTAINS', [arr([1, null, 3]), lit(T.null(), null)], true],
    ['ARRAY_CONTAINS', [arr([1, 2, 3]), NI], false],
    ['ARRAY_POSITION', [arr([null, 1, 2, 2, null]), i(2)], 3],
    ['ARRAY_POSITION', [arr([null, 1, 2, 2, null]), lit(T.null(), null)], null],
    ['ARRAY_POSITION', [NA, i(2)], null],
    ['ARRAY_POSITION', [arr([[1, null, 3], [0], [1]], T.array(INT)), arr([0, 1])], 0],
    [
      'ARRAY_POSITION',
      [arr([null, new Map([[1, 'a'], [2, 'b']]), new Map([[3, 'c'], [4, 'd']])], T.map(INT, T.string())), lit(T.map(INT, T.string(), false), new Map([[3, 'c'], [4, 'd']]))],
      3,
    ],
  ]);
});

test('distinct, union, concat, except, intersect', () => {
  checkAll([
    ['ARRAY_DISTINCT', [arr([null, 1, 2, 3, 4, 5, 4, 3, 2, 1, null])], [null, 1, 2, 3, 4, 5]],
    ['ARRAY_DISTINCT', [NA], null],
    ['ARRAY_DISTINCT', [arr(['Hello', 'Hello', 'Hello'], T.string())], ['Hello']],
    ['ARRAY_UNION', [arr([1, 2, null]), arr([1, null, 4])], [1, 2, null, 4]],
    ['ARRAY_UNION', [NA, arr([1, null, 4])], null],
    ['ARRAY_CONCAT', [arr([1, 2, null]), arr([1, null, 4])], [1, 2, null, 1, null, 4]],
    ['ARRAY_CONCAT', [arr([1, 2, null])], [1, 2, null]],
    ['ARRAY_CONCAT', [NA, arr([1, null, 4]), arr([2, 3, 4])], null],
    ['ARRAY_EXCEPT', [arr([1, 2, 2]), arr([1, null, 4])], [2]],
    ['ARRAY_EXCEPT', [arr([1, 2, 2]), arr([42])], [1, 2]],
    ['ARRAY_EXCEPT', [arr([1, 2, 3, 2, 4, 2]), arr([2, 2])], [1, 3, 4]],
    ['ARRAY_EXCEPT', [arr([1, 2, 2]), NA], null],
    ['ARRAY_EXCEPT', [arr([null, null, 1]), arr([null, 42])], [1]],
    ['ARRAY_INTERSECT', [arr([1, 1, 2]), arr([1, null, 4])], [1]],
    ['ARRAY_INTERSECT', [arr([1, 1, 2]), arr([3, 4])], []],
    ['ARRAY_INTERSECT', [arr([null, null, 1]), arr([null, 42])], [null]],
  ]);
});

test('flatten, split, sort, slice, max, min, join', () => {
  checkAll([
    ['ARRAY_FLATTEN', [arr([[1, 2], null, [3]], T.array(INT))], [1, 2, 3]],
    ['ARRAY_FLATTEN', [arr([[1, null, 2], [3]], T.array(INT))], [1, null, 2, 3]],
    ['ARRAY_SORT', [arr([1, 2, 2, null])], [null, 1, 2, 2]],
    ['ARRAY_SORT', [arr([1, 2, 2, null]), lit(T.boolean(false), false)], [2, 2, 1, null]],
    ['ARRAY_SORT', [arr([1, 2, 2, null]), lit(T.boolean(), null)], null],
    ['ARRAY_SORT', [arr([1, 2, 2, null]), lit(T.boolean(false), true), lit(T.boolean(false), false)], [1, 2, 2, null]],
    ['ARRAY_SORT', [arr([1, 2, 2, null]), lit(T.boolean(false), false), lit(T.boolean(false), true)], [null, 2, 2, 1]],
    ['ARRAY_SORT', [arr(['a', 'cv', 'dc', 'rerer', '234', '12'], T.string())], ['12', '234', 'a', 'cv', 'dc', 'rerer']],
    ['ARRAY_SLICE', [arr([1, 2, 3, 4, 5]), i(2), i(4)], [2, 3, 4]],
    ['ARRAY_SLICE', [arr([1, 2, 3, 4, 5]), i(-2)], [4, 5]],
    ['ARRAY_MAX', [arr([1, 5, null, 3])], 5],
    ['ARRAY_MIN', [arr([1, 5, null, 3])], 1],
    ['ARRAY_JOIN', [arr(['a', null, 'b'], T.string()), s(',')], 'a,b'],
    ['ARRAY_JOIN', [arr(['a', null, 'b'], T.string()), s(','), s('?')], 'a,?,b'],
    ['CARDINALITY', [arr([1, 2, 3])], 3],
    ['ELEMENT', [arr([7])], 7],
    ['ELEMENT', [arr([])], null],
    ['ITEM', [arr([7, 8]), i(2)], 8],
    ['ITEM', [arr([7, 8]), i(3)], null],
  ]);
  assert.throws(() => call('ELEMENT', [arr([1, 2])]), /Array has more than one element\./);
});

test('maps and constructors', () => {
  checkAll([
    ['MAP_VALUE_CONSTRUCTOR', [i(1), i(2)], { 1: 2 }],
    ['MAP_VALUE_CONSTRUCTOR', [i(1), lit(T.double(false), 2), i(3), lit(T.float(false), 4)], { 1: 2.0, 3: 4.0 }],
    ['MAP_VALUE_CONSTRUCTOR', [lit(T.decimal(10, 4, false), 12345), lit(T.decimal(10, 4, false), 12346)], { '1.2345': '1.2346' }],
    ['MAP_KEYS', [lit(T.map(T.boolean(), T.string(), false), new Map([[null, 'item']]))], [null]],
    ['MAP_VALUES', [lit(T.map(INT, T.map(T.boolean(), T.string()), false), new Map([[3, new Map([[true, 'value2']])]]))], [{ true: 'value2' }]], // BOOLEAN map keys as JSON writes them (changelog-json)
    ['MAP_ENTRIES', [lit(T.map(INT, T.string(), false), new Map([[1, 'value1']]))], [[1, 'value1']]],
    ['ITEM', [lit(T.map(T.string(), INT, false), new Map([['a', 1]])), s('a')], 1],
    ['ITEM', [lit(T.map(T.string(), INT, false), new Map([['a', 1]])), s('b')], null],
    ['ARRAY_VALUE_CONSTRUCTOR', [i(1), NI], [1, null]],
    ['ROW', [i(1), s('a')], [1, 'a']],
    ['MAP_FROM_ARRAYS', [arr(['a', 'b'], T.string()), arr([1, 2])], { a: 1, b: 2 }],
  ]);
});
