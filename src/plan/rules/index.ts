/**
 * The logical rewrite program run before physical planning (graph builder):
 * each rule is a function RelNode → RelNode in its own file.
 */
import type { RelNode } from '../logical/nodes.ts';
import { rankRule } from './rank-rule.ts';
import { sortLimitRule } from './sort-limit-rule.ts';

export function optimize(rel: RelNode): RelNode {
  return sortLimitRule(rankRule(rel));
}
