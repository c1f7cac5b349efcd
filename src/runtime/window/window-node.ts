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
  /** A row of the key (its group field values). */
  k: Row;
  /** Window start (sessions; other operators derive it from the end). */
  s: number;
  /** Window, slice or session end. */
  e: number;
  /** The key's next window. */
  n: WinNode | null;
}

export interface WindowNodes {
  /** Every accumulator can merge (slices, merging sessions). */
  readonly mergeable: boolean;
  make(k: Row, s: number, e: number): WinNode;
  accumulate(node: WinNode, row: Row): void;
  /** Merges `from`'s accumulators into `into` (only when mergeable; `from` is left unchanged). */
  merge(into: WinNode, from: WinNode): void;
  /** Writes the aggregate values into `out` from index `at`. */
  values(node: WinNode, out: unknown[], at: number): void;
  /** A node of the generated shape with the fields of `node` (a restored plain object), `n` cleared. */
  copy(node: WinNode): WinNode;
  /** Resets the accumulators of `node` to their initial values (a reused scratch node). */
  reset(node: WinNode): void;
  /**
   * The same accumulators as slots of a flat array (HOP/CUMULATE slices of one key side by side):
   * a slot at index i is [end, fields…], `slotWidth` values.
   */
  readonly slotWidth: number;
  /** Writes a fresh slot ending at `e` at index i. */
  initAt(x: unknown[], i: number, e: number): void;
  accumulateAt(x: unknown[], i: number, row: Row): void;
  /** Merges the slot at index i into `into` (only when mergeable). */
  mergeAt(into: WinNode, x: readonly unknown[], i: number): void;
}

const SUMS = new Set(['SUM', 'SUM0', '$SUM0']);

/** `impls[j]` must be createAggregate(calls[j], {retracts: false}). */
export function compileWindowNodes(calls: readonly AggCall[], impls: readonly AggImpl[]): WindowNodes {
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
  /** The node code rewritten for a slot: `o.field` (or `p.field` when `obj` is 'p') → `x[i + m]`. */
  const slots = (code: string, obj = 'o'): string =>
    code.replace(new RegExp(`\\b${obj}\\.([ac]\\d+)\\b`, 'g'), (_m, f: string) => `x[i + ${fields.indexOf(f) + 1}]`);
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
      get.push(`out[at + ${j}] = o.${a};`);
      return;
    }
    if (SUMS.has(call.fn) && !call.distinct && call.args.length === 1) {
      const add = bind(adders(call.resultType.root === 'DECIMAL' ? call.resultType : call.argTypes[0]!).add);
      const empty = call.fn === 'SUM' ? 'null' : '0';
      fields.push(a, c);
      init.push('0', '0');
      acc.push(guard(`{ const v = r[${call.args[0]!}]; if (v !== null) { o.${a} = ${add}(o.${a}, v); o.${c}++; } }`));
      mrg.push(`if (p.${c} !== 0) { o.${a} = ${add}(o.${a}, p.${a}); o.${c} += p.${c}; }`);
      get.push(`out[at + ${j}] = o.${c} === 0 ? ${empty} : o.${a};`);
      return;
    }
    const create = bind(impl.create);
    const accumulate = bind(impl.accumulate);
    const getValue = bind(impl.getValue);
    fields.push(a);
    init.push(`${create}()`);
    // the shared implementations apply FILTER themselves
    acc.push(`o.${a} = ${accumulate}(o.${a}, r);`);
    get.push(`out[at + ${j}] = ${getValue}(o.${a});`);
    if (impl.merge) mrg.push(`o.${a} = ${bind(impl.merge)}(o.${a}, p.${a});`);
    else mergeable = false;
  });
  const body = `
    function make(k, s, e) { return { k: k, s: s, e: e, n: null${fields.map((f, i) => `, ${f}: ${init[i]}`).join('')} }; }
    function accumulate(o, r) { ${acc.join('\n')} }
    function merge(o, p) { ${mergeable ? mrg.join('\n') : 'throw new Error("not mergeable");'} }
    function values(o, out, at) { ${get.join('\n')} }
    function copy(o) { return { k: o.k, s: o.s, e: o.e, n: null${fields.map((f) => `, ${f}: o.${f}`).join('')} }; }
    function reset(o) { ${fields.map((f, i) => `o.${f} = ${init[i]};`).join(' ')} }
    function initAt(x, i, e) { x[i] = e; ${fields.map((f, m) => `x[i + ${m + 1}] = ${init[m]};`).join(' ')} }
    function accumulateAt(x, i, r) { ${slots(acc.join('\n'))} }
    function mergeAt(o, x, i) { ${mergeable ? slots(mrg.join('\n'), 'p') : 'throw new Error("not mergeable");'} }
    return { make, accumulate, merge, values, copy, reset, initAt, accumulateAt, mergeAt };`;
  const fns = new Function(...names, body)(...vals) as Omit<WindowNodes, 'mergeable' | 'slotWidth'>;
  return { mergeable, slotWidth: fields.length + 1, ...fns };
}
