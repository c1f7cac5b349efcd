/**
 * The pretty-printer: AST → canonical Flink SQL on one line (upper-case
 * keywords, single spaces, parentheses only where precedence needs them).
 * Parsing the printed text gives back an equal AST (spans aside), which is
 * what the parser's round-trip tests rely on.
 */
import { assertNever } from '../common/error.ts';
import type {
  ColumnDef,
  Distribution,
  PrimaryKey,
  SchemaChangeItem,
  TableOption,
  Watermark,
  AlterTableAction,
} from './ast/ddl.ts';
import type {
  DataTypeAst,
  Expr,
  FrameBound,
  FunctionCall,
  Ident,
  IntervalQualifier,
  JsonValueBehavior,
  ObjectName,
  OrderByItem,
  WindowSpec,
} from './ast/expr.ts';
import type { MatchRecognize, Pattern } from './ast/match-recognize.ts';
import type { GroupingElement, Hint, Query, Select, SelectItem, SetExpr, TableAlias, TableRef } from './ast/query.ts';
import type { Insert, Statement } from './ast/statement.ts';
import { binaryOpPrec, Prec } from './parser/precedence.ts';

// ---------------------------------------------------------------------------
// Names and literals

const BARE_WORD = /^[A-Za-z_][A-Za-z0-9_$]*$/;

export function printIdent(id: Ident): string {
  if (id.quoted || !BARE_WORD.test(id.value)) {
    return `\`${id.value.replaceAll('`', '``')}\``;
  }
  return id.value;
}

function printName(name: ObjectName): string {
  return name.map(printIdent).join('.');
}

export function quoteString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

function list<T>(items: readonly T[], f: (x: T) => string): string {
  return items.map(f).join(', ');
}

// ---------------------------------------------------------------------------
// Expressions

/** Precedence of the expression kinds that are operators; every other kind is a primary. */
const OPERATOR_PREC: Partial<Record<Expr['kind'], number>> = {
  IsPredicate: Prec.is,
  IsJson: Prec.is,
  IsDistinctFrom: Prec.comparison,
  QuantifiedComparison: Prec.comparison,
  Like: Prec.like,
  Between: Prec.like,
  InList: Prec.like,
  InSubquery: Prec.like,
  Index: Prec.postfix,
  FieldAccess: Prec.postfix,
};

function exprPrec(e: Expr): number {
  if (e.kind === 'BinaryExpr') return binaryOpPrec[e.op];
  if (e.kind === 'UnaryExpr') return e.op === 'NOT' ? Prec.not : Prec.unary;
  return OPERATOR_PREC[e.kind] ?? Prec.primary;
}

/** Prints `e`, parenthesised when it binds looser than `min`. */
function operand(e: Expr, min: number): string {
  const s = printExpr(e);
  return exprPrec(e) < min ? `(${s})` : s;
}

