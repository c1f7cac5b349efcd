/**
 * Result types of the built-in aggregate functions, as Flink's planner
 * derives them (Calcite's return-type inference plus FlinkTypeSystem):
 *
 *   COUNT                          BIGINT NOT NULL
 *   SUM(x)                         type of x; DECIMAL(p, s) → DECIMAL(38, s)
 *   SUM0 ($SUM0)                   as SUM, NOT NULL
 *   AVG, STDDEV_POP/SAMP, STDDEV,  type of x (integer AVG is integer division);
 *   VAR_POP/SAMP, VARIANCE         DECIMAL(p, s) → DECIMAL(38, max(6, s))
 *                                  (LogicalTypeMerging.findAvgAggType)
 *   MIN, MAX, FIRST_VALUE,         type of x
 *   LAST_VALUE
 *   LISTAGG                        STRING
 *   COLLECT                        MULTISET<x> NOT NULL
 *   ARRAY_AGG                      ARRAY<x>
 *   JSON_ARRAYAGG, JSON_OBJECTAGG  STRING NOT NULL
 *   BOOL_AND/EVERY, BOOL_OR/SOME   BOOLEAN
 *
 * Nullability: Calcite makes SUM/AVG/MIN/MAX… nullable when the group may be
 * empty (a global aggregation) or the call has a FILTER; pass `ctx` to get
 * that exactly, otherwise the result is nullable (always safe).
 */
import { WeirError } from '../common/error.ts';
import {
  T,
  isInterval,
  isNumeric,
  isCharacterString,
  withNullable,
  type LogicalType,
  MAX_DECIMAL_PRECISION,
} from '../types/logical-type.ts';

const AGGREGATES = new Set([
  'COUNT',
  'SUM',
  'SUM0',
  '$SUM0',
  'AVG',
  'MIN',
  'MAX',
  'STDDEV',
  'STDDEV_POP',
  'STDDEV_SAMP',
  'VARIANCE',
  'VAR_POP',
  'VAR_SAMP',
  'FIRST_VALUE',
  'LAST_VALUE',
  'LISTAGG',
  'COLLECT',
  'ARRAY_AGG',
  'JSON_ARRAYAGG',
  'JSON_OBJECTAGG',
  'BOOL_AND',
  'BOOL_OR',
  'EVERY',
  'SOME',
]);

/** True for the names of built-in aggregate functions (upper case). */
export function isAggregateFunction(name: string): boolean {
  return AGGREGATES.has(name.toUpperCase());
}

export interface AggregateTypeContext {
  /** Number of GROUP BY keys (0: global aggregation, the group may be empty). */
  readonly groupCount: number;
  /** The call has a FILTER clause. */
  readonly hasFilter: boolean;
}

/** Calcite's spelling of a type inside `Cannot apply` messages. */
function calciteName(t: LogicalType): string {
  const r = t.root;
  if (r === 'INTEGER') return 'INTEGER';
  if (r === 'VARCHAR' || r === 'CHAR') return `${r}(${t.length})`;
  if (r === 'DECIMAL') return `DECIMAL(${t.precision}, ${t.scale})`;
  if (r === 'TIMESTAMP') return `TIMESTAMP(${t.precision})`;
  if (r === 'TIMESTAMP_LTZ') return `TIMESTAMP_WITH_LOCAL_TIME_ZONE(${t.precision})`;
  if (r === 'ARRAY') return `${calciteName(t.element)} ARRAY`;
  if (r === 'MULTISET') return `${calciteName(t.element)} MULTISET`;
  if (r === 'MAP') return `(${calciteName(t.key)}, ${calciteName(t.value)}) MAP`;
  if (r === 'ROW') return 'RecordType(' + t.fields.map((f) => `${calciteName(f.type)} ${f.name}`).join(', ') + ')';
  return r;
}

function cannotApply(fn: string, argTypes: readonly LogicalType[], forms: string[]): never {
  const sig = `${fn}(${argTypes.map((t) => `<${calciteName(t)}>`).join(', ')})`;
  throw new WeirError(
    'validation',
    'agg.argument-type',
    `Cannot apply '${fn}' to arguments of type '${sig}'. Supported form(s): ${forms.map((f) => `'${f}'`).join('\n')}`,
  );
}

function arity(fn: string, argTypes: readonly LogicalType[], min: number, max: number): void {
  if (argTypes.length < min || argTypes.length > max) {
    throw new WeirError(
      'validation',
      'agg.arity',
      `Invalid number of arguments to function '${fn}'. Was expecting ${min === max ? min : `${min} to ${max}`} arguments`,
    );
  }
}

