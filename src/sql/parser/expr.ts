/**
 * Expression grammar: a Pratt loop over the precedence table in
 * precedence.ts, prefix forms (literals, names, CASE, CAST, subqueries,
 * constructors) and Flink's special function syntaxes (EXTRACT, TRIM,
 * POSITION, SUBSTRING … FROM, OVERLAY, FLOOR/CEIL … TO, TIMESTAMPADD, JSON_*),
 * plus ORDER BY items and OVER window specifications.
 */
import type {
  BinaryOp,
  CaseWhen,
  Expr,
  FrameBound,
  FunctionArg,
  FunctionCall,
  Ident,
  JsonObjectEntry,
  JsonQueryBehavior,
  JsonValueBehavior,
  MapEntry,
  NiladicFunctionName,
  OrderByItem,
  TypedLiteralType,
  WindowFrame,
  WindowSpec,
} from '../ast/expr.ts';
import { unsupported } from '../diagnostics.ts';
import { isReserved } from '../keywords.ts';
import type { Token } from '../tokenizer.ts';
import type { Cursor } from './cursor.ts';
import { binaryOpPrec, Prec } from './precedence.ts';
import { parseQuery } from './query.ts';
import { parseDataType, parseIntervalQualifier, parseTimeUnit } from './types.ts';

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

