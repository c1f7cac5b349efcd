/**
 * Physical planning: the logical plan becomes a job graph. Projections and
 * filters fuse into one generated Calc; a watermark assigner becomes the
 * source's watermark spec (its expression rewritten over the source's own
 * rows); aggregations get a hash exchange on their group keys; the changelog
 * each node emits is inferred on the way, and the sink is checked against it.
 */
import { WeirError } from '../../common/error.ts';
import type { DynamicTableSink, LookupTableSource, ScanTableSource, TableFactoryContext } from '../../catalog/connector.ts';
import { compileCalc, compileRowFunction, type CompileOptions } from '../../expr/codegen.ts';
import { inlineRex, type Rex } from '../../expr/rex.ts';
import type { Exchange, JobEdge, JobGraph, JobNode, WatermarkSpec } from '../../runtime/graph.ts';
import type { SinkWriter } from '../../runtime/sink.ts';
import { keySelector, constantKey } from '../../runtime/key.ts';
import { Calc } from '../../runtime/operators/calc.ts';
import { GroupAggregate } from '../../runtime/operators/group-aggregate.ts';
import { UnionAll } from '../../runtime/operators/union-all.ts';
import { Expand } from '../../runtime/operators/expand.ts';
import { ChangelogNormalize } from '../../runtime/operators/changelog-normalize.ts';
import { Limit } from '../../runtime/operators/limit.ts';
import { ValuesSource } from '../../runtime/values-source.ts';
import { T, withNullable, type RowType } from '../../types/logical-type.ts';
import type { LogicalTableScan, RelNode } from '../logical/nodes.ts';
import { describeMode, widest, type Changelog } from '../changelog.ts';
import { parseDuration } from '../../catalog/options.ts';
import { buildJoin } from './join.ts';
import { buildMatchRecognize } from './match-recognize.ts';
import { buildOver } from './over.ts';
import { buildRank } from './rank.ts';
import { buildUnnest } from './unnest.ts';
import { buildSetOp } from './setop.ts';
import { buildTemporalSort } from './rank-sort.ts';
import { planWindowAggregate, planWindowTableFunction } from './window.ts';
import { optimize } from '../rules/index.ts';
import { assignParallelism } from './parallelism.ts';

export interface ConnectorResolver {
  source(scan: LogicalTableScan): { source: ScanTableSource; ctx: TableFactoryContext };
  /** The table as a lookup table (lookup joins); throws when its connector cannot be looked up. */
  lookup(scan: LogicalTableScan): { source: LookupTableSource; ctx: TableFactoryContext };
}

export interface BuildOptions extends CompileOptions {
  readonly config: ReadonlyMap<string, string>;
  readonly connectors: ConnectorResolver;
  readonly parallelism: number;
  readonly maxParallelism: number;
}

export interface Built {
  readonly node: number;
  readonly changelog: Changelog;
  readonly rowType: RowType;
  /** Description of the operator producing the stream, for error messages. */
  readonly producer: string;
}

export type SinkTarget =
  | { readonly kind: 'collect'; readonly name: string; readonly create: () => SinkWriter }
  | { readonly kind: 'table'; readonly name: string; readonly sink: DynamicTableSink };

export class GraphBuilder {
  private readonly nodes: JobNode[] = [];
  private readonly edges: JobEdge[] = [];
  /** Set while planning the versioned side of a temporal join: its source's changelog rows are the versions, unnormalized. */
  rawChangelogSources = false;
  readonly opts: BuildOptions;
  constructor(opts: BuildOptions) {
    this.opts = opts;
  }

  /** table.exec.state.ttl in milliseconds (0: state is kept forever), the default TTL of stateful operators. */
  stateTtlMs(): number {
    return parseDuration(this.opts.config.get('table.exec.state.ttl') ?? '0 ms');
  }

  /** The id the next node will get. */
  id(): number {
    return this.nodes.length;
  }

  /** Adds a node (its id must be `id()`). Feature modules in this folder use it with `edge`. */
  addNode(node: JobNode): number {
    this.nodes.push(node);
    return node.id;
  }

  edge(from: number, to: number, input: number, exchange: Exchange): void {
    this.edges.push({ from, to, input, exchange });
  }

