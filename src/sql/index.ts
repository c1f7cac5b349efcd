/**
 * The public face of Weir's Flink SQL front end: parse scripts, statements,
 * queries and expressions into the typed AST, and print the AST back to SQL.
 */
import { WeirError } from '../common/error.ts';
import type { Expr } from './ast/expr.ts';
import type { Query } from './ast/query.ts';
import type { Statement } from './ast/statement.ts';
import { SqlErrorCode } from './diagnostics.ts';
import { Cursor } from './parser/cursor.ts';
import { parseExpr as parseExprAt } from './parser/expr.ts';
import { parseQuery as parseQueryAt } from './parser/query.ts';
import { parseScript, parseStatement as parseStatementAt } from './parser/statement.ts';
import { tokenize } from './tokenizer.ts';

export type * from './ast/index.ts';
export { tokenize, type Token, type TokenKind } from './tokenizer.ts';
export {
  printStatement,
  printExpr,
  printQuery,
  printDataType,
  printTableRef,
  printWindowSpec,
  printPattern,
  printIdent,
  quoteString,
} from './print.ts';
export { SqlErrorCode } from './diagnostics.ts';
export { isReserved, RESERVED_KEYWORDS } from './keywords.ts';

/** Parses a script of `;`-separated statements. Throws the first parse error (a WeirError of kind 'parse'). */
export function parseStatements(sql: string): Statement[] {
  return parseScript(new Cursor(tokenize(sql)));
}

/** Parses exactly one statement (a trailing `;` is allowed). */
export function parseStatement(sql: string): Statement {
  return parseWhole(sql, parseStatementAt);
}

/** Parses a query (SELECT, VALUES, WITH, set operations). */
export function parseQuery(sql: string): Query {
  return parseWhole(sql, parseQueryAt);
}

/** Parses a scalar expression. */
export function parseExpression(sql: string): Expr {
  return parseWhole(sql, (c) => parseExprAt(c));
}

export interface ScriptParseResult {
  /** The statements that parsed. */
  readonly statements: Statement[];
  /** One error per statement that did not parse (a tokenizer error ends the script). */
  readonly errors: WeirError[];
}

/**
 * Parses a script, recovering from errors: a statement that fails is reported
 * and parsing continues after its `;`. For editors and the interactive client,
 * which want every problem at once.
 */
export function parseStatementsRecovering(sql: string): ScriptParseResult {
  let tokens;
  try {
    tokens = tokenize(sql);
  } catch (e) {
    if (e instanceof WeirError) return { statements: [], errors: [e] };
    throw e;
  }
  const errors: WeirError[] = [];
  const statements = parseScript(new Cursor(tokens), errors);
  return { statements, errors };
}

/**
 * For an interactive client: true when `sql` ends a statement, i.e. it ends
 * with `;` outside any string, comment or quoted identifier, and outside an
 * open `[EXECUTE] STATEMENT SET BEGIN … END` block. Says nothing about whether
 * the statements are valid.
 */
export function isCompleteInput(sql: string): boolean {
  let tokens;
  try {
    tokens = tokenize(sql);
  } catch (e) {
    if (e instanceof WeirError && e.code !== SqlErrorCode.unexpectedCharacter) return false;
    return true;
  }
  const last = tokens[tokens.length - 2];
  if (!last || last.kind !== 'Symbol' || last.text !== ';') return false;
  let openSets = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t || (t.kind !== 'Keyword' && t.kind !== 'Ident')) continue;
    const next = tokens[i + 1];
    const afterSet = tokens[i + 2];
    if (t.upper === 'STATEMENT' && next?.upper === 'SET' && afterSet && (afterSet.upper === 'BEGIN' || afterSet.text === ';')) openSets++;
    else if (t.upper === 'END' && openSets > 0 && (next?.text === ';' || next?.kind === 'EOF')) openSets--;
  }
  return openSets === 0;
}

function parseWhole<T>(sql: string, fn: (c: Cursor) => T): T {
  const c = new Cursor(tokenize(sql));
  const result = fn(c);
  c.eatSymbol(';');
  if (!c.atEnd()) c.expected('end of input');
  return result;
}