export function printExpr(e: Expr): string {
  switch (e.kind) {
    case 'Identifier':
      return printIdent(e.name);
    case 'CompoundIdentifier':
      return printName(e.parts);
    case 'NumericLiteral':
      return e.text;
    case 'StringLiteral':
      return quoteString(e.value);
    case 'BinaryStringLiteral':
      return `X'${e.hex}'`;
    case 'BooleanLiteral':
      return e.value ? 'TRUE' : 'FALSE';
    case 'NullLiteral':
      return 'NULL';
    case 'TypedLiteral':
      return `${e.type === 'TIMESTAMP_LTZ' ? 'TIMESTAMP WITH LOCAL TIME ZONE' : e.type} ${quoteString(e.value)}`;
    case 'IntervalLiteral':
      return `INTERVAL ${e.negative ? '-' : ''}${quoteString(e.value)} ${printQualifier(e.qualifier)}`;
    case 'BinaryExpr': {
      const p = binaryOpPrec[e.op];
      return `${operand(e.left, p)} ${e.op} ${operand(e.right, p + 1)}`;
    }
    case 'UnaryExpr': {
      if (e.op === 'NOT') return `NOT ${operand(e.expr, Prec.not)}`;
      const inner = operand(e.expr, Prec.unary);
      return inner.startsWith('-') || inner.startsWith('+') ? `${e.op} ${inner}` : `${e.op}${inner}`;
    }
    case 'FunctionCall':
      return printFunctionCall(e);
    case 'Cast':
      return `${e.try ? 'TRY_CAST' : 'CAST'}(${printExpr(e.expr)} AS ${printDataType(e.type)})`;
    case 'Case': {
      let s = 'CASE';
      if (e.operand) s += ` ${printExpr(e.operand)}`;
      for (const w of e.whens) s += ` WHEN ${printExpr(w.when)} THEN ${printExpr(w.then)}`;
      if (e.else) s += ` ELSE ${printExpr(e.else)}`;
      return `${s} END`;
    }
    case 'InList':
      return `${operand(e.expr, Prec.like)} ${e.negated ? 'NOT IN' : 'IN'} (${list(e.list, printExpr)})`;
    case 'InSubquery':
      return `${operand(e.expr, Prec.like)} ${e.negated ? 'NOT IN' : 'IN'} (${printQuery(e.query)})`;
    case 'Exists':
      return `EXISTS (${printQuery(e.query)})`;
    case 'ScalarSubquery':
      return `(${printQuery(e.query)})`;
    case 'QuantifiedComparison':
      return `${operand(e.left, Prec.comparison)} ${e.op} ${e.quantifier} (${printQuery(e.query)})`;
    case 'Between':
      return `${operand(e.expr, Prec.like)} ${e.negated ? 'NOT BETWEEN' : 'BETWEEN'} ${e.symmetric ? 'SYMMETRIC ' : ''}${operand(e.low, Prec.like + 1)} AND ${operand(e.high, Prec.like + 1)}`;
    case 'Like': {
      let s = `${operand(e.expr, Prec.like)} ${e.negated ? 'NOT ' : ''}${e.op} ${operand(e.pattern, Prec.like + 1)}`;
      if (e.escape) s += ` ESCAPE ${operand(e.escape, Prec.like + 1)}`;
      return s;
    }
    case 'IsPredicate':
      return `${operand(e.expr, Prec.is)} IS ${e.negated ? 'NOT ' : ''}${e.test}`;
    case 'IsJson':
      return `${operand(e.expr, Prec.is)} IS ${e.negated ? 'NOT ' : ''}JSON${e.jsonType ? ` ${e.jsonType}` : ''}`;
    case 'IsDistinctFrom':
      return `${operand(e.left, Prec.comparison)} IS ${e.negated ? 'NOT ' : ''}DISTINCT FROM ${operand(e.right, Prec.comparison + 1)}`;
    case 'FieldAccess':
      return `${postfixBase(e.expr)}.${printIdent(e.field)}`;
    case 'Index':
      return `${operand(e.expr, Prec.postfix)}[${printExpr(e.index)}]`;
    case 'RowConstructor':
      return e.explicit || e.fields.length < 2 ? `ROW(${list(e.fields, printExpr)})` : `(${list(e.fields, printExpr)})`;
    case 'ArrayConstructor':
      return `ARRAY[${list(e.elements, printExpr)}]`;
    case 'MapConstructor':
      return `MAP[${list(e.entries, (m) => `${printExpr(m.key)}, ${printExpr(m.value)}`)}]`;
    case 'Extract':
      return `EXTRACT(${e.unit} FROM ${printExpr(e.expr)})`;
    case 'Trim': {
      const parts: string[] = [];
      if (e.where) parts.push(e.where);
      if (e.chars) parts.push(printExpr(e.chars));
      if (e.where || e.chars) parts.push('FROM');
      parts.push(printExpr(e.expr));
      return `TRIM(${parts.join(' ')})`;
    }
    case 'Position':
      return `POSITION(${operand(e.needle, Prec.like + 1)} IN ${printExpr(e.haystack)})`;
    case 'Substring':
      return `SUBSTRING(${printExpr(e.expr)} FROM ${printExpr(e.from)}${e.for ? ` FOR ${printExpr(e.for)}` : ''})`;
    case 'Overlay':
      return `OVERLAY(${printExpr(e.expr)} PLACING ${printExpr(e.placing)} FROM ${printExpr(e.from)}${e.for ? ` FOR ${printExpr(e.for)}` : ''})`;
    case 'FloorCeil':
      return `${e.fn}(${printExpr(e.expr)} TO ${e.unit})`;
    case 'TimestampFunction':
      return `${e.fn}(${e.unit}, ${printExpr(e.left)}, ${printExpr(e.right)})`;
    case 'NiladicFunction':
      return e.name;
    case 'Descriptor':
      return `DESCRIPTOR(${list(e.columns, printIdent)})`;
    case 'TableArg':
      if (e.partitionBy.length === 0) return `TABLE ${printName(e.name)}`;
      return `TABLE ${printName(e.name)} PARTITION BY ${e.partitionBy.length === 1 && e.partitionBy[0] ? printExpr(e.partitionBy[0]) : `(${list(e.partitionBy, printExpr)})`}`;
    case 'JsonValue': {
      let s = `JSON_VALUE(${printExpr(e.expr)}, ${printExpr(e.path)}`;
      if (e.returning) s += ` RETURNING ${printDataType(e.returning)}`;
      if (e.onEmpty) s += ` ${printJsonBehavior(e.onEmpty)} ON EMPTY`;
      if (e.onError) s += ` ${printJsonBehavior(e.onError)} ON ERROR`;
      return `${s})`;
    }
    case 'JsonQuery': {
      let s = `JSON_QUERY(${printExpr(e.expr)}, ${printExpr(e.path)}`;
      if (e.returning) s += ` RETURNING ${printDataType(e.returning)}`;
      if (e.wrapper) s += e.wrapper === 'WITHOUT' ? ' WITHOUT WRAPPER' : ` WITH ${e.wrapper} WRAPPER`;
      if (e.onEmpty) s += ` ${e.onEmpty} ON EMPTY`;
      if (e.onError) s += ` ${e.onError} ON ERROR`;
      return `${s})`;
    }
    case 'JsonExists':
      return `JSON_EXISTS(${printExpr(e.expr)}, ${printExpr(e.path)}${e.onError ? ` ${e.onError} ON ERROR` : ''})`;
    case 'JsonObject': {
      const parts = e.entries.map(
        (en) => `KEY ${printExpr(en.key)} VALUE ${printExpr(en.value)}${en.formatJson ? ' FORMAT JSON' : ''}`,
      );
      if (e.onNull) parts.push(`${e.onNull} ON NULL`);
      return `JSON_OBJECT(${parts.join(', ').replace(/, (NULL|ABSENT) ON NULL$/, ' $1 ON NULL')})`;
    }
    case 'JsonArray': {
      const s = list(e.elements, printExpr);
      const on = e.onNull ? `${s ? ' ' : ''}${e.onNull} ON NULL` : '';
      return `JSON_ARRAY(${s}${on})`;
    }
    case 'JsonObjectAgg':
      return `JSON_OBJECTAGG(KEY ${printExpr(e.key)} VALUE ${printExpr(e.value)}${e.onNull ? ` ${e.onNull} ON NULL` : ''})`;
    case 'JsonArrayAgg': {
      let s = `JSON_ARRAYAGG(${printExpr(e.expr)}`;
      if (e.orderBy.length > 0) s += ` ORDER BY ${list(e.orderBy, printOrderByItem)}`;
      if (e.onNull) s += ` ${e.onNull} ON NULL`;
      return `${s})`;
    }
    default:
      return assertNever(e, 'expression');
  }
}

