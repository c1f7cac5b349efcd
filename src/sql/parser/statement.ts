/**
 * Statement grammar and scripts: dispatches on the first keyword to the
 * clause families (query, DDL, INSERT, SET/RESET, EXPLAIN, SHOW, DESCRIBE,
 * USE, statement sets, STOP JOB), and splits a script on `;`, folding the
 * old `BEGIN STATEMENT SET; …; END;` form into one StatementSet.
 */
import type { ObjectName } from '../ast/expr.ts';
import type { Query } from '../ast/query.ts';
import type { ExplainDetail, Insert, PartitionSpec, Show, ShowObject, Statement } from '../ast/statement.ts';
import { WeirError } from '../../common/error.ts';
import type { Token } from '../tokenizer.ts';
import type { Cursor } from './cursor.ts';
import { parseAlter, parseCreate, parseDrop } from './ddl.ts';
import { isQueryStart, parseExpr } from './expr.ts';
import { parseHints } from './from.ts';
import { unsupported } from '../diagnostics.ts';
import { parseQuery } from './query.ts';

const STATEMENT_START = 'a statement';
const STATEMENT_KEYWORDS = [
  'SELECT',
  'WITH',
  'VALUES',
  'INSERT',
  'EXECUTE',
  'CREATE',
  'DROP',
  'ALTER',
  'USE',
  'SET',
  'RESET',
  'EXPLAIN',
  'SHOW',
  'DESCRIBE',
  'DESC',
  'STOP',
  'BEGIN',
  'REPLACE',
];

/**
 * Parses all `;`-separated statements up to EOF. Without `errors` the first
 * parse error is thrown; with it, each failing statement's error is recorded
 * and parsing resumes after the next `;`.
 */
export function parseScript(c: Cursor, errors?: WeirError[]): Statement[] {
  const out: Statement[] = [];
  for (;;) {
    while (c.eatSymbol(';'));
    if (c.atEnd()) return out;
    const start = c.pos;
    try {
      if (c.isKeywords('BEGIN', 'STATEMENT', 'SET')) {
        out.push(parseBeginStatementSet(c));
      } else {
        out.push(parseStatement(c));
      }
      if (!c.atEnd() && !c.isSymbol(';')) c.expected("';' or end of input");
    } catch (e) {
      if (!errors || !(e instanceof WeirError) || e.kind !== 'parse') throw e;
      errors.push(e);
      c.pos = Math.max(c.pos, start + 1);
      while (!c.atEnd() && !c.isSymbol(';')) c.next();
    }
  }
}

/** `BEGIN STATEMENT SET; INSERT …; INSERT …; END` (the SQL client's script form). */
function parseBeginStatementSet(c: Cursor): Statement {
  const start = c.next();
  c.pos += 2;
  c.expectSymbol(';');
  const inserts: Insert[] = [];
  for (;;) {
    while (c.eatSymbol(';'));
    if (c.eatKeyword('END')) break;
    if (!c.isKeyword('INSERT')) c.expected('INSERT or END');
    inserts.push(parseInsert(c, c.peek(), false));
    if (!c.isSymbol(';')) c.expected("';'");
  }
  return { kind: 'StatementSet', syntax: 'begin', inserts, span: c.spanFrom(start) };
}

export function parseStatement(c: Cursor): Statement {
  return c.nested(() => parseStatementInner(c));
}

