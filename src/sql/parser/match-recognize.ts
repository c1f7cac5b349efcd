/**
 * MATCH_RECOGNIZE grammar: PARTITION BY, ORDER BY, MEASURES, rows per match,
 * AFTER MATCH SKIP, PATTERN (row pattern regular expressions with
 * quantifiers, alternation, PERMUTE and exclusion), WITHIN, SUBSET, DEFINE.
 */
import type { Define, Measure, MatchRecognize, Pattern, Subset, AfterMatchSkip } from '../ast/match-recognize.ts';
import type { TableRef } from '../ast/query.ts';
import type { Token } from '../tokenizer.ts';
import type { Cursor } from './cursor.ts';
import { parseExpr, parseExprList } from './expr.ts';
import { parseOrderByItem } from './window.ts';

export function parseMatchRecognize(c: Cursor, input: TableRef, start: Token): MatchRecognize {
  c.expectKeyword('MATCH_RECOGNIZE');
  c.expectSymbol('(');
  const partitionBy = c.eatKeywords('PARTITION', 'BY') ? parseExprList(c) : [];
  const orderBy = c.eatKeywords('ORDER', 'BY') ? c.commaList(() => parseOrderByItem(c)) : [];
  let measures: Measure[] = [];
  if (c.eatKeyword('MEASURES')) {
    measures = c.commaList((): Measure => {
      const ms = c.peek();
      const expr = parseExpr(c);
      c.expectKeyword('AS');
      const alias = c.parseAnyIdent('an alias');
      return { kind: 'Measure', expr, alias, span: c.spanFrom(ms) };
    });
  }
  let rowsPerMatch: 'ONE ROW PER MATCH' | 'ALL ROWS PER MATCH' | undefined;
  if (c.eatKeywords('ONE', 'ROW', 'PER', 'MATCH')) rowsPerMatch = 'ONE ROW PER MATCH';
  else if (c.eatKeywords('ALL', 'ROWS', 'PER', 'MATCH')) rowsPerMatch = 'ALL ROWS PER MATCH';
  let afterMatchSkip: AfterMatchSkip | undefined;
  const as = c.peek();
  if (c.eatKeywords('AFTER', 'MATCH', 'SKIP')) {
    if (c.eatKeywords('PAST', 'LAST', 'ROW')) afterMatchSkip = { kind: 'AfterMatchSkip', to: 'PAST LAST ROW', span: c.spanFrom(as) };
    else {
      c.expectKeyword('TO');
      if (c.eatKeywords('NEXT', 'ROW')) afterMatchSkip = { kind: 'AfterMatchSkip', to: 'NEXT ROW', span: c.spanFrom(as) };
      else {
        const fl = c.isAnyWord(1) ? c.eatAnyKeyword(['FIRST', 'LAST']) : undefined;
        const variable = c.parseAnyIdent('a pattern variable');
        afterMatchSkip = {
          kind: 'AfterMatchSkip',
          to: fl === 'FIRST' ? 'FIRST' : fl === 'LAST' ? 'LAST' : 'VARIABLE',
          variable,
          span: c.spanFrom(as),
        };
      }
    }
  }
  c.expectKeyword('PATTERN');
  c.expectSymbol('(');
  const strictStart = c.eatSymbol('^');
  const pattern = parsePatternAlternation(c);
  const strictEnd = c.eatSymbol('$');
  c.expectSymbol(')');
  const within = c.eatKeyword('WITHIN') ? parseExpr(c) : undefined;
  let subsets: Subset[] = [];
  if (c.eatKeyword('SUBSET')) {
    subsets = c.commaList((): Subset => {
      const ss = c.peek();
      const name = c.parseAnyIdent('a subset name');
      c.expectSymbol('=');
      c.expectSymbol('(');
      const variables = c.commaList(() => c.parseAnyIdent('a pattern variable'));
      c.expectSymbol(')');
      return { kind: 'Subset', name, variables, span: c.spanFrom(ss) };
    });
  }
  c.expectKeyword('DEFINE');
  const define = c.commaList((): Define => {
    const ds = c.peek();
    const variable = c.parseAnyIdent('a pattern variable');
    c.expectKeyword('AS');
    const condition = parseExpr(c);
    return { kind: 'Define', variable, condition, span: c.spanFrom(ds) };
  });
  c.expectSymbol(')');
  return {
    kind: 'MatchRecognize',
    input,
    partitionBy,
    orderBy,
    measures,
    ...(rowsPerMatch ? { rowsPerMatch } : {}),
    ...(afterMatchSkip ? { afterMatchSkip } : {}),
    pattern,
    strictStart,
    strictEnd,
    ...(within ? { within } : {}),
    subsets,
    define,
    span: c.spanFrom(start),
  };
}

