/**
 * Datagen across a rescale: positions taken at one parallelism, restored at
 * another, produce every remaining row exactly once (sequence values are the
 * rows' identity; 'number-of-rows' the count).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T } from '../../types/logical-type.ts';
import type { RescaledPosition, SourceReader } from '../../runtime/source.ts';
import { datagenFactory } from './index.ts';
import { redistributeSplits, type DatagenSplit } from './splits.ts';
import { drain, sourceContext, tableContext } from '../test-util.ts';

const schema = T.row([
  { name: 'id', type: T.bigint() },
  { name: 'k', type: T.int() },
]);
const seqOpts = { 'rows-per-second': '100000000', seed: '7', 'fields.id.kind': 'sequence', 'fields.id.start': '1', 'fields.id.end': '1001', 'fields.k.min': '0', 'fields.k.max': '9' };

const json = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

/** Opens `p` readers, restoring from the old subtasks' positions (rescaled when the parallelism differs). */
async function openAll(opts: Record<string, string>, p: number, old?: unknown[]): Promise<SourceReader[]> {
  const src = datagenFactory.createSource!(tableContext(schema, opts));
  const out: SourceReader[] = [];
  for (let i = 0; i < p; i++) {
    const r = src.createReader(i, p);
    const pos = old === undefined ? undefined : old.length === p ? old[i] : ({ kind: 'rescaled', oldParallelism: old.length, positions: old } satisfies RescaledPosition);
    await r.open(sourceContext(i, p), pos === undefined ? undefined : json(pos));
    out.push(r);
  }
  return out;
}

/** Reads up to `limit` rows from each reader, then snapshots every position. */
async function readSome(rs: SourceReader[], limit: number, seen: unknown[]): Promise<unknown[]> {
  for (const r of rs) seen.push(...(await drain(r, 37, limit)).rows.map((row) => row[0]));
  return rs.map((r) => json(r.snapshotPosition()));
}

void test('datagen sequence: 1 → 2 → 3 → 1 subtasks produce every id exactly once', async () => {
  const seen: unknown[] = [];
  let pos = await readSome(await openAll(seqOpts, 1), 150, seen);
  pos = await readSome(await openAll(seqOpts, 2, pos), 100, seen);
  pos = await readSome(await openAll(seqOpts, 3, pos), 80, seen);
  await readSome(await openAll(seqOpts, 1, pos), Infinity, seen);
  assert.equal(seen.length, 1001);
  assert.deepEqual([...seen].sort((a, b) => (a as number) - (b as number)), Array.from({ length: 1001 }, (_, i) => i + 1));
});

void test('datagen: scaling up cuts the remaining range so every new subtask has work', async () => {
  const seen: unknown[] = [];
  const pos = await readSome(await openAll(seqOpts, 1), 1, seen);
  const rs = await openAll(seqOpts, 4, pos);
  const counts: number[] = [];
  for (const r of rs) {
    const rows = (await drain(r, 100)).rows;
    counts.push(rows.length);
    seen.push(...rows.map((x) => x[0]));
  }
  assert.deepEqual(counts, [250, 250, 250, 250]);
  assert.equal(new Set(seen).size, 1001);
  // a finished source restores to nothing at any parallelism
  const done = await readSome(await openAll(seqOpts, 1), Infinity, []);
  for (const r of await openAll(seqOpts, 2, done)) assert.equal((await drain(r)).rows.length, 0);
});

void test('datagen number-of-rows with random columns: the count is exact across 2 → 1 → 2', async () => {
  const opts = { 'rows-per-second': '100000000', 'number-of-rows': '999', 'fields.id.min': '0', 'fields.id.max': '5', 'fields.k.min': '0', 'fields.k.max': '9' };
  const seen: unknown[] = [];
  let pos = await readSome(await openAll(opts, 2), 100, seen);
  pos = await readSome(await openAll(opts, 1, pos), 300, seen);
  await readSome(await openAll(opts, 2, pos), Infinity, seen);
  assert.equal(seen.length, 999);
});

void test('datagen: a version-1 position (before splits) still restores, also rescaled', async () => {
  // what a subtask of the former format recorded: rows emitted of its share, PRNG state, sequence cursors
  const v1 = [
    { emitted: 100, rng: [1, 2, 3, 4], seq: ['101', null] },
    { emitted: 1, rng: [5, 6, 7, 8], seq: ['502', null] },
  ];
  const seen: unknown[] = [];
  await readSome(await openAll(seqOpts, 3, v1), Infinity, seen);
  const expected = [...Array.from({ length: 400 }, (_, i) => 101 + i), ...Array.from({ length: 500 }, (_, i) => 502 + i)];
  assert.deepEqual([...seen].sort((a, b) => (a as number) - (b as number)), expected);
});

void test('redistributeSplits: unbounded splits are cut into unbounded ones with distinct ids; ids stay unique over rescales', () => {
  const s: DatagenSplit = { id: 'datagen-0', seq: [null], remaining: null, rng: [1, 2, 3, 4] };
  const parts = [0, 1].map((i) => redistributeSplits([[s]], i, 2));
  assert.deepEqual(
    parts.map((p) => p.map((x) => [x.id, x.remaining])),
    [[['datagen-0', null]], [['datagen-0/1', null]]],
  );
  assert.notDeepEqual(parts[0]![0]!.rng, parts[1]![0]!.rng);
  const again = [0, 1, 2, 3].flatMap((i) => redistributeSplits([[...parts[0]!, ...parts[1]!]], i, 4)).map((x) => x.id);
  assert.equal(new Set(again).size, 4);
});

void test('datagen: a subtask with several splits takes them in turn (an unbounded one does not starve the others)', async () => {
  const opts = { 'rows-per-second': '100000000', 'fields.id.min': '0', 'fields.id.max': '5', 'fields.k.min': '0', 'fields.k.max': '9' };
  const two = await openAll(opts, 2);
  for (const r of two) await drain(r, 10, 10);
  const [one] = await openAll(opts, 1, two.map((r) => json(r.snapshotPosition())));
  assert.deepEqual(one!.splits(), ['datagen-0', 'datagen-1']);
  const seen: string[] = [];
  for (let i = 0; i < 4; i++) seen.push((await one!.poll(5))!.split);
  assert.deepEqual(seen, ['datagen-0', 'datagen-1', 'datagen-0', 'datagen-1']);
});
