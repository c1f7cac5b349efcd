/**
 * DDL grammar: CREATE TABLE (physical, computed and metadata columns,
 * WATERMARK, PRIMARY KEY, PARTITIONED BY, WITH, LIKE, AS query), CREATE VIEW,
 * FUNCTION, CATALOG, DATABASE, DROP, ALTER TABLE and ALTER VIEW.
 */
import type {
  AlterTable,
  AlterTableAction,
  AlterView,
  ColumnDef,
  ColumnPosition,
  CreateCatalog,
  CreateDatabase,
  CreateFunction,
  CreateTable,
  CreateTableAs,
  CreateView,
  Distribution,
  Drop,
  DropObjectType,
  LikeOption,
  LikeOptionFeature,
  LikeOptionMode,
  PrimaryKey,
  SchemaChangeItem,
  TableLike,
  TableOption,
  Watermark,
} from '../ast/ddl.ts';
import type { Ident } from '../ast/expr.ts';
import type { Statement } from '../ast/statement.ts';
import type { Token } from '../tokenizer.ts';
import type { Cursor } from './cursor.ts';
import { parseExpr } from './expr.ts';
import { parseQuery } from './query.ts';
import { parseDataType } from './types.ts';
import { unsupported } from '../diagnostics.ts';

/** After CREATE / CREATE OR REPLACE / REPLACE. */
export function parseCreate(c: Cursor, start: Token): Statement {
  const replaceOnly = start.upper === 'REPLACE';
  const orReplace = !replaceOnly && c.eatKeywords('OR', 'REPLACE');
  const temporary = c.eatKeyword('TEMPORARY');
  const system = temporary && c.eatKeyword('SYSTEM');
  if (c.eatKeyword('TABLE')) return parseCreateTable(c, start, temporary, orReplace, replaceOnly);
  for (const what of ['MATERIALIZED', 'MODEL', 'CONNECTION']) {
    if (c.isKeyword(what)) throw unsupported(`CREATE ${what === 'MATERIALIZED' ? 'MATERIALIZED TABLE' : what}`, c.peek().span);
  }
  if (replaceOnly || orReplace) c.expected('TABLE');
  if (c.eatKeyword('VIEW')) return parseCreateView(c, start, temporary);
  if (c.eatKeyword('FUNCTION')) return parseCreateFunction(c, start, temporary, system);
  if (temporary) c.expected('TABLE, VIEW or FUNCTION');
  if (c.eatKeyword('CATALOG')) {
    const ifNotExists = parseIfNotExists(c);
    const name = c.parseIdent('a catalog name');
    const comment = c.eatKeyword('COMMENT') ? c.parseStringValue() : undefined;
    const withOptions = c.isKeyword('WITH') ? parseWithOptions(c) : [];
    const stmt: CreateCatalog = {
      kind: 'CreateCatalog',
      ifNotExists,
      name,
      ...(comment !== undefined ? { comment } : {}),
      with: withOptions,
      span: c.spanFrom(start),
    };
    return stmt;
  }
  if (c.eatKeyword('DATABASE')) {
    const ifNotExists = parseIfNotExists(c);
    const name = c.parseObjectName('a database name');
    const comment = c.eatKeyword('COMMENT') ? c.parseStringValue() : undefined;
    const withOptions = c.isKeyword('WITH') ? parseWithOptions(c) : [];
    const stmt: CreateDatabase = {
      kind: 'CreateDatabase',
      ifNotExists,
      name,
      ...(comment !== undefined ? { comment } : {}),
      with: withOptions,
      span: c.spanFrom(start),
    };
    return stmt;
  }
  return c.expected('TABLE, VIEW, FUNCTION, CATALOG or DATABASE', c.peek(), ['TABLE', 'VIEW', 'FUNCTION', 'CATALOG', 'DATABASE', 'TEMPORARY']);
}

function parseIfNotExists(c: Cursor): boolean {
  return c.eatKeywords('IF', 'NOT', 'EXISTS');
}

