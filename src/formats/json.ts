/**
 * The 'json' format (Flink's JsonFormatFactory): one JSON object per record
 * keyed by column name. Missing fields are null unless
 * 'json.fail-on-missing-field'; a malformed record fails with Flink's
 * "Failed to deserialize JSON '…'." unless 'json.ignore-parse-errors', when it
 * is skipped and counted by the caller. Insert-only.
 */
import type { OptionDecl } from '../catalog/connector.ts';
import type { OptionReader } from '../catalog/options.ts';
import { WeirError } from '../common/error.ts';
import type { Batch } from '../runtime/batch.ts';
import { RowKind, type Row } from '../runtime/row.ts';
import { type FormatContext, type FormatFactory, FormatError, type RecordDecoder, type RecordEncoder, recordText } from './format.ts';
import { type JsonCodecOptions, type MapNullKeyMode, type TimestampStandard, parseJsonLine, rowFromJson, rowToJson } from './json-convert.ts';

/** The JSON codec options shared by json, debezium-json and canal-json, under `prefix` ('json.'). */
export function jsonCodecDecls(prefix: string): OptionDecl[] {
  return [
    {
      key: prefix + 'timestamp-format.standard',
      type: 'enum',
      default: 'SQL',
      enumValues: ['SQL', 'ISO-8601'],
      description:
        "Timestamp text: 'SQL' is 'yyyy-MM-dd HH:mm:ss.s{precision}', 'ISO-8601' is 'yyyy-MM-ddTHH:mm:ss.s{precision}'.",
    },
    {
      key: prefix + 'map-null-key.mode',
      type: 'enum',
      default: 'FAIL',
      enumValues: ['FAIL', 'DROP', 'LITERAL'],
      description: "How to serialize a map entry with a null key: 'FAIL', 'DROP' the entry, or write 'map-null-key.literal'.",
    },
    {
      key: prefix + 'map-null-key.literal',
      type: 'string',
      default: 'null',
      description: "The key text for null map keys when 'map-null-key.mode' is LITERAL.",
    },
    {
      key: prefix + 'encode.decimal-as-plain-number',
      type: 'boolean',
      default: 'false',
      description: 'Write DECIMAL values as plain numbers, never in scientific notation.',
    },
    {
      key: prefix + 'encode.ignore-null-fields',
      type: 'boolean',
      default: 'false',
      description: 'Leave out fields whose value is null.',
    },
  ];
}

export function readJsonCodec(options: OptionReader, prefix: string, failOnMissingField = false): JsonCodecOptions {
  return {
    failOnMissingField,
    timestampStandard: (options.enumValue<TimestampStandard>(prefix + 'timestamp-format.standard') ?? 'SQL'),
    mapNullKeyMode: options.enumValue<MapNullKeyMode>(prefix + 'map-null-key.mode') ?? 'FAIL',
    mapNullKeyLiteral: options.string(prefix + 'map-null-key.literal') ?? 'null',
    decimalAsPlainNumber: options.boolean(prefix + 'encode.decimal-as-plain-number') ?? false,
    ignoreNullFields: options.boolean(prefix + 'encode.ignore-null-fields') ?? false,
  };
}

const JSON_OPTIONS: readonly OptionDecl[] = [
  {
    key: 'json.fail-on-missing-field',
    type: 'boolean',
    default: 'false',
    description: 'Fail when a field is missing (default: the field is null).',
  },
  {
    key: 'json.ignore-parse-errors',
    type: 'boolean',
    default: 'false',
    description: 'Skip (and count) records that fail to parse instead of failing the job; their fields are not set to null.',
  },
  {
    key: 'json.decode.json-parser.enabled',
    type: 'boolean',
    default: 'true',
    description: "Accepted for compatibility with Flink (its streaming parser); Weir's parser is always used.",
  },
  ...jsonCodecDecls('json.'),
];

export class JsonDecoder implements RecordDecoder {
  readonly input = 'text' as const;
  private readonly convert: (v: unknown) => Row;
  private readonly ignoreErrors: boolean;
  constructor(ctx: FormatContext) {
    const prefix = ctx.prefix ?? 'json.';
    const failOnMissing = ctx.options.boolean(prefix + 'fail-on-missing-field') ?? false;
    this.ignoreErrors = ctx.options.boolean(prefix + 'ignore-parse-errors') ?? false;
    if (failOnMissing && this.ignoreErrors) {
      throw new WeirError(
        'validation',
        'INVALID_FORMAT_OPTIONS',
        'fail-on-missing-field and ignore-parse-errors shouldn\'t both be true.',
      );
    }
    this.convert = rowFromJson(ctx.physicalSchema, readJsonCodec(ctx.options, prefix, failOnMissing));
  }
  decode(record: string | Uint8Array, out: Batch): boolean {
    let row: Row;
    try {
      const text = typeof record === 'string' ? record : recordText(record);
      row = this.convert(parseJsonLine(text));
    } catch (e) {
      if (this.ignoreErrors) return false;
      const t = recordText(record);
      throw new FormatError('Failed to deserialize JSON', t, e);
    }
    out.push(RowKind.INSERT, row);
    return true;
  }
}

export class JsonEncoder implements RecordEncoder {
  readonly output = 'text' as const;
  private readonly convert: (row: readonly unknown[]) => string;
  constructor(ctx: FormatContext) {
    this.convert = rowToJson(ctx.physicalSchema, readJsonCodec(ctx.options, ctx.prefix ?? 'json.'));
  }
  encode(_kind: RowKind, row: Row): string {
    return this.convert(row);
  }
}

export const jsonFormat: FormatFactory = {
  identifier: 'json',
  options: JSON_OPTIONS,
  changelogMode: () => ({ kind: 'insert-only' }),
  createDecoder: (ctx) => new JsonDecoder(ctx),
  createEncoder: (ctx) => new JsonEncoder(ctx),
};
