/**
 * The 'csv' format (Flink's CsvFormatFactory, RFC-4180 style as Jackson's
 * CsvMapper reads it): fields by position, 'csv.field-delimiter',
 * 'csv.quote-character' (or 'csv.disable-quote-character'),
 * 'csv.escape-character', 'csv.allow-comments' (lines starting with '#'),
 * 'csv.null-literal', ARRAY elements split by 'csv.array-element-delimiter'.
 * A record with fewer fields than columns is an error ("Row length mismatch")
 * unless parse errors are ignored, when the rest are null.
 * Limitation: a record is one line (quoted fields do not span lines).
 */
import type { OptionDecl } from '../catalog/connector.ts';
import { WeirError } from '../common/error.ts';
import type { Batch } from '../runtime/batch.ts';
import { RowKind, type Row } from '../runtime/row.ts';
import type { LogicalType } from '../types/logical-type.ts';
import { typeToString } from '../types/logical-type.ts';
import { type Int, MAX_LONG, MIN_LONG, norm } from '../types/int64.ts';
import { parseDate, type TsValue } from '../types/temporal.ts';
import { type FormatContext, type FormatFactory, FormatError, type RecordDecoder, type RecordEncoder, recordText } from './format.ts';
import {
  decimalFromText,
  decimalToJavaString,
  decimalToPlainString,
  formatDateText,
  formatInstantText,
  formatTimeText,
  formatTimestampText,
  fromBase64,
  javaDoubleToString,
  javaFloatToString,
  parseInstantText,
  parseTimeText,
  parseTimestampText,
  toBase64,
} from './text.ts';

const ID = 'csv';

const CSV_OPTIONS: readonly OptionDecl[] = [
  { key: 'csv.field-delimiter', type: 'string', default: ',', description: 'Field delimiter character.' },
  {
    key: 'csv.disable-quote-character',
    type: 'boolean',
    default: 'false',
    description: 'Disable quoting; then csv.quote-character must not be set.',
  },
  { key: 'csv.quote-character', type: 'string', default: '"', description: 'Quote character enclosing field values.' },
  { key: 'csv.allow-comments', type: 'boolean', default: 'false', description: "Ignore comment lines that start with '#'." },
  {
    key: 'csv.ignore-parse-errors',
    type: 'boolean',
    default: 'false',
    description: 'Skip (and count) records that fail to parse; missing fields are null.',
  },
  { key: 'csv.array-element-delimiter', type: 'string', default: ';', description: 'Separator of ARRAY elements.' },
  { key: 'csv.escape-character', type: 'string', description: 'Escape character (disabled by default).' },
  { key: 'csv.null-literal', type: 'string', description: 'Text read and written as SQL NULL (disabled by default).' },
  {
    key: 'csv.write-bigdecimal-in-scientific-notation',
    type: 'boolean',
    default: 'true',
    description: 'Write DECIMAL values as BigDecimal.toString does (scientific notation for small values).',
  },
];

interface CsvDialect {
  readonly delimiter: string;
  readonly quote: string | undefined;
  readonly escape: string | undefined;
  readonly allowComments: boolean;
  readonly nullLiteral: string | undefined;
  readonly arrayDelimiter: string;
  readonly decimalScientific: boolean;
}

function singleChar(key: string, v: string): string {
  // Flink accepts '\t' written as a two-character escape too.
  const s = v === '\\t' ? '\t' : v;
  if (s.length !== 1) {
    throw new WeirError('validation', 'INVALID_FORMAT_OPTIONS', `Option '${key}' must be a string with single character, but was: ${v}`);
  }
  return s;
}

function readDialect(ctx: FormatContext): CsvDialect {
  const p = ctx.prefix ?? ID + '.';
  const o = ctx.options;
  const disableQuote = o.boolean(p + 'disable-quote-character') ?? false;
  if (disableQuote && o.has(p + 'quote-character')) {
    throw new WeirError(
      'validation',
      'INVALID_FORMAT_OPTIONS',
      "Format cannot define a quote character and disabled quote character at the same time.",
    );
  }
  const esc = o.string(p + 'escape-character');
  return {
    delimiter: singleChar(p + 'field-delimiter', o.string(p + 'field-delimiter') ?? ','),
    quote: disableQuote ? undefined : singleChar(p + 'quote-character', o.string(p + 'quote-character') ?? '"'),
    escape: esc === undefined ? undefined : singleChar(p + 'escape-character', esc),
    allowComments: o.boolean(p + 'allow-comments') ?? false,
    nullLiteral: o.string(p + 'null-literal'),
    arrayDelimiter: o.string(p + 'array-element-delimiter') ?? ';',
    decimalScientific: o.boolean(p + 'write-bigdecimal-in-scientific-notation') ?? true,
  };
}

/**
 * Splits one CSV line into fields. `quoted[i]` tells whether field i was
 * quoted (a quoted empty field is an empty string, never null).
 */
