import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { T } from '../../types/logical-type.ts';
import { Batch } from '../../runtime/batch.ts';
import { SimpleMetricGroup } from '../../runtime/metrics.ts';
import { MAX_WATERMARK, MIN_WATERMARK } from '../../runtime/watermark.ts';
import type { SinkWriter } from '../../runtime/sink.ts';
import { WeirError } from '../../common/error.ts';
import { filesystemFactory } from './index.ts';
import { tableContext } from '../test-util.ts';
import { createPartitionTimeExtractor, parseDefaultTimestamp } from './partition-time-extractor.ts';
import { PartitionCommitTrigger, type PartitionCommitTriggerSettings } from './partition-commit-trigger.ts';
import type { FileSystemSinkState } from './sink.ts';

const utc = (s: string): number => Date.parse(s.replace(' ', 'T') + 'Z');

test('partition time extractor: first value, $key pattern, formatter, lenient default, clear error', () => {
  assert.equal(parseDefaultTimestamp('2020-01-02'), utc('2020-01-02 00:00:00'));
  assert.equal(parseDefaultTimestamp('2020-1-2 3:04:05.5'), utc('2020-01-02 03:04:05.500'));
  assert.equal(parseDefaultTimestamp('2020-13-01'), utc('2021-01-01 00:00:00'));
  assert.equal(parseDefaultTimestamp('20200102'), null);
  const first = createPartitionTimeExtractor(undefined, undefined);
  assert.equal(first(['dt', 'hour'], ['2020-05-20', '12']), utc('2020-05-20 00:00:00'));
  const dtHour = createPartitionTimeExtractor('$dt $hour:00:00', undefined);
  assert.equal(dtHour(['dt', 'hour'], ['2020-05-20', '12']), utc('2020-05-20 12:00:00'));
  const compact = createPartitionTimeExtractor('$year$month$day $hour:00:00', 'yyyyMMdd HH:mm:ss');
  assert.equal(compact(['year', 'month', 'day', 'hour'], ['2022', '02', '20', '13']), utc('2022-02-20 13:00:00'));
  const dateOnly = createPartitionTimeExtractor('$d', 'yyyyMMdd');
  assert.equal(dateOnly(['d'], ['20220220']), utc('2022-02-20 00:00:00'));
  assert.throws(
    () => dtHour(['dt', 'hour'], ['__DEFAULT_PARTITION__', '1']),
    (e: unknown) => e instanceof WeirError && e.code === 'PARTITION_TIME_EXTRACTION' && /dt=__DEFAULT_PARTITION__\/hour=1/.test(e.message),
  );
});

function trigger(over: Partial<PartitionCommitTriggerSettings>): PartitionCommitTrigger {
  return new PartitionCommitTrigger({
    kind: 'process-time',
    delayMs: 0,
    watermarkZone: 'UTC',
    partitionKeys: ['dt', 'hour'],
    extractTime: createPartitionTimeExtractor('$dt $hour:00:00', undefined),
    ...over,
  });
}

test('process-time trigger: creation time + delay, earliest creation wins, end of input takes all', () => {
  const t = trigger({ delayMs: 1000 });
  t.add('dt=2020-01-01/hour=10', 500);
  t.add('dt=2020-01-01/hour=10', 100);
  t.add('dt=2020-01-01/hour=11', 900);
  t.add('', 0); // an unpartitioned write never waits
  assert.deepEqual(t.committable(1100, MIN_WATERMARK), []);
  assert.deepEqual(t.committable(1101, MIN_WATERMARK), ['dt=2020-01-01/hour=10']);
  assert.deepEqual(t.snapshot(), [{ partition: 'dt=2020-01-01/hour=11', createdAt: 900 }]);
  assert.deepEqual(t.endInput(), ['dt=2020-01-01/hour=11']);
  assert.equal(t.size, 0);
  const now = trigger({});
  now.add('dt=2020-01-01/hour=10', 5);
  assert.deepEqual(now.committable(5, MIN_WATERMARK), ['dt=2020-01-01/hour=10']);
});

