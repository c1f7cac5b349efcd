import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Unnest } from './unnest.ts';
import { OperatorHarness } from './harness.ts';

test('Unnest zips collections, keeps the row kind, pads the shorter with NULLs', () => {
  const h = new OperatorHarness(
    new Unnest({
      collections: [
        { eval: (r) => r[1], kind: 'ARRAY', width: 1, rowElement: false },
        { eval: (r) => r[2], kind: 'MULTISET', width: 1, rowElement: false },
      ],
      withOrdinality: true,
      outer: false,
    }),
  );
  h.changelog([
    ['+I', [1, ['a', 'b', 'c'], new Map([['x', 2]])]],
    ['-D', [2, ['d'], null]],
  ]);
  assert.deepEqual(
    h.take().map((s) => s.replace(/\[\d, \[[^\]]*\], (\{[^}]*\}|null), /, '[')),
    ['+I[a, x, 1]', '+I[b, x, 2]', '+I[c, null, 3]', '-D[d, null, 1]'],
  );
});
