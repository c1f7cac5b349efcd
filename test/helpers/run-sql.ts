/**
 * Test helper: runs a Flink SQL script through the TableEnvironment and
 * collects the changelog of its last SELECT as (op, row) pairs, values in the
 * changelog-json encoding. Input tables are written as JSON-lines files.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TableEnvironment } from '../../src/api/table-environment.ts';
import { ChangelogJsonPrinter } from '../../src/cli/output.ts';

export interface Change {
  readonly op: string;
  readonly row: unknown[];
}

/** Writes `lines` (objects) as a JSON-lines file in a fresh temp dir and returns its path. */
export function jsonFile(lines: readonly unknown[], name = 'input.json'): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'weir-test-'));
  const p = path.join(dir, name);
  writeFileSync(p, lines.map((l) => JSON.stringify(l)).join('\n') + (lines.length ? '\n' : ''));
  return p;
}

export async function runSql(script: string): Promise<Change[]> {
  const env = new TableEnvironment();
  env.config.set('table.local-time-zone', 'UTC');
  let text = '';
  await env.executeScript(script, (stmt) => {
    if (stmt.kind !== 'Query') return undefined;
    text = '';
    return new ChangelogJsonPrinter({ write: (s) => (text += s) }, env.timeZone());
  });
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Change);
}

/** Applies a changelog: the final multiset of rows, as sorted JSON strings. */
export function finalRows(changes: readonly Change[]): string[] {
  const bag = new Map<string, number>();
  for (const c of changes) {
    const k = JSON.stringify(c.row);
    const n = bag.get(k) ?? 0;
    if (c.op === '+I' || c.op === '+U') bag.set(k, n + 1);
    else {
      if (n === 0) throw new Error(`retraction of a row that is not there: ${c.op} ${k}`);
      if (n === 1) bag.delete(k);
      else bag.set(k, n - 1);
    }
  }
  const out: string[] = [];
  for (const [k, n] of bag) for (let i = 0; i < n; i++) out.push(k);
  return out.sort();
}
