/** Unit tests for the JSON functions, from the acceptance cases in functions/json. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T } from '../../types/logical-type.ts';
import type { LogicalType } from '../../types/logical-type.ts';
import { call, checkAll, lit, resolveCall } from './lib/testing.ts';
import type { TestArg } from './lib/testing.ts';

const s = (v: string): TestArg => lit(T.char(Math.max(1, v.length), false), v);
const NS = lit(T.string(), null);
const NUL = lit(T.null(), null);
const ret = (t: LogicalType): TestArg => lit(T.null(), t);
/** JSON_VALUE(json, path, returning, onEmpty, emptyDefault, onError, errorDefault). */
const jv = (json: string, path: string, r: LogicalType | null = null, onEmpty = 'NULL', ed: TestArg = NUL, onError = 'NULL', errd: TestArg = NUL): TestArg[] => [
  s(json), s(path), r === null ? NUL : ret(r), s(onEmpty), ed, s(onError), errd,
];
/** JSON_QUERY(json, path, wrapper, onEmpty, onError[, returning]). */
const jq = (json: string, path: string, wrapper = 'WITHOUT', onEmpty = 'NULL', onError = 'NULL', r?: LogicalType): TestArg[] =>
  r === undefined ? [s(json), s(path), s(wrapper), s(onEmpty), s(onError)] : [s(json), s(path), s(wrapper), s(onEmpty), s(onError), ret(r)];

const DOC = '{"type": "post", "author": {"name": "Jon Doe", "address": {"country": "Germany", "city": "Munich"}}, "metadata": {"tags": ["flink", "streaming", "json"], "references": [{"name": "GitHub", "url": "https://www.github.com/apache/flink"}]}}';
const ACC = '{"type": "account", "age": 42, "activated": true, "address": {"city": "Munich"}, "roles": ["user", "viewer"], "balance": 13.37, "longBalance": 123456789.987654321, "bigCount": 9999999999, "nullField": null, "contains blank": "right"}';
const Q = '{"n1": 1, "s1": "Test", "o1": {}, "a1": []}';

test('is json', () => {
  const isj = (v: string, k?: string): unknown => call('IS JSON', k === undefined ? [s(v)] : [s(v), s(k)]);
  assert.deepEqual(
    [isj('1'), isj('[]'), isj('{}'), isj('"abc"'), isj('abc'), isj('1', 'SCALAR'), isj('1', 'ARRAY'), isj('1', 'OBJECT'), isj('{}', 'SCALAR'), isj('{}', 'OBJECT'), isj('"a"', 'VALUE')],
    [true, true, true, true, false, true, false, false, false, true, true],
  );
});

test('json_exists', () => {
  const ex = (json: string, path: string, onError?: string): unknown => call('JSON_EXISTS', onError === undefined ? [s(json), s(path)] : [s(json), s(path), s(onError)]);
  assert.deepEqual(
    [
      ex('{"a": true}', '$.a'),
      ex('{"a": true}', '$.b'),
      ex('{"a": [{ "b": 1 }]}', '$.a[0].b'),
      ex('{"a": true}', 'strict $.b', 'TRUE'),
      ex('{"a": true}', 'strict $.b', 'FALSE'),
      ex(DOC, 'lax $'),
      ex(DOC, 'lax $.author.address.city'),
      ex(DOC, 'lax $.metadata.tags[0]'),
      ex(DOC, 'lax $.metadata.tags[3]'),
      ex(DOC, 'lax $.metadata.references[0].url'),
      ex(DOC, 'lax $.metadata.references[0].invalid'),
      ex(DOC, 'strict $.invalid', 'UNKNOWN'),
      ex(DOC, '$.metadata.tags[*]'),
      ex(DOC, '$.items[*]'),
    ],
    [true, false, true, true, false, true, true, true, false, true, false, null, true, false],
  );
  assert.equal(call('JSON_EXISTS', [NS, s('lax $')]), null);
  assert.throws(() => ex(DOC, 'strict $.invalid', 'ERROR'), /No results for path: \$\['invalid'\]/);
});

