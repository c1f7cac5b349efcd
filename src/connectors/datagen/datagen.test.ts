import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T } from '../../types/logical-type.ts';
import { datagenFactory } from './index.ts';
import { drain, sourceContext, tableContext } from '../test-util.ts';

const schema = T.row([
  { name: 'id', type: T.bigint() },
  { name: 'v', type: T.int() },
  { name: 's', type: T.string() },
  { name: 'd', type: T.decimal(10, 2) },
  { name: 'b', type: T.boolean() },
  { name: 'a', type: T.array(T.double()) },
]);
const opts = {
  'rows-per-second': '100000000',
  seed: '42',
  'fields.id.kind': 'sequence',
  'fields.id.start': '1',
  'fields.id.end': '1000',
  'fields.v.min': '-5',
  'fields.v.max': '5',
  'fields.s.length': '12',
  'fields.d.min': '1.5',
  'fields.d.max': '2.5',
  'fields.a.length': '3',
  'fields.b.null-rate': '0.5',
};

test('datagen: sequence bounds, value ranges, determinism', async () => {
  const src = datagenFactory.createSource!(tableContext(schema, opts));
  assert.equal(src.bounded, true);
  const r1 = src.createReader(0, 1);
  await r1.open(sourceContext());
  const a = await drain(r1, 128);
  assert.equal(a.rows.length, 1000);
  assert.deepEqual(a.rows.map((r) => r[0]), Array.from({ length: 1000 }, (_, i) => i + 1));
  let nulls = 0;
  for (const r of a.rows) {
    assert.ok((r[1] as number) >= -5 && (r[1] as number) <= 5);
    assert.match(r[2] as string, /^[0-9a-f]{12}$/);
    assert.ok((r[3] as number) >= 150 && (r[3] as number) <= 250);
    if (r[4] === null) nulls++;
    assert.equal((r[5] as unknown[]).length, 3);
  }
  assert.ok(nulls > 350 && nulls < 650, `null count ${nulls}`);
  const r2 = src.createReader(0, 1);
  await r2.open(sourceContext());
  assert.deepEqual((await drain(r2, 77)).rows, a.rows);
});

test('datagen: resume from a position gives exactly the rest', async () => {
  const src = datagenFactory.createSource!(tableContext(schema, opts));
  const full = src.createReader(0, 1);
  await full.open(sourceContext());
  const all = (await drain(full, 100)).rows;
  const r = src.createReader(0, 1);
  await r.open(sourceContext());
  const first = (await drain(r, 100, 300)).rows;
  const pos = JSON.parse(JSON.stringify(r.snapshotPosition()));
  const r2 = src.createReader(0, 1);
  await r2.open(sourceContext(), pos);
  const rest = (await drain(r2, 100)).rows;
  assert.deepEqual([...first, ...rest], all);
});

test('datagen: number-of-rows split across subtasks; sequence ranges split', async () => {
  const s = T.row([{ name: 'x', type: T.int() }]);
  const src = datagenFactory.createSource!(tableContext(s, { 'number-of-rows': '10', 'rows-per-second': '1000000' }));
  let total = 0;
  for (let i = 0; i < 3; i++) {
    const r = src.createReader(i, 3);
    await r.open(sourceContext(i, 3));
    total += (await drain(r)).rows.length;
  }
  assert.equal(total, 10);
  const seq = datagenFactory.createSource!(
    tableContext(s, { 'fields.x.kind': 'sequence', 'fields.x.start': '1', 'fields.x.end': '7', 'rows-per-second': '1000000' }),
  );
  const got: unknown[] = [];
  for (let i = 0; i < 2; i++) {
    const r = seq.createReader(i, 2);
    await r.open(sourceContext(i, 2));
    got.push(...(await drain(r)).rows.map((x) => x[0]));
  }
  assert.deepEqual(got.sort(), [1, 2, 3, 4, 5, 6, 7]);
});

test('datagen: rows-per-second throttles', async () => {
  const s = T.row([{ name: 'x', type: T.int() }]);
  const src = datagenFactory.createSource!(tableContext(s, { 'number-of-rows': '60', 'rows-per-second': '200' }));
  const r = src.createReader(0, 1);
  await r.open(sourceContext());
  const t0 = Date.now();
  assert.equal((await drain(r)).rows.length, 60);
  const dt = Date.now() - t0;
  assert.ok(dt >= 200 && dt < 1500, `took ${dt} ms`);
});

test('datagen: sequence needs start and end; big BIGINT sequences stay exact', async () => {
  const s = T.row([{ name: 'x', type: T.bigint() }]);
  assert.throws(
    () => datagenFactory.createSource!(tableContext(s, { 'fields.x.kind': 'sequence', 'fields.x.end': '5' })),
    /Could not find required property 'fields.x.start' for sequence generator./,
  );
  const src = datagenFactory.createSource!(
    tableContext(s, { 'fields.x.kind': 'sequence', 'fields.x.start': '9007199254740990', 'fields.x.end': '9007199254740993', 'rows-per-second': '1000' }),
  );
  const r = src.createReader(0, 1);
  await r.open(sourceContext());
  assert.deepEqual((await drain(r)).rows.map((x) => x[0]), [9007199254740990, 9007199254740991, 9007199254740992n, 9007199254740993n]);
});
