/**
 * Harness test of the lookup join: probe rows wait until the lookup table has
 * been read, then join its rows by key (deletes applied), keeping their kind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OperatorHarness } from './harness.ts';
import { LookupJoin } from './lookup-join.ts';
import type { Row } from '../row.ts';

void test('lookup join: waits for the table, applies its changelog, pads LEFT rows, keeps probe kinds', () => {
  const key = (r: Row) => (r[0] === null ? undefined : (r[0] as number));
  const h = new OperatorHarness(new LookupJoin({ leftOuter: true, leftKey: key, rightKey: key, condition: null, leftWidth: 2, rightWidth: 2 }));
  h.process([[1, 'x']], ['+I'], 0);
  h.process([[1, 'a'], [2, 'b'], [2, 'b']], ['+I', '+I', '-D'], 1);
  assert.deepEqual(h.take(), []);
  h.op.endInput?.(1, { emit: (b) => b.rows.forEach((r, i) => h.output.push({ kind: b.kinds[i]!, row: r })) });
  h.process([[2, 'y'], [1, 'x']], ['+I', '-D'], 0);
  assert.deepEqual(h.take(), ['+I[1, x, 1, a]', '+I[2, y, null, null]', '-D[1, x, 1, a]']);
});
