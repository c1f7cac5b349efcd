/**
 * The compiled NFA of a MATCH_RECOGNIZE pattern and its per-partition run
 * state, with the semantics of Flink's CEP library (NFACompiler + NFA) for the
 * patterns Flink SQL accepts: a sequence of pattern variables, each with a
 * quantifier, strict contiguity.
 *
 * Compilation (as NFACompiler, from the last element backwards):
 *  - a single variable: one state, TAKE → next; optional (`?`) adds PROCEED → next;
 *  - `{n}` / `{n,m}`: n required states then m-n optional ones, each optional
 *    one with PROCEED → the element's successor;
 *  - `+` / `{n,}` / `*`: n-1 required states, then a looping state (TAKE → self,
 *    PROCEED → successor); `*` makes the first state optional.
 *  - greedy quantifiers guard their PROCEED edges with NOT(the variable's
 *    condition): a row is only given to the next variable when it can no longer
 *    be taken by the looping one (Flink's getGreedyCondition, strict case).
 *
 * Run state ("shared buffer"): a partial match is a computation state
 * {state, node, start}; `node` is the last taken row of its path in a tree of
 * buffer nodes {row, variable, seq, prev}. Branches that share a prefix share
 * its nodes (Flink's SharedBuffer keeps a DAG whose edges carry Dewey version
 * numbers to tell the branches apart; here each branch points at its own tail,
 * which identifies the path without versions). Nothing copies a match: a match
 * is read by walking from its tail.
 *
 * Per row (NFA.doProcess): partial matches past WITHIN are dropped; every
 * partial match and the start state compute their next states (TAKE edges
 * whose condition holds, PROCEED edges followed as ε-moves); states reaching
 * the final state are completed matches. Completed matches are emitted in order
 * of their first row once no partial match started earlier (Flink's
 * processMatchesAccordingToSkipStrategy), and each emitted match prunes partial
 * and completed matches by the AFTER MATCH SKIP strategy.
 */
import { WeirError } from '../../common/error.ts';
import type { Row } from '../row.ts';

export interface PatternElement {
  /** Variable name and its index in `variables`. */
  readonly name: string;
  readonly variable: number;
  readonly min: number;
  /** Infinity for unbounded. */
  readonly max: number;
  readonly greedy: boolean;
}

export type SkipStrategy =
  | { readonly kind: 'PAST_LAST_ROW' }
  | { readonly kind: 'TO_NEXT_ROW' }
  | { readonly kind: 'TO_FIRST'; readonly variable: number; readonly name: string }
  | { readonly kind: 'TO_LAST'; readonly variable: number; readonly name: string };

/**
 * A taken row: part of one or more paths (every branch that extends this path
 * points at it). It is also the computation state of the branch that took it:
 * the NFA state that branch moved to and where the branch started — one
 * allocation per taken row and branch, nothing else.
 */
export interface BufferNode {
  readonly row: Row;
  /** Pattern variable index. */
  readonly v: number;
  /** Arrival sequence number within the partition (Flink's EventId order). */
  readonly seq: number;
  readonly prev: BufferNode | null;
  /** NFA state reached by taking this row (-1: final). */
  readonly state: number;
  readonly startSeq: number;
  readonly startTs: number;
}

/** A DEFINE condition: the partial match (tail node), the candidate row and the variable it would be taken as. */
export type Condition = (tail: BufferNode | null, row: Row, variable: number) => boolean;

const TAKE = 0;
const PROCEED = 1;
type Action = typeof TAKE | typeof PROCEED;

interface Edge {
  readonly action: Action;
  readonly target: number;
  /** Variable whose condition guards the edge; -1 = true. */
  readonly cond: number;
  /** The guard is NOT(cond) (greedy PROCEED). */
  readonly negate: boolean;
}

interface State {
  readonly id: number;
  /** Variable taken by this state's TAKE edge; -1 for the final state. */
  readonly variable: number;
  readonly greedy: boolean;
  readonly final: boolean;
  readonly edges: Edge[];
}

/** A partial or completed match: the tail node of its path (Flink's ComputationState). */
export type ComputationState = BufferNode;

/** Run state of one partition (kept in keyed state). */
export interface NfaRun {
  partial: ComputationState[];
  completed: ComputationState[];
  seq: number;
}

/** A match: its tail node (walk `prev` for the rows) and the time it was emitted at. */
export interface MatchResult {
  readonly tail: BufferNode;
  readonly ts: number;
}

export class CompiledNfa {
  readonly states: State[] = [];
  readonly start: number;
  readonly variables: readonly string[];
  private readonly conditions: readonly (Condition | null)[];
  readonly skip: SkipStrategy;
  /** WITHIN in ms, 0 = none. */
  readonly window: number;
  private readonly stack: number[] = [];
  private readonly stack2: number[] = [];
  /** Per state: a chain of PROCEED edges leads to the final state (ignoring conditions). */
  private proceedsToFinal: boolean[] = [];
  /** Condition results memoised within one computation state's step (same match, same row): 0 unknown, 1 true, 2 false. */
  private readonly memo: Uint8Array;
  /** The array the next partial matches are collected in (swapped with the run's). */
  private spare: ComputationState[] = [];

