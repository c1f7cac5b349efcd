/**
 * LookupJoin: the processing-time temporal join (`JOIN dim FOR SYSTEM_TIME
 * AS OF l.proctime ON l.k = dim.k`, Flink's LookupJoinRunner). Each probe
 * row joins what the lookup table holds when it is looked up: the operator
 * asks the table's connector, through its cache (lookup/lookup-resolver.ts),
 * for the distinct lookup keys of each batch in one call, maps the table's
 * rows through the projection/filter over the table (a view or computed
 * columns), re-checks the equality where the lookup key is not the whole
 * join key, applies the non-equi rest, and emits the joined rows (INNER) or
 * the probe row padded with NULLs when nothing matched (LEFT). Results keep
 * the probe row's kind, so a changelog input stays a changelog.
 *
 * There is no state: as in Flink the cache is not checkpointed, and a job
 * restored from a checkpoint starts with an empty cache. (A checkpoint of the
 * earlier LookupJoin, which read the table as a second input, may hold probe
 * rows that waited for the table: they are joined on the first batch, end of
 * input or barrier after the restore.)
 */
import { Batch } from '../batch.ts';
import type { Operator, OperatorContext, Output } from '../operator.ts';
import type { OperatorStateStore } from '../../state/api.ts';
import { RowKind, type Row } from '../row.ts';
import type { StateKey } from '../../state/api.ts';
import { lookupKeyOf, type LookupKey, type LookupRuntimeProvider } from '../lookup/lookup-function.ts';
import { LookupResolver } from '../lookup/lookup-resolver.ts';
import type { CalcFunction } from './calc.ts';

export interface LookupJoinParams {
  /** For messages. */
  readonly tableName: string;
  readonly leftOuter: boolean;
  readonly provider: LookupRuntimeProvider;
  /** The table's lookup columns (indexes into the rows the connector returns). */
  readonly keyColumns: readonly number[];
  /** The lookup key of a probe row in the table's column types; undefined when it cannot match (a NULL where NULL never equals). */
  readonly lookupKey: (row: Row) => LookupKey | undefined;
  /** lookupKeyOf(lookupKey(row)) without building the key (undefined exactly when lookupKey's is); computed when absent. */
  readonly cacheKey?: ((row: Row) => StateKey | undefined) | undefined;
  /** From the table's rows to the join's right side (projection and filter), or null when they are the same. */
  readonly calc: CalcFunction | null;
  /** The whole equi-key of each side, checked on every pair when the lookup key alone does not decide equality (casts, computed parts). */
  readonly verify: { readonly leftKey: (row: Row) => StateKey | undefined; readonly rightKey: (row: Row) => StateKey | undefined } | null;
  /** The non-equi rest of the condition over (probe, right). */
  readonly condition: ((left: Row, right: Row) => boolean) | null;
  readonly leftWidth: number;
  readonly rightWidth: number;
  /** The clock of the caches (default: the task's processing time). */
  readonly clock?: (() => number) | undefined;
}

const NO_ROWS: readonly Row[] = [];
/** The earlier operator's operator state of probe rows waiting for the table. */
const LEGACY_WAITING = 'lookup-waiting';

export class LookupJoin implements Operator {
  private readonly p: LookupJoinParams;
  private resolver!: LookupResolver;
  private readonly rightNulls: Row;
  private opState!: OperatorStateStore;
  /** Probe rows restored from a checkpoint of the earlier operator, still to join. */
  private restoredWaiting: { row: Row; kind: RowKind }[] | undefined;

  constructor(p: LookupJoinParams) {
    this.p = p;
    this.rightNulls = new Array<unknown>(p.rightWidth).fill(null);
  }

  open(ctx: OperatorContext): void {
    const clock = this.p.clock ?? (() => ctx.timers.currentProcessingTime());
    this.resolver = new LookupResolver(this.p.provider, this.p.keyColumns, clock, this.p.tableName);
    ctx.metrics.gauge('lookupCacheEntries', () => this.resolver.cachedEntries());
    ctx.metrics.gauge('lookupConnectorCalls', () => this.resolver.calls);
    ctx.metrics.gauge('lookupCacheHits', () => this.resolver.hits);
    ctx.metrics.gauge('lookupCacheMisses', () => this.resolver.misses);
    ctx.metrics.gauge('lookupCacheLoads', () => this.resolver.loads);
    this.opState = ctx.operatorState;
    const waiting = this.opState.get<{ row: Row; kind: RowKind }[]>(LEGACY_WAITING);
    if (waiting !== undefined && waiting.length > 0) this.restoredWaiting = waiting;
  }

