/**
 * Physical planning of INTERSECT / EXCEPT [ALL]: a two-input SetOp operator,
 * both inputs hash-partitioned by the whole row. Output: insert-only for
 * INTERSECT over insert-only inputs (counts only grow), updates otherwise
 * (EXCEPT retracts a row when it shows up on the right).
 */
import { keySelector } from '../../runtime/key.ts';
import { SetOp } from '../../runtime/operators/set-op.ts';
import type { LogicalSetOp } from '../logical/nodes.ts';
import type { Built, GraphBuilder } from './graph-builder.ts';

export function buildSetOp(b: GraphBuilder, rel: LogicalSetOp): Built {
  const ins = rel.inputs.map((i) => b.visit(i));
  const fields = rel.rowType.fields.map((_, i) => i);
  const key = keySelector(fields);
  const params = { key, op: rel.op, all: rel.all, stateTtlMs: b.stateTtlMs() };
  const id = b.id();
  const name = `${rel.op === 'INTERSECT' ? 'Intersect' : 'Minus'}(all=[${rel.all}], select=[${rel.rowType.fields.map((f) => f.name).join(', ')}])`;
  b.addNode({ kind: 'operator', id, name, parallelism: 1, keyed: true, inputs: 2, create: () => new SetOp(params) });
  ins.forEach((x, i) => b.edge(x.node, id, i, { kind: 'hash', key, describe: fields.join(', ') }));
  const insertOnly = rel.op === 'INTERSECT' && ins.every((x) => x.changelog === 'insert-only');
  return { node: id, changelog: insertOnly ? 'insert-only' : 'retract', rowType: rel.rowType, producer: name };
}
