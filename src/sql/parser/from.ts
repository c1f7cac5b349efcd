/**
 * FROM clause grammar: named tables (with hints and FOR SYSTEM_TIME AS OF),
 * derived tables, joins, table functions (window TVFs, LATERAL TABLE),
 * UNNEST, and the MATCH_RECOGNIZE postfix; plus `/*+ … *\/` hints.
 */
import type { Expr, Ident } from '../ast/expr.ts';
import type { Hint, HintOption, JoinType, TableAlias, TableRef } from '../ast/query.ts';
import type { Token } from '../tokenizer.ts';
import type { Cursor } from './cursor.ts';
import { isQueryStart, parseExpr } from './expr.ts';
import { Prec } from './precedence.ts';
import { parseMatchRecognize } from './match-recognize.ts';
import { parseQuery } from './query.ts';

export function parseTableRef(c: Cursor): TableRef {
  return c.nested(() => {
    const start = c.peek();
    let left = parseTablePrimary(c);
    for (;;) {
      if (c.eatSymbol(',')) {
        const right = parseTablePrimary(c);
        left = { kind: 'Join', joinType: 'COMMA', natural: false, left, right, span: c.spanFrom(start) };
        continue;
      }
      const natural = c.isKeyword('NATURAL');
      const k = natural ? 1 : 0;
      let joinType: JoinType | undefined;
      let words = 0;
      if (c.isKeyword('JOIN', k)) {
        joinType = 'INNER';
        words = 1;
      } else if (c.isKeywords(...(natural ? ['NATURAL'] : []), 'INNER', 'JOIN')) {
        joinType = 'INNER';
        words = 2;
      } else if (c.isKeyword('CROSS', k) && c.isKeyword('JOIN', k + 1)) {
        joinType = 'CROSS';
        words = 2;
      } else {
        const side = c.isAnyKeyword(['LEFT', 'RIGHT', 'FULL'], k);
        if (side === 'LEFT' || side === 'RIGHT' || side === 'FULL') {
          if (c.isKeyword('JOIN', k + 1)) words = 2;
          else if (c.isKeyword('OUTER', k + 1) && c.isKeyword('JOIN', k + 2)) words = 3;
          if (words > 0) joinType = side;
        }
      }
      if (joinType === undefined) return left;
      c.pos += k + words;
      const right = parseTablePrimary(c);
      let on: Expr | undefined;
      let using: Ident[] | undefined;
      if (c.eatKeyword('ON')) on = parseExpr(c);
      else if (c.eatKeyword('USING')) using = c.parseParenIdentList();
      left = {
        kind: 'Join',
        joinType,
        natural,
        left,
        right,
        ...(on ? { on } : {}),
        ...(using ? { using } : {}),
        span: c.spanFrom(start),
      };
    }
  });
}

function parseTablePrimary(c: Cursor): TableRef {
  const start = c.peek();
  let ref = parseTablePrimaryNoAlias(c, start);
  ref = withAlias(c, ref, start);
  while (c.isKeyword('MATCH_RECOGNIZE')) {
    const mr = parseMatchRecognize(c, ref, start);
    ref = withAlias(c, mr, start);
  }
  return ref;
}

function parseTablePrimaryNoAlias(c: Cursor, start: Token): TableRef {
  const lateral = c.eatKeyword('LATERAL');
  if (c.isKeyword('TABLE') && c.isSymbol('(', 1)) {
    c.pos += 2;
    const call = parseExpr(c);
    if (call.kind !== 'FunctionCall') c.expected('a table function call', c.tokens[c.pos - 1]);
    c.expectSymbol(')');
    return { kind: 'TableFunction', lateral, call, span: c.spanFrom(start) };
  }
  if (c.isSymbol('(')) {
    if (lateral || isQueryStart(c, 1)) {
      const derived = (): TableRef => {
        c.expectSymbol('(');
        const query = parseQuery(c);
        c.expectSymbol(')');
        return { kind: 'DerivedTable', lateral, query, span: c.spanFrom(start) };
      };
      if (lateral) return derived();
      const sub = c.tryParse(derived) ?? c.tryParse(() => parseParenthesizedTableRef(c));
      // neither parsed: report the subquery's error
      return sub ?? derived();
    }
    return parseParenthesizedTableRef(c);
  }
  if (lateral) c.expected('TABLE or (');
  if (c.isKeyword('UNNEST') && c.isSymbol('(', 1)) {
    c.pos += 2;
    const exprs = c.commaList(() => parseExpr(c));
    c.expectSymbol(')');
    const withOrdinality = c.eatKeywords('WITH', 'ORDINALITY');
    return { kind: 'Unnest', exprs, withOrdinality, span: c.spanFrom(start) };
  }
  const nameStart = c.pos;
  const name = c.parseObjectName('a table name');
  if (c.isSymbol('(')) {
    c.pos = nameStart;
    const call = parseExpr(c, Prec.postfix);
    if (call.kind !== 'FunctionCall') return c.expected('a table function call');
    return { kind: 'TableFunction', lateral, bare: true, call, span: c.spanFrom(start) };
  }
  const hints = c.peek().kind === 'HintStart' ? parseHints(c) : [];
  let forSystemTimeAsOf: Expr | undefined;
  if (c.eatKeywords('FOR', 'SYSTEM_TIME')) {
    c.expectKeywords('AS', 'OF');
    forSystemTimeAsOf = parseExpr(c);
  }
  return {
    kind: 'NamedTable',
    name,
    hints,
    ...(forSystemTimeAsOf ? { forSystemTimeAsOf } : {}),
    span: c.spanFrom(start),
  };
}

