/**
 * The NFA against a straightforward reference matcher: backtracking over the
 * rows of one partition, enumerating every assignment of consecutive rows to
 * the pattern's elements under Flink's local rules (strict contiguity; a
 * greedy element gives a row to what follows only when the row cannot be
 * taken by it), then choosing matches as Flink emits them (by start; per start
 * the earliest-ending match; a start still open at the end blocks later ones;
 * SKIP PAST LAST ROW / TO NEXT ROW prune later starts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CompiledNfa, matchRows, type BufferNode, type Condition, type MatchResult, type PatternElement, type SkipStrategy } from './nfa.ts';
import { lastRow } from './evaluate.ts';
import type { Row } from '../row.ts';

type CondSpec = { kind: 'lt'; k: number } | { kind: 'gt'; k: number } | { kind: 'up' } | { kind: 'down' } | { kind: 'sumLt'; k: number } | { kind: 'true' };

function makeCondition(c: CondSpec): Condition {
  switch (c.kind) {
    case 'lt':
      return (_t, r) => (r[0] as number) < c.k;
    case 'gt':
      return (_t, r) => (r[0] as number) > c.k;
    case 'up':
    case 'down':
      return (t, r, v) => {
        const prev = lastRow(t, r, v, -1, 1);
        if (prev === null) return true;
        return c.kind === 'up' ? (r[0] as number) > (prev[0] as number) : (r[0] as number) < (prev[0] as number);
      };
    case 'sumLt':
      return (t, r, v) => {
        let s = r[0] as number;
        for (let n = t; n !== null; n = n.prev) if (n.v === v) s += n.row[0] as number;
        return s < c.k;
      };
    case 'true':
      return () => true;
  }
}

interface Found {
  start: number;
  end: number;
  labels: number[];
}

/** All complete matches per start, and whether the start is still open after the last row. */
function reference(rows: Row[], els: readonly PatternElement[], conds: readonly Condition[]): { complete: Found[][]; open: boolean[] } {
  const complete: Found[][] = rows.map(() => []);
  const open: boolean[] = rows.map(() => false);
  const chain = (labels: number[], start: number): BufferNode | null => {
    let n: BufferNode | null = null;
    labels.forEach((v, i) => (n = { row: rows[start + i]!, v, seq: start + i, prev: n, state: 0, startSeq: start, startTs: start }));
    return n;
  };
  const search = (start: number, i: number, c: number, labels: number[]): void => {
    const p = start + labels.length;
    if (p === rows.length) {
      open[start] = true;
      return;
    }
    const r = rows[p]!;
    const e = els[i]!;
    const tail = chain(labels, start);
    const takes = c < e.max && conds[e.variable]!(tail, r, e.variable);
    if (takes) {
      const l2 = [...labels, e.variable];
      if (i === els.length - 1 && c + 1 >= e.min) complete[start]!.push({ start, end: p, labels: l2 });
      // the state stays alive unless it is the last required state of the last element
      if (!(i === els.length - 1 && c + 1 === e.max)) search(start, i, c + 1, l2);
    }
    // proceed to the next element (an ε-move on the same row)
    if (c >= e.min && i < els.length - 1) {
      const greedy = e.greedy && !(e.min === 0 && e.max === 1) && e.min !== e.max;
      // (once the element has its maximum the run already sits in the next element's state: no guard)
      if (!greedy || c === e.max || !conds[e.variable]!(tail, r, e.variable)) search(start, i + 1, 0, labels);
    }
  };
  for (let s = 0; s < rows.length; s++) search(s, 0, 0, []);
  return { complete, open };
}

function expected(rows: Row[], els: readonly PatternElement[], conds: readonly Condition[], skip: SkipStrategy): string[] {
  const { complete, open } = reference(rows, els, conds);
  const out: string[] = [];
  let from = 0;
  for (let s = 0; s < rows.length; s++) {
    if (s < from) continue;
    const ms = complete[s]!;
    if (ms.length === 0) {
      if (open[s]) break;
      continue;
    }
    const best = ms.reduce((a, b) => (b.end < a.end ? b : a));
    out.push(`${best.start}-${best.end}:${best.labels.join('')}`);
    from = skip.kind === 'PAST_LAST_ROW' ? best.end + 1 : s + 1;
  }
  return out;
}

