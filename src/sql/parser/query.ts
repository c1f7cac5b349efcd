/**
 * Query grammar: WITH, set operations (UNION/INTERSECT/EXCEPT by precedence),
 * SELECT blocks with GROUP BY grouping elements and named windows, VALUES,
 * ORDER BY / LIMIT / OFFSET / FETCH. The FROM clause lives in from.ts.
 */
import type { Expr, OrderByItem } from '../ast/expr.ts';
import type {
  Cte,
  GroupingElement,
  Hint,
  NamedWindow,
  Query,
  Select,
  SelectItem,
  SetExpr,
  TableRef,
  Values,
  With,
} from '../ast/query.ts';
import type { Cursor } from './cursor.ts';
import { parseExpr, parseExprList } from './expr.ts';
import { parseOrderByItem, parseWindowSpecParens } from './window.ts';
import { parseHints, parseTableRef } from './from.ts';

export function parseQuery(c: Cursor): Query {
  return c.nested(() => {
    const start = c.peek();
    let withClause: With | undefined;
    if (c.isKeyword('WITH')) withClause = parseWith(c);
    const body = parseSetExpr(c, 0);
    let orderBy: OrderByItem[] = [];
    if (c.eatKeyword('ORDER')) {
      c.expectKeyword('BY');
      orderBy = c.commaList(() => parseOrderByItem(c));
    }
    let limit: Expr | undefined;
    let offset: Expr | undefined;
    let fetch: Expr | undefined;
    for (;;) {
      if (!limit && !fetch && c.eatKeyword('LIMIT')) {
        limit = parseExpr(c);
        continue;
      }
      if (!offset && c.eatKeyword('OFFSET')) {
        offset = parseExpr(c);
        c.eatAnyKeyword(['ROW', 'ROWS']);
        continue;
      }
      if (!fetch && !limit && c.eatKeyword('FETCH')) {
        if (!c.eatAnyKeyword(['FIRST', 'NEXT'])) c.expected('FIRST or NEXT');
        const ft = c.peek();
        // `FETCH FIRST ROW ONLY` means one row
        fetch = c.isAnyKeyword(['ROW', 'ROWS']) ? { kind: 'NumericLiteral', text: '1', span: ft.span } : parseExpr(c);
        if (!c.eatAnyKeyword(['ROW', 'ROWS'])) c.expected('ROWS');
        c.expectKeyword('ONLY');
        continue;
      }
      break;
    }
    return {
      kind: 'Query',
      ...(withClause ? { with: withClause } : {}),
      body,
      orderBy,
      ...(limit ? { limit } : {}),
      ...(offset ? { offset } : {}),
      ...(fetch ? { fetch } : {}),
      span: c.spanFrom(start),
    };
  });
}

function parseWith(c: Cursor): With {
  const start = c.expectKeyword('WITH');
  const recursive = c.eatKeyword('RECURSIVE');
  const ctes = c.commaList((): Cte => {
    const cs = c.peek();
    const name = c.parseIdent('a query name');
    const columns = c.isSymbol('(') ? c.parseParenIdentList() : [];
    c.expectKeyword('AS');
    c.expectSymbol('(');
    const query = parseQuery(c);
    c.expectSymbol(')');
    return { kind: 'Cte', name, columns, query, span: c.spanFrom(cs) };
  });
  return { kind: 'With', recursive, ctes, span: c.spanFrom(start) };
}

const SET_OP_PREC = { UNION: 1, EXCEPT: 1, INTERSECT: 2 } as const;

function parseSetExpr(c: Cursor, minPrec: number): SetExpr {
  const start = c.peek();
  let left = parseSetPrimary(c);
  for (;;) {
    const op = c.isAnyKeyword(['UNION', 'EXCEPT', 'INTERSECT']);
    if (op !== 'UNION' && op !== 'EXCEPT' && op !== 'INTERSECT') return left;
    const prec = SET_OP_PREC[op];
    if (prec < minPrec) return left;
    c.next();
    let all = false;
    if (c.eatKeyword('ALL')) all = true;
    else c.eatKeyword('DISTINCT');
    const right = parseSetExpr(c, prec + 1);
    left = { kind: 'SetOperation', op, all, left, right, span: c.spanFrom(start) };
  }
}

function parseSetPrimary(c: Cursor): SetExpr {
  if (c.isKeyword('SELECT')) return parseSelect(c);
  if (c.isKeyword('VALUES')) return parseValues(c);
  if (c.isSymbol('(')) {
    c.next();
    const q = parseQuery(c);
    c.expectSymbol(')');
    const plain = !q.with && q.orderBy.length === 0 && !q.limit && !q.offset && !q.fetch;
    return plain ? q.body : q;
  }
  return c.expected('SELECT, VALUES or (');
}

