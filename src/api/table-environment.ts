/**
 * The TypeScript API (Flink's TableEnvironment): a session with a catalog and
 * a configuration that executes SQL statements in order. DDL changes the
 * catalog; SET/RESET the configuration; a query or INSERT is planned into a
 * job graph and run by the local executor.
 */
import { WeirError, type Span } from '../common/error.ts';
import { Catalog, type CatalogColumn, type CatalogTable } from '../catalog/catalog.ts';
import type { DynamicTableFactory, LookupTableSource, ScanTableSource, TableFactoryContext } from '../catalog/connector.ts';
import { connectorRegistry, validateTableOptions } from '../catalog/connector-registry.ts';
import { parseStatements } from '../sql/index.ts';
import { printExpr } from '../sql/print.ts';
import type { Statement } from '../sql/ast/statement.ts';
import type { Query } from '../sql/ast/query.ts';
import type { CreateTable } from '../sql/ast/ddl.ts';
import { QueryBinder } from '../plan/binder/query-binder.ts';
import { toLogicalType } from '../plan/binder/data-type.ts';
import type { BindEnv } from '../plan/binder/expr-binder.ts';
import { GraphBuilder, type SinkTarget } from '../plan/graph/graph-builder.ts';
import { explainPlan } from '../plan/explain.ts';
import type { LogicalTableScan, RelNode } from '../plan/logical/nodes.ts';
import { runJobCheckpointed } from '../checkpoint/run.ts';
import type { JobGraph } from '../runtime/graph.ts';
import type { Row, RowKind } from '../runtime/row.ts';
import type { SinkWriter } from '../runtime/sink.ts';
import type { Batch } from '../runtime/batch.ts';
import { loadFunction, resolveUserFunction, resolveUserTableFunction, returnTypeOf, toDefinition, type ScalarFunctionDefinition } from './user-function.ts';
import { showJobs, stopJob } from './job-statements.ts';
import { defaultParallelism } from '../plan/graph/parallelism.ts';
import { T, typeToString, type LogicalType, type RowType } from '../types/logical-type.ts';

export interface ResultSink {
  /** Called once before the first row with the result schema. */
  start(schema: RowType): void;
  /** Rows of the result, in changelog order. */
  rows(kinds: readonly RowKind[], rows: readonly Row[]): void;
  end(): void;
}

export type StatementResult =
  | { readonly kind: 'ok'; readonly message: string }
  | { readonly kind: 'table'; readonly schema: RowType; readonly rows: readonly Row[] }
  | { readonly kind: 'job'; readonly name: string; readonly schema: RowType | undefined };

export const DEFAULT_CONFIG: ReadonlyMap<string, string> = new Map([
  ['table.local-time-zone', 'default'],
  ['parallelism.default', '1'],
  ['pipeline.auto-watermark-interval', '200 ms'],
]);

export class TableEnvironment {
  readonly catalog = new Catalog();
  readonly config = new Map<string, string>(DEFAULT_CONFIG);
  private readonly startMs = Date.now();

  /** The session time zone, resolving 'default' to this machine's zone. */
  timeZone(): string {
    const z = this.config.get('table.local-time-zone') ?? 'default';
    return z === 'default' ? Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' : z;
  }

  bindEnv(): BindEnv {
    return {
      fnCtx: { timeZone: this.timeZone(), queryStartMs: this.startMs },
      userFunction: (name) => {
        const f = this.catalog.lookupFunction(name);
        return f?.impl ? resolveUserFunction(f.name, f.impl as ScalarFunctionDefinition) : undefined;
      },
      userTableFunction: (name) => {
        const f = this.catalog.lookupFunction(name);
        return f?.impl ? resolveUserTableFunction(f.name, f.impl as ScalarFunctionDefinition) : undefined;
      },
    };
  }

  /** Registers a user-defined scalar function from TypeScript (see api/user-function.ts). */
  createFunction(name: string, definition: ScalarFunctionDefinition | ((...args: never[]) => unknown), temporary = true): void {
    const impl = toDefinition(name, definition);
    returnTypeOf(impl);
    this.catalog.registerFunction({ name, className: 'api', language: 'JAVASCRIPT', temporary, impl }, false);
  }

  /** Parses and executes a script; queries stream their rows to `sink`. */
  async executeScript(sql: string, sink: (stmt: Statement) => ResultSink | undefined): Promise<StatementResult[]> {
    const stmts = parseStatements(sql);
    const results: StatementResult[] = [];
    for (const s of stmts) results.push(await this.execute(s, sink(s)));
    return results;
  }

