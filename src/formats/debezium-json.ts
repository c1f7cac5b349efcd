/**
 * The 'debezium-json' changelog format (Flink's DebeziumJsonFormatFactory):
 * `{"before": {…}, "after": {…}, "op": "c"|"r"|"u"|"d"}`, optionally inside
 * Debezium's `{"schema": …, "payload": {…}}` envelope
 * ('debezium-json.schema-include'). Decodes to +I / (-U, +U) / -D; encodes
 * +I and +U as "c" with `after`, -U and -D as "d" with `before`, as Flink does.
 */
import type { OptionDecl } from '../catalog/connector.ts';
import type { Batch } from '../runtime/batch.ts';
import { RowKind, type Row } from '../runtime/row.ts';
import { decodeChangelogMessage, type FormatContext, type FormatFactory, type RecordDecoder, type RecordEncoder, recordText } from './format.ts';
import { parseJsonLine, rowFromJson, rowToJson } from './json-convert.ts';
import { jsonCodecDecls, readJsonCodec } from './json.ts';

const ID = 'debezium-json';

const DEBEZIUM_OPTIONS: readonly OptionDecl[] = [
  {
    key: 'debezium-json.schema-include',
    type: 'boolean',
    default: 'false',
    description: 'Messages carry the Debezium schema: rows are read from the "payload" envelope.',
  },
  {
    key: 'debezium-json.ignore-parse-errors',
    type: 'boolean',
    default: 'false',
    description: 'Skip (and count) records that fail to parse instead of failing the job.',
  },
  ...jsonCodecDecls('debezium-json.'),
];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const REPLICA_HINT =
  'if you are using Debezium Postgres Connector, please check the Postgres table has been set REPLICA IDENTITY to FULL level.';

export class DebeziumJsonDecoder implements RecordDecoder {
  readonly input = 'text' as const;
  private readonly convert: (v: unknown) => Row;
  private readonly ignoreErrors: boolean;
  private readonly schemaInclude: boolean;
  constructor(ctx: FormatContext) {
    const prefix = ctx.prefix ?? ID + '.';
    this.ignoreErrors = ctx.options.boolean(prefix + 'ignore-parse-errors') ?? false;
    this.schemaInclude = ctx.options.boolean(prefix + 'schema-include') ?? false;
    this.convert = rowFromJson(ctx.physicalSchema, readJsonCodec(ctx.options, prefix));
  }
  decode(record: string | Uint8Array, out: Batch): boolean {
    return decodeChangelogMessage(record, out, this.ignoreErrors, 'Corrupt Debezium JSON message', (text, b) => this.decodeInto(text, b));
  }
  private decodeInto(text: string, out: Batch): void {
    let root = parseJsonLine(text);
    if (!isObject(root)) throw new Error('The message is not a JSON object.');
    if (this.schemaInclude) {
      root = root['payload'];
      if (!isObject(root)) {
        throw new Error(
          "The message has no \"payload\" object; with 'debezium-json.schema-include' = 'true' messages must carry Debezium's schema envelope.",
        );
      }
    } else if (root['op'] === undefined && isObject(root['payload'])) {
      throw new Error(
        "The message has a \"payload\" envelope; set 'debezium-json.schema-include' = 'true' to read messages that include Debezium's schema.",
      );
    }
    const op = root['op'];
    switch (op) {
      case 'c':
      case 'r':
        out.push(RowKind.INSERT, this.convert(root['after']));
        return;
      case 'u': {
        const before = root['before'];
        if (before === null || before === undefined) throw new Error(`The "before" field of update message is null, ${REPLICA_HINT}`);
        const b = this.convert(before);
        const a = this.convert(root['after']);
        out.push(RowKind.UPDATE_BEFORE, b);
        out.push(RowKind.UPDATE_AFTER, a);
        return;
      }
      case 'd': {
        const before = root['before'];
        if (before === null || before === undefined) throw new Error(`The "before" field of delete message is null, ${REPLICA_HINT}`);
        out.push(RowKind.DELETE, this.convert(before));
        return;
      }
      default:
        throw new Error(`Unknown "op" value "${String(op)}". The Debezium JSON message is '${recordText(text)}'`);
    }
  }
}

export class DebeziumJsonEncoder implements RecordEncoder {
  readonly output = 'text' as const;
  private readonly convert: (row: readonly unknown[]) => string;
  constructor(ctx: FormatContext) {
    this.convert = rowToJson(ctx.physicalSchema, readJsonCodec(ctx.options, ctx.prefix ?? ID + '.'));
  }
  encode(kind: RowKind, row: Row): string {
    if (kind === RowKind.INSERT || kind === RowKind.UPDATE_AFTER) return `{"before":null,"after":${this.convert(row)},"op":"c"}`;
    return `{"before":${this.convert(row)},"after":null,"op":"d"}`;
  }
}

export const debeziumJsonFormat: FormatFactory = {
  identifier: ID,
  options: DEBEZIUM_OPTIONS,
  changelogMode: () => ({ kind: 'all' }),
  createDecoder: (ctx) => new DebeziumJsonDecoder(ctx),
  createEncoder: (ctx) => new DebeziumJsonEncoder(ctx),
};
