import { test } from 'node:test';
import { checkChangelog, checkInsertOnly, type Template } from './harness.ts';

/** One insert-only and one changelog test per template. */
export function defineTemplates(group: string, templates: readonly Template[]): void {
  for (const t of templates) {
    const opts = t.todo ? { todo: t.todo } : {};
    void test(`${group}: ${t.name} (insert-only, json)`, opts, () => checkInsertOnly(t));
    void test(`${group}: ${t.name} (changelog, debezium-json)`, opts, () => checkChangelog(t));
  }
}
