/**
 * SemiAntiJoin: `WHERE [NOT] EXISTS` / `[NOT] IN` subqueries over changelogs,
 * with the semantics of Flink's StreamingSemiAntiJoinOperator:
 *
 *  - a left row is emitted (with its own kind) when it has a match (semi) or
 *    none (anti) at the time it arrives; the left side keeps each row with
 *    its number of matching right rows;
 *  - a right row that gives a left row its first match emits that left row
 *    (semi: with the right row's kind; anti: -D); a right retraction that
 *    takes a left row's last match emits it (semi: with the retraction's
 *    kind; anti: +I).
 *
 * Output rows are the left rows themselves.
 *
 * With `table.exec.state.ttl` the rows of a join key on one side are
 * forgotten when that side's rows of the key have not changed for the TTL
 * (processing time; Flink expires each row on its own); expired keys are
 * removed a few per batch.
 */
import { Batch } from '../batch.ts';
import type { Operator, OperatorContext, Output } from '../operator.ts';
import { RowKind, type Row } from '../row.ts';
import type { StateKey, ValueState } from '../../state/api.ts';
import { rowsEqual } from './streaming-join.ts';
import { ttlValueState, type TtlValueState } from '../../state/ttl-value-state.ts';

export interface SemiAntiJoinParams {
  readonly anti: boolean;
  readonly leftKey: (row: Row) => StateKey | undefined;
  readonly rightKey: (row: Row) => StateKey | undefined;
  readonly condition: ((left: Row, right: Row) => boolean) | null;
  /** table.exec.state.ttl in ms (0 or absent: state is kept forever). */
  readonly stateTtlMs?: number;
}

interface Rec {
  readonly row: Row;
  n: number;
}

const LEFT = { name: 'left-records', description: 'left rows per join key with their number of matching right rows' };
const RIGHT = { name: 'right-records', description: 'right rows per join key' };

export class SemiAntiJoin implements Operator {
  private readonly p: SemiAntiJoinParams;
  private left!: ValueState<Rec[]>;
  private right!: ValueState<Row[]>;
  private leftTtl: TtlValueState<Rec[]> | undefined;
  private rightTtl: TtlValueState<Row[]> | undefined;

  constructor(p: SemiAntiJoinParams) {
    this.p = p;
  }

  open(ctx: OperatorContext): void {
    const ttl = this.p.stateTtlMs ?? 0;
    const timers = ctx.timers;
    const now = (): number => timers.currentProcessingTime();
    ({ state: this.left, ttl: this.leftTtl } = ttlValueState<Rec[]>(ctx.keyedState, LEFT, ttl, now));
    ({ state: this.right, ttl: this.rightTtl } = ttlValueState<Row[]>(ctx.keyedState, RIGHT, ttl, now));
  }

  processBatch(batch: Batch, input: number, out: Output): void {
    const outRows: Row[] = [];
    const outKinds: RowKind[] = [];
    const { anti, condition: cond } = this.p;
    const n = batch.rows.length;
    for (let i = 0; i < n; i++) {
      const row = batch.rows[i]!;
      const kind = batch.kinds[i]!;
      const accumulate = kind === RowKind.INSERT || kind === RowKind.UPDATE_AFTER;
      if (input === 0) {
        const key = this.p.leftKey(row);
        let m = 0;
        const rights = key === undefined ? undefined : this.right.get(key);
        if (rights !== undefined) for (const r of rights) if (cond === null || cond(row, r)) m++;
        if (m === 0 ? anti : !anti) {
          outRows.push(row);
          outKinds.push(kind);
        }
        if (key === undefined) continue;
        if (accumulate) {
          const list = this.left.get(key);
          if (list === undefined) this.left.put(key, [{ row, n: m }]);
          else {
            list.push({ row, n: m });
            this.leftTtl?.touch(key);
          }
        } else {
          const list = this.left.get(key);
          if (list !== undefined) {
            const j = list.findIndex((x) => rowsEqual(x.row, row));
            if (j >= 0) {
              list.splice(j, 1);
              if (list.length === 0) this.left.delete(key);
              else this.leftTtl?.touch(key);
            }
          }
        }
      } else {
        const key = this.p.rightKey(row);
        if (key === undefined) continue;
        const lefts = this.left.get(key);
        if (accumulate) {
          const list = this.right.get(key);
          if (list === undefined) this.right.put(key, [row]);
          else {
            list.push(row);
            this.rightTtl?.touch(key);
          }
          if (lefts !== undefined)
            for (const l of lefts) {
              if (cond !== null && !cond(l.row, row)) continue;
              if (l.n === 0) {
                outRows.push(l.row);
                outKinds.push(anti ? RowKind.DELETE : kind);
              }
              l.n++;
            }
          if (lefts !== undefined) this.leftTtl?.touch(key);
        } else {
          const list = this.right.get(key);
          if (list !== undefined) {
            const j = list.findIndex((x) => rowsEqual(x, row));
            if (j >= 0) {
              list.splice(j, 1);
              if (list.length === 0) this.right.delete(key);
              else this.rightTtl?.touch(key);
            }
          }
          if (lefts !== undefined)
            for (const l of lefts) {
              if (cond !== null && !cond(l.row, row)) continue;
              if (l.n === 1) {
                outRows.push(l.row);
                outKinds.push(anti ? RowKind.INSERT : kind);
              }
              l.n--;
            }
          if (lefts !== undefined) this.leftTtl?.touch(key);
        }
      }
    }
    this.leftTtl?.expireSome(2 * n);
    this.rightTtl?.expireSome(2 * n);
    if (outRows.length > 0) out.emit(new Batch(outRows, outKinds));
  }
}
