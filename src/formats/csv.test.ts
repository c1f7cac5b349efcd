import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T } from '../types/logical-type.ts';
import { RowKind } from '../runtime/row.ts';
import { csvFormat } from './csv.ts';
import { FormatError } from './format.ts';
import { decodeAll, formatContext } from './test-util.ts';
import { parseTimestamp } from '../types/temporal.ts';

const schema = T.row([
  { name: 'id', type: T.int() },
  { name: 's', type: T.string() },
  { name: 'd', type: T.decimal(10, 2) },
  { name: 'b', type: T.bigint() },
]);

test('csv decodes quoted fields, doubled quotes, empty and null', () => {
  const r = decodeAll(csvFormat, schema, ['1,"a, ""b""",1.25,9223372036854775807', '2,,,', '3,"",3,-1']);
  assert.equal(r.skipped, 0);
  assert.deepEqual(r.rows[0], [1, 'a, "b"', 125, 9223372036854775807n]);
  assert.deepEqual(r.rows[1], [2, '', null, null]);
  assert.deepEqual(r.rows[2], [3, '', 300, -1]);
  assert.equal(r.rows.length, 3);
});

test('csv row length mismatch and ignore-parse-errors', () => {
  assert.throws(
    () => decodeAll(csvFormat, schema, ['4,x']),
    (e: unknown) =>
      e instanceof FormatError && e.message === "Failed to deserialize CSV row '4,x'. Cause: Row length mismatch. 4 fields expected but was 2.",
  );
  const r = decodeAll(csvFormat, schema, ['4,x', 'a,b,c,d', '5,"unterminated'], { 'csv.ignore-parse-errors': 'true' });
  assert.deepEqual(r.rows, [[4, 'x', null, null]]);
  assert.equal(r.skipped, 2);
});

test('csv delimiter, comments, null literal, escape, arrays, disabled quotes', () => {
  const s = T.row([
    { name: 'a', type: T.string() },
    { name: 'b', type: T.array(T.int()) },
    { name: 't', type: T.timestamp(3) },
  ]);
  const r = decodeAll(csvFormat, s, ['# comment', 'x\\|y|1;2;NULL|2020-01-01 00:00:01.5', 'NULL|NULL|NULL'], {
    'csv.field-delimiter': '|',
    'csv.allow-comments': 'true',
    'csv.null-literal': 'NULL',
    'csv.escape-character': '\\',
  });
  assert.deepEqual(r.rows, [
    ['x|y', [1, 2, null], parseTimestamp('2020-01-01 00:00:01.5')],
    [null, null, null],
  ]);
  const nq = decodeAll(csvFormat, T.row([{ name: 'a', type: T.string() }, { name: 'b', type: T.string() }]), ['"a",b'], {
    'csv.disable-quote-character': 'true',
  });
  assert.deepEqual(nq.rows[0], ['"a"', 'b']);
  const tab = decodeAll(csvFormat, T.row([{ name: 'a', type: T.int() }, { name: 'b', type: T.string() }]), ['1\tü'], { 'csv.field-delimiter': '\t' });
  assert.deepEqual(tab.rows[0], [1, 'ü']);
});

test('csv encodes with quoting when needed', () => {
  const s = T.row([
    { name: 'a', type: T.string() },
    { name: 'x', type: T.double() },
    { name: 'd', type: T.decimal(10, 2) },
    { name: 't', type: T.timestamp(3) },
    { name: 'n', type: T.int() },
  ]);
  const enc = csvFormat.createEncoder(formatContext(csvFormat, s));
  assert.equal(enc.encode(RowKind.INSERT, ['plain', 2, 150, parseTimestamp('2020-01-01 00:00:00'), null]), 'plain,2.0,1.50,"2020-01-01 00:00:00",');
  assert.equal(enc.encode(RowKind.INSERT, ['a,"b"', 0.5, -5, null, 1]), '"a,""b""",0.5,-0.05,,1');
  const back = decodeAll(csvFormat, s, ['"a,""b""",0.5,-0.05,,1']).rows[0];
  assert.deepEqual(back, ['a,"b"', 0.5, -5, null, 1]);
});
