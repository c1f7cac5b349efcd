import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GROUP_STATE, GroupAggregate, type GroupAggregateParams } from './group-aggregate.ts';
import { OperatorHarness, show } from './harness.ts';
import { keySelector, constantKey } from '../key.ts';
import type { AggCall } from '../aggregates/index.ts';
import { aggregateReturnType } from '../../expr/aggregate-types.ts';
import { T, type LogicalType } from '../../types/logical-type.ts';
import { decimalFromDouble, decimalToString, parseDecimalUnscaled } from '../../types/decimal.ts';
import type { Int } from '../../types/int64.ts';
import { RowKind, type Row } from '../row.ts';
import { Expand } from './expand.ts';

function call(fn: string, args: number[], argTypes: LogicalType[], extra: Partial<AggCall> = {}): AggCall {
  return {
    fn,
    args,
    argTypes,
    resultType: extra.resultType ?? aggregateReturnType(fn, argTypes, extra.distinct ?? false, { groupCount: 1, hasFilter: false }),
    distinct: false,
    filterArg: -1,
    ...extra,
  };
}

function groupAgg(groupFields: number[], aggs: AggCall[], inputRetracts = false, generateUpdateBefore = true): GroupAggregate {
  const p: GroupAggregateParams = { key: groupFields.length ? keySelector(groupFields) : constantKey, groupFields, aggs, inputRetracts, generateUpdateBefore };
  return new GroupAggregate(p);
}

/** Feeds the emitted changelog of one harness into another, row by row. */
function pipe(from: OperatorHarness, to: OperatorHarness, map: (r: Row) => Row = (r) => r): void {
  for (const o of from.output.splice(0)) if (!('watermark' in o)) to.process([map(o.row)], [o.kind]);
}

/** Materializes an upsert changelog: the last row per key (the first `keyCount` fields). */
function upsertFinal(h: OperatorHarness, keyCount: number): string[] {
  const m = new Map<string, string>();
  for (const o of h.output) {
    if ('watermark' in o) continue;
    const k = JSON.stringify(o.row.slice(0, keyCount));
    if (o.kind === RowKind.DELETE) m.delete(k);
    else if (o.kind !== RowKind.UPDATE_BEFORE) m.set(k, show(o.row));
  }
  return [...m.values()].sort();
}

const dec = (s: string, scale: number): Int => parseDecimalUnscaled(s, scale)!;

void test('COUNT/SUM changelog per record: +I, -U/+U, unchanged results emit nothing', () => {
  const h = new OperatorHarness(groupAgg([0], [call('COUNT', [], []), call('SUM', [1], [T.int()])]));
  h.process([
    ['a', 1],
    ['b', 2],
    ['a', 3],
  ]);
  h.process([['a', null]]); // COUNT changes, SUM does not
  assert.deepEqual(h.take(), ['+I[a, 1, 1]', '+I[b, 1, 2]', '-U[a, 1, 1]', '+U[a, 2, 4]', '-U[a, 2, 4]', '+U[a, 3, 4]']);
  const u = new OperatorHarness(groupAgg([0], [call('MAX', [1], [T.int()])], false, false));
  u.process([
    ['a', 5],
    ['a', 3],
    ['a', 7],
  ]);
  assert.deepEqual(u.take(), ['+I[a, 5]', '+U[a, 7]']);
});

void test('retraction: count to zero deletes the last row; a retraction for an unknown key is ignored', () => {
  const h = new OperatorHarness(groupAgg([0], [call('COUNT', [], []), call('SUM', [1], [T.bigint()])], true));
  h.changelog([
    ['-D', ['x', 1]],
    ['+I', ['a', 1]],
    ['+I', ['a', 2]],
    ['-D', ['a', 1]],
    ['-D', ['a', 2]],
    ['+I', ['a', 5]],
  ]);
  assert.deepEqual(h.take(), ['+I[a, 1, 1]', '-U[a, 1, 1]', '+U[a, 2, 3]', '-U[a, 2, 3]', '+U[a, 1, 2]', '-D[a, 1, 2]', '+I[a, 1, 5]']);
});

