/**
 * Reading the lookup options: defaults per connector, Flink's FLIP-221
 * checks across options, and ISO-8601 times of day for TIMED reloads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIsoTime, readLookupOptions } from './lookup-options.ts';

const read = (o: Record<string, string>, cache: 'NONE' | 'FULL' = 'NONE') => readLookupOptions(new Map(Object.entries(o)), { cache }, 'Europe/Berlin');

void test('defaults: the connector\'s cache, 3 retries; PARTIAL needs a bound; PERIODIC needs an interval without a connector default', () => {
  assert.deepEqual(read({}), { cache: { kind: 'NONE' }, maxRetries: 3 });
  assert.deepEqual(read({ 'lookup.cache': 'partial', 'lookup.partial-cache.max-rows': '5', 'lookup.partial-cache.cache-missing-key': 'FALSE' }).cache, {
    kind: 'PARTIAL',
    maxRows: 5,
    expireAfterAccessMs: undefined,
    expireAfterWriteMs: undefined,
    cacheMissingKey: false,
  });
  assert.throws(() => read({ 'lookup.cache': 'PARTIAL', 'lookup.partial-cache.cache-missing-key': 'true' }), /Missing 'lookup.partial-cache.expire-after-access'/);
  assert.throws(() => read({}, 'FULL'), /Missing 'lookup.full-cache.periodic-reload.interval' for 'lookup.full-cache.reload-strategy' = 'PERIODIC'/);
  assert.throws(() => read({ 'lookup.cache': 'FULL', 'lookup.full-cache.periodic-reload.interval': '0 ms' }), /Invalid value for option 'lookup.full-cache.periodic-reload.interval'/);
  assert.deepEqual(read({ 'lookup.cache': 'FULL', 'lookup.full-cache.reload-strategy': 'TIMED', 'lookup.full-cache.timed-reload.iso-time': '03:00', 'lookup.full-cache.timed-reload.interval-in-days': '7' }).cache, {
    kind: 'FULL',
    reload: { kind: 'TIMED', timeOfDayMs: 3 * 3_600_000, offsetMs: null, zone: 'Europe/Berlin', intervalInDays: 7 },
  });
  assert.throws(() => read({ 'lookup.max-retries': 'x' }), /Invalid value for option 'lookup.max-retries'/);
});

void test("ISO times of day: 'HH:mm[:ss[.fff]]' with an optional Z or offset", () => {
  assert.deepEqual(parseIsoTime('10:15'), { ms: 36_900_000, offsetMs: null });
  assert.deepEqual(parseIsoTime('10:15:30.5Z'), { ms: 36_930_500, offsetMs: 0 });
  assert.deepEqual(parseIsoTime('00:00-05:30'), { ms: 0, offsetMs: -19_800_000 });
  for (const bad of ['24:00', '10:60', '1015', '10:15 UTC', '10', '10:15+19:00']) assert.equal(parseIsoTime(bad), null, bad);
});
