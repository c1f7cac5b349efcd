/**
 * Harness tests of the lookup join against an in-memory lookup table whose
 * content the test changes: each probe row joins what the table (through its
 * cache) holds when it is looked up, keeps its kind, LEFT pads, the non-equi
 * rest and the re-checked key apply, a batch's distinct keys are fetched in
 * one call, and a snapshot/restore starts with an empty cache.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OperatorHarness } from './harness.ts';
import { LookupJoin, type LookupJoinParams } from './lookup-join.ts';
import { matchRows, type LookupKey, type LookupRuntimeProvider } from '../lookup/lookup-function.ts';
import type { LookupCacheSpec } from '../lookup/lookup-cache-spec.ts';
import { RowKind, type Row } from '../row.ts';

/** A table [id, name] looked up by id; `calls` records each batch of keys asked for. */
function table(rows: Row[]) {
  const t = { rows, calls: [] as LookupKey[][], loads: 0 };
  const provider = (cache: LookupCacheSpec): LookupRuntimeProvider =>
    cache.kind === 'FULL'
      ? {
          kind: 'full',
          cache,
          maxRetries: 0,
          createLoader: () => ({
            loadAll: () => {
              t.loads++;
              return [...t.rows];
            },
          }),
        }
      : {
          kind: 'lookup',
          cache,
          maxRetries: 0,
          createFunction: () => ({
            lookup: (keys) => {
              t.calls.push(keys.map((k) => [...k]));
              return matchRows(t.rows, [0], keys);
            },
          }),
        };
  return { t, provider };
}

function join(provider: LookupRuntimeProvider, extra: Partial<LookupJoinParams> = {}): LookupJoin {
  return new LookupJoin({
    tableName: 'dim',
    leftOuter: true,
    provider,
    keyColumns: [0],
    lookupKey: (r) => (r[0] === null ? undefined : [r[0]]),
    calc: null,
    verify: null,
    condition: null,
    leftWidth: 2,
    rightWidth: 2,
    ...extra,
  });
}

void test('no cache: each batch asks for its distinct keys once and sees the table as it is then; kinds kept, LEFT padded', () => {
  const { t, provider } = table([[1, 'a'], [2, 'b']]);
  const h = new OperatorHarness(join(provider({ kind: 'NONE' })));
  h.process([[1, 'x'], [1, 'y'], [3, 'z'], [null, 'n']], ['+I', '-U', '+I', '+I']);
  assert.deepEqual(h.take(), ['+I[1, x, 1, a]', '-U[1, y, 1, a]', '+I[3, z, null, null]', '+I[null, n, null, null]']);
  assert.deepEqual(t.calls, [[[1], [3]]]);
  t.rows = [[1, 'a2'], [3, 'c']];
  h.process([[1, 'x'], [3, 'z']], ['-D', '+I']);
  assert.deepEqual(h.take(), ['-D[1, x, 1, a2]', '+I[3, z, 3, c]']);
});

void test('INNER drops unmatched rows; the rest condition and the re-checked key filter pairs; calc maps table rows', () => {
  const { provider } = table([[1, 'a'], [1, 'bb'], [2, 'c']]);
  const h = new OperatorHarness(
    join(provider({ kind: 'NONE' }), {
      leftOuter: false,
      condition: (l, r) => (r[1] as string).length <= (l[1] as number),
      // the right side is [id, upper(name)]
      calc: (inRows, inKinds, outRows, outKinds) => {
        inRows.forEach((r, i) => {
          outRows.push([r[0], (r[1] as string).toUpperCase()]);
          outKinds.push(inKinds[i]!);
        });
      },
      verify: { leftKey: (l) => l[0] as number, rightKey: (r) => (r[1] === 'C' ? -1 : (r[0] as number)) },
    }),
  );
  h.process([[1, 1], [1, 2], [2, 5], [4, 9]]);
  assert.deepEqual(h.take(), ['+I[1, 1, 1, A]', '+I[1, 2, 1, A]', '+I[1, 2, 1, BB]']);
});

