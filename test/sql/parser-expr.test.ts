import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseExpression } from '../../src/sql/index.ts';
import { exprParsesTo, stripSpans, verifiedExpr } from './helpers.ts';

const shape = (sql: string): unknown => stripSpans(parseExpression(sql));

void describe('literals', () => {
  void test('numbers keep their source text', () => {
    for (const n of ['1', '1.50', '.5', '1e5', '1.5E-3', '12345678901234567890', '007']) {
      assert.deepEqual(shape(n), { kind: 'NumericLiteral', text: n });
      verifiedExpr(n);
    }
  });

  void test('strings, binary, unicode, booleans, NULL', () => {
    verifiedExpr("'it''s'");
    verifiedExpr("X'0A0B'");
    verifiedExpr('TRUE');
    verifiedExpr('FALSE');
    verifiedExpr('NULL');
    exprParsesTo("U&'\\0041b'", "'Ab'");
    exprParsesTo("x'0a'", "X'0A'");
    exprParsesTo("'a'\n'b'", "'ab'");
    assert.deepEqual(shape("'it''s'"), { kind: 'StringLiteral', value: "it's" });
  });

  void test('typed literals', () => {
    verifiedExpr("DATE '2020-01-01'");
    verifiedExpr("TIME '12:00:00'");
    verifiedExpr("TIMESTAMP '2020-01-01 00:00:00.000'");
    verifiedExpr("TIMESTAMP WITH LOCAL TIME ZONE '2020-01-01 00:00:00'");
    exprParsesTo("timestamp_ltz '2020-01-01 00:00:00'", "TIMESTAMP WITH LOCAL TIME ZONE '2020-01-01 00:00:00'");
    assert.deepEqual(shape("DATE '2020-01-01'"), { kind: 'TypedLiteral', type: 'DATE', value: '2020-01-01' });
  });

  void test('date/time words are names when no string follows', () => {
    assert.deepEqual(shape('date'), { kind: 'Identifier', name: { kind: 'Ident', value: 'date', quoted: false } });
    verifiedExpr('timestamp + 1');
  });

  void test('interval literals', () => {
    verifiedExpr("INTERVAL '10' MINUTE");
    verifiedExpr("INTERVAL '1 02:03:04.5' DAY TO SECOND(3)");
    verifiedExpr("INTERVAL '16979 07:23:33' DAY(5) TO SECOND(3)");
    verifiedExpr("INTERVAL '2-1' YEAR TO MONTH");
    verifiedExpr("INTERVAL -'1' DAY");
    verifiedExpr("INTERVAL '1.5' SECOND(2, 3)");
    exprParsesTo("INTERVAL '10' MINUTES", "INTERVAL '10' MINUTE");
    exprParsesTo("interval '2' days", "INTERVAL '2' DAY");
    exprParsesTo('INTERVAL 5 SECOND', "INTERVAL '5' SECOND");
    assert.deepEqual(shape("INTERVAL '1' DAY(2) TO HOUR"), {
      kind: 'IntervalLiteral',
      negative: false,
      value: '1',
      qualifier: { kind: 'IntervalQualifier', from: 'DAY', fromPrecision: 2, to: 'HOUR' },
    });
  });
});

