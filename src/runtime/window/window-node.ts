/**
 * Window state nodes with the accumulators inline: one plain object per
 * window (or slice, or session) of a key, `{k, s, e, n, a0, c0, a1, …}`, made
 * by one generated factory so every node has the same shape. A key's windows
 * form a singly linked list through `n` (the newest first), held as one value
 * of the keyed state.
 *
 * Why: with 100,000 keys a row's update is bound by memory latency, and a
 * window held as {ends[], accs[][]} with SUM's [sum, count] array costs about
 * six dependent cache misses per row where an inline node costs two (the
 * state Map's slot and the node).
 *
 * Inline accumulators (exactly the semantics of the shared implementations in
 * ../aggregates, which the tests compare against):
 *  - COUNT(*) and COUNT(x): the count in `aJ`;
 *  - SUM / SUM0: the sum in `aJ` and the number of non-NULL values in `cJ`
 *    (numeric.ts's [sum, count] accumulator, unpacked; the same adder);
 *  - anything else: the shared accumulator in `aJ`, updated through its
 *    AggImpl (MIN/MAX keep a primitive there, so they are inline too).
 * FILTER wraps any of them; DISTINCT always takes the AggImpl.
 *
 * The nodes structured-clone (they are snapshotted with the keyed state);
 * `copy` turns a restored plain object back into the generated shape.
 */
import type { AggCall, AggImpl } from '../aggregates/index.ts';
import { adders } from '../aggregates/numeric.ts';
import type { Row } from '../row.ts';

export interface WinNode {
  /** Window start (sessions; other operators derive it from the end). */
  s: number;
  /** Window, slice or session end. */
  e: number;
  /** The key's next window. */
  n: WinNode | null;
}

/**
 * The slices of one key for HOP/CUMULATE (one object): `ring` slots held as
 * fields (end e<r>, null when free, and the accumulators <field>_<r>), the
 * group values, and
 * `x`, an overflow array of further slots ([end, fields…] each, slotWidth
 * values; rows far out of order) or null.
 */
export interface SliceRing {
  x: unknown[] | null;
}

/**
 * The end of a window or session node kept empty after its key's last window fired, for reuse by
 * the key's next one (null, not a number: a field that ever holds a non-Smi number is a boxed
 * double).
 */
export const EMPTY = null as unknown as number;

/** Marks a free slot of an overflow array. */
export const FREE = Number.NEGATIVE_INFINITY;

/** An output group column: an input field, or a property of the window. */
export type OutKey = number | 'window_start' | 'window_end' | 'window_time';

export interface WindowNodeOptions {
  /** The output row's group columns (input fields are copied from the first row into the node). */
  readonly outKeys: readonly OutKey[];
  /** Slots per SliceRing; 0: no ring functions. */
  readonly ring?: number;
}

/** Bit flags of SliceRingOps.fire's result. */
export const FIRED_MERGED = 1;
export const FIRED_NEXT = 2;
export const FIRED_LIVE = 4;

export interface SliceRingOps {
  readonly slots: number;
  make(row: Row): SliceRing;
  /**
   * The slot r holding slice end `s`; or `slots` + r when slot r was free and now starts that
   * slice; or -1 when every slot is taken (use the overflow array).
   */
  slot(o: SliceRing, s: number): number;
  accumulate(o: SliceRing, r: number, row: Row): void;
  /**
   * Fires the window (start, end]: merges the slots ending inside it into `into` (reset first)
   * and frees those ending at or before `freeUpTo`. Returns FIRED_MERGED when a slot merged,
   * FIRED_NEXT when (hop) a kept slot ends at or before `nextEnd`, FIRED_LIVE when any is kept.
   */
  fire(o: SliceRing, start: number, end: number, freeUpTo: number, nextEnd: number, hop: boolean, into: WinNode): number;
  /** The live slice ends in the slots (not the overflow). */
  ends(o: SliceRing): number[];
  /** A ring of the generated shape with the fields of `o` (a restored plain object). */
  copy(o: SliceRing): SliceRing;
}

