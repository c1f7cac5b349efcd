/**
 * The 'datagen' connector factory (Flink's DataGenTableSourceFactory):
 * validates per-field options against the schema and builds the generator
 * plan once; readers are created per subtask.
 */
import { randomInt as cryptoRandomInt } from 'node:crypto';
import type { DynamicTableFactory, ScanTableSource, TableFactoryContext } from '../../catalog/connector.ts';
import { OptionReader, expandDecls } from '../../catalog/options.ts';
import { DATAGEN_OPTIONS } from './options.ts';
import { nullable, randomGenerator, sequenceSpec } from './generators.ts';
import { DatagenSource, type DatagenPlan } from './source.ts';

export function datagenPlan(ctx: TableFactoryContext): DatagenPlan {
  const names = ctx.physicalSchema.fields.map((f) => f.name);
  const opts = new OptionReader(expandDecls(DATAGEN_OPTIONS, names), ctx.options);
  const zone = ctx.config.get('table.local-time-zone') ?? 'UTC';
  const columns = ctx.physicalSchema.fields.map((f) => {
    const prefix = `fields.${f.name}.`;
    const kind = opts.enumValue<'random' | 'sequence'>(prefix + 'kind') ?? 'random';
    if (kind === 'sequence') return { kind: 'sequence' as const, seq: sequenceSpec(f.type, opts, prefix) };
    const gen = nullable(randomGenerator(f.type, opts, prefix, zone), opts.double(prefix + 'null-rate') ?? 0);
    return { kind: 'random' as const, gen };
  });
  return {
    columns,
    rowsPerSecond: opts.long('rows-per-second') ?? 10000,
    numberOfRows: opts.long('number-of-rows'),
    seed: opts.long('seed') ?? cryptoRandomInt(0, 2 ** 31),
  };
}

export const datagenFactory: DynamicTableFactory = {
  identifier: 'datagen',
  options: DATAGEN_OPTIONS,
  createSource(ctx: TableFactoryContext): ScanTableSource {
    const plan = datagenPlan(ctx);
    const bounded = plan.numberOfRows !== undefined || plan.columns.some((c) => c.kind === 'sequence');
    return {
      changelogMode: { kind: 'insert-only' },
      bounded,
      createReader: (subtask, parallelism) => new DatagenSource(plan, subtask, parallelism),
    };
  },
};
