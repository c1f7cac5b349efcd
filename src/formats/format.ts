/**
 * The format contract (Flink's DeserializationFormatFactory /
 * SerializationFormatFactory). A format declares its options once (with their
 * full Flink keys, e.g. 'json.ignore-parse-errors'), and makes a decoder from
 * records (a line of a file, a Kafka message) to rows of the physical schema
 * and an encoder back. Decoders build their per-column converters once, at
 * creation; decoding a record allocates only the row.
 */
import type { ChangelogMode, OptionDecl } from '../catalog/connector.ts';
import type { OptionReader } from '../catalog/options.ts';
import type { Batch } from '../runtime/batch.ts';
import type { Row, RowKind } from '../runtime/row.ts';
import type { RowType } from '../types/logical-type.ts';
import { WeirError } from '../common/error.ts';

export interface FormatContext {
  /** The rows the decoder produces / the encoder receives. */
  readonly physicalSchema: RowType;
  /** Table options (format keys with their prefix, e.g. 'json.fail-on-missing-field'), defaults applied by the reader. */
  readonly options: OptionReader;
  /** Session time zone ('table.local-time-zone'), an IANA name or 'UTC'. */
  readonly zone: string;
  /** Key prefix of this format's options: 'json.' for 'format' = 'json', 'value.json.' for 'value.format'. */
  readonly prefix?: string | undefined;
}

export interface RecordDecoder {
  /** What `decode` expects: text (a line, UTF-8 decoded) or raw bytes. */
  readonly input: 'text' | 'bytes';
  /**
   * Decodes one record and appends its rows (zero or more) to `out`.
   * Returns false when the record was malformed and skipped because the
   * format ignores parse errors (the caller counts it); throws a
   * FormatError otherwise.
   */
  decode(record: string | Uint8Array, out: Batch): boolean;
}

export interface RecordEncoder {
  /** What `encode` returns: text (the caller adds line delimiters) or bytes. */
  readonly output: 'text' | 'bytes';
  /** Encodes one row; null when nothing is written for it. */
  encode(kind: RowKind, row: Row): string | Uint8Array | null;
}

export interface FormatFactory {
  /** The value of 'format', e.g. 'json'. */
  readonly identifier: string;
  /** Declarations with full keys ('json.fail-on-missing-field'). */
  readonly options: readonly OptionDecl[];
  /** The changelog the decoder produces (debezium-json: 'all'). */
  changelogMode(options: OptionReader): ChangelogMode;
  createDecoder(ctx: FormatContext): RecordDecoder;
  createEncoder(ctx: FormatContext): RecordEncoder;
}

/**
 * A malformed record: `what` is the format's phrase ("Failed to deserialize
 * JSON"), the message is Flink's ("Failed to deserialize JSON '<record>'.").
 * Connectors add where it was read with `at` (file and line, topic and offset).
 */
export class FormatError extends WeirError {
  readonly what: string;
  /** The record as text, for messages. */
  readonly record: string;
  constructor(what: string, record: string, cause?: unknown, location?: string) {
    const why = cause instanceof Error ? ` Cause: ${cause.message}` : '';
    super(
      'runtime',
      'FORMAT_PARSE_ERROR',
      location === undefined ? `${what} '${record}'.${why}` : `${what} '${record}' at ${location}.${why}`,
      undefined,
      { cause },
    );
    this.what = what;
    this.record = record;
  }
  /** The same error with the record's location ('file:/data/x.json line 3'). */
  at(location: string): FormatError {
    return new FormatError(this.what, this.record, this.cause, location);
  }
}

/** Renders a record for an error message (bytes decoded as UTF-8, long text cut). */
export function recordText(record: string | Uint8Array): string {
  const s = typeof record === 'string' ? record : Buffer.from(record.buffer, record.byteOffset, record.byteLength).toString('utf8');
  return s.length > 2000 ? s.slice(0, 2000) + '…' : s;
}

/** Re-keys a format's declarations from the default 'json.' prefix to another ('value.json.'). */
export function withPrefix(decls: readonly OptionDecl[], identifier: string, prefix: string): OptionDecl[] {
  const own = identifier + '.';
  if (prefix === own) return [...decls];
  return decls.map((d) => (d.key.startsWith(own) ? { ...d, key: prefix + d.key.slice(own.length) } : d));
}

/** The option key for `suffix` under the context's prefix ('ignore-parse-errors' → 'json.ignore-parse-errors'). */
export function formatKey(ctx: FormatContext, identifier: string, suffix: string): string {
  return (ctx.prefix ?? identifier + '.') + suffix;
}

/**
 * Decodes one changelog message (debezium-json, canal-json): an empty message is a tombstone
 * and carries no change; a malformed one leaves no half-decoded update behind and is skipped
 * (false) or fails with `what` as the message.
 */
export function decodeChangelogMessage(
  record: string | Uint8Array,
  out: Batch,
  ignoreErrors: boolean,
  what: string,
  decodeInto: (text: string, out: Batch) => void,
): boolean {
  const text = typeof record === 'string' ? record : recordText(record);
  if (text.trim() === '') return true;
  const start = out.size;
  try {
    decodeInto(text, out);
  } catch (e) {
    out.rows.length = start;
    out.kinds.length = start;
    if (ignoreErrors) return false;
    throw new FormatError(what, recordText(text), e);
  }
  return true;
}
