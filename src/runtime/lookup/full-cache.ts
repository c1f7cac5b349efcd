/**
 * The FULL lookup cache (Flink's LookupFullCache): every row of the table,
 * indexed by the lookup key, loaded on the first lookup and loaded again when
 * the reload schedule says so (checked once per batch of lookups, so one
 * batch of probe rows sees one version of the table). Time comes from an
 * injected clock.
 */
import type { StateKey } from '../../state/api.ts';
import type { Row } from '../row.ts';
import type { ReloadStrategy } from './lookup-cache-spec.ts';
import { rowLookupKey } from './lookup-function.ts';
import { ReloadSchedule } from './reload-schedule.ts';

const NONE: readonly Row[] = [];

export class FullLookupCache {
  private readonly load: () => readonly Row[];
  private readonly keyColumns: readonly number[];
  private readonly schedule: ReloadSchedule;
  private readonly clock: () => number;
  private index: Map<StateKey, Row[]> | undefined;
  private dueAt = 0;
  /** How many times the table was loaded. */
  loads = 0;
  rows = 0;

  constructor(load: () => readonly Row[], keyColumns: readonly number[], reload: ReloadStrategy, clock: () => number) {
    this.load = load;
    this.keyColumns = keyColumns;
    this.schedule = new ReloadSchedule(reload);
    this.clock = clock;
  }

  /** Loads the table when it has not been loaded or a reload is due. */
  refresh(): void {
    const now = this.clock();
    if (this.index !== undefined && now < this.dueAt) return;
    const rows = this.load();
    const index = new Map<StateKey, Row[]>();
    for (const row of rows) {
      const k = rowLookupKey(row, this.keyColumns);
      const list = index.get(k);
      if (list === undefined) index.set(k, [row]);
      else list.push(row);
    }
    this.index = index;
    this.rows = rows.length;
    this.loads++;
    this.dueAt = this.schedule.next(now, this.clock());
  }

  /** The rows of `key` in the loaded table (call refresh() first). */
  get(key: StateKey): readonly Row[] {
    return this.index?.get(key) ?? NONE;
  }

  /** When the next reload is due (epoch ms). */
  get nextReload(): number {
    return this.dueAt;
  }
}
