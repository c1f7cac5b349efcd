/**
 * The built-in formats by identifier (the value of 'format'). Connectors look
 * formats up here; the connector registry validates format options against
 * the chosen format's declarations.
 */
import { WeirError } from '../common/error.ts';
import { canalJsonFormat } from './canal-json.ts';
import { csvFormat } from './csv.ts';
import { debeziumJsonFormat } from './debezium-json.ts';
import type { FormatFactory } from './format.ts';
import { jsonFormat } from './json.ts';
import { rawFormat } from './raw.ts';

export type { FormatContext, FormatFactory, RecordDecoder, RecordEncoder } from './format.ts';
export { FormatError } from './format.ts';

const FORMATS = new Map<string, FormatFactory>();

export function registerFormat(f: FormatFactory): void {
  FORMATS.set(f.identifier, f);
}

for (const f of [jsonFormat, csvFormat, rawFormat, debeziumJsonFormat, canalJsonFormat]) registerFormat(f);

export function formatIdentifiers(): string[] {
  return [...FORMATS.keys()].sort();
}

/** The format for `identifier`, or Flink's "Could not find any factory" error. */
export function findFormat(identifier: string): FormatFactory {
  const f = FORMATS.get(identifier);
  if (f === undefined) {
    throw new WeirError(
      'validation',
      'FORMAT_NOT_FOUND',
      `Could not find any factory for identifier '${identifier}' that implements ` +
        `'org.apache.flink.table.factories.DeserializationFormatFactory' in the classpath.\n\n` +
        `Available factory identifiers are:\n\n${formatIdentifiers().join('\n')}`,
    );
  }
  return f;
}
