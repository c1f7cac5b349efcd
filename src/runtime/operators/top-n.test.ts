import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TOP_N_STATE, TopN, type RankType } from './top-n.ts';
import { OperatorHarness } from './harness.ts';
import { keySelector } from '../key.ts';
import { rowComparator } from './sort-compare.ts';

function topN(opts: { rankType?: RankType; start?: number; end: number; rn?: boolean; retracts?: boolean; desc?: boolean }): OperatorHarness {
  return new OperatorHarness(
    new TopN({
      key: keySelector([0]),
      compare: rowComparator([{ index: 1, descending: opts.desc ?? false, nullsFirst: !(opts.desc ?? false) }]),
      rankType: opts.rankType ?? 'ROW_NUMBER',
      rankStart: opts.start ?? 1,
      rankEnd: opts.end,
      outputRankNumber: opts.rn ?? false,
      inputRetracts: opts.retracts ?? false,
    }),
  );
}

test('TopN insert-only without rank number: the pushed-out row is deleted before the new one is inserted', () => {
  const h = topN({ end: 2 });
  h.process([['a', 3], ['a', 1], ['b', 5], ['a', 2], ['a', 4], ['a', 0]]);
  assert.deepEqual(h.take(), ['+I[a, 3]', '+I[a, 1]', '+I[b, 5]', '-D[a, 3]', '+I[a, 2]', '-D[a, 2]', '+I[a, 0]']);
});

test('TopN: a row equal to the last of a full top N does not enter (earlier rows win ties)', () => {
  const h = topN({ end: 2, rn: true });
  h.process([['a', 1], ['a', 2], ['a', 2], ['a', 1]]);
  assert.deepEqual(h.take(), ['+I[a, 1, 1]', '+I[a, 2, 2]', '-U[a, 2, 2]', '+U[a, 1, 2]']);
});

test('TopN with rank number updates every shifted rank, in rank order', () => {
  const h = topN({ end: 3, rn: true });
  h.process([['a', 5], ['a', 7], ['a', 1]]);
  assert.deepEqual(h.take(), ['+I[a, 5, 1]', '+I[a, 7, 2]', '-U[a, 5, 1]', '+U[a, 1, 1]', '-U[a, 7, 2]', '+U[a, 5, 2]', '+I[a, 7, 3]']);
});

test('TopN rank range 2..3 (BETWEEN) only shows ranks 2 and 3', () => {
  const h = topN({ start: 2, end: 3 });
  h.process([['a', 5], ['a', 7], ['a', 1], ['a', 0]]);
  assert.deepEqual(h.take(), ['+I[a, 7]', '+I[a, 5]', '-D[a, 7]', '+I[a, 1]']);
});

test('TopN retracting input: a deleted top row is replaced by the next one', () => {
  const h = topN({ end: 2, retracts: true });
  h.changelog([['+I', ['a', 1]], ['+I', ['a', 2]], ['+I', ['a', 3]], ['-D', ['a', 1]], ['-U', ['a', 3]], ['+U', ['a', 0]]]);
  assert.deepEqual(h.take(), ['+I[a, 1]', '+I[a, 2]', '-D[a, 1]', '+I[a, 3]', '-D[a, 3]', '+I[a, 0]']);
});

test('TopN retracting input with rank number', () => {
  const h = topN({ end: 2, retracts: true, rn: true });
  h.changelog([['+I', ['a', 1]], ['+I', ['a', 2]], ['+I', ['a', 3]], ['-D', ['a', 1]], ['-D', ['a', 3]], ['-D', ['a', 2]]]);
  assert.deepEqual(h.take(), ['+I[a, 1, 1]', '+I[a, 2, 2]', '-U[a, 1, 1]', '+U[a, 2, 1]', '-U[a, 2, 2]', '+U[a, 3, 2]', '-D[a, 3, 2]', '-D[a, 2, 1]']);
});

test('TopN RANK keeps ties at the same rank', () => {
  const h = topN({ rankType: 'RANK', end: 2, rn: true });
  h.process([['a', 1], ['a', 1], ['a', 2], ['a', 0]]);
  assert.deepEqual(h.materialize(), ['[a, 0, 1]', '[a, 1, 2]', '[a, 1, 2]']);
});

test('TopN DENSE_RANK', () => {
  const h = topN({ rankType: 'DENSE_RANK', end: 2, rn: true });
  h.process([['a', 1], ['a', 1], ['a', 3], ['a', 2]]);
  assert.deepEqual(h.materialize(), ['[a, 1, 1]', '[a, 1, 1]', '[a, 2, 2]']);
});

test('TopN state survives a snapshot and restore', () => {
  const h = topN({ end: 2 });
  h.process([['a', 3], ['a', 1]]);
  const snap = h.snapshot();
  const h2 = new OperatorHarness(
    new TopN({ key: keySelector([0]), compare: rowComparator([{ index: 1, descending: false, nullsFirst: true }]), rankType: 'ROW_NUMBER', rankStart: 1, rankEnd: 2, outputRankNumber: false, inputRetracts: false }),
    {},
    [snap],
  );
  h2.process([['a', 2]]);
  assert.deepEqual(h2.take(), ['-D[a, 3]', '+I[a, 2]']);
});

