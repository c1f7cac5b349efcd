/**
 * Issue #7: partition commit of the filesystem sink ('sink.partition-commit.*')
 * through SQL: success files for a bounded INSERT at parallelism 2, the
 * partition-time trigger with a watermark and a delay while a checkpointed
 * job runs (a partition's success file appears only once its files are
 * visible and the watermark passed its end), the process-time trigger's
 * delay, and a SIGKILL/restore through the CLI where partitions written
 * before the kill are committed only from the restored commit state.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE, WEIR } from '../helpers/weir-cli.ts';
import { runSql } from '../helpers/run-sql.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface PartitionView {
  readonly name: string;
  readonly visible: string[];
  readonly hidden: number;
  readonly success: boolean;
}

function partitions(dir: string): PartitionView[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((d) => d.includes('='))
    .sort()
    .map((name) => {
      const files = readdirSync(join(dir, name));
      return {
        name,
        visible: files.filter((f) => f.startsWith('part-')),
        hidden: files.filter((f) => f.startsWith('.part-')).length,
        success: files.includes('_SUCCESS'),
      };
    });
}

void test('bounded INSERT at parallelism 2: every written partition gets its success file, from both subtasks', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'weir-pc-sql-'));
  mkdirSync(join(dir, 'in'));
  // two input files: two splits, so both source (and sink) subtasks write
  writeFileSync(join(dir, 'in', 'a.json'), [1, 2, 3, 4].map((i) => JSON.stringify({ id: i, dt: `2020-01-0${i % 3}`, h: i % 2 })).join('\n') + '\n');
  writeFileSync(join(dir, 'in', 'b.json'), [5, 6, 7, 8].map((i) => JSON.stringify({ id: i, dt: `2020-01-0${i % 3}`, h: i % 2 })).join('\n') + '\n');
  await runSql(`SET 'parallelism.default' = '2';
    CREATE TABLE src (id INT, dt STRING, h INT) WITH ('connector' = 'filesystem', 'path' = '${join(dir, 'in')}', 'format' = 'json');
    CREATE TABLE o (id INT, dt STRING, h INT) PARTITIONED BY (dt, h) WITH ('connector' = 'filesystem', 'path' = '${join(dir, 'out')}', 'format' = 'csv',
      'sink.parallelism' = '2', 'sink.partition-commit.policy.kind' = 'success-file');
    CREATE TABLE n (id INT, dt STRING) PARTITIONED BY (dt) WITH ('connector' = 'filesystem', 'path' = '${join(dir, 'none')}', 'format' = 'csv');
    INSERT INTO o SELECT * FROM src;
    INSERT INTO n SELECT id, dt FROM src;`);
  const ps = partitions(join(dir, 'out'));
  assert.deepEqual(
    ps.map((p) => p.name),
    ['dt=2020-01-00', 'dt=2020-01-01', 'dt=2020-01-02'],
  );
  const leaves = ps.flatMap((p) => partitions(join(dir, 'out', p.name)).map((q) => ({ ...q, name: `${p.name}/${q.name}` })));
  assert.equal(leaves.length, 6);
  for (const p of leaves) assert.deepEqual([p.name, p.success, p.hidden], [p.name, true, 0]);
  const subtasks = new Set(leaves.flatMap((p) => p.visible.map((f) => f.split('-').at(-2))));
  assert.deepEqual([...subtasks].sort(), ['0', '1']);
  const all = leaves.flatMap((p) => p.visible.map((f) => readFileSync(join(dir, 'out', p.name, f), 'utf8').trim().split('\n'))).flat();
  assert.deepEqual(all.sort(), ['1', '2', '3', '4', '5', '6', '7', '8']);
  // no policy: no success files
  assert.ok(partitions(join(dir, 'none')).every((p) => !p.success && p.visible.length > 0));
});

const MINUTE_SOURCE = (rate: number, rows: number) => `
CREATE TABLE g (
  id BIGINT,
  ts AS TO_TIMESTAMP_LTZ(1577836800000 + id * 10000, 3),
  WATERMARK FOR ts AS ts
) WITH ('connector' = 'datagen', 'rows-per-second' = '${rate}', 'scan.watermark.emit.strategy' = 'on-event',
  'fields.id.kind' = 'sequence', 'fields.id.start' = '0', 'fields.id.end' = '${rows - 1}');`;

void test('partition-time trigger at parallelism 2: a minute partition is committed once its files are visible and the watermark passed its end + delay', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'weir-pc-pt-'));
  const out = join(dir, 'out');
  const seen = new Map<string, { visible: number; hidden: number; later: boolean; lastExists: boolean }>();
  let running = true;
  const watch = (async () => {
    while (running) {
      const ps = partitions(out);
      ps.forEach((p, i) => {
        if (p.success && !seen.has(p.name))
          seen.set(p.name, { visible: p.visible.length, hidden: p.hidden, later: i + 1 < ps.length, lastExists: ps.some((q) => q.name.endsWith('00%3A09')) });
      });
      await sleep(5);
    }
  })();
  // 60 rows, one every 10 s of event time: minutes 00:00 … 00:09, six rows each; about 1.2 s of wall time
  await runSql(`SET 'parallelism.default' = '2';
    SET 'execution.checkpointing.interval' = '80 ms';
    SET 'state.checkpoints.dir' = '${join(dir, 'chk')}';
    ${MINUTE_SOURCE(50, 60)}
    CREATE TABLE o (id BIGINT, m STRING) PARTITIONED BY (m) WITH ('connector' = 'filesystem', 'path' = '${out}', 'format' = 'csv',
      'sink.parallelism' = '2',
      'sink.partition-commit.trigger' = 'partition-time',
      'sink.partition-commit.delay' = '1 min',
      'partition.time-extractor.timestamp-pattern' = '$m:00',
      'sink.partition-commit.policy.kind' = 'success-file');
    INSERT INTO o SELECT id, DATE_FORMAT(ts, 'yyyy-MM-dd HH:mm') FROM g;`);
  running = false;
  await watch;
  const ps = partitions(out);
  assert.equal(ps.length, 10);
  assert.ok(ps.every((p) => p.success && p.hidden === 0), JSON.stringify(ps));
  assert.deepEqual([...new Set(ps.flatMap((p) => p.visible.map((f) => f.split('-').at(-2))))].sort(), ['0', '1']);
  // every commit seen while running: its files all visible, and a later minute already written (the watermark passed its end + 1 min)
  for (const [name, s] of seen) {
    assert.equal(s.hidden, 0, `${name} committed with hidden files`);
    assert.ok(s.visible > 0, `${name} committed without visible files`);
    if (!name.endsWith('00%3A09')) assert.ok(s.later, `${name} committed before a later minute was written`);
  }
  // some partitions were committed while the job ran, not only at the end of the input
  assert.ok([...seen.values()].some((s) => !s.lastExists), `no partition committed mid-run: ${JSON.stringify([...seen])}`);
});

void test('process-time trigger: no partition is committed before its delay; the end of the input commits all', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'weir-pc-proc-'));
  const out = join(dir, 'out');
  // what the directory held when the first success file showed up
  let first: { partitions: number; rows: number; hidden: number } | undefined;
  let running = true;
  const observe = (): void => {
    const ps = partitions(out);
    if (first !== undefined || !ps.some((p) => p.success)) return;
    const rows = ps.reduce((n, p) => n + p.visible.reduce((m, f) => m + readFileSync(join(out, p.name, f), 'utf8').trim().split('\n').length, 0), 0);
    first = { partitions: ps.length, rows, hidden: ps.reduce((n, p) => n + p.hidden, 0) };
  };
  const watch = (async () => {
    while (running && first === undefined) {
      observe();
      await sleep(5);
    }
  })();
  const t0 = Date.now();
  await runSql(`SET 'execution.checkpointing.interval' = '50 ms';
    SET 'state.checkpoints.dir' = '${join(dir, 'chk')}';
    ${MINUTE_SOURCE(60, 30)}
    CREATE TABLE o (id BIGINT, m STRING) PARTITIONED BY (m) WITH ('connector' = 'filesystem', 'path' = '${out}', 'format' = 'csv',
      'sink.partition-commit.delay' = '1 h',
      'sink.partition-commit.policy.kind' = 'success-file');
    INSERT INTO o SELECT id, DATE_FORMAT(ts, 'yyyy-MM-dd HH:mm') FROM g;`);
  const elapsed = Date.now() - t0;
  running = false;
  await watch;
  observe(); // the end of the input's commits may come after the last look
  assert.ok(elapsed > 300, `the job ran ${elapsed} ms`);
  const ps = partitions(out);
  assert.equal(ps.length, 5);
  assert.ok(ps.every((p) => p.success));
  // checkpoints completed all along, but the delay is an hour: only the end of the input commits, once every row is visible
  assert.deepEqual(first, { partitions: 5, rows: 30, hidden: 0 });
});

function run(args: string[], killAfter?: () => boolean): Promise<{ code: number | null; stderr: string }> {
  return new Promise((res, rej) => {
    const p = spawn(NODE, [WEIR, 'run', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let watch: ReturnType<typeof setInterval> | undefined;
    if (killAfter)
      watch = setInterval(() => {
        if (killAfter()) {
          clearInterval(watch);
          p.kill('SIGKILL');
        }
      }, 10);
    p.on('error', rej);
    p.on('exit', (code) => {
      if (watch) clearInterval(watch);
      res({ code, stderr });
    });
  });
}

void test('SIGKILL and restore: partitions written before the kill are committed from the restored commit state', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'weir-pc-kill-'));
  const out = join(dir, 'out');
  const ROWS = 400;
  writeFileSync(
    join(dir, 'job.sql'),
    `SET 'execution.checkpointing.interval' = '100 ms';
SET 'state.checkpoints.dir' = '${join(dir, 'chk')}';
SET 'restart-strategy.type' = 'none';
${MINUTE_SOURCE(100, ROWS)}
CREATE TABLE o (id BIGINT, m STRING) PARTITIONED BY (m) WITH ('connector' = 'filesystem', 'path' = '${out}', 'format' = 'csv',
  'sink.partition-commit.delay' = '1 h',
  'sink.partition-commit.policy.kind' = 'success-file');
INSERT INTO o SELECT id, DATE_FORMAT(ts, 'yyyy-MM-dd HH:mm') FROM g;
`,
  );
  // kill once a few minute partitions have visible files (so their commit is pending in a completed checkpoint)
  const first = await run([join(dir, 'job.sql')], () => partitions(out).filter((p) => p.visible.length > 0).length >= 3);
  assert.equal(first.code, null, first.stderr);
  const before = partitions(out);
  assert.ok(before.every((p) => !p.success), 'nothing is committed before the delay');
  const written = before.filter((p) => p.visible.length > 0).map((p) => p.name);
  const second = await run(['--restore', 'latest', join(dir, 'job.sql')]);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stderr, /Restoring job/);
  const after = partitions(out);
  assert.equal(after.length, Math.ceil(ROWS / 6));
  // (the killed run's uncommitted in-progress files stay behind, hidden)
  for (const p of after) assert.ok(p.success, p.name);
  for (const name of written) assert.ok(after.find((p) => p.name === name)?.success, name);
  // exactly once: every id in its minute, once
  const ids = after.flatMap((p) => p.visible.flatMap((f) => readFileSync(join(out, p.name, f), 'utf8').trim().split('\n').map(Number)));
  assert.deepEqual(ids.sort((a, b) => a - b), Array.from({ length: ROWS }, (_, i) => i));
});

void test("'sink.parallelism': a positive number, refused for a changelog with updates", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'weir-pc-par-'));
  const src = `CREATE TABLE g (id BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '10', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '10');`;
  const sink = (par: string, format = 'csv') =>
    `CREATE TABLE o (k BIGINT, c BIGINT) WITH ('connector' = 'filesystem', 'path' = '${join(dir, 'o')}', 'format' = '${format}', 'sink.parallelism' = '${par}');`;
  await assert.rejects(runSql(`${src}${sink('0')}INSERT INTO o SELECT id, 1 FROM g;`), /Invalid value for option 'sink.parallelism'.*'0'/);
  await assert.rejects(
    runSql(`${src}${sink('2', 'debezium-json')}INSERT INTO o SELECT id % 3, COUNT(*) FROM g GROUP BY id % 3;`),
    (e: unknown) => (e as { code?: string }).code === 'SINK_PARALLELISM' && /sink parallelism 2 of table sink '.*\.o' is different from its input's \(1\)/.test((e as Error).message),
  );
  await runSql(`${src}${sink('3')}INSERT INTO o SELECT id, 1 FROM g;`);
  const files = readdirSync(join(dir, 'o')).filter((f) => f.startsWith('part-'));
  assert.ok(files.length >= 1);
  const rows = files.flatMap((f) => readFileSync(join(dir, 'o', f), 'utf8').trim().split('\n'));
  assert.equal(rows.length, 10);
});

void test("'sink.rolling-policy.inactivity-interval' rolls a part file that got no writes, checked every 'check-interval'", { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'weir-roll-'));
  // after datagen's first burst (at most a second of rows), a row every 250 ms into one partition: with a
  // 100 ms inactivity interval each of those starts a new part file
  const job = (out: string, rolling: string) => `
    CREATE TABLE g (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '4', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '10');
    CREATE TABLE o (id BIGINT, p STRING) PARTITIONED BY (p) WITH ('connector' = 'filesystem', 'path' = '${join(dir, out)}', 'format' = 'csv'${rolling});
    INSERT INTO o SELECT id, 'x' FROM g;`;
  await runSql(job('rolled', `, 'sink.rolling-policy.inactivity-interval' = '100 ms', 'sink.rolling-policy.check-interval' = '10 ms'`));
  await runSql(job('one', ''));
  const files = (out: string) => readdirSync(join(dir, out, 'p=x')).filter((f) => f.startsWith('part-'));
  assert.equal(files('one').length, 1);
  const rolled = files('rolled');
  assert.ok(rolled.length >= 3, `${rolled.length} part files`); // 7 unless the machine stalls
  const rows = rolled.flatMap((f) => readFileSync(join(dir, 'rolled', 'p=x', f), 'utf8').trim().split('\n').map(Number));
  assert.deepEqual(rows.sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
});
