import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Explain, Insert, StatementSet } from '../../src/sql/ast/statement.ts';
import { isCompleteInput, parseStatement, parseStatements, printStatement } from '../../src/sql/index.ts';
import { parsesTo, roundTrip, stripSpans, verifiedStmt } from './helpers.ts';

void describe('INSERT', () => {
  void test('forms', () => {
    verifiedStmt('INSERT INTO t SELECT * FROM s');
    verifiedStmt('INSERT OVERWRITE t SELECT * FROM s');
    verifiedStmt('INSERT INTO cat.db.t (a, b) SELECT x, y FROM s');
    verifiedStmt("INSERT INTO t PARTITION (dt = '2020-01-01', h = 1) SELECT a FROM s");
    verifiedStmt("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
    verifiedStmt("INSERT INTO t /*+ OPTIONS('sink.parallelism'='2') */ SELECT a FROM s");
    verifiedStmt('INSERT INTO t (SELECT a FROM s)'.replace('(SELECT a FROM s)', 'SELECT a FROM s UNION ALL SELECT b FROM u'));
    verifiedStmt('INSERT INTO t WITH x AS (SELECT 1) SELECT * FROM x');
    verifiedStmt('INSERT INTO snk SELECT MAX(a), COUNT(*) FROM src GROUP BY b ON CONFLICT DO ERROR');
    parsesTo('INSERT INTO t (SELECT a FROM s)', 'INSERT INTO t SELECT a FROM s');
    const i = verifiedStmt('EXECUTE INSERT INTO t SELECT 1') as Insert;
    assert.equal(i.execute, true);
  });
});

void describe('statement sets', () => {
  void test('EXECUTE STATEMENT SET BEGIN … END', () => {
    const s = verifiedStmt('EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; INSERT INTO b SELECT 2; END') as StatementSet;
    assert.equal(s.inserts.length, 2);
    assert.equal(s.syntax, 'execute');
  });

  void test('the script form BEGIN STATEMENT SET; …; END;', () => {
    const stmts = parseStatements('SET \'a\' = \'b\';\nBEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;\nINSERT INTO b SELECT 2;\nEND;\nSELECT 1;');
    assert.deepEqual(
      stmts.map((s) => s.kind),
      ['Set', 'StatementSet', 'Query'],
    );
    const set = stmts[1] as StatementSet;
    assert.equal(set.syntax, 'begin');
    assert.equal(set.inserts.length, 2);
    assert.equal(printStatement(set), 'BEGIN STATEMENT SET; INSERT INTO a SELECT 1; INSERT INTO b SELECT 2; END');
    roundTrip(set);
  });
});

void describe('session and catalog statements', () => {
  void test('SET / RESET', () => {
    verifiedStmt("SET 'table.local-time-zone' = 'Asia/Shanghai'");
    verifiedStmt('SET');
    verifiedStmt("RESET 'execution.checkpointing.interval'");
    verifiedStmt('RESET');
    parsesTo('SET execution.runtime-mode = streaming', "SET 'execution.runtime-mode' = 'streaming'");
    parsesTo("SET 'parallelism.default' = 2", "SET 'parallelism.default' = '2'");
    parsesTo('SET table.exec.state.ttl = 1 h', "SET 'table.exec.state.ttl' = '1 h'");
    assert.deepEqual(stripSpans(parseStatement("SET 'k' = 'v'")), { kind: 'Set', key: 'k', value: 'v' });
  });

  void test('USE', () => {
    verifiedStmt('USE CATALOG c');
    verifiedStmt('USE db');
    verifiedStmt('USE c.db');
  });

  void test('SHOW', () => {
    for (const s of [
      'SHOW CATALOGS',
      'SHOW CURRENT CATALOG',
      'SHOW DATABASES',
      'SHOW CURRENT DATABASE',
      'SHOW TABLES',
      'SHOW TABLES FROM db',
      "SHOW TABLES FROM c.db LIKE 'a%'",
      "SHOW TABLES NOT LIKE 'a%'",
      'SHOW VIEWS',
      'SHOW FUNCTIONS',
      'SHOW USER FUNCTIONS',
      'SHOW MODULES',
      'SHOW FULL MODULES',
      'SHOW JOBS',
      'SHOW JARS',
      'SHOW CREATE TABLE t',
      'SHOW CREATE VIEW db.v',
      'SHOW COLUMNS FROM t',
      "SHOW COLUMNS FROM t LIKE '%id'",
      'SHOW PARTITIONS t',
    ]) {
      verifiedStmt(s);
    }
    parsesTo('SHOW TABLES IN db', 'SHOW TABLES FROM db');
    parsesTo('show columns in t', 'SHOW COLUMNS FROM t');
  });

  void test('DESCRIBE / DESC', () => {
    verifiedStmt('DESCRIBE t');
    verifiedStmt('DESC c.db.t');
    verifiedStmt('DESCRIBE EXTENDED t');
  });

  void test('EXPLAIN', () => {
    verifiedStmt('EXPLAIN SELECT * FROM t');
    verifiedStmt('EXPLAIN PLAN FOR SELECT * FROM t');
    verifiedStmt('EXPLAIN CHANGELOG_MODE, ESTIMATED_COST SELECT * FROM t');
    verifiedStmt('EXPLAIN JSON_EXECUTION_PLAN INSERT INTO t SELECT 1');
    verifiedStmt('EXPLAIN PLAN_ADVICE SELECT 1');
    verifiedStmt('EXPLAIN EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; END');
    const e = parseStatement('EXPLAIN CHANGELOG_MODE SELECT 1') as Explain;
    assert.deepEqual(e.details, ['CHANGELOG_MODE']);
  });

  void test('STOP JOB', () => {
    verifiedStmt("STOP JOB 'abc'");
    verifiedStmt("STOP JOB 'abc' WITH SAVEPOINT");
    verifiedStmt("STOP JOB 'abc' WITH SAVEPOINT WITH DRAIN");
  });
});

void describe('scripts', () => {
  void test('several statements, comments, empty statements', () => {
    const stmts = parseStatements(`
      -- a comment
      CREATE TABLE t (a INT) WITH ('connector' = 'datagen');;
      /* block */ SELECT a FROM t;
      INSERT INTO u SELECT a FROM t
    `);
    assert.deepEqual(
      stmts.map((s) => s.kind),
      ['CreateTable', 'Query', 'Insert'],
    );
  });

  void test('empty script', () => {
    assert.deepEqual(parseStatements(''), []);
    assert.deepEqual(parseStatements(' ; -- nothing\n;'), []);
  });

  void test('spans of statements point at their text', () => {
    const sql = 'SELECT 1;\n  SELECT a\n  FROM t';
    const [, second] = parseStatements(sql);
    assert.ok(second);
    assert.deepEqual(second.span, { start: 12, end: sql.length, line: 2, column: 3 });
    assert.equal(sql.slice(second.span.start, second.span.end), 'SELECT a\n  FROM t');
  });
});

void describe('isCompleteInput (interactive client)', () => {
  test('complete when ending with ; outside strings, comments and statement sets', () => {
    assert.equal(isCompleteInput('SELECT 1;'), true);
    assert.equal(isCompleteInput('SELECT 1;  -- done\n'), true);
    assert.equal(isCompleteInput('SELECT 1'), false);
    assert.equal(isCompleteInput("SELECT ';"), false);
    assert.equal(isCompleteInput('SELECT 1 /* ;'), false);
    assert.equal(isCompleteInput('SELECT `a;'), false);
    assert.equal(isCompleteInput(''), false);
    assert.equal(isCompleteInput('EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1;'), false);
    assert.equal(isCompleteInput('EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; END;'), true);
    assert.equal(isCompleteInput('BEGIN STATEMENT SET;'), false);
    assert.equal(isCompleteInput('BEGIN STATEMENT SET; INSERT INTO a SELECT 1;'), false);
    assert.equal(isCompleteInput('BEGIN STATEMENT SET; INSERT INTO a SELECT 1; END;'), true);
    assert.equal(isCompleteInput('SELECT CASE WHEN a THEN 1 END;'), true);
    assert.equal(isCompleteInput('SELECT # ;'), true);
  });
});
