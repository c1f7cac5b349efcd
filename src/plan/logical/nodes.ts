/**
 * The logical plan: relational algebra over typed, positional rows. Every node
 * carries its output row type. The binder builds it from the AST; rules
 * rewrite it; the graph builder turns it into a job graph.
 */
import type { Rex } from '../../expr/rex.ts';
import type { LogicalType, RowType } from '../../types/logical-type.ts';
import type { ResolvedTable } from '../../catalog/catalog.ts';
import type { MatchRecognizeSpec } from '../binder/match-recognize.ts';

export interface AggCallDesc {
  /** Canonical upper-case aggregate name (COUNT, SUM, …). */
  readonly fn: string;
  /** Input field indexes of the arguments. */
  readonly args: readonly number[];
  readonly argTypes: readonly LogicalType[];
  readonly resultType: LogicalType;
  readonly distinct: boolean;
  /** Index of a BOOLEAN input field (the FILTER clause) or -1. */
  readonly filterArg: number;
  /** Constant arguments (e.g. LISTAGG's separator), by position among all arguments; undefined where not constant. */
  readonly constArgs?: readonly unknown[] | undefined;
  /** Printable form, e.g. `COUNT(DISTINCT $1)`. */
  readonly digest: string;
}

export interface LogicalTableScan {
  readonly kind: 'LogicalTableScan';
  readonly table: ResolvedTable;
  /** Physical columns, then metadata columns (computed columns are a projection above). */
  readonly rowType: RowType;
}

export interface LogicalValues {
  readonly kind: 'LogicalValues';
  readonly rows: readonly (readonly unknown[])[];
  readonly rowType: RowType;
}

export interface LogicalProject {
  readonly kind: 'LogicalProject';
  readonly input: RelNode;
  readonly exprs: readonly Rex[];
  readonly rowType: RowType;
}

export interface LogicalFilter {
  readonly kind: 'LogicalFilter';
  readonly input: RelNode;
  readonly condition: Rex;
  readonly rowType: RowType;
}

/** Marks a rowtime column and how the watermark is computed from each row (WATERMARK FOR … AS …). */
export interface LogicalWatermarkAssigner {
  readonly kind: 'LogicalWatermarkAssigner';
  readonly input: RelNode;
  readonly rowtimeIndex: number;
  readonly watermark: Rex;
  readonly rowType: RowType;
}

export interface LogicalAggregate {
  readonly kind: 'LogicalAggregate';
  readonly input: RelNode;
  /** Input fields grouped by; they come first in the output. */
  readonly groupKeys: readonly number[];
  /** GROUPING SETS as subsets of groupKeys (null: one set, all keys). */
  readonly groupingSets: readonly (readonly number[])[] | null;
  readonly aggs: readonly AggCallDesc[];
  readonly rowType: RowType;
}

export interface LogicalUnion {
  readonly kind: 'LogicalUnion';
  readonly inputs: readonly RelNode[];
  readonly all: boolean;
  readonly rowType: RowType;
}

export interface SortKey {
  readonly index: number;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

export interface LogicalSort {
  readonly kind: 'LogicalSort';
  readonly input: RelNode;
  readonly keys: readonly SortKey[];
  readonly offset: number;
  readonly fetch: number | null;
  readonly rowType: RowType;
}

/** MATCH_RECOGNIZE (ONE ROW PER MATCH): partition columns, then measures. */
export interface LogicalMatchRecognize {
  readonly kind: 'LogicalMatchRecognize';
  readonly input: RelNode;
  readonly spec: MatchRecognizeSpec;
  readonly rowType: RowType;
}

export type RelNode =
  | LogicalMatchRecognize
  | LogicalTableScan
  | LogicalValues
  | LogicalProject
  | LogicalFilter
  | LogicalWatermarkAssigner
  | LogicalAggregate
  | LogicalUnion
  | LogicalSort;

export function inputsOf(node: RelNode): readonly RelNode[] {
  switch (node.kind) {
    case 'LogicalTableScan':
    case 'LogicalValues':
      return [];
    case 'LogicalProject':
    case 'LogicalFilter':
    case 'LogicalWatermarkAssigner':
    case 'LogicalAggregate':
    case 'LogicalSort':
    case 'LogicalMatchRecognize':
      return [node.input];
    case 'LogicalUnion':
      return node.inputs;
  }
}