function parseIfExists(c: Cursor): boolean {
  return c.eatKeywords('IF', 'EXISTS');
}

interface SchemaParts {
  columns: ColumnDef[];
  watermarks: Watermark[];
  primaryKey?: PrimaryKey;
}

function parseCreateTable(
  c: Cursor,
  start: Token,
  temporary: boolean,
  orReplace: boolean,
  replaceOnly: boolean,
): CreateTable | CreateTableAs {
  const ifNotExists = parseIfNotExists(c);
  const name = c.parseObjectName('a table name');
  const schema: SchemaParts = { columns: [], watermarks: [] };
  if (c.isSymbol('(')) {
    c.next();
    do parseSchemaItem(c, schema);
    while (c.eatSymbol(','));
    c.expectSymbol(')');
  }
  const comment = c.eatKeyword('COMMENT') ? c.parseStringValue() : undefined;
  const distribution = c.isKeyword('DISTRIBUTED') ? parseDistribution(c) : undefined;
  const partitionedBy = c.eatKeywords('PARTITIONED', 'BY') ? c.parseParenIdentList() : [];
  const withOptions = c.isKeyword('WITH') ? parseWithOptions(c) : [];
  let like: TableLike | undefined;
  const ls = c.peek();
  if (c.eatKeyword('LIKE')) {
    const table = c.parseObjectName('a table name');
    const options: LikeOption[] = [];
    if (c.eatSymbol('(')) {
      do {
        const os = c.peek();
        const mode = c.eatAnyKeyword(['INCLUDING', 'EXCLUDING', 'OVERWRITING']);
        if (mode === undefined) c.expected('INCLUDING, EXCLUDING or OVERWRITING');
        const feature = c.eatAnyKeyword(['ALL', 'CONSTRAINTS', 'DISTRIBUTION', 'GENERATED', 'METADATA', 'OPTIONS', 'PARTITIONS', 'WATERMARKS']);
        if (feature === undefined) c.expected('a LIKE option');
        options.push({ kind: 'LikeOption', mode: mode as LikeOptionMode, feature: feature as LikeOptionFeature, span: c.spanFrom(os) });
      } while (!c.isSymbol(')') && !c.atEnd());
      c.expectSymbol(')');
    }
    like = { kind: 'TableLike', table, options, span: c.spanFrom(ls) };
  }
  const common = {
    temporary,
    ifNotExists,
    name,
    columns: schema.columns,
    watermarks: schema.watermarks,
    ...(schema.primaryKey ? { primaryKey: schema.primaryKey } : {}),
    ...(comment !== undefined ? { comment } : {}),
    ...(distribution ? { distribution } : {}),
    partitionedBy,
    with: withOptions,
  };
  if (!like && c.eatKeyword('AS')) {
    const query = parseQuery(c);
    return { kind: 'CreateTableAs', orReplace, replaceOnly, ...common, query, span: c.spanFrom(start) };
  }
  if (orReplace || replaceOnly) c.expected('AS');
  return { kind: 'CreateTable', ...common, ...(like ? { like } : {}), span: c.spanFrom(start) };
}

/** `DISTRIBUTED BY [HASH|RANGE] (cols) [INTO n BUCKETS]` / `DISTRIBUTED INTO n BUCKETS`. */
function parseDistribution(c: Cursor): Distribution {
  const start = c.expectKeyword('DISTRIBUTED');
  let algorithm: 'HASH' | 'RANGE' | undefined;
  let columns: Ident[] = [];
  if (c.eatKeyword('BY')) {
    const a = c.eatAnyKeyword(['HASH', 'RANGE']);
    if (a === 'HASH' || a === 'RANGE') algorithm = a;
    columns = c.parseParenIdentList();
  } else if (!c.isKeyword('INTO')) {
    c.expected('BY or INTO');
  }
  let buckets: number | undefined;
  if (c.eatKeyword('INTO')) {
    buckets = c.parseInteger('a number of buckets');
    c.expectKeyword('BUCKETS');
  }
  return {
    kind: 'Distribution',
    ...(algorithm ? { algorithm } : {}),
    columns,
    ...(buckets !== undefined ? { buckets } : {}),
    span: c.spanFrom(start),
  };
}

