import assert from 'node:assert/strict';
import test from 'node:test';
import fc from 'fast-check';
import { compileWindowNodes, FIRED_LIVE, FIRED_MERGED, FIRED_NEXT } from './window-node.ts';
import { createAggregate, type AggCall } from '../aggregates/index.ts';
import { T, type LogicalType } from '../../types/logical-type.ts';
import type { Row } from '../row.ts';

const call = (fn: string, args: number[], argTypes: LogicalType[], resultType: LogicalType, extra: Partial<AggCall> = {}): AggCall => ({
  fn,
  args,
  argTypes,
  resultType,
  distinct: false,
  filterArg: -1,
  ...extra,
});

/** Rows: [INT, BIGINT, DOUBLE, BOOLEAN (the FILTER column), DECIMAL(20, 2) unscaled]. */
const INT = T.int();
const BIG = T.bigint();
const DBL = T.double();
const DEC = T.decimal(20, 2);
const CALLS: AggCall[] = [
  call('COUNT', [], [], T.bigint(false)),
  call('COUNT', [0], [INT], T.bigint(false)),
  call('COUNT', [], [], T.bigint(false), { filterArg: 3 }),
  call('SUM', [0], [INT], INT),
  call('SUM0', [1], [BIG], T.bigint(false)),
  call('SUM', [1], [BIG], BIG, { filterArg: 3 }),
  call('SUM', [2], [DBL], DBL),
  call('SUM', [4], [DEC], T.decimal(38, 2)),
  call('MIN', [0], [INT], INT),
  call('MAX', [2], [DBL], DBL),
  call('AVG', [1], [BIG], BIG),
  call('COUNT', [0, 1], [INT, BIG], T.bigint(false)),
];
const DISTINCT = call('COUNT', [0], [INT], T.bigint(false), { distinct: true });

const rowArb: fc.Arbitrary<Row> = fc.tuple(
  fc.option(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom(2147483647, -2147483648)), { nil: null }),
  fc.option(fc.oneof(fc.integer({ min: -9, max: 9 }), fc.constantFrom(9007199254740991, 9223372036854775807n, -9223372036854775808n)), { nil: null }),
  fc.option(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { nil: null }),
  fc.constantFrom(true, false, null),
  fc.option(fc.oneof(fc.integer({ min: -999, max: 999 }), fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n })), { nil: null }),
);

/** What the shared implementations give for groups of rows accumulated separately, then merged in order. */
function reference(calls: readonly AggCall[], groups: readonly Row[][]): unknown[] {
  return calls.map((c) => {
    const impl = createAggregate(c, { retracts: false });
    let total: unknown;
    groups.forEach((g, i) => {
      let acc = impl.create();
      for (const r of g) acc = impl.accumulate(acc, r);
      total = i === 0 ? acc : impl.merge!(total, acc);
    });
    return impl.getValue(total);
  });
}

void test('inline window accumulators (nodes and slots) equal the shared aggregate implementations (property)', () => {
  const impls = CALLS.map((c) => createAggregate(c, { retracts: false }));
  const nodes = compileWindowNodes(CALLS, impls, { outKeys: [5, 'window_start', 'window_end', 'window_time'], ring: 4 });
  assert.ok(nodes.mergeable);
  const ring = nodes.ring!;
  assert.equal(ring.slots, 4);
  assert.equal(nodes.slotWidth, 1 + CALLS.length + 5, 'the five SUM and SUM0 take two slots each');
  fc.assert(
    fc.property(fc.array(fc.array(rowArb, { maxLength: 8 }), { minLength: 1, maxLength: 4 }), (groups) => {
      const want = reference(CALLS, groups);
      // nodes: one per group, merged into the first
      const parts = groups.map((g) => {
        const n = nodes.make([0, 0, 0, 0, 0, 'k'], 0, 10);
        for (const r of g) nodes.accumulate(n, r);
        return n;
      });
      const into = nodes.make([0, 0, 0, 0, 0, 'k'], 0, 10);
      for (const n of parts) nodes.merge(into, n);
      const got = new Array<unknown>(CALLS.length);
      nodes.values(into, got, 0);
      assert.deepEqual(got, want);
      assert.deepEqual(nodes.output(into, into, 0, 10, 9), ['k', 0, 10, 9, ...want]);
      // a node that went through structuredClone (a snapshot) and copy
      if (groups.length === 1) {
        const restored = nodes.copy(structuredClone(parts[0]!));
        const again = new Array<unknown>(CALLS.length);
        nodes.values(restored, again, 0);
        assert.deepEqual(again, want);
      }
      // slots of one array, merged into a reused scratch node
      const w = nodes.slotWidth;
      const x: unknown[] = [];
      groups.forEach((g, i) => {
        nodes.initAt(x, i * w, 100 + i);
        for (const r of g) nodes.accumulateAt(x, i * w, r);
      });
      const scratch = nodes.make([], 0, 0);
      nodes.accumulate(scratch, [1, 1, 1, true, 1]);
      nodes.reset(scratch);
      groups.forEach((_, i) => nodes.mergeAt(scratch, x, i * w));
      const fromSlots = new Array<unknown>(CALLS.length + 2);
      nodes.values(scratch, fromSlots, 2);
      assert.deepEqual(fromSlots.slice(2), want);
      assert.deepEqual(
        groups.map((_, i) => x[i * w]),
        groups.map((_, i) => 100 + i),
      );
      // a ring: group i in the slice ending at 100 + i (slots taken in order, found again after)
      let o = ring.make([0, 0, 0, 0, 0, 'k']);
      groups.forEach((g, i) => {
        assert.equal(ring.slot(o, 100 + i), ring.slots + i, 'a free slot starts the slice');
        for (const r of g) ring.accumulate(o, ring.slot(o, 100 + i), r);
      });
      if (groups.length === 4) assert.equal(ring.slot(o, 200), -1, 'all slots taken');
      o = ring.copy(structuredClone(o));
      assert.deepEqual(ring.ends(o), groups.map((_, i) => 100 + i));
      // fire (99, 100 + n - 1]: every slice merges; the first is freed, so the rest is live and the next window has data
      const n = groups.length;
      const flags = ring.fire(o, 99, 99 + n, 100, 101, true, scratch);
      assert.equal(flags, FIRED_MERGED | (n > 1 ? FIRED_LIVE | FIRED_NEXT : 0));
      assert.deepEqual(nodes.output(o, scratch, 99, 99 + n, 98 + n), ['k', 99, 99 + n, 98 + n, ...want]);
      assert.deepEqual(ring.ends(o), groups.slice(1).map((_, i) => 101 + i));
      assert.equal(ring.slot(o, 100), ring.slots, 'the freed slot is reused');
    }),
    { numRuns: 500 },
  );
});

void test('DISTINCT makes the accumulators not mergeable; they still accumulate and give values', () => {
  const calls = [CALLS[0]!, DISTINCT];
  const nodes = compileWindowNodes(
    calls,
    calls.map((c) => createAggregate(c, { retracts: false })),
    { outKeys: [], ring: 4 },
  );
  assert.equal(nodes.mergeable, false);
  assert.equal(nodes.ring, undefined);
  const n = nodes.make([], 0, 10);
  for (const v of [1, 2, 2, null, 1]) nodes.accumulate(n, [v, 0, 0, true, 0]);
  const out: unknown[] = [];
  nodes.values(n, out, 0);
  assert.deepEqual(out, [5, 2]);
  assert.throws(() => nodes.merge(n, n));
});