function parseStatementInner(c: Cursor): Statement {
  const start = c.peek();
  if (isQueryStart(c)) return parseOnConflict(c, parseQuery(c));
  const word = start.kind === 'Keyword' || start.kind === 'Ident' ? start.upper : '';
  switch (word) {
    case 'INSERT':
      return parseInsert(c, start, false);
    case 'STATEMENT':
    case 'EXECUTE':
      if (word === 'EXECUTE') c.next();
      if (word === 'EXECUTE' && c.isKeyword('INSERT')) return parseInsert(c, start, true);
      if (c.eatKeywords('STATEMENT', 'SET')) {
        c.expectKeyword('BEGIN');
        const inserts: Insert[] = [];
        for (;;) {
          if (c.eatKeyword('END')) break;
          if (!c.isKeyword('INSERT')) c.expected('INSERT or END');
          inserts.push(parseInsert(c, c.peek(), false));
          c.expectSymbol(';');
        }
        return { kind: 'StatementSet', syntax: 'execute', inserts, span: c.spanFrom(start) };
      }
      return c.expected(word === 'EXECUTE' ? 'INSERT or STATEMENT SET' : 'a statement');
    case 'CREATE':
    case 'REPLACE':
      c.next();
      return parseCreate(c, start);
    case 'DROP':
      c.next();
      return parseDrop(c, start);
    case 'ALTER':
      c.next();
      return parseAlter(c, start);
    case 'USE':
      if (c.isKeyword('MODULES', 1)) throw unsupported('USE MODULES statement', start.span);
      c.next();
      if (c.isKeyword('CATALOG') && c.isAnyWord(1)) {
        c.next();
        const name = c.parseAnyIdent('a catalog name');
        return { kind: 'UseCatalog', name, span: c.spanFrom(start) };
      }
      return { kind: 'Use', name: c.parseObjectName('a database name'), span: c.spanFrom(start) };
    case 'SET': {
      c.next();
      if (c.atEnd() || c.isSymbol(';')) return { kind: 'Set', span: c.spanFrom(start) };
      const key = parseSetWord(c, true);
      c.expectSymbol('=');
      const value = parseSetWord(c, false);
      return { kind: 'Set', key, value, span: c.spanFrom(start) };
    }
    case 'RESET': {
      c.next();
      if (c.atEnd() || c.isSymbol(';')) return { kind: 'Reset', span: c.spanFrom(start) };
      return { kind: 'Reset', key: parseSetWord(c, true), span: c.spanFrom(start) };
    }
    case 'EXPLAIN': {
      c.next();
      const planFor = c.eatKeywords('PLAN', 'FOR');
      const details: ExplainDetail[] = [];
      if (!planFor) {
        for (;;) {
          const d = c.eatAnyKeyword(['ESTIMATED_COST', 'CHANGELOG_MODE', 'JSON_EXECUTION_PLAN', 'PLAN_ADVICE']);
          if (d === undefined) break;
          details.push(d as ExplainDetail);
          if (!c.eatSymbol(',')) break;
        }
      }
      const statement = parseStatement(c);
      return { kind: 'Explain', planFor, details, statement, span: c.spanFrom(start) };
    }
    case 'SHOW':
      c.next();
      return parseShow(c, start);
    case 'DESCRIBE':
    case 'DESC': {
      c.next();
      const extended = c.eatKeyword('EXTENDED');
      const name = c.parseObjectName();
      return { kind: 'Describe', short: word === 'DESC', extended, name, span: c.spanFrom(start) };
    }
    case 'STOP': {
      c.next();
      c.expectKeyword('JOB');
      const jobId = c.parseStringValue('a job id string');
      let withSavepoint = false;
      let withDrain = false;
      for (;;) {
        if (!withSavepoint && c.eatKeywords('WITH', 'SAVEPOINT')) withSavepoint = true;
        else if (!withDrain && c.eatKeywords('WITH', 'DRAIN')) withDrain = true;
        else break;
      }
      return { kind: 'StopJob', jobId, withSavepoint, withDrain, span: c.spanFrom(start) };
    }
    default: {
      const known = unsupportedStatement(c);
      if (known !== undefined) throw unsupported(known, start.span);
      return c.expected(STATEMENT_START, start, STATEMENT_KEYWORDS);
    }
  }
}

/** Flink statements Weir does not run: named in the error instead of a bare syntax error. */
const UNSUPPORTED_STATEMENTS: readonly (readonly string[])[] = [
  ['ADD', 'JAR'],
  ['REMOVE', 'JAR'],
  ['LOAD', 'MODULE'],
  ['UNLOAD', 'MODULE'],
  ['USE', 'MODULES'],
  ['CALL'],
  ['DELETE'],
  ['UPDATE'],
  ['TRUNCATE'],
  ['ANALYZE'],
];

function unsupportedStatement(c: Cursor): string | undefined {
  for (const words of UNSUPPORTED_STATEMENTS) {
    if (c.isKeywords(...words)) return `${words.join(' ')} statement`;
  }
  return undefined;
}

function parseInsert(c: Cursor, start: Token, execute: boolean): Insert {
  c.expectKeyword('INSERT');
  let overwrite = false;
  if (c.eatKeyword('OVERWRITE')) overwrite = true;
  else c.expectKeyword('INTO');
  const table = c.parseObjectName('a table name');
  const hints = c.peek().kind === 'HintStart' ? parseHints(c) : [];
  const partition: PartitionSpec[] = [];
  if (c.eatKeyword('PARTITION')) {
    c.expectSymbol('(');
    do {
      const ps = c.peek();
      const key = c.parseIdent('a partition column');
      c.expectSymbol('=');
      const value = parseExpr(c);
      partition.push({ kind: 'PartitionSpec', key, value, span: c.spanFrom(ps) });
    } while (c.eatSymbol(','));
    c.expectSymbol(')');
  }
  const columns = c.isSymbol('(') && !isQueryStart(c) ? c.parseParenIdentList() : [];
  const query = parseOnConflict(c, parseQuery(c));
  return { kind: 'Insert', execute, overwrite, table, hints, partition, columns, query, span: c.spanFrom(start) };
}