function parseSchemaItem(c: Cursor, schema: SchemaParts): void {
  const item = parseSchemaChangeItem(c, false);
  if (item.kind === 'Watermark') schema.watermarks.push(item);
  else if (item.kind === 'PrimaryKey') {
    if (schema.primaryKey) c.error('duplicate primary key definition', item.span);
    schema.primaryKey = item;
  } else schema.columns.push(item.column);
}

function parseSchemaChangeItem(c: Cursor, withPosition: boolean): SchemaChangeItem {
  const start = c.peek();
  if (c.isKeyword('WATERMARK') && c.isKeyword('FOR', 1)) {
    c.pos += 2;
    const column = c.parseObjectName('a column name');
    c.expectKeyword('AS');
    const expr = parseExpr(c);
    return { kind: 'Watermark', column, expr, span: c.spanFrom(start) };
  }
  if ((c.isKeyword('CONSTRAINT') && c.isIdent(1) && c.isKeyword('PRIMARY', 2)) || c.isKeywords('PRIMARY', 'KEY')) {
    let name: Ident | undefined;
    if (c.eatKeyword('CONSTRAINT')) name = c.parseIdent();
    c.expectKeywords('PRIMARY', 'KEY');
    const columns = c.parseParenIdentList();
    const enforced = parseEnforced(c);
    return { kind: 'PrimaryKey', ...(name ? { name } : {}), columns, enforced, span: c.spanFrom(start) };
  }
  const column = parseColumn(c);
  let position: ColumnPosition | undefined;
  if (withPosition) {
    const ps = c.peek();
    if (c.eatKeyword('FIRST')) position = { kind: 'ColumnPosition', span: c.spanFrom(ps) };
    else if (c.eatKeyword('AFTER')) position = { kind: 'ColumnPosition', after: c.parseIdent(), span: c.spanFrom(ps) };
  }
  return { kind: 'ColumnChange', column, ...(position ? { position } : {}), span: c.spanFrom(start) };
}

function parseEnforced(c: Cursor): boolean {
  if (c.eatKeywords('NOT', 'ENFORCED')) return false;
  if (c.eatKeyword('ENFORCED')) return true;
  return c.expected('NOT ENFORCED');
}

function parseColumn(c: Cursor): ColumnDef {
  const start = c.peek();
  const name = c.parseIdent('a column name');
  if (c.eatKeyword('AS')) {
    const expr = parseExpr(c);
    const comment = c.eatKeyword('COMMENT') ? c.parseStringValue() : undefined;
    return { kind: 'ComputedColumn', name, expr, ...(comment !== undefined ? { comment } : {}), span: c.spanFrom(start) };
  }
  const type = parseDataType(c);
  if (c.eatKeyword('METADATA')) {
    const from = c.eatKeyword('FROM') ? c.parseStringValue() : undefined;
    const isVirtual = c.eatKeyword('VIRTUAL');
    const comment = c.eatKeyword('COMMENT') ? c.parseStringValue() : undefined;
    return {
      kind: 'MetadataColumn',
      name,
      type,
      ...(from !== undefined ? { from } : {}),
      virtual: isVirtual,
      ...(comment !== undefined ? { comment } : {}),
      span: c.spanFrom(start),
    };
  }
  let primaryKey: PrimaryKey | undefined;
  const ps = c.peek();
  if ((c.isKeyword('CONSTRAINT') && c.isKeyword('PRIMARY', 2)) || c.isKeywords('PRIMARY', 'KEY')) {
    let pkName: Ident | undefined;
    if (c.eatKeyword('CONSTRAINT')) pkName = c.parseIdent();
    c.expectKeywords('PRIMARY', 'KEY');
    const enforced = parseEnforced(c);
    primaryKey = { kind: 'PrimaryKey', ...(pkName ? { name: pkName } : {}), columns: [], enforced, span: c.spanFrom(ps) };
  }
  const comment = c.eatKeyword('COMMENT') ? c.parseStringValue() : undefined;
  return {
    kind: 'PhysicalColumn',
    name,
    type,
    ...(primaryKey ? { primaryKey } : {}),
    ...(comment !== undefined ? { comment } : {}),
    span: c.spanFrom(start),
  };
}