void test('cdc/retract_min_max_char: COUNT/MIN/MAX over -U/+U/-D', () => {
  const h = new OperatorHarness(groupAgg([0], [call('COUNT', [], []), call('MIN', [1], [T.char(1)]), call('MAX', [1], [T.char(1)])], true));
  const rows: Row[] = [[1, 'a'], [1, 'b'], [1, 'c'], [1, 'c'], [1, 'a'], [2, 'a'], [2, 'b'], [2, 'c'], [2, 'b'], [2, 'd'], [2, 'a'], [2, 'b']];
  h.process(rows, ['+I', '+I', '+I', '-D', '-D', '+I', '+I', '+I', '-U', '+U', '-U', '+U']);
  assert.deepEqual(h.materialize(), ['[1, 1, b, b]', '[2, 3, b, d]']);
});

void test('cdc/decimal_sum_precision_with_deletes: exact DECIMAL sums keep the scale', () => {
  const ta = T.decimal(32, 8);
  const tb = T.decimal(32, 20);
  const data: [string, string, string, string][] = [
    ['1.03520274', '12345.035202748654', '12.345678901234567', 'a'],
    ['1.03520274', '12345.035202748654', '12.345678901234567', 'b'],
    ['1.03520274', '12345.035202748654', '12.345678901234567', 'b'],
    ['2.13520275', '21245.542202748654', '242.78594201234567', 'a'],
    ['1.11111111', '11111.111111111111', '111.11111111111111', 'b'],
    ['1.11111111', '11111.111111111111', '111.11111111111111', 'a'],
    ['1.11111111', '11111.111111111111', '111.11111111111111', 'b'],
    ['2.13520275', '21245.542202748654', '242.78594201234567', 'a'],
  ];
  // Flink's test data are Java doubles made decimals (BigDecimal.valueOf: the shortest repr), hence 65947.230719357070…
  const viaDouble = (s: string): Int => decimalFromDouble(parseFloat(s), 32, 20)!;
  const rows = data.map(([a, b, c, d]) => [dec(a, 8), viaDouble(b), viaDouble(c), d]);
  const h = new OperatorHarness(groupAgg([3], [call('SUM', [0], [ta]), call('SUM', [1], [tb]), call('SUM', [2], [tb])], true));
  h.process(rows, ['+I', '+I', '-D', '+I', '+I', '+I', '-D', '+I']);
  const final = h.materialize();
  assert.equal(final.length, 1);
  const row = h.output.at(-1)!;
  assert.ok(!('watermark' in row));
  assert.deepEqual(
    [decimalToString(row.row[1] as Int, 8), decimalToString(row.row[2] as Int, 20), decimalToString(row.row[3] as Int, 20)],
    ['6.41671935', '65947.23071935707000000000', '609.02867403703699700000'],
  );
});

void test('cdc/sum_all_numeric_types_with_deletes: SUM keeps the input type', () => {
  const types = [T.tinyint(), T.smallint(), T.int(), T.bigint(), T.float(), T.double()];
  const h = new OperatorHarness(groupAgg([6], types.map((t, i) => call('SUM', [i], [t])), true));
  const v = (n: number): Row => [n, n, n, n, n, n, 'a'];
  h.process([v(1), v(2), v(1), v(3), v(2), v(1), v(3), v(2), v(3)], ['+I', '+I', '-D', '+I', '-D', '+I', '-D', '+I', '+I']);
  assert.deepEqual(h.materialize(), ['[a, 6, 6, 6, 6, 6, 6]']);
});