/** Kinds that can be the base of `x.f` as printed; names (which would merge into a compound name) and operators need parentheses. */
const BARE_FIELD_BASE: ReadonlySet<Expr['kind']> = new Set<Expr['kind']>([
  'FunctionCall',
  'Index',
  'FieldAccess',
  'Cast',
  'ScalarSubquery',
  'ArrayConstructor',
  'MapConstructor',
  'JsonValue',
  'JsonQuery',
]);

function postfixBase(e: Expr): string {
  const s = printExpr(e);
  if (BARE_FIELD_BASE.has(e.kind) || (e.kind === 'RowConstructor' && e.explicit)) return s;
  return `(${s})`;
}

function printJsonBehavior(b: JsonValueBehavior): string {
  return b.behavior === 'DEFAULT' && b.default ? `DEFAULT ${printExpr(b.default)}` : b.behavior;
}

function printFunctionCall(f: FunctionCall): string {
  let s = f.semantics ? `${f.semantics} ` : '';
  s += `${printName(f.name)}(`;
  if (f.distinct) s += 'DISTINCT ';
  else if (f.all) s += 'ALL ';
  if (f.star) s += '*';
  else s += list(f.args, (a) => (a.name ? `${printIdent(a.name)} => ${printExpr(a.value)}` : printExpr(a.value)));
  if (f.orderBy && f.orderBy.length > 0) s += ` ORDER BY ${list(f.orderBy, printOrderByItem)}`;
  s += ')';
  if (f.withinGroup) s += ` WITHIN GROUP (ORDER BY ${list(f.withinGroup, printOrderByItem)})`;
  if (f.filter) s += ` FILTER (WHERE ${printExpr(f.filter)})`;
  if (f.nullTreatment) s += ` ${f.nullTreatment}`;
  if (f.over) s += ` OVER ${f.over.kind === 'Ident' ? printIdent(f.over) : printWindowSpec(f.over)}`;
  return s;
}

export function printOrderByItem(o: OrderByItem): string {
  let s = printExpr(o.expr);
  if (o.direction) s += ` ${o.direction}`;
  if (o.nulls) s += ` NULLS ${o.nulls}`;
  return s;
}

