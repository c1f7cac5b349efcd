/**
 * Lookup joins through SQL (`JOIN dim FOR SYSTEM_TIME AS OF l.proctime`)
 * against the filesystem connector: a dimension file rewritten while the job
 * runs is seen after 'lookup.join.cache.ttl' (FULL cache) and not before;
 * a PARTIAL cache keeps what it holds (max-rows evicts, cache-missing-key
 * keeps misses); views and casts on the lookup side; bad lookup options fail
 * naming the option; EXPLAIN shows the cache; a job with a lookup join stops
 * with a savepoint and resumes from it (another parallelism, the dimension
 * read again) with every row joined exactly once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE, WEIR } from '../helpers/weir-cli.ts';
import { TableEnvironment } from '../../src/api/table-environment.ts';
import { ChangelogJsonPrinter } from '../../src/cli/output.ts';
import { finalRows, jsonFile, runSql } from '../helpers/run-sql.ts';

/** Replaces the dimension file atomically (a reader never sees it half-written). */
function writeDim(path: string, rows: readonly Record<string, unknown>[]): void {
  writeFileSync(path + '.tmp', rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  renameSync(path + '.tmp', path);
}

/**
 * Runs `script` (its last statement a query); `afterFirstRow` runs once, when
 * the first result row has been printed. Returns the rows' `v`-column values in order.
 */
async function runWatching(script: string, afterFirstRow: () => void): Promise<unknown[][]> {
  const env = new TableEnvironment();
  env.config.set('table.local-time-zone', 'UTC');
  const rows: unknown[][] = [];
  let first = true;
  await env.executeScript(script, (stmt) =>
    stmt.kind === 'Query'
      ? new ChangelogJsonPrinter(
          {
            write: (s) => {
              for (const line of s.split('\n').filter(Boolean)) rows.push((JSON.parse(line) as { row: unknown[] }).row);
              if (first) {
                first = false;
                afterFirstRow();
              }
            },
          },
          'UTC',
        )
      : undefined,
  );
  return rows;
}

/** A probe table of `n` rows, one every 100 ms, with the key `kExpr` (over id = 1..n) and a proctime. */
const probe = (n: number, kExpr: string): string =>
  `CREATE TABLE g (id INT, k AS ${kExpr}, pt AS PROCTIME()) WITH ('connector'='datagen', 'rows-per-second'='10',
     'fields.id.kind'='sequence', 'fields.id.start'='1', 'fields.id.end'='${n}');\n`;

/**
 * A probe table of ids 1..n, one file per row: the filesystem source hands over one file per batch, so
 * each row is looked up on its own, in order, and the first row's result is printed before the second is read.
 */
function probeFiles(n: number, kExpr: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'weir-lookup-probe-'));
  for (let id = 1; id <= n; id++) writeFileSync(join(dir, `p${String(id).padStart(3, '0')}.json`), JSON.stringify({ id }) + '\n');
  return `CREATE TABLE g (id INT, k AS ${kExpr}, pt AS PROCTIME()) WITH ('connector'='filesystem', 'path'='${dir}', 'format'='json');\n`;
}

const dimDdl = (path: string, opts: string): string =>
  `CREATE TABLE d (k INT, v STRING) WITH ('connector'='filesystem', 'path'='${path}', 'format'='json'${opts ? ', ' + opts : ''});\n`;

const QUERY = 'SELECT g.id, d.v FROM g LEFT JOIN d FOR SYSTEM_TIME AS OF g.pt ON g.k = d.k;';

