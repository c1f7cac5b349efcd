import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Join, NamedTable, Query, Select, TableFunction } from '../../src/sql/ast/query.ts';
import { parseQuery } from '../../src/sql/index.ts';
import { parsesTo, stripSpans, verifiedStmt } from './helpers.ts';

const select = (sql: string): Select => {
  const q = parseQuery(sql);
  assert.equal(q.body.kind, 'Select');
  return q.body as Select;
};

void describe('SELECT', () => {
  void test('select list: wildcard, qualified wildcard, aliases', () => {
    verifiedStmt('SELECT * FROM t');
    verifiedStmt('SELECT t.*, u.a FROM t, u');
    verifiedStmt('SELECT db.t.* FROM db.t');
    verifiedStmt('SELECT 价格, `名 称`, café FROM 订单');
    verifiedStmt('SELECT *, ROW_NUMBER() OVER (ORDER BY a) AS rn FROM t');
    verifiedStmt('SELECT a AS x, b AS `y z`, c FROM t');
    parsesTo('SELECT a x, b `y` FROM t', 'SELECT a AS x, b AS `y` FROM t');
    parsesTo('select a as value from t', 'SELECT a AS value FROM t');
    // aliases that look like clause keywords are fine where they are aliases
    parsesTo('SELECT a form FROM t lft JOIN u ON TRUE', 'SELECT a AS form FROM t AS lft JOIN u ON TRUE');
    const s = select('SELECT t.* FROM t');
    assert.deepEqual(stripSpans(s.items), [{ kind: 'QualifiedWildcard', qualifier: [{ kind: 'Ident', value: 't', quoted: false }] }]);
  });

  void test('SELECT without FROM, DISTINCT, ALL', () => {
    verifiedStmt('SELECT 1');
    verifiedStmt('SELECT DISTINCT a, b FROM t');
    parsesTo('SELECT ALL a FROM t', 'SELECT a FROM t');
  });

  void test('WHERE, GROUP BY, HAVING', () => {
    verifiedStmt('SELECT a, COUNT(*) FROM t WHERE b > 1 GROUP BY a HAVING COUNT(*) > 2');
    parsesTo('SELECT a, b, SUM(c) FROM t GROUP BY GROUPING SETS ((a, b), (a), ())', 'SELECT a, b, SUM(c) FROM t GROUP BY GROUPING SETS ((a, b), a, ())');
    verifiedStmt('SELECT a, b, SUM(c) FROM t GROUP BY ROLLUP (a, b)');
    verifiedStmt('SELECT a, b, SUM(c) FROM t GROUP BY CUBE (a, b)');
    verifiedStmt('SELECT SUM(c) FROM t GROUP BY ()');
    verifiedStmt('SELECT a, b FROM t GROUP BY (a, b)');
    verifiedStmt('SELECT a FROM t GROUP BY a, GROUPING SETS (b, c)');
    verifiedStmt('SELECT GROUPING(a), GROUPING_ID(a, b) FROM t GROUP BY CUBE (a, (b, c))');
    parsesTo('SELECT a FROM t GROUP BY (a)', 'SELECT a FROM t GROUP BY a');
    const s = select('SELECT SUM(c) FROM t GROUP BY GROUPING SETS ((a, b), a, ())');
    assert.deepEqual(
      s.groupBy.map((g) => g.kind),
      ['GroupingSets'],
    );
  });

  void test('named windows', () => {
    verifiedStmt('SELECT SUM(a) OVER w FROM t WINDOW w AS (PARTITION BY b ORDER BY ts ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)');
    verifiedStmt('SELECT SUM(a) OVER w1, MAX(a) OVER w2 FROM t WINDOW w1 AS (ORDER BY ts), w2 AS (w1 ROWS 3 PRECEDING)');
  });

  void test('ORDER BY, LIMIT, OFFSET, FETCH', () => {
    verifiedStmt('SELECT a FROM t ORDER BY a DESC, b ASC NULLS LAST LIMIT 10');
    // ASC/DESC are not reserved: a column may be called `desc`
    verifiedStmt('SELECT desc FROM t ORDER BY desc DESC');
    verifiedStmt('SELECT a FROM t ORDER BY a LIMIT 10 OFFSET 5');
    verifiedStmt('SELECT a FROM t OFFSET 5 FETCH FIRST 3 ROWS ONLY');
    parsesTo('SELECT a FROM t OFFSET 5 ROWS FETCH NEXT 1 ROW ONLY', 'SELECT a FROM t OFFSET 5 FETCH FIRST 1 ROWS ONLY');
    parsesTo('SELECT a FROM t FETCH FIRST ROW ONLY', 'SELECT a FROM t FETCH FIRST 1 ROWS ONLY');
  });

  void test('select hints', () => {
    verifiedStmt('SELECT /*+ BROADCAST(t) */ a FROM t JOIN u ON t.a = u.a');
    verifiedStmt("SELECT /*+ LOOKUP('table'='c', 'async'='true'), STATE_TTL('t'='1d') */ * FROM t");
  });
});

