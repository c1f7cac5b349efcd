/**
 * The 'filesystem' connector factory (Flink's FileSystemTableFactory): a
 * bounded source over a file or directory and a part-file sink, both through
 * the table's format.
 */
import type { DynamicTableFactory, TableFactoryContext } from '../../catalog/connector.ts';
import { OptionReader } from '../../catalog/options.ts';
import { resolveFormat } from '../format-support.ts';
import { FILESYSTEM_OPTIONS } from './options.ts';
import { splitSchema } from './partitions.ts';
import { FileSystemSource } from './source.ts';
import { FileSystemSinkWriter } from './sink.ts';

export { FileSystemSource, listFiles, type FileSystemPosition } from './source.ts';
export { FileSystemSinkWriter, type FileSystemSinkState } from './sink.ts';

export const filesystemFactory: DynamicTableFactory = {
  identifier: 'filesystem',
  options: FILESYSTEM_OPTIONS,
  usesFormat: true,
  createSource(ctx: TableFactoryContext) {
    const opts = new OptionReader(FILESYSTEM_OPTIONS, ctx.options);
    const split = splitSchema(ctx.physicalSchema, ctx.partitionKeys);
    const fmt = resolveFormat(ctx, split.fileSchema);
    const pattern = opts.string('source.path.regex-pattern');
    fmt.factory.createDecoder(fmt.context); // validate format options at plan time
    return {
      changelogMode: fmt.factory.changelogMode(fmt.context.options),
      bounded: true,
      createReader: (subtask, parallelism) =>
        new FileSystemSource(
          {
            path: opts.requiredString('path'),
            decoder: () => fmt.factory.createDecoder(fmt.context),
            schema: ctx.physicalSchema,
            split,
            defaultPartitionName: opts.string('partition.default-name') ?? '__DEFAULT_PARTITION__',
            pathPattern: pattern === undefined ? undefined : new RegExp(pattern),
          },
          subtask,
          parallelism,
        ),
    };
  },
  createSink(ctx: TableFactoryContext) {
    const opts = new OptionReader(FILESYSTEM_OPTIONS, ctx.options);
    const split = splitSchema(ctx.physicalSchema, ctx.partitionKeys);
    const fmt = resolveFormat(ctx, split.fileSchema);
    fmt.factory.createEncoder(fmt.context);
    const changelog = fmt.factory.changelogMode(fmt.context.options);
    return {
      accepts: (incoming) => incoming.kind === 'insert-only' || changelog.kind === 'all',
      createWriter: () =>
        new FileSystemSinkWriter({
          path: opts.requiredString('path'),
          encoder: () => fmt.factory.createEncoder(fmt.context),
          split,
          defaultPartitionName: opts.string('partition.default-name') ?? '__DEFAULT_PARTITION__',
          fileSize: opts.memory('sink.rolling-policy.file-size') ?? 128 * 1024 * 1024,
          rolloverMs: opts.duration('sink.rolling-policy.rollover-interval') ?? 30 * 60_000,
        }),
    };
  },
};