void test('FULL cache (the default): a rewritten dimension file is seen after lookup.join.cache.ttl, not before', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'weir-lookup-'));
  try {
    const dim = join(dir, 'dim.json');
    for (const ttl of ['100 ms', '1 h']) {
      writeDim(dim, [{ k: 1, v: 'old' }]);
      const rows = await runWatching(probe(8, '1') + dimDdl(dim, `'lookup.join.cache.ttl'='${ttl}'`) + QUERY, () => writeDim(dim, [{ k: 1, v: 'new' }]));
      const vs = rows.map((r) => r[1]);
      assert.equal(vs.length, 8);
      assert.equal(vs[0], 'old');
      if (ttl === '1 h') assert.deepEqual(new Set(vs), new Set(['old']), `ttl ${ttl}: ${vs.join()}`);
      else {
        // 700 ms after the rewrite the file has been read again; once new, never old again
        assert.equal(vs[7], 'new', vs.join());
        assert.ok(vs.indexOf('new') > 0 && vs.slice(vs.indexOf('new')).every((v) => v === 'new'), vs.join());
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

void test("PARTIAL cache: cached keys keep their rows, max-rows evicts the least recently used, a miss reads the file", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'weir-lookup-'));
  try {
    const dim = join(dir, 'dim.json');
    // keys 1, 1, 2, 1; the file changes after the first row
    const kExpr = 'CASE WHEN id = 3 THEN 2 ELSE 1 END';
    const run = async (maxRows: number): Promise<unknown[]> => {
      writeDim(dim, [{ k: 1, v: 'old1' }, { k: 2, v: 'old2' }]);
      const opts = `'lookup.cache'='PARTIAL', 'lookup.partial-cache.max-rows'='${maxRows}'`;
      const rows = await runWatching(probeFiles(4, kExpr) + dimDdl(dim, opts) + QUERY, () => writeDim(dim, [{ k: 1, v: 'new1' }, { k: 2, v: 'new2' }]));
      return rows.map((r) => r[1]);
    };
    assert.deepEqual(await run(1), ['old1', 'old1', 'new2', 'new1']);
    assert.deepEqual(await run(10), ['old1', 'old1', 'new2', 'old1']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

void test('PARTIAL cache: lookup.partial-cache.cache-missing-key keeps a miss (default) or asks again', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'weir-lookup-'));
  try {
    const dim = join(dir, 'dim.json');
    const run = async (cacheMissing: string): Promise<unknown[]> => {
      writeDim(dim, [{ k: 1, v: 'a' }]);
      const opts = `'lookup.cache'='PARTIAL', 'lookup.partial-cache.expire-after-write'='1 h'${cacheMissing ? `, 'lookup.partial-cache.cache-missing-key'='${cacheMissing}'` : ''}`;
      const rows = await runWatching(probeFiles(3, '7') + dimDdl(dim, opts) + QUERY, () => writeDim(dim, [{ k: 1, v: 'a' }, { k: 7, v: 'seven' }]));
      return rows.map((r) => r[1]);
    };
    assert.deepEqual(await run(''), [null, null, null]);
    assert.deepEqual(await run('false'), [null, 'seven', 'seven']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const L = jsonFile([{ a: 1, s: 'x' }, { a: 2, s: 'y' }, { a: 3, s: 'z' }, { a: null, s: 'n' }]);
const D = jsonFile([{ id: 1, name: 'alice' }, { id: 2, name: 'bob' }, { id: 3, name: 'carol' }]);
const tables = (dOpts = ''): string => `CREATE TABLE L (a INT, s STRING, pt AS PROCTIME()) WITH ('connector'='filesystem','path'='${L}','format'='json');
CREATE TABLE D (id BIGINT, name STRING, up AS UPPER(name)) WITH ('connector'='filesystem','path'='${D}','format'='json'${dOpts});
`;

void test('every cache answers alike; computed columns and views on the lookup side; an INT probe key against a BIGINT column', async () => {
  const want = ['["x","ALICE"]', '["y",null]', '["z","CAROL"]', '["n",null]'].sort();
  for (const opts of ['', ", 'lookup.cache'='NONE'", ", 'lookup.cache'='PARTIAL', 'lookup.partial-cache.max-rows'='1'", ", 'lookup.cache'='FULL', 'lookup.full-cache.periodic-reload.interval'='1 min'"]) {
    const q = tables(opts) + "CREATE VIEW DV AS SELECT id, up FROM D WHERE name <> 'bob';\nSELECT L.s, DV.up FROM L LEFT JOIN DV FOR SYSTEM_TIME AS OF L.pt ON L.a = DV.id;";
    assert.deepEqual(finalRows(await runSql(q)), want, opts);
  }
  // a DOUBLE probe key against the BIGINT column: looked up by the column, the equality checked in DOUBLE
  const dbl = jsonFile([{ d: 1.0 }, { d: 1.5 }, { d: 3 }, { d: 2.9999 }]);
  const q = tables() + `CREATE TABLE P (d DOUBLE, pt AS PROCTIME()) WITH ('connector'='filesystem','path'='${dbl}','format'='json');
SELECT P.d, D.name FROM P LEFT JOIN D FOR SYSTEM_TIME AS OF P.pt ON P.d = D.id`;
  assert.deepEqual(finalRows(await runSql(q)), ['[1,"alice"]', '[1.5,null]', '[2.9999,null]', '[3,"carol"]']);
  // Nexmark q13's shape: an expression as the probe key, at parallelism 2 (each subtask with its own cache)
  const bids = jsonFile(Array.from({ length: 40 }, (_, i) => ({ auction: 1000 + i })));
  const q13 = tables() + `SET 'parallelism.default' = '2';
CREATE TABLE B (auction BIGINT, pt AS PROCTIME()) WITH ('connector'='filesystem','path'='${bids}','format'='json');
SELECT B.auction, D.name FROM B JOIN D FOR SYSTEM_TIME AS OF B.pt ON MOD(B.auction, 10) = D.id`;
  const got = finalRows(await runSql(q13));
  assert.equal(got.length, 12);
  for (const r of got) {
    const [auction, name] = JSON.parse(r) as [number, string];
    assert.equal(name, ['', 'alice', 'bob', 'carol'][auction % 10]);
  }
  // the non-equi rest and INNER
  assert.deepEqual(finalRows(await runSql(tables() + "SELECT L.a, D.name FROM L JOIN D FOR SYSTEM_TIME AS OF L.pt ON L.a = D.id AND D.name LIKE '%o%'")), [
    '[2,"bob"]',
    '[3,"carol"]',
  ]);
});

void test('bad lookup options fail naming the option; a connector without lookup is refused', async () => {
  const q = 'SELECT L.s, D.name FROM L JOIN D FOR SYSTEM_TIME AS OF L.pt ON L.a = D.id';
  const fails = async (opts: string, re: RegExp): Promise<void> => {
    await assert.rejects(runSql(tables(opts) + q), re);
  };
  await fails(", 'lookup.cache'='SOMETIMES'", /Invalid value for option 'lookup\.cache'[\s\S]*must be one of \[NONE, PARTIAL, FULL\]/);
  await fails(", 'lookup.join.cache.ttl'='soon'", /Invalid value for option 'lookup\.join\.cache\.ttl'/);
  await fails(", 'lookup.join.cache.ttl'='0 s'", /'lookup\.join\.cache\.ttl'.*positive/);
  await fails(", 'lookup.cache'='PARTIAL'", /Missing 'lookup\.partial-cache\.expire-after-access', 'lookup\.partial-cache\.expire-after-write' or 'lookup\.partial-cache\.max-rows'/);
  await fails(", 'lookup.cache'='PARTIAL', 'lookup.partial-cache.max-rows'='-1'", /Invalid value for option 'lookup\.partial-cache\.max-rows'/);
  await fails(", 'lookup.cache'='PARTIAL', 'lookup.partial-cache.max-rows'='many'", /Invalid value for option 'lookup\.partial-cache\.max-rows'/);
  await fails(", 'lookup.cache'='PARTIAL', 'lookup.partial-cache.expire-after-write'='1 fortnight'", /Invalid value for option 'lookup\.partial-cache\.expire-after-write'/);
  await fails(", 'lookup.cache'='FULL', 'lookup.full-cache.reload-strategy'='TIMED'", /Missing 'lookup\.full-cache\.timed-reload\.iso-time'/);
  await fails(", 'lookup.cache'='FULL', 'lookup.full-cache.reload-strategy'='TIMED', 'lookup.full-cache.timed-reload.iso-time'='25:00'", /Invalid value for option 'lookup\.full-cache\.timed-reload\.iso-time'/);
  await fails(", 'lookup.cache'='FULL', 'lookup.full-cache.reload-strategy'='TIMED', 'lookup.full-cache.timed-reload.iso-time'='10:15', 'lookup.full-cache.timed-reload.interval-in-days'='0'", /'lookup\.full-cache\.timed-reload\.interval-in-days'/);
  await fails(", 'lookup.full-cache.periodic-reload.schedule-mode'='SOMETIMES'", /Invalid value for option 'lookup\.full-cache\.periodic-reload\.schedule-mode'/);
  await fails(", 'lookup.max-retries'='-1'", /Invalid value for option 'lookup\.max-retries'/);
  await fails(", 'lookup.full-cache.timed-reload.at-time'='10:15'", /Unsupported options found for 'filesystem'[\s\S]*lookup\.full-cache\.timed-reload\.at-time/);
  const datagen = `CREATE TABLE L (a INT, pt AS PROCTIME()) WITH ('connector'='datagen','number-of-rows'='1');
CREATE TABLE G (id INT) WITH ('connector'='datagen','number-of-rows'='1');
SELECT * FROM L JOIN G FOR SYSTEM_TIME AS OF L.pt ON L.a = G.id`;
  await assert.rejects(runSql(datagen), /Connector 'datagen' does not support lookup/);
  await assert.rejects(runSql(tables() + 'SELECT * FROM L JOIN D FOR SYSTEM_TIME AS OF L.pt ON L.a + 1 > D.id'), /requires an equality condition on fields of table/);
});

void test('EXPLAIN shows the lookup table, key and cache', async () => {
  const explain = async (opts: string): Promise<string> => {
    const env = new TableEnvironment();
    await env.executeScript(tables(opts), () => undefined);
    const [r] = await env.executeScript('EXPLAIN SELECT L.s, D.name FROM L JOIN D FOR SYSTEM_TIME AS OF L.pt ON L.a = D.id;', () => undefined);
    assert.ok(r && r.kind === 'ok');
    return r.message;
  };
  assert.match(await explain(''), /LookupJoin\(table=\[default_catalog\.default_database\.D\], joinType=\[INNER\], lookup=\[id=a\], cache=\[FULL, reload=PERIODIC 3600000 ms FIXED_DELAY\]\)/);
  assert.match(
    await explain(", 'lookup.cache'='PARTIAL', 'lookup.partial-cache.max-rows'='100', 'lookup.partial-cache.cache-missing-key'='false'"),
    /cache=\[PARTIAL, max-rows=100, cache-missing-key=false\]/,
  );
  assert.match(await explain(", 'lookup.cache'='NONE'"), /cache=\[NONE\]/);
});


function savepointScript(dir: string, rate: number, extra = ''): string {
  return `${extra}
SET 'execution.checkpointing.interval' = '100 ms';
SET 'state.checkpoints.dir' = '${join(dir, 'chk')}';
CREATE TABLE g (id BIGINT, k AS CAST(id % 10 AS INT), pt AS PROCTIME()) WITH ('connector' = 'datagen', 'rows-per-second' = '${rate}',
  'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '3000');
CREATE TABLE d (k INT, v STRING) WITH ('connector' = 'filesystem', 'path' = '${join(dir, 'dim.json')}', 'format' = 'json');
CREATE TABLE o (id BIGINT, v STRING) WITH ('connector' = 'filesystem', 'path' = '${join(dir, 'out')}', 'format' = 'json');
INSERT INTO o SELECT g.id, d.v FROM g JOIN d FOR SYSTEM_TIME AS OF g.pt ON g.k = d.k;
`;
}

function savepointDir(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  for (const job of readdirSync(dir)) for (const c of readdirSync(join(dir, job))) if (c.startsWith('savepoint-') && existsSync(join(dir, job, c, '_metadata'))) return join(dir, job, c);
  return undefined;
}

const anyCheckpoint = (dir: string): boolean =>
  existsSync(dir) && readdirSync(dir).some((job) => readdirSync(join(dir, job)).some((c) => c.startsWith('chk-') && existsSync(join(dir, job, c, '_metadata'))));

void test('a job with a lookup join stops with a savepoint and resumes from it (at parallelism 2): every probe row joined exactly once', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'weir-lookup-sp-'));
  try {
    writeDim(join(dir, 'dim.json'), Array.from({ length: 10 }, (_, k) => ({ k, v: `v${k}` })));
    writeFileSync(join(dir, 'a.sql'), savepointScript(dir, 1000));
    const p = spawn(NODE, [WEIR, 'run', '--savepoint-on-exit', join(dir, 'a.sql')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => p.on('exit', (code) => r(code)));
    while (!anyCheckpoint(join(dir, 'chk'))) await new Promise((r) => setTimeout(r, 20));
    p.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);
    const sp = savepointDir(join(dir, 'chk'));
    assert.ok(sp, `no savepoint: ${stderr}`);
    const committed = (): { id: number; v: string }[] =>
      existsSync(join(dir, 'out'))
        ? readdirSync(join(dir, 'out'))
            .filter((f) => !f.startsWith('.') && !f.startsWith('_'))
            .flatMap((f) =>
              readFileSync(join(dir, 'out', f), 'utf8')
                .split('\n')
                .filter(Boolean)
                .map((l) => JSON.parse(l) as { id: number; v: string }),
            )
        : [];
    const before = committed().length;
    assert.ok(before < 3000, `stopped early (${before} rows committed)`);
    // the dimension changes while the job is stopped: the cache is not part of the savepoint, the resumed job reads the file again
    writeDim(join(dir, 'dim.json'), Array.from({ length: 10 }, (_, k) => ({ k, v: `w${k}` })));
    // resumed at parallelism 2: the lookup join has no state to redistribute, the source its splits
    writeFileSync(join(dir, 'b.sql'), savepointScript(dir, 100_000, `SET 'execution.savepoint.path' = '${sp}';\nSET 'parallelism.default' = '2';`));
    const r = spawnSync(NODE, [WEIR, 'run', join(dir, 'b.sql')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /Restoring job .* from savepoint/);
    const seen = new Map<number, string>();
    for (const row of committed()) {
      assert.ok(!seen.has(row.id), `id ${row.id} twice`);
      seen.set(row.id, row.v);
    }
    assert.equal(seen.size, 3000);
    let old = 0;
    for (const [id, v] of seen) {
      assert.ok(v === `v${id % 10}` || v === `w${id % 10}`, `${id}: ${v}`);
      if (v.startsWith('v')) old++;
    }
    assert.equal(old, before);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