  constructor(elements: readonly PatternElement[], variables: readonly string[], conditions: readonly (Condition | null)[], skip: SkipStrategy, window: number) {
    this.variables = variables;
    this.conditions = conditions;
    this.skip = skip;
    this.window = window;
    validatePattern(elements);
    let sink = this.add(-1, false, true);
    for (let i = elements.length - 1; i >= 0; i--) sink = this.convert(elements[i]!, sink);
    this.start = sink;
    this.memo = new Uint8Array(Math.max(1, variables.length));
    const reach = (st: number, seen: Set<number>): boolean => {
      const s2 = this.states[st]!;
      if (s2.final) return true;
      if (seen.has(st)) return false;
      seen.add(st);
      return s2.edges.some((e) => e.action === PROCEED && reach(e.target, seen));
    };
    this.proceedsToFinal = this.states.map((st) => !st.final && st.edges.some((e) => e.action === PROCEED && reach(e.target, new Set([st.id]))));
  }

  private add(variable: number, greedy: boolean, final = false): number {
    const id = this.states.length;
    this.states.push({ id, variable, greedy, final, edges: [] });
    return id;
  }

  private singleton(e: PatternElement, sink: number, proceed: number | null, optional: boolean, greedy: boolean): number {
    const s = this.add(e.variable, greedy);
    const st = this.states[s]!;
    st.edges.push({ action: TAKE, target: sink, cond: e.variable, negate: false });
    if (optional && proceed !== null) {
      st.edges.push(greedy ? { action: PROCEED, target: proceed, cond: e.variable, negate: true } : { action: PROCEED, target: proceed, cond: -1, negate: false });
    }
    return s;
  }

  private convert(e: PatternElement, sink: number): number {
    const optional = e.min === 0;
    const from = Math.max(1, e.min);
    if (e.max === Infinity) {
      // looping: TAKE → self, PROCEED → sink
      const loop = this.add(e.variable, e.greedy);
      const st = this.states[loop]!;
      st.edges.push(e.greedy ? { action: PROCEED, target: sink, cond: e.variable, negate: true } : { action: PROCEED, target: sink, cond: -1, negate: false });
      st.edges.push({ action: TAKE, target: loop, cond: e.variable, negate: false });
      let last = loop;
      for (let i = 0; i < from - 1; i++) last = this.singleton(e, last, null, false, e.greedy);
      return this.singleton(e, last, sink, optional, e.greedy);
    }
    if (e.max === 1 && e.min <= 1) return this.singleton(e, sink, sink, optional, false);
    // times(from, max)
    const greedy = e.greedy && e.min !== e.max;
    let last = sink;
    for (let i = from; i < e.max; i++) last = this.singleton(e, last, sink, true, greedy);
    for (let i = 0; i < from - 1; i++) last = this.singleton(e, last, null, false, greedy);
    return this.singleton(e, last, sink, optional, greedy);
  }

  newRun(): NfaRun {
    return { partial: [], completed: [], seq: 0 };
  }

  private check(cond: number, negate: boolean, tail: BufferNode | null, row: Row): boolean {
    if (cond < 0) return true;
    const memo = this.memo;
    let r: boolean;
    const m = memo[cond]!;
    if (m !== 0) r = m === 1;
    else {
      const c = this.conditions[cond];
      r = c === null || c === undefined ? true : c(tail, row, cond);
      memo[cond] = r ? 1 : 2;
    }
    return negate ? !r : r;
  }

  /** Drops partial matches that exceed WITHIN at `time`; releases held matches that no longer wait. */
  advanceTime(run: NfaRun, time: number, out: MatchResult[]): void {
    if (this.window > 0 && run.partial.length > 0) {
      const w = this.window;
      run.partial = run.partial.filter((cs) => time - cs.startTs < w);
    }
    if (run.completed.length > 0) this.emitCompleted(run, out, time);
  }

  /** Feeds one row (in partition order) at time `ts`; appends emitted matches to `out`. */
  process(run: NfaRun, row: Row, ts: number, out: MatchResult[]): void {
    const seq = run.seq++;
    const w = this.window;
    const next = this.spare;
    let potential: ComputationState[] | null = null;
    const partial = run.partial;
    for (let i = 0, n = partial.length; i <= n; i++) {
      // the start state comes last (Flink orders it after every started partial match)
      const cs: ComputationState | null = i < n ? partial[i]! : null;
      if (cs !== null && w > 0 && ts - cs.startTs >= w) continue; // timed out
      potential = this.step(cs, row, seq, ts, next, potential);
    }
    run.partial = next;
    partial.length = 0;
    this.spare = partial;
    if (potential !== null) {
      for (const p of potential) run.completed.push(p);
    }
    if (run.completed.length > 0) this.emitCompleted(run, out, ts);
  }

