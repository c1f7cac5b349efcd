import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T } from '../types/logical-type.ts';
import { RowKind } from '../runtime/row.ts';
import { jsonFormat } from './json.ts';
import { FormatError } from './format.ts';
import { decodeAll, formatContext } from './test-util.ts';
import { parseTimestamp } from '../types/temporal.ts';

const schema = T.row([
  { name: 'id', type: T.bigint() },
  { name: 'name', type: T.string() },
  { name: 'price', type: T.decimal(38, 18) },
  { name: 'ts', type: T.timestamp(3) },
  { name: 'ok', type: T.boolean() },
]);

test('json decodes rows by name; missing fields are null', () => {
  const r = decodeAll(jsonFormat, schema, [
    '{"id": 1, "name": "a", "price": 1.5, "ts": "2020-01-01 00:00:00.123", "ok": true}',
    '{"id": 2}',
    '{"id": null, "name": "ünï😀", "extra": [1,2]}',
  ]);
  assert.deepEqual(r.kinds, ['+I', '+I', '+I']);
  assert.deepEqual(r.rows[0], [1, 'a', 1_500_000_000_000_000_000n, parseTimestamp('2020-01-01 00:00:00.123'), true]);
  assert.deepEqual(r.rows[1], [2, null, null, null, null]);
  assert.deepEqual(r.rows[2], [null, 'ünï😀', null, null, null]);
});

test('json keeps big BIGINT and DECIMAL(38,18) exact', () => {
  const r = decodeAll(jsonFormat, schema, [
    '{"id": 9223372036854775807, "price": 12345678901234567890.123456789012345678}',
    '{"id": -9007199254740993, "price": "0.000000000000000001"}',
    '{"id": "42", "price": 1e2}',
  ]);
  assert.equal(r.rows[0]![0], 9223372036854775807n);
  assert.equal(r.rows[0]![2], 12345678901234567890123456789012345678n);
  assert.equal(r.rows[1]![0], -9007199254740993n);
  assert.equal(r.rows[1]![2], 1);
  assert.equal(r.rows[2]![0], 42);
  assert.equal(r.rows[2]![2], 100_000_000_000_000_000_000n);
});

test('json decimal rounds HALF_UP and overflows to null', () => {
  const s = T.row([{ name: 'd', type: T.decimal(5, 2) }]);
  const r = decodeAll(jsonFormat, s, ['{"d": 1.005}', '{"d": -1.005}', '{"d": 12345.6}', '{"d": "3"}']);
  assert.deepEqual(r.rows.map((x) => x[0]), [101, -101, null, 300]);
});

test('json bad line fails with Flink message; ignore-parse-errors skips', () => {
  assert.throws(
    () => decodeAll(jsonFormat, schema, ['{"id": 1', '{"id":2}']),
    (e: unknown) => e instanceof FormatError && e.message.startsWith(`Failed to deserialize JSON '{"id": 1'.`),
  );
  assert.throws(() => decodeAll(jsonFormat, schema, ['{"id": "x"}']), FormatError);
  const r = decodeAll(jsonFormat, schema, ['{"id": 1', '{"id": "x"}', '[1]', '{"id":3}'], { 'json.ignore-parse-errors': 'true' });
  assert.equal(r.skipped, 3);
  assert.deepEqual(r.rows, [[3, null, null, null, null]]);
});

test('json fail-on-missing-field', () => {
  assert.throws(
    () => decodeAll(jsonFormat, schema, ['{"id": 1}'], { 'json.fail-on-missing-field': 'true' }),
    /Could not find field with name 'name'/,
  );
  assert.throws(
    () => decodeAll(jsonFormat, schema, [], { 'json.fail-on-missing-field': 'true', 'json.ignore-parse-errors': 'true' }),
    /shouldn't both be true/,
  );
});

