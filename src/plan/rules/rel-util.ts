/**
 * Helpers for rules: rebuilding a node with new inputs (structurally, so
 * rules keep working when other features add node kinds), inlining
 * projections into expressions, splitting conjunctions, and asking whether an
 * expression reads a field.
 */
import { inlineRex, type Rex } from '../../expr/rex.ts';
import { inputsOf, type RelNode } from '../logical/nodes.ts';

/** The node with its inputs replaced (same order as inputsOf). */
export function withInputs(rel: RelNode, inputs: readonly RelNode[]): RelNode {
  const old = inputsOf(rel);
  if (old.length === 0 || old.every((o, i) => o === inputs[i])) return rel;
  const r = rel as unknown as Record<string, unknown>;
  if ('input' in r) return { ...r, input: inputs[0] } as unknown as RelNode;
  if ('inputs' in r) return { ...r, inputs } as unknown as RelNode;
  if ('left' in r && 'right' in r) return { ...r, left: inputs[0], right: inputs[1] } as unknown as RelNode;
  throw new Error(`withInputs: unknown shape of ${rel.kind}`);
}

/** Applies `f` bottom-up to every node. */
export function transformUp(rel: RelNode, f: (r: RelNode) => RelNode): RelNode {
  const ins = inputsOf(rel);
  const mapped = ins.map((i) => transformUp(i, f));
  return f(withInputs(rel, mapped));
}


export { inlineRex };

export function conjuncts(rex: Rex): Rex[] {
  if (rex.kind === 'Call' && rex.name === 'AND') return rex.operands.flatMap(conjuncts);
  return [rex];
}

export function readsField(rex: Rex, index: number): boolean {
  switch (rex.kind) {
    case 'InputRef':
      return rex.index === index;
    case 'Literal':
      return false;
    case 'Call':
      return rex.operands.some((o) => readsField(o, index));
    case 'Cast':
    case 'FieldAccess':
      return readsField(rex.operand, index);
    case 'Case':
      return rex.whens.some((w) => readsField(w.when, index) || readsField(w.then, index)) || readsField(rex.otherwise, index);
  }
}
