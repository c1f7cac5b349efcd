/**
 * Physical planning of joins: a LogicalJoin becomes one two-input operator
 * with both inputs hashed by the join key (or sent to a single subtask when
 * there is no equi-key): a regular StreamingJoin, a SemiAntiJoin, an interval
 * join (time bounds between two rowtime attributes; graph/join-interval.ts)
 * or a temporal join (FOR SYSTEM_TIME AS OF; graph/join-temporal.ts).
 * Join keys of different types are cast to their common type so both sides
 * hash and compare equal values alike.
 */
import { WeirError } from '../../common/error.ts';
import { compileRowFunction, type CompileOptions } from '../../expr/codegen.ts';
import type { Rex } from '../../expr/rex.ts';
import { encodeKey, valueKey } from '../../runtime/key.ts';
import type { Row } from '../../runtime/row.ts';
import type { StateKey } from '../../state/api.ts';
import { StreamingJoin, type JoinInputLayout } from '../../runtime/operators/streaming-join.ts';
import { SemiAntiJoin } from '../../runtime/operators/semi-anti-join.ts';
import { leastRestrictive } from '../../types/coercion.ts';
import { typeEquals, withoutTimeAttribute, type LogicalType } from '../../types/logical-type.ts';
import type { LogicalJoin, RelNode } from '../logical/nodes.ts';
import { analyzeJoin, joinedTypes, type EquiKey, type JoinInfo } from '../logical/join-info.ts';
import type { Built, GraphBuilder } from './graph-builder.ts';
import { buildIntervalJoin } from './join-interval.ts';
import { buildTemporalJoin } from './join-temporal.ts';
import { buildWindowJoin, windowJoinKeys } from './join-window.ts';
import { joinInputSpec, preservedColumn, uniqueKeys, type JoinInputSpec } from '../unique-keys.ts';
import { describeJoinStateTtl } from '../binder/state-ttl-hint.ts';

export type KeyFn = (row: Row) => StateKey | undefined;

/** The key of one side: undefined when a non-null-safe part is NULL (such rows never match). */
export function joinKeyFn(exprs: readonly Rex[], nullSafe: readonly boolean[], opts: CompileOptions): KeyFn {
  if (exprs.length === 0) return () => 0;
  const refs = exprs.every((e) => e.kind === 'InputRef') ? exprs.map((e) => (e as { index: number }).index) : null;
  if (refs && refs.length === 1) {
    const f = refs[0]!;
    const safe = nullSafe[0]!;
    return (row) => {
      const v = row[f];
      if (v === null || v === undefined) return safe ? null : undefined;
      return typeof v === 'object' ? valueKey(v) : (v as StateKey);
    };
  }
  const fns = refs ? refs.map((f) => (row: Row) => row[f]) : exprs.map((e) => compileRowFunction(e, opts) as (row: Row) => unknown);
  const n = fns.length;
  const vals = new Array<unknown>(n);
  return (row) => {
    for (let i = 0; i < n; i++) {
      const v = fns[i]!(row);
      if ((v === null || v === undefined) && !nullSafe[i]) return undefined;
      vals[i] = v;
    }
    return n === 1 ? valueKey(vals[0]) : encodeKey(vals);
  };
}

/** Casts each key pair to the common type where the two sides' types differ. */
export function alignKeys(keys: readonly EquiKey[]): { left: Rex[]; right: Rex[]; nullSafe: boolean[] } {
  const left: Rex[] = [];
  const right: Rex[] = [];
  for (const k of keys) {
    const lt = withoutTimeAttribute(k.left.type);
    const rt = withoutTimeAttribute(k.right.type);
    if (typeEquals(lt, rt, false)) {
      left.push(k.left);
      right.push(k.right);
      continue;
    }
    const common = leastRestrictive([lt, rt]);
    if (!common) throw new WeirError('validation', 'VALIDATION', `Cannot join on keys of types ${lt.root} and ${rt.root}`);
    const cast = (r: Rex, t: LogicalType): Rex => (typeEquals(t, common, false) ? r : { kind: 'Cast', operand: r, type: { ...common, nullable: r.type.nullable }, safe: false });
    left.push(cast(k.left, lt));
    right.push(cast(k.right, rt));
  }
  return { left, right, nullSafe: keys.map((k) => k.nullSafe) };
}

/** The non-equi rest as a predicate over (left, right). */
export function joinCondition(rest: Rex | null, opts: CompileOptions): ((l: Row, r: Row) => boolean) | null {
  if (!rest) return null;
  const f = compileRowFunction(rest, opts) as (row: Row) => unknown;
  return (l, r) => f(l.concat(r)) === true;
}

export function describeKeys(keys: readonly EquiKey[], b: JoinSides): string {
  return keys.map((k) => `${describeRex(k.left, b.left)}=${describeRex(k.right, b.right)}`).join(', ');
}

function describeRex(r: Rex, side: Built): string {
  return r.kind === 'InputRef' ? (side.rowType.fields[r.index]?.name ?? `$${r.index}`) : '…';
}

export interface JoinSides {
  readonly left: Built;
  readonly right: Built;
}

