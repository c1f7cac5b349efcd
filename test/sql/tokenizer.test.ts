import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tokenize } from '../../src/sql/tokenizer.ts';

const kinds = (sql: string): string[] => tokenize(sql).map((t) => `${t.kind}:${t.value}`);

void describe('tokenizer', () => {
  void test('keywords are case-insensitive; identifiers keep their case', () => {
    const t = tokenize('select Foo FROM bar');
    assert.deepEqual(
      t.map((x) => [x.kind, x.text, x.upper]),
      [
        ['Keyword', 'select', 'SELECT'],
        ['Ident', 'Foo', 'FOO'],
        ['Keyword', 'FROM', 'FROM'],
        ['Ident', 'bar', 'BAR'],
        ['EOF', '', ''],
      ],
    );
  });

  void test('backtick identifiers with doubled backticks', () => {
    assert.deepEqual(kinds('`a``b` `select`'), ['QuotedIdent:a`b', 'QuotedIdent:select', 'EOF:']);
  });

  void test('string literals with doubled quotes, adjacent parts, N prefix', () => {
    assert.deepEqual(kinds("'it''s' 'a'\n'b' N'x'"), ["String:it's", 'String:ab', 'String:x', 'EOF:']);
  });

  void test('binary and unicode literals', () => {
    assert.deepEqual(kinds("X'0a1B' x''"), ['BinaryString:0A1B', 'BinaryString:', 'EOF:']);
    assert.deepEqual(kinds("U&'\\0041\\+01F600x\\\\'"), ['String:A😀x\\', 'EOF:']);
    assert.deepEqual(kinds("U&'!0041b' UESCAPE '!'"), ['String:Ab', 'EOF:']);
  });

  void test('numbers', () => {
    assert.deepEqual(kinds('1 1.50 .5 1e5 1.5E-3 2. 007'), [
      'Number:1',
      'Number:1.50',
      'Number:.5',
      'Number:1e5',
      'Number:1.5E-3',
      'Number:2.',
      'Number:007',
      'EOF:',
    ]);
  });

  void test('a qualified name is not a number', () => {
    assert.deepEqual(kinds('t.a'), ['Ident:t', 'Symbol:.', 'Ident:a', 'EOF:']);
  });

  void test('operators', () => {
    assert.deepEqual(
      tokenize('<> != <= >= < > = => || | + - * / % ( ) [ ] { } , ; . ^ $ ?').map((t) => t.text),
      ['<>', '!=', '<=', '>=', '<', '>', '=', '=>', '||', '|', '+', '-', '*', '/', '%', '(', ')', '[', ']', '{', '}', ',', ';', '.', '^', '$', '?', ''],
    );
  });

  void test('comments are skipped, hints are tokens', () => {
    assert.deepEqual(kinds('a -- c\n/* multi\nline */ b /*+ X(y) */'), [
      'Ident:a',
      'Ident:b',
      'HintStart:/*+',
      'Ident:X',
      'Symbol:(',
      'Ident:y',
      'Symbol:)',
      'HintEnd:*/',
      'EOF:',
    ]);
  });

  void test('CRLF line ends, a byte-order mark and no-break spaces are whitespace', () => {
    const t = tokenize('\uFEFFSELECT\r\n  a\u00A0-- c\r\n, b');
    assert.deepEqual(
      t.map((x) => x.text),
      ['SELECT', 'a', ',', 'b', ''],
    );
    assert.equal(t[1]?.span.line, 2);
    assert.equal(t[1]?.span.column, 3);
    assert.equal(t[2]?.span.line, 3);
  });

  void test('spans carry line and column', () => {
    const t = tokenize('SELECT\n  a,\n\t`b`');
    assert.deepEqual(t[1]?.span, { start: 9, end: 10, line: 2, column: 3 });
    assert.deepEqual(t[3]?.span, { start: 13, end: 16, line: 3, column: 2 });
  });

  void test('a multi-line string keeps its starting position and the next token counts lines', () => {
    const t = tokenize("'a\nb' x");
    assert.deepEqual(t[0]?.span, { start: 0, end: 5, line: 1, column: 1 });
    assert.deepEqual(t[1]?.span, { start: 6, end: 7, line: 2, column: 4 });
  });

  void test('errors', () => {
    assert.throws(() => tokenize("SELECT 'abc"), { message: 'SQL parse error at line 1, column 8: unterminated string literal' });
    assert.throws(() => tokenize('SELECT `abc'), { message: 'SQL parse error at line 1, column 8: unterminated quoted identifier' });
    assert.throws(() => tokenize('a /* x'), { message: 'SQL parse error at line 1, column 3: unterminated comment' });
    assert.throws(() => tokenize('a\n  # b'), { message: "SQL parse error at line 2, column 3: unexpected character '#'" });
    assert.throws(() => tokenize('SELECT "a"'), {
      message: `SQL parse error at line 1, column 8: unexpected character '"' (Flink SQL quotes identifiers with backticks and strings with single quotes)`,
    });
    assert.throws(() => tokenize("X'0G'"), { message: "SQL parse error at line 1, column 1: invalid binary literal X'0G'" });
    assert.throws(() => tokenize('SELECT 1abc'), { message: "SQL parse error at line 1, column 8: invalid numeric literal '1abc'" });
  });
});