export function printWindowSpec(w: WindowSpec): string {
  const parts: string[] = [];
  if (w.base) parts.push(printIdent(w.base));
  if (w.partitionBy.length > 0) parts.push(`PARTITION BY ${list(w.partitionBy, printExpr)}`);
  if (w.orderBy.length > 0) parts.push(`ORDER BY ${list(w.orderBy, printOrderByItem)}`);
  if (w.frame) {
    const f = w.frame;
    parts.push(
      f.end
        ? `${f.units} BETWEEN ${printFrameBound(f.start)} AND ${printFrameBound(f.end)}`
        : `${f.units} ${printFrameBound(f.start)}`,
    );
  }
  return `(${parts.join(' ')})`;
}

function printFrameBound(b: FrameBound): string {
  return b.offset ? `${operand(b.offset, Prec.additive)} ${b.bound}` : b.bound;
}

export function printQualifier(q: IntervalQualifier): string {
  let s: string = q.from;
  if (q.fromPrecision !== undefined) {
    s += q.fromFractionalPrecision !== undefined ? `(${q.fromPrecision}, ${q.fromFractionalPrecision})` : `(${q.fromPrecision})`;
  }
  if (q.to) {
    s += ` TO ${q.to}`;
    if (q.toPrecision !== undefined) s += `(${q.toPrecision})`;
  }
  return s;
}

// ---------------------------------------------------------------------------
// Data types

export function printDataType(t: DataTypeAst): string {
  let s: string;
  switch (t.kind) {
    case 'PrimitiveType':
      s = t.spelling;
      if (t.params.length > 0) s += `(${t.params.join(', ')})`;
      if (t.withLocalTimeZone) s += ' WITH LOCAL TIME ZONE';
      break;
    case 'IntervalType':
      s = `INTERVAL ${printQualifier(t.qualifier)}`;
      break;
    case 'CollectionType':
      s = t.syntax === 'angle' ? `${t.collection}<${printDataType(t.element)}>` : `${printDataType(t.element)} ${t.collection}`;
      break;
    case 'MapType':
      s = `MAP<${printDataType(t.key)}, ${printDataType(t.value)}>`;
      break;
    case 'RowType': {
      const fields = list(
        t.fields,
        (f) => `${printIdent(f.name)} ${printDataType(f.type)}${f.description !== undefined ? ` ${quoteString(f.description)}` : ''}`,
      );
      s = t.syntax === 'angle' ? `ROW<${fields}>` : `ROW(${fields})`;
      break;
    }
    default:
      return assertNever(t, 'data type');
  }
  return t.notNull ? `${s} NOT NULL` : s;
}

// ---------------------------------------------------------------------------
// Queries

export function printQuery(q: Query): string {
  let s = '';
  if (q.with) {
    s += `WITH ${q.with.recursive ? 'RECURSIVE ' : ''}${list(q.with.ctes, (c) => {
      const cols = c.columns.length > 0 ? ` (${list(c.columns, printIdent)})` : '';
      return `${printIdent(c.name)}${cols} AS (${printQuery(c.query)})`;
    })} `;
  }
  s += printSetExpr(q.body);
  if (q.orderBy.length > 0) s += ` ORDER BY ${list(q.orderBy, printOrderByItem)}`;
  if (q.limit) s += ` LIMIT ${printExpr(q.limit)}`;
  if (q.offset) s += ` OFFSET ${printExpr(q.offset)}`;
  if (q.fetch) s += ` FETCH FIRST ${printExpr(q.fetch)} ROWS ONLY`;
  if (q.onConflict) s += ` ON CONFLICT DO ${q.onConflict}`;
  return s;
}

const SET_PREC = { UNION: 1, EXCEPT: 1, INTERSECT: 2 } as const;

function printSetExpr(b: SetExpr): string {
  switch (b.kind) {
    case 'Select':
      return printSelect(b);
    case 'Values':
      return `VALUES ${list(b.rows, (r) => `(${list(r, printExpr)})`)}`;
    case 'Query':
      return `(${printQuery(b)})`;
    case 'SetOperation': {
      const p = SET_PREC[b.op];
      const side = (x: SetExpr, min: number): string =>
        x.kind === 'SetOperation' && SET_PREC[x.op] < min ? `(${printSetExpr(x)})` : printSetExpr(x);
      return `${side(b.left, p)} ${b.op}${b.all ? ' ALL' : ''} ${side(b.right, p + 1)}`;
    }
    default:
      return assertNever(b, 'set expression');
  }
}

