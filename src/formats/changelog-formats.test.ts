import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T } from '../types/logical-type.ts';
import { RowKind } from '../runtime/row.ts';
import { debeziumJsonFormat } from './debezium-json.ts';
import { canalJsonFormat } from './canal-json.ts';
import { rawFormat } from './raw.ts';
import { FormatError } from './format.ts';
import { decodeAll, formatContext } from './test-util.ts';

const schema = T.row([
  { name: 'id', type: T.int() },
  { name: 'name', type: T.string() },
  { name: 'w', type: T.decimal(5, 2) },
]);

test('debezium-json: c/r/u/d to +I/-U,+U/-D', () => {
  const r = decodeAll(debeziumJsonFormat, schema, [
    '{"before":null,"after":{"id":1,"name":"a","w":1.5},"op":"c"}',
    '{"before":null,"after":{"id":2,"name":"b","w":2},"op":"r"}',
    '{"before":{"id":1,"name":"a","w":1.5},"after":{"id":1,"name":"aa","w":1.75},"op":"u"}',
    '{"before":{"id":2,"name":"b","w":2},"after":null,"op":"d"}',
    '',
  ]);
  assert.deepEqual(r.kinds, ['+I', '+I', '-U', '+U', '-D']);
  assert.deepEqual(r.rows, [
    [1, 'a', 150],
    [2, 'b', 200],
    [1, 'a', 150],
    [1, 'aa', 175],
    [2, 'b', 200],
  ]);
  assert.equal(debeziumJsonFormat.changelogMode(formatContext(debeziumJsonFormat, schema).options).kind, 'all');
});

test('debezium-json: schema envelope, errors', () => {
  const msg = '{"schema":{"type":"struct"},"payload":{"before":null,"after":{"id":5,"name":"e"},"op":"c"}}';
  assert.deepEqual(decodeAll(debeziumJsonFormat, schema, [msg], { 'debezium-json.schema-include': 'true' }).rows, [[5, 'e', null]]);
  assert.throws(() => decodeAll(debeziumJsonFormat, schema, [msg]), /schema-include/);
  assert.throws(
    () => decodeAll(debeziumJsonFormat, schema, ['{"before":null,"after":{"id":1},"op":"x"}']),
    (e: unknown) => e instanceof FormatError && e.message.startsWith("Corrupt Debezium JSON message '") && e.message.includes('Unknown "op" value "x"'),
  );
  assert.throws(
    () => decodeAll(debeziumJsonFormat, schema, ['{"before":null,"after":{"id":1},"op":"u"}']),
    /The "before" field of update message is null/,
  );
  const r = decodeAll(debeziumJsonFormat, schema, ['{"op":"u","before":{"id":1},"after":{"id":"zz"}}', 'nope'], {
    'debezium-json.ignore-parse-errors': 'true',
  });
  assert.equal(r.skipped, 2);
  assert.equal(r.rows.length, 0);
});

test('debezium-json encodes as Flink does', () => {
  const enc = debeziumJsonFormat.createEncoder(formatContext(debeziumJsonFormat, schema));
  assert.equal(enc.encode(RowKind.INSERT, [1, 'a', 150]), '{"before":null,"after":{"id":1,"name":"a","w":1.50},"op":"c"}');
  assert.equal(enc.encode(RowKind.UPDATE_BEFORE, [1, 'a', 150]), '{"before":{"id":1,"name":"a","w":1.50},"after":null,"op":"d"}');
  assert.equal(enc.encode(RowKind.UPDATE_AFTER, [1, 'b', null]), '{"before":null,"after":{"id":1,"name":"b","w":null},"op":"c"}');
  assert.equal(enc.encode(RowKind.DELETE, [1, 'b', null]), '{"before":{"id":1,"name":"b","w":null},"after":null,"op":"d"}');
});

test('canal-json: INSERT/UPDATE/DELETE, old image, filters, DDL', () => {
  const r = decodeAll(canalJsonFormat, schema, [
    '{"data":[{"id":"1","name":"a","w":"1.5"},{"id":"2","name":"b","w":null}],"database":"db","table":"t","type":"INSERT"}',
    '{"data":[{"id":"1","name":"aa","w":"1.5"}],"old":[{"name":"a"}],"database":"db","table":"t","type":"UPDATE"}',
    '{"data":[{"id":"2","name":"b","w":null}],"database":"db","table":"t","type":"DELETE"}',
    '{"data":null,"database":"db","table":"t","type":"CREATE","isDdl":true,"sql":"create table t"}',
    '{"data":[{"id":"9"}],"database":"other","table":"t","type":"INSERT"}',
  ], { 'canal-json.database.include': 'd.' });
  assert.deepEqual(r.kinds, ['+I', '+I', '-U', '+U', '-D']);
  assert.deepEqual(r.rows, [
    [1, 'a', 150],
    [2, 'b', null],
    [1, 'a', 150],
    [1, 'aa', 150],
    [2, 'b', null],
  ]);
  assert.throws(() => decodeAll(canalJsonFormat, schema, ['{"data":[{"id":1}],"type":"MERGE"}']), /Corrupt Canal JSON message.*Unknown "type" value "MERGE"/s);
  const enc = canalJsonFormat.createEncoder(formatContext(canalJsonFormat, schema));
  assert.equal(enc.encode(RowKind.UPDATE_BEFORE, [1, 'a', null]), '{"data":[{"id":1,"name":"a","w":null}],"type":"DELETE"}');
  assert.equal(enc.encode(RowKind.INSERT, [1, 'a', null]), '{"data":[{"id":1,"name":"a","w":null}],"type":"INSERT"}');
});

test('raw: single column string/bytes/numbers', () => {
  const s = T.row([{ name: 'v', type: T.string() }]);
  assert.deepEqual(decodeAll(rawFormat, s, [new TextEncoder().encode('héllo'), 'x']).rows, [['héllo'], ['x']]);
  const latin = decodeAll(rawFormat, s, [new Uint8Array([0x68, 0xe9])], { 'raw.charset': 'ISO-8859-1' });
  assert.deepEqual(latin.rows, [['hé']]);
  const enc = rawFormat.createEncoder(formatContext(rawFormat, s));
  assert.deepEqual([...(enc.encode(RowKind.INSERT, ['é']) as Uint8Array)], [0xc3, 0xa9]);
  const big = T.row([{ name: 'v', type: T.bigint() }]);
  const e2 = rawFormat.createEncoder(formatContext(rawFormat, big));
  const bytes = e2.encode(RowKind.INSERT, [-9223372036854775808n]) as Uint8Array;
  assert.deepEqual(decodeAll(rawFormat, big, [bytes]).rows, [[-9223372036854775808n]]);
  assert.throws(
    () => decodeAll(rawFormat, schema, []),
    /The 'raw' format only supports single physical column. However the defined schema contains multiple physical columns: \[`id` INT, `name` STRING, `w` DECIMAL\(5, 2\)\]/,
  );
});
