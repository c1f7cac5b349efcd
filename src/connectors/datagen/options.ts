/**
 * The 'datagen' connector's options, with Flink's keys and defaults
 * (DataGenConnectorOptions). Per-field options use '#' for the column name.
 */
import type { OptionDecl } from '../../catalog/connector.ts';

export const DATAGEN_OPTIONS: readonly OptionDecl[] = [
  { key: 'rows-per-second', type: 'long', default: '10000', description: 'Rows per second to emit (over all subtasks).' },
  { key: 'number-of-rows', type: 'long', description: 'Total rows to emit; the source is bounded when set.' },
  { key: 'scan.parallelism', type: 'int', description: 'Parallelism of the source.' },
  {
    key: 'seed',
    type: 'long',
    description: 'Weir extension: seed of the random generators, for reproducible data (default: a random seed).',
  },
  {
    key: 'fields.#.kind',
    type: 'enum',
    default: 'random',
    enumValues: ['random', 'sequence'],
    description: "Generator of this field: 'random' or 'sequence'.",
  },
  { key: 'fields.#.min', type: 'string', description: 'Minimum value of a random generator (numeric types).' },
  { key: 'fields.#.max', type: 'string', description: 'Maximum value of a random generator (numeric types).' },
  {
    key: 'fields.#.max-past',
    type: 'duration',
    default: '0',
    description: 'Maximum past of a random timestamp generator (values lie in [now - max-past, now]).',
  },
  {
    key: 'fields.#.length',
    type: 'int',
    default: '100',
    description: 'Length of random strings and bytes, size of random arrays, maps and multisets.',
  },
  { key: 'fields.#.var-len', type: 'boolean', default: 'false', description: 'Random strings and bytes of variable length (1..length).' },
  { key: 'fields.#.start', type: 'string', description: 'Start value of a sequence generator.' },
  { key: 'fields.#.end', type: 'string', description: 'End value of a sequence generator (inclusive).' },
  { key: 'fields.#.null-rate', type: 'double', default: '0.0', description: 'Ratio of null values.' },
];