test('json_value', () => {
  checkAll([
    ['JSON_VALUE', [s('{"a": true}'), s('$.a')], 'true'],
    ['JSON_VALUE', jv('{"a": true}', '$.a', T.boolean()), true],
    ['JSON_VALUE', jv('{"a": true}', 'lax $.b', null, 'DEFAULT', s('false')), 'false'],
    ['JSON_VALUE', jv('{"a": true}', 'strict $.b', null, 'NULL', NUL, 'DEFAULT', s('false')), 'false'],
    // a BOOLEAN default for a STRING result is Java's String.valueOf ('false'), not CAST's 'FALSE'
    ['JSON_VALUE', jv('{"a": true}', 'lax $.b', null, 'DEFAULT', lit(T.boolean(false), false)), 'false'],
    ['JSON_VALUE', jv('{"a": true}', 'strict $.b', null, 'NULL', NUL, 'DEFAULT', lit(T.boolean(false), true)), 'true'],
    ['JSON_VALUE', jv('{"a.b": [0.998,0.996]}', '$.["a.b"][0]', T.double()), 0.998],
    ['JSON_VALUE', jv('{"contains blank": "right"}', "strict $.['contains blank']", null, 'NULL', NUL, 'DEFAULT', s('wrong')), 'right'],
    ['JSON_VALUE', [NS, s('lax $')], null],
    ['JSON_VALUE', [s(ACC), s('$.longBalance')], '123456789.987654321'],
    ['JSON_VALUE', [s(ACC), s('$.balance')], '13.37'],
    ['JSON_VALUE', jv(ACC, '$.age', T.int()), 42],
    ['JSON_VALUE', jv(ACC, '$.longBalance', T.double()), 123456789.98765433],
    ['JSON_VALUE', jv(ACC, '$.age', T.tinyint()), 42],
    ['JSON_VALUE', jv(ACC, '$.bigCount', T.bigint()), 9999999999],
    ['JSON_VALUE', jv(ACC, '$.balance', T.float()), 13.37],
    ['JSON_VALUE', jv(ACC, '$.balance', T.decimal(10, 2)), '13.37'],
    ['JSON_VALUE', jv(ACC, '$.nullField'), null],
  ]);
  assert.throws(() => call('JSON_VALUE', jv(ACC, '$.type', T.int(), 'NULL', NUL, 'ERROR')), /Cannot cast/);
});

test('json_query', () => {
  const AB = '{ "a": "[1,2]", "b": [1,2]}';
  checkAll([
    ['JSON_QUERY', [s(AB), s('$.b')], '[1,2]'],
    ['JSON_QUERY', jq(AB, '$.b', 'WITHOUT', 'NULL', 'NULL', T.array(T.string())), ['1', '2']],
    ['JSON_QUERY', jq(AB, '$.b', 'CONDITIONAL'), '[1,2]'],
    ['JSON_QUERY', [s(AB), s('$.a')], null],
    ['JSON_QUERY', jq(AB, '$.a', 'WITHOUT', 'NULL', 'NULL', T.array(T.string())), null],
    ['JSON_QUERY', jq(AB, '$.a', 'CONDITIONAL'), '["[1,2]"]'],
    ['JSON_QUERY', jq(AB, '$.a', 'CONDITIONAL', 'NULL', 'NULL', T.array(T.string())), ['[1,2]']],
    ['JSON_QUERY', jq(AB, '$.b', 'CONDITIONAL', 'NULL', 'NULL', T.array(T.int())), [1, 2]],
    ['JSON_QUERY', jq(AB, '$.a', 'WITHOUT', 'NULL', 'EMPTY_ARRAY', T.array(T.string())), []],
    ['JSON_QUERY', jq('{"a":[{"c":null},{"c":"c2"}]}', 'lax $.a[*].c', 'WITHOUT', 'ERROR', 'ERROR', T.array(T.string())), [null, 'c2']],
    ['JSON_QUERY', [s('{"a":[{"c":"c1"},{"c":"c2"}]}'), s('lax $.a[*].c')], '["c1","c2"]'],
    ['JSON_QUERY', jq('{}', '$', 'CONDITIONAL'), '[{}]'],
    ['JSON_QUERY', jq('{}', 'lax $.invalid', 'WITHOUT', 'EMPTY_OBJECT'), '{}'],
    ['JSON_QUERY', jq('{}', 'strict $.invalid', 'WITHOUT', 'NULL', 'EMPTY_ARRAY'), '[]'],
    ['JSON_QUERY', jq(Q, '$.a1', 'WITHOUT'), '[]'],
    ['JSON_QUERY', jq(Q, '$.o1', 'CONDITIONAL'), '[{}]'],
    ['JSON_QUERY', jq(Q, '$.a1', 'UNCONDITIONAL'), '[[]]'],
    ['JSON_QUERY', jq(Q, '$.n1', 'CONDITIONAL'), '[1]'],
    ['JSON_QUERY', jq(Q, '$.s1', 'CONDITIONAL'), '["Test"]'],
    ['JSON_QUERY', jq(Q, 'lax $.err2', 'WITHOUT', 'EMPTY_ARRAY'), '[]'],
    ['JSON_QUERY', jq(Q, 'strict $.err8', 'WITHOUT', 'NULL', 'EMPTY_OBJECT'), '{}'],
    ['JSON_QUERY', jq('{"items": [{"itemId":1234, "count":10}, null, {"itemId":4567, "count":11}]}', '$.items', 'WITHOUT', 'NULL', 'NULL', T.array(T.string())), ['{"count":10,"itemId":1234}', null, '{"count":11,"itemId":4567}']],
    ['JSON_QUERY', jq('{"strings": ["a", "b"]}', '$.strings', 'WITHOUT', 'NULL', 'NULL', T.array(T.int())), null],
    ['JSON_QUERY', jq('{"strings": ["a", "b"]}', '$.strings', 'WITHOUT', 'NULL', 'EMPTY_ARRAY', T.array(T.int())), []],
    ['JSON_QUERY', jq('{"strings": ["a", "b"]}', 'lax $.missing', 'WITHOUT', 'EMPTY_ARRAY', 'NULL', T.array(T.int())), []],
    ['JSON_QUERY', jq('{"a":[[1,2],[3,4]]}', '$.a', 'WITHOUT', 'NULL', 'NULL', T.array(T.int())), null],
    ['JSON_QUERY', jq('{"ints": [1, null, 3], "d": [1.5, 2.5], "b": [true, false]}', '$.d', 'WITHOUT', 'NULL', 'NULL', T.array(T.double())), [1.5, 2.5]],
    ['JSON_QUERY', jq('{"big": [9223372036854775807, -9223372036854775808]}', '$.big', 'WITHOUT', 'NULL', 'NULL', T.array(T.bigint())), ['9223372036854775807', '-9223372036854775808']],
  ]);
  assert.throws(() => call('JSON_QUERY', jq(Q, 'lax $.err4', 'WITHOUT', 'ERROR')), /Empty result of JSON_QUERY function is not allowed/);
  assert.throws(() => call('JSON_QUERY', jq(Q, 'strict $.err9', 'WITHOUT', 'NULL', 'ERROR')), /No results for path/);
  assert.throws(() => call('JSON_QUERY', jq('{"strings": ["a", "b"]}', '$.strings', 'WITHOUT', 'NULL', 'ERROR', T.array(T.int()))), /Array element type mismatch in JSON_QUERY/);
  assert.throws(() => resolveCall('JSON_QUERY', jq(Q, '$.n1', 'WITHOUT', 'NULL', 'NULL', T.int())), /for RETURNING in JSON_QUERY\(\)/);
});

