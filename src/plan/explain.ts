/**
 * EXPLAIN: the logical plan as an indented tree (with each node's output
 * columns and types) followed by the job graph (nodes, parallelism, edges).
 */
import type { JobGraph } from '../runtime/graph.ts';
import { describePattern } from './binder/match-recognize.ts';
import { typeToString } from '../types/logical-type.ts';
import { inputsOf, type RelNode } from './logical/nodes.ts';
import { rexDigest } from './binder/digest.ts';
import { describeJoinStateTtl } from './binder/state-ttl-hint.ts';

function describe(rel: RelNode): string {
  const cols = rel.rowType.fields.map((f) => `${f.name} ${typeToString(f.type)}`).join(', ');
  switch (rel.kind) {
    case 'LogicalTableScan':
      return `LogicalTableScan(table=[${rel.table.qualifiedName}], fields=[${cols}])`;
    case 'LogicalValues':
      return `LogicalValues(tuples=[${rel.rows.length}])`;
    case 'LogicalProject':
      return `LogicalProject(${rel.rowType.fields.map((f, i) => `${f.name}=[${rexDigest(rel.exprs[i]!)}]`).join(', ')})`;
    case 'LogicalFilter':
      return `LogicalFilter(condition=[${rexDigest(rel.condition)}])`;
    case 'LogicalWatermarkAssigner':
      return `LogicalWatermarkAssigner(rowtime=[${rel.rowType.fields[rel.rowtimeIndex]?.name}], watermark=[${rexDigest(rel.watermark)}])`;
    case 'LogicalAggregate':
      return `LogicalAggregate(group=[{${rel.groupKeys.join(', ')}}]${rel.groupingSets ? `, groups=[${rel.groupingSets.map((s) => `{${s.join(', ')}}`).join(', ')}]` : ''}, aggs=[${rel.aggs.map((a) => a.digest).join(', ')}]${rel.stateTtl ? `, stateTtlHints=[INPUT=${rel.stateTtl.text}]` : ''})`;
    case 'LogicalUnion':
      return `LogicalUnion(all=[${rel.all}])`;
    case 'LogicalJoin':
      return `LogicalJoin(joinType=[${rel.joinKind}], condition=[${rexDigest(rel.condition)}]${rel.temporal ? `, temporal=[$${rel.temporal.leftTime}]` : ''}${describeJoinStateTtl(rel)})`;
    case 'LogicalOverAggregate':
      return `LogicalOverAggregate(partitionBy=[${rel.partitionKeys.map((k) => `$${k}`).join(', ')}], orderBy=[${rel.orderKeys.map((k) => `$${k.index}${k.descending ? ' DESC' : ''}`).join(', ')}], ${rel.frame.units} ${rel.frame.preceding ?? 'UNBOUNDED'} PRECEDING, calls=[${rel.calls.map((c) => c.digest).join(', ')}])`;
    case 'LogicalUnnest':
      return `LogicalUnnest(exprs=[${rel.exprs.map(rexDigest).join(', ')}]${rel.withOrdinality ? ', ordinality' : ''}${rel.outer ? ', outer' : ''})`;
    case 'LogicalSetOp':
      return `LogicalSetOp(op=[${rel.op}], all=[${rel.all}])`;
    case 'LogicalRank':
      return `LogicalRank(rankType=[${rel.rankType}], rankRange=[rankStart=${rel.rankStart}, rankEnd=${rel.rankEnd}], partitionBy=[${rel.partitionKeys.map((k) => `$${k}`).join(', ')}], orderBy=[${rel.orderKeys.map((k) => `$${k.index}${k.descending ? ' DESC' : ''}`).join(', ')}], select=[${cols}])`;
    case 'LogicalWindowTableFunction':
      return `LogicalWindowTableFunction(window=[${JSON.stringify(rel.window)}], timecol=[$${rel.timeIndex}]${rel.partitionKeys.length ? `, partitionBy=[${rel.partitionKeys.map((k) => `$${k}`).join(', ')}]` : ''})`;
    case 'LogicalWindowAggregate':
      return `LogicalWindowAggregate(window=[${JSON.stringify(rel.window)}], timecol=[$${rel.timeIndex}], group=[${rel.groupKeys.map((k) => ('field' in k ? `$${k.field}` : k.prop)).join(', ')}], aggs=[${rel.aggs.map((a) => a.digest).join(', ')}])`;
    case 'LogicalMatchRecognize':
      return `LogicalMatchRecognize(partitionBy=[${rel.spec.partitionKeys.map((k) => `$${k}`).join(', ')}], orderBy=[$${rel.spec.orderIndex}], pattern=[${describePattern(rel.spec.elements)}], measures=[${rel.rowType.fields.slice(rel.spec.partitionKeys.length).map((f) => f.name).join(', ')}])`;
    case 'LogicalSort':
      return `LogicalSort(sort=[${rel.keys.map((k) => `$${k.index}${k.descending ? ' DESC' : ''}`).join(', ')}], offset=[${rel.offset}], fetch=[${rel.fetch ?? 'ALL'}])`;
  }
}

export function explainRel(rel: RelNode, indent = 0): string {
  const lines = [' '.repeat(indent) + describe(rel)];
  for (const i of inputsOf(rel)) lines.push(explainRel(i, indent + 2));
  return lines.join('\n');
}

export function explainGraph(g: JobGraph): string {
  const lines = g.nodes.map((n) => {
    const outs = g.edges.filter((e) => e.from === n.id).map((e) => `-> ${e.to} [${e.exchange.kind}${e.exchange.kind === 'hash' ? `(${e.exchange.describe})` : ''}]`);
    return `${n.id}: ${n.name} (${n.kind}, parallelism=${n.parallelism}) ${outs.join(' ')}`.trimEnd();
  });
  return lines.join('\n');
}

export function explainPlan(rel: RelNode, g: JobGraph): string {
  return `== Abstract Syntax Tree ==\n${explainRel(rel)}\n\n== Job Graph ==\n${explainGraph(g)}\n`;
}