function parseParenthesizedTableRef(c: Cursor): TableRef {
  c.expectSymbol('(');
  const inner = parseTableRef(c);
  c.expectSymbol(')');
  return inner;
}

const CLAUSE_KEYWORDS = ['ON', 'USING', 'WHERE', 'GROUP', 'HAVING', 'ORDER', 'WINDOW', 'LIMIT', 'UNION', 'EXCEPT', 'INTERSECT', 'JOIN', 'LEFT', 'RIGHT', 'INNER', 'CROSS', 'FULL'];

/** `[AS] alias [(c1, c2)]`, attached to the table reference. */
function withAlias(c: Cursor, ref: TableRef, start: Token): TableRef {
  if (ref.kind === 'Join') return ref;
  if ('alias' in ref && ref.alias) return ref;
  const as = c.isKeyword('AS');
  if (!as && !c.isIdent()) return ref;
  const as0 = c.peek();
  if (as) c.next();
  const nameToken = c.peek();
  const name = as ? c.parseAnyIdent('an alias') : c.parseIdent();
  if (!as) c.checkMisspelledKeywordAfterAlias(nameToken, CLAUSE_KEYWORDS);
  const columns = c.isSymbol('(') ? c.parseParenIdentList() : [];
  const alias: TableAlias = { kind: 'TableAlias', name, columns, span: c.spanFrom(as0) };
  return { ...ref, alias, span: c.spanFrom(start) };
}

/** `/*+ name(…), name2 *\/` (one or more hint comments in a row). */
export function parseHints(c: Cursor): Hint[] {
  const hints: Hint[] = [];
  while (c.peek().kind === 'HintStart') {
    c.next();
    if (c.peek().kind !== 'HintEnd') {
      do {
        hints.push(parseHint(c));
      } while (c.eatSymbol(','));
    }
    if (c.peek().kind !== 'HintEnd') c.expected("',' or '*/'");
    c.next();
  }
  return hints;
}

function parseHint(c: Cursor): Hint {
  const start = c.peek();
  const name = c.parseAnyIdent('a hint name');
  const options: HintOption[] = [];
  const params: string[] = [];
  if (c.eatSymbol('(')) {
    if (!c.isSymbol(')')) {
      do {
        const os = c.peek();
        if ((os.kind === 'String' || c.isAnyWord()) && c.isSymbol('=', 1)) {
          const key = hintWord(c);
          c.expectSymbol('=');
          const value = hintWord(c);
          options.push({ kind: 'HintOption', key, value, span: c.spanFrom(os) });
        } else {
          params.push(hintWord(c));
        }
      } while (c.eatSymbol(','));
    }
    c.expectSymbol(')');
  }
  return { kind: 'Hint', name, options, params, span: c.spanFrom(start) };
}

function hintWord(c: Cursor): string {
  const t = c.peek();
  if (t.kind === 'String' || t.kind === 'QuotedIdent') {
    c.next();
    return t.value;
  }
  if (t.kind === 'Number' || t.kind === 'Keyword' || t.kind === 'Ident') {
    c.next();
    let text = t.text;
    while (c.isSymbol('.') && c.isAnyWord(1)) {
      c.next();
      text += `.${c.next().text}`;
    }
    return text;
  }
  return c.expected('a hint option');
}