void describe('operators and precedence', () => {
  void test('arithmetic precedence and associativity', () => {
    const e = shape('1 + 2 * 3 - 4') as { op: string; left: { op: string } };
    assert.equal(e.op, '-');
    assert.equal(e.left.op, '+');
    verifiedExpr('1 + 2 * 3 - 4');
    verifiedExpr('(1 + 2) * 3');
    verifiedExpr('1 - (2 - 3)');
    verifiedExpr('a / b % c');
    exprParsesTo('((a))', 'a');
    exprParsesTo('(1 - 2) - 3', '1 - 2 - 3');
  });

  void test('|| binds like * (Calcite)', () => {
    verifiedExpr("'a' || b + 1");
    const e = shape("'a' || b + 1") as { op: string };
    assert.equal(e.op, '+');
    verifiedExpr("'a' || (b + 1)");
  });

  void test('boolean precedence: OR < AND < NOT < IS < comparison < LIKE/BETWEEN/IN', () => {
    const e = shape('a OR b AND NOT c = 1') as { op: string; right: { op: string; right: { op: string } } };
    assert.equal(e.op, 'OR');
    assert.equal(e.right.op, 'AND');
    assert.equal(e.right.right.op, 'NOT');
    verifiedExpr('a OR b AND NOT c = 1');
    verifiedExpr('(a OR b) AND c');
    verifiedExpr('NOT (a AND b)');
    verifiedExpr('NOT NOT a');
    verifiedExpr('a = b IS NULL');
    verifiedExpr('(a IS NULL) = b');
    verifiedExpr('a = b LIKE c');
    verifiedExpr('(a = b) LIKE c');
  });

  void test('comparisons', () => {
    for (const op of ['=', '<>', '!=', '<', '<=', '>', '>=']) verifiedExpr(`a ${op} 1`);
  });

  void test('unary operators', () => {
    verifiedExpr('-a');
    verifiedExpr('+5');
    verifiedExpr('-(a + b)');
    verifiedExpr('- -1');
    verifiedExpr('-a * b');
    verifiedExpr('a - -1');
    exprParsesTo('-(-1)', '- -1');
    assert.deepEqual(shape('-5'), { kind: 'UnaryExpr', op: '-', expr: { kind: 'NumericLiteral', text: '5' } });
  });

  void test('IS predicates', () => {
    for (const t of ['NULL', 'NOT NULL', 'TRUE', 'NOT TRUE', 'FALSE', 'NOT FALSE', 'UNKNOWN', 'NOT UNKNOWN']) verifiedExpr(`a IS ${t}`);
    verifiedExpr('a IS DISTINCT FROM b');
    verifiedExpr('a IS NOT DISTINCT FROM b + 1');
    verifiedExpr("a IS JSON");
    verifiedExpr("a IS NOT JSON OBJECT");
    for (const t of ['VALUE', 'SCALAR', 'ARRAY', 'OBJECT']) verifiedExpr(`'[1]' IS JSON ${t}`);
  });

  void test('LIKE and SIMILAR TO', () => {
    verifiedExpr("a LIKE 'x%'");
    verifiedExpr("a NOT LIKE 'x%'");
    verifiedExpr("a LIKE '.%x' ESCAPE '.'");
    verifiedExpr("a SIMILAR TO 'x+'");
    verifiedExpr("a NOT SIMILAR TO '&x+' ESCAPE '&'");
    verifiedExpr("a || 'b' LIKE 'x%'");
  });

  void test('BETWEEN', () => {
    verifiedExpr('a BETWEEN 1 AND 10');
    verifiedExpr('a NOT BETWEEN b - 1 AND b + 1');
    verifiedExpr('a BETWEEN SYMMETRIC 10 AND 1');
    exprParsesTo('a BETWEEN ASYMMETRIC 1 AND 2', 'a BETWEEN 1 AND 2');
    verifiedExpr('a BETWEEN 1 AND 2 AND b');
    const e = shape('a BETWEEN 1 AND 2 AND b') as { op: string; left: { kind: string } };
    assert.equal(e.op, 'AND');
    assert.equal(e.left.kind, 'Between');
  });

  void test('IN lists and subqueries, EXISTS, quantified comparisons', () => {
    verifiedExpr('a IN (1, 2, 3)');
    verifiedExpr("a NOT IN ('x')");
    verifiedExpr('a IN (SELECT b FROM t)');
    verifiedExpr('a NOT IN (SELECT b FROM t WHERE c > 1)');
    verifiedExpr('EXISTS (SELECT 1 FROM t)');
    verifiedExpr('NOT EXISTS (SELECT 1 FROM t)');
    verifiedExpr('a > ALL (SELECT b FROM t)');
    verifiedExpr('a = ANY (SELECT b FROM t)');
    verifiedExpr('a <> SOME (SELECT b FROM t)');
    verifiedExpr('(SELECT MAX(b) FROM t) + 1');
    exprParsesTo('((SELECT 1))', '(SELECT 1)');
  });

  void test('OVERLAPS', () => {
    verifiedExpr("(TIME '2:55:00', INTERVAL '1' HOUR) OVERLAPS (TIME '3:30:00', INTERVAL '2' HOUR)");
  });
});

