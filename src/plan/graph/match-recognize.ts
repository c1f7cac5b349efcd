/**
 * Translation of LogicalMatchRecognize: a keyed MatchRecognize operator behind
 * a hash exchange on the partition columns (a single exchange without
 * PARTITION BY). DEFINE conditions and measures compile to JS here.
 */
import { WeirError } from '../../common/error.ts';
import { compileRowFunction } from '../../expr/codegen.ts';
import { createAggregate } from '../../runtime/aggregates/index.ts';
import { CompiledNfa } from '../../runtime/cep/nfa.ts';
import { condition, type RuntimeAccessor, type RuntimeMrExpr, type RowFn } from '../../runtime/cep/evaluate.ts';
import { constantKey, keySelector } from '../../runtime/key.ts';
import { compareValues } from '../../runtime/aggregates/values.ts';
import { MatchRecognize } from '../../runtime/operators/match-recognize.ts';
import type { Row } from '../../runtime/row.ts';
import type { MrExpr } from '../binder/match-recognize.ts';
import type { LogicalMatchRecognize } from '../logical/nodes.ts';
import type { Built, GraphBuilder } from './graph-builder.ts';

export function compileMrExpr(e: MrExpr, gb: GraphBuilder): RuntimeMrExpr {
  const accessors: RuntimeAccessor[] = e.accessors.map((a) => {
    switch (a.kind) {
      case 'nav':
        return { kind: 'nav', variable: a.variable, first: a.first, offset: a.offset, expr: compileRowFunction(a.expr, gb.opts) as RowFn };
      case 'agg': {
        const impl = createAggregate(
          { fn: a.fn, args: a.arg ? [0] : [], argTypes: a.arg ? [a.arg.type] : [], resultType: a.type, distinct: false, filterArg: -1 },
          { retracts: false },
        );
        return { kind: 'agg', variable: a.variable, impl, arg: a.arg ? (compileRowFunction(a.arg, gb.opts) as RowFn) : null };
      }
      case 'matchRowtime':
        return { kind: 'matchRowtime' };
      case 'matchProctime':
        return { kind: 'matchProctime' };
    }
  });
  return { accessors, fn: compileRowFunction(e.rex, gb.opts) as RowFn, scratch: new Array<unknown>(accessors.length) };
}

export function buildMatchRecognize(gb: GraphBuilder, rel: LogicalMatchRecognize): Built {
  const input = gb.visit(rel.input);
  if (input.changelog !== 'insert-only') {
    throw new WeirError('plan', 'UNSUPPORTED', `Match Recognize doesn't support consuming update changes which is produced by node ${input.producer}`);
  }
  const s = rel.spec;
  const conditions = s.defines.map((d) => (d ? condition(compileMrExpr(d, gb)) : null));
  const nfa = new CompiledNfa(s.elements, s.variables, conditions, s.skip, s.withinMs);
  const measures = s.measures.map((m) => compileMrExpr(m, gb));
  const compare =
    s.secondary.length === 0
      ? null
      : (a: Row, b: Row): number => {
          for (const k of s.secondary) {
            const x = a[k.index];
            const y = b[k.index];
            if (x === y) continue;
            if (x === null || x === undefined) return k.nullsFirst ? -1 : 1;
            if (y === null || y === undefined) return k.nullsFirst ? 1 : -1;
            const c = compareValues(x, y);
            if (c !== 0) return k.descending ? -c : c;
          }
          return 0;
        };
  const key = s.partitionKeys.length ? keySelector(s.partitionKeys) : constantKey;
  const id = gb.id();
  const name = `Match(${s.partitionKeys.length ? `partitionBy=[${s.partitionKeys.map((k) => rel.input.rowType.fields[k]!.name).join(', ')}], ` : ''}orderBy=[${rel.input.rowType.fields[s.orderIndex]!.name} ASC], pattern=[${s.elements.map((e) => e.name).join(', ')}])`;
  const params = { key, partitionKeys: s.partitionKeys, orderIndex: s.orderIndex, eventTime: s.timeKind === 'ROWTIME', compare, nfa, measures };
  gb.addNode({ kind: 'operator', id, name, parallelism: 1, keyed: true, inputs: 1, create: () => new MatchRecognize(params) });
  gb.edge(input.node, id, 0, s.partitionKeys.length ? { kind: 'hash', key, describe: s.partitionKeys.join(', ') } : { kind: 'single' });
  return { node: id, changelog: 'insert-only', rowType: rel.rowType, producer: name };
}
