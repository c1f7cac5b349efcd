/**
 * Physical planning of interval joins: a join whose condition bounds one
 * side's rowtime attribute by the other's from below and above becomes an
 * IntervalJoin (append-only inputs; graph/join.ts plans a regular join otherwise), hashed by the equi-keys (or on one subtask when there are
 * none, as Flink does). Output is insert-only and keeps both sides' time
 * attributes. Processing-time bounds are not supported yet.
 */
import { WeirError } from '../../common/error.ts';
import { IntervalJoin } from '../../runtime/operators/interval-join.ts';
import type { LogicalJoin } from '../logical/nodes.ts';
import type { JoinInfo } from '../logical/join-info.ts';
import type { Built, GraphBuilder } from './graph-builder.ts';
import { alignKeys, connect, describeKeys, joinCondition, joinKeyFn } from './join.ts';

export function buildIntervalJoin(g: GraphBuilder, rel: LogicalJoin, info: JoinInfo, left: Built, right: Built): Built {
  const iv = info.interval!;
  if (iv.processing) throw new WeirError('plan', 'UNSUPPORTED', 'Processing-time interval joins are not supported yet');
  if (rel.joinKind === 'SEMI' || rel.joinKind === 'ANTI') throw new WeirError('plan', 'UNSUPPORTED', 'Interval semi/anti joins are not supported yet');
  const { left: lk, right: rk, nullSafe } = alignKeys(info.keys);
  const leftKey = joinKeyFn(lk, nullSafe, g.opts);
  const rightKey = joinKeyFn(rk, nullSafe, g.opts);
  const params = {
    joinType: rel.joinKind,
    leftKey,
    rightKey,
    condition: joinCondition(info.rest, g.opts),
    leftTime: iv.leftTime,
    rightTime: iv.rightTime,
    lower: iv.lower,
    upper: iv.upper,
    leftWidth: rel.left.rowType.fields.length,
    rightWidth: rel.right.rowType.fields.length,
  };
  const id = g.id();
  const keyDesc = describeKeys(info.keys, { left, right });
  const name = `IntervalJoin(joinType=[${rel.joinKind}], windowBounds=[leftLowerBound=${iv.lower}, leftUpperBound=${iv.upper}, leftTimeIndex=${iv.leftTime}, rightTimeIndex=${iv.rightTime}], where=[${keyDesc}])`;
  g.addNode({ kind: 'operator', id, name, parallelism: 1, keyed: true, inputs: 2, create: () => new IntervalJoin(params) });
  const keyed = info.keys.length > 0;
  connect(g, id, left, right, keyed ? leftKey : null, keyed ? rightKey : null, keyDesc);
  return { node: id, changelog: 'insert-only', rowType: rel.rowType, producer: name };
}
