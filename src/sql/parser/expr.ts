/**
 * Expression grammar: a Pratt loop over the precedence table in
 * precedence.ts, prefix forms (literals, names, CASE, CAST, subqueries,
 * constructors, function calls with FILTER/WITHIN GROUP/OVER). Functions
 * with their own argument syntax are in functions.ts, windows in window.ts.
 */
import type {
  BinaryOp,
  CaseWhen,
  Expr,
  FunctionArg,
  FunctionCall,
  Ident,
  MapEntry,
  NiladicFunctionName,
  OrderByItem,
  TypedLiteralType,
  WindowSpec,
} from '../ast/expr.ts';
import { unsupported } from '../diagnostics.ts';
import { isReserved } from '../keywords.ts';
import type { Token } from '../tokenizer.ts';
import type { Cursor } from './cursor.ts';
import { binaryOpPrec, Prec } from './precedence.ts';
import { parseQuery } from './query.ts';
import { parseSpecialFunction } from './functions.ts';
import { parseIntervalQualifier } from './types.ts';
import { parseOrderByItem, parseWindowSpecParens } from './window.ts';

const COMPARISON_OPS = ['=', '<>', '!=', '<', '<=', '>', '>='] as const;
type ComparisonOp = (typeof COMPARISON_OPS)[number];

const NILADIC: ReadonlySet<string> = new Set<NiladicFunctionName>([
  'CURRENT_TIMESTAMP',
  'CURRENT_DATE',
  'CURRENT_TIME',
  'LOCALTIMESTAMP',
  'LOCALTIME',
  'CURRENT_USER',
  'SESSION_USER',
]);

/** Parses an expression whose infix operators all bind at least as tightly as `minPrec`. */
export function parseExpr(c: Cursor, minPrec: number = Prec.or): Expr {
  return c.nested(() => {
    const start = c.peek();
    let left = parsePrefix(c);
    for (;;) {
      const prec = infixPrec(c);
      if (prec === undefined || prec < minPrec) return left;
      left = parseInfix(c, left, prec, start);
    }
  });
}

/** The precedence of the infix/postfix operator at the cursor, if any. */
function infixPrec(c: Cursor): number | undefined {
  const t = c.peek();
  if (t.kind === 'Symbol') {
    switch (t.text) {
      case '[':
        return Prec.postfix;
      case '.':
        return c.isAnyWord(1) ? Prec.postfix : undefined;
      case '=':
      case '<>':
      case '!=':
      case '<':
      case '<=':
      case '>':
      case '>=':
      case '+':
      case '-':
      case '*':
      case '/':
      case '%':
      case '||':
        return binaryOpPrec[t.text];
      default:
        return undefined;
    }
  }
  if (t.kind !== 'Keyword' && t.kind !== 'Ident') return undefined;
  switch (t.upper) {
    case 'OR':
      return Prec.or;
    case 'AND':
      return Prec.and;
    case 'IS':
      return c.isKeyword('DISTINCT', 1) || c.isKeywords('IS', 'NOT', 'DISTINCT') ? Prec.comparison : Prec.is;
    case 'LIKE':
    case 'IN':
    case 'BETWEEN':
      return Prec.like;
    case 'OVERLAPS':
      return Prec.comparison;
    case 'SIMILAR':
      return c.isKeyword('TO', 1) ? Prec.like : undefined;
    case 'NOT':
      return c.isAnyKeyword(['LIKE', 'IN', 'BETWEEN', 'SIMILAR'], 1) !== undefined ? Prec.like : undefined;
    default:
      return undefined;
  }
}

