/**
 * Flink's logical types with nullability. A LogicalType is a plain tagged
 * object; `typeToString` renders it the way Flink prints types
 * (`DECIMAL(10, 2) NOT NULL`, `TIMESTAMP(3) *ROWTIME*` is left to the planner).
 *
 * Runtime value representation (one per type root, chosen for speed and exactness):
 *   BOOLEAN                      boolean
 *   TINYINT, SMALLINT, INTEGER   number (integral, wrapped to the type's width like Java)
 *   BIGINT                       "exact integer": number when a safe integer, else bigint (see int64.ts)
 *   FLOAT, DOUBLE                number (FLOAT values rounded with Math.fround)
 *   DECIMAL(p, s)                exact integer (as BIGINT) holding the unscaled value; the scale is the type's
 *   CHAR, VARCHAR                string (CHAR(n) blank-padded to n)
 *   BINARY, VARBINARY            Uint8Array
 *   DATE                         number: days since 1970-01-01
 *   TIME(p)                      number: milliseconds of the day
 *   TIMESTAMP(p)                 p <= 3: number, whole milliseconds since 1970-01-01T00:00 of the wall clock
 *                                (no zone); p > 3: bigint, nanoseconds since then (see temporal.ts TsValue)
 *   TIMESTAMP_LTZ(p)             the same, counted from the epoch (an instant)
 *   INTERVAL YEAR TO MONTH       number: months
 *   INTERVAL DAY TO SECOND       number: milliseconds
 *   ARRAY<T>                     unknown[]
 *   MAP<K, V>                    Map<unknown, unknown> (keys in their own representation)
 *   MULTISET<T>                  Map<unknown, number> (element -> count)
 *   ROW<…>                       unknown[] (positional)
 *   NULL                         null (SQL NULL is always JS null, never undefined)
 */

export type TypeRoot =
  | 'BOOLEAN'
  | 'TINYINT'
  | 'SMALLINT'
  | 'INTEGER'
  | 'BIGINT'
  | 'FLOAT'
  | 'DOUBLE'
  | 'DECIMAL'
  | 'CHAR'
  | 'VARCHAR'
  | 'BINARY'
  | 'VARBINARY'
  | 'DATE'
  | 'TIME'
  | 'TIMESTAMP'
  | 'TIMESTAMP_LTZ'
  | 'INTERVAL_YEAR_MONTH'
  | 'INTERVAL_DAY_TIME'
  | 'ARRAY'
  | 'MULTISET'
  | 'MAP'
  | 'ROW'
  | 'NULL'
  | 'RAW'
  | 'DESCRIPTOR';

interface TypeBase {
  readonly nullable: boolean;
}

export interface SimpleType extends TypeBase {
  readonly root:
    | 'BOOLEAN'
    | 'TINYINT'
    | 'SMALLINT'
    | 'INTEGER'
    | 'BIGINT'
    | 'FLOAT'
    | 'DOUBLE'
    | 'DATE'
    | 'NULL'
    | 'RAW'
    | 'DESCRIPTOR';
}
export interface DecimalType extends TypeBase {
  readonly root: 'DECIMAL';
  readonly precision: number;
  readonly scale: number;
}
/** CHAR/VARCHAR/BINARY/VARBINARY: `length` is the declared n; STRING is VARCHAR(2147483647). */
export interface SizedType extends TypeBase {
  readonly root: 'CHAR' | 'VARCHAR' | 'BINARY' | 'VARBINARY';
  readonly length: number;
}
/** TIME(p), TIMESTAMP(p), TIMESTAMP_LTZ(p). `timeKind` marks a time attribute (Flink's ROWTIME or PROCTIME marker). */
export interface TemporalType extends TypeBase {
  readonly root: 'TIME' | 'TIMESTAMP' | 'TIMESTAMP_LTZ';
  readonly precision: number;
  readonly timeKind?: 'ROWTIME' | 'PROCTIME' | undefined;
}
export type YearMonthResolution = 'YEAR' | 'YEAR_TO_MONTH' | 'MONTH';
export type DayTimeResolution =
  | 'DAY'
  | 'DAY_TO_HOUR'
  | 'DAY_TO_MINUTE'
  | 'DAY_TO_SECOND'
  | 'HOUR'
  | 'HOUR_TO_MINUTE'
  | 'HOUR_TO_SECOND'
  | 'MINUTE'
  | 'MINUTE_TO_SECOND'
  | 'SECOND';