void test('cdc/changelog_group_by_non_pk_upsert_sink: groups disappear when their rows are retracted', () => {
  // balance2 = balance * 2 as DECIMAL(19, 2) unscaled
  const users: [string, string, string, string][] = [
    ['user1', 'Tom', 'tom@gmail.com', '10.02'],
    ['user2', 'Jack', 'jack@hotmail.com', '71.2'],
    ['user1', 'Tom', 'tom@gmail.com', '10.02'],
    ['user1', 'Tom', 'tom123@gmail.com', '8.1'],
    ['user3', 'Bailey', 'bailey@gmail.com', '9.99'],
    ['user2', 'Jack', 'jack@hotmail.com', '71.2'],
    ['user4', 'Tina', 'tina@gmail.com', '11.3'],
    ['user3', 'Bailey', 'bailey@gmail.com', '9.99'],
    ['user3', 'Bailey', 'bailey@qq.com', '9.99'],
  ];
  const rows = users.map(([id, n, e, b]) => [id, n, e, dec(b, 2), (dec(b, 2) as number) * 2]);
  const h = new OperatorHarness(groupAgg([4], [call('COUNT', [], []), call('MAX', [2], [T.string()])], true));
  h.process(rows, ['+I', '+I', '-U', '+U', '+I', '-D', '+I', '-U', '+U']);
  assert.deepEqual(h.materialize(), ['[1620, 1, tom123@gmail.com]', '[1998, 1, bailey@qq.com]', '[2260, 1, tina@gmail.com]']);
  // global variant (cdc/insert_delete_only_source_aggregate)
  const g = new OperatorHarness(groupAgg([], [call('COUNT', [], []), call('SUM', [3], [T.decimal(18, 2)]), call('MAX', [2], [T.string()])], true));
  g.process(rows, ['+I', '+I', '-D', '+I', '+I', '-D', '+I', '-D', '+I']);
  assert.deepEqual(g.materialize(), ['[3, 2939, tom123@gmail.com]']);
});

void test('group_agg/nested_group_by: SUM/COUNT/MAX/MIN over an updating aggregate', () => {
  const inner = new OperatorHarness(groupAgg([1], [call('COUNT', [2], [T.string()]), call('SUM', [0], [T.int()])]));
  const outer = new OperatorHarness(
    groupAgg([1], [call('SUM', [0], [T.bigint()]), call('COUNT', [2], [T.int()]), call('MAX', [2], [T.int()]), call('MIN', [2], [T.int()])], true),
  );
  const t: Row[] = [[1, 1, 'A'], [2, 2, 'B'], [3, 2, 'B'], [4, 3, 'C'], [5, 3, 'C'], [6, 3, 'C'], [7, 4, 'B'], [8, 4, 'A'], [9, 4, 'D'], [10, 4, 'E'], [11, 5, 'A'], [12, 5, 'B']];
  for (const r of t) {
    inner.process([r]);
    pipe(inner, outer);
  }
  // outer output: [c, sum(b), count(a), max(a), min(a)]; expected rows are (sum(b), count(a), max(a), min(a), c)
  const final = outer.materialize();
  assert.deepEqual(final, ['[1, 1, 1, 1, 1]', '[2, 7, 2, 23, 5]', '[3, 3, 1, 15, 15]', '[4, 4, 1, 34, 34]']);
});

void test('group_agg/min_retract_with_filter and max_retract_with_having_like_filter', () => {
  const run = (rows: Row[], keep: (c: number) => boolean, fn: 'MIN' | 'MAX'): string[] => {
    const inner = new OperatorHarness(groupAgg([0, 1], [call('COUNT', [], [])]));
    const outer = new OperatorHarness(groupAgg([], [call(fn, [2], [T.int()])], true));
    for (const r of rows) {
      inner.process([r]);
      // Calc: WHERE predicate on c, project price (field 2 in [id, price, c] -> keep [id, c, price])
      for (const o of inner.output.splice(0)) {
        if ('watermark' in o) continue;
        const [id, price, c] = o.row as [number, number, number];
        if (keep(c)) outer.process([[id, c, price]], [o.kind]);
      }
    }
    return outer.materialize();
  };
  assert.deepEqual(run([[1, 5], [2, 6], [1, 5]], (c) => c < 2, 'MIN'), ['[6]']);
  assert.deepEqual(run([[1, 10], [1, 10], [2, 5], [1, 10]], (c) => c > 0 && c < 3, 'MAX'), ['[5]']);
});

void test('group_agg/listagg_with_retraction_order: retracted value removed, new one appended', () => {
  const inner = new OperatorHarness(groupAgg([0, 1], [call('COUNT', [], [])]));
  const outer = new OperatorHarness(
    groupAgg(
      [0],
      [call('LISTAGG', [1], [T.string(), T.string()], { constArgs: [undefined, ';'] }), call('LISTAGG', [1], [T.string()])],
      true,
    ),
  );
  for (const r of [['1', 'a'], ['1', 'b'], ['1', null], ['1', 'a']] as Row[]) {
    inner.process([r]);
    // CONCAT_WS('=', y, CAST(ct AS VARCHAR)) skips the NULL y
    pipe(inner, outer, ([x, y, ct]) => [x, y === null ? String(ct) : `${String(y)}=${String(ct)}`]);
  }
  assert.deepEqual(outer.materialize(), ['[1, b=1;1;a=2, b=1,1,a=2]']);
});

