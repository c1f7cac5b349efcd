/**
 * Differential property tests of windows against DuckDB: fast-check makes
 * random out-of-order input (disorder bounded below the watermark delay, so
 * no row is late), Weir runs the window aggregation through the real SQL path
 * with a watermark after every row, and DuckDB computes the same windows as a
 * batch over the same rows (window bounds as epoch-millisecond arithmetic,
 * sessions by gaps between sorted times). The results must be equal.
 * A second property lets rows arrive later than the watermark: those rows are
 * dropped from the windows that have fired (DuckDB is given, per window, only
 * the rows that arrived before the watermark passed its end).
 *
 * DIFF_RUNS=n changes the number of runs per template (default 10).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { finalRows, jsonFile, runSql } from '../helpers/run-sql.ts';
import { formatTimestamp } from '../../src/types/temporal.ts';

const RUNS = Number(process.env.DIFF_RUNS ?? 10);
const BASE = Date.UTC(2024, 0, 1);
const DELAY = 5000;

interface Rec {
  k: string | null;
  ts: number;
  v: number | null;
  /** the watermark when the row arrives (max ts before it minus the delay) */
  wm: number;
}

let duck: Promise<DuckDBConnection> | undefined;
const conn = (): Promise<DuckDBConnection> => (duck ??= DuckDBInstance.create(':memory:', { threads: '1' }).then((db) => db.connect()));

type Win = { kind: 'TUMBLE'; size: number; offset: number } | { kind: 'HOP'; slide: number; size: number } | { kind: 'CUMULATE'; step: number; size: number } | { kind: 'SESSION'; gap: number };

const winArb: fc.Arbitrary<Win> = fc.oneof(
  fc.record({ kind: fc.constant('TUMBLE' as const), size: fc.constantFrom(1000, 2000, 5000), offset: fc.constantFrom(0, 300, -1000) }),
  fc.record({ kind: fc.constant('HOP' as const), slide: fc.constantFrom(1000, 2000), size: fc.constantFrom(4000, 6000) }),
  fc.record({ kind: fc.constant('CUMULATE' as const), step: fc.constantFrom(1000, 2000), size: fc.constantFrom(4000, 8000) }),
  fc.record({ kind: fc.constant('SESSION' as const), gap: fc.constantFrom(700, 1500, 3000) }),
);

/** Rows in arrival order: times rise by a random step, shuffled within `disorder` ms. */
function recsArb(disorder: number): fc.Arbitrary<Rec[]> {
  return fc
    .array(fc.record({ k: fc.option(fc.constantFrom('a', 'b', 'c'), { freq: 8, nil: null }), step: fc.integer({ min: 0, max: 900 }), jitter: fc.integer({ min: 0, max: disorder }), v: fc.option(fc.integer({ min: -3, max: 9 }), { freq: 6, nil: null }) }), { maxLength: 40 })
    .map((xs) => {
      let t = BASE;
      let max = Number.MIN_SAFE_INTEGER;
      return xs.map((x) => {
        t += x.step;
        const ts = t - x.jitter;
        const wm = max - DELAY;
        max = Math.max(max, ts);
        return { k: x.k, ts, v: x.v, wm };
      });
    });
}

function tvf(w: Win): string {
  switch (w.kind) {
    case 'TUMBLE':
      return `TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '${w.size / 1000}' SECOND${w.offset ? `, INTERVAL '${w.offset / 1000}' SECOND` : ''})`;
    case 'HOP':
      return `HOP(TABLE t, DESCRIPTOR(ts), INTERVAL '${w.slide / 1000}' SECOND, INTERVAL '${w.size / 1000}' SECOND)`;
    case 'CUMULATE':
      return `CUMULATE(TABLE t, DESCRIPTOR(ts), INTERVAL '${w.step / 1000}' SECOND, INTERVAL '${w.size / 1000}' SECOND)`;
    case 'SESSION':
      return `SESSION(TABLE t PARTITION BY k, DESCRIPTOR(ts), INTERVAL '${w.gap / 1000}' SECOND)`;
  }
}

const floorTo = (x: string, m: number, off = 0): string => `(${x} - (((${x} - ${off}) % ${m}) + ${m}) % ${m})`;