void describe('set operations, VALUES, WITH', () => {
  void test('set operations and their precedence', () => {
    verifiedStmt('SELECT a FROM t UNION ALL SELECT a FROM u');
    verifiedStmt('SELECT a FROM t UNION SELECT a FROM u EXCEPT SELECT a FROM v');
    verifiedStmt('SELECT a FROM t UNION SELECT a FROM u INTERSECT SELECT a FROM v');
    verifiedStmt('(SELECT a FROM t UNION SELECT a FROM u) INTERSECT SELECT a FROM v');
    verifiedStmt('SELECT a FROM t INTERSECT ALL SELECT a FROM u');
    verifiedStmt('SELECT a FROM t EXCEPT ALL SELECT a FROM u');
    parsesTo('SELECT a FROM t UNION DISTINCT SELECT a FROM u', 'SELECT a FROM t UNION SELECT a FROM u');
    parsesTo('(SELECT a FROM t) UNION (SELECT a FROM u)', 'SELECT a FROM t UNION SELECT a FROM u');
    verifiedStmt('SELECT a FROM t UNION (SELECT a FROM u UNION SELECT a FROM v)');
    const q = parseQuery('SELECT 1 UNION SELECT 2 INTERSECT SELECT 3');
    assert.equal(q.body.kind, 'SetOperation');
    assert.equal((q.body as { op: string }).op, 'UNION');
  });

  void test('parenthesised queries with ORDER BY/LIMIT stay nested', () => {
    verifiedStmt('(SELECT a FROM t ORDER BY a LIMIT 1) UNION ALL SELECT a FROM u');
    verifiedStmt('SELECT a FROM t ORDER BY a');
  });

  void test('VALUES', () => {
    verifiedStmt("VALUES (1, 'a'), (2, 'b')");
    verifiedStmt('VALUES (1)');
    parsesTo('VALUES 1, 2', 'VALUES (1), (2)');
    parsesTo('VALUES ROW(1, 2)', 'VALUES (1, 2)');
    verifiedStmt('SELECT * FROM (VALUES (1, 2), (3, 4)) AS t (a, b)');
  });

  void test('WITH', () => {
    verifiedStmt('WITH a AS (SELECT 1 AS x), b (y) AS (SELECT x FROM a) SELECT * FROM b');
    verifiedStmt('WITH RECURSIVE r AS (SELECT 1) SELECT * FROM r');
  });

  void test('ON CONFLICT on a statement query', () => {
    verifiedStmt('SELECT a FROM t ON CONFLICT DO DEDUPLICATE');
    verifiedStmt('SELECT a FROM t ON CONFLICT DO NOTHING');
    verifiedStmt('SELECT a FROM t ON CONFLICT DO ERROR');
    assert.equal((verifiedStmt('SELECT a FROM t ON CONFLICT DO ERROR') as Query).onConflict, 'ERROR');
  });
});