void describe('names, access and constructors', () => {
  void test('identifiers', () => {
    verifiedExpr('a');
    verifiedExpr('t.a');
    verifiedExpr('cat.db.t.a');
    verifiedExpr('`select`');
    verifiedExpr('`a b`.`c``d`');
    verifiedExpr('`value`');
    exprParsesTo('value', 'value');
    assert.deepEqual(shape('T.`Col`'), {
      kind: 'CompoundIdentifier',
      parts: [
        { kind: 'Ident', value: 'T', quoted: false },
        { kind: 'Ident', value: 'Col', quoted: true },
      ],
    });
  });

  void test('field access and index', () => {
    verifiedExpr('arr[1]');
    verifiedExpr("m['k']");
    verifiedExpr('arr[1][2]');
    verifiedExpr('f(x).field');
    verifiedExpr('(a).b');
    verifiedExpr('(t.a).b.c');
    verifiedExpr('arr[1].x');
    verifiedExpr('(-a)[1]');
    verifiedExpr("CAST(x AS ROW<a INT>).a");
    assert.equal((shape('(a).b') as { kind: string }).kind, 'FieldAccess');
  });

  void test('ROW, ARRAY, MAP constructors', () => {
    verifiedExpr('ROW(1, 2)');
    verifiedExpr('ROW()');
    verifiedExpr('ROW(1)');
    verifiedExpr('(1, 2)');
    verifiedExpr('ARRAY[1, 2, 3]');
    verifiedExpr('ARRAY[]');
    verifiedExpr('ARRAY[ARRAY[1], ARRAY[2, 3]]');
    verifiedExpr("MAP['a', 1, 'b', 2]");
    verifiedExpr('MAP[]');
    assert.deepEqual(shape('(1, 2)'), {
      kind: 'RowConstructor',
      fields: [
        { kind: 'NumericLiteral', text: '1' },
        { kind: 'NumericLiteral', text: '2' },
      ],
      explicit: false,
    });
  });

  void test('CASE', () => {
    verifiedExpr("CASE WHEN a > 1 THEN 'x' WHEN a > 0 THEN 'y' ELSE 'z' END");
    verifiedExpr('CASE a WHEN 1 THEN 2 END');
    verifiedExpr('CASE (a) WHEN 1 THEN 2 END'.replace('(a)', 'a'));
  });

  void test('CAST and TRY_CAST', () => {
    verifiedExpr('CAST(a AS INT)');
    verifiedExpr('TRY_CAST(a AS DECIMAL(10, 2))');
    verifiedExpr('CAST(NULL AS ARRAY<ARRAY<INT>>)');
    exprParsesTo('cast(a as decimal(5,3))', 'CAST(a AS DECIMAL(5, 3))');
    assert.deepEqual((shape('TRY_CAST(a AS INT)') as { try: boolean }).try, true);
  });
});

