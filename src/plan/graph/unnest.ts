/**
 * Physical planning of LogicalUnnest: a stateless Unnest operator chained
 * after its input (forward exchange), passing the changelog through.
 */
import { compileRowFunction } from '../../expr/codegen.ts';
import { Unnest, type UnnestCollection } from '../../runtime/operators/unnest.ts';
import type { LogicalUnnest } from '../logical/nodes.ts';
import type { Built, GraphBuilder } from './graph-builder.ts';

export function buildUnnest(b: GraphBuilder, rel: LogicalUnnest): Built {
  const input = b.visit(rel.input);
  const collections: UnnestCollection[] = rel.exprs.map((e) => {
    const t = e.type;
    const kind = t.root === 'MAP' ? 'MAP' : t.root === 'MULTISET' ? 'MULTISET' : 'ARRAY';
    const el = t.root === 'ARRAY' || t.root === 'MULTISET' ? t.element : undefined;
    const rowElement = el?.root === 'ROW';
    const width = kind === 'MAP' ? 2 : el && el.root === 'ROW' ? el.fields.length : 1;
    return { eval: compileRowFunction(e, b.opts) as (row: unknown[]) => unknown, kind, width, rowElement };
  });
  const params = { collections, withOrdinality: rel.withOrdinality, outer: rel.outer };
  const id = b.id();
  const name = `Correlate(invocation=[UNNEST(${rel.exprs.length})], joinType=[${rel.outer ? 'LEFT' : 'INNER'}])`;
  b.addNode({ kind: 'operator', id, name, parallelism: 1, keyed: false, inputs: 1, create: () => new Unnest(params) });
  b.edge(input.node, id, 0, { kind: 'forward' });
  return { node: id, changelog: input.changelog, rowType: rel.rowType, producer: name };
}
