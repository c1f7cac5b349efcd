/**
 * The pretty-printer: AST → canonical Flink SQL on one line (upper-case
 * keywords, single spaces, parentheses only where precedence needs them).
 * Parsing the printed text gives back an equal AST (spans aside), which is
 * what the parser's round-trip tests rely on. Statements are printed here;
 * expressions in print/expr.ts, queries in print/query.ts.
 */
import { assertNever } from '../common/error.ts';
import type {
  AlterTableAction,
  ColumnDef,
  Distribution,
  PrimaryKey,
  SchemaChangeItem,
  TableOption,
  Watermark,
} from './ast/ddl.ts';
import type { Insert, Statement } from './ast/statement.ts';
import { list, printDataType, printExpr, printIdent, printName, quoteString } from './print/expr.ts';
import { printHints, printQuery } from './print/query.ts';

export {
  printDataType,
  printExpr,
  printIdent,
  printOrderByItem,
  printQualifier,
  printWindowSpec,
  quoteString,
} from './print/expr.ts';
export { printPattern, printQuery, printTableRef } from './print/query.ts';

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

