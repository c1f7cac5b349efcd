/**
 * How a regular join keeps one input's rows per join key (Flink's
 * JoinRecordStateViews), chosen by the planner from the input's unique keys
 * (plan/unique-keys.ts, JoinInputSpec):
 *
 *  - JoinKeyContainsUniqueKey: at most one row per join key, the state value
 *    itself. An accumulate replaces it; a retraction deletes it without
 *    comparing rows.
 *  - HasUniqueKey: per join key, the rows in an array plus a Map from the
 *    encoded unique key to the row's position, so a retraction finds its row
 *    in O(1); an accumulate of a unique key already present replaces its row.
 *  - NoUniqueKey: per join key, the rows as a multiset (one array entry per
 *    occurrence); a retraction removes the first equal row (linear, whole-row
 *    comparison).
 *
 * All three give the records of a join key in the same order (removal moves
 * the last record into the freed slot), so the join's output is the same
 * whatever the layout for a changelog that respects the unique key.
 * Every change goes through the state API (put after a change, delete when
 * empty): values changed in place by the join (association counts, TTL
 * times) are written back with `update`.
 */
import type { KeyedStateStore, StateKey, ValueState } from '../../state/api.ts';
import { keySelector } from '../key.ts';
import type { Row } from '../row.ts';
import { valuesEqual } from '../aggregates/values.ts';
import { scanState } from '../../state/ttl-value-state.ts';

/** Keys found stale by a cleanup scan (reused; emptied after each call). */
const staleKeys: StateKey[] = [];

/** One cleanup step over `state` (see RecordView.expireSome): returns the scan's new position. */
function sweep<V, E>(
  state: ValueState<V>,
  cursor: Iterator<[StateKey, V]> | undefined,
  budget: number,
  recsOf: (v: V) => readonly E[],
  keep: (rec: E) => boolean,
  retain: (key: StateKey) => void,
): Iterator<[StateKey, V]> {
  const it = scanState(state, cursor, budget, (v) => !recsOf(v).every(keep), staleKeys);
  for (const k of staleKeys) retain(k);
  staleKeys.length = 0;
  return it;
}

export type JoinInputLayout =
  | { readonly kind: 'JoinKeyContainsUniqueKey' }
  | { readonly kind: 'HasUniqueKey'; readonly uniqueKey: readonly number[] }
  | { readonly kind: 'NoUniqueKey' };

export interface RecordView<E> {
  /** The records under `key` (valid until the next call on this view), or undefined. */
  records(key: StateKey): readonly E[] | undefined;
  add(key: StateKey, rec: E): void;
  /** Removes the record of `row` (a retraction of a row never seen is ignored, as in Flink). */
  retract(key: StateKey, row: Row): void;
  /** Writes back records of `key` changed in place since `records(key)`. */
  update(key: StateKey): void;
  /** Keeps only the records `keep` accepts (state TTL). */
  retain(key: StateKey, keep: (rec: E) => boolean): void;
  /**
   * Incremental state TTL cleanup: checks the records of up to `budget` join keys, resuming where
   * the last call stopped, and keeps only those `keep` accepts.
   */
  expireSome(budget: number, keep: (rec: E) => boolean): void;
}

export function rowsEqual(a: Row, b: Row): boolean {
  if (a === b) return true;
  const n = a.length;
  if (n !== b.length) return false;
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x !== y && !valuesEqual(x, y)) return false;
  }
  return true;
}

/** A record: the row itself, or an object holding it in `row` (with association counts, times). */
export type RecordShape = 'row' | 'rec';

const rowOfRow = (r: unknown): Row => r as Row;
const rowOfRec = (r: unknown): Row => (r as { row: Row }).row;

/**
 * `side` names the state ('left' / 'right'); E must match `shape`.
 * The multiset layout keeps the state name of earlier versions
 * (`<side>-records`), so their checkpoints restore into it.
 */
export function createRecordView<E>(store: KeyedStateStore, side: 'left' | 'right', layout: JoinInputLayout, shape: RecordShape): RecordView<E> {
  const rowOf = shape === 'row' ? rowOfRow : rowOfRec;
  switch (layout.kind) {
    case 'JoinKeyContainsUniqueKey':
      return new OneRecordView<E>(store.valueState<E>({ name: `${side}-record`, description: `the row of the ${side} input per join key (the join key contains a unique key)` }));
    case 'HasUniqueKey':
      return new UniqueKeyedView<E>(
        store.valueState<Keyed<E>>({ name: `${side}-records-by-unique-key`, description: `rows of the ${side} input per join key, by unique key` }),
        keySelector(layout.uniqueKey),
        rowOf,
      );
    case 'NoUniqueKey': {
      const state = store.valueState<E[]>({ name: `${side}-records`, description: `rows of the ${side} input per join key, with their association counts` });
      // The scan of a retraction is the hot loop: one class per record shape keeps it monomorphic.
      const view = shape === 'rec' ? new MultisetRecView(state as unknown as ValueState<{ row: Row }[]>) : new MultisetRowView(state as unknown as ValueState<Row[]>);
      return view as unknown as RecordView<E>;
    }
  }
}

class OneRecordView<E> implements RecordView<E> {
  private readonly state: ValueState<E>;
  private readonly one: E[] = [];
  private cursor: Iterator<[StateKey, E]> | undefined;
  constructor(state: ValueState<E>) {
    this.state = state;
  }
  records(key: StateKey): readonly E[] | undefined {
    const v = this.state.get(key);
    if (v === undefined) return undefined;
    this.one[0] = v;
    return this.one;
  }
  add(key: StateKey, rec: E): void {
    this.state.put(key, rec);
  }
  retract(key: StateKey): void {
    this.state.delete(key);
  }
  update(key: StateKey): void {
    const v = this.state.get(key);
    if (v !== undefined) this.state.put(key, v);
  }
  retain(key: StateKey, keep: (rec: E) => boolean): void {
    const v = this.state.get(key);
    if (v !== undefined && !keep(v)) this.state.delete(key);
  }
  expireSome(budget: number, keep: (rec: E) => boolean): void {
    this.cursor = sweep(this.state, this.cursor, budget, (v: E) => [v], keep, (k) => this.retain(k, keep));
  }
}

