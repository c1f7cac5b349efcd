/**
 * Writes one producer subtask's output to the channels of one edge according
 * to the edge's exchange: hash (by key group of the key, to the subtask that
 * owns it, as Flink's KeyGroupStreamPartitioner), broadcast, single (subtask
 * 0), rebalance (round-robin by batch slices) and forward (same subtask
 * index). Batches are copied into new arrays: the producer may reuse its own.
 * Control events go to every channel.
 */
import { Batch } from '../batch.ts';
import type { StreamEvent } from '../events.ts';
import type { Exchange } from '../graph.ts';
import type { Row } from '../row.ts';
import type { RowKind } from '../row.ts';
import type { StateKey } from '../../state/api.ts';
import { keyGroupFor, subtaskForKeyGroup } from '../../state/key-groups.ts';
import { assertNever } from '../../common/error.ts';
import type { ChannelWriter } from './channel.ts';

export class EdgeWriter {
  readonly channels: readonly ChannelWriter[];
  private readonly exchange: Exchange;
  private readonly maxParallelism: number;
  private readonly subtask: number;
  private rr: number;
  /** Target subtask per key group (precomputed). */
  private readonly targetOfGroup: Int32Array;

  constructor(exchange: Exchange, channels: readonly ChannelWriter[], subtask: number, maxParallelism: number) {
    this.exchange = exchange;
    this.channels = channels;
    this.maxParallelism = maxParallelism;
    this.subtask = subtask;
    this.rr = subtask % Math.max(1, channels.length);
    this.targetOfGroup = new Int32Array(maxParallelism);
    for (let g = 0; g < maxParallelism; g++) this.targetOfGroup[g] = subtaskForKeyGroup(g, channels.length, maxParallelism);
  }

  writeBatch(batch: Batch): void {
    const n = batch.size;
    if (n === 0) return;
    const ex = this.exchange;
    const cs = this.channels;
    switch (ex.kind) {
      case 'forward':
        cs[cs.length === 1 ? 0 : this.subtask % cs.length]!.push({ type: 'batch', batch: copy(batch) });
        return;
      case 'single':
        cs[0]!.push({ type: 'batch', batch: copy(batch) });
        return;
      case 'broadcast':
        for (const c of cs) c.push({ type: 'batch', batch: copy(batch) });
        return;
      case 'rebalance': {
        // round-robin over channels, whole batches (rows keep their relative order per channel)
        cs[this.rr]!.push({ type: 'batch', batch: copy(batch) });
        this.rr = (this.rr + 1) % cs.length;
        return;
      }
      case 'hash': {
        if (cs.length === 1) {
          cs[0]!.push({ type: 'batch', batch: copy(batch) });
          return;
        }
        const key = ex.key;
        const rows = batch.rows;
        const kinds = batch.kinds;
        const outRows: Row[][] = [];
        const outKinds: RowKind[][] = [];
        for (let c = 0; c < cs.length; c++) {
          outRows.push([]);
          outKinds.push([]);
        }
        const tg = this.targetOfGroup;
        const maxP = this.maxParallelism;
        for (let i = 0; i < n; i++) {
          const row = rows[i]!;
          const t = tg[keyGroupFor(key(row) as StateKey, maxP)]!;
          outRows[t]!.push(row);
          outKinds[t]!.push(kinds[i]!);
        }
        for (let c = 0; c < cs.length; c++) {
          if (outRows[c]!.length > 0) cs[c]!.push({ type: 'batch', batch: new Batch(outRows[c], outKinds[c]) });
        }
        return;
      }
      default:
        assertNever(ex, 'exchange');
    }
  }

  /** Sends a control event to every channel of the edge. */
  broadcastEvent(ev: StreamEvent): void {
    for (const c of this.channels) c.push(ev);
  }

  get congested(): boolean {
    for (const c of this.channels) if (c.congested) return true;
    return false;
  }

  async waitForSpace(): Promise<void> {
    for (const c of this.channels) if (c.congested) await c.waitForSpace();
  }
}

function copy(b: Batch): Batch {
  return new Batch(b.rows.slice(), b.kinds.slice());
}
