/**
 * Reads and checks the partition commit options of a filesystem sink
 * ('sink.partition-commit.*', 'partition.time-extractor.*') at plan time.
 * As in Flink, partitions are committed only for a partitioned table with
 * 'sink.partition-commit.policy.kind' set. Policies: 'success-file' writes
 * an empty marker file into the partition directory; 'metastore' needs a
 * metastore, which a filesystem table has not (Flink refuses it too);
 * 'custom' would load a Java class and is not supported. Bad values are
 * WeirErrors naming the option.
 */
import type { OptionReader } from '../../catalog/options.ts';
import { WeirError } from '../../common/error.ts';
import { validateZone } from '../../types/temporal.ts';
import type { PartitionCommitTriggerSettings } from './partition-commit-trigger.ts';
import { createPartitionTimeExtractor } from './partition-time-extractor.ts';

export interface PartitionCommitSettings {
  readonly trigger: PartitionCommitTriggerSettings;
  /** The name of the success file ('success-file' policy); undefined without that policy. */
  readonly successFileName: string | undefined;
}

const POLICY_KIND = 'sink.partition-commit.policy.kind';

function invalid(key: string, value: string, why: string): WeirError {
  return new WeirError('validation', 'INVALID_OPTION_VALUE', `Invalid value for option '${key}': ${why}, but was '${value}'.`);
}

/** The commit settings, or undefined when partitions are not committed (an unpartitioned table or no policy). */
export function readPartitionCommitOptions(opts: OptionReader, partitionKeys: readonly string[]): PartitionCommitSettings | undefined {
  const kinds = opts.string(POLICY_KIND);
  const triggerKind = opts.string('sink.partition-commit.trigger') ?? 'process-time';
  if (triggerKind !== 'process-time' && triggerKind !== 'partition-time')
    throw invalid('sink.partition-commit.trigger', triggerKind, "the trigger must be 'process-time' or 'partition-time'");
  const delayMs = opts.duration('sink.partition-commit.delay') ?? 0;
  if (delayMs < 0) throw invalid('sink.partition-commit.delay', opts.raw('sink.partition-commit.delay') ?? '', 'the delay must not be negative');
  const zone = opts.string('sink.partition-commit.watermark-time-zone') ?? 'UTC';
  try {
    validateZone(zone);
  } catch {
    throw invalid(
      'sink.partition-commit.watermark-time-zone',
      zone,
      "the time zone must be a full name such as 'America/Los_Angeles' or a custom zone id such as 'GMT-08:00'",
    );
  }
  const pattern = opts.string('partition.time-extractor.timestamp-pattern');
  // an explicit formatter only: without one, the lenient default parse applies (as Flink's null formatter)
  const formatter = opts.has('partition.time-extractor.timestamp-formatter') ? opts.string('partition.time-extractor.timestamp-formatter') : undefined;
  if (triggerKind === 'partition-time' && opts.string('partition.time-extractor.kind') === 'custom')
    throw new WeirError(
      'validation',
      'UNSUPPORTED',
      "'partition.time-extractor.kind' = 'custom' is not supported: Weir cannot load a PartitionTimeExtractor class; use the default extractor with 'partition.time-extractor.timestamp-pattern'.",
    );
  if (kinds === undefined || partitionKeys.length === 0) return undefined;
  let successFileName: string | undefined;
  const list = kinds.split(',').map((k) => k.trim());
  for (const k of list) {
    switch (k.toLowerCase()) {
      case 'success-file': {
        const name = opts.string('sink.partition-commit.success-file.name') ?? '_SUCCESS';
        if (name === '' || name.includes('/') || name === '.' || name === '..')
          throw invalid('sink.partition-commit.success-file.name', name, 'the success file name must be a plain, non-empty file name');
        successFileName = name;
        break;
      }
      case 'metastore':
        throw new WeirError(
          'validation',
          'UNSUPPORTED',
          `The partition commit policy 'metastore' in '${POLICY_KIND}' is only supported by Hive tables; a filesystem table manages its partitions through its directory structure. Use 'success-file'.`,
        );
      case 'custom':
        throw new WeirError(
          'validation',
          'UNSUPPORTED',
          `The partition commit policy 'custom' in '${POLICY_KIND}' is not supported: Weir cannot load a PartitionCommitPolicy class ('sink.partition-commit.policy.class').`,
        );
      default:
        throw invalid(POLICY_KIND, kinds, "each policy must be 'success-file', 'metastore' or 'custom' (comma-separated)");
    }
  }
  return {
    trigger: { kind: triggerKind, delayMs, watermarkZone: zone, partitionKeys, extractTime: createPartitionTimeExtractor(pattern, formatter) },
    successFileName,
  };
}