void describe('function calls', () => {
  void test('plain, qualified, DISTINCT, star, named arguments', () => {
    verifiedExpr('f()');
    verifiedExpr('f(a, b)');
    verifiedExpr('db.f(a)');
    verifiedExpr('COUNT(*)');
    verifiedExpr('COUNT(DISTINCT a)');
    verifiedExpr('COUNT(ALL a)');
    verifiedExpr('f(a => 1, b => TABLE t)');
    verifiedExpr('LEFT(s, 2)');
    verifiedExpr('`RIGHT`(s, 2)');
    verifiedExpr('IF(a > 1, 1, 0)');
    verifiedExpr('MOD(-26, 5)');
    exprParsesTo('count( * )', 'count(*)');
    assert.deepEqual(shape('COUNT(*)'), {
      kind: 'FunctionCall',
      name: [{ kind: 'Ident', value: 'COUNT', quoted: false }],
      args: [],
      distinct: false,
      star: true,
    });
  });

  void test('FILTER, WITHIN GROUP, null treatment, ORDER BY in arguments', () => {
    verifiedExpr('COUNT(a) FILTER (WHERE a > 1)');
    verifiedExpr("LISTAGG(x, ',')");
    verifiedExpr("LISTAGG(x, ',') WITHIN GROUP (ORDER BY y DESC)");
    verifiedExpr('FIRST_VALUE(x) IGNORE NULLS OVER w');
    verifiedExpr('LAST_VALUE(x) RESPECT NULLS');
    verifiedExpr('ARRAY_AGG(x ORDER BY y)');
  });

  void test('OVER windows', () => {
    verifiedExpr('SUM(a) OVER w');
    verifiedExpr('ROW_NUMBER() OVER (PARTITION BY a ORDER BY b DESC)');
    verifiedExpr('SUM(a) OVER (PARTITION BY a ORDER BY ts ROWS BETWEEN 5 PRECEDING AND CURRENT ROW)');
    verifiedExpr("SUM(a) OVER (ORDER BY ts RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW)");
    verifiedExpr('SUM(a) OVER (ORDER BY ts ROWS UNBOUNDED PRECEDING)');
    verifiedExpr('SUM(a) OVER (ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)');
    verifiedExpr('SUM(a) OVER (ORDER BY ts ROWS BETWEEN 1 FOLLOWING AND 3 FOLLOWING)');
    verifiedExpr('SUM(a) OVER (w ORDER BY ts)');
    verifiedExpr('SUM(a) OVER ()');
    verifiedExpr('SUM(a) OVER (ORDER BY ts ASC NULLS FIRST, b DESC NULLS LAST)');
  });

  void test('special syntaxes', () => {
    verifiedExpr('EXTRACT(DAY FROM ts)');
    verifiedExpr('EXTRACT(ISODOW FROM DATE \'1996-11-10\')');
    verifiedExpr("TRIM(BOTH 'x' FROM s)");
    verifiedExpr('TRIM(LEADING FROM s)');
    verifiedExpr("TRIM(TRAILING 'ab' FROM s)");
    verifiedExpr("TRIM('x' FROM s)");
    verifiedExpr('TRIM(s)');
    verifiedExpr("POSITION('a' IN s)");
    verifiedExpr("POSITION('a' || 'b' IN s)");
    verifiedExpr('POSITION(a, b)');
    verifiedExpr('SUBSTRING(s FROM 2 FOR 3)');
    verifiedExpr('SUBSTRING(s FROM -2)');
    verifiedExpr('SUBSTRING(s, 2, 3)');
    verifiedExpr("OVERLAY(s PLACING 'x' FROM 2 FOR 3)");
    verifiedExpr("OVERLAY(s PLACING 'x' FROM 2)");
    verifiedExpr('FLOOR(ts TO HOUR)');
    verifiedExpr('CEIL(ts TO DAY)');
    exprParsesTo('CEILING(ts TO MONTH)', 'CEIL(ts TO MONTH)');
    verifiedExpr('FLOOR(2.5)');
    verifiedExpr('CEILING(2.5)');
    verifiedExpr('TIMESTAMPADD(DAY, 1, ts)');
    verifiedExpr('TIMESTAMPDIFF(SECOND, a, b)');
    exprParsesTo('TIMESTAMPADD(SQL_TSI_DAY, 1, ts)', 'TIMESTAMPADD(DAY, 1, ts)');
    verifiedExpr('DESCRIPTOR(ts)');
    verifiedExpr('DESCRIPTOR(a, `b`)');
    verifiedExpr('TABLE t');
    verifiedExpr('TABLE db.t PARTITION BY a');
    verifiedExpr('TABLE db.t PARTITION BY (a, b)');
  });

  void test('niladic functions', () => {
    for (const f of ['CURRENT_TIMESTAMP', 'CURRENT_DATE', 'CURRENT_TIME', 'LOCALTIMESTAMP', 'LOCALTIME', 'CURRENT_USER']) {
      assert.deepEqual(shape(f), { kind: 'NiladicFunction', name: f });
      verifiedExpr(f);
    }
    verifiedExpr('CURRENT_ROW_TIMESTAMP()');
    verifiedExpr('NOW()');
    verifiedExpr('PROCTIME()');
    exprParsesTo('current_timestamp', 'CURRENT_TIMESTAMP');
  });

  void test('MATCH_RECOGNIZE navigation', () => {
    verifiedExpr('PREV(A.price, 1)');
    verifiedExpr('FIRST(A.price)');
    verifiedExpr('LAST(B.rowtime, 2)');
    verifiedExpr('FINAL LAST(A.price)');
    verifiedExpr('RUNNING COUNT(*)');
    verifiedExpr('MATCH_ROWTIME()');
    verifiedExpr('MATCH_PROCTIME()');
    assert.equal((shape('FINAL LAST(A.price)') as { semantics: string }).semantics, 'FINAL');
  });

  void test('JSON functions', () => {
    verifiedExpr("JSON_VALUE(x, '$.a')");
    verifiedExpr("JSON_VALUE(x, '$.a' RETURNING INT DEFAULT 0 ON EMPTY NULL ON ERROR)");
    verifiedExpr("JSON_VALUE(x, '$.a' RETURNING DOUBLE ERROR ON EMPTY DEFAULT -1 ON ERROR)");
    verifiedExpr("JSON_QUERY(x, '$.a')");
    verifiedExpr("JSON_QUERY(x, '$.a' WITH CONDITIONAL WRAPPER)");
    verifiedExpr("JSON_QUERY(x, '$.a' WITH UNCONDITIONAL WRAPPER EMPTY ARRAY ON EMPTY EMPTY OBJECT ON ERROR)");
    verifiedExpr("JSON_QUERY(x, '$.a' WITHOUT WRAPPER NULL ON EMPTY ERROR ON ERROR)");
    verifiedExpr("JSON_QUERY(x, '$.a' RETURNING ARRAY<STRING>)");
    exprParsesTo("JSON_QUERY(x, '$.a' WITH ARRAY WRAPPER)", "JSON_QUERY(x, '$.a' WITH UNCONDITIONAL WRAPPER)");
    exprParsesTo("JSON_QUERY(x, '$.a' WITHOUT ARRAY WRAPPER)", "JSON_QUERY(x, '$.a' WITHOUT WRAPPER)");
    verifiedExpr("JSON_EXISTS(x, '$.a')");
    verifiedExpr("JSON_EXISTS(x, 'strict $.a' TRUE ON ERROR)");
    verifiedExpr("JSON_EXISTS(x, '$.a' UNKNOWN ON ERROR)");
    verifiedExpr("JSON_OBJECT(KEY 'k' VALUE v, KEY 'k2' VALUE v2 NULL ON NULL)");
    exprParsesTo("JSON_OBJECT('k' VALUE v ABSENT ON NULL)", "JSON_OBJECT(KEY 'k' VALUE v ABSENT ON NULL)");
    verifiedExpr('JSON_OBJECT()');
    verifiedExpr("JSON_OBJECT(KEY 'k' VALUE JSON_OBJECT(KEY 'n' VALUE 1))");
    verifiedExpr("JSON_OBJECT(KEY 'k' VALUE s FORMAT JSON)");
    verifiedExpr('JSON_ARRAY(1, 2, NULL ABSENT ON NULL)');
    verifiedExpr('JSON_ARRAY()');
    verifiedExpr('JSON_ARRAY(NULL ON NULL)');
    verifiedExpr('JSON_OBJECTAGG(KEY k VALUE v)');
    verifiedExpr('JSON_OBJECTAGG(KEY k VALUE v ABSENT ON NULL)');
    verifiedExpr('JSON_ARRAYAGG(v)');
    verifiedExpr('JSON_ARRAYAGG(v ORDER BY k DESC NULL ON NULL)');
    verifiedExpr("JSON_STRING(ROW(1, 'a'))");
    assert.deepEqual(shape("JSON_VALUE(x, '$.a' RETURNING INT DEFAULT 0 ON EMPTY)"), {
      kind: 'JsonValue',
      expr: { kind: 'Identifier', name: { kind: 'Ident', value: 'x', quoted: false } },
      path: { kind: 'StringLiteral', value: '$.a' },
      returning: { kind: 'PrimitiveType', name: 'INT', spelling: 'INT', params: [], withLocalTimeZone: false, notNull: false },
      onEmpty: { kind: 'JsonValueBehavior', behavior: 'DEFAULT', default: { kind: 'NumericLiteral', text: '0' } },
    });
  });
});