test('partition-time trigger: watermark past the partition time + delay, read in the watermark time zone', () => {
  const t = trigger({ kind: 'partition-time', delayMs: 3_600_000 });
  t.add('dt=2020-01-01/hour=10', 0);
  t.add('dt=2020-01-01/hour=11', 0);
  assert.deepEqual(t.committable(0, MIN_WATERMARK), []);
  assert.deepEqual(t.committable(0, utc('2020-01-01 11:00:00')), []);
  assert.deepEqual(t.committable(0, utc('2020-01-01 11:00:00') + 1), ['dt=2020-01-01/hour=10']);
  assert.deepEqual(t.committable(0, MAX_WATERMARK), ['dt=2020-01-01/hour=11']);
  // in Asia/Shanghai (UTC+8) the partition hour 10 ends at 11:00 local = 03:00 UTC
  const sh = trigger({ kind: 'partition-time', delayMs: 3_600_000, watermarkZone: 'Asia/Shanghai' });
  sh.add('dt=2020-01-01/hour=10', 0);
  assert.deepEqual(sh.committable(0, utc('2020-01-01 03:00:00')), []);
  assert.deepEqual(sh.committable(0, utc('2020-01-01 03:00:01')), ['dt=2020-01-01/hour=10']);
});

const schema = T.row([
  { name: 'v', type: T.int() },
  { name: 'dt', type: T.string() },
  { name: 'hour', type: T.string() },
]);

interface Harness {
  readonly dir: string;
  readonly writers: SinkWriter[];
  readonly clock: { now: number };
}

async function harness(options: Record<string, string>, parallelism: number, dir?: string, restored?: unknown[]): Promise<Harness> {
  dir ??= await mkdtemp(join(tmpdir(), 'weir-pc-'));
  const clock = { now: 1_000 };
  const sink = filesystemFactory.createSink!(tableContext(schema, { path: dir, format: 'csv', ...options }, ['dt', 'hour']));
  const writers: SinkWriter[] = [];
  for (let s = 0; s < parallelism; s++) {
    const w = sink.createWriter(s, parallelism);
    await w.open({ subtaskIndex: s, parallelism, config: new Map(), metrics: new SimpleMetricGroup(), clock: () => clock.now }, restored?.[s]);
    writers.push(w);
  }
  return { dir, writers, clock };
}

/** Names in a partition directory: visible part files counted, hidden in-progress ones counted, the success file. */
async function partition(dir: string, p: string): Promise<{ visible: number; hidden: number; success: boolean }> {
  const names = existsSync(join(dir, p)) ? await readdir(join(dir, p)) : [];
  return {
    visible: names.filter((n) => n.startsWith('part-')).length,
    hidden: names.filter((n) => n.startsWith('.part-')).length,
    success: names.includes('_SUCCESS'),
  };
}

const P10 = 'dt=2020-01-01/hour=10';
const P11 = 'dt=2020-01-01/hour=11';

test('success file only once every subtask made its files of the checkpoint visible (parallelism 2)', async () => {
  const h = await harness({ 'sink.partition-commit.policy.kind': 'success-file' }, 2);
  const [w0, w1] = h.writers as [SinkWriter, SinkWriter];
  w0.write(Batch.inserts([[1, '2020-01-01', '10']]));
  w1.write(Batch.inserts([[2, '2020-01-01', '10'], [3, '2020-01-01', '11']]));
  await w0.prepareCommit!(1);
  await w1.prepareCommit!(1);
  await w0.commit!(1);
  // subtask 1 has not committed checkpoint 1: its files are hidden, nothing is committed
  assert.deepEqual(await partition(h.dir, P10), { visible: 1, hidden: 1, success: false });
  assert.deepEqual(await partition(h.dir, P11), { visible: 0, hidden: 1, success: false });
  await w1.commit!(1);
  assert.deepEqual(await partition(h.dir, P10), { visible: 2, hidden: 0, success: true });
  assert.deepEqual(await partition(h.dir, P11), { visible: 1, hidden: 0, success: true });
  // written again after its commit: committed again with the next checkpoint
  await rm(join(h.dir, P10, '_SUCCESS'));
  w1.write(Batch.inserts([[4, '2020-01-01', '10']]));
  await w0.prepareCommit!(2);
  await w1.prepareCommit!(2);
  await w1.commit!(2);
  assert.deepEqual(await partition(h.dir, P10), { visible: 3, hidden: 0, success: false });
  await w0.commit!(2);
  assert.deepEqual(await partition(h.dir, P10), { visible: 3, hidden: 0, success: true });
  for (const w of h.writers) await w.close();
});

