import type { MatchRecognize } from '../../src/sql/ast/match-recognize.ts';

/** [kind, syntax, min, max, reluctant] of each item of a concatenation pattern. */
export function printPatternOf(m: MatchRecognize): unknown[] {
  const items = m.pattern.kind === 'PatternConcat' ? m.pattern.items : [m.pattern];
  return items.map((p) => (p.kind === 'PatternQuantified' ? [p.kind, p.syntax, p.min, p.max, p.reluctant] : [p.kind]));
}