  build(rel: RelNode, sink: SinkTarget, jobName: string): JobGraph {
    const top = this.visit(optimize(rel));
    if (sink.kind === 'table' && !sink.sink.accepts({ kind: top.changelog === 'insert-only' ? 'insert-only' : 'all' })) {
      throw new WeirError(
        'plan',
        'SINK_UPDATES',
        `Table sink '${sink.name}' doesn't support consuming update changes which is produced by node ${top.producer}`,
      );
    }
    const parallelism = sink.kind === 'table' ? (sink.sink.parallelism ?? 1) : 1;
    const id = this.id();
    const create = sink.kind === 'collect' ? sink.create : (subtask: number) => sink.sink.createWriter(subtask, parallelism);
    this.nodes.push({ kind: 'sink', id, name: `Sink(${sink.name})`, parallelism, create: (s) => (sink.kind === 'collect' ? sink.create() : create(s)) });
    this.edge(top.node, id, 0, { kind: 'forward' });
    const nodes = assignParallelism(this.nodes, this.edges, this.opts.parallelism);
    const inputParallelism = nodes.find((n) => n.id === top.node)?.parallelism ?? 1;
    if (parallelism > 1 && parallelism !== inputParallelism && top.changelog !== 'insert-only')
      // Flink: a sink parallelism other than its input's, on a changelog with updates, may reorder them
      throw new WeirError(
        'plan',
        'SINK_PARALLELISM',
        `The sink parallelism ${parallelism} of table sink '${sink.name}' is different from its input's (${inputParallelism}) and the input produces update changes (node ${top.producer}), which may cause disorder.`,
      );
    return { name: jobName, nodes, edges: this.edges, maxParallelism: this.opts.maxParallelism, config: this.opts.config };
  }

  visit(rel: RelNode): Built {
    switch (rel.kind) {
      case 'LogicalTableScan':
        return this.scan(rel, undefined);
      case 'LogicalWatermarkAssigner':
        return this.watermarked(rel);
      case 'LogicalValues': {
        const id = this.id();
        const rows = rel.rows.map((r) => [...r]);
        this.nodes.push({ kind: 'source', id, name: `Values(tuples=[${rows.length}])`, parallelism: 1, create: () => new ValuesSource(rows) });
        return { node: id, changelog: 'insert-only', rowType: rel.rowType, producer: 'Values' };
      }
      case 'LogicalProject':
      case 'LogicalFilter':
        return this.calc(rel);
      case 'LogicalAggregate':
        return this.aggregate(rel);
      case 'LogicalUnion': {
        const ins = rel.inputs.map((i) => this.visit(i));
        const id = this.id();
        this.nodes.push({ kind: 'operator', id, name: 'Union(all=[true])', parallelism: 1, keyed: false, inputs: ins.length, create: () => new UnionAll() });
        ins.forEach((b, i) => this.edge(b.node, id, i, { kind: 'forward' }));
        return { node: id, changelog: widest(ins.map((b) => b.changelog)), rowType: rel.rowType, producer: 'Union' };
      }
      case 'LogicalMatchRecognize':
        return buildMatchRecognize(this, rel);
      case 'LogicalOverAggregate':
        return buildOver(this, rel);
      case 'LogicalWindowTableFunction':
        return planWindowTableFunction(this, rel);
      case 'LogicalWindowAggregate':
        return planWindowAggregate(this, rel);
      case 'LogicalRank':
        return buildRank(this, rel);
      case 'LogicalUnnest':
        return buildUnnest(this, rel);
      case 'LogicalSetOp':
        return buildSetOp(this, rel);
      case 'LogicalJoin':
        return buildJoin(this, rel);
      case 'LogicalSort': {
        if (rel.keys.length > 0) return buildTemporalSort(this, rel);
        const input = this.visit(rel.input);
        const id = this.id();
        const { offset, fetch } = rel;
        this.nodes.push({ kind: 'operator', id, name: `Limit(offset=[${offset}], fetch=[${fetch ?? 'unlimited'}])`, parallelism: 1, keyed: false, inputs: 1, create: () => new Limit(offset, fetch) });
        this.edge(input.node, id, 0, { kind: 'single' });
        return { node: id, changelog: input.changelog, rowType: rel.rowType, producer: 'Limit' };
      }
    }
  }

