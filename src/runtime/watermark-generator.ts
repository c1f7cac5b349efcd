/**
 * Per-split watermark generation for a source subtask (Flink's per-split
 * watermarks combined by a WatermarkOutputMultiplexer). Each split's
 * watermark is the maximum of the WatermarkSpec's `extract` over its rows; the
 * subtask's watermark is the minimum over its active splits, where a split
 * without rows for `idleTimeoutMs` is idle and excluded (all idle → the
 * subtask is idle). `on-event` emits after every row that raises the combined
 * watermark, so the caller splits the batch there; `on-periodic` emits every
 * `intervalMs` of processing time.
 */
import { Batch } from './batch.ts';
import type { WatermarkSpec } from './graph.ts';
import { MIN_WATERMARK } from './watermark.ts';

interface SplitState {
  wm: number;
  lastActive: number;
  idle: boolean;
}

export interface WatermarkSink {
  rows(batch: Batch): void;
  watermark(wm: number): void;
  status(idle: boolean): void;
}

export class SourceWatermarks {
  private readonly spec: WatermarkSpec;
  private readonly splits = new Map<string, SplitState>();
  private emitted = MIN_WATERMARK;
  private idle = false;
  private lastPeriodic: number;

  constructor(spec: WatermarkSpec, initialSplits: readonly string[], now: number) {
    this.spec = spec;
    this.lastPeriodic = now;
    for (const s of initialSplits) this.splits.set(s, { wm: MIN_WATERMARK, lastActive: now, idle: false });
  }

  /** Keeps the split set in line with the reader's current splits (finished splits stop holding back). */
  syncSplits(current: readonly string[], now: number): void {
    if (current.length === 0) return;
    for (const s of current) if (!this.splits.has(s)) this.splits.set(s, { wm: MIN_WATERMARK, lastActive: now, idle: false });
    if (this.splits.size > current.length) {
      const keep = new Set(current);
      for (const s of [...this.splits.keys()]) if (!keep.has(s)) this.splits.delete(s);
    }
  }

  private combined(): number | undefined {
    let min: number | undefined;
    for (const s of this.splits.values()) {
      if (s.idle) continue;
      if (min === undefined || s.wm < min) min = s.wm;
    }
    return min;
  }

  /** Rows from `split`: forwards them to `out`, interleaving watermarks for on-event. */
  onRows(split: string, batch: Batch, now: number, out: WatermarkSink): void {
    let st = this.splits.get(split);
    if (!st) this.splits.set(split, (st = { wm: MIN_WATERMARK, lastActive: now, idle: false }));
    st.lastActive = now;
    if (st.idle) st.idle = false;
    if (this.idle) {
      this.idle = false;
      out.status(false);
    }
    const extract = this.spec.extract;
    const rows = batch.rows;
    const n = rows.length;
    if (this.spec.emit !== 'on-event') {
      for (let i = 0; i < n; i++) {
        const c = extract(rows[i]!);
        if (c !== null && c > st.wm) st.wm = c;
      }
      out.rows(batch);
      return;
    }
    const single = this.splits.size === 1;
    let start = 0;
    for (let i = 0; i < n; i++) {
      const c = extract(rows[i]!);
      if (c === null || c <= st.wm) continue;
      st.wm = c;
      const comb = single ? c : this.combined();
      if (comb === undefined || comb <= this.emitted) continue;
      this.emitted = comb;
      out.rows(start === 0 && i === n - 1 ? batch : new Batch(rows.slice(start, i + 1), batch.kinds.slice(start, i + 1)));
      out.watermark(comb);
      start = i + 1;
    }
    if (start < n) out.rows(start === 0 ? batch : new Batch(rows.slice(start), batch.kinds.slice(start)));
  }

  /** Called after every poll: idleness and periodic emission. */
  onPoll(now: number, out: WatermarkSink): void {
    let changed = false;
    const timeout = this.spec.idleTimeoutMs;
    if (timeout > 0) {
      for (const s of this.splits.values()) {
        if (!s.idle && now - s.lastActive >= timeout) {
          s.idle = true;
          changed = true;
        }
      }
    }
    const comb = this.combined();
    const periodicDue = this.spec.emit === 'on-periodic' && now - this.lastPeriodic >= this.spec.intervalMs;
    if (periodicDue) this.lastPeriodic = now;
    if ((changed || periodicDue) && comb !== undefined && comb > this.emitted) {
      this.emitted = comb;
      out.watermark(comb);
    }
    if (comb === undefined && this.splits.size > 0 && !this.idle) {
      this.idle = true;
      out.status(true);
    }
  }
}