function parseValues(c: Cursor): Values {
  const start = c.expectKeyword('VALUES');
  const rows = c.commaList((): Expr[] => {
    const e = parseExpr(c);
    if (e.kind === 'RowConstructor') return [...e.fields];
    return [e];
  });
  return { kind: 'Values', rows, span: c.spanFrom(start) };
}

export function parseSelect(c: Cursor): Select {
  const start = c.expectKeyword('SELECT');
  const hints: Hint[] = c.peek().kind === 'HintStart' ? parseHints(c) : [];
  let distinct = false;
  if (c.eatKeyword('DISTINCT')) distinct = true;
  else c.eatKeyword('ALL');
  const items = c.commaList(() => parseSelectItem(c));
  let from: TableRef | undefined;
  if (c.eatKeyword('FROM')) from = parseTableRef(c);
  const where = c.eatKeyword('WHERE') ? parseExpr(c) : undefined;
  let groupBy: GroupingElement[] = [];
  if (c.eatKeyword('GROUP')) {
    c.expectKeyword('BY');
    groupBy = c.commaList(() => parseGroupingElement(c));
  }
  const having = c.eatKeyword('HAVING') ? parseExpr(c) : undefined;
  let windows: NamedWindow[] = [];
  if (c.eatKeyword('WINDOW')) {
    windows = c.commaList((): NamedWindow => {
      const ws = c.peek();
      const name = c.parseIdent('a window name');
      c.expectKeyword('AS');
      const spec = parseWindowSpecParens(c);
      return { kind: 'NamedWindow', name, spec, span: c.spanFrom(ws) };
    });
  }
  return {
    kind: 'Select',
    hints,
    distinct,
    items,
    ...(from ? { from } : {}),
    ...(where ? { where } : {}),
    groupBy,
    ...(having ? { having } : {}),
    windows,
    span: c.spanFrom(start),
  };
}

const CLAUSE_KEYWORDS = ['FROM', 'WHERE', 'GROUP', 'HAVING', 'ORDER', 'WINDOW', 'LIMIT', 'UNION', 'EXCEPT', 'INTERSECT'];

function parseSelectItem(c: Cursor): SelectItem {
  const start = c.peek();
  if (c.eatSymbol('*')) return { kind: 'Wildcard', span: start.span };
  // qualified wildcard: name (. name)* . *
  if (c.isAnyWord()) {
    let k = 1;
    while (c.isSymbol('.', k) && c.isAnyWord(k + 1)) k += 2;
    if (c.isSymbol('.', k) && c.isSymbol('*', k + 1)) {
      const qualifier = [c.identFrom(c.next())];
      while (c.isSymbol('.') && !c.isSymbol('*', 1)) {
        c.next();
        qualifier.push(c.identFrom(c.next()));
      }
      c.next();
      c.next();
      return { kind: 'QualifiedWildcard', qualifier, span: c.spanFrom(start) };
    }
  }
  const expr = parseExpr(c);
  if (c.eatKeyword('AS')) {
    const alias = c.parseAnyIdent('an alias');
    return { kind: 'ExprItem', expr, alias, span: c.spanFrom(start) };
  }
  if (c.isIdent()) {
    const aliasToken = c.peek();
    const alias = c.parseIdent();
    c.checkMisspelledKeywordAfterAlias(aliasToken, CLAUSE_KEYWORDS);
    return { kind: 'ExprItem', expr, alias, span: c.spanFrom(start) };
  }
  return { kind: 'ExprItem', expr, span: c.spanFrom(start) };
}

function parseGroupingElement(c: Cursor): GroupingElement {
  const start = c.peek();
  if (c.isKeywords('GROUPING', 'SETS')) {
    c.pos += 2;
    c.expectSymbol('(');
    const sets = c.commaList(() => parseGroupingElement(c));
    c.expectSymbol(')');
    return { kind: 'GroupingSets', sets, span: c.spanFrom(start) };
  }
  if ((c.isKeyword('ROLLUP') || c.isKeyword('CUBE')) && c.isSymbol('(', 1)) {
    const which = c.next().upper;
    c.next();
    const items = c.commaList(() => parseGroupingElement(c));
    c.expectSymbol(')');
    return which === 'ROLLUP'
      ? { kind: 'Rollup', items, span: c.spanFrom(start) }
      : { kind: 'Cube', items, span: c.spanFrom(start) };
  }
  if (c.isSymbol('(') && c.isSymbol(')', 1)) {
    c.pos += 2;
    return { kind: 'GroupingList', exprs: [], span: c.spanFrom(start) };
  }
  const expr = parseExpr(c);
  if (expr.kind === 'RowConstructor' && !expr.explicit) {
    return { kind: 'GroupingList', exprs: expr.fields, span: c.spanFrom(start) };
  }
  return { kind: 'GroupingExpr', expr, span: c.spanFrom(start) };
}

export { parseExprList };