/** DuckDB: table w(k, ts, v, ws, we) of (row, window) pairs whose window had not fired when the row arrived. */
function duckWindows(w: Win): string {
  switch (w.kind) {
    case 'TUMBLE':
      return `SELECT k, ts, v, ${floorTo('ts', w.size, w.offset)} AS ws, ${floorTo('ts', w.size, w.offset)} + ${w.size} AS we, wm FROM r`;
    case 'HOP':
      return `SELECT k, ts, v, ${floorTo('ts', w.slide)} - i * ${w.slide} AS ws, ${floorTo('ts', w.slide)} - i * ${w.slide} + ${w.size} AS we, wm
        FROM r, range(0, ${Math.ceil(w.size / w.slide)}) AS g(i) WHERE ${floorTo('ts', w.slide)} - i * ${w.slide} + ${w.size} > ts`;
    case 'CUMULATE':
      return `SELECT k, ts, v, ${floorTo('ts', w.size)} AS ws, ${floorTo('ts', w.size)} + j * ${w.step} AS we, wm
        FROM r, range(1, ${w.size / w.step + 1}) AS g(j) WHERE ${floorTo('ts', w.size)} + j * ${w.step} > ts`;
    case 'SESSION':
      // sessions over the rows that were not late (a late row is dropped whole in these tests, see below)
      return `SELECT k, ts, v, MIN(ts) OVER (PARTITION BY k, sid) AS ws, MAX(ts) OVER (PARTITION BY k, sid) + ${w.gap} AS we, wm FROM (
          SELECT *, SUM(CASE WHEN p IS NULL OR ts - p > ${w.gap} THEN 1 ELSE 0 END) OVER (PARTITION BY k ORDER BY ts, n) AS sid
          FROM (SELECT *, LAG(ts) OVER (PARTITION BY k ORDER BY ts, n) AS p FROM r))`;
  }
}

const show = (ms: number): string => formatTimestamp(ms, 3);

async function check(w: Win, recs: readonly Rec[]): Promise<void> {
  const path = jsonFile(recs.map((r) => ({ k: r.k, ts: show(r.ts).replace('T', ' '), v: r.v })));
  const weir = finalRows(
    await runSql(`CREATE TABLE t (k STRING, ts TIMESTAMP(3), v INT, WATERMARK FOR ts AS ts - INTERVAL '${DELAY / 1000}' SECOND)
      WITH ('connector' = 'filesystem', 'path' = '${path}', 'format' = 'json', 'scan.watermark.emit.strategy' = 'on-event');
      SELECT k, window_start, window_end, COUNT(*), SUM(v), MIN(v), MAX(v), COUNT(DISTINCT v)
      FROM TABLE(${tvf(w)}) GROUP BY k, window_start, window_end;`),
  );
  const c = await conn();
  const values = recs.length
    ? recs.map((r, n) => `(${r.k === null ? 'NULL' : `'${r.k}'`}, ${r.ts}::BIGINT, ${r.v ?? 'NULL'}::INTEGER, ${r.wm}::BIGINT, ${n})`).join(', ')
    : `(NULL, 0::BIGINT, NULL::INTEGER, 0::BIGINT, 0)`;
  const lateFilter = w.kind === 'SESSION' ? `` : `WHERE we - 1 > wm`;
  const sql = `WITH r0(k, ts, v, wm, n) AS (VALUES ${values}), r AS (SELECT * FROM r0 ${recs.length ? (w.kind === 'SESSION' ? 'WHERE ts + ' + w.gap + ' - 1 > wm' : '') : 'WHERE false'}),
    w AS (${duckWindows(w)})
    SELECT k, ws, we, COUNT(*), SUM(v)::BIGINT, MIN(v), MAX(v), COUNT(DISTINCT v) FROM w ${lateFilter} GROUP BY k, ws, we`;
  const res = await c.runAndReadAll(sql);
  const duckRows = (res.getRows() as unknown[][]).map((r) =>
    JSON.stringify([r[0], show(Number(r[1])), show(Number(r[2])), Number(r[3]), r[4] === null ? null : Number(r[4]), r[5], r[6], Number(r[7])]),
  );
  assert.deepEqual(weir, duckRows.sort(), `window ${JSON.stringify(w)}`);
}

void test('window aggregation equals DuckDB over out-of-order input within the watermark delay', async () => {
  await fc.assert(
    fc.asyncProperty(winArb, recsArb(DELAY - 1), async (w, recs) => {
      for (const r of recs) assert.ok(r.ts > r.wm, 'bounded disorder: no row is late');
      await check(w, recs);
    }),
    { numRuns: RUNS * 3 },
  );
});

void test('rows later than the watermark are dropped from fired windows, never mixed into them', async () => {
  await fc.assert(
    fc.asyncProperty(
      winArb.filter((w) => w.kind !== 'SESSION'),
      recsArb(3 * DELAY),
      async (w, recs) => {
        await check(w, recs);
      },
    ),
    { numRuns: RUNS * 3 },
  );
});