  async execute(stmt: Statement, sink?: ResultSink): Promise<StatementResult> {
    switch (stmt.kind) {
      case 'CreateTable':
        return this.createTable(stmt);
      case 'CreateView': {
        const name = stmt.name.map((p) => p.value);
        // Validate now, as Flink does.
        const binder = new QueryBinder(this.catalog, this.bindEnv());
        binder.bindQuery(stmt.query);
        this.catalog.register(
          name,
          {
            kind: 'view',
            name: name[name.length - 1]!,
            query: stmt.query,
            columnNames: stmt.columns.length ? stmt.columns.map((c) => c.value) : undefined,
            sql: '',
            temporary: stmt.temporary,
          },
          stmt.ifNotExists,
          stmt.span,
        );
        return { kind: 'ok', message: '[INFO] Execute statement succeeded.' };
      }
      case 'Drop': {
        const name = stmt.name.map((p) => p.value);
        if (stmt.objectType === 'TABLE' || stmt.objectType === 'VIEW') {
          this.catalog.drop(name, stmt.objectType === 'TABLE' ? 'table' : 'view', stmt.ifExists, stmt.span);
        } else if (stmt.objectType === 'FUNCTION') {
          this.catalog.dropFunction(name[name.length - 1]!, stmt.ifExists, stmt.span);
        } else throw new WeirError('plan', 'UNSUPPORTED', `DROP ${stmt.objectType} is not supported yet`, stmt.span);
        return { kind: 'ok', message: '[INFO] Execute statement succeeded.' };
      }
      case 'Set':
        if (stmt.key === undefined) {
          const rows = [...this.config].sort().map(([k, v]) => [k, v]);
          return { kind: 'table', schema: T.row([{ name: 'key', type: T.string() }, { name: 'value', type: T.string() }]), rows };
        }
        this.config.set(stmt.key, stmt.value ?? '');
        return { kind: 'ok', message: '[INFO] Execute statement succeeded.' };
      case 'Reset':
        if (stmt.key === undefined) {
          this.config.clear();
          for (const [k, v] of DEFAULT_CONFIG) this.config.set(k, v);
        } else if (DEFAULT_CONFIG.has(stmt.key)) this.config.set(stmt.key, DEFAULT_CONFIG.get(stmt.key)!);
        else this.config.delete(stmt.key);
        return { kind: 'ok', message: '[INFO] Execute statement succeeded.' };
      case 'Show':
        return this.show(stmt);
      case 'StopJob':
        return stopJob(stmt, this.config);
      case 'Describe':
        return this.describe(stmt.name.map((p) => p.value), stmt.span);
      case 'Query':
        return this.runQuery(stmt, sink);
      case 'Insert':
        return this.runInserts([stmt]);
      case 'StatementSet':
        return this.runInserts(stmt.inserts);
      case 'Explain': {
        const inner = stmt.statement;
        const q = inner.kind === 'Query' ? inner : inner.kind === 'Insert' ? inner.query : undefined;
        if (!q) throw new WeirError('plan', 'UNSUPPORTED', 'EXPLAIN supports queries and INSERT statements', stmt.span);
        const rel = new QueryBinder(this.catalog, this.bindEnv()).bindQuery(q);
        const graph = this.buildGraph(rel, { kind: 'collect', name: 'collect', create: () => new NullWriter() }, 'explain');
        return { kind: 'ok', message: explainPlan(rel, graph) };
      }
      case 'CreateFunction': {
        const name = stmt.name[stmt.name.length - 1]!.value;
        const lang = (stmt.language ?? 'JAVA').toUpperCase();
        if (lang !== 'JAVASCRIPT' && lang !== 'TYPESCRIPT')
          throw new WeirError('validation', 'UNSUPPORTED_LANGUAGE', `Function language ${lang} is not supported; Weir runs functions written in LANGUAGE JAVASCRIPT (or TYPESCRIPT)`, stmt.span);
        if (stmt.ifNotExists && this.catalog.lookupFunction(name)) return { kind: 'ok', message: '[INFO] Execute statement succeeded.' };
        const impl = await loadFunction(name, stmt.className, stmt.span);
        returnTypeOf(impl);
        this.catalog.registerFunction({ name, className: stmt.className, language: lang, temporary: stmt.temporary, impl }, stmt.ifNotExists, stmt.span);
        return { kind: 'ok', message: '[INFO] Execute statement succeeded.' };
      }
      case 'CreateTableAs':
      case 'CreateCatalog':
      case 'CreateDatabase':
      case 'AlterTable':
      case 'AlterView':
      case 'UseCatalog':
      case 'Use':
        throw new WeirError('plan', 'UNSUPPORTED', `${stmt.kind} is not supported yet`, stmt.span);
    }
  }