export function buildJoin(g: GraphBuilder, rel: LogicalJoin): Built {
  if (rel.temporal) return buildTemporalJoin(g, rel);
  const lw = rel.left.rowType.fields.length;
  const types = joinedTypes(rel.left.rowType, rel.right.rowType);
  const semi = rel.joinKind === 'SEMI' || rel.joinKind === 'ANTI';
  let info: JoinInfo = analyzeJoin(rel.condition, lw, types, !semi);
  const left = g.visit(rel.left);
  const right = g.visit(rel.right);
  const appendOnly = left.changelog === 'insert-only' && right.changelog === 'insert-only';
  // Window and interval joins need append-only inputs; otherwise Flink plans a regular join.
  const wk = appendOnly ? windowJoinKeys(rel, info) : null;
  if (wk) return buildWindowJoin(g, rel, info, wk, left, right);
  if (info.interval && appendOnly) return buildIntervalJoin(g, rel, info, left, right);
  if (info.interval) info = analyzeJoin(rel.condition, lw, types, false);
  const { left: lk, right: rk, nullSafe } = alignKeys(info.keys);
  const leftKey = joinKeyFn(lk, nullSafe, g.opts);
  const rightKey = joinKeyFn(rk, nullSafe, g.opts);
  const condition = joinCondition(info.rest, g.opts);
  const id = g.id();
  const keyDesc = describeKeys(info.keys, { left, right });
  const leftSpec = semi ? null : inputSpec(rel.left, lk);
  const rightSpec = semi ? null : inputSpec(rel.right, rk);
  const specDesc = leftSpec && rightSpec ? `, leftInputSpec=[${leftSpec.kind}], rightInputSpec=[${rightSpec.kind}]` : '';
  const name = `Join(joinType=[${rel.joinKind}], where=[${keyDesc}${info.rest ? `${keyDesc ? ', ' : ''}…` : ''}], select=[${rel.rowType.fields.map((f) => f.name).join(', ')}]${specDesc}${describeJoinStateTtl(rel)})`;
  const ttl = g.stateTtlMs();
  if (semi) {
    const params = { anti: rel.joinKind === 'ANTI', leftKey, rightKey, condition, stateTtlMs: ttl };
    g.addNode({ kind: 'operator', id, name, parallelism: 1, keyed: true, inputs: 2, create: () => new SemiAntiJoin(params) });
  } else {
    const params = {
      joinType: rel.joinKind as 'INNER' | 'LEFT' | 'RIGHT' | 'FULL',
      leftKey,
      rightKey,
      condition,
      leftWidth: lw,
      rightWidth: rel.right.rowType.fields.length,
      leftStateTtlMs: rel.stateTtl?.left?.ms ?? ttl,
      rightStateTtlMs: rel.stateTtl?.right?.ms ?? ttl,
      leftLayout: layoutOf(leftSpec),
      rightLayout: layoutOf(rightSpec),
    };
    g.addNode({ kind: 'operator', id, name, parallelism: 1, keyed: true, inputs: 2, create: () => new StreamingJoin(params) });
  }
  connect(g, id, left, right, info.keys.length > 0 ? leftKey : null, info.keys.length > 0 ? rightKey : null, keyDesc);
  const insertOnly =
    left.changelog === 'insert-only' && right.changelog === 'insert-only' && (rel.joinKind === 'INNER' || rel.joinKind === 'SEMI');
  return { node: id, changelog: insertOnly ? 'insert-only' : 'retract', rowType: rel.rowType, producer: name };
}

/**
 * How one side of a regular join keeps its rows (Flink's JoinInputSideSpec): from the side's unique
 * keys and the columns its join key is made of (column references, or casts that keep values distinct).
 */
export function inputSpec(side: RelNode, joinKey: readonly Rex[]): JoinInputSpec {
  const cols: number[] = [];
  for (const k of joinKey) {
    const c = preservedColumn(k);
    if (c !== undefined) cols.push(c);
  }
  return joinInputSpec(uniqueKeys(side), cols);
}

/** The operator's layout for a side: rows under one join key agree on its columns, so a row is found by the rest of the unique key. */
function layoutOf(spec: JoinInputSpec | null): JoinInputLayout | undefined {
  if (!spec) return undefined;
  return spec.kind === 'HasUniqueKey' ? { kind: 'HasUniqueKey', uniqueKey: spec.lookupKey } : { kind: spec.kind };
}

/** Edges of a two-input keyed operator: hashed by the key selectors, or to one subtask when there is no key. */
export function connect(g: GraphBuilder, id: number, left: Built, right: Built, leftKey: KeyFn | null, rightKey: KeyFn | null, describe: string): void {
  if (leftKey && rightKey) {
    g.edge(left.node, id, 0, { kind: 'hash', key: (r) => leftKey(r) ?? null, describe });
    g.edge(right.node, id, 1, { kind: 'hash', key: (r) => rightKey(r) ?? null, describe });
  } else {
    g.edge(left.node, id, 0, { kind: 'single' });
    g.edge(right.node, id, 1, { kind: 'single' });
  }
}
