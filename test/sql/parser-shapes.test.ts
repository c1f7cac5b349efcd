/**
 * Exact AST shapes for the constructs the binder depends on most. Round trips
 * cannot catch a parse that is wrong but printed consistently; these can.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseExpression, parseStatement } from '../../src/sql/index.ts';
import { stripSpans } from './helpers.ts';

const id = (value: string, quoted = false) => ({ kind: 'Ident', value, quoted });
const col = (value: string) => ({ kind: 'Identifier', name: id(value) });
const qcol = (...parts: string[]) => ({ kind: 'CompoundIdentifier', parts: parts.map((p) => id(p)) });
const num = (text: string) => ({ kind: 'NumericLiteral', text });
const interval = (value: string, from: string) => ({
  kind: 'IntervalLiteral',
  negative: false,
  value,
  qualifier: { kind: 'IntervalQualifier', from },
});

void test('a window TVF in FROM', () => {
  const s = stripSpans(
    parseStatement("SELECT window_start FROM TABLE(HOP(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '5' MINUTES, INTERVAL '10' MINUTES)) AS w"),
  );
  assert.deepEqual(s, {
    kind: 'Query',
    body: {
      kind: 'Select',
      hints: [],
      distinct: false,
      items: [{ kind: 'ExprItem', expr: col('window_start') }],
      from: {
        kind: 'TableFunction',
        lateral: false,
        call: {
          kind: 'FunctionCall',
          name: [id('HOP')],
          args: [
            { kind: 'FunctionArg', value: { kind: 'TableArg', name: [id('Bid')], partitionBy: [] } },
            { kind: 'FunctionArg', value: { kind: 'Descriptor', columns: [id('bidtime')] } },
            { kind: 'FunctionArg', value: interval('5', 'MINUTE') },
            { kind: 'FunctionArg', value: interval('10', 'MINUTE') },
          ],
          distinct: false,
          star: false,
        },
        alias: { kind: 'TableAlias', name: id('w'), columns: [] },
      },
      groupBy: [],
      windows: [],
    },
    orderBy: [],
  });
});

void test('an event-time temporal join', () => {
  const s = stripSpans(parseStatement('SELECT * FROM o LEFT JOIN r FOR SYSTEM_TIME AS OF o.ts AS rr ON o.k = rr.k')) as {
    body: { from: unknown };
  };
  assert.deepEqual(s.body.from, {
    kind: 'Join',
    joinType: 'LEFT',
    natural: false,
    left: { kind: 'NamedTable', name: [id('o')], hints: [] },
    right: {
      kind: 'NamedTable',
      name: [id('r')],
      hints: [],
      forSystemTimeAsOf: qcol('o', 'ts'),
      alias: { kind: 'TableAlias', name: id('rr'), columns: [] },
    },
    on: { kind: 'BinaryExpr', op: '=', left: qcol('o', 'k'), right: qcol('rr', 'k') },
  });
});

void test('an interval-join condition', () => {
  assert.deepEqual(stripSpans(parseExpression("o.id = s.oid AND o.ts BETWEEN s.ts - INTERVAL '4' HOUR AND s.ts")), {
    kind: 'BinaryExpr',
    op: 'AND',
    left: { kind: 'BinaryExpr', op: '=', left: qcol('o', 'id'), right: qcol('s', 'oid') },
    right: {
      kind: 'Between',
      expr: qcol('o', 'ts'),
      low: { kind: 'BinaryExpr', op: '-', left: qcol('s', 'ts'), right: interval('4', 'HOUR') },
      high: qcol('s', 'ts'),
      negated: false,
      symmetric: false,
    },
  });
});

void test('an OVER aggregate with a RANGE frame', () => {
  assert.deepEqual(
    stripSpans(parseExpression("SUM(amount) OVER (PARTITION BY product ORDER BY ts RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW)")),
    {
      kind: 'FunctionCall',
      name: [id('SUM')],
      args: [{ kind: 'FunctionArg', value: col('amount') }],
      distinct: false,
      star: false,
      over: {
        kind: 'WindowSpec',
        partitionBy: [col('product')],
        orderBy: [{ kind: 'OrderByItem', expr: col('ts') }],
        frame: {
          kind: 'WindowFrame',
          units: 'RANGE',
          start: { kind: 'FrameBound', bound: 'PRECEDING', offset: interval('1', 'HOUR') },
          end: { kind: 'FrameBound', bound: 'CURRENT ROW' },
        },
      },
    },
  );
});

void test('INSERT with a static partition and a column list', () => {
  assert.deepEqual(stripSpans(parseStatement("INSERT INTO db.t PARTITION (dt = '1') (a, b) VALUES (1, 2)")), {
    kind: 'Insert',
    execute: false,
    overwrite: false,
    table: [id('db'), id('t')],
    hints: [],
    partition: [{ kind: 'PartitionSpec', key: id('dt'), value: { kind: 'StringLiteral', value: '1' } }],
    columns: [id('a'), id('b')],
    query: { kind: 'Query', body: { kind: 'Values', rows: [[num('1'), num('2')]] }, orderBy: [] },
  });
});

void test('a MATCH_RECOGNIZE measure with navigation', () => {
  const s = stripSpans(
    parseStatement('SELECT * FROM T MATCH_RECOGNIZE (ORDER BY ts MEASURES LAST(A.p, 1) AS lp PATTERN (A+) DEFINE A AS A.p > 0)'),
  ) as { body: { from: { measures: unknown; pattern: unknown } } };
  assert.deepEqual(s.body.from.measures, [
    {
      kind: 'Measure',
      expr: {
        kind: 'FunctionCall',
        name: [id('LAST')],
        args: [
          { kind: 'FunctionArg', value: qcol('A', 'p') },
          { kind: 'FunctionArg', value: num('1') },
        ],
        distinct: false,
        star: false,
      },
      alias: id('lp'),
    },
  ]);
  assert.deepEqual(s.body.from.pattern, {
    kind: 'PatternQuantified',
    pattern: { kind: 'PatternVariable', name: id('A') },
    syntax: '+',
    min: 1,
    reluctant: false,
  });
});

void test('CREATE TABLE column kinds', () => {
  const s = stripSpans(
    parseStatement("CREATE TABLE t (a INT NOT NULL, b AS a + 1, c BIGINT METADATA FROM 'offset' VIRTUAL, WATERMARK FOR a AS a)"),
  ) as { columns: unknown; watermarks: unknown };
  assert.deepEqual(s.columns, [
    {
      kind: 'PhysicalColumn',
      name: id('a'),
      type: { kind: 'PrimitiveType', name: 'INT', spelling: 'INT', params: [], withLocalTimeZone: false, notNull: true },
    },
    { kind: 'ComputedColumn', name: id('b'), expr: { kind: 'BinaryExpr', op: '+', left: col('a'), right: num('1') } },
    {
      kind: 'MetadataColumn',
      name: id('c'),
      type: { kind: 'PrimitiveType', name: 'BIGINT', spelling: 'BIGINT', params: [], withLocalTimeZone: false, notNull: false },
      from: 'offset',
      virtual: true,
    },
  ]);
  assert.deepEqual(s.watermarks, [{ kind: 'Watermark', column: [id('a')], expr: col('a') }]);
});
