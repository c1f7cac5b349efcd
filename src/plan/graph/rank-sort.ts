/**
 * Physical planning of ORDER BY without LIMIT on a stream (Flink's
 * StreamExecTemporalSort): the first key must be a time attribute in
 * ascending order. Rowtime: a TemporalSort on one subtask, rows released by
 * the watermark in rowtime order; proctime: rows are already in arrival
 * order, so the stream passes through. ORDER BY … LIMIT became a Top-N
 * (rules/sort-limit-rule.ts) before this.
 */
import { WeirError } from '../../common/error.ts';
import { TemporalSort } from '../../runtime/operators/sort-temporal.ts';
import { rowComparator } from '../../runtime/operators/sort-compare.ts';
import type { LogicalSort } from '../logical/nodes.ts';
import type { Built, GraphBuilder } from './graph-builder.ts';

export function buildTemporalSort(b: GraphBuilder, rel: LogicalSort): Built {
  const first = rel.keys[0]!;
  const t = rel.input.rowType.fields[first.index]!.type;
  const kind = 'timeKind' in t ? t.timeKind : undefined;
  if (!kind || first.descending)
    throw new WeirError('plan', 'UNSUPPORTED', 'Sort on a non-time-attribute field is not supported.');
  if (rel.offset > 0) throw new WeirError('plan', 'UNSUPPORTED', 'OFFSET without FETCH/LIMIT on a stream is not supported');
  const input = b.visit(rel.input);
  if (input.changelog !== 'insert-only')
    throw new WeirError('plan', 'UNSUPPORTED', `StreamPhysicalTemporalSort doesn't support consuming update and delete changes which is produced by node ${input.producer}`);
  if (kind === 'PROCTIME') return { ...input, rowType: rel.rowType };
  const params = { timeIndex: first.index, secondary: rowComparator(rel.keys.slice(1)) };
  const id = b.id();
  const name = `TemporalSort(orderBy=[${rel.keys.map((k) => `${rel.rowType.fields[k.index]!.name} ${k.descending ? 'DESC' : 'ASC'}`).join(', ')}])`;
  b.addNode({ kind: 'operator', id, name, parallelism: 1, keyed: true, inputs: 1, create: () => new TemporalSort(params) });
  b.edge(input.node, id, 0, { kind: 'single' });
  return { node: id, changelog: 'insert-only', rowType: rel.rowType, producer: name };
}
