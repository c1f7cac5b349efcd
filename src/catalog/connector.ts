/**
 * The connector contract between the catalog/planner and connectors (Flink's
 * DynamicTableFactory). A factory declares its options once (key, type,
 * default, description) and those declarations drive validation, docs and
 * the dashboard. The planner asks a factory for a scan source or a sink for a
 * table's physical schema and options.
 */
import type { LogicalType, RowType } from '../types/logical-type.ts';
import type { SourceReader } from '../runtime/source.ts';
import type { SinkWriter } from '../runtime/sink.ts';
import type { LookupRuntimeProvider } from '../runtime/lookup/lookup-function.ts';

export type OptionType = 'string' | 'int' | 'long' | 'double' | 'boolean' | 'duration' | 'memory' | 'enum' | 'list';

export interface OptionDecl {
  /** Flink's exact key, e.g. 'json.ignore-parse-errors'. Keys may contain '#' for per-field options ('fields.#.kind'). */
  readonly key: string;
  readonly type: OptionType;
  readonly default?: string | undefined;
  readonly required?: boolean | undefined;
  readonly enumValues?: readonly string[] | undefined;
  readonly description: string;
}

/** Changelog a source produces or a sink accepts (Flink's ChangelogMode). */
export type ChangelogMode =
  | { readonly kind: 'insert-only' }
  /** +I, +U, -D keyed by the primary key (no -U): needs normalization to be retractable. */
  | { readonly kind: 'upsert' }
  /** +I, -U, +U, -D. */
  | { readonly kind: 'all' };

export interface TableFactoryContext {
  /** Fully qualified name, for messages. */
  readonly tableName: string;
  /** Physical columns in declaration order (the rows a source produces / a sink receives). */
  readonly physicalSchema: RowType;
  /** Names of primary-key columns, if declared. */
  readonly primaryKey: readonly string[] | undefined;
  readonly partitionKeys: readonly string[];
  /** Table options (already validated against the factory's and its format's declarations). */
  readonly options: ReadonlyMap<string, string>;
  /** Session configuration ('table.local-time-zone', …). */
  readonly config: ReadonlyMap<string, string>;
}

export interface ScanTableSource {
  readonly changelogMode: ChangelogMode;
  readonly bounded: boolean;
  /** Splits the work into `parallelism` readers; reader `subtask` reads its share. */
  createReader(subtask: number, parallelism: number): SourceReader;
  /** Names of the metadata keys this source can provide (for METADATA columns), with their types. */
  readonly metadata?: ReadonlyMap<string, LogicalType> | undefined;
}

/** What a lookup join asks of a table (Flink's LookupTableSource.LookupContext). */
export interface LookupContext {
  /** The lookup columns: indexes into the physical schema, in the order of the key values the join passes. */
  readonly keys: readonly number[];
}

/**
 * A table that a processing-time temporal join (lookup join) can look up by
 * key (Flink's LookupTableSource). The provider says which cache the table's
 * options ask for and gives the synchronous per-batch lookup (or the loader
 * of a FULL cache); the runtime owns the caches (runtime/lookup/).
 */
export interface LookupTableSource {
  getLookupRuntimeProvider(ctx: LookupContext): LookupRuntimeProvider;
}

export interface DynamicTableSink {
  /** Which changelog the sink accepts given what the query produces; throws WeirError('plan') in Flink's words otherwise. */
  readonly accepts: (incoming: ChangelogMode) => boolean;
  /** The sink's parallelism ('sink.parallelism'); 1 when absent. */
  readonly parallelism?: number | undefined;
  createWriter(subtask: number, parallelism: number): SinkWriter;
}

export interface DynamicTableFactory {
  /** The value of 'connector', e.g. 'filesystem'. */
  readonly identifier: string;
  readonly options: readonly OptionDecl[];
  /** Whether this connector takes a 'format' option (its options are then validated too). */
  readonly usesFormat?: boolean | undefined;
  /** Key prefixes accepted without declaration (Kafka's 'properties.'), passed through to the connector. */
  readonly openOptionPrefixes?: readonly string[] | undefined;
  createSource?(ctx: TableFactoryContext): ScanTableSource;
  createSink?(ctx: TableFactoryContext): DynamicTableSink;
  /** For tables a lookup join can look up; validates the lookup options (a bad value is a WeirError naming the option). */
  createLookupSource?(ctx: TableFactoryContext): LookupTableSource;
}
