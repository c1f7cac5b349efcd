/**
 * Span invariants over every node of the corpus: each span lies inside the
 * source, its line/column match its offset, and it lies inside its parent's.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseStatements } from '../../src/sql/index.ts';
import { checkSpans } from './helpers.ts';

const dir = join(import.meta.dirname, '..', 'corpus');

void test('every node of the corpus has a consistent span inside its parent', () => {
  let nodes = 0;
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.sql'))) {
    const src = readFileSync(join(dir, f), 'utf8');
    nodes += checkSpans(parseStatements(src), src, f);
  }
  assert.ok(nodes > 5000, `only ${nodes} nodes`);
});
