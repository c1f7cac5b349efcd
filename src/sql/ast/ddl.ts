/**
 * DDL AST: CREATE/ALTER/DROP of tables, views, functions, catalogs and
 * databases. Connector options (`WITH (…)`) keep their order and raw string
 * values; the catalog validates them against the declared options.
 */
import type { Span } from '../../common/error.ts';
import type { DataTypeAst, Expr, Ident, ObjectName } from './expr.ts';
import type { Query } from './query.ts';

/** `'key' = 'value'` in WITH (…), SET (…): values as written (unquoted content). */
export interface TableOption {
  readonly kind: 'TableOption';
  readonly key: string;
  readonly value: string;
  readonly span: Span;
}

export type ColumnDef = PhysicalColumn | ComputedColumn | MetadataColumn;

/** `PRIMARY KEY (…) NOT ENFORCED` or inline `PRIMARY KEY NOT ENFORCED` (then `columns` is empty). */
export interface PrimaryKey {
  readonly kind: 'PrimaryKey';
  /** `CONSTRAINT name PRIMARY KEY …`. */
  readonly name?: Ident;
  readonly columns: readonly Ident[];
  readonly enforced: boolean;
  readonly span: Span;
}

/** `name type [PRIMARY KEY NOT ENFORCED] [COMMENT '…']`. */
export interface PhysicalColumn {
  readonly kind: 'PhysicalColumn';
  readonly name: Ident;
  readonly type: DataTypeAst;
  /** An inline primary key on this column. */
  readonly primaryKey?: PrimaryKey;
  readonly comment?: string;
  readonly span: Span;
}

/** `name AS expr [COMMENT '…']`. */
export interface ComputedColumn {
  readonly kind: 'ComputedColumn';
  readonly name: Ident;
  readonly expr: Expr;
  readonly comment?: string;
  readonly span: Span;
}

/** `name type METADATA [FROM 'key'] [VIRTUAL] [COMMENT '…']`. */
export interface MetadataColumn {
  readonly kind: 'MetadataColumn';
  readonly name: Ident;
  readonly type: DataTypeAst;
  readonly from?: string;
  readonly virtual: boolean;
  readonly comment?: string;
  readonly span: Span;
}

/** `WATERMARK FOR column AS expr`; column may be nested (`a.b`). */
export interface Watermark {
  readonly kind: 'Watermark';
  readonly column: ObjectName;
  readonly expr: Expr;
  readonly span: Span;
}

/**
 * `DISTRIBUTED BY [HASH|RANGE] (cols) [INTO n BUCKETS]` or `DISTRIBUTED INTO n BUCKETS` (Flink 2.0).
 * `algorithm` is undefined when not written; `columns` is empty for the INTO-only form.
 */
export interface Distribution {
  readonly kind: 'Distribution';
  readonly algorithm?: 'HASH' | 'RANGE';
  readonly columns: readonly Ident[];
  readonly buckets?: number;
  readonly span: Span;
}

export type LikeOptionMode = 'INCLUDING' | 'EXCLUDING' | 'OVERWRITING';
export type LikeOptionFeature =
  | 'ALL'
  | 'CONSTRAINTS'
  | 'DISTRIBUTION'
  | 'GENERATED'
  | 'METADATA'
  | 'OPTIONS'
  | 'PARTITIONS'
  | 'WATERMARKS';

export interface LikeOption {
  readonly kind: 'LikeOption';
  readonly mode: LikeOptionMode;
  readonly feature: LikeOptionFeature;
  readonly span: Span;
}

/** `LIKE source_table (EXCLUDING ALL INCLUDING OPTIONS …)`. */
export interface TableLike {
  readonly kind: 'TableLike';
  readonly table: ObjectName;
  readonly options: readonly LikeOption[];
  readonly span: Span;
}

/**
 * `CREATE [TEMPORARY] TABLE [IF NOT EXISTS] name (columns, WATERMARK …, PRIMARY KEY …)
 * [COMMENT '…'] [PARTITIONED BY (…)] WITH (…) [LIKE …]`.
 */
export interface CreateTable {
  readonly kind: 'CreateTable';
  readonly temporary: boolean;
  readonly ifNotExists: boolean;
  readonly name: ObjectName;
  readonly columns: readonly ColumnDef[];
  readonly watermarks: readonly Watermark[];
  /** The table-level constraint (an inline one sits on its PhysicalColumn). */
  readonly primaryKey?: PrimaryKey;
  readonly comment?: string;
  readonly distribution?: Distribution;
  readonly partitionedBy: readonly Ident[];
  readonly with: readonly TableOption[];
  readonly like?: TableLike;
  readonly span: Span;
}