void describe('data types (via CAST)', () => {
  const types = [
    'BOOLEAN',
    'TINYINT',
    'SMALLINT',
    'INT',
    'INTEGER',
    'BIGINT',
    'FLOAT',
    'REAL',
    'DOUBLE',
    'DOUBLE PRECISION',
    'DECIMAL',
    'DECIMAL(10)',
    'DECIMAL(10, 2)',
    'NUMERIC(5, 1)',
    'DEC(3)',
    'CHAR(3)',
    'CHARACTER(3)',
    'VARCHAR',
    'VARCHAR(20)',
    'CHARACTER VARYING(5)',
    'STRING',
    'BINARY(4)',
    'VARBINARY(9)',
    'BINARY VARYING(2)',
    'BYTES',
    'DATE',
    'TIME',
    'TIME(0)',
    'TIMESTAMP',
    'TIMESTAMP(3)',
    'TIMESTAMP(3) WITH LOCAL TIME ZONE',
    'TIMESTAMP WITH LOCAL TIME ZONE',
    'TIMESTAMP_LTZ(3)',
    'INTERVAL DAY TO SECOND(3)',
    'INTERVAL YEAR TO MONTH',
    'INTERVAL DAY(2) TO HOUR',
    'INTERVAL MINUTE',
    'ARRAY<INT>',
    'ARRAY<INT NOT NULL> NOT NULL',
    'INT ARRAY',
    'INT NOT NULL ARRAY',
    'INT ARRAY ARRAY',
    'MULTISET<STRING>',
    'STRING MULTISET',
    'MAP<STRING, INT>',
    'MAP<STRING, ARRAY<INT>>',
    'ROW<a INT, b STRING>',
    "ROW<a INT 'the a', `b c` STRING NOT NULL>",
    'ROW(a INT, b STRING)',
    'ROW<>',
    'ROW<a ROW<b INT>>',
    'INT NOT NULL',
    'VARIANT',
  ];
  for (const t of types) {
    void test(t, () => {
      verifiedExpr(`CAST(x AS ${t})`);
    });
  }

  void test('canonical names fold synonyms, spelling is kept', () => {
    const c = shape('CAST(x AS DOUBLE PRECISION)') as { type: { name: string; spelling: string } };
    assert.equal(c.type.name, 'DOUBLE');
    assert.equal(c.type.spelling, 'DOUBLE PRECISION');
    assert.equal((shape('CAST(x AS INTEGER)') as { type: { name: string } }).type.name, 'INT');
    assert.equal((shape('CAST(x AS CHARACTER VARYING(3))') as { type: { name: string } }).type.name, 'VARCHAR');
    assert.equal((shape('CAST(x AS NUMERIC)') as { type: { name: string } }).type.name, 'DECIMAL');
  });

  void test('WITHOUT TIME ZONE is the default and dropped', () => {
    exprParsesTo('CAST(x AS TIMESTAMP(3) WITHOUT TIME ZONE)', 'CAST(x AS TIMESTAMP(3))');
  });

  void test('explicit NULL suffix is accepted', () => {
    exprParsesTo('CAST(x AS INT NULL)', 'CAST(x AS INT)');
  });

  void test('nested angle brackets close one by one', () => {
    verifiedExpr('CAST(x AS MAP<STRING, MAP<STRING, INT>>)');
  });
});