function parseInfix(c: Cursor, left: Expr, prec: number, start: Token): Expr {
  const t = c.next();
  if (t.kind === 'Symbol') {
    if (t.text === '[') {
      const index = parseExpr(c);
      c.expectSymbol(']');
      return { kind: 'Index', expr: left, index, span: c.spanFrom(start) };
    }
    if (t.text === '.') {
      const field = c.identFrom(c.next());
      return { kind: 'FieldAccess', expr: left, field, span: c.spanFrom(start) };
    }
    const op = t.text as BinaryOp;
    if ((COMPARISON_OPS as readonly string[]).includes(op)) {
      const q = c.isAnyKeyword(['ANY', 'SOME', 'ALL']);
      if (q === 'ANY' || q === 'SOME' || q === 'ALL') {
        c.next();
        c.expectSymbol('(');
        const query = parseQuery(c);
        c.expectSymbol(')');
        return { kind: 'QuantifiedComparison', op: op as ComparisonOp, quantifier: q, left, query, span: c.spanFrom(start) };
      }
    }
    const right = parseExpr(c, prec + 1);
    return { kind: 'BinaryExpr', op, left, right, span: c.spanFrom(start) };
  }
  switch (t.upper) {
    case 'OR':
    case 'AND':
    case 'OVERLAPS': {
      const right = parseExpr(c, prec + 1);
      return { kind: 'BinaryExpr', op: t.upper, left, right, span: c.spanFrom(start) };
    }
    case 'IS': {
      const negated = c.eatKeyword('NOT');
      if (c.eatKeyword('DISTINCT')) {
        c.expectKeyword('FROM');
        const right = parseExpr(c, Prec.comparison + 1);
        return { kind: 'IsDistinctFrom', left, right, negated, span: c.spanFrom(start) };
      }
      const test = c.eatAnyKeyword(['NULL', 'TRUE', 'FALSE', 'UNKNOWN']);
      if (test === 'NULL' || test === 'TRUE' || test === 'FALSE' || test === 'UNKNOWN') {
        return { kind: 'IsPredicate', expr: left, test, negated, span: c.spanFrom(start) };
      }
      if (c.eatKeyword('JSON')) {
        const jt = c.eatAnyKeyword(['VALUE', 'SCALAR', 'ARRAY', 'OBJECT']);
        return {
          kind: 'IsJson',
          expr: left,
          ...(jt === 'VALUE' || jt === 'SCALAR' || jt === 'ARRAY' || jt === 'OBJECT' ? { jsonType: jt } : {}),
          negated,
          span: c.spanFrom(start),
        };
      }
      return c.expected('NULL, TRUE, FALSE, UNKNOWN, JSON or DISTINCT FROM');
    }
    default:
      break;
  }
  // [NOT] LIKE | SIMILAR TO | IN | BETWEEN
  let negated = false;
  let word = t.upper;
  if (word === 'NOT') {
    negated = true;
    word = c.next().upper;
  }
  switch (word) {
    case 'LIKE':
    case 'SIMILAR': {
      if (word === 'SIMILAR') c.expectKeyword('TO');
      const pattern = parseExpr(c, Prec.like + 1);
      const escape = c.eatKeyword('ESCAPE') ? parseExpr(c, Prec.like + 1) : undefined;
      return {
        kind: 'Like',
        op: word === 'LIKE' ? 'LIKE' : 'SIMILAR TO',
        expr: left,
        pattern,
        negated,
        ...(escape ? { escape } : {}),
        span: c.spanFrom(start),
      };
    }
    case 'BETWEEN': {
      let symmetric = false;
      if (c.eatKeyword('SYMMETRIC')) symmetric = true;
      else c.eatKeyword('ASYMMETRIC');
      const low = parseExpr(c, Prec.like + 1);
      c.expectKeyword('AND');
      const high = parseExpr(c, Prec.like + 1);
      return { kind: 'Between', expr: left, low, high, negated, symmetric, span: c.spanFrom(start) };
    }
    case 'IN': {
      c.expectSymbol('(');
      if (isQueryStart(c)) {
        const query = parseQuery(c);
        c.expectSymbol(')');
        return { kind: 'InSubquery', expr: left, query, negated, span: c.spanFrom(start) };
      }
      const list = c.commaList(() => parseExpr(c));
      c.expectSymbol(')');
      return { kind: 'InList', expr: left, list, negated, span: c.spanFrom(start) };
    }
    default:
      return c.expected('LIKE, SIMILAR TO, IN or BETWEEN', c.prev());
  }
}

