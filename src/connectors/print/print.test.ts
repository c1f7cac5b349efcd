import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T } from '../../types/logical-type.ts';
import { Batch } from '../../runtime/batch.ts';
import { RowKind } from '../../runtime/row.ts';
import { SimpleMetricGroup } from '../../runtime/metrics.ts';
import { parseTimestamp } from '../../types/temporal.ts';
import { PrintSinkWriter } from './index.ts';

const schema = T.row([
  { name: 'i', type: T.int() },
  { name: 's', type: T.string() },
  { name: 't', type: T.timestamp(3) },
  { name: 'd', type: T.double() },
  { name: 'm', type: T.decimal(10, 2) },
  { name: 'a', type: T.array(T.string()) },
  { name: 'r', type: T.row([{ name: 'x', type: T.int() }]) },
  { name: 'b', type: T.bytes() },
  { name: 'l', type: T.timestampLtz(3) },
  { name: 'dt', type: T.date() },
  { name: 'mp', type: T.map(T.string(), T.bigint()) },
]);

async function printed(identifier: string | undefined, subtask: number, parallelism: number, batch: Batch): Promise<string> {
  let out = '';
  const w = new PrintSinkWriter(schema, identifier, { write: (s: string) => void (out += s) });
  await w.open({ subtaskIndex: subtask, parallelism, config: new Map(), metrics: new SimpleMetricGroup() });
  w.write(batch);
  await w.finish();
  return out;
}

test('print renders rows as Flink Row.toString', async () => {
  const b = new Batch();
  b.push(RowKind.INSERT, [
    1,
    'abc',
    parseTimestamp('2020-01-01 00:00:00'),
    1,
    150,
    ['x', null],
    [7],
    new Uint8Array([1, 255]),
    Date.UTC(2020, 0, 1, 12, 0, 0, 500),
    18262,
    new Map([['k', 9223372036854775807n]]),
  ]);
  b.push(RowKind.UPDATE_BEFORE, [null, null, parseTimestamp('2020-01-01 12:30:05.123'), 1e10, 5, [], null, null, null, null, null]);
  assert.equal(
    await printed(undefined, 0, 1, b),
    '+I[1, abc, 2020-01-01T00:00, 1.0, 1.50, [x, null], +I[7], [1, -1], 2020-01-01T12:00:00.500Z, 2020-01-01, {k=9223372036854775807}]\n' +
      '-U[null, null, 2020-01-01T12:30:05.123, 1.0E10, 0.05, [], null, null, null, null, null]\n',
  );
});

test('print prefixes: identifier and subtask', async () => {
  const b = new Batch();
  b.push(RowKind.DELETE, [1, 'a', null, null, null, null, null, null, null, null, null]);
  const row = '-D[1, a, null, null, null, null, null, null, null, null, null]\n';
  assert.equal(await printed('out', 0, 1, b), 'out> ' + row);
  assert.equal(await printed('out', 1, 2, b), 'out:2> ' + row);
  assert.equal(await printed(undefined, 2, 4, b), '3> ' + row);
});