void test('PARTIAL: hits are not fetched again, misses of a batch are fetched together; a missing key is cached; expiry by the clock', () => {
  const { t, provider } = table([[1, 'a']]);
  let now = 0;
  const h = new OperatorHarness(
    join(provider({ kind: 'PARTIAL', maxRows: 10, expireAfterAccessMs: undefined, expireAfterWriteMs: 100, cacheMissingKey: true }), { clock: () => now }),
  );
  h.process([[1, 'x'], [2, 'y']]);
  t.rows = [[1, 'new'], [2, 'b']];
  h.process([[1, 'x'], [2, 'y']]);
  assert.deepEqual(h.take(), ['+I[1, x, 1, a]', '+I[2, y, null, null]', '+I[1, x, 1, a]', '+I[2, y, null, null]']);
  assert.deepEqual(t.calls, [[[1], [2]]]);
  now = 100;
  h.process([[2, 'y'], [1, 'x']]);
  assert.deepEqual(h.take(), ['+I[2, y, 2, b]', '+I[1, x, 1, new]']);
  assert.deepEqual(t.calls.length, 2);
  const gauge = (name: string) => h.metrics.gauges.get(name)?.();
  assert.deepEqual([gauge('lookupCacheHits'), gauge('lookupCacheMisses'), gauge('lookupConnectorCalls'), gauge('lookupCacheEntries')], [2, 4, 2, 2]);
});

void test('FULL: loaded on the first lookup, reloaded when due, one version per batch; a restored job starts with an empty cache', () => {
  const { t, provider } = table([[1, 'a']]);
  let now = 1000;
  const spec: LookupCacheSpec = { kind: 'FULL', reload: { kind: 'PERIODIC', intervalMs: 50, scheduleMode: 'FIXED_DELAY' } };
  const h = new OperatorHarness(join(provider(spec), { clock: () => now }));
  assert.equal(t.loads, 0);
  h.process([[1, 'x']]);
  t.rows = [[1, 'b']];
  now = 1049;
  h.process([[1, 'x']]);
  now = 1050;
  h.process([[1, 'x']]);
  assert.deepEqual(h.take(), ['+I[1, x, 1, a]', '+I[1, x, 1, a]', '+I[1, x, 1, b]']);
  assert.equal(t.loads, 2);
  const snap = h.snapshot();
  assert.deepEqual(snap.keyed.states.filter((s) => s.kind !== 'timers'), []);
  assert.deepEqual(snap.operator, {});
  const restored = new OperatorHarness(join(provider(spec), { clock: () => now }), {}, [snap]);
  t.rows = [[1, 'c']];
  restored.process([[1, 'x']]);
  assert.deepEqual(restored.take(), ['+I[1, x, 1, c]']);
  assert.equal(t.loads, 3);
});

void test('a failing lookup is retried lookup.max-retries times, then fails the job naming the table', () => {
  let failures = 2;
  const provider = (maxRetries: number): LookupRuntimeProvider => ({
    kind: 'lookup',
    cache: { kind: 'NONE' },
    maxRetries,
    createFunction: () => ({
      lookup: (keys) => {
        if (failures-- > 0) throw new Error('connection reset');
        return keys.map(() => [[1, 'a']]);
      },
    }),
  });
  const h = new OperatorHarness(join(provider(2)));
  h.process([[1, 'x']]);
  assert.deepEqual(h.take(), ['+I[1, x, 1, a]']);
  failures = 5;
  const h2 = new OperatorHarness(join(provider(1)));
  assert.throws(() => h2.process([[1, 'x']]), /Failed to look up table dim \(2 attempts, 'lookup.max-retries' = 1\): connection reset/);
});

void test('probe rows waiting in a checkpoint of the earlier operator are joined once after the restore', () => {
  const { provider } = table([[1, 'a']]);
  const old = { keyed: { maxParallelism: 128, states: [] }, operator: { 'lookup-loaded': false, 'lookup-waiting': [{ row: [1, 'w'], kind: RowKind.INSERT }] } };
  const h = new OperatorHarness(join(provider({ kind: 'NONE' })), {}, [old]);
  h.process([[2, 'x']]);
  assert.deepEqual(h.take(), ['+I[1, w, 1, a]', '+I[2, x, null, null]']);
  const snap = h.snapshot();
  assert.deepEqual(snap.operator['lookup-waiting'], []);
  const again = new OperatorHarness(join(provider({ kind: 'NONE' })), {}, [old]);
  again.op.prepareSnapshotPreBarrier?.(1, { emit: (b) => b.rows.forEach((r, i) => again.output.push({ kind: b.kinds[i]!, row: r })) });
  assert.deepEqual(again.take(), ['+I[1, w, 1, a]']);
});
