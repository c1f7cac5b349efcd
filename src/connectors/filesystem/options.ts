/** The 'filesystem' connector's options (Flink's FileSystemConnectorOptions), keys and defaults as in Flink. */
import type { OptionDecl } from '../../catalog/connector.ts';
import { LOOKUP_OPTIONS } from '../../catalog/lookup-options.ts';

export const FILESYSTEM_OPTIONS: readonly OptionDecl[] = [
  { key: 'path', type: 'string', required: true, description: 'The path of a file or a directory.' },
  { key: 'format', type: 'string', required: true, description: "The format of the files ('json', 'csv', …)." },
  {
    key: 'source.monitor-interval',
    type: 'duration',
    description: 'Interval to look for new files (unbounded source). Accepted; continuous monitoring is not implemented yet.',
  },
  { key: 'source.path.regex-pattern', type: 'string', description: 'Only read files whose path matches this regular expression.' },
  { key: 'source.report-statistics', type: 'enum', default: 'ALL', enumValues: ['NONE', 'ALL'], description: 'Accepted for compatibility.' },
  {
    key: 'partition.default-name',
    type: 'string',
    default: '__DEFAULT_PARTITION__',
    description: 'The partition name for a null or empty partition value.',
  },
  {
    key: 'partition.time-extractor.kind',
    type: 'enum',
    default: 'default',
    enumValues: ['default', 'custom'],
    description: "How the 'partition-time' trigger extracts a partition's time: 'default' (from the values); 'custom' is not supported.",
  },
  { key: 'partition.time-extractor.class', type: 'string', description: "A PartitionTimeExtractor class ('custom' kind): not supported." },
  {
    key: 'partition.time-extractor.timestamp-pattern',
    type: 'string',
    description: "The partition's timestamp from its values, e.g. '$dt $hour:00:00' (default: the first value).",
  },
  {
    key: 'partition.time-extractor.timestamp-formatter',
    type: 'string',
    default: 'yyyy-MM-dd HH:mm:ss',
    description: "The DateTimeFormatter pattern of the extracted timestamp, e.g. 'yyyyMMdd HH:mm:ss' (unset: 'yyyy-MM-dd[ HH:mm:ss]').",
  },
  { key: 'sink.rolling-policy.file-size', type: 'memory', default: '128 mb', description: 'Roll a part file when it reaches this size.' },
  {
    key: 'sink.rolling-policy.rollover-interval',
    type: 'duration',
    default: '30 min',
    description: 'Roll a part file when it has been open this long.',
  },
  {
    key: 'sink.rolling-policy.check-interval',
    type: 'duration',
    default: '1 min',
    description: 'How often (processing time) open part files are checked against the rollover and inactivity intervals.',
  },
  {
    key: 'sink.rolling-policy.inactivity-interval',
    type: 'duration',
    default: '30 min',
    description: 'Roll a part file that got no writes for this long.',
  },
  { key: 'sink.shuffle-by-partition.enable', type: 'boolean', default: 'false', description: 'Accepted.' },
  {
    key: 'sink.partition-commit.trigger',
    type: 'enum',
    default: 'process-time',
    enumValues: ['process-time', 'partition-time'],
    description: "When a partition is committed: 'process-time' (creation time + delay passed) or 'partition-time' (watermark past the partition's time + delay).",
  },
  { key: 'sink.partition-commit.delay', type: 'duration', default: '0 s', description: 'The delay before a partition is committed.' },
  {
    key: 'sink.partition-commit.watermark-time-zone',
    type: 'string',
    default: 'UTC',
    description: "The time zone the watermark is read in for the 'partition-time' trigger (the session zone for a TIMESTAMP_LTZ rowtime).",
  },
  {
    key: 'sink.partition-commit.policy.kind',
    type: 'string',
    description: "What committing a partition does (comma-separated): 'success-file'; 'metastore' and 'custom' are not supported.",
  },
  { key: 'sink.partition-commit.policy.class', type: 'string', description: "A PartitionCommitPolicy class ('custom' policy): not supported." },
  {
    key: 'sink.partition-commit.success-file.name',
    type: 'string',
    default: '_SUCCESS',
    description: "The file the 'success-file' policy writes into a committed partition's directory.",
  },
  { key: 'auto-compaction', type: 'boolean', default: 'false', description: 'Accepted; compaction is not implemented.' },
  { key: 'compaction.file-size', type: 'memory', description: 'Accepted.' },
  { key: 'sink.parallelism', type: 'int', description: 'Parallelism of the sink.' },
  {
    key: 'lookup.join.cache.ttl',
    type: 'duration',
    default: '60 min',
    description: 'The cache TTL (e.g. 10min) for the build table in lookup join: the files are read again after it.',
  },
  // Flink's filesystem connector has only 'lookup.join.cache.ttl'; Weir also takes the FLIP-221 lookup options
  // ('lookup.cache' defaults to FULL here, reloaded every 'lookup.join.cache.ttl').
  ...LOOKUP_OPTIONS,
];
