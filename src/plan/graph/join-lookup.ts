/**
 * Physical planning of a lookup join (a processing-time temporal join,
 * `JOIN dim FOR SYSTEM_TIME AS OF l.proctime ON l.k = dim.k`; Flink's
 * StreamPhysicalLookupJoin). The right side must be a table whose connector
 * can be looked up (LookupTableSource), possibly under projections and
 * filters (computed columns, a view); these run on the looked-up rows. The
 * lookup key is every equality whose right side is a column of that table
 * (the probe side's value cast to the column's type where the types differ,
 * also where an integer column is widened to the probe's numeric type);
 * when that is not the whole equality (a cast, a computed key) the join
 * checks the whole key again on each pair. The operator runs with the probe
 * side's parallelism, chained to it, without state.
 */
import { WeirError } from '../../common/error.ts';
import { compileCalc, compileRowFunction } from '../../expr/codegen.ts';
import { inlineRex, type Rex } from '../../expr/rex.ts';
import { describeCache } from '../../runtime/lookup/lookup-cache-spec.ts';
import type { LookupKey } from '../../runtime/lookup/lookup-function.ts';
import type { CalcFunction } from '../../runtime/operators/calc.ts';
import { LookupJoin, type LookupJoinParams } from '../../runtime/operators/lookup-join.ts';
import type { Row, RowKind } from '../../runtime/row.ts';
import { valueKey } from '../../runtime/key.ts';
import type { StateKey } from '../../state/api.ts';
import { isIntegral, isNumeric, typeEquals, withoutTimeAttribute, type LogicalType } from '../../types/logical-type.ts';
import type { JoinInfo } from '../logical/join-info.ts';
import type { LogicalJoin, LogicalTableScan, RelNode } from '../logical/nodes.ts';
import type { Built, GraphBuilder } from './graph-builder.ts';
import { alignKeys, joinCondition, joinKeyFn } from './join.ts';

/** The table under the right side and the stages from its rows to the right side's rows. */
interface LookupTable {
  readonly scan: LogicalTableScan;
  /** The right side's columns as expressions over the table's row (projections inlined). */
  readonly exprs: readonly Rex[];
  /** Projections and filters from the bottom up. */
  readonly stages: readonly ({ readonly kind: 'project'; readonly exprs: readonly Rex[] } | { readonly kind: 'filter'; readonly condition: Rex })[];
}

function lookupTable(rel: RelNode): LookupTable | null {
  switch (rel.kind) {
    case 'LogicalTableScan':
      return { scan: rel, exprs: rel.rowType.fields.map((f, i) => ({ kind: 'InputRef', index: i, type: f.type })), stages: [] };
    case 'LogicalWatermarkAssigner':
      return lookupTable(rel.input);
    case 'LogicalProject': {
      const t = lookupTable(rel.input);
      if (t === null) return null;
      const identity = rel.exprs.length === rel.input.rowType.fields.length && rel.exprs.every((e, i) => e.kind === 'InputRef' && e.index === i);
      return {
        scan: t.scan,
        exprs: rel.exprs.map((e) => inlineRex(e, t.exprs)),
        stages: identity ? t.stages : [...t.stages, { kind: 'project', exprs: rel.exprs }],
      };
    }
    case 'LogicalFilter': {
      const t = lookupTable(rel.input);
      return t === null ? null : { ...t, stages: [...t.stages, { kind: 'filter', condition: rel.condition }] };
    }
    default:
      return null;
  }
}

