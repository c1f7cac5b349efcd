/**
 * Analysis of a join condition (Flink's JoinInfo + IntervalJoinUtil + WindowJoinUtil, in small):
 * splits the condition into equi-key pairs (`l = r`, and the null-safe forms
 * `l IS NOT DISTINCT FROM r` and `(l IS NULL AND r IS NULL) OR l = r`), the
 * time bounds of an interval join (`l.rt BETWEEN r.rt - a AND r.rt + b`,
 * `l.rt >= r.rt - a AND l.rt < r.rt + b`, `l.rt = r.rt`, …, both sides
 * rowtime attributes or both proctime) and the remaining predicate. Pure: the
 * binder uses it to decide which time attributes survive the join and the
 * graph builder to choose the operator.
 */
import type { Call, Rex } from '../../expr/rex.ts';
import { isTimeAttribute, type LogicalType, type RowType } from '../../types/logical-type.ts';

export interface EquiKey {
  /** Over the left row. */
  readonly left: Rex;
  /** Over the right row (indexes start at 0 for the right input). */
  readonly right: Rex;
  readonly nullSafe: boolean;
}

/** `left.time ∈ [right.time + lower, right.time + upper]` (milliseconds, inclusive). */
export interface IntervalBounds {
  readonly leftTime: number;
  /** Index in the right row. */
  readonly rightTime: number;
  readonly lower: number;
  readonly upper: number;
  readonly processing: boolean;
}

export interface JoinInfo {
  readonly keys: readonly EquiKey[];
  /** What is left of the condition after the keys (and the interval bounds), over left ++ right; null if nothing. */
  readonly rest: Rex | null;
  readonly interval: IntervalBounds | null;
}

export function conjuncts(r: Rex): Rex[] {
  if (r.kind === 'Call' && r.name === 'AND') return r.operands.flatMap(conjuncts);
  if (r.kind === 'Literal' && r.value === true) return [];
  return [r];
}

/** Input fields referenced by an expression. */
export function fieldsOf(r: Rex, acc: Set<number> = new Set()): Set<number> {
  switch (r.kind) {
    case 'InputRef':
      acc.add(r.index);
      break;
    case 'Literal':
      break;
    case 'Call':
      for (const o of r.operands) fieldsOf(o, acc);
      break;
    case 'Cast':
    case 'FieldAccess':
      fieldsOf(r.operand, acc);
      break;
    case 'Case':
      for (const w of r.whens) {
        fieldsOf(w.when, acc);
        fieldsOf(w.then, acc);
      }
      fieldsOf(r.otherwise, acc);
      break;
  }
  return acc;
}

/** Shifts every input reference by `by`. */
export function shift(r: Rex, by: number): Rex {
  switch (r.kind) {
    case 'InputRef':
      return { ...r, index: r.index + by };
    case 'Literal':
      return r;
    case 'Call':
      return { ...r, operands: r.operands.map((o) => shift(o, by)) };
    case 'Cast':
    case 'FieldAccess':
      return { ...r, operand: shift(r.operand, by) };
    case 'Case':
      return { ...r, whens: r.whens.map((w) => ({ when: shift(w.when, by), then: shift(w.then, by) })), otherwise: shift(r.otherwise, by) };
  }
}

/** AND of the given predicates (null when none). */
export function andAll(parts: readonly Rex[], and: (a: Rex, b: Rex) => Rex): Rex | null {
  if (parts.length === 0) return null;
  return parts.reduce((a, b) => and(a, b));
}

export function makeAnd(template: Call | undefined, a: Rex, b: Rex): Rex {
  const type = { root: 'BOOLEAN' as const, nullable: a.type.nullable || b.type.nullable };
  if (!template) throw new Error('no AND template');
  return { ...template, operands: [a, b], type };
}

type Side = 'L' | 'R' | 'both' | 'none';

function sideOf(r: Rex, leftWidth: number): Side {
  const fs = fieldsOf(r);
  if (fs.size === 0) return 'none';
  let l = false;
  let rr = false;
  for (const f of fs) {
    if (f < leftWidth) l = true;
    else rr = true;
  }
  return l && rr ? 'both' : l ? 'L' : 'R';
}

function equiOf(c: Rex, leftWidth: number): EquiKey | null {
  if (c.kind !== 'Call') return null;
  if ((c.name === '=' || c.name === 'IS NOT DISTINCT FROM') && c.operands.length === 2) {
    const [a, b] = c.operands as [Rex, Rex];
    const sa = sideOf(a, leftWidth);
    const sb = sideOf(b, leftWidth);
    const nullSafe = c.name !== '=';
    if (sa === 'L' && sb === 'R') return { left: a, right: shift(b, -leftWidth), nullSafe };
    if (sa === 'R' && sb === 'L') return { left: b, right: shift(a, -leftWidth), nullSafe };
    return null;
  }
  // (a IS NULL AND b IS NULL) OR a = b
  if (c.name === 'OR' && c.operands.length === 2) {
    for (const [x, y] of [c.operands, [...c.operands].reverse()] as [Rex, Rex][]) {
      if (y.kind !== 'Call' || y.name !== '=') continue;
      const eq = equiOf(y, leftWidth);
      if (!eq) continue;
      const parts = conjuncts(x);
      if (parts.length !== 2) continue;
      const nulls = parts.map((p) => (p.kind === 'Call' && p.name === 'IS NULL' ? p.operands[0]! : null));
      if (nulls.some((n) => n === null)) continue;
      const digests = new Set(nulls.map((n) => JSON.stringify(n, bigintSafe)));
      const want = new Set([JSON.stringify(eq.left, bigintSafe), JSON.stringify(shift(eq.right, leftWidth), bigintSafe)]);
      if ([...want].every((w) => digests.has(w))) return { ...eq, nullSafe: true };
    }
  }
  return null;
}