export interface YearMonthIntervalType extends TypeBase {
  readonly root: 'INTERVAL_YEAR_MONTH';
  readonly resolution: YearMonthResolution;
  readonly yearPrecision: number;
}
export interface DayTimeIntervalType extends TypeBase {
  readonly root: 'INTERVAL_DAY_TIME';
  readonly resolution: DayTimeResolution;
  readonly dayPrecision: number;
  readonly fractionalPrecision: number;
}
export interface ArrayType extends TypeBase {
  readonly root: 'ARRAY';
  readonly element: LogicalType;
}
export interface MultisetType extends TypeBase {
  readonly root: 'MULTISET';
  readonly element: LogicalType;
}
export interface MapType extends TypeBase {
  readonly root: 'MAP';
  readonly key: LogicalType;
  readonly value: LogicalType;
}
export interface RowField {
  readonly name: string;
  readonly type: LogicalType;
  readonly description?: string | undefined;
}
export interface RowType extends TypeBase {
  readonly root: 'ROW';
  readonly fields: readonly RowField[];
}

export type LogicalType =
  | SimpleType
  | DecimalType
  | SizedType
  | TemporalType
  | YearMonthIntervalType
  | DayTimeIntervalType
  | ArrayType
  | MultisetType
  | MapType
  | RowType;

export const MAX_LENGTH = 2147483647;
export const MAX_DECIMAL_PRECISION = 38;

// ---- constructors (nullable by default, as in SQL) ----
export const T = {
  boolean: (nullable = true): SimpleType => ({ root: 'BOOLEAN', nullable }),
  tinyint: (nullable = true): SimpleType => ({ root: 'TINYINT', nullable }),
  smallint: (nullable = true): SimpleType => ({ root: 'SMALLINT', nullable }),
  int: (nullable = true): SimpleType => ({ root: 'INTEGER', nullable }),
  bigint: (nullable = true): SimpleType => ({ root: 'BIGINT', nullable }),
  float: (nullable = true): SimpleType => ({ root: 'FLOAT', nullable }),
  double: (nullable = true): SimpleType => ({ root: 'DOUBLE', nullable }),
  date: (nullable = true): SimpleType => ({ root: 'DATE', nullable }),
  null: (): SimpleType => ({ root: 'NULL', nullable: true }),
  decimal: (precision = 10, scale = 0, nullable = true): DecimalType => ({ root: 'DECIMAL', precision, scale, nullable }),
  char: (length = 1, nullable = true): SizedType => ({ root: 'CHAR', length, nullable }),
  varchar: (length = 1, nullable = true): SizedType => ({ root: 'VARCHAR', length, nullable }),
  string: (nullable = true): SizedType => ({ root: 'VARCHAR', length: MAX_LENGTH, nullable }),
  binary: (length = 1, nullable = true): SizedType => ({ root: 'BINARY', length, nullable }),
  varbinary: (length = 1, nullable = true): SizedType => ({ root: 'VARBINARY', length, nullable }),
  bytes: (nullable = true): SizedType => ({ root: 'VARBINARY', length: MAX_LENGTH, nullable }),
  time: (precision = 0, nullable = true): TemporalType => ({ root: 'TIME', precision, nullable }),
  timestamp: (precision = 6, nullable = true): TemporalType => ({ root: 'TIMESTAMP', precision, nullable }),
  timestampLtz: (precision = 6, nullable = true): TemporalType => ({ root: 'TIMESTAMP_LTZ', precision, nullable }),
  intervalYearMonth: (resolution: YearMonthResolution = 'YEAR_TO_MONTH', yearPrecision = 2, nullable = true): YearMonthIntervalType => ({
    root: 'INTERVAL_YEAR_MONTH',
    resolution,
    yearPrecision,
    nullable,
  }),
  intervalDayTime: (
    resolution: DayTimeResolution = 'DAY_TO_SECOND',
    dayPrecision = 2,
    fractionalPrecision = 3,
    nullable = true,
  ): DayTimeIntervalType => ({ root: 'INTERVAL_DAY_TIME', resolution, dayPrecision, fractionalPrecision, nullable }),
  array: (element: LogicalType, nullable = true): ArrayType => ({ root: 'ARRAY', element, nullable }),
  multiset: (element: LogicalType, nullable = true): MultisetType => ({ root: 'MULTISET', element, nullable }),
  map: (key: LogicalType, value: LogicalType, nullable = true): MapType => ({ root: 'MAP', key, value, nullable }),
  row: (fields: readonly RowField[], nullable = true): RowType => ({ root: 'ROW', fields, nullable }),
} as const;