export interface WindowNodes {
  /** Every accumulator can merge (slices, merging sessions). */
  readonly mergeable: boolean;
  make(row: Row, s: number, e: number): WinNode;
  accumulate(node: WinNode, row: Row): void;
  /** Merges `from`'s accumulators into `into` (only when mergeable; `from` is left unchanged). */
  merge(into: WinNode, from: WinNode): void;
  /** Writes the aggregate values into `out` from index `at`. */
  values(node: WinNode, out: unknown[], at: number): void;
  /** The output row: the group columns (values from `keys`, a node or ring), then the aggregate values of `node`. */
  output(keys: object, node: WinNode, start: number, end: number, time: number): Row;
  /** A node of the generated shape with the fields of `node` (a restored plain object), `n` cleared. */
  copy(node: WinNode): WinNode;
  /** Resets the accumulators of `node` to their initial values (a reused scratch node). */
  reset(node: WinNode): void;
  /** Makes `node` a fresh window of the key of `row` (what make returns, without allocating). */
  renew(node: WinNode, row: Row, s: number, e: number): void;
  /** Copies the group values of a node or ring into `node`. */
  takeKeys(node: WinNode, from: object): void;
  /**
   * The same accumulators as slots of a flat array (overflow slices): a slot at index i is
   * [end, fields…], `slotWidth` values.
   */
  readonly slotWidth: number;
  /** Writes a fresh slot ending at `e` at index i. */
  initAt(x: unknown[], i: number, e: number): void;
  accumulateAt(x: unknown[], i: number, row: Row): void;
  /** Merges the slot at index i into `into` (only when mergeable). */
  mergeAt(into: WinNode, x: readonly unknown[], i: number): void;
  /** Present when options.ring > 0 and the accumulators merge. */
  readonly ring: SliceRingOps | undefined;
}

const SUMS = new Set(['SUM', 'SUM0', '$SUM0']);

