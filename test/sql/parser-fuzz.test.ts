/**
 * Robustness: on arbitrary input the parser returns statements or throws a
 * parse WeirError — never another exception, never a hang.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { WeirError } from '../../src/common/error.ts';
import { parseStatements, parseStatementsRecovering, tokenize } from '../../src/sql/index.ts';

function parsesOrFailsCleanly(sql: string): void {
  try {
    parseStatements(sql);
  } catch (e) {
    if (!(e instanceof WeirError) || e.kind !== 'parse') throw new Error(`not a parse error for: ${sql}\n${String(e)}`);
    assert.ok(e.span, 'parse errors carry a span');
    assert.match(e.message, /^SQL parse error at line \d+, column \d+: /);
  }
  const r = parseStatementsRecovering(sql);
  for (const e of r.errors) assert.ok(e instanceof WeirError);
}

const vocabulary = [
  'SELECT', 'FROM', 'WHERE', 'GROUP', 'BY', 'ORDER', 'HAVING', 'JOIN', 'LEFT', 'ON', 'AS', 'AND', 'OR', 'NOT',
  'IN', 'IS', 'NULL', 'LIKE', 'BETWEEN', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'CAST', 'INTERVAL', 'DAY',
  'TABLE', 'TUMBLE', 'DESCRIPTOR', 'OVER', 'PARTITION', 'ROWS', 'PRECEDING', 'CREATE', 'WITH', 'INSERT',
  'INTO', 'VALUES', 'MATCH_RECOGNIZE', 'PATTERN', 'DEFINE', 'MEASURES', 'WATERMARK', 'FOR', 'PRIMARY', 'KEY',
  'ROW', 'ARRAY', 'MAP', 'INT', 'STRING', 'TIMESTAMP', 'EXECUTE', 'STATEMENT', 'SET', 'BEGIN', 'JSON_VALUE',
  'RETURNING', 'EMPTY', 'ERROR', 'TRIM', 'BOTH', 'EXTRACT', 'UNION', 'ALL', 'LIMIT', 'EXPLAIN', 'SHOW',
  'a', 'b', 't', '`q`', "'s'", "X'0A'", '1', '2.5', '1e3', '(', ')', ',', ';', '.', '*', '+', '-', '/', '=',
  '<>', '<', '>', '[', ']', '{', '}', '|', '?', '=>', '||', '/*+', '*/', '$', '^',
];

void test('random token soup never crashes the parser', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...vocabulary), { maxLength: 40 }), (words) => {
      parsesOrFailsCleanly(words.join(' '));
    }),
    { numRuns: 3000 },
  );
});

void test('random characters never crash the tokenizer or parser', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 60 }), (s) => {
      parsesOrFailsCleanly(s);
    }),
    { numRuns: 2000 },
  );
});

void test('every corpus statement with one token dropped fails cleanly or parses', () => {
  const dir = join(import.meta.dirname, '..', 'corpus');
  let cases = 0;
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.sql'))) {
    const src = readFileSync(join(dir, f), 'utf8');
    for (const stmt of parseStatements(src)) {
      const text = src.slice(stmt.span.start, stmt.span.end);
      const tokens = tokenize(text).filter((t) => t.kind !== 'EOF');
      // drop every 7th token in turn (all of them for short statements)
      const step = tokens.length > 60 ? 7 : 1;
      for (let i = 0; i < tokens.length; i += step) {
        const t = tokens[i];
        if (!t) continue;
        parsesOrFailsCleanly(text.slice(0, t.span.start) + text.slice(t.span.end));
        cases++;
      }
    }
  }
  assert.ok(cases > 1000);
});
