/**
 * Expression AST for Flink SQL: scalar expressions, literals (kept as source
 * text so the binder decides their types, as Flink does), function calls with
 * Flink's special syntaxes, data types and OVER window specifications.
 *
 * Every node is a readonly interface with a PascalCase literal `kind` and a
 * `span` pointing at its source text. No classes.
 */
import type { Span } from '../../common/error.ts';
import type { Query } from './query.ts';

/** An identifier as written: original case, `quoted` when it was backticked. */
export interface Ident {
  readonly kind: 'Ident';
  readonly value: string;
  readonly quoted: boolean;
  readonly span: Span;
}

/** A dotted name such as `cat.db.tbl` (one part or more). */
export type ObjectName = readonly Ident[];

export type Expr =
  | Identifier
  | CompoundIdentifier
  | NumericLiteral
  | StringLiteral
  | BinaryStringLiteral
  | BooleanLiteral
  | NullLiteral
  | TypedLiteral
  | IntervalLiteral
  | BinaryExpr
  | UnaryExpr
  | FunctionCall
  | Cast
  | Case
  | InList
  | InSubquery
  | Exists
  | ScalarSubquery
  | QuantifiedComparison
  | Between
  | Like
  | IsPredicate
  | IsJson
  | IsDistinctFrom
  | FieldAccess
  | Index
  | RowConstructor
  | ArrayConstructor
  | MapConstructor
  | Extract
  | Trim
  | Position
  | Substring
  | Overlay
  | FloorCeil
  | TimestampFunction
  | NiladicFunction
  | Descriptor
  | TableArg
  | JsonValue
  | JsonQuery
  | JsonExists
  | JsonObject
  | JsonArray
  | JsonObjectAgg
  | JsonArrayAgg;

/** A single unqualified name: a column, or a MATCH_RECOGNIZE pattern variable. */
export interface Identifier {
  readonly kind: 'Identifier';
  readonly name: Ident;
  readonly span: Span;
}

/** `a.b.c`: qualified column, or a column of a pattern variable (`A.price`). */
export interface CompoundIdentifier {
  readonly kind: 'CompoundIdentifier';
  readonly parts: readonly Ident[];
  readonly span: Span;
}

/** `1`, `1.50`, `.5`, `1e5`: kept as source text; Flink types 1 INT, 1.5 DECIMAL(2,1), 1e2 DOUBLE. */
export interface NumericLiteral {
  readonly kind: 'NumericLiteral';
  readonly text: string;
  readonly span: Span;
}

/** `'it''s'` (value `it's`), `U&'\0041'` (value `A`); adjacent literals are concatenated. */
export interface StringLiteral {
  readonly kind: 'StringLiteral';
  readonly value: string;
  readonly span: Span;
}

/** `X'0A0B'`: `hex` is the digits as written (upper-cased). */
export interface BinaryStringLiteral {
  readonly kind: 'BinaryStringLiteral';
  readonly hex: string;
  readonly span: Span;
}

export interface BooleanLiteral {
  readonly kind: 'BooleanLiteral';
  readonly value: boolean;
  readonly span: Span;
}

export interface NullLiteral {
  readonly kind: 'NullLiteral';
  readonly span: Span;
}

export type TypedLiteralType = 'DATE' | 'TIME' | 'TIMESTAMP' | 'TIMESTAMP_LTZ';

/** `DATE '2020-01-01'`, `TIMESTAMP '2020-01-01 00:00:00'`; TIMESTAMP_LTZ is `TIMESTAMP WITH LOCAL TIME ZONE '…'`. */
export interface TypedLiteral {
  readonly kind: 'TypedLiteral';
  readonly type: TypedLiteralType;
  readonly value: string;
  readonly span: Span;
}

