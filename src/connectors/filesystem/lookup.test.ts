/**
 * The filesystem connector as a lookup table: the providers its options ask
 * for (FULL reloaded every 'lookup.join.cache.ttl' by default, PARTIAL,
 * NONE), lookups of a batch of keys over a directory (hidden files skipped,
 * partition values from the path, a path pattern), a changelog format
 * applied, and errors for a missing path or a malformed record.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { T } from '../../types/logical-type.ts';
import { filesystemFactory } from './index.ts';
import { tableContext } from '../test-util.ts';
import type { LookupRuntimeProvider } from '../../runtime/lookup/lookup-function.ts';

const schema = T.row([
  { name: 'id', type: T.int() },
  { name: 'name', type: T.string() },
]);

function provider(options: Record<string, string>, keys: number[], partitionKeys: string[] = [], s = schema): LookupRuntimeProvider {
  return filesystemFactory.createLookupSource!(tableContext(s, { connector: 'filesystem', format: 'json', ...options }, partitionKeys)).getLookupRuntimeProvider({ keys });
}

function fnOf(p: LookupRuntimeProvider) {
  if (p.kind !== 'lookup') throw new Error(`a ${p.kind} provider`);
  return p.createFunction();
}

function loaderOf(p: LookupRuntimeProvider) {
  if (p.kind !== 'full') throw new Error(`a ${p.kind} provider`);
  return p.createLoader();
}

void test('providers: FULL reloaded after lookup.join.cache.ttl by default; PARTIAL and NONE when asked', () => {
  const dir = mkdtempSync(join(tmpdir(), 'weir-fs-lookup-'));
  const full = provider({ path: dir }, [0]);
  assert.equal(full.kind, 'full');
  assert.deepEqual(full.cache, { kind: 'FULL', reload: { kind: 'PERIODIC', intervalMs: 3_600_000, scheduleMode: 'FIXED_DELAY' } });
  assert.deepEqual(provider({ path: dir, 'lookup.join.cache.ttl': '100 ms' }, [0]).cache, {
    kind: 'FULL',
    reload: { kind: 'PERIODIC', intervalMs: 100, scheduleMode: 'FIXED_DELAY' },
  });
  // the FLIP-221 interval wins over the filesystem TTL
  const rate = provider({ path: dir, 'lookup.cache': 'full', 'lookup.full-cache.periodic-reload.interval': '5 s', 'lookup.full-cache.periodic-reload.schedule-mode': 'FIXED_RATE' }, [0]);
  assert.deepEqual(rate.cache, { kind: 'FULL', reload: { kind: 'PERIODIC', intervalMs: 5000, scheduleMode: 'FIXED_RATE' } });
  const partial = provider({ path: dir, 'lookup.cache': 'PARTIAL', 'lookup.partial-cache.expire-after-access': '1 min', 'lookup.max-retries': '0' }, [0]);
  assert.equal(partial.kind, 'lookup');
  assert.equal(partial.maxRetries, 0);
  assert.deepEqual(partial.cache, { kind: 'PARTIAL', maxRows: undefined, expireAfterAccessMs: 60_000, expireAfterWriteMs: undefined, cacheMissingKey: true });
  assert.deepEqual(provider({ path: dir, 'lookup.cache': 'NONE' }, [0]).cache, { kind: 'NONE' });
  const timed = provider({ path: dir, 'lookup.cache': 'FULL', 'lookup.full-cache.reload-strategy': 'TIMED', 'lookup.full-cache.timed-reload.iso-time': '10:15+07:00' }, [0]);
  assert.deepEqual(timed.cache, { kind: 'FULL', reload: { kind: 'TIMED', timeOfDayMs: 36_900_000, offsetMs: 25_200_000, zone: 'UTC', intervalInDays: 1 } });
});

void test('lookups over a directory: a batch of keys, repeated keys, hidden files skipped, a last line without newline', () => {
  const dir = mkdtempSync(join(tmpdir(), 'weir-fs-lookup-'));
  writeFileSync(join(dir, 'a.json'), '{"id": 1, "name": "a"}\n{"id": 2, "name": "b"}\r\n{"id": 1, "name": "a2"}');
  writeFileSync(join(dir, '.hidden.json'), '{"id": 3, "name": "hidden"}\n');
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', 'c.json'), '{"id": 3, "name": "c"}\n{"id": null, "name": "nul"}\n');
  const fn = fnOf(provider({ path: dir, 'lookup.cache': 'NONE' }, [0]));
  assert.deepEqual(fn.lookup([[1], [4], [3], [1], [null]]), [[[1, 'a'], [1, 'a2']], [], [[3, 'c']], [[1, 'a'], [1, 'a2']], [[null, 'nul']]]);
  const byName = provider({ path: dir, 'lookup.cache': 'NONE', 'source.path.regex-pattern': '.*/a\\.json' }, [1, 0]);
  assert.deepEqual(fnOf(byName).lookup([['b', 2], ['c', 3]]), [[[2, 'b']], []]);
  const full = provider({ path: dir }, [0]);
  assert.equal(loaderOf(full).loadAll().length, 5);
});

void test('partition columns come from the path; a changelog format leaves the rows its changes leave', () => {
  const dir = mkdtempSync(join(tmpdir(), 'weir-fs-lookup-'));
  mkdirSync(join(dir, 'dt=2024-01-01'));
  mkdirSync(join(dir, 'dt=2024-01-02'));
  writeFileSync(join(dir, 'dt=2024-01-01', 'p.json'), '{"id": 1, "name": "a"}\n');
  writeFileSync(join(dir, 'dt=2024-01-02', 'p.json'), '{"id": 1, "name": "b"}\n');
  const withDt = T.row([...schema.fields, { name: 'dt', type: T.string() }]);
  const p = provider({ path: dir }, [0], ['dt'], withDt);
  assert.deepEqual(loaderOf(p).loadAll(), [[1, 'a', '2024-01-01'], [1, 'b', '2024-01-02']]);
  const cdc = join(mkdtempSync(join(tmpdir(), 'weir-fs-lookup-')), 'cdc.json');
  writeFileSync(
    cdc,
    [
      { before: null, after: { id: 1, name: 'a' }, op: 'c' },
      { before: null, after: { id: 2, name: 'b' }, op: 'c' },
      { before: { id: 1, name: 'a' }, after: { id: 1, name: 'a2' }, op: 'u' },
      { before: { id: 2, name: 'b' }, after: null, op: 'd' },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n'),
  );
  const c = provider({ path: cdc, format: 'debezium-json', 'lookup.cache': 'NONE' }, [0]);
  assert.deepEqual(fnOf(c).lookup([[1], [2]]), [[[1, 'a2']], []]);
});

void test('a missing path and a malformed record fail with where they happened', () => {
  const dir = mkdtempSync(join(tmpdir(), 'weir-fs-lookup-'));
  const missing = provider({ path: join(dir, 'nope') }, [0]);
  assert.throws(() => loaderOf(missing).loadAll(), /File .*nope does not exist/);
  writeFileSync(join(dir, 'bad.json'), '{"id": 1}\n{"id": \n');
  const bad = provider({ path: dir, 'lookup.cache': 'NONE' }, [0]);
  assert.throws(() => fnOf(bad).lookup([[1]]), /bad\.json line 2/);
});
