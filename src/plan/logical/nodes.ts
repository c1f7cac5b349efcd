/**
 * The logical plan: relational algebra over typed, positional rows. Every node
 * carries its output row type. The binder builds it from the AST; rules
 * rewrite it; the graph builder turns it into a job graph.
 */
import type { Rex } from '../../expr/rex.ts';
import type { LogicalType, RowType } from '../../types/logical-type.ts';
import type { ResolvedTable } from '../../catalog/catalog.ts';
import type { MatchRecognizeSpec } from '../binder/match-recognize.ts';
import type { WindowKindSpec } from '../../runtime/window/windows.ts';

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

/** The state TTL a STATE_TTL query hint gives an operator input: the duration as written and in milliseconds. */
export interface StateTtlHintValue {
  readonly text: string;
  readonly ms: number;
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
  /** STATE_TTL hint naming the input (overrides table.exec.state.ttl). */
  readonly stateTtl?: StateTtlHintValue | undefined;
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

/** A join (binder/join.ts; planned in graph/join.ts). SEMI/ANTI output only the left row. */
export type JoinKind = 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'SEMI' | 'ANTI';

export interface LogicalJoin {
  readonly kind: 'LogicalJoin';
  readonly left: RelNode;
  readonly right: RelNode;
  readonly joinKind: JoinKind;
  /** Over the left row followed by the right row; literal TRUE when there is none. */
  readonly condition: Rex;
  /** FOR SYSTEM_TIME AS OF: the left field giving the time (a rowtime or proctime attribute). */
  readonly temporal?: { readonly leftTime: number; readonly processing: boolean } | undefined;
  /** STATE_TTL hints naming the inputs (override table.exec.state.ttl per side of a regular join). */
  readonly stateTtl?: { readonly left?: StateTtlHintValue | undefined; readonly right?: StateTtlHintValue | undefined } | undefined;
  readonly rowType: RowType;
}

/** One call of an OVER aggregate: a ranking function, LAG/LEAD or an aggregate function. */
export interface OverCallDesc {
  /** ROW_NUMBER, RANK, DENSE_RANK, LAG, LEAD or an aggregate name (COUNT, SUM, …). */
  readonly fn: string;
  readonly args: readonly number[];
  readonly argTypes: readonly LogicalType[];
  readonly resultType: LogicalType;
  readonly distinct: boolean;
  readonly constArgs?: readonly unknown[] | undefined;
  readonly digest: string;
}

/** The frame of an OVER window: lower bound (rows, or milliseconds for RANGE; null = UNBOUNDED) up to CURRENT ROW. */
export interface OverFrame {
  readonly units: 'ROWS' | 'RANGE';
  readonly preceding: number | null;
}

/**
 * OVER aggregation: every input row comes out extended by the values of `calls`,
 * computed over its partition's window (Flink's LogicalOverAggregate with one group).
 */
export interface LogicalOverAggregate {
  readonly kind: 'LogicalOverAggregate';
  readonly input: RelNode;
  readonly partitionKeys: readonly number[];
  readonly orderKeys: readonly SortKey[];
  readonly frame: OverFrame;
  readonly calls: readonly OverCallDesc[];
  /** Input fields, then one field per call. */
  readonly rowType: RowType;
}

/** Top-N: the rows of each partition whose rank is in [rankStart, rankEnd] (Flink's Rank). */
export interface LogicalRank {
  readonly kind: 'LogicalRank';
  readonly input: RelNode;
  readonly partitionKeys: readonly number[];
  readonly orderKeys: readonly SortKey[];
  readonly rankType: 'ROW_NUMBER' | 'RANK' | 'DENSE_RANK';
  readonly rankStart: number;
  /** Inclusive. */
  readonly rankEnd: number;
  /** The rank number is appended to the input fields. */
  readonly outputRankNumber: boolean;
  readonly rowType: RowType;
}

/** Window TVF (TUMBLE/HOP/CUMULATE/SESSION): see the header of plan/binder/table-function.ts. */
export interface LogicalWindowTableFunction {
  readonly kind: 'LogicalWindowTableFunction';
  readonly input: RelNode;
  readonly window: WindowKindSpec;
  /** The time attribute column (DESCRIPTOR) in the input. */
  readonly timeIndex: number;
  readonly timeKind: 'ROWTIME' | 'PROCTIME';
  /** The time column is a TIMESTAMP_LTZ: windows align to the session time zone's wall clock. */
  readonly ltz: boolean;
  /** SESSION … PARTITION BY keys (input fields). */
  readonly partitionKeys: readonly number[];
  /** Input fields, then window_start, window_end, window_time. */
  readonly rowType: RowType;
}

/** A group key of a window aggregation: an input field or a property of the window. */
export type WindowGroupKey = { readonly field: number } | { readonly prop: 'window_start' | 'window_end' | 'window_time' };

/** Window aggregation (GROUP BY window_start, window_end, …): see plan/binder/window-aggregate.ts. */
export interface LogicalWindowAggregate {
  readonly kind: 'LogicalWindowAggregate';
  /** The window TVF's input after the calc below the aggregate (window columns replaced by NULL). */
  readonly input: RelNode;
  readonly window: WindowKindSpec;
  readonly timeIndex: number;
  readonly timeKind: 'ROWTIME' | 'PROCTIME';
  readonly ltz: boolean;
  readonly groupKeys: readonly WindowGroupKey[];
  /** GROUPING SETS as subsets of groupKeys positions (null: one set, all keys). */
  readonly groupingSets: readonly (readonly number[])[] | null;
  readonly aggs: readonly AggCallDesc[];
  readonly rowType: RowType;
}

/** MATCH_RECOGNIZE (ONE ROW PER MATCH): partition columns, then measures. */
export interface LogicalMatchRecognize {
  readonly kind: 'LogicalMatchRecognize';
  readonly input: RelNode;
  readonly spec: MatchRecognizeSpec;
  readonly rowType: RowType;
}

/** UNNEST correlated with its input (binder/unnest.ts): input fields, then the unnested columns. */
export interface LogicalUnnest {
  readonly kind: 'LogicalUnnest';
  readonly input: RelNode;
  /** The collections, over the input row. */
  readonly exprs: readonly Rex[];
  readonly withOrdinality: boolean;
  /** LEFT JOIN UNNEST … ON TRUE: an input row with no elements comes out once, padded with NULLs. */
  readonly outer: boolean;
  readonly rowType: RowType;
}

/** INTERSECT / EXCEPT [ALL] of two inputs of the same row type (rows compared with NULLs equal). */
export interface LogicalSetOp {
  readonly kind: 'LogicalSetOp';
  readonly op: 'INTERSECT' | 'EXCEPT';
  readonly all: boolean;
  readonly inputs: readonly RelNode[];
  readonly rowType: RowType;
}

export type RelNode =
  | LogicalSetOp
  | LogicalUnnest
  | LogicalMatchRecognize
  | LogicalWindowTableFunction
  | LogicalWindowAggregate
  | LogicalOverAggregate
  | LogicalRank
  | LogicalJoin
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
    case 'LogicalWindowTableFunction':
    case 'LogicalWindowAggregate':
    case 'LogicalOverAggregate':
    case 'LogicalRank':
    case 'LogicalUnnest':
    case 'LogicalMatchRecognize':
      return [node.input];
    case 'LogicalUnion':
    case 'LogicalSetOp':
      return node.inputs;
    case 'LogicalJoin':
      return [node.left, node.right];
  }
}