/** Functions with their own argument syntax. Returns undefined to fall back to a plain call. */
function parseSpecialFunction(c: Cursor, t: Token): Expr | undefined {
  const w = t.upper;
  switch (w) {
    case 'CAST':
    case 'TRY_CAST': {
      c.pos += 2;
      const expr = parseExpr(c);
      c.expectKeyword('AS');
      const type = parseDataType(c);
      c.expectSymbol(')');
      return { kind: 'Cast', expr, type, try: w === 'TRY_CAST', span: c.spanFrom(t) };
    }
    case 'EXTRACT': {
      c.pos += 2;
      const unit = parseTimeUnit(c);
      c.expectKeyword('FROM');
      const expr = parseExpr(c);
      c.expectSymbol(')');
      return { kind: 'Extract', unit, expr, span: c.spanFrom(t) };
    }
    case 'TRIM': {
      c.pos += 2;
      const where = c.eatAnyKeyword(['BOTH', 'LEADING', 'TRAILING']) as 'BOTH' | 'LEADING' | 'TRAILING' | undefined;
      let chars: Expr | undefined;
      let expr: Expr;
      if (c.eatKeyword('FROM')) {
        expr = parseExpr(c);
      } else {
        const first = parseExpr(c);
        if (c.eatKeyword('FROM')) {
          chars = first;
          expr = parseExpr(c);
        } else {
          expr = first;
        }
      }
      c.expectSymbol(')');
      return { kind: 'Trim', ...(where ? { where } : {}), ...(chars ? { chars } : {}), expr, span: c.spanFrom(t) };
    }
    case 'POSITION': {
      const save = c.pos;
      c.pos += 2;
      const needle = parseExpr(c, Prec.like + 1);
      if (c.eatKeyword('IN')) {
        const haystack = parseExpr(c);
        c.expectSymbol(')');
        return { kind: 'Position', needle, haystack, span: c.spanFrom(t) };
      }
      c.pos = save;
      return undefined;
    }
    case 'SUBSTRING': {
      const save = c.pos;
      c.pos += 2;
      const expr = parseExpr(c);
      if (c.eatKeyword('FROM')) {
        const from = parseExpr(c);
        const forExpr = c.eatKeyword('FOR') ? parseExpr(c) : undefined;
        c.expectSymbol(')');
        return { kind: 'Substring', expr, from, ...(forExpr ? { for: forExpr } : {}), span: c.spanFrom(t) };
      }
      c.pos = save;
      return undefined;
    }
    case 'OVERLAY': {
      c.pos += 2;
      const expr = parseExpr(c);
      c.expectKeyword('PLACING');
      const placing = parseExpr(c);
      c.expectKeyword('FROM');
      const from = parseExpr(c);
      const forExpr = c.eatKeyword('FOR') ? parseExpr(c) : undefined;
      c.expectSymbol(')');
      return { kind: 'Overlay', expr, placing, from, ...(forExpr ? { for: forExpr } : {}), span: c.spanFrom(t) };
    }
    case 'FLOOR':
    case 'CEIL':
    case 'CEILING': {
      const save = c.pos;
      c.pos += 2;
      const expr = parseExpr(c);
      if (c.eatKeyword('TO')) {
        const unit = parseTimeUnit(c);
        c.expectSymbol(')');
        return { kind: 'FloorCeil', fn: w === 'FLOOR' ? 'FLOOR' : 'CEIL', expr, unit, span: c.spanFrom(t) };
      }
      c.pos = save;
      return undefined;
    }
    case 'TIMESTAMPADD':
    case 'TIMESTAMPDIFF': {
      c.pos += 2;
      const unit = parseTimeUnit(c);
      c.expectSymbol(',');
      const left = parseExpr(c);
      c.expectSymbol(',');
      const right = parseExpr(c);
      c.expectSymbol(')');
      return { kind: 'TimestampFunction', fn: w, unit, left, right, span: c.spanFrom(t) };
    }
    case 'DESCRIPTOR': {
      c.pos += 2;
      const columns = c.commaList(() => c.parseAnyIdent('a column name'));
      c.expectSymbol(')');
      return { kind: 'Descriptor', columns, span: c.spanFrom(t) };
    }
    case 'JSON_VALUE': {
      c.pos += 2;
      const expr = parseExpr(c);
      c.expectSymbol(',');
      const path = parseExpr(c);
      const returning = c.eatKeyword('RETURNING') ? parseDataType(c) : undefined;
      let onEmpty: JsonValueBehavior | undefined;
      let onError: JsonValueBehavior | undefined;
      for (;;) {
        const bs = c.peek();
        const b = c.eatAnyKeyword(['NULL', 'ERROR', 'DEFAULT']);
        if (b !== 'NULL' && b !== 'ERROR' && b !== 'DEFAULT') break;
        const dflt = b === 'DEFAULT' ? parseExpr(c) : undefined;
        c.expectKeyword('ON');
        const on = c.eatAnyKeyword(['EMPTY', 'ERROR']);
        if (on === undefined) c.expected('EMPTY or ERROR');
        const behavior: JsonValueBehavior = {
          kind: 'JsonValueBehavior',
          behavior: b,
          ...(dflt ? { default: dflt } : {}),
          span: c.spanFrom(bs),
        };
        if (on === 'EMPTY') onEmpty = behavior;
        else onError = behavior;
      }
      c.expectSymbol(')');
      return {
        kind: 'JsonValue',
        expr,
        path,
        ...(returning ? { returning } : {}),
        ...(onEmpty ? { onEmpty } : {}),
        ...(onError ? { onError } : {}),
        span: c.spanFrom(t),
      };
    }
    case 'JSON_QUERY': {
      c.pos += 2;
      const expr = parseExpr(c);
      c.expectSymbol(',');
      const path = parseExpr(c);
      const returning = c.eatKeyword('RETURNING') ? parseDataType(c) : undefined;
      let wrapper: 'WITHOUT' | 'CONDITIONAL' | 'UNCONDITIONAL' | undefined;
      if (c.eatKeyword('WITHOUT')) {
        c.eatKeyword('ARRAY');
        c.expectKeyword('WRAPPER');
        wrapper = 'WITHOUT';
      } else if (c.eatKeyword('WITH')) {
        wrapper = c.eatKeyword('CONDITIONAL') ? 'CONDITIONAL' : 'UNCONDITIONAL';
        if (wrapper === 'UNCONDITIONAL') c.eatKeyword('UNCONDITIONAL');
        c.eatKeyword('ARRAY');
        c.expectKeyword('WRAPPER');
      }
      let onEmpty: JsonQueryBehavior | undefined;
      let onError: JsonQueryBehavior | undefined;
      for (;;) {
        let b: JsonQueryBehavior;
        if (c.eatKeyword('NULL')) b = 'NULL';
        else if (c.eatKeyword('ERROR')) b = 'ERROR';
        else if (c.eatKeywords('EMPTY', 'ARRAY')) b = 'EMPTY ARRAY';
        else if (c.eatKeywords('EMPTY', 'OBJECT')) b = 'EMPTY OBJECT';
        else break;
        c.expectKeyword('ON');
        const on = c.eatAnyKeyword(['EMPTY', 'ERROR']);
        if (on === undefined) c.expected('EMPTY or ERROR');
        if (on === 'EMPTY') onEmpty = b;
        else onError = b;
      }
      c.expectSymbol(')');
      return {
        kind: 'JsonQuery',
        expr,
        path,
        ...(returning ? { returning } : {}),
        ...(wrapper ? { wrapper } : {}),
        ...(onEmpty ? { onEmpty } : {}),
        ...(onError ? { onError } : {}),
        span: c.spanFrom(t),
      };
    }
    case 'JSON_EXISTS': {
      c.pos += 2;
      const expr = parseExpr(c);
      c.expectSymbol(',');
      const path = parseExpr(c);
      let onError: 'TRUE' | 'FALSE' | 'UNKNOWN' | 'ERROR' | undefined;
      const b = c.eatAnyKeyword(['TRUE', 'FALSE', 'UNKNOWN', 'ERROR']);
      if (b === 'TRUE' || b === 'FALSE' || b === 'UNKNOWN' || b === 'ERROR') {
        c.expectKeywords('ON', 'ERROR');
        onError = b;
      }
      c.expectSymbol(')');
      return { kind: 'JsonExists', expr, path, ...(onError ? { onError } : {}), span: c.spanFrom(t) };
    }
    case 'JSON_OBJECT': {
      c.pos += 2;
      const entries: JsonObjectEntry[] = [];
      let onNull = parseJsonOnNull(c);
      if (!onNull && !c.isSymbol(')')) {
        do {
          const es = c.peek();
          if (c.isKeyword('KEY') && !c.isKeyword('VALUE', 1)) c.next();
          const key = parseExpr(c);
          c.expectKeyword('VALUE');
          const value = parseExpr(c);
          const formatJson = c.eatKeywords('FORMAT', 'JSON');
          entries.push({ kind: 'JsonObjectEntry', key, value, formatJson, span: c.spanFrom(es) });
        } while (c.eatSymbol(','));
        onNull = parseJsonOnNull(c);
      }
      c.expectSymbol(')');
      return { kind: 'JsonObject', entries, ...(onNull ? { onNull } : {}), span: c.spanFrom(t) };
    }
    case 'JSON_ARRAY': {
      c.pos += 2;
      const elements: Expr[] = [];
      let onNull = parseJsonOnNull(c);
      if (!onNull && !c.isSymbol(')')) {
        do {
          elements.push(parseExpr(c));
          c.eatKeywords('FORMAT', 'JSON');
        } while (c.eatSymbol(','));
        onNull = parseJsonOnNull(c);
      }
      c.expectSymbol(')');
      return { kind: 'JsonArray', elements, ...(onNull ? { onNull } : {}), span: c.spanFrom(t) };
    }
    case 'JSON_OBJECTAGG': {
      c.pos += 2;
      if (c.isKeyword('KEY') && !c.isKeyword('VALUE', 1)) c.next();
      const key = parseExpr(c);
      c.expectKeyword('VALUE');
      const value = parseExpr(c);
      const onNull = parseJsonOnNull(c);
      c.expectSymbol(')');
      return { kind: 'JsonObjectAgg', key, value, ...(onNull ? { onNull } : {}), span: c.spanFrom(t) };
    }
    case 'JSON_ARRAYAGG': {
      c.pos += 2;
      const expr = parseExpr(c);
      const orderBy = c.eatKeywords('ORDER', 'BY') ? c.commaList(() => parseOrderByItem(c)) : [];
      const onNull = parseJsonOnNull(c);
      c.expectSymbol(')');
      return { kind: 'JsonArrayAgg', expr, orderBy, ...(onNull ? { onNull } : {}), span: c.spanFrom(t) };
    }
    default:
      return undefined;
  }
}

function parseJsonOnNull(c: Cursor): 'NULL' | 'ABSENT' | undefined {
  if (c.eatKeywords('NULL', 'ON', 'NULL')) return 'NULL';
  if (c.eatKeywords('ABSENT', 'ON', 'NULL')) return 'ABSENT';
  return undefined;
}

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
