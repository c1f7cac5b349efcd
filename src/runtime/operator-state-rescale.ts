/**
 * Non-keyed operator state across a restore at another parallelism.
 *
 * Keyed state follows its key groups to any parallelism. A value in an
 * operator's non-keyed state (OperatorStateStore) can only follow a rescale
 * when it is known how the old subtasks' values combine: every new subtask
 * then gets the combination of all old values (Flink's union list state,
 * reduced). A value without a rule fails the restore, naming it, rather than
 * being dropped or copied (either could fire or emit something twice).
 *
 * The rules, by state name:
 *   window-aggregate-last-fired (WindowAggregate)  the largest: the last window end any subtask
 *       fired. With aligned barriers every subtask saw the same watermark at the
 *       snapshot, and a subtask that did not fire an end had no slice in that window,
 *       so no restored slice belongs to an unfired window at or before it.
 *   lookup-loaded (LookupJoin, checkpoints of the version that read the table as a second input)
 *                                                  loaded only if every old subtask had loaded.
 *   streaming-join-record-shape (StreamingJoin)     'row' or 'rec', the shape its keyed state
 *       holds (see StreamingJoin); every old subtask recorded the same.
 *   lookup-waiting (the same)                      probe rows waiting for the table: they belong
 *       to their join key's subtask, which this layer cannot compute; only an empty
 *       list can follow a rescale.
 */
import { WeirError } from '../common/error.ts';

type Merge = (values: readonly unknown[]) => unknown;

const RULES = new Map<string, Merge>([
  [
    'streaming-join-record-shape',
    (vs) => {
      if (new Set(vs).size > 1) throw new Error(`subtasks recorded different shapes (${[...new Set(vs)].join(', ')})`);
      return vs[0];
    },
  ],
  ['window-aggregate-last-fired', (vs) => vs.reduce<number>((m, v) => (typeof v === 'number' && v > m ? v : m), Number.MIN_SAFE_INTEGER)],
  ['lookup-loaded', (vs) => vs.length > 0 && vs.every((v) => v === true)],
  [
    'lookup-waiting',
    (vs) => {
      if (vs.some((v) => Array.isArray(v) && v.length > 0)) throw new Error('probe rows were waiting for the lookup table to load');
      return [];
    },
  ],
]);

/** Registers how the old values of operator state `name` combine on a rescale (for operators outside this list). */
export function registerOperatorStateMerge(name: string, merge: Merge): void {
  RULES.set(name, merge);
}

/**
 * The operator state of a new subtask after a rescale, from every old
 * subtask's record (undefined where a subtask recorded none). Throws a
 * RESTORE_PARALLELISM error for a value no rule covers.
 */
export function mergeOperatorStates(nodeName: string, states: readonly (Record<string, unknown> | undefined)[]): Record<string, unknown> | undefined {
  const names = new Set<string>();
  for (const st of states) if (st) for (const k of Object.keys(st)) names.add(k);
  if (names.size === 0) return undefined;
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const rule = RULES.get(name);
    const values = states.flatMap((st) => (st && name in st ? [st[name]] : []));
    const fail = (why: string): never => {
      throw new WeirError('runtime', 'RESTORE_PARALLELISM', `cannot restore operator ${nodeName} at another parallelism: its non-keyed state '${name}' ${why}`);
    };
    if (!rule) fail('cannot be redistributed');
    try {
      out[name] = rule!(values);
    } catch (e) {
      fail(`cannot be redistributed (${(e as Error).message})`);
    }
  }
  return out;
}
