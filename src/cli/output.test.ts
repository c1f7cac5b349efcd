import { test } from 'node:test';
import assert from 'node:assert/strict';
import { columnWidthByType, displayWidth, formatTableResult, TableauPrinter } from './output.ts';
import { T } from '../types/logical-type.ts';
import { RowKind } from '../runtime/row.ts';

void test('tableau widths follow the types as Flink derives them', () => {
  assert.equal(columnWidthByType('n', T.int(), 30), 11);
  assert.equal(columnWidthByType('n', T.bigint(), 30), 20);
  assert.equal(columnWidthByType('flag', T.boolean(), 30), 6); // at least '<NULL>'
  assert.equal(columnWidthByType('d', T.decimal(10, 2), 30), 12);
  assert.equal(columnWidthByType('t', T.timestamp(3), 30), 23);
  assert.equal(columnWidthByType('t', T.timestamp(9), 30), 29);
  assert.equal(columnWidthByType('t', T.timestampLtz(0), 30), 19);
  assert.equal(columnWidthByType('s', T.string(), 30), 30);
  assert.equal(columnWidthByType('a_very_long_column_name_indeed_yes', T.int(), 30), 34);
});

void test('the streaming tableau cuts long values with ... and prints NULL as <NULL>', () => {
  let out = '';
  const p = new TableauPrinter({ write: (s) => (out += s) }, 'UTC', 8);
  p.start(T.row([{ name: 's', type: T.string() }, { name: 'n', type: T.int() }], false));
  p.rows([RowKind.INSERT, RowKind.UPDATE_BEFORE], [['short', null], ['a much longer value', 7]]);
  p.end();
  assert.equal(
    out,
    [
      '+----+----------+-------------+',
      '| op |        s |           n |',
      '+----+----------+-------------+',
      '| +I |    short |      <NULL> |',
      '| -U | a muc... |           7 |',
      '+----+----------+-------------+',
      'Received a total of 2 rows',
      '',
    ].join('\n'),
  );
});

void test('complete results (SHOW, DESCRIBE) take their widths from the content', () => {
  const schema = T.row([{ name: 'table name', type: T.string() }], false);
  assert.equal(formatTableResult(schema, [['orders'], ['bids']], 'UTC'), '+------------+\n| table name |\n+------------+\n|     orders |\n|       bids |\n+------------+\n2 rows in set\n');
  assert.equal(formatTableResult(schema, [], 'UTC'), 'Empty set\n');
  assert.equal(displayWidth('数据'), 4);
});
