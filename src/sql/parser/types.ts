/**
 * Data type syntax: `DECIMAL(10, 2)`, `TIMESTAMP(3) WITH LOCAL TIME ZONE`,
 * `ARRAY<INT>`, `INT ARRAY`, `MAP<K, V>`, `ROW<a INT, b STRING>`, `ROW(a INT)`,
 * `INTERVAL DAY TO SECOND(3)`, with NOT NULL / NULL suffixes; and interval
 * qualifiers and time units, shared with interval literals.
 */
import type { DataTypeAst, IntervalQualifier, PrimitiveTypeName, RowField, TimeUnit } from '../ast/expr.ts';
import { unsupported } from '../diagnostics.ts';
import type { Cursor } from './cursor.ts';

const TIME_UNITS: Readonly<Record<string, TimeUnit>> = {
  MILLENNIUM: 'MILLENNIUM',
  CENTURY: 'CENTURY',
  DECADE: 'DECADE',
  YEAR: 'YEAR',
  YEARS: 'YEAR',
  QUARTER: 'QUARTER',
  QUARTERS: 'QUARTER',
  MONTH: 'MONTH',
  MONTHS: 'MONTH',
  WEEK: 'WEEK',
  WEEKS: 'WEEK',
  DAY: 'DAY',
  DAYS: 'DAY',
  HOUR: 'HOUR',
  HOURS: 'HOUR',
  MINUTE: 'MINUTE',
  MINUTES: 'MINUTE',
  SECOND: 'SECOND',
  SECONDS: 'SECOND',
  MILLISECOND: 'MILLISECOND',
  MILLISECONDS: 'MILLISECOND',
  MICROSECOND: 'MICROSECOND',
  MICROSECONDS: 'MICROSECOND',
  NANOSECOND: 'NANOSECOND',
  NANOSECONDS: 'NANOSECOND',
  DOW: 'DOW',
  DOY: 'DOY',
  ISODOW: 'ISODOW',
  ISOYEAR: 'ISOYEAR',
  EPOCH: 'EPOCH',
  SQL_TSI_YEAR: 'YEAR',
  SQL_TSI_QUARTER: 'QUARTER',
  SQL_TSI_MONTH: 'MONTH',
  SQL_TSI_WEEK: 'WEEK',
  SQL_TSI_DAY: 'DAY',
  SQL_TSI_HOUR: 'HOUR',
  SQL_TSI_MINUTE: 'MINUTE',
  SQL_TSI_SECOND: 'SECOND',
};

export function isTimeUnit(c: Cursor, offset = 0): boolean {
  const t = c.peek(offset);
  return (t.kind === 'Keyword' || t.kind === 'Ident') && TIME_UNITS[t.upper] !== undefined;
}

export function parseTimeUnit(c: Cursor): TimeUnit {
  const t = c.peek();
  const unit = t.kind === 'Keyword' || t.kind === 'Ident' ? TIME_UNITS[t.upper] : undefined;
  if (unit === undefined) c.expected('a time unit');
  c.next();
  return unit;
}

