import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { T } from '../../types/logical-type.ts';
import { Batch } from '../../runtime/batch.ts';
import { RowKind } from '../../runtime/row.ts';
import { SimpleMetricGroup } from '../../runtime/metrics.ts';
import { filesystemFactory } from './index.ts';
import type { FileSystemPosition } from './source.ts';
import type { RescaledPosition } from '../../runtime/source.ts';
import { drain, sourceContext, tableContext } from '../test-util.ts';

const schema = T.row([
  { name: 'id', type: T.int() },
  { name: 'name', type: T.string() },
]);

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'weir-fs-'));
  await writeFile(join(dir, 'a.json'), Array.from({ length: 50 }, (_, i) => JSON.stringify({ id: i, name: `n${i}` })).join('\n') + '\n');
  await writeFile(join(dir, 'b.json'), '{"id": 100, "name": "ü"}\r\n{"id": 101}');
  await writeFile(join(dir, '.hidden.json'), '{"id": -1}\n');
  await writeFile(join(dir, '_SUCCESS'), '');
  await mkdir(join(dir, 'sub'));
  await writeFile(join(dir, 'sub', 'c.json'), '{"id": 200, "name": "c"}\n');
  return dir;
}

test('filesystem source reads a directory in sorted order, skipping hidden files', async () => {
  const dir = await dataDir();
  const src = filesystemFactory.createSource!(tableContext(schema, { connector: 'filesystem', path: dir, format: 'json' }));
  assert.equal(src.bounded, true);
  const r = src.createReader(0, 1);
  await r.open(sourceContext());
  const { rows } = await drain(r, 7);
  assert.equal(rows.length, 53);
  assert.deepEqual(rows.slice(49), [[49, 'n49'], [100, 'ü'], [101, null], [200, 'c']]);
});

test('filesystem source resumes exactly from a mid-file position (small chunks)', async () => {
  const dir = await dataDir();
  const ctx = tableContext(schema, { connector: 'filesystem', path: dir, format: 'json' });
  const src = filesystemFactory.createSource!(ctx);
  const make = () => {
    const r = src.createReader(0, 1);
    (r as unknown as { chunkSize: number }).chunkSize = 16; // force many partial-line reads
    return r;
  };
  const full = make();
  await full.open(sourceContext());
  const all = (await drain(full, 5)).rows;
  for (const cut of [1, 17, 49, 50, 51, 52]) {
    const r = make();
    await r.open(sourceContext());
    const first = (await drain(r, 5, cut)).rows;
    const pos = JSON.parse(JSON.stringify(r.snapshotPosition()));
    await r.close();
    const r2 = make();
    await r2.open(sourceContext(), pos);
    const rest = (await drain(r2, 5)).rows;
    assert.deepEqual([...first, ...rest], all, `cut at ${cut}`);
  }
  const r = make();
  await r.open(sourceContext());
  await drain(r, 5, 20);
  const pos = r.snapshotPosition() as FileSystemPosition;
  assert.ok(pos.splits[0]!.file.endsWith('a.json'));
  assert.equal(pos.splits[0]!.line, 21);
  assert.deepEqual(
    pos.splits.slice(1).map((s) => [s.file.slice(dir.length + 1), s.offset, s.line]),
    [['b.json', 0, 1], ['sub/c.json', 0, 1]],
  );
  // the former position format ({file, offset, line} of the file being read) still restores
  const r3 = make();
  await r3.open(sourceContext(), { file: pos.splits[0]!.file, offset: pos.splits[0]!.offset, line: 21 });
  assert.deepEqual((await drain(r3, 5)).rows, all.slice(20));
});

test('filesystem source restores at another parallelism: every line once (2 → 3 → 1)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'weir-fs-'));
  const ids: number[] = [];
  for (let f = 0; f < 5; f++) {
    const lines = Array.from({ length: 20 + f }, (_, i) => JSON.stringify({ id: f * 100 + i, name: 'x' }));
    await writeFile(join(dir, `f${f}.json`), lines.join('\n') + '\n');
    ids.push(...lines.map((_, i) => f * 100 + i));
  }
  const src = filesystemFactory.createSource!(tableContext(schema, { path: dir, format: 'json' }));
  const seen: unknown[] = [];
  const round = async (p: number, old: unknown[] | undefined, limit: number): Promise<unknown[]> => {
    const out: unknown[] = [];
    for (let i = 0; i < p; i++) {
      const r = src.createReader(i, p);
      const pos = old === undefined ? undefined : ({ kind: 'rescaled', oldParallelism: old.length, positions: old } satisfies RescaledPosition);
      await r.open(sourceContext(i, p), pos);
      seen.push(...(await drain(r, 3, limit)).rows.map((x) => x[0]));
      out.push(JSON.parse(JSON.stringify(r.snapshotPosition())));
      await r.close();
    }
    return out;
  };
  let pos = await round(2, undefined, 13);
  pos = await round(3, pos, 17);
  pos = await round(1, pos, Infinity);
  assert.deepEqual([...seen].sort((a, b) => (a as number) - (b as number)), ids);
  // a position missing for an old subtask cannot be rescaled (that subtask's files would be lost or read twice)
  const r = src.createReader(0, 2);
  await assert.rejects(r.open(sourceContext(0, 2), { kind: 'rescaled', oldParallelism: 3, positions: [pos[0], undefined, pos[0]] }), /no position for its subtask 2 of 3/);
});