void describe('FROM clause', () => {
  void test('named tables, aliases, hints', () => {
    verifiedStmt('SELECT * FROM cat.db.t AS x');
    verifiedStmt('SELECT * FROM t AS x (a, b)');
    parsesTo('SELECT * FROM t x', 'SELECT * FROM t AS x');
    verifiedStmt("SELECT * FROM t /*+ OPTIONS('scan.startup.mode'='earliest-offset') */");
    verifiedStmt("SELECT * FROM t /*+ OPTIONS('a'='1', 'b'='2') */ AS x");
    const t = select("SELECT * FROM t /*+ OPTIONS('k'='v') */").from as NamedTable;
    assert.deepEqual(stripSpans(t.hints), [
      { kind: 'Hint', name: { kind: 'Ident', value: 'OPTIONS', quoted: false }, options: [{ kind: 'HintOption', key: 'k', value: 'v' }], params: [] },
    ]);
  });

  void test('joins', () => {
    verifiedStmt('SELECT * FROM a JOIN b ON a.id = b.id');
    verifiedStmt('SELECT * FROM a LEFT JOIN b ON a.id = b.id RIGHT JOIN c ON c.x = b.x FULL JOIN d ON TRUE');
    verifiedStmt('SELECT * FROM a CROSS JOIN b');
    verifiedStmt('SELECT * FROM a JOIN b USING (id, k)');
    verifiedStmt('SELECT * FROM a NATURAL JOIN b');
    verifiedStmt('SELECT * FROM a, b, c WHERE a.x = b.x');
    verifiedStmt('SELECT * FROM a JOIN (b JOIN c ON b.x = c.x) ON a.x = b.x');
    parsesTo('SELECT * FROM a INNER JOIN b ON TRUE', 'SELECT * FROM a JOIN b ON TRUE');
    parsesTo('SELECT * FROM a LEFT OUTER JOIN b ON TRUE', 'SELECT * FROM a LEFT JOIN b ON TRUE');
    parsesTo('SELECT * FROM a FULL OUTER JOIN b ON TRUE', 'SELECT * FROM a FULL JOIN b ON TRUE');
    parsesTo('SELECT * FROM (a JOIN b ON TRUE)', 'SELECT * FROM a JOIN b ON TRUE');
    const j = select('SELECT * FROM a LEFT JOIN b ON a.id = b.id').from as Join;
    assert.equal(j.joinType, 'LEFT');
  });

  void test('derived tables and LATERAL', () => {
    verifiedStmt('SELECT * FROM (SELECT a FROM t) AS s');
    verifiedStmt('SELECT * FROM (SELECT a FROM t)');
    parsesTo('SELECT * FROM (SELECT a FROM t) s', 'SELECT * FROM (SELECT a FROM t) AS s');
    verifiedStmt('SELECT * FROM t, LATERAL (SELECT * FROM u WHERE u.a = t.a) AS x');
    parsesTo(
      'SELECT * FROM ((SELECT a FROM t) UNION ALL (SELECT a FROM u ORDER BY a LIMIT 1)) AS x',
      'SELECT * FROM (SELECT a FROM t UNION ALL (SELECT a FROM u ORDER BY a LIMIT 1)) AS x',
    );
  });

  void test('temporal joins', () => {
    verifiedStmt('SELECT * FROM o JOIN r FOR SYSTEM_TIME AS OF o.ts AS rr ON o.k = rr.k');
    verifiedStmt('SELECT * FROM o LEFT JOIN r FOR SYSTEM_TIME AS OF o.proc_time ON o.k = r.k');
    const j = select('SELECT * FROM o JOIN r FOR SYSTEM_TIME AS OF o.ts AS rr ON o.k = rr.k').from as Join;
    assert.equal((j.right as NamedTable).forSystemTimeAsOf?.kind, 'CompoundIdentifier');
  });

  void test('window TVFs with positional and named arguments', () => {
    verifiedStmt("SELECT * FROM TABLE(TUMBLE(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '10' MINUTE))");
    verifiedStmt("SELECT * FROM TABLE(HOP(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '5' MINUTE, INTERVAL '10' MINUTE))");
    verifiedStmt("SELECT * FROM TABLE(CUMULATE(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '2' MINUTE, INTERVAL '10' MINUTE))");
    verifiedStmt("SELECT * FROM TABLE(SESSION(TABLE Bid PARTITION BY item, DESCRIPTOR(bidtime), INTERVAL '5' MINUTE))");
    verifiedStmt("SELECT * FROM TABLE(TUMBLE(DATA => TABLE Bid, TIMECOL => DESCRIPTOR(bidtime), SIZE => INTERVAL '10' MINUTE, `OFFSET` => INTERVAL '1' MINUTE))");
    verifiedStmt("SELECT * FROM TABLE(TUMBLE(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '10' MINUTE)) AS w");
    parsesTo("select * from table(tumble(table Bid, descriptor(bidtime), interval '10' minutes))", "SELECT * FROM TABLE(tumble(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '10' MINUTE))");
    const s = select("SELECT * FROM TABLE(SESSION(TABLE Bid PARTITION BY (item, k), DESCRIPTOR(bidtime), INTERVAL '5' MINUTE))").from as TableFunction;
    assert.deepEqual(
      s.call.args.map((a) => a.value.kind),
      ['TableArg', 'Descriptor', 'IntervalLiteral'],
    );
    assert.equal(s.call.args[0]?.value.kind === 'TableArg' && s.call.args[0].value.partitionBy.length, 2);
    const s1 = select("SELECT * FROM TABLE(SESSION(TABLE Bid PARTITION BY item, DESCRIPTOR(bidtime), INTERVAL '5' MINUTE))").from as TableFunction;
    assert.equal(s1.call.args.length, 3);
    const f = select("SELECT * FROM TABLE(TUMBLE(DATA => TABLE Bid, TIMECOL => DESCRIPTOR(ts), SIZE => INTERVAL '1' MINUTE))").from as TableFunction;
    assert.deepEqual(
      f.call.args.map((a) => [a.name?.value, a.value.kind]),
      [
        ['DATA', 'TableArg'],
        ['TIMECOL', 'Descriptor'],
        ['SIZE', 'IntervalLiteral'],
      ],
    );
  });

  void test('process table functions called without TABLE(…)', () => {
    verifiedStmt('SELECT * FROM f(r => TABLE t PARTITION BY name, threshold => 5)');
    verifiedStmt('SELECT * FROM db.f(TABLE t) AS x (a, b)');
    const f = select('SELECT * FROM f(TABLE t)').from as TableFunction;
    assert.equal(f.bare, true);
    assert.equal(f.call.name[0]?.value, 'f');
  });

  void test('LATERAL TABLE and UNNEST', () => {
    verifiedStmt('SELECT * FROM t, LATERAL TABLE(split(t.s)) AS T (word, len)');
    verifiedStmt('SELECT * FROM t LEFT JOIN LATERAL TABLE(split(t.s)) AS T (w) ON TRUE');
    verifiedStmt('SELECT * FROM t CROSS JOIN UNNEST(t.arr) AS u (x)');
    verifiedStmt('SELECT * FROM t CROSS JOIN UNNEST(t.arr) WITH ORDINALITY AS u (x, pos)');
    verifiedStmt('SELECT * FROM UNNEST(ARRAY[1, 2], ARRAY[3, 4]) AS u (a, b)');
    const j = select('SELECT * FROM t, LATERAL TABLE(f(x))').from as Join;
    assert.equal(j.joinType, 'COMMA');
    assert.equal((j.right as TableFunction).lateral, true);
  });
});