export function withNullable<L extends LogicalType>(t: L, nullable: boolean): L {
  return t.nullable === nullable ? t : { ...t, nullable };
}

/** Drops a time attribute marker (the type stays a plain TIMESTAMP/TIMESTAMP_LTZ). */
export function withoutTimeAttribute(t: LogicalType): LogicalType {
  if ((t.root === 'TIMESTAMP' || t.root === 'TIMESTAMP_LTZ') && t.timeKind) {
    const { timeKind: _drop, ...rest } = t;
    return rest;
  }
  return t;
}

export function isTimeAttribute(t: LogicalType): boolean {
  return (t.root === 'TIMESTAMP' || t.root === 'TIMESTAMP_LTZ') && t.timeKind !== undefined;
}

export const isIntegral = (t: LogicalType): boolean =>
  t.root === 'TINYINT' || t.root === 'SMALLINT' || t.root === 'INTEGER' || t.root === 'BIGINT';
export const isApproxNumeric = (t: LogicalType): boolean => t.root === 'FLOAT' || t.root === 'DOUBLE';
export const isNumeric = (t: LogicalType): boolean => isIntegral(t) || isApproxNumeric(t) || t.root === 'DECIMAL';
export const isCharacterString = (t: LogicalType): boolean => t.root === 'CHAR' || t.root === 'VARCHAR';
export const isBinaryString = (t: LogicalType): boolean => t.root === 'BINARY' || t.root === 'VARBINARY';
export const isTimestamp = (t: LogicalType): boolean => t.root === 'TIMESTAMP' || t.root === 'TIMESTAMP_LTZ';
export const isDatetime = (t: LogicalType): boolean => t.root === 'DATE' || t.root === 'TIME' || isTimestamp(t);
export const isInterval = (t: LogicalType): boolean =>
  t.root === 'INTERVAL_YEAR_MONTH' || t.root === 'INTERVAL_DAY_TIME';
/** Types whose values are exact integers in the int64 representation (BIGINT and DECIMAL unscaled). */
export const usesExactInteger = (t: LogicalType): boolean => t.root === 'BIGINT' || t.root === 'DECIMAL';