void test('group_agg/listagg_distinct: first-arrival order, NULL skipped', () => {
  const h = new OperatorHarness(groupAgg([1], [call('LISTAGG', [2], [T.string(), T.string()], { distinct: true, constArgs: [undefined, '#'] })]));
  h.process([[1, 1, 'A'], [2, 2, 'B'], [3, 2, 'B'], [4, 3, 'C'], [5, 3, 'C'], [6, 3, 'A'], [7, 4, 'EF'], [1, 1, 'A'], [8, 4, 'EF'], [8, 4, null]]);
  assert.deepEqual(h.materialize(), ['[1, A]', '[2, B]', '[3, C#A]', '[4, EF]']);
});

void test('group_agg/min_max_string_over_listagg', () => {
  const inner = new OperatorHarness(groupAgg([0, 1], [call('LISTAGG', [2], [T.string()])]));
  const outer = new OperatorHarness(groupAgg([1], [call('MIN', [2], [T.string()]), call('MAX', [2], [T.string()])], true));
  const t: Row[] = [[1, 1, 'A'], [2, 2, 'B'], [3, 2, 'BC'], [4, 3, 'C'], [5, 3, 'CD'], [6, 3, 'DE'], [7, 4, 'EF'], [8, 4, 'FG'], [9, 4, 'HI'], [10, 4, 'IJ']];
  for (const r of t) {
    inner.process([r]);
    pipe(inner, outer);
  }
  assert.deepEqual(outer.materialize(), ['[1, A, A]', '[2, B, BC]', '[3, C, DE]', '[4, EF, IJ]']);
});

void test('group_agg/stddev_double', () => {
  const h = new OperatorHarness(groupAgg([2], [call('STDDEV_SAMP', [0], [T.double()]), call('STDDEV_POP', [0], [T.double()])]));
  h.process(Array.from({ length: 10 }, (_, i) => [i, 1, 'Hi']));
  assert.deepEqual(h.materialize(), ['[Hi, 3.0276503540974917, 2.8722813232690143]']);
});

void test('group_agg/decimal_avg_rounding: HALF_UP at the result scale', () => {
  const t = T.decimal(32, 8);
  const h = new OperatorHarness(groupAgg([], [call('AVG', [0], [t])]));
  h.process([[dec('2.22222222', 8)], [dec('3.33333333', 8)]]);
  const last = h.output.at(-1)!;
  assert.ok(!('watermark' in last));
  assert.equal(decimalToString(last.row[0] as Int, 8), '2.77777778');
});

void test('group_agg/decimal_sum_over_count', () => {
  const inner = new OperatorHarness(groupAgg([0], [call('COUNT', [0], [T.decimal(7, 2)])]));
  const outer = new OperatorHarness(groupAgg([1], [call('SUM', [0], [T.decimal(7, 2)])], true));
  for (const d of ['1.00', '2.00', '2.00', '3.00']) {
    inner.process([[dec(d, 2)]]);
    pipe(inner, outer);
  }
  assert.deepEqual(outer.materialize(), ['[1, 400]', '[2, 200]']);
});

void test('group_agg/json_objectagg_arrayagg', () => {
  const data: Row[] = [
    [1, 1, 0, 'Hallo', 1],
    [2, 2, 1, 'Hallo Welt', 2],
    [2, 3, 2, 'Hallo Welt wie', 1],
    [3, 4, 3, 'Hallo Welt wie gehts?', 2],
    [3, 5, 4, 'ABC', 2],
    [3, 6, 5, 'BCD', 3],
  ];
  const h = new OperatorHarness(
    groupAgg(
      [],
      [
        call('MAX', [0], [T.int()]),
        call('JSON_OBJECTAGG', [3, 0], [T.string(false), T.int()]),
        call('JSON_ARRAYAGG', [0], [T.int()]),
        call('JSON_ARRAYAGG', [3], [T.string()]),
      ],
    ),
  );
  h.process(data);
  assert.deepEqual(h.materialize(), [
    '[3, {"ABC":3,"BCD":3,"Hallo":1,"Hallo Welt":2,"Hallo Welt wie":2,"Hallo Welt wie gehts?":3}, [1,2,2,3,3,3], ["Hallo","Hallo Welt","Hallo Welt wie","Hallo Welt wie gehts?","ABC","BCD"]]',
  ]);
});