export function buildLookupJoin(g: GraphBuilder, rel: LogicalJoin, info: JoinInfo): Built {
  const table = lookupTable(rel.right);
  if (table === null) {
    throw new WeirError(
      'plan',
      'UNSUPPORTED',
      'Processing-time temporal join requires a lookup table on the right side: a table whose connector supports lookup (such as filesystem), optionally under projections and filters',
    );
  }
  const { scan } = table;
  const tableName = scan.table.qualifiedName;
  const keyColumns: number[] = [];
  const probeExprs: Rex[] = [];
  const nullSafe: boolean[] = [];
  let verifyNeeded = false;
  for (const k of info.keys) {
    let r = inlineRex(k.right, table.exprs);
    if (r.kind === 'Cast' && r.operand.kind === 'InputRef' && isIntegral(r.operand.type) && isNumeric(r.type)) {
      // an integer column widened to the probe's numeric type: look up the column with the probe value cast back
      r = r.operand;
      verifyNeeded = true;
    }
    if (r.kind !== 'InputRef') {
      verifyNeeded = true;
      continue;
    }
    const colType = scan.rowType.fields[r.index]!.type;
    let probe = k.left;
    if (!typeEquals(withoutTimeAttribute(k.left.type), withoutTimeAttribute(colType), false)) {
      // compare in the table's type; a value that does not convert finds nothing (TRY_CAST), the whole key is checked again
      probe = { kind: 'Cast', operand: k.left, type: { ...withoutTimeAttribute(colType), nullable: true } as LogicalType, safe: true };
      verifyNeeded = true;
    }
    keyColumns.push(r.index);
    probeExprs.push(probe);
    nullSafe.push(k.nullSafe);
  }
  if (keyColumns.length === 0) {
    throw new WeirError('validation', 'VALIDATION', `Temporal table join requires an equality condition on fields of table [${tableName}].`);
  }
  const { source } = g.opts.connectors.lookup(scan);
  const provider = source.getLookupRuntimeProvider({ keys: keyColumns });
  let verify: LookupJoinParams['verify'] = null;
  if (verifyNeeded) {
    const { left: lk, right: rk, nullSafe: ns } = alignKeys(info.keys);
    verify = { leftKey: joinKeyFn(lk, ns, g.opts), rightKey: joinKeyFn(rk, ns, g.opts) };
  }
  const left = g.visit(rel.left);
  const params: LookupJoinParams = {
    tableName,
    leftOuter: rel.joinKind === 'LEFT',
    provider,
    keyColumns,
    ...probeKeyFns(probeExprs, nullSafe, g),
    calc: stagesFn(table, g),
    verify,
    condition: joinCondition(info.rest, g.opts),
    leftWidth: rel.left.rowType.fields.length,
    rightWidth: rel.right.rowType.fields.length,
  };
  const lookupDesc = keyColumns.map((c, i) => `${scan.rowType.fields[c]!.name}=${describe(probeExprs[i]!, left)}`).join(', ');
  const name =
    `LookupJoin(table=[${tableName}], joinType=[${rel.joinKind}], lookup=[${lookupDesc}]` +
    `${info.rest || verifyNeeded ? ', where=[…]' : ''}, cache=[${describeCache(provider.cache)}])`;
  const id = g.id();
  g.addNode({ kind: 'operator', id, name, parallelism: 1, keyed: false, inputs: 1, create: () => new LookupJoin(params) });
  g.edge(left.node, id, 0, { kind: 'forward' });
  return { node: id, changelog: left.changelog, rowType: rel.rowType, producer: name };
}

function describe(r: Rex, side: Built): string {
  const inner = r.kind === 'Cast' ? r.operand : r;
  return inner.kind === 'InputRef' ? (side.rowType.fields[inner.index]?.name ?? `$${inner.index}`) : '…';
}

/**
 * The lookup key of a probe row, and its hashable form (lookupKeyOf of it, without building the key
 * array, once per probe row); undefined when a part that is not null-safe is NULL (it can match nothing).
 */
function probeKeyFns(exprs: readonly Rex[], nullSafe: readonly boolean[], g: GraphBuilder): Pick<LookupJoinParams, 'lookupKey' | 'cacheKey'> {
  const fns = exprs.map((e) => {
    if (e.kind === 'InputRef') {
      const f = e.index;
      return (row: Row): unknown => row[f];
    }
    return compileRowFunction(e, g.opts) as (row: Row) => unknown;
  });
  const n = fns.length;
  const lookupKey = (row: Row): LookupKey | undefined => {
    const key = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      const v = fns[i]!(row);
      if (v === null || v === undefined) {
        if (!nullSafe[i]) return undefined;
        key[i] = null;
      } else key[i] = v;
    }
    return key;
  };
  if (n !== 1) return { lookupKey };
  const f = fns[0]!;
  const safe = nullSafe[0]!;
  const cacheKey = (row: Row): StateKey | undefined => {
    const v = f(row);
    if (v === null || v === undefined) return safe ? null : undefined;
    return typeof v === 'object' ? valueKey(v) : (v as StateKey);
  };
  return { lookupKey, cacheKey };
}

/** The projections and filters over the table's rows as one batch function, or null when there are none. */
function stagesFn(table: LookupTable, g: GraphBuilder): CalcFunction | null {
  const fns = table.stages.map((s) => (s.kind === 'project' ? compileCalc(s.exprs, null, g.opts) : compileCalc(null, s.condition, g.opts)));
  if (fns.length === 0) return null;
  if (fns.length === 1) return fns[0]!;
  return (inRows, inKinds, outRows, outKinds) => {
    let rows = inRows;
    let kinds = inKinds;
    for (let i = 0; i < fns.length; i++) {
      const last = i === fns.length - 1;
      const r: Row[] = last ? outRows : [];
      const k: RowKind[] = last ? outKinds : [];
      fns[i]!(rows, kinds, r, k);
      rows = r;
      kinds = k;
    }
  };
}