/** True when the tokens at the cursor (after any number of `(`) start a query. */
export function isQueryStart(c: Cursor, offset = 0): boolean {
  let k = offset;
  while (c.isSymbol('(', k)) k++;
  return c.isAnyKeyword(['SELECT', 'WITH', 'VALUES'], k) !== undefined;
}

function parsePrefix(c: Cursor): Expr {
  const t = c.peek();
  switch (t.kind) {
    case 'Number':
      c.next();
      return { kind: 'NumericLiteral', text: t.text, span: t.span };
    case 'String':
      c.next();
      return { kind: 'StringLiteral', value: t.value, span: t.span };
    case 'BinaryString':
      c.next();
      return { kind: 'BinaryStringLiteral', hex: t.value, span: t.span };
    case 'QuotedIdent':
      return parseNameOrCall(c);
    case 'Symbol':
      return parseSymbolPrefix(c, t);
    case 'Keyword':
    case 'Ident':
      return parseWordPrefix(c, t);
    case 'HintStart':
    case 'HintEnd':
    case 'EOF':
      return c.expected('an expression');
  }
}

function parseSymbolPrefix(c: Cursor, t: Token): Expr {
  switch (t.text) {
    case '-':
    case '+': {
      c.next();
      const expr = parseExpr(c, Prec.unary);
      return { kind: 'UnaryExpr', op: t.text, expr, span: c.spanFrom(t) };
    }
    case '(': {
      if (isQueryStart(c, 1)) {
        const sub = c.tryParse(() => {
          c.next();
          const query = parseQuery(c);
          c.expectSymbol(')');
          return query;
        });
        if (sub) return { kind: 'ScalarSubquery', query: sub, span: c.spanFrom(t) };
      }
      c.next();
      const first = parseExpr(c);
      if (c.eatSymbol(')')) return first;
      const fields = [first];
      while (c.eatSymbol(',')) fields.push(parseExpr(c));
      c.expectSymbol(')');
      return { kind: 'RowConstructor', fields, explicit: false, span: c.spanFrom(t) };
    }
    case '?':
      throw unsupported('a dynamic parameter', t.span);
    default:
      return c.expected('an expression');
  }
}

