/**
 * DataTypeAst (as written in DDL and CAST) to LogicalType, with Flink's
 * defaults: VARCHAR/VARBINARY without a length = STRING/BYTES, CHAR = CHAR(1), DECIMAL = DECIMAL(10, 0),
 * TIMESTAMP = TIMESTAMP(6), TIME = TIME(0), STRING = VARCHAR(MAX).
 */
import { WeirError } from '../../common/error.ts';
import type { DataTypeAst, IntervalQualifier } from '../../sql/ast/expr.ts';
import { MAX_LENGTH, T, type DayTimeResolution, type LogicalType } from '../../types/logical-type.ts';

export function toLogicalType(ast: DataTypeAst): LogicalType {
  const nullable = !ast.notNull;
  switch (ast.kind) {
    case 'PrimitiveType': {
      const p = ast.params;
      switch (ast.name) {
        case 'BOOLEAN':
          return T.boolean(nullable);
        case 'TINYINT':
          return T.tinyint(nullable);
        case 'SMALLINT':
          return T.smallint(nullable);
        case 'INT':
          return T.int(nullable);
        case 'BIGINT':
          return T.bigint(nullable);
        case 'FLOAT':
          return T.float(nullable);
        case 'DOUBLE':
          return T.double(nullable);
        case 'DECIMAL': {
          const precision = p[0] ?? 10;
          const scale = p[1] ?? 0;
          if (precision < 1 || precision > 38)
            throw new WeirError('validation', 'BAD_TYPE', `Decimal precision must be between 1 and 38 (both inclusive).`, ast.span);
          if (scale < 0 || scale > precision)
            throw new WeirError('validation', 'BAD_TYPE', `Decimal scale must be between 0 and the precision ${precision} (both inclusive).`, ast.span);
          return T.decimal(precision, scale, nullable);
        }
        case 'CHAR':
          return T.char(p[0] ?? 1, nullable);
        case 'VARCHAR':
          return T.varchar(p[0] ?? MAX_LENGTH, nullable);
        case 'STRING':
          return T.varchar(MAX_LENGTH, nullable);
        case 'BINARY':
          return T.binary(p[0] ?? 1, nullable);
        case 'VARBINARY':
          return T.varbinary(p[0] ?? MAX_LENGTH, nullable);
        case 'BYTES':
          return T.varbinary(MAX_LENGTH, nullable);
        case 'DATE':
          return T.date(nullable);
        case 'TIME':
          return T.time(p[0] ?? 0, nullable);
        case 'TIMESTAMP':
          return ast.withLocalTimeZone ? T.timestampLtz(p[0] ?? 6, nullable) : T.timestamp(p[0] ?? 6, nullable);
        case 'TIMESTAMP_LTZ':
          return T.timestampLtz(p[0] ?? 6, nullable);
        case 'NULL':
          return T.null();
        case 'VARIANT':
          throw new WeirError('validation', 'UNSUPPORTED_TYPE', `Type VARIANT is not supported yet`, ast.span);
      }
      break;
    }
    case 'IntervalType':
      return intervalType(ast.qualifier, nullable);
    case 'CollectionType':
      return ast.collection === 'ARRAY'
        ? T.array(toLogicalType(ast.element), nullable)
        : T.multiset(toLogicalType(ast.element), nullable);
    case 'MapType':
      return T.map(toLogicalType(ast.key), toLogicalType(ast.value), nullable);
    case 'RowType':
      return T.row(
        ast.fields.map((f) => ({ name: f.name.value, type: toLogicalType(f.type), description: f.description })),
        nullable,
      );
  }
  throw new WeirError('validation', 'UNSUPPORTED_TYPE', 'unsupported type', (ast as DataTypeAst).span);
}

const DAY_TIME_UNITS = ['DAY', 'HOUR', 'MINUTE', 'SECOND'];

/** The type of an interval qualifier (`DAY TO SECOND(3)`, `YEAR(4) TO MONTH`, `MINUTE`). */
export function intervalType(q: IntervalQualifier, nullable = true): LogicalType {
  const from = q.from;
  const to = q.to;
  if (from === 'YEAR' || from === 'MONTH') {
    if (to !== undefined && to !== 'MONTH')
      throw new WeirError('validation', 'BAD_INTERVAL', `Illegal interval qualifier ${from} TO ${to}`, q.span);
    const res = from === 'MONTH' ? 'MONTH' : to === 'MONTH' ? 'YEAR_TO_MONTH' : 'YEAR';
    return T.intervalYearMonth(res, q.fromPrecision ?? 2, nullable);
  }
  if (!DAY_TIME_UNITS.includes(from) || (to !== undefined && !DAY_TIME_UNITS.includes(to)))
    throw new WeirError('validation', 'BAD_INTERVAL', `Illegal interval qualifier ${from}${to ? ' TO ' + to : ''}`, q.span);
  const res = (to === undefined ? from : `${from}_TO_${to}`) as DayTimeResolution;
  const fractional = to === 'SECOND' ? (q.toPrecision ?? 6) : from === 'SECOND' ? (q.fromFractionalPrecision ?? 6) : 6;
  return T.intervalDayTime(res, q.fromPrecision ?? 2, fractional, nullable);
}
