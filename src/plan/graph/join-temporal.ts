/**
 * Physical planning of temporal joins (`JOIN v FOR SYSTEM_TIME AS OF
 * l.rowtime ON l.k = v.k`): the right side must be a versioned table (a
 * rowtime attribute; its changelog gives the versions), the condition needs
 * an equality on the right side's key. Both inputs are hashed by the join key
 * into a TemporalRowTimeJoin. The output keeps the left side's changelog kind
 * and time attribute. A processing-time temporal join (`AS OF l.proctime`)
 * is a lookup join against a lookup-capable table (graph/join-lookup.ts).
 */
import { WeirError } from '../../common/error.ts';
import { TemporalRowTimeJoin } from '../../runtime/operators/temporal-join.ts';
import { isTimeAttribute } from '../../types/logical-type.ts';
import type { LogicalJoin } from '../logical/nodes.ts';
import { analyzeJoin, joinedTypes } from '../logical/join-info.ts';
import type { Built, GraphBuilder } from './graph-builder.ts';
import { alignKeys, connect, describeKeys, joinCondition, joinKeyFn } from './join.ts';
import { buildLookupJoin } from './join-lookup.ts';

export function buildTemporalJoin(g: GraphBuilder, rel: LogicalJoin): Built {
  const temporal = rel.temporal!;
  const lw = rel.left.rowType.fields.length;
  const info = analyzeJoin(rel.condition, lw, joinedTypes(rel.left.rowType, rel.right.rowType), false);
  if (info.keys.length === 0)
    throw new WeirError('validation', 'VALIDATION', 'Temporal table join requires an equality condition on fields of table');
  if (temporal.processing) return buildLookupJoin(g, rel, info);
  const rightTime = rel.right.rowType.fields.findIndex((f) => isTimeAttribute(f.type) && (f.type as { timeKind?: string }).timeKind === 'ROWTIME');
  if (rightTime < 0)
    throw new WeirError(
      'validation',
      'VALIDATION',
      "Event-Time Temporal Table Join requires both primary key and row time attribute in versioned table, but no row time attribute can be found.",
    );
  const left = g.visit(rel.left);
  // The versions are the source's own change rows (a -U/-D carries the time it takes effect), as in Flink.
  const saved = g.rawChangelogSources;
  g.rawChangelogSources = true;
  let right: Built;
  try {
    right = g.visit(rel.right);
  } finally {
    g.rawChangelogSources = saved;
  }
  const { left: lk, right: rk, nullSafe } = alignKeys(info.keys);
  const leftKey = joinKeyFn(lk, nullSafe, g.opts);
  const rightKey = joinKeyFn(rk, nullSafe, g.opts);
  const params = {
    leftOuter: rel.joinKind === 'LEFT',
    leftKey,
    rightKey,
    condition: joinCondition(info.rest, g.opts),
    leftTime: temporal.leftTime,
    rightTime,
    leftWidth: lw,
    rightWidth: rel.right.rowType.fields.length,
  };
  const id = g.id();
  const keyDesc = describeKeys(info.keys, { left, right });
  const name = `TemporalJoin(joinType=[${rel.joinKind}], where=[${keyDesc}${info.rest ? ', …' : ''}], leftTimeIndex=[${temporal.leftTime}], rightTimeIndex=[${rightTime}])`;
  g.addNode({ kind: 'operator', id, name, parallelism: 1, keyed: true, inputs: 2, create: () => new TemporalRowTimeJoin(params) });
  connect(g, id, left, right, leftKey, rightKey, keyDesc);
  return { node: id, changelog: left.changelog, rowType: rel.rowType, producer: name };
}