test('a custom success file name; no success file without a policy or for an unpartitioned table', async () => {
  const named = await harness({ 'sink.partition-commit.policy.kind': 'success-file', 'sink.partition-commit.success-file.name': '_DONE' }, 1);
  named.writers[0]!.write(Batch.inserts([[1, '2020-01-01', '10']]));
  await named.writers[0]!.finish();
  assert.deepEqual((await readdir(join(named.dir, P10))).filter((n) => !n.startsWith('part-')), ['_DONE']);
  const none = await harness({}, 1);
  none.writers[0]!.write(Batch.inserts([[1, '2020-01-01', '10']]));
  await none.writers[0]!.finish();
  assert.deepEqual(await partition(none.dir, P10), { visible: 1, hidden: 0, success: false });
  const dir = await mkdtemp(join(tmpdir(), 'weir-pc-'));
  const flat = filesystemFactory.createSink!(tableContext(schema, { path: dir, format: 'csv', 'sink.partition-commit.policy.kind': 'success-file' }));
  const w = flat.createWriter(0, 1);
  await w.open({ subtaskIndex: 0, parallelism: 1, config: new Map(), metrics: new SimpleMetricGroup() });
  w.write(Batch.inserts([[1, 'a', 'b']]));
  await w.finish();
  assert.deepEqual((await readdir(dir)).filter((n) => !n.startsWith('part-')), []);
});

test('process-time trigger with a delay commits at the first completed checkpoint after it', async () => {
  const h = await harness({ 'sink.partition-commit.policy.kind': 'success-file', 'sink.partition-commit.delay': '10 s' }, 1);
  const w = h.writers[0]!;
  h.clock.now = 1_000;
  w.write(Batch.inserts([[1, '2020-01-01', '10']]));
  h.clock.now = 5_000;
  w.write(Batch.inserts([[2, '2020-01-01', '11']]));
  await w.prepareCommit!(1);
  await w.commit!(1);
  assert.equal((await partition(h.dir, P10)).success, false);
  h.clock.now = 11_000; // not past 1_000 + 10 s
  await w.prepareCommit!(2);
  await w.commit!(2);
  assert.equal((await partition(h.dir, P10)).success, false);
  h.clock.now = 11_001;
  await w.prepareCommit!(3);
  await w.commit!(3);
  assert.deepEqual([(await partition(h.dir, P10)).success, (await partition(h.dir, P11)).success], [true, false]);
  await w.finish();
  assert.equal((await partition(h.dir, P11)).success, true);
});

test('partition-time trigger: the minimum of the subtasks watermarks at the barrier decides', async () => {
  const opts = {
    'sink.partition-commit.policy.kind': 'success-file',
    'sink.partition-commit.trigger': 'partition-time',
    'sink.partition-commit.delay': '1 h',
    'partition.time-extractor.timestamp-pattern': '$dt $hour:00:00',
  };
  const h = await harness(opts, 2);
  const [w0, w1] = h.writers as [SinkWriter, SinkWriter];
  w0.write(Batch.inserts([[1, '2020-01-01', '10']]));
  w0.onWatermark!(utc('2020-01-01 12:00:00'));
  w1.onWatermark!(utc('2020-01-01 10:30:00'));
  for (const w of h.writers) await w.prepareCommit!(1);
  w1.onWatermark!(utc('2020-01-01 11:30:00')); // after the barrier: counts for the next checkpoint only
  for (const w of h.writers) await w.commit!(1);
  assert.equal((await partition(h.dir, P10)).success, false);
  for (const w of h.writers) await w.prepareCommit!(2);
  for (const w of h.writers) await w.commit!(2);
  assert.deepEqual(await partition(h.dir, P10), { visible: 1, hidden: 0, success: true });
});

test('partition commit state survives a restore: pending partitions and not yet reported ones', async () => {
  const opts = { 'sink.partition-commit.policy.kind': 'success-file', 'sink.partition-commit.delay': '1 h' };
  const h = await harness(opts, 2);
  const [w0, w1] = h.writers as [SinkWriter, SinkWriter];
  w0.write(Batch.inserts([[1, '2020-01-01', '10']]));
  await w0.prepareCommit!(1);
  await w1.prepareCommit!(1);
  await w0.commit!(1);
  await w1.commit!(1); // P10 visible, pending in the committer (delay)
  w1.write(Batch.inserts([[2, '2020-01-01', '11']]));
  const s0 = (await w0.prepareCommit!(2)) as FileSystemSinkState;
  const s1 = (await w1.prepareCommit!(2)) as FileSystemSinkState;
  assert.deepEqual(s0.commitPending?.map((p) => p.partition), [P10]);
  assert.deepEqual(s1.partitions?.map((p) => p.partition), [P11]);
  // crash before checkpoint 2's commit: its files are still hidden
  for (const w of h.writers) await w.close();
  assert.deepEqual(await partition(h.dir, P11), { visible: 0, hidden: 1, success: false });
  const state = JSON.parse(JSON.stringify([s0, s1])) as unknown[];
  const again = await harness(opts, 2, h.dir, state);
  assert.deepEqual(await partition(h.dir, P11), { visible: 1, hidden: 0, success: false });
  for (const w of again.writers) await w.finish();
  assert.equal((await partition(h.dir, P10)).success, true);
  assert.equal((await partition(h.dir, P11)).success, true);
});

