/**
 * Statement AST: everything a Flink SQL script may contain, separated by `;`.
 * A query is a statement of kind 'Query'.
 */
import type { Span } from '../../common/error.ts';
import type { Expr, Ident, ObjectName } from './expr.ts';
import type { Hint, Query } from './query.ts';
import type {
  AlterTable,
  AlterView,
  CreateCatalog,
  CreateDatabase,
  CreateFunction,
  CreateTable,
  CreateTableAs,
  CreateView,
  Drop,
} from './ddl.ts';

export type Statement =
  | Query
  | Insert
  | StatementSet
  | CreateTable
  | CreateTableAs
  | CreateView
  | CreateFunction
  | CreateCatalog
  | CreateDatabase
  | Drop
  | AlterTable
  | AlterView
  | UseCatalog
  | Use
  | SetStatement
  | ResetStatement
  | Explain
  | Show
  | Describe
  | StopJob;

/** `PARTITION (k = 'v')` in INSERT. */
export interface PartitionSpec {
  readonly kind: 'PartitionSpec';
  readonly key: Ident;
  readonly value: Expr;
  readonly span: Span;
}

/** `[EXECUTE] INSERT INTO|OVERWRITE t [/*+ hints *\/] [PARTITION (…)] [(c1, c2)] query`. */
export interface Insert {
  readonly kind: 'Insert';
  readonly execute: boolean;
  readonly overwrite: boolean;
  readonly table: ObjectName;
  readonly hints: readonly Hint[];
  readonly partition: readonly PartitionSpec[];
  readonly columns: readonly Ident[];
  readonly query: Query;
  readonly span: Span;
}

/**
 * `[EXECUTE] STATEMENT SET BEGIN insert; insert; END` (syntax 'execute'), or the
 * older script form `BEGIN STATEMENT SET; insert; insert; END` (syntax 'begin').
 */
export interface StatementSet {
  readonly kind: 'StatementSet';
  readonly syntax: 'execute' | 'begin';
  readonly inserts: readonly Insert[];
  readonly span: Span;
}

/** `USE CATALOG c`. */
export interface UseCatalog {
  readonly kind: 'UseCatalog';
  readonly name: Ident;
  readonly span: Span;
}

/** `USE [cat.]db`. */
export interface Use {
  readonly kind: 'Use';
  readonly name: ObjectName;
  readonly span: Span;
}

/** `SET 'key' = 'value'`, or bare `SET` (lists the configuration). */
export interface SetStatement {
  readonly kind: 'Set';
  readonly key?: string;
  readonly value?: string;
  readonly span: Span;
}

/** `RESET 'key'` or bare `RESET`. */
export interface ResetStatement {
  readonly kind: 'Reset';
  readonly key?: string;
  readonly span: Span;
}

export type ExplainDetail = 'ESTIMATED_COST' | 'CHANGELOG_MODE' | 'JSON_EXECUTION_PLAN' | 'PLAN_ADVICE';

/** `EXPLAIN [detail, …] stmt` or `EXPLAIN PLAN FOR stmt`. */
export interface Explain {
  readonly kind: 'Explain';
  readonly planFor: boolean;
  readonly details: readonly ExplainDetail[];
  readonly statement: Statement;
  readonly span: Span;
}

export type ShowObject =
  | 'CATALOGS'
  | 'CURRENT CATALOG'
  | 'DATABASES'
  | 'CURRENT DATABASE'
  | 'TABLES'
  | 'VIEWS'
  | 'FUNCTIONS'
  | 'USER FUNCTIONS'
  | 'MODULES'
  | 'FULL MODULES'
  | 'JOBS'
  | 'JARS'
  | 'COLUMNS'
  | 'PARTITIONS'
  | 'CREATE TABLE'
  | 'CREATE VIEW'
  | 'CREATE CATALOG';

/**
 * `SHOW TABLES [FROM|IN db] [[NOT] LIKE '…']`, `SHOW CREATE TABLE t`,
 * `SHOW COLUMNS FROM|IN t [LIKE …]`, `SHOW JOBS`, ….
 */
export interface Show {
  readonly kind: 'Show';
  readonly object: ShowObject;
  /** The object of SHOW CREATE …, SHOW PARTITIONS …. */
  readonly name?: ObjectName;
  /** `FROM|IN name` for TABLES/VIEWS/FUNCTIONS/COLUMNS/DATABASES. */
  readonly from?: ObjectName;
  readonly like?: { readonly kind: 'ShowLike'; readonly negated: boolean; readonly ilike: boolean; readonly pattern: string; readonly span: Span };
  readonly span: Span;
}

/** `DESCRIBE [EXTENDED] t` / `DESC t`. */
export interface Describe {
  readonly kind: 'Describe';
  readonly short: boolean;
  readonly extended: boolean;
  readonly name: ObjectName;
  readonly span: Span;
}

/** `STOP JOB 'id' [WITH SAVEPOINT] [WITH DRAIN]`. */
export interface StopJob {
  readonly kind: 'StopJob';
  readonly jobId: string;
  readonly withSavepoint: boolean;
  readonly withDrain: boolean;
  readonly span: Span;
}