  /** computeNextStates for one computation state (null = the start state). */
  private step(cs: ComputationState | null, row: Row, seq: number, ts: number, next: ComputationState[], potential: ComputationState[] | null): ComputationState[] | null {
    const tail = cs;
    const states = this.states;
    // createDecisionGraph: DFS over PROCEED edges collecting TAKE edges whose condition holds
    const stack = this.stack;
    stack.length = 0;
    stack.push(cs === null ? this.start : cs.state);
    this.memo.fill(0);
    while (stack.length > 0) {
      const st = states[stack.pop()!]!;
      const edges = st.edges;
      for (let k = 0; k < edges.length; k++) {
        const e = edges[k]!;
        if (!this.check(e.cond, e.negate, tail, row)) continue;
        if (e.action === PROCEED) {
          stack.push(e.target);
          continue;
        }
        const target = states[e.target]!;
        const created: BufferNode = {
          row,
          v: st.variable,
          seq,
          prev: tail,
          state: target.final ? -1 : e.target,
          startSeq: cs === null ? seq : cs.startSeq,
          startTs: cs === null ? ts : cs.startTs,
        };
        if (target.final) {
          (potential ??= []).push(created);
          continue;
        }
        next.push(created);
        // findFinalStateAfterProceed: evaluated on the same row, in the context before the take
        if (this.proceedsToFinal[e.target] === true && this.finalAfterProceed(e.target, tail, row)) (potential ??= []).push(created);
      }
    }
    return potential;
  }

  private finalAfterProceed(state: number, tail: BufferNode | null, row: Row): boolean {
    const stack = this.stack2;
    stack.length = 0;
    stack.push(state);
    while (stack.length > 0) {
      const st = this.states[stack.pop()!]!;
      for (const e of st.edges) {
        if (e.action !== PROCEED || !this.check(e.cond, e.negate, tail, row)) continue;
        if (this.states[e.target]!.final) return true;
        stack.push(e.target);
      }
    }
    return false;
  }

  private emitCompleted(run: NfaRun, out: MatchResult[], ts: number): void {
    const completed = run.completed;
    // stable sort by start (Flink's COMPUTATION_STATE_COMPARATOR)
    if (completed.length > 1) completed.sort((a, b) => a.startSeq - b.startSeq);
    while (completed.length > 0) {
      const m = completed[0]!;
      let earliest = Infinity;
      for (const p of run.partial) if (p.startSeq < earliest) earliest = p.startSeq;
      if (m.startSeq > earliest) break;
      completed.shift();
      const pruning = this.pruningId(m);
      if (pruning !== null) {
        const inclusive = this.skip.kind === 'PAST_LAST_ROW' || this.skip.kind === 'TO_NEXT_ROW';
        const keep = (c: ComputationState): boolean => (inclusive ? c.startSeq > pruning : c.startSeq >= pruning);
        run.partial = run.partial.filter(keep);
        const kept = completed.filter(keep);
        completed.length = 0;
        for (const c of kept) completed.push(c);
      }
      out.push({ tail: m, ts });
    }
  }

  private pruningId(tail: BufferNode): number | null {
    switch (this.skip.kind) {
      case 'PAST_LAST_ROW':
        return tail.seq;
      case 'TO_NEXT_ROW': {
        let n: BufferNode = tail;
        while (n.prev !== null) n = n.prev;
        return n.seq;
      }
      case 'TO_FIRST':
      case 'TO_LAST': {
        const v = this.skip.variable;
        let found: number | null = null;
        for (let n: BufferNode | null = tail; n !== null; n = n.prev) {
          if (n.v !== v) continue;
          found = n.seq;
          if (this.skip.kind === 'TO_LAST') break;
        }
        if (found === null) {
          throw new WeirError('runtime', 'CEP_SKIP', `Could not skip to ${this.skip.name}. No such element in the found match`);
        }
        return found;
      }
    }
  }
}

/** Flink's planner checks on a translated pattern. */
function validatePattern(elements: readonly PatternElement[]): void {
  if (elements.every((e) => e.min === 0)) {
    throw new WeirError('plan', 'UNSUPPORTED', 'Patterns that can produce empty matches are not supported. There must be at least one non-optional state.');
  }
  const last = elements[elements.length - 1]!;
  const lastGreedy = last.greedy && !(last.min === 0 && last.max === 1) && last.min !== last.max;
  if (lastGreedy) {
    throw new WeirError(
      'plan',
      'UNSUPPORTED',
      'Greedy quantifiers are not allowed as the last element of a Pattern yet. Finish your pattern with either a simple variable or reluctant quantifier.',
    );
  }
}

/** The rows of a match in order, with their variables. */
export function matchRows(tail: BufferNode): BufferNode[] {
  const rows: BufferNode[] = [];
  for (let n: BufferNode | null = tail; n !== null; n = n.prev) rows.push(n);
  return rows.reverse();
}