  /** A source node for a table scan, with the watermark spec when one is given (over the source's rows). */
  private scan(rel: LogicalTableScan, watermark: WatermarkSpec | undefined): Built {
    const { source, ctx } = this.opts.connectors.source(rel);
    const id = this.id();
    const name = `TableSourceScan(table=[[${rel.table.qualifiedName.split('.').join(', ')}]], fields=[${rel.rowType.fields.map((f) => f.name).join(', ')}])`;
    const parallelism = this.opts.parallelism;
    this.nodes.push({ kind: 'source', id, name, parallelism, create: (s) => source.createReader(s, parallelism), watermark });
    let built: Built = { node: id, changelog: source.changelogMode.kind === 'insert-only' ? 'insert-only' : 'retract', rowType: rel.rowType, producer: name };
    const pk = ctx.primaryKey;
    // An upsert source, or a changelog source with a primary key (whose events may repeat a key's
    // insert, as an upsert log does), is normalized by key into a proper retract stream.
    if (!this.rawChangelogSources && (source.changelogMode.kind === 'upsert' || (pk && pk.length && built.changelog === 'retract'))) {
      const keyIdx = (pk ?? []).map((k) => rel.rowType.fields.findIndex((f) => f.name === k));
      const nid = this.id();
      const key = keySelector(keyIdx);
      const ttl = this.stateTtlMs();
      this.nodes.push({ kind: 'operator', id: nid, name: `ChangelogNormalize(key=[${(pk ?? []).join(', ')}])`, parallelism: 1, keyed: true, inputs: 1, create: () => new ChangelogNormalize(key, ttl) });
      this.edge(id, nid, 0, { kind: 'hash', key, describe: (pk ?? []).join(', ') });
      built = { ...built, node: nid, changelog: 'retract', producer: 'ChangelogNormalize' };
    }
    return built;
  }

  /**
   * WATERMARK FOR: the watermark is generated in the source, per split. The expression is over the
   * row after computed columns; rewrite it over the scan's row by inlining the projection.
   */
  private watermarked(rel: Extract<RelNode, { kind: 'LogicalWatermarkAssigner' }>): Built {
    let wm: Rex = rel.watermark;
    const input = rel.input;
    if (input.kind === 'LogicalProject' && input.input.kind === 'LogicalTableScan') {
      wm = inlineRex(wm, input.exprs);
    } else if (input.kind !== 'LogicalTableScan') {
      throw new WeirError('plan', 'UNSUPPORTED', 'WATERMARK on a non-source relation is not supported');
    }
    const scan = (input.kind === 'LogicalProject' ? input.input : input) as LogicalTableScan;
    const options = scan.table.table.options;
    const strategy = options.get('scan.watermark.emit.strategy') ?? 'on-periodic';
    const intervalText = this.opts.config.get('pipeline.auto-watermark-interval') ?? '200 ms';
    const idleText = options.get('scan.idle-timeout') ?? this.opts.config.get('table.exec.source.idle-timeout') ?? '0 ms';
    const extract = compileRowFunction(wm, this.opts) as (row: unknown[]) => number | null;
    const spec: WatermarkSpec = {
      extract,
      emit: strategy === 'on-event' ? 'on-event' : 'on-periodic',
      intervalMs: parseDuration(intervalText),
      idleTimeoutMs: parseDuration(idleText),
    };
    const src = this.scan(scan, spec);
    if (input.kind === 'LogicalProject') {
      return this.calcNode(src, input.exprs, null, rel.rowType);
    }
    return { ...src, rowType: rel.rowType };
  }

  private calc(rel: Extract<RelNode, { kind: 'LogicalProject' | 'LogicalFilter' }>): Built {
    // Fuse Project(Filter(x)) and lone Filters/Projects into one generated function.
    let projection: readonly Rex[] | null = null;
    let filter: Rex | null = null;
    let inputRel: RelNode;
    if (rel.kind === 'LogicalProject') {
      projection = rel.exprs;
      if (rel.input.kind === 'LogicalFilter') {
        filter = rel.input.condition;
        inputRel = rel.input.input;
      } else inputRel = rel.input;
    } else {
      filter = rel.condition;
      inputRel = rel.input;
    }
    if (projection && !filter && isIdentity(projection, inputRel.rowType)) {
      const b = this.visit(inputRel);
      return { ...b, rowType: rel.rowType };
    }
    return this.calcNode(this.visit(inputRel), projection, filter, rel.rowType);
  }

