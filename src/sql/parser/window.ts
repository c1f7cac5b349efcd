/**
 * ORDER BY items and window specifications: the body of `OVER (…)` and of
 * `WINDOW w AS (…)`, with ROWS/RANGE frames and their bounds.
 */
import type { FrameBound, Ident, OrderByItem, WindowFrame, WindowSpec } from '../ast/expr.ts';
import type { Cursor } from './cursor.ts';
import { parseExpr, parseExprList } from './expr.ts';
import { Prec } from './precedence.ts';

export function parseOrderByItem(c: Cursor): OrderByItem {
  const start = c.peek();
  const expr = parseExpr(c);
  const dir = c.eatAnyKeyword(['ASC', 'DESC']);
  let nulls: 'FIRST' | 'LAST' | undefined;
  if (c.eatKeyword('NULLS')) {
    const n = c.eatAnyKeyword(['FIRST', 'LAST']);
    if (n !== 'FIRST' && n !== 'LAST') c.expected('FIRST or LAST');
    nulls = n;
  }
  return {
    kind: 'OrderByItem',
    expr,
    ...(dir === 'ASC' || dir === 'DESC' ? { direction: dir } : {}),
    ...(nulls ? { nulls } : {}),
    span: c.spanFrom(start),
  };
}

/** `( [base] [PARTITION BY …] [ORDER BY …] [frame] )`. */
export function parseWindowSpecParens(c: Cursor): WindowSpec {
  const start = c.expectSymbol('(');
  let base: Ident | undefined;
  if (c.isIdent() && c.isAnyKeyword(['PARTITION', 'ORDER', 'ROWS', 'RANGE']) === undefined) base = c.parseIdent();
  const partitionBy = c.eatKeywords('PARTITION', 'BY') ? parseExprList(c) : [];
  const orderBy = c.eatKeywords('ORDER', 'BY') ? c.commaList(() => parseOrderByItem(c)) : [];
  let frame: WindowFrame | undefined;
  const fs = c.peek();
  const units = c.eatAnyKeyword(['ROWS', 'RANGE']);
  if (units === 'ROWS' || units === 'RANGE') {
    let startBound: FrameBound;
    let end: FrameBound | undefined;
    if (c.eatKeyword('BETWEEN')) {
      startBound = parseFrameBound(c);
      c.expectKeyword('AND');
      end = parseFrameBound(c);
    } else {
      startBound = parseFrameBound(c);
    }
    frame = { kind: 'WindowFrame', units, start: startBound, ...(end ? { end } : {}), span: c.spanFrom(fs) };
  }
  c.expectSymbol(')');
  return {
    kind: 'WindowSpec',
    ...(base ? { base } : {}),
    partitionBy,
    orderBy,
    ...(frame ? { frame } : {}),
    span: c.spanFrom(start),
  };
}

function parseFrameBound(c: Cursor): FrameBound {
  const start = c.peek();
  if (c.eatKeywords('UNBOUNDED', 'PRECEDING')) return { kind: 'FrameBound', bound: 'UNBOUNDED PRECEDING', span: c.spanFrom(start) };
  if (c.eatKeywords('UNBOUNDED', 'FOLLOWING')) return { kind: 'FrameBound', bound: 'UNBOUNDED FOLLOWING', span: c.spanFrom(start) };
  if (c.eatKeywords('CURRENT', 'ROW')) return { kind: 'FrameBound', bound: 'CURRENT ROW', span: c.spanFrom(start) };
  const offset = parseExpr(c, Prec.additive);
  const dir = c.eatAnyKeyword(['PRECEDING', 'FOLLOWING']);
  if (dir !== 'PRECEDING' && dir !== 'FOLLOWING') return c.expected('PRECEDING or FOLLOWING');
  return { kind: 'FrameBound', bound: dir, offset, span: c.spanFrom(start) };
}