test('json timestamps: SQL and ISO-8601, precision, LTZ', () => {
  const s = T.row([
    { name: 't', type: T.timestamp(6) },
    { name: 'l', type: T.timestampLtz(3) },
    { name: 'd', type: T.date() },
    { name: 'tm', type: T.time(0) },
  ]);
  const sql = decodeAll(jsonFormat, s, ['{"t": "2020-01-02 03:04:05.123456", "l": "2020-01-02 03:04:05.5Z", "d": "2020-02-29", "tm": "10:11:12"}']);
  const t = sql.rows[0]!;
  assert.equal(t[0], parseTimestamp('2020-01-02 03:04:05.123456'));
  assert.equal(t[1], Date.UTC(2020, 0, 2, 3, 4, 5, 500));
  assert.equal(t[2], 18321);
  assert.equal(t[3], 36_672_000);
  assert.throws(() => decodeAll(jsonFormat, s, ['{"t": "2020-01-02T03:04:05"}']), FormatError);
  const iso = decodeAll(jsonFormat, s, ['{"t": "2020-01-02T03:04:05", "l": "2020-01-02T03:04:05.5Z"}'], {
    'json.timestamp-format.standard': 'ISO-8601',
  });
  assert.equal(iso.rows[0]![0], BigInt(Date.UTC(2020, 0, 2, 3, 4, 5)) * 1_000_000n);
  const enc = jsonFormat.createEncoder(formatContext(jsonFormat, s, {}));
  assert.equal(
    enc.encode(RowKind.INSERT, [parseTimestamp('2020-01-02 03:04:05.123456'), Date.UTC(2020, 0, 2, 3, 4, 5, 500), 18321, 36_672_000]),
    '{"t":"2020-01-02 03:04:05.123456","l":"2020-01-02 03:04:05.5Z","d":"2020-02-29","tm":"10:11:12"}',
  );
  const encIso = jsonFormat.createEncoder(formatContext(jsonFormat, s, { 'json.timestamp-format.standard': 'ISO-8601' }));
  assert.equal(
    encIso.encode(RowKind.INSERT, [Date.UTC(2020, 0, 2), null, null, null]),
    '{"t":"2020-01-02T00:00:00","l":null,"d":null,"tm":null}',
  );
});

test('json encodes exact numbers, Java doubles, nested types, null map keys', () => {
  const s = T.row([
    { name: 'b', type: T.bigint() },
    { name: 'd', type: T.decimal(38, 10) },
    { name: 'x', type: T.double() },
    { name: 'a', type: T.array(T.int()) },
    { name: 'm', type: T.map(T.string(), T.int()) },
    { name: 'r', type: T.row([{ name: 'q', type: T.string() }]) },
    { name: 'y', type: T.bytes() },
  ]);
  const row = [
    9223372036854775807n,
    1,
    1,
    [1, null],
    new Map<unknown, unknown>([['k', 1]]),
    ['"quoted"\n'],
    new Uint8Array([1, 2, 3]),
  ];
  const enc = jsonFormat.createEncoder(formatContext(jsonFormat, s));
  const text = enc.encode(RowKind.INSERT, row) as string;
  assert.equal(
    text,
    '{"b":9223372036854775807,"d":1E-10,"x":1.0,"a":[1,null],"m":{"k":1},"r":{"q":"\\"quoted\\"\\n"},"y":"AQID"}',
  );
  const plain = jsonFormat.createEncoder(formatContext(jsonFormat, s, { 'json.encode.decimal-as-plain-number': 'true' }));
  assert.ok((plain.encode(RowKind.INSERT, row) as string).includes('"d":0.0000000001,'));
  // round trip
  const back = decodeAll(jsonFormat, s, [text]).rows[0]!;
  assert.deepEqual(back, row.map((v, i) => (i === 2 ? 1 : v)));
  const nullKey = [null, null, null, null, new Map([[null, 1]]), null, null];
  assert.throws(() => enc.encode(RowKind.INSERT, nullKey), /doesn't support to serialize map data with null keys/);
  const drop = jsonFormat.createEncoder(formatContext(jsonFormat, s, { 'json.map-null-key.mode': 'DROP' }));
  assert.ok((drop.encode(RowKind.INSERT, nullKey) as string).includes('"m":{}'));
  const lit = jsonFormat.createEncoder(formatContext(jsonFormat, s, { 'json.map-null-key.mode': 'LITERAL', 'json.map-null-key.literal': 'N' }));
  assert.ok((lit.encode(RowKind.INSERT, nullKey) as string).includes('"m":{"N":1}'));
});

test('json decode from bytes and nested structures', () => {
  const s = T.row([
    { name: 'm', type: T.map(T.int(), T.array(T.string())) },
    { name: 'r', type: T.row([{ name: 'x', type: T.int() }]) },
    { name: 's', type: T.string() },
  ]);
  const r = decodeAll(jsonFormat, s, [new TextEncoder().encode('{"m": {"1": ["a", null]}, "r": {"x": 7}, "s": {"k": [1]}}')]);
  assert.deepEqual(r.rows[0], [new Map([[1, ['a', null]]]), [7], '{"k":[1]}']);
});