/** `WITH ( 'k' = 'v', … )`. */
export function parseWithOptions(c: Cursor): TableOption[] {
  c.expectKeyword('WITH');
  return parseOptionList(c);
}

/** `( 'k' = 'v', … )`; keys may also be dotted words, values numbers or booleans (kept as text). */
export function parseOptionList(c: Cursor): TableOption[] {
  c.expectSymbol('(');
  const out: TableOption[] = [];
  if (!c.isSymbol(')')) {
    do {
      const start = c.peek();
      const key = parseOptionKey(c);
      c.expectSymbol('=');
      const value = parseOptionValue(c);
      out.push({ kind: 'TableOption', key, value, span: c.spanFrom(start) });
    } while (c.eatSymbol(','));
  }
  c.expectSymbol(')');
  return out;
}

export function parseOptionKey(c: Cursor): string {
  const t = c.peek();
  if (t.kind === 'String') {
    c.next();
    return t.value;
  }
  if (!c.isAnyWord()) c.expected('an option key');
  let key = c.next().value;
  while (c.isSymbol('.') && c.isAnyWord(1)) {
    c.next();
    key += `.${c.next().value}`;
  }
  return key;
}

export function parseOptionValue(c: Cursor): string {
  const t = c.peek();
  if (t.kind === 'String') {
    c.next();
    return t.value;
  }
  if (t.kind === 'Number') {
    c.next();
    return t.text;
  }
  if (c.isSymbol('-') && c.peek(1).kind === 'Number') {
    c.next();
    return `-${c.next().text}`;
  }
  if (c.isAnyWord()) return parseOptionKey(c);
  return c.expected('an option value');
}

function parseCreateView(c: Cursor, start: Token, temporary: boolean): CreateView {
  const ifNotExists = parseIfNotExists(c);
  const name = c.parseObjectName('a view name');
  const columns = c.isSymbol('(') ? c.parseParenIdentList() : [];
  const comment = c.eatKeyword('COMMENT') ? c.parseStringValue() : undefined;
  c.expectKeyword('AS');
  const query = parseQuery(c);
  return {
    kind: 'CreateView',
    temporary,
    ifNotExists,
    name,
    columns,
    ...(comment !== undefined ? { comment } : {}),
    query,
    span: c.spanFrom(start),
  };
}

function parseCreateFunction(c: Cursor, start: Token, temporary: boolean, system: boolean): CreateFunction {
  const ifNotExists = parseIfNotExists(c);
  const name = c.parseObjectName('a function name');
  c.expectKeyword('AS');
  const className = c.parseStringValue('a class name string');
  let language: string | undefined;
  if (c.eatKeyword('LANGUAGE')) {
    const t = c.peek();
    if (!c.isAnyWord()) c.expected('JAVA, SCALA or PYTHON');
    c.next();
    language = t.upper;
  }
  const usingJars: string[] = [];
  if (c.eatKeyword('USING')) {
    do {
      c.expectKeyword('JAR');
      usingJars.push(c.parseStringValue());
    } while (c.eatSymbol(','));
  }
  return {
    kind: 'CreateFunction',
    temporary,
    system,
    ifNotExists,
    name,
    className,
    ...(language !== undefined ? { language } : {}),
    usingJars,
    span: c.spanFrom(start),
  };
}

