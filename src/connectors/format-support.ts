/**
 * Connects a connector to its format: looks the format up by the table's
 * 'format' option and builds the FormatContext (options with defaults, the
 * session time zone) for the rows the format reads and writes.
 */
import type { TableFactoryContext } from '../catalog/connector.ts';
import { OptionReader } from '../catalog/options.ts';
import { WeirError } from '../common/error.ts';
import { findFormat } from '../formats/index.ts';
import type { FormatContext, FormatFactory } from '../formats/format.ts';
import type { RowType } from '../types/logical-type.ts';

export interface ResolvedFormat {
  readonly factory: FormatFactory;
  readonly context: FormatContext;
}

export function resolveFormat(ctx: TableFactoryContext, schema: RowType = ctx.physicalSchema, key = 'format'): ResolvedFormat {
  const id = ctx.options.get(key);
  if (id === undefined) {
    throw new WeirError(
      'validation',
      'MISSING_REQUIRED_OPTIONS',
      `One or more required options are missing.\n\nMissing required options are:\n\n${key}`,
    );
  }
  const factory = findFormat(id);
  const prefix = key.slice(0, key.length - 'format'.length) + id + '.';
  return {
    factory,
    context: {
      physicalSchema: schema,
      options: new OptionReader(factory.options, ctx.options),
      zone: ctx.config.get('table.local-time-zone') ?? 'UTC',
      prefix,
    },
  };
}
