/**
 * Physical planning of LogicalOverAggregate: one keyed OverAggregate
 * operator, hash-partitioned by the PARTITION BY keys (a single subtask
 * without them). Event time when the ORDER BY key is a rowtime attribute,
 * processing time otherwise. Insert-only in and out, as in Flink.
 */
import { WeirError } from '../../common/error.ts';
import { constantKey, keySelector } from '../../runtime/key.ts';
import { OverAggregate, type OverCall } from '../../runtime/operators/over-aggregate.ts';
import type { LogicalOverAggregate } from '../logical/nodes.ts';
import type { Built, GraphBuilder } from './graph-builder.ts';

export function buildOver(b: GraphBuilder, rel: LogicalOverAggregate): Built {
  const input = b.visit(rel.input);
  if (input.changelog !== 'insert-only')
    throw new WeirError('plan', 'UNSUPPORTED', `StreamPhysicalOverAggregate doesn't support consuming update and delete changes which is produced by node ${input.producer}`);
  for (const c of rel.calls)
    if (c.fn === 'RANK' || c.fn === 'DENSE_RANK' || (c.fn === 'ROW_NUMBER' && rel.orderKeys.length !== 1))
      throw new WeirError('plan', 'UNSUPPORTED', `${c.fn} is only supported in a Top-N query (a filter on the rank, e.g. WHERE rn <= 10) in streaming mode`);
  const order = rel.orderKeys[0];
  if (!order) throw new WeirError('plan', 'UNSUPPORTED', 'OVER windows in stream mode need an ORDER BY on a time attribute');
  const timeType = rel.input.rowType.fields[order.index]!.type;
  const eventTime = 'timeKind' in timeType && timeType.timeKind === 'ROWTIME';
  if (!('timeKind' in timeType && timeType.timeKind) || order.descending)
    throw new WeirError('plan', 'UNSUPPORTED', `ROW_NUMBER without a Top-N filter must be ordered by a time attribute ascending; use it in a Top-N query (a filter on the rank, e.g. WHERE rn <= 10)`);
  const calls: OverCall[] = rel.calls.map((c) => {
    if (c.fn === 'ROW_NUMBER') return { kind: 'row_number' };
    if (c.fn === 'LAG') {
      const defaultField = c.args.length > 1 ? c.args[1]! : -1;
      return { kind: 'lag', arg: c.args[0]!, offset: Number(c.constArgs?.[1] ?? 1), defaultField, defaultValue: c.constArgs?.[2] ?? null };
    }
    return {
      kind: 'agg',
      call: { fn: c.fn, args: [...c.args], argTypes: [...c.argTypes], resultType: c.resultType, distinct: c.distinct, filterArg: -1, constArgs: c.constArgs ? [...c.constArgs] : undefined },
    };
  });
  const key = rel.partitionKeys.length ? keySelector(rel.partitionKeys) : constantKey;
  const params = { key, calls, units: rel.frame.units, preceding: rel.frame.preceding, timeIndex: order.index, eventTime, stateTtlMs: b.stateTtlMs() };
  const id = b.id();
  const fields = rel.rowType.fields;
  const name = `OverAggregate(${rel.partitionKeys.length ? `partitionBy=[${rel.partitionKeys.map((k) => fields[k]!.name).join(', ')}], ` : ''}orderBy=[${fields[order.index]!.name}], window=[${rel.frame.units} BETWEEN ${rel.frame.preceding ?? 'UNBOUNDED'} PRECEDING AND CURRENT ROW], select=[${rel.calls.map((c) => c.digest).join(', ')}])`;
  b.addNode({ kind: 'operator', id, name, parallelism: 1, keyed: true, inputs: 1, create: () => new OverAggregate(params) });
  b.edge(input.node, id, 0, rel.partitionKeys.length ? { kind: 'hash', key, describe: rel.partitionKeys.join(', ') } : { kind: 'single' });
  return { node: id, changelog: 'insert-only', rowType: rel.rowType, producer: name };
}