/** Time units as written in interval qualifiers, EXTRACT, FLOOR/CEIL … TO, TIMESTAMPADD. Plurals are normalised to singular. */
export type TimeUnit =
  | 'MILLENNIUM'
  | 'CENTURY'
  | 'DECADE'
  | 'YEAR'
  | 'QUARTER'
  | 'MONTH'
  | 'WEEK'
  | 'DAY'
  | 'HOUR'
  | 'MINUTE'
  | 'SECOND'
  | 'MILLISECOND'
  | 'MICROSECOND'
  | 'NANOSECOND'
  | 'DOW'
  | 'DOY'
  | 'ISODOW'
  | 'ISOYEAR'
  | 'EPOCH';

/** `DAY(2) TO SECOND(3)`, `MINUTE`, `SECOND(2, 3)`. */
export interface IntervalQualifier {
  readonly kind: 'IntervalQualifier';
  readonly from: TimeUnit;
  readonly fromPrecision?: number;
  /** Fractional-second precision when `from` is SECOND: `SECOND(2, 3)`. */
  readonly fromFractionalPrecision?: number;
  readonly to?: TimeUnit;
  /** Fractional-second precision of `TO SECOND(p)`. */
  readonly toPrecision?: number;
  readonly span: Span;
}

/** `INTERVAL '10' MINUTE`, `INTERVAL -'1 02' DAY TO HOUR`; `value` is the string's content. */
export interface IntervalLiteral {
  readonly kind: 'IntervalLiteral';
  readonly negative: boolean;
  readonly value: string;
  readonly qualifier: IntervalQualifier;
  readonly span: Span;
}

export type BinaryOp =
  | 'OR'
  | 'AND'
  | '='
  | '<>'
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | '||'
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  /** `(a, b) OVERLAPS (c, d)`: period overlap, at comparison precedence. */
  | 'OVERLAPS';

