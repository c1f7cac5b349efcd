/**
 * Property test for the printer: for random expression trees, printing then
 * parsing gives back the same tree. This checks that parenthesisation follows
 * the parser's precedence table for every combination of operators.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { BinaryOp, Expr, Ident } from '../../src/sql/ast/expr.ts';
import { parseExpression, printExpr } from '../../src/sql/index.ts';
import { stripSpans } from './helpers.ts';

const span = { start: 0, end: 0, line: 1, column: 1 };
const ident = (value: string, quoted = false): Ident => ({ kind: 'Ident', value, quoted, span });

const leaf: fc.Arbitrary<Expr> = fc.oneof(
  fc.constantFrom('a', 'b', 'c', 'value', 'ts').map((v): Expr => ({ kind: 'Identifier', name: ident(v), span })),
  fc.constantFrom('x y', 'select').map((v): Expr => ({ kind: 'Identifier', name: ident(v, true), span })),
  fc.constantFrom(['t', 'a'], ['db', 't', 'c']).map((p): Expr => ({ kind: 'CompoundIdentifier', parts: p.map((x) => ident(x)), span })),
  fc.constantFrom('0', '1', '2.5', '.5', '1e3').map((text): Expr => ({ kind: 'NumericLiteral', text, span })),
  fc.constantFrom('', 'x', "it's").map((value): Expr => ({ kind: 'StringLiteral', value, span })),
  fc.boolean().map((value): Expr => ({ kind: 'BooleanLiteral', value, span })),
  fc.constant<Expr>({ kind: 'NullLiteral', span }),
);

const binaryOps: BinaryOp[] = ['OR', 'AND', '=', '<>', '<', '<=', '>', '>=', '||', '+', '-', '*', '/', '%'];

const expr: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ op: fc.constantFrom(...binaryOps), left: tie('e'), right: tie('e') }).map((r): Expr => ({ kind: 'BinaryExpr', ...r, span })),
    fc.record({ op: fc.constantFrom('-' as const, '+' as const, 'NOT' as const), expr: tie('e') }).map((r): Expr => ({ kind: 'UnaryExpr', ...r, span })),
    fc
      .record({ expr: tie('e'), test: fc.constantFrom('NULL' as const, 'TRUE' as const, 'UNKNOWN' as const), negated: fc.boolean() })
      .map((r): Expr => ({ kind: 'IsPredicate', ...r, span })),
    fc.record({ left: tie('e'), right: tie('e'), negated: fc.boolean() }).map((r): Expr => ({ kind: 'IsDistinctFrom', ...r, span })),
    fc
      .record({ expr: tie('e'), pattern: tie('e'), negated: fc.boolean(), op: fc.constantFrom('LIKE' as const, 'SIMILAR TO' as const) })
      .map((r): Expr => ({ kind: 'Like', ...r, span })),
    fc
      .record({ expr: tie('e'), low: tie('e'), high: tie('e'), negated: fc.boolean(), symmetric: fc.boolean() })
      .map((r): Expr => ({ kind: 'Between', ...r, span })),
    fc
      .record({ expr: tie('e'), list: fc.array(tie('e'), { minLength: 1, maxLength: 3 }), negated: fc.boolean() })
      .map((r): Expr => ({ kind: 'InList', ...r, span })),
    fc.array(tie('e'), { maxLength: 3 }).map(
      (args): Expr => ({
        kind: 'FunctionCall',
        name: [ident('f')],
        args: args.map((value) => ({ kind: 'FunctionArg', value, span })),
        distinct: false,
        star: false,
        span,
      }),
    ),
    fc
      .record({ when: tie('e'), then: tie('e'), else: tie('e') })
      .map((r): Expr => ({ kind: 'Case', whens: [{ kind: 'CaseWhen', when: r.when, then: r.then, span }], else: r.else, span })),
    fc.record({ expr: tie('e'), index: tie('e') }).map((r): Expr => ({ kind: 'Index', ...r, span })),
    tie('e').map((e): Expr => ({ kind: 'FieldAccess', expr: e, field: ident('f'), span })),
    fc.array(tie('e'), { minLength: 2, maxLength: 3 }).map((fields): Expr => ({ kind: 'RowConstructor', fields, explicit: false, span })),
    tie('e').map(
      (e): Expr => ({
        kind: 'Cast',
        expr: e,
        type: { kind: 'PrimitiveType', name: 'INT', spelling: 'INT', params: [], withLocalTimeZone: false, notNull: false, span },
        try: false,
        span,
      }),
    ),
  ),
})).e;

void test('print then parse is the identity on random expressions', () => {
  fc.assert(
    fc.property(expr, (e) => {
      const sql = printExpr(e);
      let back: Expr;
      try {
        back = parseExpression(sql);
      } catch (err) {
        throw new Error(`does not parse: ${sql}\n${String(err)}`);
      }
      assert.deepEqual(stripSpans(back), stripSpans(e), sql);
    }),
    { numRuns: 3000 },
  );
});