/** Flink's rendering of a type, e.g. `DECIMAL(10, 2) NOT NULL`, `STRING`, `ROW<\`a\` INT>`. */
export function typeToString(t: LogicalType): string {
  const nn = t.nullable ? '' : ' NOT NULL';
  switch (t.root) {
    case 'BOOLEAN':
    case 'TINYINT':
    case 'SMALLINT':
    case 'BIGINT':
    case 'FLOAT':
    case 'DOUBLE':
    case 'DATE':
    case 'RAW':
    case 'DESCRIPTOR':
      return t.root + nn;
    case 'INTEGER':
      return 'INT' + nn;
    case 'NULL':
      return 'NULL';
    case 'DECIMAL':
      return `DECIMAL(${t.precision}, ${t.scale})${nn}`;
    case 'CHAR':
    case 'BINARY':
      return `${t.root}(${t.length})${nn}`;
    case 'VARCHAR':
      return (t.length === MAX_LENGTH ? 'STRING' : `VARCHAR(${t.length})`) + nn;
    case 'VARBINARY':
      return (t.length === MAX_LENGTH ? 'BYTES' : `VARBINARY(${t.length})`) + nn;
    case 'TIME':
      return `TIME(${t.precision})${nn}`;
    case 'TIMESTAMP':
      return `TIMESTAMP(${t.precision})${nn}${t.timeKind ? ` *${t.timeKind}*` : ''}`;
    case 'TIMESTAMP_LTZ':
      return `TIMESTAMP_LTZ(${t.precision})${nn}${t.timeKind ? ` *${t.timeKind}*` : ''}`;
    case 'INTERVAL_YEAR_MONTH':
      switch (t.resolution) {
        case 'YEAR':
          return `INTERVAL YEAR(${t.yearPrecision})${nn}`;
        case 'MONTH':
          return `INTERVAL MONTH${nn}`;
        case 'YEAR_TO_MONTH':
          return `INTERVAL YEAR(${t.yearPrecision}) TO MONTH${nn}`;
      }
      break;
    case 'INTERVAL_DAY_TIME': {
      const [from, to] = t.resolution.split('_TO_') as [string, string | undefined];
      const f = from === 'DAY' ? `DAY(${t.dayPrecision})` : from === 'SECOND' ? `SECOND(${t.fractionalPrecision})` : from;
      const tt = to === undefined ? '' : to === 'SECOND' ? ` TO SECOND(${t.fractionalPrecision})` : ` TO ${to}`;
      return `INTERVAL ${f}${tt}${nn}`;
    }
    case 'ARRAY':
      return `ARRAY<${typeToString(t.element)}>${nn}`;
    case 'MULTISET':
      return `MULTISET<${typeToString(t.element)}>${nn}`;
    case 'MAP':
      return `MAP<${typeToString(t.key)}, ${typeToString(t.value)}>${nn}`;
    case 'ROW':
      return `ROW<${t.fields.map((f) => `\`${f.name}\` ${typeToString(f.type)}`).join(', ')}>${nn}`;
  }
  return (t as LogicalType).root;
}

/** Structural equality ignoring time-attribute markers; `ignoreNullability` for family checks. */
export function typeEquals(a: LogicalType, b: LogicalType, ignoreNullability = false): boolean {
  if (a.root !== b.root) return false;
  if (!ignoreNullability && a.nullable !== b.nullable) return false;
  switch (a.root) {
    case 'DECIMAL':
      return a.precision === (b as DecimalType).precision && a.scale === (b as DecimalType).scale;
    case 'CHAR':
    case 'VARCHAR':
    case 'BINARY':
    case 'VARBINARY':
      return a.length === (b as SizedType).length;
    case 'TIME':
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return a.precision === (b as TemporalType).precision;
    case 'ARRAY':
    case 'MULTISET':
      return typeEquals(a.element, (b as ArrayType | MultisetType).element, ignoreNullability);
    case 'MAP':
      return (
        typeEquals(a.key, (b as MapType).key, ignoreNullability) &&
        typeEquals(a.value, (b as MapType).value, ignoreNullability)
      );
    case 'ROW': {
      const bf = (b as RowType).fields;
      return (
        a.fields.length === bf.length &&
        a.fields.every((f, i) => f.name === bf[i]?.name && typeEquals(f.type, bf[i]!.type, ignoreNullability))
      );
    }
    case 'INTERVAL_YEAR_MONTH':
    case 'INTERVAL_DAY_TIME':
    default:
      return true;
  }
}