test('a checkpoint keeps the files of earlier checkpoints that were not committed yet', async () => {
  const h = await harness({}, 1);
  const w = h.writers[0]!;
  w.write(Batch.inserts([[1, '2020-01-01', '10']]));
  await w.prepareCommit!(1);
  w.write(Batch.inserts([[2, '2020-01-01', '11']]));
  const st = (await w.prepareCommit!(2)) as FileSystemSinkState;
  assert.equal(st.pending.length, 2);
  assert.equal(w.nextCheckTime!(), undefined); // nothing open, nothing buffered: no wake-ups
  await w.close();
  await harness({}, 1, h.dir, [st]);
  assert.equal((await partition(h.dir, P10)).visible, 1);
  assert.equal((await partition(h.dir, P11)).visible, 1);
});

test('inactivity and rollover intervals roll part files, checked every check-interval', async () => {
  const h = await harness({ 'sink.rolling-policy.inactivity-interval': '5 s', 'sink.rolling-policy.check-interval': '1 s', 'sink.rolling-policy.rollover-interval': '20 s' }, 1);
  const w = h.writers[0]!;
  w.write(Batch.inserts([[1, '2020-01-01', '10'], [2, '2020-01-01', '11']]));
  await w.flush();
  assert.equal(w.nextCheckTime!(), 2_000);
  assert.equal(w.needsFlush(), false);
  h.clock.now = 4_000;
  w.write(Batch.inserts([[3, '2020-01-01', '11']])); // P11 stays active
  await w.flush();
  h.clock.now = 6_500;
  assert.equal(w.needsFlush(), true);
  await w.flush(); // P10 had no write for 5.5 s: rolled; P11 only 2.5 s
  assert.equal(w.nextCheckTime!(), 7_500);
  w.write(Batch.inserts([[4, '2020-01-01', '10'], [5, '2020-01-01', '11']]));
  await w.flush();
  assert.deepEqual([(await partition(h.dir, P10)).hidden, (await partition(h.dir, P11)).hidden], [2, 1]);
  h.clock.now = 21_500; // P11 open for 20.5 s: rolled by the rollover interval, and P10 inactive again
  await w.flush();
  assert.equal(w.nextCheckTime!(), undefined);
  await w.finish();
  assert.deepEqual([(await partition(h.dir, P10)).visible, (await partition(h.dir, P11)).visible], [2, 1]);
});

test('bad partition commit and rolling options are refused naming the option', () => {
  const make = (o: Record<string, string>) => () => filesystemFactory.createSink!(tableContext(schema, { path: '/tmp/x', format: 'csv', ...o }, ['dt', 'hour']));
  const fails = (o: Record<string, string>, code: string, re: RegExp) =>
    assert.throws(make(o), (e: unknown) => e instanceof WeirError && e.code === code && re.test(e.message), JSON.stringify(o));
  fails({ 'sink.partition-commit.policy.kind': 'metastore' }, 'UNSUPPORTED', /'metastore' in 'sink.partition-commit.policy.kind' is only supported by Hive tables/);
  fails({ 'sink.partition-commit.policy.kind': 'success-file,custom', 'sink.partition-commit.policy.class': 'a.B' }, 'UNSUPPORTED', /'custom'.*sink.partition-commit.policy.class/);
  fails({ 'sink.partition-commit.policy.kind': 'success-file,rename' }, 'INVALID_OPTION_VALUE', /'sink.partition-commit.policy.kind'.*'success-file,rename'/);
  fails({ 'sink.partition-commit.policy.kind': 'success-file', 'sink.partition-commit.success-file.name': 'a/b' }, 'INVALID_OPTION_VALUE', /'sink.partition-commit.success-file.name'/);
  fails({ 'sink.partition-commit.watermark-time-zone': 'Mars/Base' }, 'INVALID_OPTION_VALUE', /'sink.partition-commit.watermark-time-zone'.*'Mars\/Base'/);
  fails({ 'sink.partition-commit.trigger': 'partition-time', 'partition.time-extractor.kind': 'custom' }, 'UNSUPPORTED', /'partition.time-extractor.kind' = 'custom'/);
  fails({ 'sink.rolling-policy.check-interval': '0 s' }, 'INVALID_OPTION_VALUE', /'sink.rolling-policy.check-interval'/);
  fails({ 'sink.rolling-policy.inactivity-interval': '0 ms' }, 'INVALID_OPTION_VALUE', /'sink.rolling-policy.inactivity-interval'/);
  assert.doesNotThrow(make({ 'sink.partition-commit.policy.kind': ' success-file , SUCCESS-FILE ' }));
});
