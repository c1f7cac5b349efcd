/**
 * The 'filesystem' connector factory (Flink's FileSystemTableFactory): a
 * bounded source over a file or directory, a lookup table for lookup joins
 * (lookup.ts) and a part-file sink, all through the table's format.
 */
import type { DynamicTableFactory, TableFactoryContext } from '../../catalog/connector.ts';
import { OptionReader } from '../../catalog/options.ts';
import { WeirError } from '../../common/error.ts';
import { resolveFormat } from '../format-support.ts';
import { FILESYSTEM_OPTIONS } from './options.ts';
import { splitSchema } from './partitions.ts';
import { FileSystemSource } from './source.ts';
import { FileSystemSinkWriter } from './sink.ts';
import { FileSystemLookupSource, type FileSystemTableFiles } from './lookup.ts';
import { readLookupOptions } from '../../catalog/lookup-options.ts';
import { readPartitionCommitOptions } from './partition-commit-options.ts';
import { PartitionCommitter, PartitionCommitters } from './partition-committer.ts';

export { FileSystemSource, listFiles, type FileSystemPosition } from './source.ts';
export { FileSystemSinkWriter, type FileSystemSinkState } from './sink.ts';

/** The files of a filesystem table as its sources read them (scan and lookup), format options validated. */
function tableFiles(ctx: TableFactoryContext): { files: FileSystemTableFiles; fmt: ReturnType<typeof resolveFormat> } {
  const opts = new OptionReader(FILESYSTEM_OPTIONS, ctx.options);
  const split = splitSchema(ctx.physicalSchema, ctx.partitionKeys);
  const fmt = resolveFormat(ctx, split.fileSchema);
  const pattern = opts.string('source.path.regex-pattern');
  fmt.factory.createDecoder(fmt.context); // validate format options at plan time
  const files: FileSystemTableFiles = {
    path: opts.requiredString('path'),
    decoder: () => fmt.factory.createDecoder(fmt.context),
    schema: ctx.physicalSchema,
    split,
    defaultPartitionName: opts.string('partition.default-name') ?? '__DEFAULT_PARTITION__',
    pathPattern: pattern === undefined ? undefined : new RegExp(pattern),
  };
  return { files, fmt };
}

export const filesystemFactory: DynamicTableFactory = {
  identifier: 'filesystem',
  options: FILESYSTEM_OPTIONS,
  usesFormat: true,
  createSource(ctx: TableFactoryContext) {
    const { files, fmt } = tableFiles(ctx);
    return {
      changelogMode: fmt.factory.changelogMode(fmt.context.options),
      bounded: true,
      createReader: (subtask, parallelism) => new FileSystemSource(files, subtask, parallelism),
    };
  },
  createLookupSource(ctx: TableFactoryContext) {
    const opts = new OptionReader(FILESYSTEM_OPTIONS, ctx.options);
    const { files } = tableFiles(ctx);
    const ttl = opts.duration('lookup.join.cache.ttl') ?? 3_600_000;
    if (ttl <= 0) throw new WeirError('validation', 'INVALID_OPTION_VALUE', `Invalid value for option 'lookup.join.cache.ttl': the TTL must be positive, but was '${opts.raw('lookup.join.cache.ttl')}'.`);
    const settings = readLookupOptions(ctx.options, { cache: 'FULL', periodicReloadMs: ttl }, ctx.config.get('table.local-time-zone') ?? 'UTC');
    return new FileSystemLookupSource(files, settings);
  },
  createSink(ctx: TableFactoryContext) {
    const opts = new OptionReader(FILESYSTEM_OPTIONS, ctx.options);
    const split = splitSchema(ctx.physicalSchema, ctx.partitionKeys);
    const fmt = resolveFormat(ctx, split.fileSchema);
    fmt.factory.createEncoder(fmt.context);
    const changelog = fmt.factory.changelogMode(fmt.context.options);
    const path = opts.requiredString('path');
    const positive = (key: string, fallback: number): number => {
      const v = opts.duration(key) ?? fallback;
      if (v <= 0) throw new WeirError('validation', 'INVALID_OPTION_VALUE', `Invalid value for option '${key}': the interval must be positive, but was '${opts.raw(key)}'.`);
      return v;
    };
    const rolloverMs = positive('sink.rolling-policy.rollover-interval', 30 * 60_000);
    const inactivityMs = positive('sink.rolling-policy.inactivity-interval', 30 * 60_000);
    const checkIntervalMs = positive('sink.rolling-policy.check-interval', 60_000);
    const commit = readPartitionCommitOptions(opts, ctx.partitionKeys);
    // one committer per run of the job, shared by the writers (Flink's single PartitionCommitter)
    const committers = commit && new PartitionCommitters((parallelism, clock) => new PartitionCommitter(path, commit, parallelism, clock));
    const parallelism = opts.int('sink.parallelism');
    if (parallelism !== undefined && parallelism <= 0)
      throw new WeirError('validation', 'INVALID_OPTION_VALUE', `Invalid value for option 'sink.parallelism': the parallelism must be greater than zero, but was '${parallelism}'.`);
    return {
      accepts: (incoming) => incoming.kind === 'insert-only' || changelog.kind === 'all',
      parallelism,
      createWriter: () =>
        new FileSystemSinkWriter({
          path,
          encoder: () => fmt.factory.createEncoder(fmt.context),
          split,
          defaultPartitionName: opts.string('partition.default-name') ?? '__DEFAULT_PARTITION__',
          fileSize: opts.memory('sink.rolling-policy.file-size') ?? 128 * 1024 * 1024,
          rolloverMs,
          inactivityMs,
          checkIntervalMs,
          committers,
        }),
    };
  },
};
