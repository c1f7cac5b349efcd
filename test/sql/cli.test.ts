/** The `weir` command as a user runs it: exit codes, positioned errors, output formats. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
function weir(args: string[], script?: string): { code: number | null; stdout: string; stderr: string } {
  const extra: string[] = [];
  if (script !== undefined) {
    const dir = mkdtempSync(path.join(tmpdir(), 'weir-cli-'));
    const file = path.join(dir, 'job.sql');
    writeFileSync(file, script);
    extra.push(file);
  }
  const r = spawnSync(process.execPath, [path.join(root, 'bin/weir.mjs'), ...args, ...extra], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const table = `CREATE TABLE t (a INT, b STRING) WITH ('connector' = 'datagen', 'number-of-rows' = '3', 'fields.a.kind' = 'sequence', 'fields.a.start' = '1', 'fields.a.end' = '3');\n`;

test('a syntax error exits 1 with line, column and a caret', () => {
  const r = weir(['run'], `${table}SELECT a, b\nFROM t WHERE (a > 1;\n`);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /SQL parse error at line 3, column 20: expected '\)' but found ';'/);
  assert.match(r.stderr, /FROM t WHERE \(a > 1;\n {19}\^/);
});

test('a name error exits 1 with the position and a suggestion', () => {
  const r = weir(['run'], `${table}SELECT a, bb\n  FROM t;\n`);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Column 'bb' not found in any table; did you mean 'b'\?/);
  assert.match(r.stderr, /job\.sql:2:11/);
  assert.equal(r.stdout, '');
});

test('an unknown connector option is refused with the supported list', () => {
  const r = weir(['run'], table.replace("'number-of-rows'", "'number-of-rowz'") + 'SELECT a FROM t;\n');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Unsupported options found for 'datagen'\.\n\nUnsupported options:\n\nnumber-of-rowz/);
  assert.equal(r.stdout, '');
});

test('--format=changelog-json prints one change per line', () => {
  const r = weir(['run', '--format=changelog-json'], `${table}SELECT a * 2 AS x FROM t WHERE a > 1;\n`);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split('\n').map((l) => JSON.parse(l)), [
    { op: '+I', row: [4] },
    { op: '+I', row: [6] },
  ]);
});

test('tableau output has an op column and a row count', () => {
  const r = weir(['run'], `${table}SELECT COUNT(*) AS c FROM t;\n`);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\| op \|\s+c \|/);
  assert.match(r.stdout, /\| -U \|\s+2 \|\n\| \+U \|\s+3 \|/);
  assert.match(r.stdout, /Received a total of 5 rows/);
});

test('usage errors exit 2; help exits 0', () => {
  assert.equal(weir(['frobnicate']).code, 2);
  assert.equal(weir(['run', '--format=xml', 'x.sql']).code, 2);
  assert.equal(weir(['run']).code, 2);
  const h = weir(['run', '--help']);
  assert.equal(h.code, 0);
  assert.match(h.stdout, /Usage: weir run/);
});
