/**
 * Physical planning of LogicalRank (Flink's StreamPhysicalRank /
 * StreamPhysicalDeduplicate): hash-partitioned by the PARTITION BY keys.
 *
 *  - ROW_NUMBER, rank 1..1, ordered by one time attribute, rank number not
 *    output, insert-only input → Deduplicate (keep first for ASC, keep last
 *    for DESC; processing or event time);
 *  - PARTITION BY window_start, window_end (of a window TVF or window
 *    aggregation, looking through calcs) → WindowTopN: emitted once per
 *    window when it closes, insert-only (window Top-N / window deduplication);
 *  - otherwise TopN, keeping only the top rows for insert-only input.
 *
 * Output changelog: insert-only for processing-time keep-first and for a
 * Top-N ordered by proctime ASC over insert-only input (Flink's
 * AppendOnlyFirstN: nothing can overtake an earlier arrival); updates
 * otherwise.
 */
import { constantKey, keySelector } from '../../runtime/key.ts';
import { Deduplicate } from '../../runtime/operators/deduplicate.ts';
import { TopN } from '../../runtime/operators/top-n.ts';
import { rowComparator } from '../../runtime/operators/sort-compare.ts';
import { WindowTopN } from '../../runtime/operators/top-n-window.ts';
import { localToUtc } from '../../types/temporal.ts';
import type { LogicalRank, RelNode } from '../logical/nodes.ts';
import type { Built, GraphBuilder } from './graph-builder.ts';

interface WindowColumns {
  readonly start: number;
  readonly end: number;
  readonly timeKind: 'ROWTIME' | 'PROCTIME';
  readonly ltz: boolean;
}

/** Where window_start and window_end of a window TVF or window aggregation are in `rel`'s output, looking through calcs. */
export function windowColumnsOf(rel: RelNode): WindowColumns | undefined {
  switch (rel.kind) {
    case 'LogicalWindowTableFunction': {
      const n = rel.input.rowType.fields.length;
      return { start: n, end: n + 1, timeKind: rel.timeKind, ltz: rel.ltz };
    }
    case 'LogicalWindowAggregate': {
      const start = rel.groupKeys.findIndex((k) => 'prop' in k && k.prop === 'window_start');
      const end = rel.groupKeys.findIndex((k) => 'prop' in k && k.prop === 'window_end');
      return start >= 0 && end >= 0 ? { start, end, timeKind: rel.timeKind, ltz: rel.ltz } : undefined;
    }
    case 'LogicalFilter':
      return windowColumnsOf(rel.input);
    case 'LogicalProject': {
      const w = windowColumnsOf(rel.input);
      if (!w) return undefined;
      const at = (i: number): number => rel.exprs.findIndex((e) => e.kind === 'InputRef' && e.index === i);
      const start = at(w.start);
      const end = at(w.end);
      return start >= 0 && end >= 0 ? { ...w, start, end } : undefined;
    }
    default:
      return undefined;
  }
}

function timeKindOf(rel: LogicalRank, index: number): 'ROWTIME' | 'PROCTIME' | undefined {
  const t = rel.input.rowType.fields[index]!.type;
  return 'timeKind' in t ? t.timeKind : undefined;
}

/** ORDER BY …, proctime DESC: rows of the same millisecond rank newest first. */
function lastKeyProctimeDesc(rel: LogicalRank): boolean {
  const k = rel.orderKeys[rel.orderKeys.length - 1];
  return k !== undefined && k.descending && timeKindOf(rel, k.index) === 'PROCTIME';
}