export interface BinaryExpr {
  readonly kind: 'BinaryExpr';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

export type UnaryOp = '-' | '+' | 'NOT';

export interface UnaryExpr {
  readonly kind: 'UnaryExpr';
  readonly op: UnaryOp;
  readonly expr: Expr;
  readonly span: Span;
}

/** A function argument: positional, or named (`DATA => TABLE t`). */
export interface FunctionArg {
  readonly kind: 'FunctionArg';
  readonly name?: Ident;
  readonly value: Expr;
  readonly span: Span;
}

/**
 * `f(a, b)`, `COUNT(*)`, `COUNT(DISTINCT x) FILTER (WHERE …)`, `SUM(x) OVER w`,
 * `LISTAGG(x, ',') WITHIN GROUP (ORDER BY y)`, `FIRST_VALUE(x) IGNORE NULLS OVER (…)`,
 * and inside MATCH_RECOGNIZE `FINAL LAST(A.price, 1)` / `RUNNING COUNT(*)`.
 */
export interface FunctionCall {
  readonly kind: 'FunctionCall';
  readonly name: ObjectName;
  readonly args: readonly FunctionArg[];
  readonly distinct: boolean;
  /** Written `ALL` explicitly (`COUNT(ALL x)`). */
  readonly all?: boolean;
  /** `COUNT(*)`: args is empty. */
  readonly star: boolean;
  /** `ORDER BY` inside the argument list (`LISTAGG(x ORDER BY y)`); rarely used. */
  readonly orderBy?: readonly OrderByItem[];
  readonly withinGroup?: readonly OrderByItem[];
  readonly nullTreatment?: 'RESPECT NULLS' | 'IGNORE NULLS';
  readonly filter?: Expr;
  /** `OVER (…)` or `OVER w` (a reference to a named window). */
  readonly over?: WindowSpec | Ident;
  /** MATCH_RECOGNIZE navigation semantics prefix. */
  readonly semantics?: 'RUNNING' | 'FINAL';
  readonly span: Span;
}

/** `CAST(x AS t)` / `TRY_CAST(x AS t)`. */
export interface Cast {
  readonly kind: 'Cast';
  readonly expr: Expr;
  readonly type: DataTypeAst;
  readonly try: boolean;
  readonly span: Span;
}

export interface CaseWhen {
  readonly kind: 'CaseWhen';
  readonly when: Expr;
  readonly then: Expr;
  readonly span: Span;
}

/** `CASE [operand] WHEN … THEN … [ELSE …] END`. */
export interface Case {
  readonly kind: 'Case';
  readonly operand?: Expr;
  readonly whens: readonly CaseWhen[];
  readonly else?: Expr;
  readonly span: Span;
}

export interface InList {
  readonly kind: 'InList';
  readonly expr: Expr;
  readonly list: readonly Expr[];
  readonly negated: boolean;
  readonly span: Span;
}

export interface InSubquery {
  readonly kind: 'InSubquery';
  readonly expr: Expr;
  readonly query: Query;
  readonly negated: boolean;
  readonly span: Span;
}

/** `EXISTS (subquery)`; `NOT EXISTS` is a UnaryExpr NOT around it. */
export interface Exists {
  readonly kind: 'Exists';
  readonly query: Query;
  readonly span: Span;
}

/** `(SELECT …)` used as a value. */
export interface ScalarSubquery {
  readonly kind: 'ScalarSubquery';
  readonly query: Query;
  readonly span: Span;
}

/** `x > ALL (SELECT …)`, `x = ANY (SELECT …)`, `SOME`. */
export interface QuantifiedComparison {
  readonly kind: 'QuantifiedComparison';
  readonly op: '=' | '<>' | '!=' | '<' | '<=' | '>' | '>=';
  readonly quantifier: 'ANY' | 'SOME' | 'ALL';
  readonly left: Expr;
  readonly query: Query;
  readonly span: Span;
}

/** `x [NOT] BETWEEN [SYMMETRIC|ASYMMETRIC] low AND high`; ASYMMETRIC is the default and not kept. */
export interface Between {
  readonly kind: 'Between';
  readonly expr: Expr;
  readonly low: Expr;
  readonly high: Expr;
  readonly negated: boolean;
  readonly symmetric: boolean;
  readonly span: Span;
}

export interface Like {
  readonly kind: 'Like';
  readonly op: 'LIKE' | 'SIMILAR TO';
  readonly expr: Expr;
  readonly pattern: Expr;
  readonly negated: boolean;
  readonly escape?: Expr;
  readonly span: Span;
}

/** `x IS [NOT] NULL | TRUE | FALSE | UNKNOWN`. */
export interface IsPredicate {
  readonly kind: 'IsPredicate';
  readonly expr: Expr;
  readonly test: 'NULL' | 'TRUE' | 'FALSE' | 'UNKNOWN';
  readonly negated: boolean;
  readonly span: Span;
}

/** `x IS [NOT] JSON [VALUE|SCALAR|ARRAY|OBJECT]`. */
export interface IsJson {
  readonly kind: 'IsJson';
  readonly expr: Expr;
  readonly jsonType?: 'VALUE' | 'SCALAR' | 'ARRAY' | 'OBJECT';
  readonly negated: boolean;
  readonly span: Span;
}

/** `a IS [NOT] DISTINCT FROM b`. */
export interface IsDistinctFrom {
  readonly kind: 'IsDistinctFrom';
  readonly left: Expr;
  readonly right: Expr;
  readonly negated: boolean;
  readonly span: Span;
}

/** `(expr).field`, `f(x).field`, `arr[1].field`: member access on a non-name expression. */
export interface FieldAccess {
  readonly kind: 'FieldAccess';
  readonly expr: Expr;
  readonly field: Ident;
  readonly span: Span;
}

/** `arr[1]`, `m['k']`. */
export interface Index {
  readonly kind: 'Index';
  readonly expr: Expr;
  readonly index: Expr;
  readonly span: Span;
}

/** `ROW(a, b)` (explicit) or `(a, b)` (implicit). */
export interface RowConstructor {
  readonly kind: 'RowConstructor';
  readonly fields: readonly Expr[];
  readonly explicit: boolean;
  readonly span: Span;
}

/** `ARRAY[1, 2]`. */
export interface ArrayConstructor {
  readonly kind: 'ArrayConstructor';
  readonly elements: readonly Expr[];
  readonly span: Span;
}

export interface MapEntry {
  readonly kind: 'MapEntry';
  readonly key: Expr;
  readonly value: Expr;
  readonly span: Span;
}

/** `MAP['a', 1, 'b', 2]`. */
export interface MapConstructor {
  readonly kind: 'MapConstructor';
  readonly entries: readonly MapEntry[];
  readonly span: Span;
}

/** `EXTRACT(unit FROM expr)`. */
export interface Extract {
  readonly kind: 'Extract';
  readonly unit: TimeUnit;
  readonly expr: Expr;
  readonly span: Span;
}

/** `TRIM([BOTH|LEADING|TRAILING] [chars] FROM s)` or `TRIM(s)`. */
export interface Trim {
  readonly kind: 'Trim';
  readonly where?: 'BOTH' | 'LEADING' | 'TRAILING';
  readonly chars?: Expr;
  readonly expr: Expr;
  readonly span: Span;
}

/** `POSITION(needle IN haystack)`; the comma form is a FunctionCall. */
export interface Position {
  readonly kind: 'Position';
  readonly needle: Expr;
  readonly haystack: Expr;
  readonly span: Span;
}

/** `SUBSTRING(s FROM start [FOR length])`; the comma form is a FunctionCall. */
export interface Substring {
  readonly kind: 'Substring';
  readonly expr: Expr;
  readonly from: Expr;
  readonly for?: Expr;
  readonly span: Span;
}

/** `OVERLAY(s PLACING t FROM start [FOR length])`. */
export interface Overlay {
  readonly kind: 'Overlay';
  readonly expr: Expr;
  readonly placing: Expr;
  readonly from: Expr;
  readonly for?: Expr;
  readonly span: Span;
}

/** `FLOOR(x TO unit)` / `CEIL(x TO unit)`; `FLOOR(x)` is a FunctionCall. */
export interface FloorCeil {
  readonly kind: 'FloorCeil';
  readonly fn: 'FLOOR' | 'CEIL';
  readonly expr: Expr;
  readonly unit: TimeUnit;
  readonly span: Span;
}

/** `TIMESTAMPADD(unit, n, ts)` / `TIMESTAMPDIFF(unit, ts1, ts2)`. */
export interface TimestampFunction {
  readonly kind: 'TimestampFunction';
  readonly fn: 'TIMESTAMPADD' | 'TIMESTAMPDIFF';
  readonly unit: TimeUnit;
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

export type NiladicFunctionName =
  | 'CURRENT_TIMESTAMP'
  | 'CURRENT_DATE'
  | 'CURRENT_TIME'
  | 'LOCALTIMESTAMP'
  | 'LOCALTIME'
  | 'CURRENT_ROW_TIMESTAMP'
  | 'CURRENT_USER'
  | 'SESSION_USER'
  | 'USER'
  | 'CURRENT_CATALOG'
  | 'CURRENT_DATABASE';

/** A function written without parentheses: `CURRENT_TIMESTAMP`, `LOCALTIMESTAMP`. With `()` it is a FunctionCall. */
export interface NiladicFunction {
  readonly kind: 'NiladicFunction';
  readonly name: NiladicFunctionName;
  readonly span: Span;
}

/** `DESCRIPTOR(ts)` in window TVF arguments. */
export interface Descriptor {
  readonly kind: 'Descriptor';
  readonly columns: readonly Ident[];
  readonly span: Span;
}

/** `TABLE t` as a table-function argument, optionally `PARTITION BY k` or `PARTITION BY (k1, k2)` (SESSION, process table functions). */
export interface TableArg {
  readonly kind: 'TableArg';
  readonly name: ObjectName;
  readonly partitionBy: readonly Expr[];
  readonly span: Span;
}

/** `NULL ON EMPTY`, `ERROR ON ERROR`, `DEFAULT expr ON EMPTY`. */
export interface JsonValueBehavior {
  readonly kind: 'JsonValueBehavior';
  readonly behavior: 'NULL' | 'ERROR' | 'DEFAULT';
  readonly default?: Expr;
  readonly span: Span;
}

/** `JSON_VALUE(json, path [RETURNING type] [behavior ON EMPTY] [behavior ON ERROR])`. */
export interface JsonValue {
  readonly kind: 'JsonValue';
  readonly expr: Expr;
  readonly path: Expr;
  readonly returning?: DataTypeAst;
  readonly onEmpty?: JsonValueBehavior;
  readonly onError?: JsonValueBehavior;
  readonly span: Span;
}

export type JsonQueryBehavior = 'NULL' | 'ERROR' | 'EMPTY ARRAY' | 'EMPTY OBJECT';

/** `JSON_QUERY(json, path [RETURNING type] [WITH [CONDITIONAL|UNCONDITIONAL] [ARRAY] WRAPPER | WITHOUT [ARRAY] WRAPPER] [… ON EMPTY] [… ON ERROR])`. */
export interface JsonQuery {
  readonly kind: 'JsonQuery';
  readonly expr: Expr;
  readonly path: Expr;
  readonly returning?: DataTypeAst;
  /** undefined = not written (WITHOUT is the default). */
  readonly wrapper?: 'WITHOUT' | 'CONDITIONAL' | 'UNCONDITIONAL';
  readonly onEmpty?: JsonQueryBehavior;
  readonly onError?: JsonQueryBehavior;
  readonly span: Span;
}

/** `JSON_EXISTS(json, path [TRUE|FALSE|UNKNOWN|ERROR ON ERROR])`. */
export interface JsonExists {
  readonly kind: 'JsonExists';
  readonly expr: Expr;
  readonly path: Expr;
  readonly onError?: 'TRUE' | 'FALSE' | 'UNKNOWN' | 'ERROR';
  readonly span: Span;
}

export interface JsonObjectEntry {
  readonly kind: 'JsonObjectEntry';
  readonly key: Expr;
  readonly value: Expr;
  /** `VALUE x FORMAT JSON`. */
  readonly formatJson: boolean;
  readonly span: Span;
}

/** `JSON_OBJECT([KEY] k VALUE v, … [NULL|ABSENT ON NULL])`. */
export interface JsonObject {
  readonly kind: 'JsonObject';
  readonly entries: readonly JsonObjectEntry[];
  readonly onNull?: 'NULL' | 'ABSENT';
  readonly span: Span;
}

/** `JSON_ARRAY(v, … [NULL|ABSENT ON NULL])`. */
export interface JsonArray {
  readonly kind: 'JsonArray';
  readonly elements: readonly Expr[];
  readonly onNull?: 'NULL' | 'ABSENT';
  readonly span: Span;
}

/** `JSON_OBJECTAGG([KEY] k VALUE v [NULL|ABSENT ON NULL])`. */
export interface JsonObjectAgg {
  readonly kind: 'JsonObjectAgg';
  readonly key: Expr;
  readonly value: Expr;
  readonly onNull?: 'NULL' | 'ABSENT';
  readonly span: Span;
}

/** `JSON_ARRAYAGG(v [ORDER BY …] [NULL|ABSENT ON NULL])`. */
export interface JsonArrayAgg {
  readonly kind: 'JsonArrayAgg';
  readonly expr: Expr;
  readonly orderBy: readonly OrderByItem[];
  readonly onNull?: 'NULL' | 'ABSENT';
  readonly span: Span;
}

// ---------------------------------------------------------------------------
// ORDER BY items and OVER windows

export interface OrderByItem {
  readonly kind: 'OrderByItem';
  readonly expr: Expr;
  readonly direction?: 'ASC' | 'DESC';
  readonly nulls?: 'FIRST' | 'LAST';
  readonly span: Span;
}

export interface FrameBound {
  readonly kind: 'FrameBound';
  readonly bound: 'UNBOUNDED PRECEDING' | 'UNBOUNDED FOLLOWING' | 'CURRENT ROW' | 'PRECEDING' | 'FOLLOWING';
  /** For `n PRECEDING` / `n FOLLOWING`; may be an IntervalLiteral for RANGE frames. */
  readonly offset?: Expr;
  readonly span: Span;
}

/** `ROWS|RANGE BETWEEN start AND end`, or `ROWS|RANGE start` (then `end` is undefined). */
export interface WindowFrame {
  readonly kind: 'WindowFrame';
  readonly units: 'ROWS' | 'RANGE';
  readonly start: FrameBound;
  readonly end?: FrameBound;
  readonly span: Span;
}

/** The body of `OVER (…)` or `WINDOW w AS (…)`. `base` names an existing window it refines. */
export interface WindowSpec {
  readonly kind: 'WindowSpec';
  readonly base?: Ident;
  readonly partitionBy: readonly Expr[];
  readonly orderBy: readonly OrderByItem[];
  readonly frame?: WindowFrame;
  readonly span: Span;
}

// ---------------------------------------------------------------------------
// Data types

export type DataTypeAst = PrimitiveType | IntervalType | CollectionType | MapType | RowType;

/**
 * A type with optional numeric parameters. `name` is Flink's canonical name:
 * synonyms are folded (INTEGER→INT, DEC/NUMERIC→DECIMAL, DOUBLE PRECISION→DOUBLE,
 * REAL→FLOAT, CHARACTER→CHAR, CHARACTER VARYING→VARCHAR, BINARY VARYING→VARBINARY)
 * while `spelling` keeps what was written for printing.
 * `STRING` and `BYTES` keep their names (VARCHAR(MAX) / VARBINARY(MAX)).
 */
export interface PrimitiveType {
  readonly kind: 'PrimitiveType';
  readonly name: PrimitiveTypeName;
  readonly spelling: string;
  readonly params: readonly number[];
  /** `TIMESTAMP(3) WITH LOCAL TIME ZONE` (TIMESTAMP_LTZ spelled long). */
  readonly withLocalTimeZone: boolean;
  readonly notNull: boolean;
  readonly span: Span;
}

export type PrimitiveTypeName =
  | 'BOOLEAN'
  | 'TINYINT'
  | 'SMALLINT'
  | 'INT'
  | 'BIGINT'
  | 'FLOAT'
  | 'DOUBLE'
  | 'DECIMAL'
  | 'CHAR'
  | 'VARCHAR'
  | 'STRING'
  | 'BINARY'
  | 'VARBINARY'
  | 'BYTES'
  | 'DATE'
  | 'TIME'
  | 'TIMESTAMP'
  | 'TIMESTAMP_LTZ'
  | 'NULL'
  | 'VARIANT';

/** `INTERVAL DAY(2) TO SECOND(3)`, `INTERVAL YEAR TO MONTH`. */
export interface IntervalType {
  readonly kind: 'IntervalType';
  readonly qualifier: IntervalQualifier;
  readonly notNull: boolean;
  readonly span: Span;
}

/** `ARRAY<INT>` (syntax 'angle') or `INT ARRAY` (syntax 'postfix'); same for MULTISET. */
export interface CollectionType {
  readonly kind: 'CollectionType';
  readonly collection: 'ARRAY' | 'MULTISET';
  readonly element: DataTypeAst;
  readonly syntax: 'angle' | 'postfix';
  readonly notNull: boolean;
  readonly span: Span;
}

/** `MAP<K, V>`. */
export interface MapType {
  readonly kind: 'MapType';
  readonly key: DataTypeAst;
  readonly value: DataTypeAst;
  readonly notNull: boolean;
  readonly span: Span;
}

export interface RowField {
  readonly kind: 'RowField';
  readonly name: Ident;
  readonly type: DataTypeAst;
  readonly description?: string;
  readonly span: Span;
}

/** `ROW<a INT, b STRING>` (syntax 'angle') or `ROW(a INT, b STRING)` (syntax 'paren'). */
export interface RowType {
  readonly kind: 'RowType';
  readonly fields: readonly RowField[];
  readonly syntax: 'angle' | 'paren';
  readonly notNull: boolean;
  readonly span: Span;
}
