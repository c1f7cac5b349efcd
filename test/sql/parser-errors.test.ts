import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderError, WeirError } from '../../src/common/error.ts';
import { parseExpression, parseQuery, parseStatements, parseStatementsRecovering } from '../../src/sql/index.ts';
import { parseFails } from './helpers.ts';

const at = (line: number, column: number, detail: string): string => `SQL parse error at line ${line}, column ${column}: ${detail}`;

void describe('parse errors: exact message, line and column', () => {
  void test('missing closing parenthesis', () => {
    parseFails('SELECT (a + b FROM t', at(1, 15, "expected ')' but found 'FROM'"));
    parseFails('SELECT a\nFROM t\nWHERE x = (1 FROM', at(3, 14, "expected ')' but found 'FROM'"));
    parseFails('SELECT ARRAY[1, 2', at(1, 18, "unexpected end of input, expected ']'"));
  });

  void test('misspelled keywords', () => {
    parseFails('SELEC a FROM t', at(1, 1, "expected a statement but found 'SELEC' (did you mean SELECT?)"));
    parseFails('INSRET INTO t SELECT 1', at(1, 1, "expected a statement but found 'INSRET' (did you mean INSERT?)"));
    parseFails('FOO a', at(1, 1, "expected a statement but found 'FOO'"));
    parseFails('SELECT a FROM t GROUP BYE a', at(1, 23, "expected BY but found 'BYE' (did you mean BY?)"));
    parseFails("CREATE TABLE t (a INT) WITH ('a' = 'b') LIKE s (EXCLUDING ALL) AS SELECT 1", at(1, 64, "expected ';' or end of input but found 'AS'"));
    parseFails('SELECT * FROM t MATCH_RECOGNIZE (ORDER BY ts PATERN (A) DEFINE A AS TRUE)', at(1, 46, "expected PATTERN but found 'PATERN' (did you mean PATTERN?)"));
    parseFails('SELECT a FORM t', at(1, 10, "unexpected 'FORM' (did you mean FROM?)"));
    parseFails('SELECT a, b\nFROM t\nWHRE a > 1', at(3, 1, "unexpected 'WHRE' (did you mean WHERE?)"));
    parseFails('SELECT a x y FROM t', at(1, 12, "expected ';' or end of input but found 'y'"));
    // `a LEFTT JOIN b` is valid: LEFTT is an alias
    assert.equal(parseStatements('SELECT * FROM a LEFTT JOIN b ON TRUE').length, 1);
    parseFails('SELECT * FROM a x JION b ON TRUE', at(1, 19, "unexpected 'JION' (did you mean JOIN?)"));
    parseFails('SELECT a x FORM t', at(1, 12, "unexpected 'FORM' (did you mean FROM?)"));
    parseFails('SELECT a FROM t GROUP a', at(1, 23, "expected BY but found 'a'"));
    parseFails('SELECT a FROM t ORDER a', at(1, 23, "expected BY but found 'a'"));
    parseFails('INSERT t SELECT 1', at(1, 8, "expected INTO but found 't'"));
    parseFails('CREATE TABEL t (a INT)', at(1, 8, "expected TABLE, VIEW, FUNCTION, CATALOG or DATABASE but found 'TABEL' (did you mean TABLE?)"));
  });

  void test('trailing commas', () => {
    parseFails('SELECT a, FROM t', at(1, 11, "expected an expression but found 'FROM'"));
    parseFails('SELECT a,\n  b,\nFROM t', at(3, 1, "expected an expression but found 'FROM'"));
    parseFails('SELECT f(a,) FROM t', at(1, 12, "expected an expression but found ')'"));
    parseFails("CREATE TABLE t (a INT,) WITH ('a'='b')", at(1, 23, "expected a column name but found ')'"));
  });

  void test('unterminated literals and comments', () => {
    parseFails("SELECT 'abc", at(1, 8, 'unterminated string literal'));
    parseFails("SELECT a,\n  'x' AS b,\n  'oops FROM t", at(3, 3, 'unterminated string literal'));
    parseFails('SELECT `abc FROM t', at(1, 8, 'unterminated quoted identifier'));
    parseFails('SELECT 1 /* no end', at(1, 10, 'unterminated comment'));
    parseFails('SELECT * FROM t /*+ OPTIONS(', at(1, 28, 'unterminated hint comment'));
  });

  void test('unexpected end of input', () => {
    parseFails('SELECT a FROM t WHERE', at(1, 22, 'unexpected end of input, expected an expression'));
    parseFails('SELECT CASE WHEN a THEN 1', at(1, 26, 'unexpected end of input, expected END'));
    parseFails('EXPLAIN', at(1, 8, 'unexpected end of input, expected a statement'));
    parseFails('SELECT * FROM t JOIN', at(1, 21, 'unexpected end of input, expected a table name'));
  });

  void test('other positioned errors', () => {
    parseFails('SELECT 1 SELECT 2', at(1, 10, "expected ';' or end of input but found 'SELECT'"));
    parseFails('CREATE TABLE t (a FOO)', at(1, 19, "expected a data type but found 'FOO'"));
    parseFails('SELECT CAST(a AS) FROM t', at(1, 17, "expected a data type but found ')'"));
    parseFails("CREATE TABLE t (a INT) WITH ('k' 'v')", at(1, 34, "expected '=' but found ''v''"));
    parseFails('SELECT a FROM t WHERE a IS 5', at(1, 28, "expected NULL, TRUE, FALSE, UNKNOWN, JSON or DISTINCT FROM but found '5'"));
    parseFails(
      "SELECT * FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '10'))",
      at(1, 66, "expected a time unit but found ')'"),
    );
    parseFails(
      'SELECT * FROM t MATCH_RECOGNIZE (ORDER BY ts PATTERN (A B DEFINE A AS TRUE)',
      at(1, 59, "expected ')' but found 'DEFINE'"),
    );
    parseFails('SELECT a FROM t WHERE #', at(1, 23, "unexpected character '#'"));
    parseFails('SELECT ?', at(1, 8, 'a dynamic parameter is not supported'));
    parseFails("CREATE TABLE t (a RAW('c', 's'))", at(1, 19, 'the RAW type is not supported'));
    parseFails("ADD JAR '/tmp/x.jar'", at(1, 1, 'ADD JAR statement is not supported'));
    parseFails('SELECT 1;\n  LOAD MODULE hive', at(2, 3, 'LOAD MODULE statement is not supported'));
    parseFails('USE MODULES hive, core', at(1, 1, 'USE MODULES statement is not supported'));
    parseFails('DELETE FROM t WHERE a = 1', at(1, 1, 'DELETE statement is not supported'));
    parseFails('CREATE MATERIALIZED TABLE t AS SELECT 1', at(1, 8, 'CREATE MATERIALIZED TABLE is not supported'));
    parseFails("CREATE TABLE t (id INT, PRIMARY KEY (id) NOT ENFORCED, PRIMARY KEY (id) NOT ENFORCED)", at(1, 56, 'duplicate primary key definition'));
  });

  void test('errors are WeirErrors of kind parse with code and span, and render with a caret', () => {
    const sql = 'SELECT a\nFROM t\nWHERE x = (1 FROM';
    try {
      parseStatements(sql);
      assert.fail('should throw');
    } catch (e) {
      assert.ok(e instanceof WeirError);
      assert.equal(e.kind, 'parse');
      assert.equal(e.code, 'SQL_UNEXPECTED_TOKEN');
      assert.deepEqual(e.span, { start: 29, end: 33, line: 3, column: 14 });
      assert.equal(renderError(e, sql), `${e.message}\nWHERE x = (1 FROM\n             ^^^^`);
    }
  });

  void test('the first error of a script is reported', () => {
    parseFails('SELECT 1;\nSELECT (;\nSELECT );', at(2, 9, "expected an expression but found ';'"));
  });

  void test('parseExpression and parseQuery reject trailing input', () => {
    assert.throws(() => parseExpression('a b'), { message: at(1, 3, "expected end of input but found 'b'") });
    assert.throws(() => parseQuery('SELECT 1; SELECT 2'), { message: at(1, 11, "expected end of input but found 'SELECT'") });
  });

  void test('deep nesting fails cleanly', () => {
    const deep = `SELECT ${'('.repeat(5000)}1${')'.repeat(5000)}`;
    assert.throws(() => parseStatements(deep), (e: unknown) => e instanceof WeirError && e.code === 'SQL_TOO_DEEP');
  });
});

void describe('error recovery', () => {
  void test('each failing statement is reported and the rest still parse', () => {
    const r = parseStatementsRecovering('SELECT 1;\nSELEC 2;\nSELECT (3;\nCREATE TABLE t (a INT);\nSELECT 4');
    assert.deepEqual(
      r.statements.map((s) => s.kind),
      ['Query', 'CreateTable', 'Query'],
    );
    assert.deepEqual(
      r.errors.map((e) => e.message),
      [at(2, 1, "expected a statement but found 'SELEC' (did you mean SELECT?)"), at(3, 10, "expected ')' but found ';'")],
    );
  });

  void test('a tokenizer error ends the script', () => {
    const r = parseStatementsRecovering("SELECT 1; SELECT 'x");
    assert.equal(r.statements.length, 0);
    assert.deepEqual(
      r.errors.map((e) => e.message),
      [at(1, 18, 'unterminated string literal')],
    );
  });

  void test('a clean script has no errors', () => {
    const r = parseStatementsRecovering('SELECT 1; SELECT 2');
    assert.equal(r.statements.length, 2);
    assert.deepEqual(r.errors, []);
  });
});
