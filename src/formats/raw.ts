/**
 * The 'raw' format (Flink's RawFormatFactory): a record is the single
 * physical column's value. STRING/CHAR decode with 'raw.charset'
 * (UTF-8 by default), BYTES/BINARY pass through, numeric types and BOOLEAN
 * are fixed-width binary in 'raw.endianness' (big-endian by default).
 */
import type { OptionDecl } from '../catalog/connector.ts';
import { WeirError } from '../common/error.ts';
import type { Batch } from '../runtime/batch.ts';
import { RowKind, type Row } from '../runtime/row.ts';
import { type LogicalType, typeToString } from '../types/logical-type.ts';
import { norm, big } from '../types/int64.ts';
import { TextDecoder } from 'node:util';
import type { FormatContext, FormatFactory, RecordDecoder, RecordEncoder } from './format.ts';
import { FormatError, recordText } from './format.ts';

const ID = 'raw';

const RAW_OPTIONS: readonly OptionDecl[] = [
  { key: 'raw.charset', type: 'string', default: 'UTF-8', description: 'Charset of STRING values.' },
  {
    key: 'raw.endianness',
    type: 'enum',
    default: 'big-endian',
    enumValues: ['big-endian', 'little-endian'],
    description: 'Byte order of numeric values.',
  },
];

const NODE_ENCODINGS: Readonly<Record<string, BufferEncoding>> = {
  'utf-8': 'utf8',
  utf8: 'utf8',
  'iso-8859-1': 'latin1',
  latin1: 'latin1',
  'us-ascii': 'ascii',
  ascii: 'ascii',
  'utf-16le': 'utf16le',
  utf16le: 'utf16le',
};

const WIDTH: Partial<Record<LogicalType['root'], number>> = {
  BOOLEAN: 1,
  TINYINT: 1,
  SMALLINT: 2,
  INTEGER: 4,
  BIGINT: 8,
  FLOAT: 4,
  DOUBLE: 8,
};

function singleColumn(ctx: FormatContext): LogicalType {
  const fs = ctx.physicalSchema.fields;
  if (fs.length !== 1) {
    throw new WeirError(
      'validation',
      'INVALID_FORMAT_SCHEMA',
      `The 'raw' format only supports single physical column. However the defined schema contains multiple physical columns: [${fs
        .map((f) => `\`${f.name}\` ${typeToString(f.type)}`)
        .join(', ')}]`,
    );
  }
  const t = fs[0]!.type;
  const ok = ['CHAR', 'VARCHAR', 'BINARY', 'VARBINARY', 'RAW'].includes(t.root) || WIDTH[t.root] !== undefined;
  if (!ok) throw new WeirError('validation', 'UNSUPPORTED_TYPE', `The 'raw' format doesn't supports '${typeToString(t)}' as column type.`);
  return t;
}

function charsetOf(ctx: FormatContext): string {
  const cs = ctx.options.string((ctx.prefix ?? ID + '.') + 'charset') ?? 'UTF-8';
  try {
    new TextDecoder(cs);
  } catch {
    throw new WeirError('validation', 'INVALID_FORMAT_OPTIONS', `Unsupported '${ID}.charset' name: ${cs}.`);
  }
  return cs;
}

export class RawDecoder implements RecordDecoder {
  readonly input = 'bytes' as const;
  private readonly type: LogicalType;
  private readonly decoder: TextDecoder;
  private readonly little: boolean;
  constructor(ctx: FormatContext) {
    this.type = singleColumn(ctx);
    this.decoder = new TextDecoder(charsetOf(ctx));
    this.little = ctx.options.enumValue((ctx.prefix ?? ID + '.') + 'endianness') === 'little-endian';
  }
  decode(record: string | Uint8Array, out: Batch): boolean {
    let value: unknown;
    const t = this.type;
    if (t.root === 'CHAR' || t.root === 'VARCHAR') {
      value = typeof record === 'string' ? record : this.decoder.decode(record);
    } else {
      const bytes = typeof record === 'string' ? Buffer.from(record, 'utf8') : record;
      const width = WIDTH[t.root];
      if (width === undefined) value = new Uint8Array(bytes);
      else if (bytes.length === 0) value = null;
      else {
        if (bytes.length !== width) {
          const text = recordText(bytes);
          throw new FormatError(
            'Failed to deserialize raw value',
            text,
            new Error(`Size of the given byte array is ${bytes.length}, but ${typeToString(t)} requires ${width} bytes.`),
          );
        }
        const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        const le = this.little;
        switch (t.root) {
          case 'BOOLEAN':
            value = dv.getUint8(0) !== 0;
            break;
          case 'TINYINT':
            value = dv.getInt8(0);
            break;
          case 'SMALLINT':
            value = dv.getInt16(0, le);
            break;
          case 'INTEGER':
            value = dv.getInt32(0, le);
            break;
          case 'BIGINT':
            value = norm(dv.getBigInt64(0, le));
            break;
          case 'FLOAT':
            value = dv.getFloat32(0, le);
            break;
          default:
            value = dv.getFloat64(0, le);
        }
      }
    }
    out.push(RowKind.INSERT, [value]);
    return true;
  }
}

export class RawEncoder implements RecordEncoder {
  readonly output = 'bytes' as const;
  private readonly type: LogicalType;
  private readonly encoding: BufferEncoding | undefined;
  private readonly little: boolean;
  constructor(ctx: FormatContext) {
    this.type = singleColumn(ctx);
    const cs = charsetOf(ctx);
    this.encoding = NODE_ENCODINGS[cs.toLowerCase()];
    if (this.encoding === undefined && (this.type.root === 'CHAR' || this.type.root === 'VARCHAR')) {
      throw new WeirError('validation', 'INVALID_FORMAT_OPTIONS', `Unsupported '${ID}.charset' for writing: ${cs}.`);
    }
    this.little = ctx.options.enumValue((ctx.prefix ?? ID + '.') + 'endianness') === 'little-endian';
  }
  encode(_kind: RowKind, row: Row): Uint8Array | null {
    const v = row[0];
    if (v === null || v === undefined) return null;
    const t = this.type;
    if (t.root === 'CHAR' || t.root === 'VARCHAR') return Buffer.from(v as string, this.encoding);
    const width = WIDTH[t.root];
    if (width === undefined) return v as Uint8Array;
    const out = new Uint8Array(width);
    const dv = new DataView(out.buffer);
    const le = this.little;
    switch (t.root) {
      case 'BOOLEAN':
        dv.setUint8(0, v ? 1 : 0);
        break;
      case 'TINYINT':
        dv.setInt8(0, v as number);
        break;
      case 'SMALLINT':
        dv.setInt16(0, v as number, le);
        break;
      case 'INTEGER':
        dv.setInt32(0, v as number, le);
        break;
      case 'BIGINT':
        dv.setBigInt64(0, big(v as number | bigint), le);
        break;
      case 'FLOAT':
        dv.setFloat32(0, v as number, le);
        break;
      default:
        dv.setFloat64(0, v as number, le);
    }
    return out;
  }
}

export const rawFormat: FormatFactory = {
  identifier: ID,
  options: RAW_OPTIONS,
  changelogMode: () => ({ kind: 'insert-only' }),
  createDecoder: (ctx) => new RawDecoder(ctx),
  createEncoder: (ctx) => new RawEncoder(ctx),
};