  private createTable(stmt: CreateTable): StatementResult {
    const name = stmt.name.map((p) => p.value);
    if (stmt.like) throw new WeirError('plan', 'UNSUPPORTED', 'CREATE TABLE … LIKE is not supported yet', stmt.like.span);
    const columns: CatalogColumn[] = [];
    let pk = stmt.primaryKey?.columns.map((c) => c.value);
    for (const c of stmt.columns) {
      if (columns.some((x) => x.name === c.name.value))
        throw new WeirError('validation', 'DUPLICATE_COLUMN', `A column named '${c.name.value}' already exists in the table.`, c.name.span);
      switch (c.kind) {
        case 'PhysicalColumn':
          columns.push({ kind: 'physical', name: c.name.value, type: toLogicalType(c.type), comment: c.comment });
          if (c.primaryKey) pk = [c.name.value];
          break;
        case 'ComputedColumn':
          columns.push({ kind: 'computed', name: c.name.value, expr: c.expr, sql: printExpr(c.expr), comment: c.comment });
          break;
        case 'MetadataColumn':
          columns.push({ kind: 'metadata', name: c.name.value, type: toLogicalType(c.type), key: c.from ?? c.name.value, virtual: c.virtual, comment: c.comment });
          break;
      }
    }
    if (pk) {
      for (const k of pk) {
        const col = columns.find((c) => c.name === k);
        if (!col) throw new WeirError('validation', 'BAD_PRIMARY_KEY', `Could not create a PRIMARY KEY with column '${k}' at line ${stmt.primaryKey?.span.line ?? stmt.span.line}.\nA PRIMARY KEY constraint must be declared on physical columns.`, stmt.primaryKey?.span ?? stmt.span);
      }
      // Primary-key columns are NOT NULL, as in Flink.
      for (let i = 0; i < columns.length; i++) {
        const c = columns[i]!;
        if (c.kind === 'physical' && pk.includes(c.name)) columns[i] = { ...c, type: { ...c.type, nullable: false } };
      }
    }
    if (stmt.watermarks.length > 1) throw new WeirError('validation', 'MULTIPLE_WATERMARKS', 'Multiple watermark definitions are not supported yet.', stmt.watermarks[1]!.span);
    const wm = stmt.watermarks[0];
    const table: CatalogTable = {
      kind: 'table',
      name: name[name.length - 1]!,
      columns,
      watermark: wm ? { column: wm.column.map((p) => p.value).join('.'), expr: wm.expr, sql: printExpr(wm.expr) } : undefined,
      primaryKey: pk,
      partitionKeys: stmt.partitionedBy.map((p) => p.value),
      options: new Map(stmt.with.map((o) => [o.key, o.value])),
      comment: stmt.comment,
      temporary: stmt.temporary,
    };
    if (!table.options.has('connector'))
      throw new WeirError('validation', 'MISSING_CONNECTOR', `Table options do not contain an option key 'connector' for discovering a connector.`, stmt.span);
    // Check the connector exists now (its options are validated when the table is used, as in Flink).
    connectorRegistry.forOptions(table.options);
    this.catalog.register(name, table, stmt.ifNotExists, stmt.span);
    return { kind: 'ok', message: '[INFO] Execute statement succeeded.' };
  }

  private show(stmt: Extract<Statement, { kind: 'Show' }>): StatementResult {
    const one = (name: string, values: string[]): StatementResult => ({
      kind: 'table',
      schema: T.row([{ name, type: T.string(false) }], false),
      rows: values.map((v) => [v]),
    });
    switch (stmt.object) {
      case 'TABLES':
        return one('table name', this.catalog.listTables());
      case 'VIEWS':
        return one('view name', this.catalog.listViews());
      case 'FUNCTIONS':
      case 'USER FUNCTIONS':
        return one('function name', this.catalog.listFunctions());
      case 'CATALOGS':
      case 'CURRENT CATALOG':
        return one('catalog name', [this.catalog.currentCatalog]);
      case 'DATABASES':
      case 'CURRENT DATABASE':
        return one('database name', [this.catalog.currentDatabase]);
      case 'JOBS':
        return showJobs(this.timeZone());
      case 'COLUMNS':
        if (stmt.from) return this.describe(stmt.from.map((p) => p.value), stmt.span);
        break;
      default:
        break;
    }
    throw new WeirError('plan', 'UNSUPPORTED', `SHOW ${stmt.object} is not supported yet`, stmt.span);
  }