  calcNode(input: Built, projection: readonly Rex[] | null, filter: Rex | null, rowType: RowType): Built {
    const fn = compileCalc(projection, filter, this.opts);
    const id = this.id();
    const name = `Calc(${[projection ? `select=[${rowType.fields.map((f) => f.name).join(', ')}]` : '', filter ? 'where=[…]' : ''].filter(Boolean).join(', ')})`;
    this.nodes.push({ kind: 'operator', id, name, parallelism: 1, keyed: false, inputs: 1, create: () => new Calc(fn) });
    this.edge(input.node, id, 0, { kind: 'forward' });
    return { node: id, changelog: input.changelog, rowType, producer: name };
  }

  private aggregate(rel: Extract<RelNode, { kind: 'LogicalAggregate' }>): Built {
    let input = this.visit(rel.input);
    let groupFields = [...rel.groupKeys];
    const aggs = rel.aggs.map((a) => ({
      fn: a.fn,
      args: [...a.args],
      argTypes: [...a.argTypes],
      resultType: a.resultType,
      distinct: a.distinct,
      filterArg: a.filterArg,
      constArgs: a.constArgs ? [...a.constArgs] : undefined,
    }));
    const sets = rel.groupingSets;
    let dropExpandId = false;
    if (sets && !(sets.length === 1 && sets[0]!.length === groupFields.length)) {
      // Expand: one copy of each row per grouping set, non-grouped keys nulled, plus the set's id.
      const width = rel.input.rowType.fields.length;
      const id = this.id();
      const keySets = sets.map((s) => s.map((k) => groupFields[k]!));
      const projections = keySets.map((ks) => {
        const kept = Array.from({ length: width }, (_, c) => !groupFields.includes(c) || ks.includes(c));
        let expandId = 0;
        groupFields.forEach((g, i) => {
          if (!ks.includes(g)) expandId |= 1 << (groupFields.length - 1 - i);
        });
        return { kept, expandId };
      });
      this.nodes.push({ kind: 'operator', id, name: `Expand(sets=[${sets.length}])`, parallelism: 1, keyed: false, inputs: 1, create: () => new Expand(projections) });
      this.edge(input.node, id, 0, { kind: 'forward' });
      const expandType = T.row([...rel.input.rowType.fields.map((f) => ({ name: f.name, type: withNullable(f.type, true) })), { name: '$e', type: T.bigint(false) }], false);
      input = { node: id, changelog: input.changelog, rowType: expandType, producer: 'Expand' };
      groupFields = [...groupFields, width];
      dropExpandId = true;
    }
    const key = groupFields.length ? keySelector(groupFields) : constantKey;
    const id = this.id();
    const hint = rel.stateTtl ? `, stateTtlHints=[INPUT=${rel.stateTtl.text}]` : '';
    const name = `GroupAggregate(${groupFields.length ? `groupBy=[${groupFields.map((g) => input.rowType.fields[g]?.name ?? `$${g}`).join(', ')}], ` : ''}select=[${rel.rowType.fields.map((f) => f.name).join(', ')}]${hint})`;
    const inputRetracts = input.changelog !== 'insert-only';
    const stateTtlMs = rel.stateTtl?.ms ?? this.stateTtlMs();
    const params = { key, groupFields, aggs, inputRetracts, generateUpdateBefore: true, stateTtlMs };
    this.nodes.push({ kind: 'operator', id, name, parallelism: 1, keyed: true, inputs: 1, create: () => new GroupAggregate(params) });
    this.edge(input.node, id, 0, groupFields.length ? { kind: 'hash', key, describe: groupFields.join(', ') } : { kind: 'single' });
    let out: Built = { node: id, changelog: 'retract', rowType: rel.rowType, producer: name };
    if (dropExpandId) {
      const g = rel.groupKeys.length;
      const exprs: Rex[] = [];
      const all = T.row([...rel.rowType.fields.slice(0, g), { name: '$e', type: T.bigint(false) }, ...rel.rowType.fields.slice(g)], false);
      all.fields.forEach((f, i) => {
        if (i !== g) exprs.push({ kind: 'InputRef', index: i, type: f.type });
      });
      out = this.calcNode(out, exprs, null, rel.rowType);
    }
    return out;
  }
}

function isIdentity(exprs: readonly Rex[], input: RowType): boolean {
  return exprs.length === input.fields.length && exprs.every((e, i) => e.kind === 'InputRef' && e.index === i);
}


export { describeMode };