/** `unit [(p [, s])] [TO unit [(p)]]`. */
export function parseIntervalQualifier(c: Cursor): IntervalQualifier {
  const start = c.peek();
  const from = parseTimeUnit(c);
  let fromPrecision: number | undefined;
  let fromFractionalPrecision: number | undefined;
  if (c.isSymbol('(') && c.peek(1).kind === 'Number') {
    c.next();
    fromPrecision = c.parseInteger();
    if (c.eatSymbol(',')) fromFractionalPrecision = c.parseInteger();
    c.expectSymbol(')');
  }
  let to: TimeUnit | undefined;
  let toPrecision: number | undefined;
  if (c.isKeyword('TO') && isTimeUnit(c, 1)) {
    c.next();
    to = parseTimeUnit(c);
    if (c.isSymbol('(') && c.peek(1).kind === 'Number') {
      c.next();
      toPrecision = c.parseInteger();
      c.expectSymbol(')');
    }
  }
  return {
    kind: 'IntervalQualifier',
    from,
    ...(fromPrecision !== undefined ? { fromPrecision } : {}),
    ...(fromFractionalPrecision !== undefined ? { fromFractionalPrecision } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(toPrecision !== undefined ? { toPrecision } : {}),
    span: c.spanFrom(start),
  };
}

/** Type names and their canonical names; multi-word spellings are matched separately. */
const SIMPLE_TYPES: Readonly<Record<string, PrimitiveTypeName>> = {
  BOOLEAN: 'BOOLEAN',
  TINYINT: 'TINYINT',
  SMALLINT: 'SMALLINT',
  INT: 'INT',
  INTEGER: 'INT',
  BIGINT: 'BIGINT',
  FLOAT: 'FLOAT',
  REAL: 'FLOAT',
  DOUBLE: 'DOUBLE',
  DECIMAL: 'DECIMAL',
  DEC: 'DECIMAL',
  NUMERIC: 'DECIMAL',
  CHAR: 'CHAR',
  CHARACTER: 'CHAR',
  VARCHAR: 'VARCHAR',
  STRING: 'STRING',
  BINARY: 'BINARY',
  VARBINARY: 'VARBINARY',
  BYTES: 'BYTES',
  DATE: 'DATE',
  TIME: 'TIME',
  TIMESTAMP: 'TIMESTAMP',
  TIMESTAMP_LTZ: 'TIMESTAMP_LTZ',
  NULL: 'NULL',
  VARIANT: 'VARIANT',
};

/** True when the current token can start a data type. */
export function isDataTypeStart(c: Cursor): boolean {
  const t = c.peek();
  if (t.kind !== 'Keyword' && t.kind !== 'Ident') return false;
  return (
    SIMPLE_TYPES[t.upper] !== undefined ||
    t.upper === 'INTERVAL' ||
    t.upper === 'ARRAY' ||
    t.upper === 'MULTISET' ||
    t.upper === 'MAP' ||
    t.upper === 'ROW' ||
    t.upper === 'RAW'
  );
}

export function parseDataType(c: Cursor): DataTypeAst {
  return c.nested(() => {
    const start = c.peek();
    let type = parseBaseType(c);
    for (;;) {
      if (c.isKeywords('NOT', 'NULL')) {
        c.pos += 2;
        type = { ...type, notNull: true, span: c.spanFrom(start) };
        continue;
      }
      if (c.isKeyword('NULL') && !c.isKeyword('ON', 1)) {
        c.next();
        type = { ...type, span: c.spanFrom(start) };
        continue;
      }
      const coll = c.eatAnyKeyword(['ARRAY', 'MULTISET']);
      if (coll === 'ARRAY' || coll === 'MULTISET') {
        type = { kind: 'CollectionType', collection: coll, element: type, syntax: 'postfix', notNull: false, span: c.spanFrom(start) };
        continue;
      }
      return type;
    }
  });
}

function parseBaseType(c: Cursor): DataTypeAst {
  const start = c.peek();
  if (start.kind !== 'Keyword' && start.kind !== 'Ident') c.expected('a data type');
  const word = start.upper;
  switch (word) {
    case 'ARRAY':
    case 'MULTISET': {
      c.next();
      c.expectSymbol('<');
      const element = parseDataType(c);
      expectCloseAngle(c);
      return { kind: 'CollectionType', collection: word, element, syntax: 'angle', notNull: false, span: c.spanFrom(start) };
    }
    case 'MAP': {
      c.next();
      c.expectSymbol('<');
      const key = parseDataType(c);
      c.expectSymbol(',');
      const value = parseDataType(c);
      expectCloseAngle(c);
      return { kind: 'MapType', key, value, notNull: false, span: c.spanFrom(start) };
    }
    case 'ROW': {
      c.next();
      if (c.eatSymbol('<>')) return { kind: 'RowType', fields: [], syntax: 'angle', notNull: false, span: c.spanFrom(start) };
      const angle = c.isSymbol('<');
      if (!angle && !c.isSymbol('(')) c.expected("'<' or '('");
      c.next();
      const fields: RowField[] = [];
      const close = angle ? '>' : ')';
      if (!c.isSymbol(close)) {
        do {
          const fs = c.peek();
          const name = c.parseAnyIdent('a field name');
          const type = parseDataType(c);
          const description = c.peek().kind === 'String' ? c.parseStringValue() : undefined;
          fields.push({ kind: 'RowField', name, type, ...(description !== undefined ? { description } : {}), span: c.spanFrom(fs) });
        } while (c.eatSymbol(','));
      }
      if (angle) expectCloseAngle(c);
      else c.expectSymbol(')');
      return { kind: 'RowType', fields, syntax: angle ? 'angle' : 'paren', notNull: false, span: c.spanFrom(start) };
    }
    case 'INTERVAL': {
      c.next();
      const qualifier = parseIntervalQualifier(c);
      return { kind: 'IntervalType', qualifier, notNull: false, span: c.spanFrom(start) };
    }
    case 'RAW':
      throw unsupported('the RAW type', start.span);
    default:
      break;
  }
  let name = SIMPLE_TYPES[word];
  if (name === undefined) c.expected('a data type');
  c.next();
  let spelling = word;
  if (word === 'DOUBLE' && c.eatKeyword('PRECISION')) spelling = 'DOUBLE PRECISION';
  else if ((word === 'CHAR' || word === 'CHARACTER') && c.eatKeyword('VARYING')) {
    spelling = `${word} VARYING`;
    name = 'VARCHAR';
  } else if (word === 'BINARY' && c.eatKeyword('VARYING')) {
    spelling = 'BINARY VARYING';
    name = 'VARBINARY';
  }
  const params: number[] = [];
  if (c.isSymbol('(') && c.peek(1).kind === 'Number') {
    c.next();
    params.push(c.parseInteger());
    while (c.eatSymbol(',')) params.push(c.parseInteger());
    c.expectSymbol(')');
  }
  let withLocalTimeZone = false;
  if (name === 'TIMESTAMP' || name === 'TIME') {
    if (c.eatKeywords('WITHOUT', 'TIME', 'ZONE')) {
      // the default; not kept
    } else if (name === 'TIMESTAMP' && c.eatKeywords('WITH', 'LOCAL', 'TIME', 'ZONE')) {
      withLocalTimeZone = true;
    }
  }
  return { kind: 'PrimitiveType', name, spelling, params, withLocalTimeZone, notNull: false, span: c.spanFrom(start) };
}

/** `>`, tolerating `>>` being absent from the tokenizer (it never produces it) and `>=` never occurring here. */
function expectCloseAngle(c: Cursor): void {
  c.expectSymbol('>');
}
