/**
 * Flink's state TTL for a value state (the defaults `table.exec.state.ttl`
 * uses): the time-to-live counts processing time from the last create or
 * write, an expired value is never returned, and expired entries are removed
 * incrementally (`expireSome`, a few entries per call, resuming where the
 * last call stopped). Values are stored as [value, last write time].
 * An operator that changes a value in place (as the state API allows) calls
 * `touch` to count that as a write.
 */
import { WeirError } from '../common/error.ts';
import type { KeyedStateStore, StateDescriptor, StateKey, ValueState } from './api.ts';

type Stamped<V> = [V, number];

export class TtlValueState<V> implements ValueState<V> {
  private readonly inner: ValueState<Stamped<V>>;
  private readonly ttl: number;
  private readonly clock: () => number;
  private cursor: Iterator<[StateKey, Stamped<V>]> | undefined;

  constructor(inner: ValueState<Stamped<V>>, ttlMs: number, clock: () => number) {
    this.inner = inner;
    this.ttl = ttlMs;
    this.clock = clock;
  }

  get(key: StateKey): V | undefined {
    const e = this.inner.get(key);
    if (e === undefined) return undefined;
    if (this.clock() - e[1] >= this.ttl) {
      this.inner.delete(key);
      return undefined;
    }
    return e[0];
  }

  put(key: StateKey, value: V): void {
    this.inner.put(key, [value, this.clock()]);
  }

  delete(key: StateKey): void {
    this.inner.delete(key);
  }

  /** Counts a change made in place to the value of `key` as a write (refreshes its time). */
  touch(key: StateKey): void {
    const e = this.inner.get(key);
    if (e !== undefined) e[1] = this.clock();
  }

  *entries(): IterableIterator<[StateKey, V]> {
    const now = this.clock();
    for (const [k, e] of this.inner.entries()) if (now - e[1] < this.ttl) yield [k, e[0]];
  }

  get size(): number {
    return this.inner.size;
  }

  /** Checks up to `budget` entries for expiry and removes the expired ones. */
  expireSome(budget: number): void {
    const deadline = this.clock() - this.ttl;
    this.cursor = removeExpired(this.inner, this.cursor, budget, (e) => e[1] <= deadline);
  }
}

/**
 * Declares an operator's value state `desc`, with state TTL when `ttlMs` > 0: then the state is
 * `<name>-ttl`, its values [value, write time]. A restored checkpoint written with the other setting
 * is refused with a clear error rather than misread (Flink refuses a changed TTL configuration too).
 */
export function ttlValueState<V>(
  store: KeyedStateStore,
  desc: StateDescriptor,
  ttlMs: number,
  clock: () => number,
): { readonly state: ValueState<V>; readonly ttl: TtlValueState<V> | undefined } {
  const withTtl = { name: `${desc.name}-ttl`, description: `${desc.description ?? desc.name}, with the time of the last write (state TTL)` };
  const other = store.valueState<unknown>(ttlMs > 0 ? desc : withTtl);
  if (other.size > 0)
    throw new WeirError(
      'runtime',
      'STATE_TTL_CHANGED',
      `The restored state '${desc.name}' was written ${ttlMs > 0 ? 'without' : 'with'} state TTL and the operator now runs ${ttlMs > 0 ? 'with' : 'without'} it: changing table.exec.state.ttl between 0 and a duration across a restore is not supported (Flink refuses it too)`,
    );
  if (ttlMs <= 0) return { state: store.valueState<V>(desc), ttl: undefined };
  const ttl = new TtlValueState<V>(store.valueState<[V, number]>(withTtl), ttlMs, clock);
  return { state: ttl, ttl };
}

/**
 * Incremental TTL cleanup of a value state: checks up to `budget` entries from `cursor` (a fresh
 * scan when undefined), deletes those `expired` says are, and returns where to resume.
 */
export function removeExpired<V>(
  state: ValueState<V>,
  cursor: Iterator<[StateKey, V]> | undefined,
  budget: number,
  expired: (v: V) => boolean,
): Iterator<[StateKey, V]> {
  const dead: StateKey[] = [];
  const it = scanState(state, cursor, budget, expired, dead);
  for (const k of dead) state.delete(k);
  return it;
}

/** A read-only iteration of `state` (the scan only reads values; changes go through put/delete). */
function iterate<V>(state: ValueState<V>): Iterator<[StateKey, V]> {
  return state.scan ? state.scan() : state.entries();
}

/**
 * Checks up to `budget` entries of `state` from `cursor` (a fresh scan when undefined; a scan that
 * reaches the end starts again next time), pushes the keys whose value `match` accepts to `out`,
 * and returns where to resume. The caller changes the matched entries after the call.
 */
export function scanState<V>(
  state: ValueState<V>,
  cursor: Iterator<[StateKey, V]> | undefined,
  budget: number,
  match: (v: V) => boolean,
  out: StateKey[],
): Iterator<[StateKey, V]> {
  let it = cursor ?? iterate(state);
  for (let i = 0; i < budget; i++) {
    const next = it.next();
    if (next.done === true) {
      it = iterate(state);
      break;
    }
    if (match(next.value[1])) out.push(next.value[0]);
  }
  return it;
}
