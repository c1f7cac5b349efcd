/**
 * Parallelism of a SQL job's operators from `parallelism.default` (Flink's
 * default parallelism of a job). Feature translations create their operators
 * at parallelism 1; this pass, run once on the finished graph, sets:
 *
 *   - an operator fed by a 'single' exchange (a global aggregate, a LIMIT, a
 *     non-partitioned OVER or Top-N): 1;
 *   - a keyed operator whose inputs are all hashed by key: the default;
 *   - any other operator: the largest parallelism of its inputs, so a chain
 *     of stateless operators (Calc, window assignment) follows its input and
 *     stays chained.
 *
 * Sources and sinks keep what the graph builder gave them (table scans read
 * at the default parallelism, VALUES and sinks at 1). A forward edge between
 * different parallelisms becomes a rebalance in the executor.
 */
import type { JobEdge, JobNode } from '../../runtime/graph.ts';

export function assignParallelism(nodes: readonly JobNode[], edges: readonly JobEdge[], parallelism: number): JobNode[] {
  if (parallelism === 1) return [...nodes];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const inputs = new Map<number, JobEdge[]>();
  for (const e of edges) {
    let l = inputs.get(e.to);
    if (!l) inputs.set(e.to, (l = []));
    l.push(e);
  }
  const result = new Map<number, number>();
  const visiting = new Set<number>();
  const of = (id: number): number => {
    const known = result.get(id);
    if (known !== undefined) return known;
    const n = byId.get(id)!;
    if (visiting.has(id)) return n.parallelism;
    visiting.add(id);
    let p = n.parallelism;
    if (n.kind === 'operator') {
      const ins = inputs.get(id) ?? [];
      if (ins.some((e) => e.exchange.kind === 'single')) p = 1;
      else if (n.keyed) p = ins.length > 0 && ins.every((e) => e.exchange.kind === 'hash') ? parallelism : 1;
      else p = Math.max(1, ...ins.map((e) => of(e.from)));
    }
    visiting.delete(id);
    result.set(id, p);
    return p;
  };
  return nodes.map((n) => {
    const p = of(n.id);
    return p === n.parallelism ? n : { ...n, parallelism: p };
  });
}
