/**
 * Physical planning of windows: the window TVF on its own
 * (LogicalWindowTableFunction → WindowTableFunction, or SessionWindow in rows
 * mode, hashed by the PARTITION BY keys) and window aggregation
 * (LogicalWindowAggregate → WindowAggregate for TUMBLE/HOP/CUMULATE,
 * SessionWindow for SESSION; hashed by the group keys; GROUPING SETS through
 * an Expand whose set id joins the key). Window operators need insert-only
 * input and emit insert-only output.
 */
import { WeirError } from '../../common/error.ts';
import { constantKey, keySelector } from '../../runtime/key.ts';
import { Expand } from '../../runtime/operators/expand.ts';
import { WindowAggregate, type WindowOutKey } from '../../runtime/operators/window-aggregate.ts';
import { SessionWindow } from '../../runtime/operators/window-session.ts';
import { WindowTableFunction } from '../../runtime/operators/window-table-function.ts';
import { T, withNullable } from '../../types/logical-type.ts';
import type { Rex } from '../../expr/rex.ts';
import type { LogicalWindowAggregate, LogicalWindowTableFunction } from '../logical/nodes.ts';
import type { Built, GraphBuilder } from './graph-builder.ts';

function describeWindow(w: LogicalWindowTableFunction['window']): string {
  switch (w.kind) {
    case 'TUMBLE':
      return `TUMBLE(size=[${w.size} ms]${w.offset ? `, offset=[${w.offset} ms]` : ''})`;
    case 'HOP':
      return `HOP(slide=[${w.slide} ms], size=[${w.size} ms]${w.offset ? `, offset=[${w.offset} ms]` : ''})`;
    case 'CUMULATE':
      return `CUMULATE(step=[${w.step} ms], size=[${w.size} ms]${w.offset ? `, offset=[${w.offset} ms]` : ''})`;
    case 'SESSION':
      return `SESSION(gap=[${w.gap} ms])`;
  }
}

function requireInsertOnly(input: Built, what: string): void {
  if (input.changelog !== 'insert-only')
    throw new WeirError('plan', 'UNSUPPORTED', `${what} doesn't support consuming update and delete changes which is produced by node ${input.producer}`);
}

export function planWindowTableFunction(gb: GraphBuilder, rel: LogicalWindowTableFunction): Built {
  const input = gb.visit(rel.input);
  const proctime = rel.timeKind === 'PROCTIME';
  const timeZone = gb.opts.timeZone;
  const id = gb.id();
  const w = rel.window;
  const name = `WindowTableFunction(${describeWindow(w)}, timecol=[${rel.input.rowType.fields[rel.timeIndex]!.name}])`;
  if (w.kind === 'SESSION') {
    requireInsertOnly(input, 'SESSION window TVF');
    const keys = [...rel.partitionKeys];
    const key = keys.length ? keySelector(keys) : constantKey;
    const params = { key, gap: w.gap, timeIndex: rel.timeIndex, proctime, ltz: rel.ltz || proctime, timeZone };
    gb.addNode({ kind: 'operator', id, name, parallelism: 1, keyed: true, inputs: 1, create: () => new SessionWindow(params) });
    gb.edge(input.node, id, 0, keys.length ? { kind: 'hash', key, describe: keys.join(', ') } : { kind: 'single' });
    return { node: id, changelog: 'insert-only', rowType: rel.rowType, producer: name };
  }
  const params = { window: w, timeIndex: rel.timeIndex, proctime, ltz: rel.ltz || proctime, timeZone };
  gb.addNode({ kind: 'operator', id, name, parallelism: 1, keyed: false, inputs: 1, create: () => new WindowTableFunction(params) });
  gb.edge(input.node, id, 0, { kind: 'forward' });
  return { node: id, changelog: input.changelog, rowType: rel.rowType, producer: name };
}

