import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { HeapTimerService } from './timers.ts';
import { keyGroupRangeFor } from '../state/key-groups.ts';

void test('event-time timers fire in time order, once, honouring deletes', () => {
  const ts = new HeapTimerService();
  ts.registerEventTimeTimer('a', 10);
  ts.registerEventTimeTimer('b', 5);
  ts.registerEventTimeTimer('a', 10);
  ts.registerEventTimeTimer('c', 7);
  ts.deleteEventTimeTimer('c', 7);
  ts.registerEventTimeTimer('d', 20);
  const fired: [unknown, number][] = [];
  ts.advanceWatermark(10, (k, t) => {
    fired.push([k, t]);
    if (k === 'b') ts.registerEventTimeTimer('e', 8); // registered while firing, still <= watermark
  });
  assert.deepEqual(fired, [
    ['b', 5],
    ['e', 8],
    ['a', 10],
  ]);
  assert.equal(ts.currentWatermark(), 10);
  fired.length = 0;
  ts.advanceWatermark(100, (k, t) => fired.push([k, t]));
  assert.deepEqual(fired, [['d', 20]]);
});

void test('heap order property', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 1000 }))), (regs) => {
      const ts = new HeapTimerService();
      const expected = new Set<string>();
      for (const [k, t] of regs) {
        ts.registerEventTimeTimer(k, t);
        expected.add(`${k}@${t}`);
      }
      const fired: number[] = [];
      const seen = new Set<string>();
      ts.advanceWatermark(1000, (k, t) => {
        fired.push(t);
        seen.add(`${String(k)}@${t}`);
      });
      assert.deepEqual(seen, expected);
      assert.equal(fired.length, expected.size);
      for (let i = 1; i < fired.length; i++) assert.ok(fired[i - 1]! <= fired[i]!);
    }),
  );
});

void test('processing-time timers and snapshot/restore by key group', () => {
  const ts = new HeapTimerService(() => 50);
  ts.registerProcessingTimeTimer('x', 40);
  ts.registerProcessingTimeTimer('y', 60);
  ts.registerEventTimeTimer('y', 3);
  assert.equal(ts.nextProcessingTime(), 40);
  const snap = structuredClone(ts.snapshot(128));
  const fired: unknown[] = [];
  ts.advanceProcessingTime(ts.currentProcessingTime(), (k) => fired.push(k));
  assert.deepEqual(fired, ['x']);

  const restored = [0, 1].map((i) => {
    const r = new HeapTimerService();
    r.restore(snap, keyGroupRangeFor(i, 2, 128));
    return r;
  });
  const all: string[] = [];
  for (const r of restored) {
    r.advanceProcessingTime(1000, (k, t) => all.push(`p${String(k)}${t}`));
    r.advanceWatermark(1000, (k, t) => all.push(`e${String(k)}${t}`));
  }
  assert.deepEqual(all.sort(), ['ey3', 'px40', 'py60']);
});

void test('property: registers, deletes and watermarks agree with a plain model (in-order and out-of-order times, several per key)', () => {
  type Op = { kind: 'reg' | 'del'; key: number; dt: number } | { kind: 'wm'; dt: number };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constantFrom<'reg' | 'del'>('reg', 'reg', 'del'), key: fc.integer({ min: 0, max: 4 }), dt: fc.integer({ min: -5, max: 20 }) }),
    fc.record({ kind: fc.constant<'wm'>('wm'), dt: fc.integer({ min: 0, max: 15 }) }),
  );
  fc.assert(
    fc.property(fc.array(op, { maxLength: 120 }), fc.boolean(), (ops, snapshotMidway) => {
      let ts = new HeapTimerService();
      const model = new Set<string>();
      let wm = 0;
      let clock = 0;
      const fired: string[] = [];
      const expectedFired: string[] = [];
      ops.forEach((o, i) => {
        if (snapshotMidway && i === Math.floor(ops.length / 2)) {
          const snap = structuredClone(ts.snapshot(128));
          ts = new HeapTimerService();
          ts.restore(snap, keyGroupRangeFor(0, 1, 128));
          ts.advanceWatermark(wm, () => assert.fail('nothing is due'));
        }
        if (o.kind === 'wm') {
          wm += o.dt;
          const due = [...model].map((s) => s.split('@')).filter(([, t]) => Number(t) <= wm);
          due.sort((a, b) => Number(a[1]) - Number(b[1]));
          for (const d of due) model.delete(d.join('@'));
          expectedFired.push(...due.map((d) => `${d[0]}@${d[1]}`));
          const before = fired.length;
          ts.advanceWatermark(wm, (k, t) => fired.push(`${String(k)}@${t}`));
          // time order (ties in any order)
          for (let j = before + 1; j < fired.length; j++) assert.ok(Number(fired[j - 1]!.split('@')[1]) <= Number(fired[j]!.split('@')[1]));
          return;
        }
        clock = Math.max(wm + 1, clock + o.dt);
        const id = `${o.key}@${clock}`;
        if (o.kind === 'reg') {
          ts.registerEventTimeTimer(o.key, clock);
          model.add(id);
        } else {
          // delete one registered timer of the key (if any), else a time never registered
          const victim = [...model].find((s) => s.startsWith(`${o.key}@`));
          const [k, t] = (victim ?? id).split('@');
          ts.deleteEventTimeTimer(Number(k), Number(t));
          model.delete(victim ?? id);
        }
      });
      assert.deepEqual([...fired].sort(), [...expectedFired].sort());
      assert.equal(ts.hasEventTimers, model.size > 0);
    }),
  );
});
