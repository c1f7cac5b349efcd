import { test } from 'node:test';
import { checkChangelog, checkInsertOnly, type CheckResult, type Template } from './harness.ts';

/**
 * One insert-only and one changelog test per template. The file's time budget
 * (DIFF_BUDGET_MS, default 25 s) is shared out over the tests still to run;
 * a test that hits its share stops early and reports how many cases ran.
 */
export function defineTemplates(group: string, templates: readonly Template[]): void {
  const budget = Number(process.env.DIFF_BUDGET_MS ?? 25_000);
  let deadline: number | undefined;
  let remaining = templates.length * 2;
  const share = (): number => {
    deadline ??= performance.now() + budget;
    return Math.max(1500, (deadline - performance.now()) / remaining--);
  };
  const report = (t: { diagnostic(s: string): void }, r: CheckResult) => {
    if (r.interrupted) t.diagnostic(`time budget: ${r.runs} cases ran`);
  };
  for (const tpl of templates) {
    const opts = tpl.todo ? { todo: tpl.todo } : {};
    void test(`${group}: ${tpl.name} (insert-only, json)`, opts, async (t) => report(t, await checkInsertOnly(tpl, share())));
    void test(`${group}: ${tpl.name} (changelog, debezium-json)`, opts, async (t) => report(t, await checkChangelog(tpl, share())));
  }
}
