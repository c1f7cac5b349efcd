/** Unit tests for ExprBinder's desugaring of special syntax into the builtins' positional conventions. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExpression } from '../../sql/index.ts';
import { ExprBinder } from './expr-binder.ts';
import { Scope } from './scope.ts';
import { rexDigest } from './digest.ts';
import type { Rex } from '../../expr/rex.ts';
import { evaluateConstant } from '../../expr/codegen.ts';

const env = { fnCtx: { timeZone: 'UTC', queryStartMs: 0 } };
const bind = (sql: string): Rex => new ExprBinder(new Scope([]), env).bind(parseExpression(sql));
const evalSql = (sql: string): unknown => evaluateConstant(bind(sql), { timeZone: 'UTC' });

test('JSON_VALUE RETURNING passes the type, so the result is typed', () => {
  assert.equal(evalSql(`JSON_VALUE('{"a": true}', '$.a' RETURNING BOOLEAN)`), true);
  assert.equal(evalSql(`JSON_VALUE('{"a": 42}', '$.a' RETURNING INT)`), 42);
  assert.equal(bind(`JSON_VALUE('{"a": 42}', '$.a' RETURNING INT)`).type.root, 'INTEGER');
  assert.equal(evalSql(`JSON_VALUE('{"a": true}', 'lax $.b' DEFAULT FALSE ON EMPTY)`), 'false');
});

test('JSON_QUERY options reach the function in its argument order', () => {
  const Q = `'{"n1": 1, "s1": "Test", "o1": {}, "a1": []}'`;
  assert.equal(evalSql(`JSON_QUERY(${Q}, '$.a1' WITH UNCONDITIONAL WRAPPER)`), '[[]]');
  assert.equal(evalSql(`JSON_QUERY(${Q}, 'lax $.x' EMPTY OBJECT ON EMPTY)`), '{}');
  assert.equal(evalSql(`JSON_QUERY(${Q}, 'strict $.x' EMPTY ARRAY ON ERROR)`), '[]');
  assert.deepEqual(evalSql(`JSON_QUERY('{"b": [1, 2]}', '$.b' RETURNING ARRAY<INT>)`), [1, 2]);
  assert.throws(() => bind(`JSON_QUERY('{}', '$.a' RETURNING INT)`), /for RETURNING in JSON_QUERY\(\)/);
});

test('RETURNING types are part of the digest', () => {
  assert.notEqual(
    rexDigest(bind(`JSON_QUERY(CAST(NULL AS STRING), '$.b' RETURNING ARRAY<INT>)`)),
    rexDigest(bind(`JSON_QUERY(CAST(NULL AS STRING), '$.b' RETURNING ARRAY<STRING>)`)),
  );
});

test('JSON_OBJECT/JSON_ARRAY embed nested JSON constructors and JSON(…) as JSON', () => {
  assert.equal(evalSql(`JSON_OBJECT(KEY 'K' VALUE JSON('{"key":"value"}'))`), '{"K":{"key":"value"}}');
  assert.equal(evalSql(`JSON_OBJECT(KEY 'o' VALUE JSON_OBJECT(KEY 'i' VALUE 1), KEY 's' VALUE '[1]')`), '{"o":{"i":1},"s":"[1]"}');
  assert.equal(evalSql(`JSON_ARRAY(JSON_ARRAY(1, 2), JSON('[3]'), '[4]')`), '[[1,2],[3],"[4]"]');
  assert.equal(evalSql(`JSON_ARRAY(JSON('') NULL ON NULL)`), '[null]');
  assert.equal(evalSql(`JSON_ARRAY(JSON(''))`), '[]');
});

test('a TIME literal is TIME(0), its fraction cut off (Flink: TIME \'19:01:02.123\' is 19:01:02)', () => {
  const r = bind(`TIME '19:01:02.123'`);
  assert.deepEqual([r.type.root, r.type.root === 'TIME' ? r.type.precision : -1], ['TIME', 0]);
  assert.equal(evalSql(`TIME '19:01:02.123'`), (19 * 3600 + 62) * 1000);
});

test('(s1, e1) OVERLAPS (s2, e2) binds to OVERLAPS(s1, e1, s2, e2)', () => {
  assert.equal(evalSql(`(TIME '2:55:00', INTERVAL '1' HOUR) OVERLAPS (TIME '3:30:00', INTERVAL '2' HOUR)`), true);
  assert.equal(evalSql(`(TIME '9:00:00', TIME '10:00:00') OVERLAPS (TIME '10:15:00', INTERVAL '3' HOUR)`), false);
  assert.equal(evalSql(`(DATE '2011-03-10', INTERVAL '10' DAY) OVERLAPS (DATE '2011-03-19', INTERVAL '10' DAY)`), true);
});
