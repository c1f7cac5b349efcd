import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MatchRecognize } from '../../src/sql/ast/match-recognize.ts';
import type { Query, Select } from '../../src/sql/ast/query.ts';
import { printPatternOf } from './match-recognize-helpers.ts';
import { parsesTo, stripSpans, verifiedStmt } from './helpers.ts';

const mr = (sql: string): MatchRecognize => {
  const q = verifiedStmt(sql) as Query;
  const from = (q.body as Select).from;
  assert.ok(from?.kind === 'MatchRecognize');
  return from;
};

const wrap = (pattern: string): string =>
  `SELECT * FROM t MATCH_RECOGNIZE (ORDER BY ts PATTERN (${pattern}) DEFINE A AS a > 0)`;

void describe('MATCH_RECOGNIZE', () => {
  void test('the V-shape stock ticker example', () => {
    const m = mr(
      'SELECT * FROM Ticker MATCH_RECOGNIZE (PARTITION BY symbol ORDER BY rowtime ' +
        'MEASURES START_ROW.rowtime AS start_tstamp, LAST(PRICE_DOWN.rowtime) AS bottom_tstamp, LAST(PRICE_UP.rowtime) AS end_tstamp ' +
        'ONE ROW PER MATCH AFTER MATCH SKIP TO LAST PRICE_UP PATTERN (START_ROW PRICE_DOWN+ PRICE_UP) ' +
        'DEFINE PRICE_DOWN AS LAST(PRICE_DOWN.price, 1) IS NULL AND PRICE_DOWN.price < START_ROW.price OR PRICE_DOWN.price < LAST(PRICE_DOWN.price, 1), ' +
        'PRICE_UP AS PRICE_UP.price > LAST(PRICE_DOWN.price, 1)) AS T',
    );
    assert.equal(m.measures.length, 3);
    assert.equal(m.rowsPerMatch, 'ONE ROW PER MATCH');
    assert.deepEqual(stripSpans(m.afterMatchSkip), {
      kind: 'AfterMatchSkip',
      to: 'LAST',
      variable: { kind: 'Ident', value: 'PRICE_UP', quoted: false },
    });
    assert.equal(m.pattern.kind, 'PatternConcat');
    assert.equal(m.alias?.name.value, 'T');
    assert.equal(m.define.length, 2);
  });

  void test('clauses: ALL ROWS PER MATCH, skips, WITHIN, SUBSET, FINAL/RUNNING, MATCH_ROWTIME', () => {
    mr(
      "SELECT * FROM t MATCH_RECOGNIZE (PARTITION BY k ORDER BY ts MEASURES FINAL LAST(A.v) AS lv, RUNNING COUNT(*) AS c, MATCH_ROWTIME() AS mt, FIRST(A.ts) AS ft ALL ROWS PER MATCH AFTER MATCH SKIP PAST LAST ROW PATTERN (A B) WITHIN INTERVAL '1' HOUR SUBSET S = (A, B) DEFINE A AS A.v > 0, B AS B.v < PREV(B.v))",
    );
    mr('SELECT * FROM t MATCH_RECOGNIZE (ORDER BY ts AFTER MATCH SKIP TO NEXT ROW PATTERN (A) DEFINE A AS TRUE)');
    mr('SELECT * FROM t MATCH_RECOGNIZE (ORDER BY ts AFTER MATCH SKIP TO FIRST B PATTERN (A B) DEFINE A AS TRUE)');
    const m = mr('SELECT * FROM t MATCH_RECOGNIZE (ORDER BY ts AFTER MATCH SKIP TO B PATTERN (A B) DEFINE A AS TRUE)');
    assert.equal(m.afterMatchSkip?.to, 'VARIABLE');
  });

  void test('input with alias, derived input, table alias columns', () => {
    verifiedStmt('SELECT * FROM t AS x MATCH_RECOGNIZE (ORDER BY ts PATTERN (A) DEFINE A AS TRUE) AS m');
    verifiedStmt('SELECT * FROM (SELECT * FROM t) MATCH_RECOGNIZE (ORDER BY ts PATTERN (A) DEFINE A AS TRUE)');
    parsesTo(
      'SELECT * FROM t MATCH_RECOGNIZE (ORDER BY ts PATTERN (A) DEFINE A AS TRUE) m',
      'SELECT * FROM t MATCH_RECOGNIZE (ORDER BY ts PATTERN (A) DEFINE A AS TRUE) AS m',
    );
  });

  const patterns = [
    'A',
    'A B C',
    'A B* C',
    'A+ B? C*',
    'A+? B*? C??',
    'A{2}',
    'A{2,}',
    'A{2,5}',
    'A{,3}',
    'A{2,5}?',
    'A | B',
    'A (B | C)+ D',
    '(A B)* C',
    '(A | B) C',
    'PERMUTE(A, B, C)',
    'A {- B -} C',
    '^ A B $',
    '((A B) C)',
  ];
  for (const p of patterns) {
    void test(`pattern ${p}`, () => {
      verifiedStmt(wrap(p));
    });
  }

  void test('pattern quantifier AST', () => {
    const m = mr(wrap('A{2,5}? B+'));
    assert.deepEqual(printPatternOf(m), [
      ['PatternQuantified', '{}', 2, 5, true],
      ['PatternQuantified', '+', 1, undefined, false],
    ]);
  });

  void test('equivalent pattern spellings', () => {
    parsesTo(wrap('A{0,3}'), wrap('A{,3}'));
    parsesTo(wrap('A{3,3}'), wrap('A{3}'));
    parsesTo(wrap('A B|C'), wrap('A B | C'));
  });
});
