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

/**
 * `side` names the state ('left' / 'right'); `rowOf` gives a record's row.
 * The multiset layout keeps the state name of earlier versions
 * (`<side>-records`), so their checkpoints restore into it.
 */
export function createRecordView<E>(store: KeyedStateStore, side: 'left' | 'right', layout: JoinInputLayout, rowOf: (rec: E) => Row): RecordView<E> {
  switch (layout.kind) {
    case 'JoinKeyContainsUniqueKey':
      return new OneRecordView<E>(store.valueState<E>({ name: `${side}-record`, description: `the row of the ${side} input per join key (the join key contains a unique key)` }));
    case 'HasUniqueKey':
      return new UniqueKeyedView<E>(
        store.valueState<Keyed<E>>({ name: `${side}-records-by-unique-key`, description: `rows of the ${side} input per join key, by unique key` }),
        keySelector(layout.uniqueKey),
        rowOf,
      );
    case 'NoUniqueKey':
      return new MultisetView<E>(store.valueState<E[]>({ name: `${side}-records`, description: `rows of the ${side} input per join key, with their association counts` }), rowOf);
  }
}

class OneRecordView<E> implements RecordView<E> {
  private readonly state: ValueState<E>;
  private readonly one: E[] = [];
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
}

class MultisetView<E> implements RecordView<E> {
  private readonly state: ValueState<E[]>;
  private readonly rowOf: (rec: E) => Row;
  constructor(state: ValueState<E[]>, rowOf: (rec: E) => Row) {
    this.state = state;
    this.rowOf = rowOf;
  }
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
    const rowOf = this.rowOf;
    for (let j = 0; j < list.length; j++) {
      if (rowsEqual(rowOf(list[j]!), row)) {
        const last = list.pop()!;
        if (j < list.length) list[j] = last;
        if (list.length === 0) this.state.delete(key);
        else this.state.put(key, list);
        return;
      }
    }
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
}