test('filesystem source: bad line names file and line; ignore-parse-errors counts', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'weir-fs-'));
  await writeFile(join(dir, 'x.json'), '{"id": 1}\n{"id": 2}\n{"id": oops}\n{"id": 4}\n');
  const src = filesystemFactory.createSource!(tableContext(schema, { path: dir, format: 'json' }));
  const r = src.createReader(0, 1);
  await r.open(sourceContext());
  await assert.rejects(drain(r), (e: Error) => {
    assert.match(e.message, new RegExp(`^Failed to deserialize JSON '\\{"id": oops\\}' at file:${join(dir, 'x.json')} line 3\\.`));
    return true;
  });
  await r.close();
  const metrics = new SimpleMetricGroup();
  const src2 = filesystemFactory.createSource!(tableContext(schema, { path: dir, format: 'json', 'json.ignore-parse-errors': 'true' }));
  const r2 = src2.createReader(0, 1);
  await r2.open(sourceContext(0, 1, metrics));
  assert.deepEqual((await drain(r2)).rows.map((x) => x[0]), [1, 2, 4]);
  assert.equal(metrics.values()['numRecordsDropped'], 1);
});

test('filesystem source splits files round-robin across subtasks', async () => {
  const dir = await dataDir();
  const src = filesystemFactory.createSource!(tableContext(schema, { path: dir, format: 'json' }));
  const counts: number[] = [];
  for (let i = 0; i < 2; i++) {
    const r = src.createReader(i, 2);
    await r.open(sourceContext(i, 2));
    counts.push((await drain(r)).rows.length);
  }
  assert.deepEqual(counts, [51, 2]); // a.json + sub/c.json, b.json
});

test('filesystem sink writes hidden in-progress part files, committed on checkpoint and finish', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'weir-fs-out-'));
  const sink = filesystemFactory.createSink!(tableContext(schema, { path: dir, format: 'csv' }));
  assert.equal(sink.accepts({ kind: 'insert-only' }), true);
  assert.equal(sink.accepts({ kind: 'all' }), false);
  const w = sink.createWriter(0, 1);
  await w.open({ subtaskIndex: 0, parallelism: 1, config: new Map(), metrics: new SimpleMetricGroup() });
  w.write(Batch.inserts([[1, 'a'], [2, 'b c']]));
  await w.flush();
  let names = await readdir(dir);
  assert.equal(names.length, 1);
  assert.match(names[0]!, /^\.part-[0-9a-f-]{36}-0-0\.inprogress$/);
  const state = await w.prepareCommit!(1);
  assert.equal((state as { pending: unknown[] }).pending.length, 1);
  await w.commit!(1);
  names = await readdir(dir);
  assert.match(names[0]!, /^part-[0-9a-f-]{36}-0-0$/);
  assert.equal(await readFile(join(dir, names[0]!), 'utf8'), '1,a\n2,"b c"\n');
  w.write(Batch.inserts([[3, null]]));
  await w.finish();
  await w.close();
  names = (await readdir(dir)).sort();
  assert.equal(names.length, 2);
  assert.ok(names.every((n) => n.startsWith('part-')));
  // and the source reads them back
  const src = filesystemFactory.createSource!(tableContext(schema, { path: dir, format: 'csv' }));
  const r = src.createReader(0, 1);
  await r.open(sourceContext());
  assert.deepEqual((await drain(r)).rows.sort((a, b) => (a[0] as number) - (b[0] as number)), [[1, 'a'], [2, 'b c'], [3, '']]);
});

test('filesystem: changelog format sink accepts updates; partitioned write and read', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'weir-fs-part-'));
  const s = T.row([{ name: 'id', type: T.int() }, { name: 'dt', type: T.string() }]);
  const cdc = filesystemFactory.createSink!(tableContext(s, { path: dir, format: 'debezium-json' }));
  assert.equal(cdc.accepts({ kind: 'all' }), true);
  const sink = filesystemFactory.createSink!(tableContext(s, { path: dir, format: 'json' }, ['dt']));
  const w = sink.createWriter(0, 1);
  await w.open({ subtaskIndex: 0, parallelism: 1, config: new Map(), metrics: new SimpleMetricGroup() });
  const b = new Batch();
  b.push(RowKind.INSERT, [1, '2020-01-01']);
  b.push(RowKind.INSERT, [2, '2020-01-02']);
  b.push(RowKind.INSERT, [3, null]);
  w.write(b);
  await w.finish();
  assert.deepEqual((await readdir(dir)).sort(), ['dt=2020-01-01', 'dt=2020-01-02', 'dt=__DEFAULT_PARTITION__']);
  const files = await readdir(join(dir, 'dt=2020-01-01'));
  assert.equal(await readFile(join(dir, 'dt=2020-01-01', files[0]!), 'utf8'), '{"id":1}\n');
  const src = filesystemFactory.createSource!(tableContext(s, { path: dir, format: 'json' }, ['dt']));
  const r = src.createReader(0, 1);
  await r.open(sourceContext());
  assert.deepEqual((await drain(r)).rows, [[1, '2020-01-01'], [2, '2020-01-02'], [3, null]]);
});
