/**
 * ChangelogNormalize (Flink's operator of that name): keyed by the primary
 * key, it keeps the last row of each key and turns an upsert or duplicated
 * CDC stream into a proper retract stream: an insert of a known key becomes
 * -U(old) +U(new), a repeat of the same row is dropped, and a delete emits the
 * stored row (or nothing when the key is unknown); an update-before is
 * treated like a delete, as Flink does.
 * With `table.exec.state.ttl` a key not written for the TTL (processing time)
 * is forgotten, as in Flink: its next row is +I again, and a delete for it is
 * dropped; a repeated row is then emitted as -U/+U (refreshing downstream
 * state) rather than dropped. Expired keys are removed a few per batch.
 */
import { Batch } from '../batch.ts';
import type { Operator, OperatorContext, Output } from '../operator.ts';
import { RowKind, type Row } from '../row.ts';
import type { StateKey, ValueState } from '../../state/api.ts';
import { ttlValueState, type TtlValueState } from '../../state/ttl-value-state.ts';

const LAST_ROW = { name: 'last-row', description: 'the latest row of each primary key' };

export class ChangelogNormalize implements Operator {
  private readonly key: (row: Row) => StateKey;
  private readonly ttl: number;
  private last!: ValueState<Row>;
  private ttlState: TtlValueState<Row> | undefined;
  /** `stateTtlMs`: table.exec.state.ttl in ms (0: kept forever). */
  constructor(key: (row: Row) => StateKey, stateTtlMs = 0) {
    this.key = key;
    this.ttl = stateTtlMs;
  }
  open(ctx: OperatorContext): void {
    const timers = ctx.timers;
    ({ state: this.last, ttl: this.ttlState } = ttlValueState<Row>(ctx.keyedState, LAST_ROW, this.ttl, () => timers.currentProcessingTime()));
  }
  processBatch(batch: Batch, _input: number, out: Output): void {
    const res = new Batch();
    for (let i = 0; i < batch.rows.length; i++) {
      const row = batch.rows[i]!;
      const kind = batch.kinds[i]!;
      const k = this.key(row);
      const prev = this.last.get(k);
      if (kind === RowKind.INSERT || kind === RowKind.UPDATE_AFTER) {
        if (prev === undefined) res.push(RowKind.INSERT, row);
        else {
          // With TTL a repeat is emitted too (Flink: so downstream state is refreshed as well).
          if (this.ttl === 0 && rowsEqual(prev, row)) continue;
          res.push(RowKind.UPDATE_BEFORE, prev);
          res.push(RowKind.UPDATE_AFTER, row);
        }
        this.last.put(k, row);
      } else {
        // -U and -D both retract the key's stored row (Flink's processLastRowOnChangelog).
        if (prev === undefined) continue;
        res.push(RowKind.DELETE, prev);
        this.last.delete(k);
      }
    }
    this.ttlState?.expireSome(2 * batch.rows.length);
    if (res.size) out.emit(res);
  }
}

function rowsEqual(a: Row, b: Row): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x instanceof Uint8Array && y instanceof Uint8Array && Buffer.compare(x, y) === 0) continue;
    if (typeof x === 'object' && typeof y === 'object' && JSON.stringify(x) === JSON.stringify(y)) continue;
    return false;
  }
  return true;
}
