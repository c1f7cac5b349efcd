/**
 * Printing queries: WITH, set operations, SELECT, FROM-clause table
 * references, hints, MATCH_RECOGNIZE and row patterns.
 */
import { assertNever } from '../../common/error.ts';
import type { MatchRecognize, Pattern } from '../ast/match-recognize.ts';
import type { GroupingElement, Hint, Query, Select, SelectItem, SetExpr, TableAlias, TableRef } from '../ast/query.ts';
import {
  list,
  printExpr,
  printFunctionCall,
  printIdent,
  printName,
  printOrderByItem,
  printWindowSpec,
  quoteString,
} from './expr.ts';

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

export function printHints(hints: readonly Hint[]): string {
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