  private describe(parts: string[], span: Span): StatementResult {
    const e = this.catalog.lookup(parts, span);
    if (!e) throw new WeirError('validation', 'NOT_FOUND', `Tables or views with the identifier '${this.catalog.qualified(parts.join('.'))}' doesn't exist.`, span);
    const rel = new QueryBinder(this.catalog, this.bindEnv()).bindQuery(selectStar(parts, span));
    const pk = e.kind === 'table' ? (e.primaryKey ?? []) : [];
    const schema = T.row(
      ['name', 'type', 'null', 'key', 'extras', 'watermark'].map((n) => ({ name: n, type: T.string() })),
      false,
    );
    const rows = rel.rowType.fields.map((f) => {
      const col = e.kind === 'table' ? e.columns.find((c) => c.name === f.name) : undefined;
      const extras = col?.kind === 'computed' ? `AS ${col.sql}` : col?.kind === 'metadata' ? `METADATA${col.key !== col.name ? ` FROM '${col.key}'` : ''}${col.virtual ? ' VIRTUAL' : ''}` : null;
      const wm = e.kind === 'table' && e.watermark?.column === f.name ? e.watermark.sql : null;
      const t = typeToString({ ...f.type, nullable: true } as typeof f.type).replace(/ \*ROWTIME\*$/, '');
      return [f.name, t + (f.type.root === 'TIMESTAMP' && wm ? ' *ROWTIME*' : ''), f.type.nullable ? 'TRUE' : 'FALSE', pk.includes(f.name) ? `PRI(${pk.join(', ')})` : null, extras, wm];
    });
    return { kind: 'table', schema, rows };
  }

  /** Plans a query to a job graph whose sink is `target`. */
  buildGraph(rel: RelNode, target: SinkTarget, name: string): JobGraph {
    const zone = this.timeZone();
    const builder = new GraphBuilder({
      timeZone: zone,
      config: new Map([...this.config, ['table.local-time-zone', zone]]),
      parallelism: defaultParallelism(this.config, 128),
      maxParallelism: 128,
      connectors: { source: (scan) => this.sourceFor(scan), lookup: (scan) => this.lookupFor(scan) },
    });
    // Flink: 'pipeline.name' names the job; otherwise e.g. insert-into_<sink table>
    return builder.build(rel, target, this.config.get('pipeline.name')?.trim() || name);
  }

  private factoryContext(scanTable: LogicalTableScan['table'], physical: RowType): TableFactoryContext {
    const t = scanTable.table;
    return {
      tableName: scanTable.qualifiedName,
      physicalSchema: physical,
      primaryKey: t.primaryKey,
      partitionKeys: t.partitionKeys,
      options: t.options,
      config: new Map([...this.config, ['table.local-time-zone', this.timeZone()]]),
    };
  }

  private lookupFor(scan: LogicalTableScan): { source: LookupTableSource; ctx: TableFactoryContext } {
    const { ctx, factory } = this.resolvedFactory(scan);
    if (!factory.createLookupSource)
      throw new WeirError(
        'plan',
        'NOT_A_LOOKUP_SOURCE',
        `Connector '${factory.identifier}' does not support lookup: table ${scan.table.qualifiedName} cannot be the right side of a processing-time temporal join (FOR SYSTEM_TIME AS OF a PROCTIME attribute).`,
      );
    return { source: factory.createLookupSource(ctx), ctx };
  }

  private sourceFor(scan: LogicalTableScan): { source: ScanTableSource; ctx: TableFactoryContext } {
    const { ctx, factory } = this.resolvedFactory(scan);
    if (!factory.createSource)
      throw new WeirError('plan', 'NOT_A_SOURCE', `Connector '${factory.identifier}' can only be used as a sink. It cannot be used as a source.`);
    return { source: factory.createSource(ctx), ctx };
  }

  /** The factory of a scanned table and its context, options validated. */
  private resolvedFactory(scan: LogicalTableScan): { ctx: TableFactoryContext; factory: DynamicTableFactory } {
    const physical = T.row(
      scan.table.table.columns.filter((c) => c.kind === 'physical').map((c) => ({ name: c.name, type: (c as { type: LogicalType }).type })),
      false,
    );
    if (scan.table.table.columns.some((c) => c.kind === 'metadata'))
      throw new WeirError('plan', 'UNSUPPORTED', `METADATA columns are not supported yet (table ${scan.table.qualifiedName})`);
    const ctx = this.factoryContext(scan.table, physical);
    const factory = connectorRegistry.forOptions(ctx.options);
    validateTableOptions(factory, ctx.options, physical.fields.map((f) => f.name));
    return { ctx, factory };
  }

