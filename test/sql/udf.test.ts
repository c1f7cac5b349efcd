/** User-defined scalar functions in JavaScript: CREATE FUNCTION … LANGUAGE JAVASCRIPT and the TypeScript API. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { jsonFile, runSql } from '../helpers/run-sql.ts';
import { TableEnvironment } from '../../src/api/table-environment.ts';
import { ChangelogJsonPrinter } from '../../src/cli/output.ts';

const mod = path.resolve(import.meta.dirname, '../fixtures/udfs.mjs');
const src = () => `CREATE TABLE t (s STRING) WITH ('connector' = 'filesystem', 'path' = '${jsonFile([{ s: 'banana' }, { s: null }])}', 'format' = 'json');`;

test('CREATE FUNCTION loads a JavaScript export and calls it per row', async () => {
  const out = await runSql(`${src()}
    CREATE FUNCTION count_char AS '${mod}#countChar' LANGUAGE JAVASCRIPT;
    CREATE TEMPORARY FUNCTION or_default AS '${mod}#orDefault' LANGUAGE JAVASCRIPT;
    SELECT count_char(s, 'a') AS n, or_default(s) FROM t;`);
  assert.deepEqual(out, [
    { op: '+I', row: [3, 'banana'] },
    { op: '+I', row: [null, 'none'] },
  ]);
});

test('bad function definitions are explained', async () => {
  await assert.rejects(runSql(`CREATE FUNCTION f AS '${mod}#notAFunction' LANGUAGE JAVASCRIPT;`), /neither a function nor an object/);
  await assert.rejects(runSql(`CREATE FUNCTION f AS '${mod}#missing' LANGUAGE JAVASCRIPT;`), /has no export 'missing'/);
  await assert.rejects(runSql(`CREATE FUNCTION f AS 'com.example.Fn';`), /Function language JAVA is not supported/);
});

test('functions registered from TypeScript', async () => {
  const env = new TableEnvironment();
  env.createFunction('twice', { returns: 'BIGINT', eval: (x: number) => x * 2 });
  let text = '';
  await env.executeScript(`SELECT twice(21);`, () => new ChangelogJsonPrinter({ write: (s) => (text += s) }, 'UTC'));
  assert.equal(text.trim(), '{"op":"+I","row":[42]}');
});
