/**
 * Physical planning of LogicalRank (Flink's StreamPhysicalRank /
 * StreamPhysicalDeduplicate): hash-partitioned by the PARTITION BY keys.
 *
 *  - ROW_NUMBER, rank 1..1, ordered by one time attribute, rank number not
 *    output, insert-only input → Deduplicate (keep first for ASC, keep last
 *    for DESC; processing or event time);
 *  - otherwise TopN, keeping only the top rows for insert-only input.
 *
 * Output changelog: insert-only for processing-time keep-first and for a
 * Top-N ordered by proctime ASC over insert-only input (Flink's
 * AppendOnlyFirstN: nothing can overtake an earlier arrival); updates
 * otherwise.
 */
import { constantKey, keySelector } from '../../runtime/key.ts';
import { Deduplicate } from '../../runtime/operators/deduplicate.ts';
import { TopN } from '../../runtime/operators/top-n.ts';
import { rowComparator } from '../../runtime/operators/sort-compare.ts';
import type { LogicalRank } from '../logical/nodes.ts';
import type { Built, GraphBuilder } from './graph-builder.ts';

function timeKindOf(rel: LogicalRank, index: number): 'ROWTIME' | 'PROCTIME' | undefined {
  const t = rel.input.rowType.fields[index]!.type;
  return 'timeKind' in t ? t.timeKind : undefined;
}

export function buildRank(b: GraphBuilder, rel: LogicalRank): Built {
  const input = b.visit(rel.input);
  const fields = rel.input.rowType.fields;
  const key = rel.partitionKeys.length ? keySelector(rel.partitionKeys) : constantKey;
  const exchange = rel.partitionKeys.length ? ({ kind: 'hash', key, describe: rel.partitionKeys.join(', ') } as const) : ({ kind: 'single' } as const);
  const order = rel.orderKeys[0];
  const timeKind = rel.orderKeys.length === 1 && order ? timeKindOf(rel, order.index) : undefined;
  const insertOnlyIn = input.changelog === 'insert-only';
  const partition = rel.partitionKeys.map((k) => fields[k]!.name).join(', ');
  const orderBy = rel.orderKeys.map((k) => `${fields[k.index]!.name} ${k.descending ? 'DESC' : 'ASC'}`).join(', ');
  const id = b.id();
  if (rel.rankType === 'ROW_NUMBER' && rel.rankStart === 1 && rel.rankEnd === 1 && !rel.outputRankNumber && timeKind && order && insertOnlyIn) {
    const keepLast = order.descending;
    const params = { key, keepLast, rowtimeIndex: timeKind === 'ROWTIME' ? order.index : -1 };
    const name = `Deduplicate(keep=[${keepLast ? 'LastRow' : 'FirstRow'}], key=[${partition}], order=[${timeKind}])`;
    b.addNode({ kind: 'operator', id, name, parallelism: 1, keyed: true, inputs: 1, create: () => new Deduplicate(params) });
    b.edge(input.node, id, 0, exchange);
    const changelog = timeKind === 'PROCTIME' && !keepLast ? 'insert-only' : 'retract';
    return { node: id, changelog, rowType: rel.rowType, producer: name };
  }
  const params = {
    key,
    compare: rowComparator(rel.orderKeys),
    rankType: rel.rankType,
    rankStart: rel.rankStart,
    rankEnd: rel.rankEnd,
    outputRankNumber: rel.outputRankNumber,
    inputRetracts: !insertOnlyIn,
  };
  const name = `Rank(strategy=[${insertOnlyIn ? 'AppendFastStrategy' : 'RetractStrategy'}], rankType=[${rel.rankType}], rankRange=[rankStart=${rel.rankStart}, rankEnd=${rel.rankEnd}], partitionBy=[${partition}], orderBy=[${orderBy}], select=[${rel.rowType.fields.map((f) => f.name).join(', ')}])`;
  b.addNode({ kind: 'operator', id, name, parallelism: 1, keyed: true, inputs: 1, create: () => new TopN(params) });
  b.edge(input.node, id, 0, exchange);
  const firstN = insertOnlyIn && timeKind === 'PROCTIME' && order !== undefined && !order.descending;
  return { node: id, changelog: firstN ? 'insert-only' : 'retract', rowType: rel.rowType, producer: name };
}