function printHints(hints: readonly Hint[]): string {
  const body = list(hints, (h) => {
    if (h.options.length === 0 && h.params.length === 0) return printIdent(h.name);
    const args = [
      ...h.options.map((o) => `${quoteString(o.key)}=${quoteString(o.value)}`),
      ...h.params.map((p) => (/^[A-Za-z0-9_.$]+$/.test(p) ? p : `\`${p.replaceAll('`', '``')}\``)),
    ];
    return `${printIdent(h.name)}(${args.join(', ')})`;
  });
  return `/*+ ${body} */`;
}

function printSelect(s: Select): string {
  let out = 'SELECT ';
  if (s.hints.length > 0) out += `${printHints(s.hints)} `;
  if (s.distinct) out += 'DISTINCT ';
  out += list(s.items, printSelectItem);
  if (s.from) out += ` FROM ${printTableRef(s.from)}`;
  if (s.where) out += ` WHERE ${printExpr(s.where)}`;
  if (s.groupBy.length > 0) out += ` GROUP BY ${list(s.groupBy, printGroupingElement)}`;
  if (s.having) out += ` HAVING ${printExpr(s.having)}`;
  if (s.windows.length > 0) out += ` WINDOW ${list(s.windows, (w) => `${printIdent(w.name)} AS ${printWindowSpec(w.spec)}`)}`;
  return out;
}

function printSelectItem(i: SelectItem): string {
  switch (i.kind) {
    case 'Wildcard':
      return '*';
    case 'QualifiedWildcard':
      return `${printName(i.qualifier)}.*`;
    case 'ExprItem':
      return i.alias ? `${printExpr(i.expr)} AS ${printIdent(i.alias)}` : printExpr(i.expr);
    default:
      return assertNever(i, 'select item');
  }
}

function printGroupingElement(g: GroupingElement): string {
  switch (g.kind) {
    case 'GroupingExpr':
      return g.expr.kind === 'RowConstructor' && !g.expr.explicit ? `ROW${printExpr(g.expr)}` : printExpr(g.expr);
    case 'GroupingList':
      return `(${list(g.exprs, printExpr)})`;
    case 'GroupingSets':
      return `GROUPING SETS (${list(g.sets, printGroupingElement)})`;
    case 'Rollup':
      return `ROLLUP (${list(g.items, printGroupingElement)})`;
    case 'Cube':
      return `CUBE (${list(g.items, printGroupingElement)})`;
    default:
      return assertNever(g, 'grouping element');
  }
}

function printAlias(a: TableAlias | undefined): string {
  if (!a) return '';
  return ` AS ${printIdent(a.name)}${a.columns.length > 0 ? ` (${list(a.columns, printIdent)})` : ''}`;
}

export function printTableRef(t: TableRef): string {
  switch (t.kind) {
    case 'NamedTable': {
      let s = printName(t.name);
      if (t.hints.length > 0) s += ` ${printHints(t.hints)}`;
      if (t.forSystemTimeAsOf) s += ` FOR SYSTEM_TIME AS OF ${printExpr(t.forSystemTimeAsOf)}`;
      return s + printAlias(t.alias);
    }
    case 'DerivedTable':
      return `${t.lateral ? 'LATERAL ' : ''}(${printQuery(t.query)})${printAlias(t.alias)}`;
    case 'TableFunction':
      if (t.bare) return `${printFunctionCall(t.call)}${printAlias(t.alias)}`;
      return `${t.lateral ? 'LATERAL ' : ''}TABLE(${printFunctionCall(t.call)})${printAlias(t.alias)}`;
    case 'Unnest':
      return `UNNEST(${list(t.exprs, printExpr)})${t.withOrdinality ? ' WITH ORDINALITY' : ''}${printAlias(t.alias)}`;
    case 'Join': {
      const right = t.right.kind === 'Join' ? `(${printTableRef(t.right)})` : printTableRef(t.right);
      if (t.joinType === 'COMMA') return `${printTableRef(t.left)}, ${right}`;
      const kw = t.joinType === 'INNER' ? 'JOIN' : `${t.joinType} JOIN`;
      let s = `${printTableRef(t.left)} ${t.natural ? 'NATURAL ' : ''}${kw} ${right}`;
      if (t.on) s += ` ON ${printExpr(t.on)}`;
      if (t.using) s += ` USING (${list(t.using, printIdent)})`;
      return s;
    }
    case 'MatchRecognize':
      return printMatchRecognize(t);
    default:
      return assertNever(t, 'table reference');
  }
}

function printMatchRecognize(m: MatchRecognize): string {
  const input = m.input.kind === 'Join' ? `(${printTableRef(m.input)})` : printTableRef(m.input);
  const parts: string[] = [];
  if (m.partitionBy.length > 0) parts.push(`PARTITION BY ${list(m.partitionBy, printExpr)}`);
  if (m.orderBy.length > 0) parts.push(`ORDER BY ${list(m.orderBy, printOrderByItem)}`);
  if (m.measures.length > 0) parts.push(`MEASURES ${list(m.measures, (x) => `${printExpr(x.expr)} AS ${printIdent(x.alias)}`)}`);
  if (m.rowsPerMatch) parts.push(m.rowsPerMatch);
  if (m.afterMatchSkip) {
    const a = m.afterMatchSkip;
    const v = a.variable ? printIdent(a.variable) : '';
    const to =
      a.to === 'PAST LAST ROW' ? 'PAST LAST ROW' : a.to === 'NEXT ROW' ? 'TO NEXT ROW' : a.to === 'VARIABLE' ? `TO ${v}` : `TO ${a.to} ${v}`;
    parts.push(`AFTER MATCH SKIP ${to}`);
  }
  parts.push(`PATTERN (${m.strictStart ? '^ ' : ''}${printPattern(m.pattern)}${m.strictEnd ? ' $' : ''})`);
  if (m.within) parts.push(`WITHIN ${printExpr(m.within)}`);
  if (m.subsets.length > 0) {
    parts.push(`SUBSET ${list(m.subsets, (s) => `${printIdent(s.name)} = (${list(s.variables, printIdent)})`)}`);
  }
  parts.push(`DEFINE ${list(m.define, (d) => `${printIdent(d.variable)} AS ${printExpr(d.condition)}`)}`);
  return `${input} MATCH_RECOGNIZE (${parts.join(' ')})${printAlias(m.alias)}`;
}

export function printPattern(p: Pattern): string {
  switch (p.kind) {
    case 'PatternVariable':
      return printIdent(p.name);
    case 'PatternConcat':
      return p.items.map((x) => (x.kind === 'PatternAlternation' ? `(${printPattern(x)})` : printPattern(x))).join(' ');
    case 'PatternAlternation':
      return p.alternatives.map(printPattern).join(' | ');
    case 'PatternGroup':
      return `(${printPattern(p.pattern)})`;
    case 'PatternQuantified': {
      const inner = p.pattern.kind === 'PatternConcat' || p.pattern.kind === 'PatternAlternation' ? `(${printPattern(p.pattern)})` : printPattern(p.pattern);
      let q: string;
      if (p.syntax === '{}') {
        if (p.max === undefined) q = `{${p.min},}`;
        else if (p.min === p.max) q = `{${p.min}}`;
        else if (p.min === 0) q = `{,${p.max}}`;
        else q = `{${p.min},${p.max}}`;
      } else q = p.syntax;
      return `${inner}${q}${p.reluctant ? '?' : ''}`;
    }
    case 'PatternPermute':
      return `PERMUTE(${list(p.items, printPattern)})`;
    case 'PatternExclusion':
      return `{- ${printPattern(p.pattern)} -}`;
    default:
      return assertNever(p, 'pattern');
  }
}

// ---------------------------------------------------------------------------
// Statements

function printDistribution(d: Distribution): string {
  let s = 'DISTRIBUTED';
  if (d.columns.length > 0) s += ` BY ${d.algorithm ? `${d.algorithm}` : ''}(${list(d.columns, printIdent)})`;
  if (d.buckets !== undefined) s += ` INTO ${d.buckets} BUCKETS`;
  return s;
}

function printOptions(opts: readonly TableOption[]): string {
  return `(${list(opts, (o) => `${quoteString(o.key)} = ${quoteString(o.value)}`)})`;
}

function printPrimaryKey(pk: PrimaryKey): string {
  const name = pk.name ? `CONSTRAINT ${printIdent(pk.name)} ` : '';
  const cols = pk.columns.length > 0 ? ` (${list(pk.columns, printIdent)})` : '';
  return `${name}PRIMARY KEY${cols} ${pk.enforced ? 'ENFORCED' : 'NOT ENFORCED'}`;
}

function printWatermark(w: Watermark): string {
  return `WATERMARK FOR ${printName(w.column)} AS ${printExpr(w.expr)}`;
}

function printColumn(c: ColumnDef): string {
  const comment = c.comment !== undefined ? ` COMMENT ${quoteString(c.comment)}` : '';
  switch (c.kind) {
    case 'PhysicalColumn':
      return `${printIdent(c.name)} ${printDataType(c.type)}${c.primaryKey ? ` ${printPrimaryKey(c.primaryKey)}` : ''}${comment}`;
    case 'ComputedColumn':
      return `${printIdent(c.name)} AS ${printExpr(c.expr)}${comment}`;
    case 'MetadataColumn':
      return `${printIdent(c.name)} ${printDataType(c.type)} METADATA${c.from !== undefined ? ` FROM ${quoteString(c.from)}` : ''}${c.virtual ? ' VIRTUAL' : ''}${comment}`;
    default:
      return assertNever(c, 'column');
  }
}

function printSchema(columns: readonly ColumnDef[], watermarks: readonly Watermark[], pk: PrimaryKey | undefined): string {
  const items = [...columns.map(printColumn), ...watermarks.map(printWatermark), ...(pk ? [printPrimaryKey(pk)] : [])];
  return items.length > 0 ? ` (${items.join(', ')})` : '';
}

function printSchemaChangeItem(i: SchemaChangeItem): string {
  switch (i.kind) {
    case 'Watermark':
      return printWatermark(i);
    case 'PrimaryKey':
      return printPrimaryKey(i);
    case 'ColumnChange': {
      let s = printColumn(i.column);
      if (i.position) s += i.position.after ? ` AFTER ${printIdent(i.position.after)}` : ' FIRST';
      return s;
    }
    default:
      return assertNever(i, 'schema change');
  }
}

function printAlterAction(a: AlterTableAction): string {
  switch (a.kind) {
    case 'RenameTable':
      return `RENAME TO ${printName(a.newName)}`;
    case 'RenameColumn':
      return `RENAME ${printIdent(a.from)} TO ${printIdent(a.to)}`;
    case 'SetTableOptions':
      return `SET ${printOptions(a.options)}`;
    case 'ResetTableOptions':
      return `RESET (${list(a.keys, quoteString)})`;
    case 'AddSchema':
    case 'ModifySchema': {
      const kw = a.kind === 'AddSchema' ? 'ADD' : 'MODIFY';
      const items = list(a.items, printSchemaChangeItem);
      return a.parenthesized ? `${kw} (${items})` : `${kw} ${items}`;
    }
    case 'DropColumns':
      return a.parenthesized ? `DROP (${list(a.columns, printIdent)})` : `DROP ${list(a.columns, printIdent)}`;
    case 'DropPrimaryKey':
      return 'DROP PRIMARY KEY';
    case 'DropWatermark':
      return 'DROP WATERMARK';
    case 'DropConstraint':
      return `DROP CONSTRAINT ${printIdent(a.name)}`;
    default:
      return assertNever(a, 'ALTER TABLE action');
  }
}

function printInsert(i: Insert): string {
  let s = `${i.execute ? 'EXECUTE ' : ''}INSERT ${i.overwrite ? 'OVERWRITE' : 'INTO'} ${printName(i.table)}`;
  if (i.hints.length > 0) s += ` ${printHints(i.hints)}`;
  if (i.partition.length > 0) s += ` PARTITION (${list(i.partition, (p) => `${printIdent(p.key)} = ${printExpr(p.value)}`)})`;
  if (i.columns.length > 0) s += ` (${list(i.columns, printIdent)})`;
  return `${s} ${printQuery(i.query)}`;
}

export function printStatement(s: Statement): string {
  switch (s.kind) {
    case 'Query':
      return printQuery(s);
    case 'Insert':
      return printInsert(s);
    case 'StatementSet':
      return s.syntax === 'execute'
        ? `EXECUTE STATEMENT SET BEGIN ${s.inserts.map((i) => `${printInsert(i)}; `).join('')}END`
        : `BEGIN STATEMENT SET; ${s.inserts.map((i) => `${printInsert(i)}; `).join('')}END`;
    case 'CreateTable': {
      let out = `CREATE ${s.temporary ? 'TEMPORARY ' : ''}TABLE ${s.ifNotExists ? 'IF NOT EXISTS ' : ''}${printName(s.name)}`;
      out += printSchema(s.columns, s.watermarks, s.primaryKey);
      if (s.comment !== undefined) out += ` COMMENT ${quoteString(s.comment)}`;
      if (s.distribution) out += ` ${printDistribution(s.distribution)}`;
      if (s.partitionedBy.length > 0) out += ` PARTITIONED BY (${list(s.partitionedBy, printIdent)})`;
      if (s.with.length > 0) out += ` WITH ${printOptions(s.with)}`;
      if (s.like) {
        out += ` LIKE ${printName(s.like.table)}`;
        if (s.like.options.length > 0) out += ` (${s.like.options.map((o) => `${o.mode} ${o.feature}`).join(' ')})`;
      }
      return out;
    }
    case 'CreateTableAs': {
      let out = s.replaceOnly ? 'REPLACE ' : `CREATE ${s.orReplace ? 'OR REPLACE ' : ''}`;
      out += `${s.temporary ? 'TEMPORARY ' : ''}TABLE ${s.ifNotExists ? 'IF NOT EXISTS ' : ''}${printName(s.name)}`;
      out += printSchema(s.columns, s.watermarks, s.primaryKey);
      if (s.comment !== undefined) out += ` COMMENT ${quoteString(s.comment)}`;
      if (s.distribution) out += ` ${printDistribution(s.distribution)}`;
      if (s.partitionedBy.length > 0) out += ` PARTITIONED BY (${list(s.partitionedBy, printIdent)})`;
      if (s.with.length > 0) out += ` WITH ${printOptions(s.with)}`;
      return `${out} AS ${printQuery(s.query)}`;
    }
    case 'CreateView': {
      let out = `CREATE ${s.temporary ? 'TEMPORARY ' : ''}VIEW ${s.ifNotExists ? 'IF NOT EXISTS ' : ''}${printName(s.name)}`;
      if (s.columns.length > 0) out += ` (${list(s.columns, printIdent)})`;
      if (s.comment !== undefined) out += ` COMMENT ${quoteString(s.comment)}`;
      return `${out} AS ${printQuery(s.query)}`;
    }
    case 'CreateFunction': {
      let out = `CREATE ${s.temporary ? 'TEMPORARY ' : ''}${s.system ? 'SYSTEM ' : ''}FUNCTION ${s.ifNotExists ? 'IF NOT EXISTS ' : ''}${printName(s.name)} AS ${quoteString(s.className)}`;
      if (s.language !== undefined) out += ` LANGUAGE ${s.language}`;
      if (s.usingJars.length > 0) out += ` USING ${list(s.usingJars, (j) => `JAR ${quoteString(j)}`)}`;
      return out;
    }
    case 'CreateCatalog': {
      let out = `CREATE CATALOG ${s.ifNotExists ? 'IF NOT EXISTS ' : ''}${printIdent(s.name)}`;
      if (s.comment !== undefined) out += ` COMMENT ${quoteString(s.comment)}`;
      if (s.with.length > 0) out += ` WITH ${printOptions(s.with)}`;
      return out;
    }
    case 'CreateDatabase': {
      let out = `CREATE DATABASE ${s.ifNotExists ? 'IF NOT EXISTS ' : ''}${printName(s.name)}`;
      if (s.comment !== undefined) out += ` COMMENT ${quoteString(s.comment)}`;
      if (s.with.length > 0) out += ` WITH ${printOptions(s.with)}`;
      return out;
    }
    case 'Drop':
      return `DROP ${s.temporary ? 'TEMPORARY ' : ''}${s.system ? 'SYSTEM ' : ''}${s.objectType} ${s.ifExists ? 'IF EXISTS ' : ''}${printName(s.name)}${s.behavior ? ` ${s.behavior}` : ''}`;
    case 'AlterTable':
      return `ALTER TABLE ${s.ifExists ? 'IF EXISTS ' : ''}${printName(s.name)} ${printAlterAction(s.action)}`;
    case 'AlterView':
      return s.renameTo
        ? `ALTER VIEW ${printName(s.name)} RENAME TO ${printName(s.renameTo)}`
        : `ALTER VIEW ${printName(s.name)} AS ${s.query ? printQuery(s.query) : ''}`;
    case 'UseCatalog':
      return `USE CATALOG ${printIdent(s.name)}`;
    case 'Use':
      return `USE ${printName(s.name)}`;
    case 'Set':
      return s.key === undefined ? 'SET' : `SET ${quoteString(s.key)} = ${quoteString(s.value ?? '')}`;
    case 'Reset':
      return s.key === undefined ? 'RESET' : `RESET ${quoteString(s.key)}`;
    case 'Explain':
      return `EXPLAIN ${s.planFor ? 'PLAN FOR ' : ''}${s.details.length > 0 ? `${s.details.join(', ')} ` : ''}${printStatement(s.statement)}`;
    case 'Show': {
      let out = `SHOW ${s.object}`;
      if (s.name) out += ` ${printName(s.name)}`;
      if (s.from) out += ` FROM ${printName(s.from)}`;
      if (s.like) out += ` ${s.like.negated ? 'NOT ' : ''}${s.like.ilike ? 'ILIKE' : 'LIKE'} ${quoteString(s.like.pattern)}`;
      return out;
    }
    case 'Describe':
      return `${s.short ? 'DESC' : 'DESCRIBE'} ${s.extended ? 'EXTENDED ' : ''}${printName(s.name)}`;
    case 'StopJob':
      return `STOP JOB ${quoteString(s.jobId)}${s.withSavepoint ? ' WITH SAVEPOINT' : ''}${s.withDrain ? ' WITH DRAIN' : ''}`;
    default:
      return assertNever(s, 'statement');
  }
}
