/**
 * The corpus of realistic Flink scripts in test/corpus: every statement of
 * every file parses and round-trips through the printer, and the printed
 * script parses back to the same statements.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseStatements, printStatement } from '../../src/sql/index.ts';
import { roundTrip, stripSpans } from './helpers.ts';

const dir = join(import.meta.dirname, '..', 'corpus');
const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();

void describe('corpus', () => {
  void test('has at least 12 scripts', () => {
    assert.ok(files.length >= 12, `only ${files.length} scripts`);
  });

  for (const file of files) {
    void test(file, () => {
      const sql = readFileSync(join(dir, file), 'utf8');
      const stmts = parseStatements(sql);
      assert.ok(stmts.length > 0);
      for (const s of stmts) {
        roundTrip(s);
        // each statement's span covers its own text
        const text = sql.slice(s.span.start, s.span.end);
        assert.deepEqual(stripSpans(parseStatements(text)), stripSpans([s]), `span of statement does not cover it: ${text}`);
      }
      const printed = stmts.map((s) => `${printStatement(s)};`).join('\n');
      assert.deepEqual(stripSpans(parseStatements(printed)), stripSpans(stmts));
    });
  }
});
