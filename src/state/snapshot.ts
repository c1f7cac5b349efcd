/**
 * The keyed-state snapshot format, independent of the backend and of the
 * parallelism: per state name, per key group, the entries. It is made of plain
 * arrays, objects, Maps and primitives only, so it structured-clones (it can
 * be handed to a worker or written asynchronously by the checkpoint code) and
 * a restore at another parallelism keeps just the key groups it owns.
 */
import type { StateKey } from './api.ts';
import { keyGroupRangeContains, type KeyGroupRange } from './key-groups.ts';

export type StateKind = 'value' | 'list' | 'map' | 'timers';

/** One key group of one state: [key, value] pairs (value: V, V[] or Map<UK, UV>). */
export interface KeyGroupEntries {
  readonly keyGroup: number;
  readonly entries: Array<[StateKey, unknown]>;
}

export interface StateSnapshot {
  readonly name: string;
  readonly kind: StateKind;
  readonly keyGroups: KeyGroupEntries[];
}

/** A snapshot of all keyed state of one operator subtask. */
export interface KeyedStateSnapshot {
  readonly maxParallelism: number;
  readonly states: StateSnapshot[];
}

/**
 * Merges snapshots (e.g. those of every subtask at the old parallelism) and
 * keeps only the key groups in `range`. Entries of the same state and key
 * group coming from several snapshots are concatenated.
 */
export function selectKeyGroups(snapshots: readonly KeyedStateSnapshot[], range: KeyGroupRange): Map<string, StateSnapshot> {
  const out = new Map<string, { name: string; kind: StateKind; keyGroups: KeyGroupEntries[] }>();
  for (const snap of snapshots) {
    for (const st of snap.states) {
      let target = out.get(st.name);
      if (!target) {
        target = { name: st.name, kind: st.kind, keyGroups: [] };
        out.set(st.name, target);
      }
      for (const kg of st.keyGroups) {
        if (keyGroupRangeContains(range, kg.keyGroup)) target.keyGroups.push(kg);
      }
    }
  }
  return out;
}