/** DECIMAL(38, max(6, s)) as LogicalTypeMerging.findAvgAggType computes it. */
function avgDecimal(scale: number): LogicalType {
  // findDivisionDecimalType(38, s, 20, 0) then adjustPrecisionScale
  let s = Math.max(6, scale + 20 + 1);
  let p = MAX_DECIMAL_PRECISION - scale + 0 + s;
  if (p > MAX_DECIMAL_PRECISION) {
    const digits = p - s;
    s = Math.max(MAX_DECIMAL_PRECISION - digits, Math.min(s, 6));
    p = MAX_DECIMAL_PRECISION;
  }
  return T.decimal(p, s);
}

export function aggregateReturnType(fn: string, argTypes: readonly LogicalType[], distinct: boolean, ctx?: AggregateTypeContext): LogicalType {
  void distinct;
  const name = fn.toUpperCase();
  const x = argTypes[0];
  // nullable when the group may be empty (global aggregation or FILTER) or the argument is nullable
  const maybeEmpty = ctx === undefined || ctx.groupCount === 0 || ctx.hasFilter;
  const nullableOf = (t: LogicalType): boolean => maybeEmpty || t.nullable;
  switch (name) {
    case 'COUNT':
      return T.bigint(false);
    case 'SUM':
    case 'SUM0':
    case '$SUM0': {
      arity(name, argTypes, 1, 1);
      if (!isNumeric(x!) && !isInterval(x!)) cannotApply(name, argTypes, [`${name}(<NUMERIC>)`]);
      const base = x!.root === 'DECIMAL' ? T.decimal(MAX_DECIMAL_PRECISION, x!.scale) : withNullable(x!, true);
      return withNullable(base, name === 'SUM' ? nullableOf(x!) : false);
    }
    case 'AVG':
    case 'STDDEV':
    case 'STDDEV_POP':
    case 'STDDEV_SAMP':
    case 'VARIANCE':
    case 'VAR_POP':
    case 'VAR_SAMP': {
      arity(name, argTypes, 1, 1);
      if (!isNumeric(x!)) cannotApply(name, argTypes, [`${name}(<NUMERIC>)`]);
      const base = x!.root === 'DECIMAL' ? avgDecimal(x!.scale) : x!;
      // the sample variants are NULL for a single row
      const nullable = name === 'AVG' || name === 'STDDEV_POP' || name === 'VAR_POP' ? nullableOf(x!) : true;
      return withNullable(base, nullable);
    }
    case 'MIN':
    case 'MAX': {
      arity(name, argTypes, 1, 1);
      if (x!.root === 'MAP' || x!.root === 'MULTISET' || x!.root === 'RAW') cannotApply(name, argTypes, [`${name}(<COMPARABLE_TYPE>)`]);
      return withNullable(x!, nullableOf(x!));
    }
    case 'FIRST_VALUE':
    case 'LAST_VALUE':
      arity(name, argTypes, 1, 2);
      return withNullable(x!, true);
    case 'LISTAGG': {
      arity(name, argTypes, 1, 2);
      if (!isCharacterString(x!) || (argTypes[1] !== undefined && !isCharacterString(argTypes[1]) && argTypes[1].root !== 'NULL')) {
        cannotApply(name, argTypes, ['LISTAGG(<STRING>)', 'LISTAGG(<STRING>, <STRING>)']);
      }
      return T.string(true);
    }
    case 'COLLECT':
      arity(name, argTypes, 1, 1);
      return T.multiset(x!, false);
    case 'ARRAY_AGG':
      arity(name, argTypes, 1, 1);
      return T.array(x!, true);
    case 'JSON_ARRAYAGG':
      arity(name, argTypes, 1, 2);
      return T.string(false);
    case 'JSON_OBJECTAGG': {
      arity(name, argTypes, 2, 3);
      if (!isCharacterString(argTypes[0]!)) cannotApply(name, argTypes, ['JSON_OBJECTAGG(KEY <CHARACTER> VALUE <ANY>)']);
      return T.string(false);
    }
    case 'BOOL_AND':
    case 'BOOL_OR':
    case 'EVERY':
    case 'SOME':
      arity(name, argTypes, 1, 1);
      if (x!.root !== 'BOOLEAN') cannotApply(name, argTypes, [`${name}(<BOOLEAN>)`]);
      return T.boolean(nullableOf(x!));
    default:
      throw new WeirError('validation', 'agg.unknown', `No match found for function signature ${name}(${argTypes.map((t) => `<${calciteName(t)}>`).join(', ')})`);
  }
}