export function splitCsvLine(line: string, d: CsvDialect, fields: string[], quoted: boolean[]): void {
  fields.length = 0;
  quoted.length = 0;
  const delim = d.delimiter;
  const q = d.quote;
  const esc = d.escape;
  const n = line.length;
  let i = 0;
  for (;;) {
    let value = '';
    let wasQuoted = false;
    if (q !== undefined && line[i] === q) {
      wasQuoted = true;
      i++;
      for (;;) {
        if (i >= n) throw new Error('Missing closing quote for value');
        const c = line[i]!;
        if (esc !== undefined && c === esc && esc !== q && i + 1 < n) {
          value += line[i + 1];
          i += 2;
        } else if (c === q) {
          if (line[i + 1] === q) {
            value += q;
            i += 2;
          } else {
            i++;
            break;
          }
        } else {
          value += c;
          i++;
        }
      }
      // Text after the closing quote up to the delimiter is kept (Jackson is lenient).
      while (i < n && line[i] !== delim) value += line[i++];
    } else {
      const start = i;
      if (esc === undefined) {
        const j = line.indexOf(delim, i);
        i = j < 0 ? n : j;
        value = line.slice(start, i);
      } else {
        while (i < n && line[i] !== delim) {
          if (line[i] === esc && i + 1 < n) {
            value += line[i + 1];
            i += 2;
          } else value += line[i++];
        }
      }
    }
    fields.push(value);
    quoted.push(wasQuoted);
    if (i >= n) return;
    i++; // the delimiter
  }
}

type FromText = (s: string) => unknown;

function fail(s: string, type: string): never {
  throw new Error(`Failed to convert '${s}' to ${type}.`);
}

function integral(s: string, min: number, max: number, type: string): number {
  const t = s.trim();
  if (/^[+-]?\d+$/.test(t)) {
    const v = Number(t);
    if (v >= min && v <= max) return v;
  }
  return fail(s, type);
}

function bigintText(s: string): Int {
  const t = s.trim();
  if (/^[+-]?\d+$/.test(t)) {
    const v = Number(t);
    if (Number.isSafeInteger(v)) return v;
    const b = BigInt(t);
    if (b >= MIN_LONG && b <= MAX_LONG) return norm(b);
  }
  return fail(s, 'BIGINT');
}

function doubleText(s: string): number {
  const t = s.trim();
  if (t === 'NaN') return NaN;
  if (t === 'Infinity' || t === '+Infinity') return Infinity;
  if (t === '-Infinity') return -Infinity;
  const v = Number(t);
  if (t === '' || Number.isNaN(v)) return fail(s, 'DOUBLE');
  return v;
}

function fromCsvConverter(type: LogicalType, d: CsvDialect): FromText {
  switch (type.root) {
    case 'BOOLEAN':
      return (s) => s.trim().toLowerCase() === 'true';
    case 'TINYINT':
      return (s) => integral(s, -128, 127, 'TINYINT');
    case 'SMALLINT':
      return (s) => integral(s, -32768, 32767, 'SMALLINT');
    case 'INTEGER':
      return (s) => integral(s, -2147483648, 2147483647, 'INT');
    case 'BIGINT':
      return bigintText;
    case 'FLOAT':
      return (s) => Math.fround(doubleText(s));
    case 'DOUBLE':
      return doubleText;
    case 'DECIMAL': {
      const { precision, scale } = type;
      return (s) => decimalFromText(s, precision, scale);
    }
    case 'CHAR':
    case 'VARCHAR':
      return (s) => s;
    case 'BINARY':
    case 'VARBINARY':
      return (s) => fromBase64(s);
    case 'DATE':
      return (s) => parseDate(s) ?? fail(s, 'DATE');
    case 'TIME':
      return (s) => parseTimeText(s.trim());
    case 'TIMESTAMP': {
      const p = type.precision;
      return (s) => parseTimestampText(s.trim(), false, p);
    }
    case 'TIMESTAMP_LTZ': {
      const p = type.precision;
      return (s) => parseInstantText(s.trim(), false, p);
    }
    case 'ARRAY': {
      const el = fromCsvConverter(type.element, d);
      const sep = d.arrayDelimiter;
      const nullLit = d.nullLiteral;
      return (s) => s.split(sep).map((x) => (x === nullLit ? null : el(x)));
    }
    case 'INTERVAL_YEAR_MONTH':
    case 'INTERVAL_DAY_TIME':
      return (s) => integral(s, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 'INTERVAL');
    case 'NULL':
      return () => null;
    case 'MAP':
    case 'MULTISET':
    case 'ROW':
    case 'RAW':
    case 'DESCRIPTOR':
      throw new WeirError('validation', 'UNSUPPORTED_TYPE', `Unsupported type '${typeToString(type)}' for the 'csv' format.`);
  }
}

