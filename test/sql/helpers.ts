/**
 * Test helpers for the SQL front end: span-free AST comparison and the
 * round-trip checks `verifiedStmt` (print(parse(sql)) === sql) and `parsesTo`.
 */
import assert from 'node:assert/strict';
import type { Span } from '../../src/common/error.ts';
import type { Expr } from '../../src/sql/ast/expr.ts';
import type { Statement } from '../../src/sql/ast/statement.ts';
import { parseExpression, parseStatements, printExpr, printStatement } from '../../src/sql/index.ts';

/** A deep copy of `node` without `span` properties, for comparisons. */
export function stripSpans<T>(node: T): T {
  return JSON.parse(JSON.stringify(node, (k, v: unknown) => (k === 'span' ? undefined : v))) as T;
}

export function parseOne(sql: string): Statement {
  const stmts = parseStatements(sql);
  assert.equal(stmts.length, 1, `expected one statement in: ${sql}`);
  const s = stmts[0];
  assert.ok(s);
  return s;
}

/** Parses, prints, re-parses: the two ASTs must be equal. Returns the printed text. */
export function roundTrip(stmt: Statement): string {
  const printed = printStatement(stmt);
  let again: Statement;
  try {
    again = parseOne(printed);
  } catch (e) {
    throw new Error(`printed SQL does not parse: ${printed}\n${String(e)}`);
  }
  assert.deepEqual(stripSpans(again), stripSpans(stmt), `round trip changed the AST:\n${printed}`);
  return printed;
}

/** `sql` is canonical: it parses, prints back identically, and re-parses to the same AST. */
export function verifiedStmt(sql: string): Statement {
  const stmt = parseOne(sql);
  assert.equal(roundTrip(stmt), sql);
  return stmt;
}

/** `sql` parses and prints as `canonical` (which is itself verified). */
export function parsesTo(sql: string, canonical: string): Statement {
  const stmt = parseOne(sql);
  assert.equal(roundTrip(stmt), canonical);
  verifiedStmt(canonical);
  return stmt;
}

/** Expression form of verifiedStmt. */
export function verifiedExpr(sql: string): Expr {
  const e = parseExpression(sql);
  const printed = printExpr(e);
  assert.equal(printed, sql);
  assert.deepEqual(stripSpans(parseExpression(printed)), stripSpans(e));
  return e;
}

export function exprParsesTo(sql: string, canonical: string): Expr {
  const e = parseExpression(sql);
  const printed = printExpr(e);
  assert.equal(printed, canonical);
  assert.deepEqual(stripSpans(parseExpression(printed)), stripSpans(e));
  return e;
}

/** Asserts that parsing `sql` fails with exactly `message`. */
export function parseFails(sql: string, message: string): void {
  assert.throws(() => parseStatements(sql), (e: unknown) => {
    assert.ok(e instanceof Error);
    assert.equal(e.message, message);
    return true;
  });
}

function lineCol(src: string, offset: number): [number, number] {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (src.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return [line, offset - start + 1];
}

function check(node: unknown, parent: Span | undefined, src: string, path: string): number {
  if (Array.isArray(node)) return node.reduce((n: number, x, i) => n + check(x, parent, src, `${path}[${i}]`), 0);
  if (!node || typeof node !== 'object') return 0;
  const o = node as Record<string, unknown>;
  let count = 0;
  let own = parent;
  if (typeof o.kind === 'string') {
    const span = o.span as Span | undefined;
    assert.ok(span, `${path} (${o.kind}) has no span`);
    assert.ok(span.start <= span.end && span.end <= src.length, `${path} (${o.kind}) span out of range`);
    assert.deepEqual([span.line, span.column], lineCol(src, span.start), `${path} (${o.kind}) line/column`);
    if (parent) {
      assert.ok(span.start >= parent.start && span.end <= parent.end, `${path} (${o.kind}) ${JSON.stringify(span)} outside its parent ${JSON.stringify(parent)}: ${src.slice(span.start, span.end)}`);
    }
    own = span;
    count = 1;
  }
  for (const [k, v] of Object.entries(o)) {
    if (k !== 'span' && v && typeof v === 'object') count += check(v, own, src, `${path}.${k}`);
  }
  return count;
}

/** Checks span invariants of every node under `root` (see spans.test.ts); returns the number of nodes. */
export function checkSpans(root: unknown, src: string, name: string): number {
  return check(root, undefined, src, name);
}