function bigintSafe(_k: string, v: unknown): unknown {
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'function') return undefined;
  return v;
}

interface TimeTerm {
  readonly side: 'L' | 'R';
  readonly index: number;
  readonly offset: number;
  readonly processing: boolean;
}

function timeTerm(r: Rex, leftWidth: number, types: readonly LogicalType[]): TimeTerm | null {
  if (r.kind === 'InputRef') {
    const t = types[r.index];
    if (!t || !isTimeAttribute(t)) return null;
    const processing = (t as { timeKind?: string }).timeKind === 'PROCTIME';
    return r.index < leftWidth ? { side: 'L', index: r.index, offset: 0, processing } : { side: 'R', index: r.index - leftWidth, offset: 0, processing };
  }
  if (r.kind === 'Call' && (r.name === '+' || r.name === '-') && r.operands.length === 2) {
    const [a, b] = r.operands as [Rex, Rex];
    if (b.kind === 'Literal' && b.type.root === 'INTERVAL_DAY_TIME' && typeof b.value === 'number') {
      const t = timeTerm(a, leftWidth, types);
      if (t) return { ...t, offset: t.offset + (r.name === '+' ? b.value : -b.value) };
    }
    if (r.name === '+' && a.kind === 'Literal' && a.type.root === 'INTERVAL_DAY_TIME' && typeof a.value === 'number') {
      const t = timeTerm(b, leftWidth, types);
      if (t) return { ...t, offset: t.offset + a.value };
    }
  }
  return null;
}

const FLIP: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=' };

/** A bound on l.time relative to r.time: l.time OP r.time + c. */
function boundOf(c: Rex, leftWidth: number, types: readonly LogicalType[]): { op: string; c: number; l: TimeTerm; r: TimeTerm } | null {
  if (c.kind !== 'Call' || !(c.name in FLIP) || c.operands.length !== 2) return null;
  const a = timeTerm(c.operands[0]!, leftWidth, types);
  const b = timeTerm(c.operands[1]!, leftWidth, types);
  if (!a || !b || a.side === b.side || a.processing !== b.processing) return null;
  if (a.side === 'L') return { op: c.name, c: b.offset - a.offset, l: a, r: b };
  return { op: FLIP[c.name]!, c: a.offset - b.offset, l: b, r: a };
}

/**
 * Analyses `cond` (over left ++ right). `types` are the field types of left ++ right with their time
 * attributes (interval bounds are recognised only between time attributes).
 */
export function analyzeJoin(cond: Rex, leftWidth: number, types: readonly LogicalType[], allowInterval: boolean): JoinInfo {
  const keys: EquiKey[] = [];
  const rest: Rex[] = [];
  const bounds: { idx: number; b: NonNullable<ReturnType<typeof boundOf>> }[] = [];
  const parts = conjuncts(cond);
  parts.forEach((c, i) => {
    const eq = equiOf(c, leftWidth);
    // An equality of two time attributes is an interval bound (zero width), not a key.
    const b = allowInterval ? boundOf(c, leftWidth, types) : null;
    if (b) bounds.push({ idx: i, b });
    else if (eq) keys.push(eq);
    else rest.push(c);
  });
  let interval: IntervalBounds | null = null;
  const used = new Set<number>();
  if (bounds.length) {
    // Flink picks the time attributes of the first bound and requires a lower and an upper bound on them.
    const first = bounds[0]!.b;
    let lower = -Infinity;
    let upper = Infinity;
    for (const { idx, b } of bounds) {
      if (b.l.index !== first.l.index || b.r.index !== first.r.index) continue;
      used.add(idx);
      if (b.op === '>=' || b.op === '=') lower = Math.max(lower, b.c);
      if (b.op === '>') lower = Math.max(lower, b.c + 1);
      if (b.op === '<=' || b.op === '=') upper = Math.min(upper, b.c);
      if (b.op === '<') upper = Math.min(upper, b.c - 1);
    }
    if (lower !== -Infinity && upper !== Infinity) {
      interval = { leftTime: first.l.index, rightTime: first.r.index, lower, upper, processing: first.l.processing };
    }
  }
  // Bounds not used by the interval (or all of them, when it is not an interval join) stay in the rest.
  const restAll: Rex[] = [];
  parts.forEach((c, i) => {
    const isBound = bounds.some((b) => b.idx === i);
    if (isBound) {
      if (interval && used.has(i)) return;
      const eq = equiOf(c, leftWidth);
      if (eq && !interval) {
        keys.push(eq);
        return;
      }
      restAll.push(c);
    } else if (rest.includes(c)) restAll.push(c);
  });
  const andTemplate = findAnd(cond);
  const restRex = restAll.length === 0 ? null : restAll.reduce((a, b) => makeAnd(andTemplate, a, b));
  return { keys, rest: restRex, interval };
}

function findAnd(r: Rex): Call | undefined {
  if (r.kind === 'Call') {
    if (r.name === 'AND') return r;
    for (const o of r.operands) {
      const f = findAnd(o);
      if (f) return f;
    }
  }
  return undefined;
}

/** Field types of left ++ right. */
export function joinedTypes(left: RowType, right: RowType): LogicalType[] {
  return [...left.fields.map((f) => f.type), ...right.fields.map((f) => f.type)];
}