void test('group_agg/tp_distinct_and_filtered_distinct_upsert: DISTINCT, FILTER, AVG(BIGINT)', () => {
  // input [a, b, c, d, e, b > 10]
  const src: [number, number, number, string, number][] = [
    [2, 3, 2, 'Hello World Like', 1], [3, 4, 3, 'Hello World Its nice', 2], [2, 2, 1, 'Hello World', 2], [1, 1, 0, 'Hello', 1],
    [5, 11, 10, 'GHI', 1], [3, 5, 4, 'ABC', 2], [4, 10, 9, 'FGH', 2], [4, 7, 6, 'CDE', 2], [5, 14, 13, 'JKL', 2], [4, 9, 8, 'EFG', 1],
    [5, 15, 14, 'KLM', 2], [5, 12, 11, 'HIJ', 3], [4, 8, 7, 'DEF', 1], [5, 13, 12, 'IJK', 3], [3, 6, 5, 'BCD', 3], [1, 1, 0, 'Hello', 1],
    [3, 5, 4, 'ABC', 2], [4, 10, 9, 'FGH', 2], [4, 7, 6, 'CDE', 2], [7, 7, 7, 'MNO', 7], [3, 6, 5, 'BCD', 3], [7, 7, 7, 'XYZ', 7],
  ];
  const h = new OperatorHarness(
    groupAgg(
      [4],
      [
        call('COUNT', [0], [T.int()], { distinct: true, filterArg: 5 }),
        call('COUNT', [0], [T.int()], { distinct: true }),
        call('SUM', [0], [T.int()], { distinct: true }),
        call('SUM', [1], [T.bigint()], { distinct: true }),
        call('AVG', [1], [T.bigint()]),
        call('COUNT', [3], [T.string()], { distinct: true }),
      ],
      false,
      false,
    ),
  );
  for (const r of src) h.process([[...r, r[1] > 10]]);
  assert.deepEqual(upsertFinal(h, 1), ['[1, 1, 4, 12, 32, 5, 5]', '[2, 1, 4, 14, 57, 7, 7]', '[3, 1, 2, 8, 31, 9, 3]', '[7, 0, 1, 7, 7, 7, 2]']);
});

void test('group_agg/tp_simple_filter_avg_min_upsert: upsert changelog without -U', () => {
  const h = new OperatorHarness(
    groupAgg([1], [call('COUNT', [], []), call('AVG', [0], [T.int()], { filterArg: 3 }), call('MIN', [2], [T.string()])], false, false),
  );
  const rows: [number, number, string][] = [[1, 1, 'Hi'], [2, 2, 'Hello'], [2, 2, 'Hello World'], [1, 1, 'Hi Again!'], [2, 2, 'Hello Again!'], [2, 2, 'Hello World Again!']];
  for (const r of rows) h.process([[...r, r[0] > 1]]);
  assert.deepEqual(h.take(), ['+I[1, 1, null, Hi]', '+I[2, 1, 2, Hello]', '+U[2, 2, 2, Hello]', '+U[1, 2, null, Hi]', '+U[2, 3, 2, Hello]', '+U[2, 4, 2, Hello]']);
});

void test('group_agg/grouping_sets_coalesce: Expand + GroupAggregate', () => {
  // emps projected to [gender, city, deptno]; sets ((gender, city), (gender, city, deptno))
  const expand = new OperatorHarness(
    new Expand([
      { kept: [true, true, false], expandId: 1 },
      { kept: [true, true, true], expandId: 0 },
    ]),
  );
  const agg = new OperatorHarness(groupAgg([0, 1, 2, 3], [call('COUNT', [], [])]));
  expand.process([
    [null, null, 10],
    ['M', 'San Francisco', 20],
    ['M', 'Vancouver', 40],
    ['F', null, 20],
    ['F', 'Vancouver', 40],
  ]);
  pipe(expand, agg);
  // coalesce(deptno, -1) and drop $e
  const rows = agg.materialize();
  assert.equal(rows.length, 10);
  assert.ok(rows.includes('[F, Vancouver, null, 1, 1]') && rows.includes('[null, null, 10, 0, 1]'));
});