  private joinRestored(out: Output): void {
    const w = this.restoredWaiting;
    if (w === undefined) return;
    this.restoredWaiting = undefined;
    this.opState.put(LEGACY_WAITING, []);
    this.joinBatch(
      new Batch(
        w.map((x) => x.row),
        w.map((x) => x.kind),
      ),
      out,
    );
  }

  processBatch(batch: Batch, _input: number, out: Output): void {
    if (this.restoredWaiting !== undefined) this.joinRestored(out);
    this.joinBatch(batch, out);
  }

  prepareSnapshotPreBarrier(_checkpointId: number, out: Output): void {
    this.joinRestored(out);
  }

  endInput(_input: number, out: Output): void {
    this.joinRestored(out);
  }

  private joinBatch(batch: Batch, out: Output): void {
    const n = batch.rows.length;
    if (n === 0) return;
    // the distinct lookup keys of the batch, and each probe row's slot among them (-1: no lookup)
    const slotOf = new Map<StateKey, number>();
    const keys: LookupKey[] = [];
    const cacheKeys: StateKey[] = [];
    const slots = new Int32Array(n);
    const { lookupKey, cacheKey } = this.p;
    for (let i = 0; i < n; i++) {
      const row = batch.rows[i]!;
      let k: LookupKey | undefined;
      let ck: StateKey | undefined;
      if (cacheKey !== undefined) ck = cacheKey(row);
      else {
        k = lookupKey(row);
        ck = k === undefined ? undefined : lookupKeyOf(k);
      }
      if (ck === undefined) {
        slots[i] = -1;
        continue;
      }
      let s = slotOf.get(ck);
      if (s === undefined) {
        s = keys.length;
        slotOf.set(ck, s);
        keys.push(k ?? lookupKey(row)!);
        cacheKeys.push(ck);
      }
      slots[i] = s;
    }
    const found = this.resolver.resolve(keys, cacheKeys);
    const calc = this.p.calc;
    if (calc !== null) for (let s = 0; s < found.length; s++) found[s] = this.applyCalc(calc, found[s]!);
    const rows: Row[] = [];
    const kinds: RowKind[] = [];
    for (let i = 0; i < n; i++) {
      const s = slots[i]!;
      this.join(batch.rows[i]!, batch.kinds[i]!, s < 0 ? NO_ROWS : found[s]!, rows, kinds);
    }
    if (rows.length) out.emit(new Batch(rows, kinds));
  }

  private applyCalc(calc: CalcFunction, tableRows: readonly Row[]): readonly Row[] {
    if (tableRows.length === 0) return tableRows;
    const outRows: Row[] = [];
    const outKinds: RowKind[] = [];
    calc(tableRows as Row[], new Array<RowKind>(tableRows.length).fill(RowKind.INSERT), outRows, outKinds);
    return outRows;
  }

  private join(row: Row, kind: RowKind, matches: readonly Row[], rows: Row[], kinds: RowKind[]): void {
    const { leftWidth: lw, rightWidth: rw, condition: cond, verify } = this.p;
    const lk = verify === null || matches.length === 0 ? undefined : verify.leftKey(row);
    let found = false;
    for (let j = 0; j < matches.length; j++) {
      const r = matches[j]!;
      if (verify !== null && (lk === undefined || verify.rightKey(r) !== lk)) continue;
      if (cond !== null && !cond(row, r)) continue;
      found = true;
      rows.push(concat(row, r, lw, rw));
      kinds.push(kind);
    }
    if (!found && this.p.leftOuter) {
      rows.push(concat(row, this.rightNulls, lw, rw));
      kinds.push(kind);
    }
  }

  close(): void {
    this.resolver?.close();
  }
}

function concat(l: Row, r: Row, lw: number, rw: number): Row {
  const res = new Array<unknown>(lw + rw);
  for (let i = 0; i < lw; i++) res[i] = l[i];
  for (let i = 0; i < rw; i++) res[lw + i] = r[i];
  return res;
}