export class CsvDecoder implements RecordDecoder {
  readonly input = 'text' as const;
  private readonly dialect: CsvDialect;
  private readonly convs: FromText[];
  private readonly isString: boolean[];
  private readonly ignoreErrors: boolean;
  private readonly fields: string[] = [];
  private readonly quoted: boolean[] = [];
  constructor(ctx: FormatContext) {
    this.dialect = readDialect(ctx);
    this.ignoreErrors = ctx.options.boolean((ctx.prefix ?? ID + '.') + 'ignore-parse-errors') ?? false;
    const fs = ctx.physicalSchema.fields;
    this.convs = fs.map((f) => fromCsvConverter(f.type, this.dialect));
    this.isString = fs.map((f) => f.type.root === 'VARCHAR' || f.type.root === 'CHAR');
  }
  decode(record: string | Uint8Array, out: Batch): boolean {
    const line = typeof record === 'string' ? record : recordText(record);
    if (this.dialect.allowComments && line.startsWith('#')) return true;
    let row: Row;
    try {
      row = this.convert(line);
    } catch (e) {
      if (this.ignoreErrors) return false;
      throw new FormatError('Failed to deserialize CSV row', recordText(line), e);
    }
    out.push(RowKind.INSERT, row);
    return true;
  }
  private convert(line: string): Row {
    const fields = this.fields;
    const quoted = this.quoted;
    splitCsvLine(line, this.dialect, fields, quoted);
    const n = this.convs.length;
    if (fields.length < n && !this.ignoreErrors) {
      throw new Error(`Row length mismatch. ${n} fields expected but was ${fields.length}.`);
    }
    const nullLit = this.dialect.nullLiteral;
    const row = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      const s = fields[i];
      if (s === undefined || (nullLit !== undefined && s === nullLit && !quoted[i])) row[i] = null;
      else if (s === '' && !this.isString[i]) row[i] = null;
      else row[i] = this.convs[i]!(s);
    }
    return row;
  }
}

type ToText = (v: unknown) => string;

function toCsvConverter(type: LogicalType, d: CsvDialect): ToText {
  switch (type.root) {
    case 'BOOLEAN':
      return (v) => (v ? 'true' : 'false');
    case 'FLOAT':
      return (v) => javaFloatToString(v as number);
    case 'DOUBLE':
      return (v) => javaDoubleToString(v as number);
    case 'DECIMAL': {
      const s = type.scale;
      return d.decimalScientific ? (v) => decimalToJavaString(v as Int, s) : (v) => decimalToPlainString(v as Int, s);
    }
    case 'BINARY':
    case 'VARBINARY':
      return (v) => toBase64(v as Uint8Array);
    case 'DATE':
      return (v) => formatDateText(v as number);
    case 'TIME':
      return (v) => formatTimeText(v as number);
    case 'TIMESTAMP': {
      const p = type.precision;
      return (v) => formatTimestampText(v as TsValue, p, false);
    }
    case 'TIMESTAMP_LTZ': {
      const p = type.precision;
      return (v) => formatInstantText(v as TsValue, p, false);
    }
    case 'ARRAY': {
      const el = toCsvConverter(type.element, d);
      const nullText = d.nullLiteral ?? '';
      return (v) => (v as unknown[]).map((x) => (x === null || x === undefined ? nullText : el(x))).join(d.arrayDelimiter);
    }
    case 'MAP':
    case 'MULTISET':
    case 'ROW':
    case 'RAW':
    case 'DESCRIPTOR':
      throw new WeirError('validation', 'UNSUPPORTED_TYPE', `Unsupported type '${typeToString(type)}' for the 'csv' format.`);
    default:
      return (v) => String(v);
  }
}

export class CsvEncoder implements RecordEncoder {
  readonly output = 'text' as const;
  private readonly dialect: CsvDialect;
  private readonly convs: ToText[];
  /** Values with a character below this code are quoted (Jackson's loose quoting check). */
  private readonly minSafe: number;
  constructor(ctx: FormatContext) {
    this.dialect = readDialect(ctx);
    this.convs = ctx.physicalSchema.fields.map((f) => toCsvConverter(f.type, this.dialect));
    const d = this.dialect;
    this.minSafe = Math.max(
      d.delimiter.charCodeAt(0),
      d.quote?.charCodeAt(0) ?? 0,
      d.escape?.charCodeAt(0) ?? 0,
      10,
      13,
    );
  }
  private quoteIfNeeded(s: string): string {
    const q = this.dialect.quote;
    if (q === undefined) return s;
    let needs = false;
    for (let i = 0; i < s.length; i++) {
      if (s.charCodeAt(i) <= this.minSafe) {
        const c = s[i];
        if (c === this.dialect.delimiter || c === q || c === '\n' || c === '\r' || c === this.dialect.escape || s.charCodeAt(i) < this.minSafe) {
          needs = true;
          break;
        }
      }
    }
    if (!needs) return s;
    return q + s.split(q).join(q + q) + q;
  }
  encode(_kind: RowKind, row: Row): string {
    const n = this.convs.length;
    const nullText = this.dialect.nullLiteral ?? '';
    let s = '';
    for (let i = 0; i < n; i++) {
      const v = row[i];
      if (i > 0) s += this.dialect.delimiter;
      s += v === null || v === undefined ? nullText : this.quoteIfNeeded(this.convs[i]!(v));
    }
    return s;
  }
}

export const csvFormat: FormatFactory = {
  identifier: ID,
  options: CSV_OPTIONS,
  changelogMode: () => ({ kind: 'insert-only' }),
  createDecoder: (ctx) => new CsvDecoder(ctx),
  createEncoder: (ctx) => new CsvEncoder(ctx),
};
