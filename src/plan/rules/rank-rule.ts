/**
 * RankRule (Flink's FlinkLogicalRankRule): a filter on the output of a
 * ranking OVER call becomes a LogicalRank, the Top-N node:
 *
 *   Filter(rn <= N [AND …])                 Project(…)
 *     Project(…, rn, …)              →        [Filter(rest)]
 *       OverAggregate(ROW_NUMBER() …)            Rank(rankRange=[start, N])
 *         input                                    input
 *
 * The rank column's conditions (`<= N`, `< N`, `= N`, `>= M`, `> M`,
 * BETWEEN, either operand order) give rankStart/rankEnd; other conjuncts
 * stay in a filter above. The rank number is in the Rank's output only when
 * something above still reads it (Flink's outputRankNumber). Without an upper
 * bound the plan is left as it is (and refused as an unbounded OVER rank).
 */
import type { Rex } from '../../expr/rex.ts';
import { inputsOf, type LogicalRank, type RelNode } from '../logical/nodes.ts';
import { T, type RowType } from '../../types/logical-type.ts';
import { conjuncts, inlineRex, readsField, withInputs } from './rel-util.ts';

const RANKS = new Set(['ROW_NUMBER', 'RANK', 'DENSE_RANK']);
const FLIP: Record<string, string> = { '<=': '>=', '<': '>', '>=': '<=', '>': '<', '=': '=' };

/** Top-down, so that a projection above the filter can prune the rank number. */
export function rankRule(rel: RelNode): RelNode {
  if (rel.kind === 'LogicalProject' && rel.input.kind === 'LogicalFilter') {
    const r = toRank(rel.input, rel.exprs, rel.rowType);
    if (r) return r;
  }
  if (rel.kind === 'LogicalFilter') {
    const r = toRank(rel, undefined, rel.rowType);
    if (r) return r;
  }
  return withInputs(rel, inputsOf(rel).map(rankRule));
}

function toRank(filter: Extract<RelNode, { kind: 'LogicalFilter' }>, above: readonly Rex[] | undefined, rowType: RowType): RelNode | undefined {
  let cond = filter.condition;
  let top: Rex[] = above ? [...above] : filter.rowType.fields.map((f, i) => ({ kind: 'InputRef', index: i, type: f.type }));
  let node = filter.input;
  while (node.kind === 'LogicalProject') {
    const exprs = node.exprs;
    cond = inlineRex(cond, exprs);
    top = top.map((e) => inlineRex(e, exprs));
    node = node.input;
  }
  if (node.kind !== 'LogicalOverAggregate' || node.calls.length !== 1) return undefined;
  const call = node.calls[0]!;
  if (!RANKS.has(call.fn)) return undefined;
  const over = node;
  const rankIdx = over.input.rowType.fields.length;
  let start = 1;
  let end = Infinity;
  const rest: Rex[] = [];
  for (const c of conjuncts(cond)) {
    const b = rankBound(c, rankIdx);
    if (!b) {
      rest.push(c);
      continue;
    }
    const n = b.value;
    switch (b.op) {
      case '<=':
        end = Math.min(end, n);
        break;
      case '<':
        end = Math.min(end, n - 1);
        break;
      case '=':
        start = Math.max(start, n);
        end = Math.min(end, n);
        break;
      case '>=':
        start = Math.max(start, n);
        break;
      case '>':
        start = Math.max(start, n + 1);
        break;
    }
  }
  if (end === Infinity) return undefined;
  const outputRankNumber = top.some((e) => readsField(e, rankIdx)) || rest.some((e) => readsField(e, rankIdx));
  const inFields = over.input.rowType.fields;
  const rank: LogicalRank = {
    kind: 'LogicalRank',
    input: rankRule(over.input),
    partitionKeys: over.partitionKeys,
    orderKeys: over.orderKeys,
    rankType: call.fn as LogicalRank['rankType'],
    rankStart: start,
    rankEnd: Math.max(end, 0),
    outputRankNumber,
    rowType: T.row(outputRankNumber ? [...inFields, { name: over.rowType.fields[rankIdx]!.name, type: T.bigint(false) }] : inFields, false),
  };
  let rel: RelNode = rank;
  for (const c of rest) rel = { kind: 'LogicalFilter', input: rel, condition: c, rowType: rel.rowType };
  return { kind: 'LogicalProject', input: rel, exprs: top, rowType };
}

function rankBound(c: Rex, rankIdx: number): { op: string; value: number } | undefined {
  if (c.kind !== 'Call' || !(c.name in FLIP) || c.operands.length !== 2) return undefined;
  const [a, b] = c.operands as [Rex, Rex];
  const isRank = (r: Rex): boolean => {
    while (r.kind === 'Cast') r = r.operand;
    return r.kind === 'InputRef' && r.index === rankIdx;
  };
  const num = (r: Rex): number | undefined => {
    while (r.kind === 'Cast') r = r.operand;
    return r.kind === 'Literal' && (typeof r.value === 'number' || typeof r.value === 'bigint') ? Number(r.value) : undefined;
  };
  if (isRank(a) && num(b) !== undefined) return { op: c.name, value: num(b)! };
  if (isRank(b) && num(a) !== undefined) return { op: FLIP[c.name]!, value: num(a)! };
  return undefined;
}