  private async runQuery(q: Query, sink: ResultSink | undefined): Promise<StatementResult> {
    const rel = new QueryBinder(this.catalog, this.bindEnv()).bindQuery(q);
    const schema = rel.rowType;
    const target: SinkTarget = {
      kind: 'collect',
      name: 'collect',
      create: () => new CallbackWriter(sink),
    };
    const graph = this.buildGraph(rel, target, 'collect');
    sink?.start(schema);
    await runJobCheckpointed(graph);
    sink?.end();
    return { kind: 'job', name: graph.name, schema };
  }

  private async runInserts(inserts: readonly Extract<Statement, { kind: 'Insert' }>[]): Promise<StatementResult> {
    for (const ins of inserts) {
      const parts = ins.table.map((p) => p.value);
      const entry = this.catalog.lookup(parts, ins.span);
      if (!entry || entry.kind !== 'table')
        throw new WeirError('validation', 'NOT_FOUND', `Object '${parts.join('.')}' not found`, ins.span);
      let rel = new QueryBinder(this.catalog, this.bindEnv()).bindQuery(ins.query);
      const physical = entry.columns.filter((c) => c.kind === 'physical') as Extract<CatalogColumn, { kind: 'physical' }>[];
      rel = this.alignToSink(rel, physical, ins);
      const ctx = this.factoryContext({ qualifiedName: this.catalog.qualified(entry.name), table: entry }, T.row(physical.map((c) => ({ name: c.name, type: c.type })), false));
      const factory = connectorRegistry.forOptions(ctx.options);
      validateTableOptions(factory, ctx.options, physical.map((c) => c.name));
      if (!factory.createSink)
        throw new WeirError('plan', 'NOT_A_SINK', `Connector '${factory.identifier}' can only be used as a source. It cannot be used as a sink.`);
      const sink = factory.createSink(ctx);
      const graph = this.buildGraph(rel, { kind: 'table', name: ctx.tableName, sink }, `insert-into_${ctx.tableName}`);
      await runJobCheckpointed(graph);
    }
    return { kind: 'ok', message: '[INFO] Execution succeeded.' };
  }

  /** Orders and casts the query's columns to the sink's physical columns (INSERT INTO t (cols) …). */
  private alignToSink(rel: RelNode, physical: readonly Extract<CatalogColumn, { kind: 'physical' }>[], ins: Extract<Statement, { kind: 'Insert' }>): RelNode {
    const names = ins.columns.length ? ins.columns.map((c) => c.value) : physical.map((c) => c.name);
    if (names.length !== rel.rowType.fields.length)
      throw new WeirError(
        'validation',
        'COLUMN_COUNT',
        `Column types of query result and sink for '${this.catalog.qualified(ins.table.map((p) => p.value).join('.'))}' do not match.\nCause: Different number of columns.`,
        ins.span,
      );
    const exprs = physical.map((c) => {
      const i = names.indexOf(c.name);
      if (i < 0) return { kind: 'Literal' as const, value: null, type: { ...c.type, nullable: true } };
      const f = rel.rowType.fields[i]!;
      const ref = { kind: 'InputRef' as const, index: i, type: f.type };
      if (f.type.root === c.type.root && typeToString({ ...f.type, nullable: true } as typeof f.type) === typeToString({ ...c.type, nullable: true } as typeof c.type)) return ref;
      return { kind: 'Cast' as const, operand: ref, type: { ...c.type, nullable: f.type.nullable }, safe: false };
    });
    return { kind: 'LogicalProject', input: rel, exprs, rowType: T.row(physical.map((c) => ({ name: c.name, type: c.type })), false) };
  }
}

function selectStar(parts: string[], span: Span): Query {
  return {
    kind: 'Query',
    orderBy: [],
    span,
    body: {
      kind: 'Select',
      hints: [],
      distinct: false,
      items: [{ kind: 'Wildcard', span }],
      from: { kind: 'NamedTable', name: parts.map((p) => ({ kind: 'Ident', value: p, quoted: true, span })), hints: [], span },
      groupBy: [],
      windows: [],
      span,
    },
  };
}

/** The sink of a query's result: hands batches to a ResultSink. */
class CallbackWriter implements SinkWriter {
  private readonly sink: ResultSink | undefined;
  constructor(sink: ResultSink | undefined) {
    this.sink = sink;
  }
  async open(): Promise<void> {}
  write(batch: Batch): void {
    this.sink?.rows(batch.kinds, batch.rows);
  }
  needsFlush(): boolean {
    return false;
  }
  async flush(): Promise<void> {}
  async finish(): Promise<void> {}
  async close(): Promise<void> {}
}

class NullWriter extends CallbackWriter {
  constructor() {
    super(undefined);
  }
}
