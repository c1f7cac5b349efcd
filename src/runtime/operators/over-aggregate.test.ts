import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OverAggregate, type OverAggregateParams, type OverCall } from './over-aggregate.ts';
import { OperatorHarness } from './harness.ts';
import { constantKey, keySelector } from '../key.ts';
import { T } from '../../types/logical-type.ts';

const sum = (arg: number): OverCall => ({ kind: 'agg', call: { fn: 'SUM', args: [arg], argTypes: [T.int()], resultType: T.int(), distinct: false, filterArg: -1 } });
const min = (arg: number): OverCall => ({ kind: 'agg', call: { fn: 'MIN', args: [arg], argTypes: [T.int()], resultType: T.int(), distinct: false, filterArg: -1 } });

function over(p: Partial<OverAggregateParams> & { calls: OverCall[] }): OperatorHarness {
  return new OperatorHarness(new OverAggregate({ key: constantKey, units: 'ROWS', preceding: null, timeIndex: 0, eventTime: false, ...p }));
}

test('OVER ROWS BETWEEN 2 PRECEDING: the frame slides (SUM and retractable MIN)', () => {
  const h = over({ calls: [sum(1), min(1)], preceding: 2 });
  h.process([[1, 5], [2, 1], [3, 7], [4, 8], [5, 9]]);
  assert.deepEqual(h.take(), ['+I[1, 5, 5, 5]', '+I[2, 1, 6, 1]', '+I[3, 7, 13, 1]', '+I[4, 8, 16, 1]', '+I[5, 9, 24, 7]']);
});

test('OVER unbounded per partition, ROW_NUMBER and LAG with default', () => {
  const h = over({ key: keySelector([1]), calls: [sum(2), { kind: 'row_number' }, { kind: 'lag', arg: 2, offset: 1, defaultField: -1, defaultValue: -1 }] });
  h.process([[1, 'a', 10], [2, 'b', 20], [3, 'a', 30]]);
  assert.deepEqual(h.take(), ['+I[1, a, 10, 10, 1, -1]', '+I[2, b, 20, 20, 1, -1]', '+I[3, a, 30, 40, 2, 10]']);
});

test('OVER RANGE INTERVAL on processing time drops rows older than the interval', () => {
  const h = over({ calls: [sum(1)], units: 'RANGE', preceding: 10 });
  h.process([[0, 1], [5, 2], [10, 4], [16, 8]]);
  assert.deepEqual(h.take(), ['+I[0, 1, 1]', '+I[5, 2, 3]', '+I[10, 4, 7]', '+I[16, 8, 12]']);
});

test('OVER event time: rows wait for the watermark, go in rowtime order; RANGE peers share values; late rows dropped', () => {
  const h = over({ calls: [sum(1)], units: 'RANGE', eventTime: true });
  h.process([[5, 1], [3, 2], [5, 4]]);
  assert.deepEqual(h.take(), []);
  h.processWatermark(5);
  assert.deepEqual(h.take(), ['+I[3, 2, 2]', '+I[5, 1, 7]', '+I[5, 4, 7]', 'WM 5']);
  h.process([[4, 100], [6, 1]]);
  h.processWatermark(10);
  assert.deepEqual(h.take(), ['+I[6, 1, 8]', 'WM 10']);
  assert.equal(h.metrics.counter('numLateRecordsDropped').value, 1);
});

test('OVER event time ROWS: each row of equal rowtime gets its own frame', () => {
  const h = over({ calls: [sum(1)], units: 'ROWS', preceding: 1, eventTime: true });
  h.process([[5, 1], [3, 2], [5, 4]]);
  h.processWatermark(9);
  assert.deepEqual(h.take(), ['+I[3, 2, 2]', '+I[5, 1, 3]', '+I[5, 4, 5]', 'WM 9']);
});

test('OVER event time: pending rows, timers and accumulators survive a snapshot and restore', () => {
  const params: OverAggregateParams = { key: keySelector([2]), calls: [sum(1)], units: 'ROWS', preceding: null, timeIndex: 0, eventTime: true };
  const h = new OperatorHarness(new OverAggregate(params));
  h.process([[1, 10, 'a'], [3, 30, 'a']]);
  h.processWatermark(1);
  assert.deepEqual(h.take(), ['+I[1, 10, a, 10]', 'WM 1']);
  const h2 = new OperatorHarness(new OverAggregate(params), {}, [h.snapshot()]);
  h2.process([[2, 20, 'a']]);
  h2.processWatermark(5);
  assert.deepEqual(h2.take(), ['+I[2, 20, a, 30]', '+I[3, 30, a, 60]', 'WM 5']);
});

test('OVER state TTL: a partition not written for the TTL starts again (ROW_NUMBER from 1), across a restore', () => {
  const op = (): OverAggregate => new OverAggregate({ key: keySelector([1]), units: 'ROWS', preceding: null, timeIndex: 0, eventTime: false, calls: [sum(2), { kind: 'row_number' }], stateTtlMs: 1000 });
  const h = new OperatorHarness(op());
  h.process([[1, 'a', 10], [2, 'b', 1]]);
  h.now = 900;
  h.process([[3, 'a', 20]]);
  const r = new OperatorHarness(op(), {}, [h.snapshot()]);
  r.now = 1899;
  r.process([[4, 'a', 30]]);
  r.now = 2899;
  r.process([[5, 'a', 40], [6, 'b', 2]]);
  assert.deepEqual([...h.take(), ...r.take()], ['+I[1, a, 10, 10, 1]', '+I[2, b, 1, 1, 1]', '+I[3, a, 20, 30, 2]', '+I[4, a, 30, 60, 3]', '+I[5, a, 40, 40, 1]', '+I[6, b, 2, 2, 1]']);
});

test('OVER event time with state TTL: the accumulators expire by processing time since the last row fired', () => {
  const h = over({ calls: [sum(1)], eventTime: true, stateTtlMs: 1000 });
  h.process([[1, 5]]);
  h.processWatermark(1);
  h.now = 1500;
  h.process([[2, 7]]);
  h.processWatermark(2);
  assert.deepEqual(h.take(), ['+I[1, 5, 5]', 'WM 1', '+I[2, 7, 7]', 'WM 2']);
});