function parseWordPrefix(c: Cursor, t: Token): Expr {
  const w = t.upper;
  const paren = c.isSymbol('(', 1);
  switch (w) {
    case 'NULL':
      c.next();
      return { kind: 'NullLiteral', span: t.span };
    case 'TRUE':
    case 'FALSE':
      c.next();
      return { kind: 'BooleanLiteral', value: w === 'TRUE', span: t.span };
    case 'NOT': {
      c.next();
      const expr = parseExpr(c, Prec.not);
      return { kind: 'UnaryExpr', op: 'NOT', expr, span: c.spanFrom(t) };
    }
    case 'CASE':
      return parseCase(c);
    case 'EXISTS': {
      c.next();
      c.expectSymbol('(');
      const query = parseQuery(c);
      c.expectSymbol(')');
      return { kind: 'Exists', query, span: c.spanFrom(t) };
    }
    case 'INTERVAL':
      return parseIntervalLiteral(c);
    case 'DATE':
    case 'TIME':
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ': {
      let type: TypedLiteralType = w;
      if (c.peek(1).kind === 'String') {
        c.next();
      } else if (w === 'TIMESTAMP' && c.isKeywords('TIMESTAMP', 'WITH', 'LOCAL', 'TIME', 'ZONE') && c.peek(5).kind === 'String') {
        c.pos += 5;
        type = 'TIMESTAMP_LTZ';
      } else {
        return parseNameOrCall(c);
      }
      const value = c.next().value;
      return { kind: 'TypedLiteral', type, value, span: c.spanFrom(t) };
    }
    case 'ROW':
      if (paren) {
        c.next();
        c.next();
        const fields = c.isSymbol(')') ? [] : c.commaList(() => parseExpr(c));
        c.expectSymbol(')');
        return { kind: 'RowConstructor', fields, explicit: true, span: c.spanFrom(t) };
      }
      break;
    case 'ARRAY':
      if (c.isSymbol('[', 1)) {
        c.pos += 2;
        const elements = c.isSymbol(']') ? [] : c.commaList(() => parseExpr(c));
        c.expectSymbol(']');
        return { kind: 'ArrayConstructor', elements, span: c.spanFrom(t) };
      }
      if (paren) throw unsupported('ARRAY(subquery)', t.span);
      break;
    case 'MAP':
      if (c.isSymbol('[', 1)) {
        c.pos += 2;
        const entries: MapEntry[] = [];
        if (!c.isSymbol(']')) {
          do {
            const es = c.peek();
            const key = parseExpr(c);
            c.expectSymbol(',');
            const value = parseExpr(c);
            entries.push({ kind: 'MapEntry', key, value, span: c.spanFrom(es) });
          } while (c.eatSymbol(','));
        }
        c.expectSymbol(']');
        return { kind: 'MapConstructor', entries, span: c.spanFrom(t) };
      }
      if (paren) throw unsupported('MAP(subquery)', t.span);
      break;
    case 'TABLE': {
      c.next();
      const name = c.parseObjectName('a table name');
      let partitionBy: Expr[] = [];
      if (c.eatKeywords('PARTITION', 'BY')) {
        // one key, or several in parentheses: the next comma separates function arguments
        if (c.eatSymbol('(')) {
          partitionBy = parseExprList(c);
          c.expectSymbol(')');
        } else {
          partitionBy = [parseExpr(c)];
        }
      }
      return { kind: 'TableArg', name, partitionBy, span: c.spanFrom(t) };
    }
    case 'RUNNING':
    case 'FINAL':
      if (c.isAnyWord(1) && c.isSymbol('(', 2)) {
        c.next();
        const call = parseNameOrCall(c);
        if (call.kind !== 'FunctionCall') return c.expected('a function call', t);
        return { ...call, semantics: w, span: c.spanFrom(t) };
      }
      break;
    default:
      break;
  }
  if (paren) {
    const special = parseSpecialFunction(c, t);
    if (special) return special;
  } else if (NILADIC.has(w) && !c.isSymbol('.', 1)) {
    c.next();
    return { kind: 'NiladicFunction', name: w as NiladicFunctionName, span: t.span };
  }
  if (!paren && isReserved(w)) return c.expected('an expression');
  return parseNameOrCall(c);
}

/** `name`, `a.b.c`, `f(…)`, `db.f(…)` with function postfixes. */
function parseNameOrCall(c: Cursor): Expr {
  const start = c.peek();
  const parts: Ident[] = [c.identFrom(c.next())];
  while (c.isSymbol('.') && c.isAnyWord(1)) {
    c.next();
    parts.push(c.identFrom(c.next()));
  }
  if (c.isSymbol('(')) return parseFunctionCallRest(c, parts, start);
  const first = parts[0];
  if (parts.length === 1 && first) return { kind: 'Identifier', name: first, span: first.span };
  return { kind: 'CompoundIdentifier', parts, span: c.spanFrom(start) };
}

