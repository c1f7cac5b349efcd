/**
 * SortLimitRule: `ORDER BY … LIMIT n [OFFSET m]` on a stream is a Top-N
 * without partition (Flink's StreamPhysicalSortLimit, a rank):
 * LogicalSort(keys, offset m, fetch n) → LogicalRank(ROW_NUMBER,
 * rankStart m + 1, rankEnd m + n, no rank number). A LIMIT without ORDER BY
 * and an ORDER BY without LIMIT stay sorts.
 */
import type { RelNode } from '../logical/nodes.ts';
import { transformUp } from './rel-util.ts';

export function sortLimitRule(root: RelNode): RelNode {
  return transformUp(root, (rel) => {
    if (rel.kind !== 'LogicalSort' || rel.keys.length === 0 || rel.fetch === null) return rel;
    return {
      kind: 'LogicalRank',
      input: rel.input,
      partitionKeys: [],
      orderKeys: rel.keys,
      rankType: 'ROW_NUMBER',
      rankStart: rel.offset + 1,
      rankEnd: rel.offset + rel.fetch,
      outputRankNumber: false,
      rowType: rel.rowType,
    };
  });
}