void test('snapshot and restore mid-stream, also rescaled 1 -> 2', () => {
  const make = (): GroupAggregate =>
    groupAgg([0], [call('COUNT', [], []), call('MAX', [1], [T.int()]), call('LISTAGG', [2], [T.string()]), call('SUM', [1], [T.int()], { distinct: true })], true);
  const h = new OperatorHarness(make());
  const first: Row[] = [];
  for (let i = 0; i < 50; i++) first.push([`k${i % 10}`, i, `v${i}`]);
  h.process(first);
  h.take();
  const snap = h.snapshot();
  const more: Row[] = [['k1', 1, 'v1'], ['k2', 100, 'x']];
  const moreKinds = ['-D', '+I'];
  h.process(more, moreKinds);
  const expected = h.take();

  const restored = new OperatorHarness(make(), {}, [snap]);
  restored.process(more, moreKinds);
  assert.deepEqual(restored.take(), expected);

  const parts = [0, 1].map((s) => new OperatorHarness(make(), { subtask: s, parallelism: 2 }, [snap]));
  const got: string[] = [];
  for (const p of parts) {
    // each subtask only receives its own keys (as a hash exchange would deliver them)
    for (let i = 0; i < more.length; i++) {
      if ((p.keyed.valueState({ name: 'group-accumulators' }).get(more[i]![0] as string) ?? null) !== null) p.process([more[i]!], [moreKinds[i]!]);
    }
    got.push(...p.take());
  }
  assert.deepEqual(got.sort(), [...expected].sort());
});

void test('row kinds of outputs are immutable new arrays', () => {
  const h = new OperatorHarness(groupAgg([0], [call('COUNT', [], [])]));
  h.process([['a'], ['a']]);
  const o = h.output.filter((x) => !('watermark' in x)) as { kind: RowKind; row: Row }[];
  assert.deepEqual(o[0]!.row, o[1]!.row, '-U carries the previously emitted row');
  assert.notEqual(o[0]!.row, o[1]!.row, 'every emitted row is a new array');
  assert.notEqual(o[1]!.row, o[2]!.row);
});

void test('state TTL: an expired key starts again with +I; expired entries are removed incrementally', () => {
  const p: GroupAggregateParams = { key: keySelector([0]), groupFields: [0], aggs: [call('COUNT', [], [])], inputRetracts: true, generateUpdateBefore: true, stateTtlMs: 1000 };
  const h = new OperatorHarness(new GroupAggregate(p));
  h.now = 0;
  h.process([['a'], ['b']]);
  h.now = 500;
  h.process([['a']]);
  h.now = 1499;
  h.process([['a']]); // written at 500: still alive
  h.now = 2600;
  h.changelog([['-D', ['b']]]); // b expired at 1000: the retraction is ignored
  h.process([['a']]); // a expired at 2499: starts again
  assert.deepEqual(h.take(), ['+I[a, 1]', '+I[b, 1]', '-U[a, 1]', '+U[a, 2]', '-U[a, 2]', '+U[a, 3]', '+I[a, 1]']);
  const state = h.keyed.valueState(GROUP_STATE);
  h.now = 10_000;
  for (let i = 0; i < 20; i++) h.process([[`k${i}`]]);
  assert.equal([...state.entries()].some(([k]) => k === 'a' || k === 'b'), false);
});

void test('state TTL: write times survive a snapshot and restore (an expired key after the restore starts again with +I)', () => {
  const p: GroupAggregateParams = { key: keySelector([0]), groupFields: [0], aggs: [call('COUNT', [], [])], inputRetracts: false, generateUpdateBefore: true, stateTtlMs: 1000 };
  const h = new OperatorHarness(new GroupAggregate(p));
  h.process([['a'], ['b']]);
  h.now = 600;
  h.process([['b']]);
  const r = new OperatorHarness(new GroupAggregate(p), {}, [h.snapshot()]);
  r.now = 1000;
  r.process([['a'], ['b']]); // a written at 0: expired; b written at 600: alive
  assert.deepEqual([...h.take(), ...r.take()], ['+I[a, 1]', '+I[b, 1]', '-U[b, 1]', '+U[b, 2]', '+I[a, 1]', '-U[b, 2]', '+U[b, 3]']);
});