export function parseDrop(c: Cursor, start: Token): Drop {
  const temporary = c.eatKeyword('TEMPORARY');
  const system = temporary && c.eatKeyword('SYSTEM');
  const objectType = c.eatAnyKeyword(['TABLE', 'VIEW', 'FUNCTION', 'CATALOG', 'DATABASE']) as DropObjectType | undefined;
  if (objectType === undefined) return c.expected('TABLE, VIEW, FUNCTION, CATALOG or DATABASE');
  const ifExists = parseIfExists(c);
  const name = c.parseObjectName();
  const behavior = c.eatAnyKeyword(['RESTRICT', 'CASCADE']) as 'RESTRICT' | 'CASCADE' | undefined;
  return {
    kind: 'Drop',
    objectType,
    temporary,
    system,
    ifExists,
    name,
    ...(behavior ? { behavior } : {}),
    span: c.spanFrom(start),
  };
}

export function parseAlter(c: Cursor, start: Token): AlterTable | AlterView {
  if (c.eatKeyword('VIEW')) {
    const name = c.parseObjectName('a view name');
    if (c.eatKeywords('RENAME', 'TO')) {
      const renameTo = c.parseObjectName('a view name');
      return { kind: 'AlterView', name, renameTo, span: c.spanFrom(start) };
    }
    c.expectKeyword('AS');
    const query = parseQuery(c);
    return { kind: 'AlterView', name, query, span: c.spanFrom(start) };
  }
  c.expectKeyword('TABLE');
  const ifExists = parseIfExists(c);
  const name = c.parseObjectName('a table name');
  const action = parseAlterTableAction(c);
  return { kind: 'AlterTable', ifExists, name, action, span: c.spanFrom(start) };
}

function parseAlterTableAction(c: Cursor): AlterTableAction {
  const start = c.peek();
  if (c.eatKeyword('RENAME')) {
    if (c.eatKeyword('TO')) return { kind: 'RenameTable', newName: c.parseObjectName('a table name'), span: c.spanFrom(start) };
    const from = c.parseIdent('a column name');
    c.expectKeyword('TO');
    const to = c.parseIdent('a column name');
    return { kind: 'RenameColumn', from, to, span: c.spanFrom(start) };
  }
  if (c.eatKeyword('SET')) return { kind: 'SetTableOptions', options: parseOptionList(c), span: c.spanFrom(start) };
  if (c.eatKeyword('RESET')) {
    c.expectSymbol('(');
    const keys = c.commaList(() => parseOptionKey(c));
    c.expectSymbol(')');
    return { kind: 'ResetTableOptions', keys, span: c.spanFrom(start) };
  }
  const addOrModify = c.eatAnyKeyword(['ADD', 'MODIFY']);
  if (addOrModify !== undefined) {
    const kind = addOrModify === 'ADD' ? 'AddSchema' : 'ModifySchema';
    if (c.eatSymbol('(')) {
      const items = c.commaList(() => parseSchemaChangeItem(c, true));
      c.expectSymbol(')');
      return { kind, parenthesized: true, items, span: c.spanFrom(start) };
    }
    const item = parseSchemaChangeItem(c, true);
    return { kind, parenthesized: false, items: [item], span: c.spanFrom(start) };
  }
  if (c.eatKeyword('DROP')) {
    if (c.eatKeywords('PRIMARY', 'KEY')) return { kind: 'DropPrimaryKey', span: c.spanFrom(start) };
    if (c.eatKeyword('WATERMARK')) return { kind: 'DropWatermark', span: c.spanFrom(start) };
    if (c.eatKeyword('CONSTRAINT')) return { kind: 'DropConstraint', name: c.parseIdent(), span: c.spanFrom(start) };
    if (c.isSymbol('(')) {
      const columns = c.parseParenIdentList();
      return { kind: 'DropColumns', columns, parenthesized: true, span: c.spanFrom(start) };
    }
    return { kind: 'DropColumns', columns: [c.parseIdent('a column name')], parenthesized: false, span: c.spanFrom(start) };
  }
  return c.expected('RENAME, SET, RESET, ADD, MODIFY or DROP');
}