/** `impls[j]` must be createAggregate(calls[j], {retracts: false}). */
export function compileWindowNodes(calls: readonly AggCall[], impls: readonly AggImpl[], options: WindowNodeOptions): WindowNodes {
  const names: string[] = [];
  const vals: unknown[] = [];
  const bind = (v: unknown): string => {
    names.push(`$${names.length}`);
    vals.push(v);
    return names[names.length - 1]!;
  };
  const fields: string[] = [];
  const init: string[] = [];
  const acc: string[] = [];
  const mrg: string[] = [];
  const get: string[] = [];
  let mergeable = true;
  /** Rewrites `<obj>.<field>` in generated code. */
  const rename = (code: string, obj: string, to: (field: string) => string): string =>
    code.replace(new RegExp(`\\b${obj}\\.([ac]\\d+)\\b`, 'g'), (_m, f: string) => to(f));
  /** The node code rewritten for an array slot: `o.field` (or `p.field`) → `x[i + m]`. */
  const slots = (code: string, obj = 'o'): string => rename(code, obj, (f) => `x[i + ${fields.indexOf(f) + 1}]`);
  calls.forEach((call, j) => {
    const impl = impls[j]!;
    const a = `a${j}`;
    const c = `c${j}`;
    const guard = (code: string): string => (call.filterArg >= 0 ? `if (r[${call.filterArg}] === true) { ${code} }` : code);
    if (call.fn === 'COUNT' && !call.distinct && call.args.length <= 1) {
      fields.push(a);
      init.push('0');
      acc.push(guard(call.args.length === 0 ? `o.${a}++;` : `if (r[${call.args[0]!}] !== null) o.${a}++;`));
      mrg.push(`o.${a} += p.${a};`);
      get.push(`o.${a}`);
      return;
    }
    if (SUMS.has(call.fn) && !call.distinct && call.args.length === 1) {
      const add = bind(adders(call.resultType.root === 'DECIMAL' ? call.resultType : call.argTypes[0]!).add);
      const empty = call.fn === 'SUM' ? 'null' : '0';
      fields.push(a, c);
      init.push('0', '0');
      acc.push(guard(`{ const v = r[${call.args[0]!}]; if (v !== null) { o.${a} = ${add}(o.${a}, v); o.${c}++; } }`));
      mrg.push(`if (p.${c} !== 0) { o.${a} = ${add}(o.${a}, p.${a}); o.${c} += p.${c}; }`);
      get.push(`(o.${c} === 0 ? ${empty} : o.${a})`);
      return;
    }
    const create = bind(impl.create);
    const accumulate = bind(impl.accumulate);
    const getValue = bind(impl.getValue);
    fields.push(a);
    init.push(`${create}()`);
    // the shared implementations apply FILTER themselves
    acc.push(`o.${a} = ${accumulate}(o.${a}, r);`);
    get.push(`${getValue}(o.${a})`);
    if (impl.merge) mrg.push(`o.${a} = ${bind(impl.merge)}(o.${a}, p.${a});`);
    else mergeable = false;
  });
  // group values: g<m> for each distinct input field among the output keys
  const keyFields = [...new Set(options.outKeys.filter((k): k is number => typeof k === 'number'))];
  const gInit = keyFields.map((f, m) => `g${m}: r[${f}]`);
  const outCols = options.outKeys.map((k) =>
    typeof k === 'number' ? `q.g${keyFields.indexOf(k)}` : k === 'window_start' ? 'start' : k === 'window_end' ? 'end' : 'time',
  );
  const head = (extra: string): string => [...gInit, extra].filter((x) => x !== '').join(', ');
  const noMerge = 'throw new Error("not mergeable");';
  let body = `
    function make(r, s, e) { return { ${head(`s: s, e: e, n: null${fields.map((f, i) => `, ${f}: ${init[i]}`).join('')}`)} }; }
    function accumulate(o, r) { ${acc.join('\n')} }
    function merge(o, p) { ${mergeable ? mrg.join('\n') : noMerge} }
    function values(o, out, at) { ${get.map((g, j) => `out[at + ${j}] = ${g};`).join('\n')} }
    function output(q, o, start, end, time) { return [${[...outCols, ...get].join(', ')}]; }
    function copy(o) { return { ${[...keyFields.map((_, m) => `g${m}: o.g${m}`), `s: o.s, e: o.e, n: null${fields.map((f) => `, ${f}: o.${f}`).join('')}`].join(', ')} }; }
    function reset(o) { ${fields.map((f, i) => `o.${f} = ${init[i]};`).join(' ')} }
    function renew(o, r, s, e) { ${keyFields.map((f, m) => `o.g${m} = r[${f}];`).join(' ')} o.s = s; o.e = e; reset(o); }
    function takeKeys(o, q) { ${keyFields.map((_, m) => `o.g${m} = q.g${m};`).join(' ')} }
    function initAt(x, i, e) { x[i] = e; ${fields.map((f, m) => `x[i + ${m + 1}] = ${init[m]};`).join(' ')} }
    function accumulateAt(x, i, r) { ${slots(acc.join('\n'))} }
    function mergeAt(o, x, i) { ${mergeable ? slots(mrg.join('\n'), 'p') : noMerge} }
  `;
  const R = mergeable ? (options.ring ?? 0) : 0;
  if (R > 0) {
    const rs = Array.from({ length: R }, (_, r) => r);
    const slotFields = (r: number): string[] => [`e${r}`, ...fields.map((f) => `${f}_${r}`)];
    // a free slot's end is null (not a number sentinel: a field that ever holds a non-Smi number becomes a boxed double)
    const ringInit = rs.flatMap((r) => [`e${r}: null`, ...fields.map((f, i) => `${f}_${r}: ${init[i]}`)]);
    const initSlot = (r: number, e: string): string => [`o.e${r} = ${e};`, ...fields.map((f, i) => `o.${f}_${r} = ${init[i]};`)].join(' ');
    body += `
    function ringMake(r) { return { ${[...gInit, 'x: null', ...ringInit].join(', ')} }; }
    function ringSlot(o, s) {
      ${rs.map((r) => `if (o.e${r} === s) return ${r};`).join('\n')}
      ${rs.map((r) => `if (o.e${r} === null) { ${initSlot(r, 's')} return ${R + r}; }`).join('\n')}
      return -1;
    }
    function ringAccumulate(o, slot, r) {
      switch (slot) {
        ${rs.map((r) => `case ${r}: { ${rename(acc.join('\n'), 'o', (f) => `o.${f}_${r}`)} return; }`).join('\n')}
      }
    }
    function ringFire(o, start, end, freeUpTo, nextEnd, hop, m) {
      let flags = 0;
      ${rs
        .map(
          (r) => `{
        const s = o.e${r};
        if (s !== null) {
        if (s > start && s <= end) {
          if ((flags & ${FIRED_MERGED}) === 0) { reset(m); flags |= ${FIRED_MERGED}; }
          ${rename(rename(mrg.join('\n'), 'o', (f) => `m.${f}`), 'p', (f) => `o.${f}_${r}`)}
        }
        if (s > freeUpTo) { flags |= ${FIRED_LIVE}; if (hop && s <= nextEnd) flags |= ${FIRED_NEXT}; }
        else { ${initSlot(r, 'null')} }
        }
      }`,
        )
        .join('\n')}
      return flags;
    }
    function ringEnds(o) { const out = []; ${rs.map((r) => `if (o.e${r} !== null) out.push(o.e${r});`).join(' ')} return out; }
    function ringCopy(o) { return { ${[...keyFields.map((_, m) => `g${m}: o.g${m}`), 'x: o.x', ...rs.flatMap((r) => slotFields(r).map((f) => `${f}: o.${f}`))].join(', ')} }; }
    `;
  }
  body += `return { make, accumulate, merge, values, output, copy, reset, renew, takeKeys, initAt, accumulateAt, mergeAt${
    R > 0 ? ', ring: { slots: ' + R + ', make: ringMake, slot: ringSlot, accumulate: ringAccumulate, fire: ringFire, ends: ringEnds, copy: ringCopy }' : ''
  } };`;
  const fns = new Function(...names, body)(...vals) as Omit<WindowNodes, 'mergeable' | 'slotWidth' | 'ring'> & { ring?: SliceRingOps };
  return { mergeable, slotWidth: fields.length + 1, ...fns, ring: fns.ring };
}
