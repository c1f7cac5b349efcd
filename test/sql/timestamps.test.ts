/** End-to-end SQL over nanosecond timestamps: TIMESTAMP(4..9) keeps every digit through files, keys, state and functions. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { finalRows, jsonFile, runSql } from '../helpers/run-sql.ts';

const events = () =>
  jsonFile([
    { id: 1, ts: '1500-04-30 12:00:00.123456789' },
    { id: 2, ts: '1500-04-30 12:00:00.123456788' },
    { id: 3, ts: '2021-09-24 12:34:56.123456789' },
    { id: 4, ts: '2021-09-24 12:34:56.123456789' },
    { id: 5, ts: '2021-09-24 12:34:56.1234567' },
  ]);

const ddl = (p: string) => `CREATE TABLE ev (id INT, ts TIMESTAMP(9))
  WITH ('connector' = 'filesystem', 'path' = '${p}', 'format' = 'json');`;

void test('TIMESTAMP(9) values from a file keep their nanoseconds through filters and casts', async () => {
  const out = await runSql(`${ddl(events())}
    SELECT id, ts, CAST(ts AS TIMESTAMP(6)), CAST(ts AS STRING), ts + INTERVAL '1' MONTH
    FROM ev WHERE ts > TIMESTAMP '1500-04-30 12:00:00.123456788' AND id < 4;`);
  assert.deepEqual(out, [
    { op: '+I', row: [1, '1500-04-30 12:00:00.123456789', '1500-04-30 12:00:00.123456', '1500-04-30 12:00:00.123456789', '1500-05-30 12:00:00.123456789'] },
    { op: '+I', row: [3, '2021-09-24 12:34:56.123456789', '2021-09-24 12:34:56.123456', '2021-09-24 12:34:56.123456789', '2021-10-24 12:34:56.123456789'] },
  ]);
});

void test('TIMESTAMP(9) as a grouping key and in MIN/MAX distinguishes single nanoseconds', async () => {
  const out = await runSql(`${ddl(events())}
    SELECT ts, COUNT(*) FROM ev GROUP BY ts;`);
  const rows = [...finalRows(out)].sort();
  assert.deepEqual(rows, [
    '["1500-04-30 12:00:00.123456788",1]',
    '["1500-04-30 12:00:00.123456789",1]',
    '["2021-09-24 12:34:56.123456700",1]',
    '["2021-09-24 12:34:56.123456789",2]',
  ]);
  const mm = finalRows(await runSql(`${ddl(events())} SELECT MIN(ts), MAX(ts) FROM ev WHERE id IN (1, 2, 5);`));
  assert.deepEqual(mm, ['["1500-04-30 12:00:00.123456788","2021-09-24 12:34:56.123456700"]']);
});

void test('temporal functions take nanosecond timestamps; LTZ(9) shifts keep the digits', async () => {
  const out = await runSql(`SET 'table.local-time-zone' = 'Asia/Shanghai';
    SELECT EXTRACT(YEAR FROM TIMESTAMP '2021-09-24 12:34:56.1234567'),
      DATE_FORMAT(TIMESTAMP '2021-09-24 12:34:56.1234567', 'yyyy-MM-dd HH:mm:ss.SSS'),
      CAST(TIMESTAMP '2018-03-14 01:02:03.123456789' AS TIMESTAMP_LTZ(9)),
      CAST(CAST(TIMESTAMP '2018-03-14 01:02:03.123456789' AS TIMESTAMP_LTZ(9)) AS TIMESTAMP(9)),
      CAST(TIMESTAMP '2018-03-14 01:02:03.123456789' AS TIMESTAMP_LTZ(9)) - INTERVAL '1' SECOND;`);
  assert.deepEqual(out, [
    { op: '+I', row: [2021, '2021-09-24 12:34:56.123', '2018-03-14 01:02:03.123456789', '2018-03-14 01:02:03.123456789', '2018-03-14 01:02:02.123456789'] },
  ]);
});
