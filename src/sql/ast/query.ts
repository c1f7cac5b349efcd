/**
 * Query AST: SELECT blocks, set operations, VALUES, WITH, and the FROM clause's
 * table references (named tables with hints and FOR SYSTEM_TIME AS OF, derived
 * tables, joins, table functions such as the window TVFs, UNNEST and
 * MATCH_RECOGNIZE).
 */
import type { Span } from '../../common/error.ts';
import type { Expr, FunctionCall, Ident, ObjectName, OrderByItem, WindowSpec } from './expr.ts';
import type { MatchRecognize } from './match-recognize.ts';

/** A full query: `[WITH …] body [ORDER BY …] [LIMIT n] [OFFSET n] [FETCH FIRST n ROWS ONLY]`. */
export interface Query {
  readonly kind: 'Query';
  readonly with?: With;
  readonly body: SetExpr;
  readonly orderBy: readonly OrderByItem[];
  readonly limit?: Expr;
  readonly offset?: Expr;
  readonly fetch?: Expr;
  /**
   * `ON CONFLICT DO ERROR | NOTHING | DEDUPLICATE` (Flink 2.3): how an upsert sink resolves
   * primary-key conflicts. Only on the query of a statement (a query statement or an INSERT's query).
   */
  readonly onConflict?: 'ERROR' | 'NOTHING' | 'DEDUPLICATE';
  readonly span: Span;
}

export interface With {
  readonly kind: 'With';
  readonly recursive: boolean;
  readonly ctes: readonly Cte[];
  readonly span: Span;
}

/** `name [(c1, c2)] AS (query)`. */
export interface Cte {
  readonly kind: 'Cte';
  readonly name: Ident;
  readonly columns: readonly Ident[];
  readonly query: Query;
  readonly span: Span;
}

/** A set expression; a parenthesised query with its own ORDER BY/LIMIT appears as a nested Query. */
export type SetExpr = Select | SetOperation | Values | Query;

export interface SetOperation {
  readonly kind: 'SetOperation';
  readonly op: 'UNION' | 'INTERSECT' | 'EXCEPT';
  readonly all: boolean;
  readonly left: SetExpr;
  readonly right: SetExpr;
  readonly span: Span;
}

/** `VALUES (1, 'a'), (2, 'b')`; each row is its list of expressions. */
export interface Values {
  readonly kind: 'Values';
  readonly rows: readonly (readonly Expr[])[];
  readonly span: Span;
}

/** A query hint: `BROADCAST(t)`, `OPTIONS('k' = 'v')`, `LOOKUP('table' = 'c', …)`. */
export interface Hint {
  readonly kind: 'Hint';
  readonly name: Ident;
  /** `'k' = 'v'` pairs in order (OPTIONS, LOOKUP, STATE_TTL). */
  readonly options: readonly HintOption[];
  /** Plain parameters (identifiers or literal text), e.g. the tables of BROADCAST(a, b). */
  readonly params: readonly string[];
  readonly span: Span;
}

export interface HintOption {
  readonly kind: 'HintOption';
  readonly key: string;
  readonly value: string;
  readonly span: Span;
}

export interface Select {
  readonly kind: 'Select';
  /** `SELECT /*+ … *\/` hints. */
  readonly hints: readonly Hint[];
  readonly distinct: boolean;
  readonly items: readonly SelectItem[];
  readonly from?: TableRef;
  readonly where?: Expr;
  readonly groupBy: readonly GroupingElement[];
  readonly having?: Expr;
  readonly windows: readonly NamedWindow[];
  readonly span: Span;
}

export type SelectItem = ExprItem | Wildcard | QualifiedWildcard;

/** `expr [AS] alias`. */
export interface ExprItem {
  readonly kind: 'ExprItem';
  readonly expr: Expr;
  readonly alias?: Ident;
  readonly span: Span;
}

/** `*`. */
export interface Wildcard {
  readonly kind: 'Wildcard';
  readonly span: Span;
}

/** `t.*`, `db.t.*`. */
export interface QualifiedWildcard {
  readonly kind: 'QualifiedWildcard';
  readonly qualifier: ObjectName;
  readonly span: Span;
}

export type GroupingElement = GroupingExpr | GroupingList | GroupingSets | Rollup | Cube;

export interface GroupingExpr {
  readonly kind: 'GroupingExpr';
  readonly expr: Expr;
  readonly span: Span;
}

/** `(a, b)` inside GROUPING SETS/ROLLUP/CUBE or GROUP BY; `()` is the empty grouping set. */
export interface GroupingList {
  readonly kind: 'GroupingList';
  readonly exprs: readonly Expr[];
  readonly span: Span;
}

export interface GroupingSets {
  readonly kind: 'GroupingSets';
  readonly sets: readonly GroupingElement[];
  readonly span: Span;
}

export interface Rollup {
  readonly kind: 'Rollup';
  readonly items: readonly GroupingElement[];
  readonly span: Span;
}

export interface Cube {
  readonly kind: 'Cube';
  readonly items: readonly GroupingElement[];
  readonly span: Span;
}

/** `WINDOW w AS (PARTITION BY … ORDER BY … ROWS …)`. */
export interface NamedWindow {
  readonly kind: 'NamedWindow';
  readonly name: Ident;
  readonly spec: WindowSpec;
  readonly span: Span;
}

// ---------------------------------------------------------------------------
// FROM clause

export type TableRef = NamedTable | DerivedTable | Join | TableFunction | Unnest | MatchRecognize;

/** `AS alias (c1, c2)`. */
export interface TableAlias {
  readonly kind: 'TableAlias';
  readonly name: Ident;
  readonly columns: readonly Ident[];
  readonly span: Span;
}

/** `cat.db.t /*+ OPTIONS(…) *\/ [FOR SYSTEM_TIME AS OF expr] [AS alias]`. */
export interface NamedTable {
  readonly kind: 'NamedTable';
  readonly name: ObjectName;
  readonly hints: readonly Hint[];
  readonly forSystemTimeAsOf?: Expr;
  readonly alias?: TableAlias;
  readonly span: Span;
}

/** `[LATERAL] (subquery) [AS alias]`. */
export interface DerivedTable {
  readonly kind: 'DerivedTable';
  readonly lateral: boolean;
  readonly query: Query;
  readonly alias?: TableAlias;
  readonly span: Span;
}

/** INNER is written `JOIN`; COMMA is `FROM a, b`. */
export type JoinType = 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS' | 'COMMA';

export interface Join {
  readonly kind: 'Join';
  readonly joinType: JoinType;
  readonly natural: boolean;
  readonly left: TableRef;
  readonly right: TableRef;
  readonly on?: Expr;
  readonly using?: readonly Ident[];
  readonly span: Span;
}

/**
 * `TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '10' MINUTES))` and
 * `LATERAL TABLE(f(x)) [AS T(a, b)]`.
 */
export interface TableFunction {
  readonly kind: 'TableFunction';
  readonly lateral: boolean;
  /** Called without the `TABLE(…)` wrapper (`FROM f(r => TABLE t)`, Flink 2.x process table functions). */
  readonly bare?: boolean;
  readonly call: FunctionCall;
  readonly alias?: TableAlias;
  readonly span: Span;
}

/** `UNNEST(arr [, arr2]) [WITH ORDINALITY] [AS t(x)]`. */
export interface Unnest {
  readonly kind: 'Unnest';
  readonly exprs: readonly Expr[];
  readonly withOrdinality: boolean;
  readonly alias?: TableAlias;
  readonly span: Span;
}