/**
 * A SET/RESET key or value: a string literal, or (the SQL client's legacy form)
 * the unquoted tokens up to `=` (for a key) or the end of the statement, as
 * written: `SET execution.runtime-mode = streaming`, `SET table.exec.state.ttl = 1 h`.
 */
function parseSetWord(c: Cursor, isKey: boolean): string {
  const t = c.peek();
  if (t.kind === 'String') {
    c.next();
    return t.value;
  }
  let text = '';
  let prevEnd = -1;
  while (!c.atEnd() && !c.isSymbol(';') && !(isKey && c.isSymbol('='))) {
    const t = c.next();
    // keep one space where the source had whitespace between tokens (`1 h`)
    if (prevEnd >= 0 && t.span.start > prevEnd) text += ' ';
    text += t.text;
    prevEnd = t.span.end;
  }
  if (text === '') c.expected(isKey ? 'a configuration key' : 'a configuration value');
  return text;
}

/** `ON CONFLICT DO ERROR | NOTHING | DEDUPLICATE` after a statement's query. */
function parseOnConflict(c: Cursor, query: Query): Query {
  if (!c.isKeywords('ON', 'CONFLICT')) return query;
  c.pos += 2;
  c.expectKeyword('DO');
  const strategy = c.eatAnyKeyword(['ERROR', 'NOTHING', 'DEDUPLICATE']);
  if (strategy !== 'ERROR' && strategy !== 'NOTHING' && strategy !== 'DEDUPLICATE') return c.expected('ERROR, NOTHING or DEDUPLICATE');
  return { ...query, onConflict: strategy, span: c.spanFrom(query.span) };
}

const SHOW_SIMPLE: Readonly<Record<string, ShowObject>> = {
  CATALOGS: 'CATALOGS',
  DATABASES: 'DATABASES',
  TABLES: 'TABLES',
  VIEWS: 'VIEWS',
  FUNCTIONS: 'FUNCTIONS',
  MODULES: 'MODULES',
  JOBS: 'JOBS',
  JARS: 'JARS',
};

function parseShow(c: Cursor, start: Token): Show {
  let object: ShowObject | undefined;
  let name: ObjectName | undefined;
  const t = c.peek();
  if (c.eatKeywords('CURRENT', 'CATALOG')) object = 'CURRENT CATALOG';
  else if (c.eatKeywords('CURRENT', 'DATABASE')) object = 'CURRENT DATABASE';
  else if (c.eatKeywords('USER', 'FUNCTIONS')) object = 'USER FUNCTIONS';
  else if (c.eatKeywords('FULL', 'MODULES')) object = 'FULL MODULES';
  else if (c.eatKeyword('CREATE')) {
    const what = c.eatAnyKeyword(['TABLE', 'VIEW', 'CATALOG']);
    if (what === undefined) c.expected('TABLE, VIEW or CATALOG');
    object = what === 'TABLE' ? 'CREATE TABLE' : what === 'VIEW' ? 'CREATE VIEW' : 'CREATE CATALOG';
    name = c.parseObjectName();
  } else if (c.eatKeyword('PARTITIONS')) {
    object = 'PARTITIONS';
    name = c.parseObjectName('a table name');
  } else if (c.eatKeyword('COLUMNS')) {
    object = 'COLUMNS';
  } else {
    const w = c.isAnyWord() ? SHOW_SIMPLE[t.upper] : undefined;
    if (w === undefined) c.expected('CATALOGS, DATABASES, TABLES, VIEWS, FUNCTIONS, MODULES, JOBS, COLUMNS or CREATE');
    c.next();
    object = w;
  }
  let from: ObjectName | undefined;
  if (c.eatAnyKeyword(['FROM', 'IN'])) from = c.parseObjectName();
  else if (object === 'COLUMNS') c.expected('FROM or IN');
  let like: Show['like'];
  const ls = c.peek();
  const negated = c.isKeyword('NOT') && c.isAnyKeyword(['LIKE', 'ILIKE'], 1) !== undefined;
  if (negated) c.next();
  const l = c.eatAnyKeyword(['LIKE', 'ILIKE']);
  if (l !== undefined) {
    const pattern = c.parseStringValue('a pattern string');
    like = { kind: 'ShowLike', negated, ilike: l === 'ILIKE', pattern, span: c.spanFrom(ls) };
  }
  return {
    kind: 'Show',
    object,
    ...(name ? { name } : {}),
    ...(from ? { from } : {}),
    ...(like ? { like } : {}),
    span: c.spanFrom(start),
  };
}