/** Rows of a join key and, by encoded unique key, each one's position among them. */
interface Keyed<E> {
  readonly recs: E[];
  readonly pos: Map<StateKey, number>;
}

class UniqueKeyedView<E> implements RecordView<E> {
  private readonly state: ValueState<Keyed<E>>;
  private readonly ukOf: (row: Row) => StateKey;
  private readonly rowOf: (rec: E) => Row;
  private cursor: Iterator<[StateKey, Keyed<E>]> | undefined;
  constructor(state: ValueState<Keyed<E>>, ukOf: (row: Row) => StateKey, rowOf: (rec: E) => Row) {
    this.state = state;
    this.ukOf = ukOf;
    this.rowOf = rowOf;
  }
  records(key: StateKey): readonly E[] | undefined {
    return this.state.get(key)?.recs;
  }
  add(key: StateKey, rec: E): void {
    const uk = this.ukOf(this.rowOf(rec));
    const v = this.state.get(key);
    if (v === undefined) {
      this.state.put(key, { recs: [rec], pos: new Map([[uk, 0]]) });
      return;
    }
    const at = v.pos.get(uk);
    if (at !== undefined) v.recs[at] = rec;
    else {
      v.pos.set(uk, v.recs.length);
      v.recs.push(rec);
    }
    this.state.put(key, v);
  }
  retract(key: StateKey, row: Row): void {
    const v = this.state.get(key);
    if (v === undefined) return;
    const uk = this.ukOf(row);
    const at = v.pos.get(uk);
    if (at === undefined) return;
    v.pos.delete(uk);
    const last = v.recs.pop()!;
    if (v.recs.length === 0) {
      this.state.delete(key);
      return;
    }
    if (at < v.recs.length) {
      v.recs[at] = last;
      v.pos.set(this.ukOf(this.rowOf(last)), at);
    }
    this.state.put(key, v);
  }
  update(key: StateKey): void {
    const v = this.state.get(key);
    if (v !== undefined) this.state.put(key, v);
  }
  retain(key: StateKey, keep: (rec: E) => boolean): void {
    const v = this.state.get(key);
    if (v === undefined) return;
    const recs = v.recs;
    let w = 0;
    for (let j = 0; j < recs.length; j++) if (keep(recs[j]!)) recs[w++] = recs[j]!;
    if (w === recs.length) return;
    recs.length = w;
    if (w === 0) {
      this.state.delete(key);
      return;
    }
    v.pos.clear();
    for (let j = 0; j < w; j++) v.pos.set(this.ukOf(this.rowOf(recs[j]!)), j);
    this.state.put(key, v);
  }
  expireSome(budget: number, keep: (rec: E) => boolean): void {
    this.cursor = sweep(this.state, this.cursor, budget, (v: Keyed<E>) => v.recs, keep, (k) => this.retain(k, keep));
  }
}

abstract class MultisetView<E> implements RecordView<E> {
  protected readonly state: ValueState<E[]>;
  private cursor: Iterator<[StateKey, E[]]> | undefined;
  constructor(state: ValueState<E[]>) {
    this.state = state;
  }
  /** Position of the first record of `row` in `list`, or -1. */
  protected abstract indexOf(list: readonly E[], row: Row): number;
  records(key: StateKey): readonly E[] | undefined {
    return this.state.get(key);
  }
  add(key: StateKey, rec: E): void {
    const list = this.state.get(key);
    if (list === undefined) this.state.put(key, [rec]);
    else {
      list.push(rec);
      this.state.put(key, list);
    }
  }
  retract(key: StateKey, row: Row): void {
    const list = this.state.get(key);
    if (list === undefined) return;
    const j = this.indexOf(list, row);
    if (j < 0) return;
    const last = list.pop()!;
    if (j < list.length) list[j] = last;
    if (list.length === 0) this.state.delete(key);
    else this.state.put(key, list);
  }
  update(key: StateKey): void {
    const v = this.state.get(key);
    if (v !== undefined) this.state.put(key, v);
  }
  retain(key: StateKey, keep: (rec: E) => boolean): void {
    const list = this.state.get(key);
    if (list === undefined) return;
    let w = 0;
    for (let j = 0; j < list.length; j++) if (keep(list[j]!)) list[w++] = list[j]!;
    if (w === list.length) return;
    list.length = w;
    if (w === 0) this.state.delete(key);
    else this.state.put(key, list);
  }
  expireSome(budget: number, keep: (rec: E) => boolean): void {
    this.cursor = sweep(this.state, this.cursor, budget, (v: E[]) => v, keep, (k) => this.retain(k, keep));
  }
}

/** Records that are the rows themselves (INNER joins). */
class MultisetRowView extends MultisetView<Row> {
  protected indexOf(list: readonly Row[], row: Row): number {
    for (let j = 0; j < list.length; j++) if (rowsEqual(list[j]!, row)) return j;
    return -1;
  }
}

/** Records holding their row in `row` (with association counts and times). */
class MultisetRecView extends MultisetView<{ row: Row }> {
  protected indexOf(list: readonly { row: Row }[], row: Row): number {
    for (let j = 0; j < list.length; j++) if (rowsEqual(list[j]!.row, row)) return j;
    return -1;
  }
}
