/**
 * Printing expressions, names, literals, OVER windows and data types, with
 * parentheses exactly where the parser's precedence table needs them.
 */
import { assertNever } from '../../common/error.ts';
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
} from '../ast/expr.ts';
import { binaryOpPrec, Prec } from '../parser/precedence.ts';
import { printQuery } from './query.ts';

// ---------------------------------------------------------------------------
// Names and literals

/** A word the tokenizer reads as one unquoted identifier (letters, `_`, non-ASCII; then digits and `$`). */
const BARE_WORD = /^[A-Za-z_\u0080-\u009f\u00a1-\ufefe\uff00-\uffff][A-Za-z0-9_$\u0080-\u009f\u00a1-\ufefe\uff00-\uffff]*$/;

export function printIdent(id: Ident): string {
  if (id.quoted || !BARE_WORD.test(id.value)) {
    return `\`${id.value.replaceAll('`', '``')}\``;
  }
  return id.value;
}

export function printName(name: ObjectName): string {
  return name.map(printIdent).join('.');
}

export function quoteString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

export function list<T>(items: readonly T[], f: (x: T) => string): string {
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

export function printFunctionCall(f: FunctionCall): string {
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

