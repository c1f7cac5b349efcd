/**
 * Physical planning of window joins: a join whose equi-keys include
 * `L.window_start = R.window_start` and `L.window_end = R.window_end`, where
 * both sides' columns come from window TVFs (through projections and
 * filters), becomes a WindowJoin (all join kinds, semi and anti included)
 * keyed by the other equi-keys. Insert-only output, emitted when the
 * watermark passes each window's end.
 */
import type { Rex } from '../../expr/rex.ts';
import { WindowJoin, NO_MATCH_KEY } from '../../runtime/operators/window-join.ts';
import type { LogicalJoin, RelNode } from '../logical/nodes.ts';
import type { EquiKey, JoinInfo } from '../logical/join-info.ts';
import type { Built, GraphBuilder } from './graph-builder.ts';
import { alignKeys, describeKeys, joinCondition, joinKeyFn } from './join.ts';

type Prop = 'window_start' | 'window_end' | 'window_time';

/** Which window property of a window TVF the field is, looking through projections and filters. */
export function windowProp(rel: RelNode, index: number): Prop | null {
  switch (rel.kind) {
    case 'LogicalWindowTableFunction': {
      const w = rel.input.rowType.fields.length;
      return index === w ? 'window_start' : index === w + 1 ? 'window_end' : index === w + 2 ? 'window_time' : null;
    }
    case 'LogicalProject': {
      const e = rel.exprs[index];
      return e && e.kind === 'InputRef' ? windowProp(rel.input, e.index) : null;
    }
    case 'LogicalFilter':
      return windowProp(rel.input, index);
    default:
      return null;
  }
}

function refIndex(r: Rex): number | null {
  return r.kind === 'InputRef' ? r.index : null;
}

/** The window_start/window_end key pairs, when the join is a window join. */
export function windowJoinKeys(rel: LogicalJoin, info: JoinInfo): { start: EquiKey; end: EquiKey; rest: EquiKey[] } | null {
  let start: EquiKey | undefined;
  let end: EquiKey | undefined;
  const rest: EquiKey[] = [];
  for (const k of info.keys) {
    const li = refIndex(k.left);
    const ri = refIndex(k.right);
    const lp = li === null ? null : windowProp(rel.left, li);
    const rp = ri === null ? null : windowProp(rel.right, ri);
    if (lp && lp === rp && lp === 'window_start' && !start) start = k;
    else if (lp && lp === rp && lp === 'window_end' && !end) end = k;
    else rest.push(k);
  }
  return start && end ? { start, end, rest } : null;
}

export function buildWindowJoin(g: GraphBuilder, rel: LogicalJoin, info: JoinInfo, wk: { end: EquiKey; rest: EquiKey[] }, left: Built, right: Built): Built {
  const { left: lk, right: rk, nullSafe } = alignKeys(wk.rest);
  const leftKey = joinKeyFn(lk, nullSafe, g.opts);
  const rightKey = joinKeyFn(rk, nullSafe, g.opts);
  const params = {
    joinType: rel.joinKind,
    leftKey,
    rightKey,
    condition: joinCondition(info.rest, g.opts),
    leftWindowEnd: refIndex(wk.end.left)!,
    rightWindowEnd: refIndex(wk.end.right)!,
    leftWidth: rel.left.rowType.fields.length,
    rightWidth: rel.right.rowType.fields.length,
  };
  const id = g.id();
  const keyDesc = describeKeys(wk.rest, { left, right });
  const name = `WindowJoin(joinType=[${rel.joinKind}], where=[${keyDesc}${info.rest ? ', …' : ''}])`;
  g.addNode({ kind: 'operator', id, name, parallelism: 1, keyed: true, inputs: 2, create: () => new WindowJoin(params) });
  if (wk.rest.length > 0) {
    g.edge(left.node, id, 0, { kind: 'hash', key: (r) => leftKey(r) ?? NO_MATCH_KEY, describe: keyDesc });
    g.edge(right.node, id, 1, { kind: 'hash', key: (r) => rightKey(r) ?? NO_MATCH_KEY, describe: keyDesc });
  } else {
    g.edge(left.node, id, 0, { kind: 'single' });
    g.edge(right.node, id, 1, { kind: 'single' });
  }
  return { node: id, changelog: 'insert-only', rowType: rel.rowType, producer: name };
}