/** `CREATE [OR REPLACE] [TEMPORARY] TABLE … [(schema)] WITH (…) AS query`, and `REPLACE TABLE … AS`. */
export interface CreateTableAs {
  readonly kind: 'CreateTableAs';
  readonly orReplace: boolean;
  /** Written `REPLACE TABLE` without CREATE. */
  readonly replaceOnly: boolean;
  readonly temporary: boolean;
  readonly ifNotExists: boolean;
  readonly name: ObjectName;
  readonly columns: readonly ColumnDef[];
  readonly watermarks: readonly Watermark[];
  readonly primaryKey?: PrimaryKey;
  readonly comment?: string;
  readonly distribution?: Distribution;
  readonly partitionedBy: readonly Ident[];
  readonly with: readonly TableOption[];
  readonly query: Query;
  readonly span: Span;
}

/** `CREATE [TEMPORARY] VIEW [IF NOT EXISTS] name [(c1, c2)] [COMMENT '…'] AS query`. */
export interface CreateView {
  readonly kind: 'CreateView';
  readonly temporary: boolean;
  readonly ifNotExists: boolean;
  readonly name: ObjectName;
  readonly columns: readonly Ident[];
  readonly comment?: string;
  readonly query: Query;
  readonly span: Span;
}

/** `CREATE [TEMPORARY [SYSTEM]] FUNCTION [IF NOT EXISTS] name AS 'class' [LANGUAGE JAVA|SCALA|PYTHON] [USING JAR '…', …]`. */
export interface CreateFunction {
  readonly kind: 'CreateFunction';
  readonly temporary: boolean;
  readonly system: boolean;
  readonly ifNotExists: boolean;
  readonly name: ObjectName;
  readonly className: string;
  readonly language?: string;
  readonly usingJars: readonly string[];
  readonly span: Span;
}

/** `CREATE CATALOG [IF NOT EXISTS] name [COMMENT '…'] WITH (…)`. */
export interface CreateCatalog {
  readonly kind: 'CreateCatalog';
  readonly ifNotExists: boolean;
  readonly name: Ident;
  readonly comment?: string;
  readonly with: readonly TableOption[];
  readonly span: Span;
}

/** `CREATE DATABASE [IF NOT EXISTS] [cat.]db [COMMENT '…'] [WITH (…)]`. */
export interface CreateDatabase {
  readonly kind: 'CreateDatabase';
  readonly ifNotExists: boolean;
  readonly name: ObjectName;
  readonly comment?: string;
  readonly with: readonly TableOption[];
  readonly span: Span;
}

export type DropObjectType = 'TABLE' | 'VIEW' | 'FUNCTION' | 'CATALOG' | 'DATABASE';

/** `DROP [TEMPORARY [SYSTEM]] TABLE|VIEW|FUNCTION|CATALOG|DATABASE [IF EXISTS] name [RESTRICT|CASCADE]`. */
export interface Drop {
  readonly kind: 'Drop';
  readonly objectType: DropObjectType;
  readonly temporary: boolean;
  readonly system: boolean;
  readonly ifExists: boolean;
  readonly name: ObjectName;
  readonly behavior?: 'RESTRICT' | 'CASCADE';
  readonly span: Span;
}

/** `FIRST` or `AFTER col` after a column in ALTER TABLE ADD/MODIFY. */
export interface ColumnPosition {
  readonly kind: 'ColumnPosition';
  readonly after?: Ident;
  readonly span: Span;
}

/** One item of ALTER TABLE ADD/MODIFY: a column (with a position), a watermark or a primary key. */
export type SchemaChangeItem =
  | { readonly kind: 'ColumnChange'; readonly column: ColumnDef; readonly position?: ColumnPosition; readonly span: Span }
  | Watermark
  | PrimaryKey;

export type AlterTableAction =
  | { readonly kind: 'RenameTable'; readonly newName: ObjectName; readonly span: Span }
  | { readonly kind: 'SetTableOptions'; readonly options: readonly TableOption[]; readonly span: Span }
  | { readonly kind: 'ResetTableOptions'; readonly keys: readonly string[]; readonly span: Span }
  | {
      readonly kind: 'AddSchema' | 'ModifySchema';
      /** Written with parentheses (`ADD (a INT, b INT)`) or as a single item (`ADD a INT`). */
      readonly parenthesized: boolean;
      readonly items: readonly SchemaChangeItem[];
      readonly span: Span;
    }
  | { readonly kind: 'DropColumns'; readonly columns: readonly Ident[]; readonly parenthesized: boolean; readonly span: Span }
  | { readonly kind: 'DropPrimaryKey'; readonly span: Span }
  | { readonly kind: 'DropWatermark'; readonly span: Span }
  | { readonly kind: 'DropConstraint'; readonly name: Ident; readonly span: Span }
  | { readonly kind: 'RenameColumn'; readonly from: Ident; readonly to: Ident; readonly span: Span };

/** `ALTER TABLE [IF EXISTS] name action`. */
export interface AlterTable {
  readonly kind: 'AlterTable';
  readonly ifExists: boolean;
  readonly name: ObjectName;
  readonly action: AlterTableAction;
  readonly span: Span;
}

/** `ALTER VIEW name RENAME TO new` / `ALTER VIEW name AS query`. */
export interface AlterView {
  readonly kind: 'AlterView';
  readonly name: ObjectName;
  readonly renameTo?: ObjectName;
  readonly query?: Query;
  readonly span: Span;
}