function actual(rows: Row[], els: readonly PatternElement[], conds: readonly Condition[], skip: SkipStrategy): string[] {
  const nfa = new CompiledNfa(els, els.map((e) => e.name), conds, skip, 0);
  const run = nfa.newRun();
  const res: MatchResult[] = [];
  rows.forEach((r, i) => nfa.process(run, r, i, res));
  return res.map((m) => {
    const ns = matchRows(m.tail);
    return `${ns[0]!.seq}-${ns[ns.length - 1]!.seq}:${ns.map((n) => n.v).join('')}`;
  });
}

const condArb: fc.Arbitrary<CondSpec> = fc.oneof(
  fc.record({ kind: fc.constant('lt' as const), k: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ kind: fc.constant('gt' as const), k: fc.integer({ min: 0, max: 6 }) }),
  fc.constant({ kind: 'up' as const }),
  fc.constant({ kind: 'down' as const }),
  fc.record({ kind: fc.constant('sumLt' as const), k: fc.integer({ min: 3, max: 15 }) }),
  fc.constant({ kind: 'true' as const }),
);

const quantArb = fc.constantFrom(
  { min: 1, max: 1 },
  { min: 0, max: 1 },
  { min: 1, max: Infinity },
  { min: 0, max: Infinity },
  { min: 2, max: 2 },
  { min: 2, max: Infinity },
  { min: 1, max: 3 },
  { min: 0, max: 2 },
);

const patternArb = fc
  .array(fc.record({ q: quantArb, greedy: fc.boolean(), cond: condArb }), { minLength: 1, maxLength: 4 })
  .map((items) => {
    // Flink's rules: the last element is a single variable, {n}, or reluctant with a minimum;
    // a reluctant optional variable does not exist; not every element may be optional.
    const last = items[items.length - 1]!;
    if (last.q.min === 0) last.q = { min: 1, max: last.q.max === 1 ? 1 : last.q.max };
    if (last.q.min !== last.q.max) last.greedy = false;
    return items.map((it) => ({ ...it, greedy: it.q.min === 0 && it.q.max === 1 ? true : it.greedy }));
  });

test('NFA agrees with a backtracking reference matcher on random patterns and sequences', () => {
  fc.assert(
    fc.property(patternArb, fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 0, maxLength: 12 }), fc.constantFrom<SkipStrategy>({ kind: 'PAST_LAST_ROW' }, { kind: 'TO_NEXT_ROW' }), (items, values, skip) => {
      const els: PatternElement[] = items.map((it, i) => ({ name: String.fromCharCode(65 + i), variable: i, min: it.q.min, max: it.q.max, greedy: it.greedy }));
      const conds = items.map((it) => makeCondition(it.cond));
      const rows = values.map((v) => [v]);
      assert.deepEqual(actual(rows, els, conds, skip), expected(rows, els, conds, skip));
    }),
    { numRuns: 3000 },
  );
});

test('greedy A+ keeps rows that could also be B; reluctant A+? gives the row to B', () => {
  const conds = [makeCondition({ kind: 'lt', k: 5 }), makeCondition({ kind: 'lt', k: 9 })];
  const rows = [[1], [2], [3], [7]];
  const greedy: PatternElement[] = [
    { name: 'A', variable: 0, min: 1, max: Infinity, greedy: true },
    { name: 'B', variable: 1, min: 1, max: 1, greedy: false },
  ];
  assert.deepEqual(actual(rows, greedy, conds, { kind: 'PAST_LAST_ROW' }), ['0-3:0001']);
  const reluctant = [{ ...greedy[0]!, greedy: false }, greedy[1]!];
  assert.deepEqual(actual(rows, reluctant, conds, { kind: 'PAST_LAST_ROW' }), ['0-1:01', '2-3:01']);
});

test('empty-match patterns and a greedy last element are refused with Flink\'s messages', () => {
  const c = [null];
  assert.throws(() => new CompiledNfa([{ name: 'A', variable: 0, min: 0, max: Infinity, greedy: true }], ['A'], c, { kind: 'PAST_LAST_ROW' }, 0), /empty matches are not supported/);
  assert.throws(
    () =>
      new CompiledNfa(
        [
          { name: 'A', variable: 0, min: 1, max: 1, greedy: true },
          { name: 'B', variable: 1, min: 1, max: Infinity, greedy: true },
        ],
        ['A', 'B'],
        [null, null],
        { kind: 'PAST_LAST_ROW' },
        0,
      ),
    /Greedy quantifiers are not allowed as the last element/,
  );
});
