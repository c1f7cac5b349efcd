/**
 * The FULL lookup cache and its reload schedules with an injected clock:
 * loaded on first use, indexed by the lookup key, reloaded when due
 * (FIXED_DELAY from the end of a load, FIXED_RATE on the grid of the first
 * load's start, TIMED at a time of day every N days in a zone or at an offset).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FullLookupCache } from './full-cache.ts';
import { ReloadSchedule } from './reload-schedule.ts';
import { lookupKeyOf } from './lookup-function.ts';
import type { Row } from '../row.ts';

void test('loads on first refresh, indexes by (multi-column) key, reloads only when due', () => {
  let now = 0;
  let version = 1;
  let loads = 0;
  const load = (): Row[] => {
    loads++;
    now += 10; // the load takes 10 ms
    return [
      [1, 'a', version],
      [1, 'b', version],
      [2, 'a', version],
    ];
  };
  const c = new FullLookupCache(load, [0, 1], { kind: 'PERIODIC', intervalMs: 100, scheduleMode: 'FIXED_DELAY' }, () => now);
  assert.equal(loads, 0);
  c.refresh();
  assert.deepEqual(c.get(lookupKeyOf([1, 'b'])), [[1, 'b', 1]]);
  assert.deepEqual(c.get(lookupKeyOf([2, 'b'])), []);
  assert.equal(c.nextReload, 110); // end of the load + interval
  version = 2;
  now = 109;
  c.refresh();
  assert.deepEqual(c.get(lookupKeyOf([2, 'a'])), [[2, 'a', 1]]);
  now = 110;
  c.refresh();
  assert.deepEqual(c.get(lookupKeyOf([2, 'a'])), [[2, 'a', 2]]);
  assert.equal(loads, 2);
  assert.equal(c.rows, 3);
});

void test('PERIODIC FIXED_RATE: reloads on the grid of the first start, skipping missed slots', () => {
  const s = new ReloadSchedule({ kind: 'PERIODIC', intervalMs: 100, scheduleMode: 'FIXED_RATE' });
  assert.equal(s.next(1000, 1030), 1100);
  assert.equal(s.next(1100, 1150), 1200);
  assert.equal(s.next(1420, 1430), 1500); // a load late by 220 ms: the next slot after it
  const d = new ReloadSchedule({ kind: 'PERIODIC', intervalMs: 100, scheduleMode: 'FIXED_DELAY' });
  assert.equal(d.next(1000, 1030), 1130);
});

void test('TIMED: the next time of day after the load, then every interval-in-days days', () => {
  const H = 3_600_000;
  const D = 24 * H;
  const day0 = Date.UTC(2024, 0, 10);
  // 10:15 UTC, every 2 days; first load at 12:00 (after today's 10:15): tomorrow 10:15
  const utc = new ReloadSchedule({ kind: 'TIMED', timeOfDayMs: 10.25 * H, offsetMs: 0, zone: 'UTC', intervalInDays: 2 });
  assert.equal(utc.next(day0 + 12 * H, day0 + 12 * H), day0 + D + 10.25 * H);
  assert.equal(utc.next(day0 + D + 10.25 * H, day0 + D + 10.3 * H), day0 + 3 * D + 10.25 * H);
  // a load before the time of day: the same day
  const early = new ReloadSchedule({ kind: 'TIMED', timeOfDayMs: 10.25 * H, offsetMs: 7 * H, zone: 'UTC', intervalInDays: 1 });
  assert.equal(early.next(day0, day0), day0 + 3.25 * H); // 10:15+07:00 is 03:15 UTC
  // a zone with DST: 02:30 local in New York is 07:30 UTC in winter, 06:30 UTC in summer
  const ny = new ReloadSchedule({ kind: 'TIMED', timeOfDayMs: 2.5 * H, offsetMs: null, zone: 'America/New_York', intervalInDays: 1 });
  const march9 = Date.UTC(2024, 2, 9, 12);
  assert.equal(ny.next(march9, march9), Date.UTC(2024, 2, 10, 7, 30)); // 2024-03-10 02:30 does not exist: moved to 03:30 EDT = 07:30 UTC
  assert.equal(ny.next(Date.UTC(2024, 2, 10, 8), 0), Date.UTC(2024, 2, 11, 6, 30)); // then 02:30 EDT
  const winter = new ReloadSchedule({ kind: 'TIMED', timeOfDayMs: 2.5 * H, offsetMs: null, zone: 'America/New_York', intervalInDays: 1 });
  assert.equal(winter.next(Date.UTC(2024, 0, 20), 0), Date.UTC(2024, 0, 20, 7, 30)); // 02:30 EST
});
