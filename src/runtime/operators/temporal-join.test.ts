/**
 * Harness tests of the event-time temporal join: probe rows wait for the
 * watermark and join the version valid at their time; -U versions are
 * ignored, a -D ends the key's validity; LEFT pads; state is cleaned.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OperatorHarness } from './harness.ts';
import { TemporalRowTimeJoin } from './temporal-join.ts';
import type { Row } from '../row.ts';

// left: [order, currency, time]; right: [currency, rate, time]
function op(leftOuter: boolean): TemporalRowTimeJoin {
  return new TemporalRowTimeJoin({
    leftOuter,
    leftKey: (r: Row) => (r[1] === null ? undefined : (r[1] as string)),
    rightKey: (r: Row) => (r[0] === null ? undefined : (r[0] as string)),
    condition: null,
    leftTime: 2,
    rightTime: 2,
    leftWidth: 3,
    rightWidth: 3,
  });
}

void test('probe rows join the version valid at their time once the watermark passes them', () => {
  const h = new OperatorHarness(op(false));
  h.process([['E', 114, 1], ['E', 114, 1], ['E', 118, 10]], ['+I', '-U', '+U'], 1);
  h.process([[1, 'E', 5], [2, 'E', 12], [3, 'E', 0]], undefined, 0);
  assert.deepEqual(h.take(), []);
  h.processWatermark(6);
  assert.deepEqual(h.take(), ['+I[1, E, 5, E, 114, 1]', 'WM 6']);
  h.processWatermark(20);
  assert.deepEqual(h.take(), ['+I[2, E, 12, E, 118, 10]', 'WM 20']);
  // A late probe row still joins the newest version kept (older ones were cleaned up).
  h.process([[4, 'E', 7]], undefined, 0);
  h.processWatermark(21);
  assert.deepEqual(h.take(), ['WM 21']);
});

void test('a delete ends the version; LEFT pads; results keep the probe row kind, in arrival order', () => {
  const h = new OperatorHarness(op(true));
  h.process([['R', 702, 4], ['R', 702, 8]], ['+I', '-D'], 1);
  h.process([[1, 'R', 5], [2, 'R', 9], [3, null, 9]], ['+I', '+I', '+I'], 0);
  h.process([[1, 'R', 5]], ['-D'], 0);
  h.endInput(2);
  assert.deepEqual(h.take().filter((s) => !s.startsWith('WM')), [
    '+I[1, R, 5, R, 702, 4]',
    '+I[2, R, 9, null, null, null]',
    '-D[1, R, 5, R, 702, 4]',
    '+I[3, null, 9, null, null, null]',
  ]);
});