/** Reference: the final top-N of a multiset of rows, with ranks. */
function reference(rows: [string, number][], rankType: RankType, end: number): string[] {
  const out: string[] = [];
  for (const k of new Set(rows.map((r) => r[0]))) {
    const vs = rows.filter((r) => r[0] === k).map((r) => r[1]).sort((a, b) => a - b);
    let rank = 0;
    vs.forEach((v, i) => {
      if (i === 0 || vs[i - 1] !== v) rank = rankType === 'RANK' ? i + 1 : rankType === 'DENSE_RANK' ? rank + 1 : i + 1;
      else if (rankType === 'ROW_NUMBER') rank = i + 1;
      if (rank <= end) out.push(`[${k}, ${v}, ${rank}]`);
    });
  }
  return out.sort();
}

test('TopN property: the materialized changelog of random inserts/deletes is the top N of the final rows', () => {
  const op = fc.oneof(
    fc.record({ ins: fc.constant(true), k: fc.constantFrom('a', 'b'), v: fc.integer({ min: 0, max: 5 }) }),
    fc.record({ ins: fc.constant(false), at: fc.nat() }),
  );
  fc.assert(
    fc.property(fc.array(op, { maxLength: 40 }), fc.constantFrom<RankType>('ROW_NUMBER', 'RANK', 'DENSE_RANK'), fc.integer({ min: 1, max: 3 }), (ops, rankType, end) => {
      const h = topN({ rankType, end, rn: true, retracts: true });
      const live: [string, number][] = [];
      for (const o of ops) {
        if ('k' in o) {
          live.push([o.k, o.v]);
          h.process([[o.k, o.v]], ['+I']);
        } else if (live.length) {
          const [r] = live.splice(o.at % live.length, 1);
          h.process([[r![0], r![1]]], ['-D']);
        }
      }
      assert.deepEqual(h.materialize(), reference(live, rankType, end));
    }),
    { numRuns: 300 },
  );
});

test('TopN lastWinsTies (ORDER BY proctime DESC): of equal sort keys the newest arrival ranks first', () => {
  const h = new OperatorHarness(
    new TopN({
      key: keySelector([0]),
      compare: rowComparator([{ index: 1, descending: true, nullsFirst: false }]),
      rankType: 'ROW_NUMBER',
      rankStart: 1,
      rankEnd: 2,
      outputRankNumber: false,
      inputRetracts: false,
      lastWinsTies: true,
    }),
  );
  h.process([['a', 5, 'p'], ['a', 5, 'q'], ['a', 5, 'r']]);
  assert.deepEqual(h.take(), ['+I[a, 5, p]', '+I[a, 5, q]', '-D[a, 5, p]', '+I[a, 5, r]']);
});

for (const backend of ['hashmap', 'lmdb']) {
  test(`TopN state TTL (${backend}): a partition not written for the TTL starts again; its time survives a restore; expired partitions are removed incrementally`, () => {
    const cfg = { config: new Map([['state.backend.type', backend]]) };
    const op = (): TopN =>
      new TopN({ key: keySelector([0]), compare: rowComparator([{ index: 1, descending: false, nullsFirst: true }]), rankType: 'ROW_NUMBER', rankStart: 1, rankEnd: 2, outputRankNumber: false, inputRetracts: false, stateTtlMs: 1000 });
    const h = new OperatorHarness(op(), cfg);
    h.process([['a', 3], ['a', 1], ['b', 1]]);
    h.now = 500;
    h.process([['a', 2]]); // written at 500
    assert.deepEqual(h.take(), ['+I[a, 3]', '+I[a, 1]', '+I[b, 1]', '-D[a, 3]', '+I[a, 2]']);
    const r = new OperatorHarness(op(), cfg, [h.snapshot()]);
    r.now = 1400;
    r.process([['a', 5]]); // does not enter a full top 2: not a write
    r.now = 1500;
    r.process([['a', 9]]); // a's rows were last written at 500: expired, 9 ranks first
    assert.deepEqual(r.take(), ['+I[a, 9]']);
    r.now = 10_000;
    for (let i = 0; i < 10; i++) r.process([[`k${i}`, i]]);
    const keys = [...r.keyed.valueState({ name: `${TOP_N_STATE.name}-ttl` }).entries()].map(([k]) => k);
    assert.equal(keys.includes('a') || keys.includes('b'), false, `expired partitions are gone: ${keys.join(',')}`);
  });
}

test('TopN: a checkpoint written without state TTL is refused by an operator with it, and the reverse (Flink refuses a changed TTL too)', () => {
  const op = (ttl: number): TopN =>
    new TopN({ key: keySelector([0]), compare: rowComparator([{ index: 1, descending: false, nullsFirst: true }]), rankType: 'ROW_NUMBER', rankStart: 1, rankEnd: 2, outputRankNumber: false, inputRetracts: false, stateTtlMs: ttl });
  for (const [from, to] of [[0, 1000], [1000, 0]] as const) {
    const h = new OperatorHarness(op(from));
    h.process([['a', 1]]);
    const snap = h.snapshot();
    assert.throws(() => new OperatorHarness(op(to), {}, [snap]), /The restored state 'top-n-rows' was written with(out)? state TTL .* not supported/);
    const same = new OperatorHarness(op(from), {}, [snap]);
    same.process([['a', 0]]);
    same.process([['a', 2]]); // the restored partition is full: [a, 0], [a, 1]
    assert.deepEqual(same.take(), ['+I[a, 0]']);
  }
});
