/**
 * The 'canal-json' changelog format (Flink's CanalJsonFormatFactory):
 * `{"data": [{…}], "old": [{…}], "type": "INSERT"|"UPDATE"|"DELETE",
 * "database": …, "table": …}`. INSERT gives +I per data row, DELETE -D,
 * UPDATE a (-U, +U) pair per row where the before image is the data row with
 * the fields listed in "old" replaced. DDL messages ("CREATE", isDdl) are
 * skipped. 'canal-json.database.include' / 'table.include' are regular
 * expressions that must match the whole name.
 */
import type { OptionDecl } from '../catalog/connector.ts';
import type { Batch } from '../runtime/batch.ts';
import { RowKind, type Row } from '../runtime/row.ts';
import { decodeChangelogMessage, type FormatContext, type FormatFactory, type RecordDecoder, type RecordEncoder, recordText } from './format.ts';
import { parseJsonLine, rowFromJson, rowToJson } from './json-convert.ts';
import { jsonCodecDecls, readJsonCodec } from './json.ts';

const ID = 'canal-json';

const CANAL_OPTIONS: readonly OptionDecl[] = [
  {
    key: 'canal-json.ignore-parse-errors',
    type: 'boolean',
    default: 'false',
    description: 'Skip (and count) records that fail to parse instead of failing the job.',
  },
  {
    key: 'canal-json.database.include',
    type: 'string',
    description: 'Only read changes of databases whose name matches this regular expression.',
  },
  {
    key: 'canal-json.table.include',
    type: 'string',
    description: 'Only read changes of tables whose name matches this regular expression.',
  },
  ...jsonCodecDecls('canal-json.'),
];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function wholeMatch(pattern: string | undefined): RegExp | undefined {
  return pattern === undefined ? undefined : new RegExp('^(?:' + pattern + ')$');
}

export class CanalJsonDecoder implements RecordDecoder {
  readonly input = 'text' as const;
  private readonly convert: (v: unknown) => Row;
  private readonly names: readonly string[];
  private readonly ignoreErrors: boolean;
  private readonly database: RegExp | undefined;
  private readonly table: RegExp | undefined;
  constructor(ctx: FormatContext) {
    const prefix = ctx.prefix ?? ID + '.';
    this.ignoreErrors = ctx.options.boolean(prefix + 'ignore-parse-errors') ?? false;
    this.database = wholeMatch(ctx.options.string(prefix + 'database.include'));
    this.table = wholeMatch(ctx.options.string(prefix + 'table.include'));
    this.names = ctx.physicalSchema.fields.map((f) => f.name);
    this.convert = rowFromJson(ctx.physicalSchema, readJsonCodec(ctx.options, prefix));
  }
  decode(record: string | Uint8Array, out: Batch): boolean {
    return decodeChangelogMessage(record, out, this.ignoreErrors, 'Corrupt Canal JSON message', (text, b) => this.decodeInto(text, b));
  }
  private decodeInto(text: string, out: Batch): void {
    const root = parseJsonLine(text);
    if (!isObject(root)) throw new Error('The message is not a JSON object.');
    if (this.database && !this.database.test(String(root['database'] ?? ''))) return;
    if (this.table && !this.table.test(String(root['table'] ?? ''))) return;
    const type = root['type'];
    const data = root['data'];
    if (type === 'CREATE' || root['isDdl'] === true) return;
    if (data === null || data === undefined) return;
    if (!Array.isArray(data)) throw new Error('The "data" field is not an array.');
    switch (type) {
      case 'INSERT':
        for (const d of data) out.push(RowKind.INSERT, this.convert(d));
        return;
      case 'DELETE':
        for (const d of data) out.push(RowKind.DELETE, this.convert(d));
        return;
      case 'UPDATE': {
        const old = root['old'];
        if (!Array.isArray(old)) throw new Error('The "old" field of an UPDATE message is not an array.');
        for (let i = 0; i < data.length; i++) {
          const after = data[i];
          const o = old[i];
          if (!isObject(after)) throw new Error('A "data" element is not an object.');
          // The before image: the after image with the changed fields' old values.
          const beforeObj: Record<string, unknown> = { ...after };
          if (isObject(o)) for (const n of this.names) if (o[n] !== undefined && o[n] !== null) beforeObj[n] = o[n];
          out.push(RowKind.UPDATE_BEFORE, this.convert(beforeObj));
          out.push(RowKind.UPDATE_AFTER, this.convert(after));
        }
        return;
      }
      default:
        throw new Error(`Unknown "type" value "${String(type)}". The Canal JSON message is '${recordText(text)}'`);
    }
  }
}

export class CanalJsonEncoder implements RecordEncoder {
  readonly output = 'text' as const;
  private readonly convert: (row: readonly unknown[]) => string;
  constructor(ctx: FormatContext) {
    this.convert = rowToJson(ctx.physicalSchema, readJsonCodec(ctx.options, ctx.prefix ?? ID + '.'));
  }
  encode(kind: RowKind, row: Row): string {
    const type = kind === RowKind.INSERT || kind === RowKind.UPDATE_AFTER ? 'INSERT' : 'DELETE';
    return `{"data":[${this.convert(row)}],"type":"${type}"}`;
  }
}

export const canalJsonFormat: FormatFactory = {
  identifier: ID,
  options: CANAL_OPTIONS,
  changelogMode: () => ({ kind: 'all' }),
  createDecoder: (ctx) => new CanalJsonDecoder(ctx),
  createEncoder: (ctx) => new CanalJsonEncoder(ctx),
};