export function buildRank(b: GraphBuilder, rel: LogicalRank): Built {
  const input = b.visit(rel.input);
  const fields = rel.input.rowType.fields;
  const key = rel.partitionKeys.length ? keySelector(rel.partitionKeys) : constantKey;
  const exchange = rel.partitionKeys.length ? ({ kind: 'hash', key, describe: rel.partitionKeys.join(', ') } as const) : ({ kind: 'single' } as const);
  const order = rel.orderKeys[0];
  const timeKind = rel.orderKeys.length === 1 && order ? timeKindOf(rel, order.index) : undefined;
  const insertOnlyIn = input.changelog === 'insert-only';
  const partition = rel.partitionKeys.map((k) => fields[k]!.name).join(', ');
  const orderBy = rel.orderKeys.map((k) => `${fields[k.index]!.name} ${k.descending ? 'DESC' : 'ASC'}`).join(', ');
  const id = b.id();
  const win = windowColumnsOf(rel.input);
  if (win && rel.partitionKeys.includes(win.start) && rel.partitionKeys.includes(win.end)) {
    const end = win.end;
    const zone = b.opts.timeZone;
    const closeTime = win.ltz ? (row: unknown[]) => localToUtc(row[end] as number, zone) - 1 : (row: unknown[]) => (row[end] as number) - 1;
    const dedup = rel.rankType === 'ROW_NUMBER' && rel.rankEnd === 1 && timeKind !== undefined && order !== undefined;
    const params = {
      key,
      compare: rowComparator(rel.orderKeys),
      rankType: rel.rankType,
      rankStart: rel.rankStart,
      rankEnd: rel.rankEnd,
      outputRankNumber: rel.outputRankNumber,
      closeTime,
      eventTime: win.timeKind === 'ROWTIME',
      lastWinsTies: dedup && order.descending,
    };
    const name = dedup
      ? `WindowDeduplicate(keep=[${order.descending ? 'LastRow' : 'FirstRow'}], partitionBy=[${partition}], order=[${fields[order.index]!.name}])`
      : `WindowRank(rankType=[${rel.rankType}], rankRange=[rankStart=${rel.rankStart}, rankEnd=${rel.rankEnd}], partitionBy=[${partition}], orderBy=[${orderBy}])`;
    b.addNode({ kind: 'operator', id, name, parallelism: 1, keyed: true, inputs: 1, create: () => new WindowTopN(params) });
    b.edge(input.node, id, 0, exchange);
    return { node: id, changelog: 'insert-only', rowType: rel.rowType, producer: name };
  }
  if (rel.rankType === 'ROW_NUMBER' && rel.rankStart === 1 && rel.rankEnd === 1 && !rel.outputRankNumber && timeKind && order && insertOnlyIn) {
    const keepLast = order.descending;
    const params = { key, keepLast, rowtimeIndex: timeKind === 'ROWTIME' ? order.index : -1, stateTtlMs: b.stateTtlMs() };
    const name = `Deduplicate(keep=[${keepLast ? 'LastRow' : 'FirstRow'}], key=[${partition}], order=[${timeKind}])`;
    b.addNode({ kind: 'operator', id, name, parallelism: 1, keyed: true, inputs: 1, create: () => new Deduplicate(params) });
    b.edge(input.node, id, 0, exchange);
    const changelog = timeKind === 'PROCTIME' && !keepLast ? 'insert-only' : 'retract';
    return { node: id, changelog, rowType: rel.rowType, producer: name };
  }
  const params = {
    key,
    compare: rowComparator(rel.orderKeys),
    rankType: rel.rankType,
    rankStart: rel.rankStart,
    rankEnd: rel.rankEnd,
    outputRankNumber: rel.outputRankNumber,
    inputRetracts: !insertOnlyIn,
    lastWinsTies: lastKeyProctimeDesc(rel),
    stateTtlMs: b.stateTtlMs(),
  };
  const name = `Rank(strategy=[${insertOnlyIn ? 'AppendFastStrategy' : 'RetractStrategy'}], rankType=[${rel.rankType}], rankRange=[rankStart=${rel.rankStart}, rankEnd=${rel.rankEnd}], partitionBy=[${partition}], orderBy=[${orderBy}], select=[${rel.rowType.fields.map((f) => f.name).join(', ')}])`;
  b.addNode({ kind: 'operator', id, name, parallelism: 1, keyed: true, inputs: 1, create: () => new TopN(params) });
  b.edge(input.node, id, 0, exchange);
  const firstN = insertOnlyIn && timeKind === 'PROCTIME' && order !== undefined && !order.descending;
  return { node: id, changelog: firstN ? 'insert-only' : 'retract', rowType: rel.rowType, producer: name };
}