function parsePatternAlternation(c: Cursor): Pattern {
  return c.nested(() => {
    const start = c.peek();
    const first = parsePatternConcat(c);
    if (!c.isSymbol('|')) return first;
    const alternatives = [first];
    while (c.eatSymbol('|')) alternatives.push(parsePatternConcat(c));
    return { kind: 'PatternAlternation', alternatives, span: c.spanFrom(start) };
  });
}

/** Words that end a PATTERN (…) by mistake when its `)` is missing. */
const NOT_A_VARIABLE = ['DEFINE', 'SUBSET', 'WITHIN', 'MEASURES'];

function isPatternVariable(c: Cursor): boolean {
  return c.isIdent() && c.isAnyKeyword(NOT_A_VARIABLE) === undefined;
}

function isPatternTermStart(c: Cursor): boolean {
  return isPatternVariable(c) || c.isSymbol('(') || (c.isSymbol('{') && c.isSymbol('-', 1));
}

function parsePatternConcat(c: Cursor): Pattern {
  const start = c.peek();
  const items = [parsePatternQuantified(c)];
  while (isPatternTermStart(c)) items.push(parsePatternQuantified(c));
  const first = items[0];
  if (items.length === 1 && first) return first;
  return { kind: 'PatternConcat', items, span: c.spanFrom(start) };
}

function parsePatternQuantified(c: Cursor): Pattern {
  const start = c.peek();
  let p = parsePatternPrimary(c);
  for (;;) {
    let syntax: '*' | '+' | '?' | '{}';
    let min: number;
    let max: number | undefined;
    if (c.eatSymbol('*')) {
      syntax = '*';
      min = 0;
    } else if (c.eatSymbol('+')) {
      syntax = '+';
      min = 1;
    } else if (c.eatSymbol('?')) {
      syntax = '?';
      min = 0;
      max = 1;
    } else if (c.isSymbol('{') && !c.isSymbol('-', 1)) {
      c.next();
      syntax = '{}';
      if (c.eatSymbol(',')) {
        min = 0;
        max = c.parseInteger();
      } else {
        min = c.parseInteger();
        if (c.eatSymbol(',')) {
          if (!c.isSymbol('}')) max = c.parseInteger();
        } else max = min;
      }
      c.expectSymbol('}');
    } else return p;
    const reluctant = c.eatSymbol('?');
    p = {
      kind: 'PatternQuantified',
      pattern: p,
      syntax,
      min,
      ...(max !== undefined ? { max } : {}),
      reluctant,
      span: c.spanFrom(start),
    };
  }
}

function parsePatternPrimary(c: Cursor): Pattern {
  const start = c.peek();
  if (c.eatSymbol('(')) {
    const pattern = parsePatternAlternation(c);
    c.expectSymbol(')');
    return { kind: 'PatternGroup', pattern, span: c.spanFrom(start) };
  }
  if (c.isSymbol('{') && c.isSymbol('-', 1)) {
    c.pos += 2;
    const pattern = parsePatternAlternation(c);
    c.expectSymbol('-');
    c.expectSymbol('}');
    return { kind: 'PatternExclusion', pattern, span: c.spanFrom(start) };
  }
  if (c.isKeyword('PERMUTE') && c.isSymbol('(', 1)) {
    c.pos += 2;
    const items = c.commaList(() => parsePatternAlternation(c));
    c.expectSymbol(')');
    return { kind: 'PatternPermute', items, span: c.spanFrom(start) };
  }
  if (!isPatternVariable(c)) c.expected('a pattern variable');
  const name = c.identFrom(c.next());
  return { kind: 'PatternVariable', name, span: name.span };
}
