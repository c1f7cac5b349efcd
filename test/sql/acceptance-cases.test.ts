/**
 * Every query, DDL statement and table schema in the shared acceptance cases
 * must parse and round-trip through the printer.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { parseStatements } from '../../src/sql/index.ts';
import { checkSpans, roundTrip } from './helpers.ts';

const root = join(import.meta.dirname, '..', '..', '..', 'shared', 'acceptance', 'cases');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.json') ? [p] : [];
  });
}

interface Case {
  readonly ddl?: readonly string[];
  readonly query?: string;
  readonly tables?: readonly { readonly name?: string; readonly schema?: string }[];
}

function check(sql: string): void {
  const stmts = parseStatements(sql);
  checkSpans(stmts, sql, 'case');
  for (const stmt of stmts) roundTrip(stmt);
}

if (existsSync(root)) {
  void describe('acceptance cases parse and round-trip', () => {
    for (const file of walk(root)) {
      const c = JSON.parse(readFileSync(file, 'utf8')) as Case;
      void test(relative(root, file), () => {
        for (const ddl of c.ddl ?? []) check(ddl);
        if (c.query) check(c.query);
        for (const t of c.tables ?? []) {
          if (t.schema) check(`CREATE TABLE t (${t.schema}) WITH ('connector'='filesystem')`);
        }
      });
    }
  });
}