test('json_object, json_array, json(), json_string, quote', () => {
  const raw = (onNull: string, rawJson: boolean[]): TestArg => lit(T.null(), { onNull, rawJson });
  const J = (v: string | null): string | null => call('JSON', [v === null ? NS : s(v)]) as string | null;
  const jsonT = T.string();
  checkAll([
    ['JSON_OBJECT', [raw('NULL', [true]), s('K'), lit(jsonT, J('{}'))], '{"K":{}}'],
    ['JSON_OBJECT', [raw('NULL', [true]), s('K'), lit(jsonT, J('{"key":"value"}'))], '{"K":{"key":"value"}}'],
    ['JSON_OBJECT', [raw('NULL', [true]), s('K'), lit(jsonT, J(''))], '{"K":null}'],
    ['JSON_OBJECT', [raw('ABSENT', [true]), s('K'), lit(jsonT, J(null))], '{}'],
    [
      'JSON_OBJECT',
      [raw('NULL', [false, true]), s('outerKey'), s('outerValue'), s('nestedObject'), lit(jsonT, call('JSON_OBJECT', [raw('NULL', [true]), s('innerKey'), lit(jsonT, J('{"key":"value"}'))]))],
      '{"nestedObject":{"innerKey":{"key":"value"}},"outerKey":"outerValue"}',
    ],
    ['JSON_ARRAY', [raw('ABSENT', [true]), lit(jsonT, J('[1,2,3]'))], '[[1,2,3]]'],
    ['JSON_ARRAY', [raw('ABSENT', [true]), lit(jsonT, J(''))], '[]'],
    ['JSON_ARRAY', [raw('NULL', [true]), lit(jsonT, J(''))], '[null]'],
    ['JSON_ARRAY', [s('NULL'), lit(T.int(false), 1), s('a'), lit(T.boolean(false), true)], '[1,"a",true]'],
    ['JSON_STRING', [lit(T.int(), null)], null],
    ['JSON_STRING', [lit(T.int(false), 1)], '1'],
    ['JSON_STRING', [lit(T.boolean(false), true)], 'true'],
    ['JSON_STRING', [s('Hello, World!')], '"Hello, World!"'],
    ['JSON_STRING', [lit(T.array(T.int(false), false), [1, 2])], '[1,2]'],
    ['JSON_STRING', [lit(T.double(false), 1.23)], '1.23'],
    ['JSON_STRING', [lit(T.decimal(3, 2, false), 123)], '1.23'],
    ['JSON_STRING', [lit(T.timestamp(3, false), Date.UTC(1990, 5, 2, 13, 37, 42, 1))], '"1990-06-02T13:37:42.001"'],
    ['JSON_STRING', [lit(T.map(T.string(), T.int(), false), new Map([['M1', 1], ['M2', 2]]))], '{"M1":1,"M2":2}'],
    ['JSON_QUOTE', [s('null')], '"null"'],
    ['JSON_QUOTE', [s('"null"')], '"\\"null\\""'],
    ['JSON_QUOTE', [s('≠ will be escaped')], '"\\u2260 will be escaped"'],
    ['JSON_UNQUOTE', [s('"abc"')], 'abc'],
    ['JSON_UNQUOTE', [s('"\\u0041"')], 'A'],
    ['JSON_UNQUOTE', [s('{"key":1}')], '{"key":1}'],
    ['JSON_UNQUOTE', [s('"[1, 2, 3}')], '"[1, 2, 3}'],
    ['JSON_UNQUOTE', [s('')], ''],
  ]);
  assert.throws(() => J('{'), /Invalid JSON string in JSON\(value\) function/);
});