export function planWindowAggregate(gb: GraphBuilder, rel: LogicalWindowAggregate): Built {
  let input = gb.visit(rel.input);
  requireInsertOnly(input, 'Window aggregate');
  const proctime = rel.timeKind === 'PROCTIME';
  const timeZone = gb.opts.timeZone;
  const fieldKeys: number[] = [];
  rel.groupKeys.forEach((k) => {
    if ('field' in k) fieldKeys.push(k.field);
  });
  const outKeys: WindowOutKey[] = rel.groupKeys.map((k) => ('field' in k ? k.field : k.prop));
  let stateKeyFields = fieldKeys;
  const sets = rel.groupingSets;
  let aggDescs = rel.aggs;
  if (sets && !(sets.length === 1 && sets[0]!.length === rel.groupKeys.length)) {
    // A group field that an aggregate also reads gets a copy that Expand does not null (Flink's ExpandUtil).
    const dup = new Map<number, number>();
    let width = input.rowType.fields.length;
    for (const a of rel.aggs) for (const f of [...a.args, a.filterArg]) if (fieldKeys.includes(f) && !dup.has(f)) dup.set(f, width + dup.size);
    if (dup.size > 0) {
      const fields = [...input.rowType.fields, ...[...dup.keys()].map((f) => ({ name: `$copy${f}`, type: input.rowType.fields[f]!.type }))];
      const exprs: Rex[] = fields.map((f, i) => ({ kind: 'InputRef', index: i < width ? i : [...dup.keys()][i - width]!, type: f.type }));
      input = gb.calcNode(input, exprs, null, T.row(fields, false));
      const map = (f: number): number => dup.get(f) ?? f;
      aggDescs = rel.aggs.map((a) => ({ ...a, args: a.args.map(map), filterArg: a.filterArg >= 0 ? map(a.filterArg) : -1 }));
      width = fields.length;
    }
    const keySets = sets.map((s) => s.flatMap((k) => {
      const g = rel.groupKeys[k]!;
      return 'field' in g ? [g.field] : [];
    }));
    const projections = keySets.map((ks) => {
      const kept = Array.from({ length: width }, (_, c) => !fieldKeys.includes(c) || ks.includes(c));
      let expandId = 0;
      fieldKeys.forEach((g, i) => {
        if (!ks.includes(g)) expandId |= 1 << (fieldKeys.length - 1 - i);
      });
      return { kept, expandId };
    });
    const id = gb.id();
    gb.addNode({ kind: 'operator', id, name: `Expand(sets=[${sets.length}])`, parallelism: 1, keyed: false, inputs: 1, create: () => new Expand(projections) });
    gb.edge(input.node, id, 0, { kind: 'forward' });
    const rowType = T.row([...input.rowType.fields.map((f) => ({ name: f.name, type: withNullable(f.type, true) })), { name: '$e', type: T.bigint(false) }], false);
    input = { node: id, changelog: input.changelog, rowType, producer: 'Expand' };
    stateKeyFields = [...fieldKeys, width];
  }
  const key = stateKeyFields.length ? keySelector(stateKeyFields) : constantKey;
  const aggs = aggDescs.map((a) => ({
    fn: a.fn,
    args: [...a.args],
    argTypes: [...a.argTypes],
    resultType: a.resultType,
    distinct: a.distinct,
    filterArg: a.filterArg,
    constArgs: a.constArgs ? [...a.constArgs] : undefined,
  }));
  const id = gb.id();
  const w = rel.window;
  const cols = rel.rowType.fields.map((f) => f.name).join(', ');
  const groupNames = stateKeyFields.map((g) => input.rowType.fields[g]?.name ?? `$${g}`).join(', ');
  const base = { key, timeIndex: rel.timeIndex, proctime, ltz: rel.ltz || proctime, timeZone };
  let name: string;
  if (w.kind === 'SESSION') {
    name = `SessionWindowAggregate(groupBy=[${groupNames}], window=[${describeWindow(w)}], select=[${cols}])`;
    const params = { ...base, gap: w.gap, aggregate: { outKeys, aggs } };
    gb.addNode({ kind: 'operator', id, name, parallelism: 1, keyed: true, inputs: 1, create: () => new SessionWindow(params) });
  } else {
    name = `WindowAggregate(groupBy=[${groupNames}], window=[${describeWindow(w)}], select=[${cols}])`;
    const params = { ...base, window: w, outKeys, aggs };
    gb.addNode({ kind: 'operator', id, name, parallelism: 1, keyed: true, inputs: 1, create: () => new WindowAggregate(params) });
  }
  gb.edge(input.node, id, 0, stateKeyFields.length ? { kind: 'hash', key, describe: stateKeyFields.join(', ') } : { kind: 'single' });
  return { node: id, changelog: 'insert-only', rowType: rel.rowType, producer: name };
}
