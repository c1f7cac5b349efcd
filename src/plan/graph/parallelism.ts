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
import { WeirError } from '../../common/error.ts';
import type { JobEdge, JobNode } from '../../runtime/graph.ts';

/**
 * The parallelism of a SQL job's operators: 'table.exec.resource.default-parallelism'
 * when it is set to a positive number (Flink: it overrides the job's default for
 * table programs; -1, its default, defers), else 'parallelism.default' (1).
 */
export function defaultParallelism(config: ReadonlyMap<string, string>, maxParallelism: number): number {
  const read = (key: string): number | undefined => {
    const v = config.get(key);
    if (v === undefined || v.trim() === '') return undefined;
    const n = Number(v.trim());
    if (!Number.isInteger(n) || (n < 1 && !(key.startsWith('table.') && n === -1))) {
      throw new WeirError('config', 'CONFIG', `Could not parse value '${v}' for key '${key}': expected a positive integer`);
    }
    if (n > maxParallelism) throw new WeirError('config', 'CONFIG', `The value ${n} of '${key}' is larger than the maximum parallelism ${maxParallelism}`);
    return n;
  };
  const table = read('table.exec.resource.default-parallelism');
  if (table !== undefined && table > 0) return table;
  return read('parallelism.default') ?? 1;
}

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