/** After the name of a function call: `( [DISTINCT|ALL] args [ORDER BY …] )` and its postfixes. */
function parseFunctionCallRest(c: Cursor, name: Ident[], start: Token): FunctionCall {
  c.expectSymbol('(');
  let distinct = false;
  let all = false;
  let star = false;
  const args: FunctionArg[] = [];
  let orderBy: OrderByItem[] | undefined;
  if (c.eatKeyword('DISTINCT')) distinct = true;
  else if (c.eatKeyword('ALL')) all = true;
  if (c.isSymbol('*') && c.isSymbol(')', 1)) {
    c.next();
    star = true;
  } else if (!c.isSymbol(')')) {
    do {
      args.push(parseFunctionArg(c));
    } while (c.eatSymbol(','));
    if (c.eatKeywords('ORDER', 'BY')) orderBy = c.commaList(() => parseOrderByItem(c));
  }
  c.expectSymbol(')');
  let withinGroup: OrderByItem[] | undefined;
  let filter: Expr | undefined;
  let nullTreatment: 'RESPECT NULLS' | 'IGNORE NULLS' | undefined;
  let over: WindowSpec | Ident | undefined;
  for (;;) {
    if (!withinGroup && c.isKeywords('WITHIN', 'GROUP')) {
      c.pos += 2;
      c.expectSymbol('(');
      c.expectKeywords('ORDER', 'BY');
      withinGroup = c.commaList(() => parseOrderByItem(c));
      c.expectSymbol(')');
      continue;
    }
    if (!filter && c.isKeyword('FILTER') && c.isSymbol('(', 1)) {
      c.pos += 2;
      c.expectKeyword('WHERE');
      filter = parseExpr(c);
      c.expectSymbol(')');
      continue;
    }
    if (!nullTreatment && (c.isKeywords('RESPECT', 'NULLS') || c.isKeywords('IGNORE', 'NULLS'))) {
      nullTreatment = c.next().upper === 'RESPECT' ? 'RESPECT NULLS' : 'IGNORE NULLS';
      c.next();
      continue;
    }
    if (!over && c.eatKeyword('OVER')) {
      if (c.isSymbol('(')) over = parseWindowSpecParens(c);
      else over = c.parseIdent('a window name or (');
      continue;
    }
    break;
  }
  return {
    kind: 'FunctionCall',
    name,
    args,
    distinct,
    ...(all ? { all } : {}),
    star,
    ...(orderBy ? { orderBy } : {}),
    ...(withinGroup ? { withinGroup } : {}),
    ...(nullTreatment ? { nullTreatment } : {}),
    ...(filter ? { filter } : {}),
    ...(over ? { over } : {}),
    span: c.spanFrom(start),
  };
}

function parseFunctionArg(c: Cursor): FunctionArg {
  const start = c.peek();
  if (c.isAnyWord() && c.isSymbol('=>', 1)) {
    const name = c.identFrom(c.next());
    c.next();
    const value = parseExpr(c);
    return { kind: 'FunctionArg', name, value, span: c.spanFrom(start) };
  }
  const value = parseExpr(c);
  return { kind: 'FunctionArg', value, span: c.spanFrom(start) };
}

export function parseExprList(c: Cursor): Expr[] {
  return c.commaList(() => parseExpr(c));
}

function parseCase(c: Cursor): Expr {
  const start = c.expectKeyword('CASE');
  const operand = c.isKeyword('WHEN') ? undefined : parseExpr(c);
  const whens: CaseWhen[] = [];
  do {
    const ws = c.expectKeyword('WHEN');
    const when = parseExpr(c);
    c.expectKeyword('THEN');
    const then = parseExpr(c);
    whens.push({ kind: 'CaseWhen', when, then, span: c.spanFrom(ws) });
  } while (c.isKeyword('WHEN'));
  const elseExpr = c.eatKeyword('ELSE') ? parseExpr(c) : undefined;
  c.expectKeyword('END');
  return {
    kind: 'Case',
    ...(operand ? { operand } : {}),
    whens,
    ...(elseExpr ? { else: elseExpr } : {}),
    span: c.spanFrom(start),
  };
}

/** `INTERVAL [+|-] '…' qualifier` (also a bare number instead of the string, leniently). */
function parseIntervalLiteral(c: Cursor): Expr {
  const start = c.expectKeyword('INTERVAL');
  let negative = false;
  if (c.eatSymbol('-')) negative = true;
  else c.eatSymbol('+');
  const t = c.peek();
  let value: string;
  if (t.kind === 'String') value = t.value;
  else if (t.kind === 'Number') value = t.text;
  else return c.expected('an interval string');
  c.next();
  const qualifier = parseIntervalQualifier(c);
  return { kind: 'IntervalLiteral', negative, value, qualifier, span: c.spanFrom(start) };
}

