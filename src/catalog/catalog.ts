/**
 * The catalog: tables, views and user functions registered in a session, by
 * name (Flink's default catalog and database: `default_catalog.default_database`).
 * Tables keep their declared schema (physical, computed and metadata columns,
 * the watermark, the primary key) and their options; computed columns and
 * watermarks stay as AST expressions, bound by the planner where they are used.
 */
import type { Expr } from '../sql/ast/expr.ts';
import type { Query } from '../sql/ast/query.ts';
import type { LogicalType } from '../types/logical-type.ts';
import { WeirError, type Span } from '../common/error.ts';

export const DEFAULT_CATALOG = 'default_catalog';
export const DEFAULT_DATABASE = 'default_database';

export type CatalogColumn =
  | { readonly kind: 'physical'; readonly name: string; readonly type: LogicalType; readonly comment?: string | undefined }
  | { readonly kind: 'computed'; readonly name: string; readonly expr: Expr; readonly sql: string; readonly comment?: string | undefined }
  | {
      readonly kind: 'metadata';
      readonly name: string;
      readonly type: LogicalType;
      readonly key: string;
      readonly virtual: boolean;
      readonly comment?: string | undefined;
    };

export interface CatalogTable {
  readonly kind: 'table';
  readonly name: string;
  readonly columns: readonly CatalogColumn[];
  readonly watermark?: { readonly column: string; readonly expr: Expr; readonly sql: string } | undefined;
  readonly primaryKey?: readonly string[] | undefined;
  readonly partitionKeys: readonly string[];
  readonly options: ReadonlyMap<string, string>;
  readonly comment?: string | undefined;
  readonly temporary: boolean;
}

export interface CatalogView {
  readonly kind: 'view';
  readonly name: string;
  readonly query: Query;
  /** Optional column names `CREATE VIEW v (a, b) AS …`. */
  readonly columnNames?: readonly string[] | undefined;
  readonly sql: string;
  readonly temporary: boolean;
}

export type CatalogEntry = CatalogTable | CatalogView;

/** A table as the planner sees it once resolved, with its qualified name. */
export interface ResolvedTable {
  readonly qualifiedName: string;
  readonly table: CatalogTable;
}

export interface UserFunction {
  readonly name: string;
  /** 'module-path#export' as written in CREATE FUNCTION, or 'api' for functions registered from TypeScript. */
  readonly className: string;
  readonly language: string;
  readonly temporary: boolean;
  /** The loaded implementation, once resolved. */
  impl?: unknown;
}

export class Catalog {
  readonly currentCatalog = DEFAULT_CATALOG;
  readonly currentDatabase = DEFAULT_DATABASE;
  private readonly entries = new Map<string, CatalogEntry>();
  private readonly functions = new Map<string, UserFunction>();

  /** Normalises `t`, `db.t`, `cat.db.t` to the table's name within the default database. */
  private key(parts: readonly string[], span?: Span): string {
    if (parts.length === 1) return parts[0]!;
    if (parts.length === 2 && parts[0] === this.currentDatabase) return parts[1]!;
    if (parts.length === 3 && parts[0] === this.currentCatalog && parts[1] === this.currentDatabase) return parts[2]!;
    if (parts.length > 3) throw new WeirError('validation', 'BAD_NAME', `Invalid object name '${parts.join('.')}'`, span);
    return parts.join('.');
  }

  qualified(name: string): string {
    return `${this.currentCatalog}.${this.currentDatabase}.${name}`;
  }

  lookup(parts: readonly string[], span?: Span): CatalogEntry | undefined {
    return this.entries.get(this.key(parts, span));
  }

  has(parts: readonly string[]): boolean {
    return this.entries.has(this.key(parts));
  }

  register(parts: readonly string[], entry: CatalogEntry, ifNotExists: boolean, span?: Span): void {
    const k = this.key(parts, span);
    if (this.entries.has(k)) {
      if (ifNotExists) return;
      const what = entry.kind === 'table' ? 'Table' : 'View';
      throw new WeirError(
        'validation',
        'ALREADY_EXISTS',
        `Could not execute CreateTable in path \`${this.currentCatalog}\`.\`${this.currentDatabase}\`.\`${k}\`: ${what} ${this.qualified(k)} already exists`,
        span,
      );
    }
    this.entries.set(k, entry);
  }

  drop(parts: readonly string[], kind: 'table' | 'view', ifExists: boolean, span?: Span): void {
    const k = this.key(parts, span);
    const e = this.entries.get(k);
    if (!e || e.kind !== kind) {
      if (ifExists) return;
      throw new WeirError(
        'validation',
        'NOT_FOUND',
        `${kind === 'table' ? 'Table' : 'View'} with identifier '${this.qualified(k)}' does not exist.`,
        span,
      );
    }
    this.entries.delete(k);
  }

  replace(parts: readonly string[], entry: CatalogEntry): void {
    this.entries.set(this.key(parts), entry);
  }

  listTables(): string[] {
    return [...this.entries.values()].filter((e) => e.kind === 'table').map((e) => e.name).sort();
  }

  listViews(): string[] {
    return [...this.entries.values()].filter((e) => e.kind === 'view').map((e) => e.name).sort();
  }

  /** Names of all tables and views, for "did you mean" suggestions. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  registerFunction(fn: UserFunction, ifNotExists: boolean, span?: Span): void {
    const k = fn.name.toLowerCase();
    if (this.functions.has(k)) {
      if (ifNotExists) return;
      throw new WeirError('validation', 'ALREADY_EXISTS', `Function ${this.qualified(fn.name)} already exists`, span);
    }
    this.functions.set(k, fn);
  }

  dropFunction(name: string, ifExists: boolean, span?: Span): void {
    const k = name.toLowerCase();
    if (!this.functions.delete(k) && !ifExists)
      throw new WeirError('validation', 'NOT_FOUND', `Function ${this.qualified(name)} does not exist.`, span);
  }

  lookupFunction(name: string): UserFunction | undefined {
    return this.functions.get(name.toLowerCase());
  }

  listFunctions(): string[] {
    return [...this.functions.values()].map((f) => f.name).sort();
  }
}
