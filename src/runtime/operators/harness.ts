/**
 * A test harness for operators (Flink's OneInputStreamOperatorTestHarness):
 * feeds batches and watermarks to one operator subtask with real heap state
 * and timers, collects the emitted changelog with watermarks interleaved,
 * snapshots the keyed state and timers, and restores them into a fresh
 * instance (at any parallelism) to continue.
 */
import { Batch } from '../batch.ts';
import type { Operator, OperatorContext, Output } from '../operator.ts';
import { ROW_KIND_SHORT, RowKind, rowKindFromShort, type Row } from '../row.ts';
import { HeapTimerService } from '../timers.ts';
import { SimpleMetricGroup } from '../metrics.ts';
import { HeapOperatorStateStore } from '../../state/backends/heap/index.ts';
import { createKeyedStateStore, stateBackendConfig, STATE_BACKEND_TYPE, type ManagedKeyedStateStore } from '../../state/backends/select.ts';
import { DEFAULT_MAX_PARALLELISM, keyGroupRangeFor } from '../../state/key-groups.ts';
import type { KeyedStateSnapshot } from '../../state/snapshot.ts';
import { MAX_WATERMARK } from '../watermark.ts';

export type HarnessOutput = { kind: RowKind; row: Row } | { watermark: number };

export interface HarnessSnapshot {
  readonly keyed: KeyedStateSnapshot;
  readonly operator: Record<string, unknown>;
}

export interface HarnessOptions {
  readonly subtask?: number;
  readonly parallelism?: number;
  readonly maxParallelism?: number;
  readonly config?: ReadonlyMap<string, string>;
  readonly clock?: () => number;
}

export class OperatorHarness {
  readonly op: Operator;
  readonly output: HarnessOutput[] = [];
  readonly metrics = new SimpleMetricGroup();
  readonly keyed: ManagedKeyedStateStore;
  readonly timers: HeapTimerService;
  private readonly operatorState: HeapOperatorStateStore;
  private readonly opts: HarnessOptions;
  private readonly out: Output;
  private watermark = Number.MIN_SAFE_INTEGER;
  now = 0;

  constructor(op: Operator, opts: HarnessOptions = {}, restore?: readonly HarnessSnapshot[]) {
    this.op = op;
    this.opts = opts;
    const maxP = opts.maxParallelism ?? DEFAULT_MAX_PARALLELISM;
    // the state backend of `config`, else of WEIR_TEST_STATE_BACKEND (to run operator tests against the on-disk store)
    const config = new Map(opts.config ?? []);
    const envBackend = process.env['WEIR_TEST_STATE_BACKEND'];
    if (envBackend && !config.has(STATE_BACKEND_TYPE)) {
      config.set(STATE_BACKEND_TYPE, envBackend);
      config.set('state.backend.lmdb.cache.entries', process.env['WEIR_TEST_STATE_CACHE'] ?? '16');
    }
    this.keyed = createKeyedStateStore(stateBackendConfig(config), maxP);
    this.timers = new HeapTimerService(opts.clock ?? (() => this.now));
    this.operatorState = new HeapOperatorStateStore(restore?.[0]?.operator);
    if (restore) {
      const range = keyGroupRangeFor(opts.subtask ?? 0, opts.parallelism ?? 1, maxP);
      const keyed = restore.map((s) => s.keyed);
      this.keyed.restore(keyed, range);
      this.timers.restore(
        keyed.flatMap((k) => k.states),
        range,
      );
    }
    this.out = {
      emit: (b: Batch) => {
        for (let i = 0; i < b.size; i++) this.output.push({ kind: b.kinds[i]!, row: b.rows[i]! });
      },
    };
    const ctx: OperatorContext = {
      operatorId: 'harness',
      name: 'harness',
      subtaskIndex: opts.subtask ?? 0,
      parallelism: opts.parallelism ?? 1,
      maxParallelism: maxP,
      keyedState: this.keyed,
      operatorState: this.operatorState,
      timers: this.timers,
      metrics: this.metrics,
      config: opts.config ?? new Map(),
    };
    op.open?.(ctx);
  }

  /** Feeds rows; `kinds` are short strings ('+I', '-U', …) or RowKinds (default: all +I). */
  process(rows: Row[], kinds?: readonly (string | RowKind)[], input = 0): this {
    const ks = rows.map((_, i) => {
      const k = kinds?.[i] ?? RowKind.INSERT;
      return typeof k === 'string' ? rowKindFromShort(k) : k;
    });
    this.op.processBatch(new Batch(rows.slice(), ks), input, this.out);
    return this;
  }

  /** Feeds a changelog given as [kind, row] pairs, one row per batch when `perRow`. */
  changelog(entries: readonly (readonly [string, Row])[], perRow = false): this {
    if (perRow) for (const [k, r] of entries) this.process([r], [k]);
    else
      this.process(
        entries.map((e) => e[1]),
        entries.map((e) => e[0]),
      );
    return this;
  }

  /** Advances the watermark: fires event-time timers, then processWatermark; records the forwarded watermark. */
  processWatermark(wm: number): this {
    if (wm <= this.watermark) return this;
    this.watermark = wm;
    this.timers.advanceWatermark(wm, (k, t) => this.op.onTimer?.(k, t, 'event', this.out));
    const fwd = this.op.processWatermark ? this.op.processWatermark(wm, this.out) : wm;
    this.output.push({ watermark: fwd });
    return this;
  }

  /** Advances processing time and fires the due processing-time timers. */
  advanceProcessingTime(now: number): this {
    this.now = now;
    this.timers.advanceProcessingTime(now, (k, t) => this.op.onTimer?.(k, t, 'processing', this.out));
    return this;
  }

  /** MAX watermark then end of every input, as a bounded source ends. */
  endInput(inputs = 1): this {
    this.processWatermark(MAX_WATERMARK);
    for (let i = 0; i < inputs; i++) this.op.endInput?.(i, this.out);
    return this;
  }

  snapshot(): HarnessSnapshot {
    this.op.snapshotState?.(0);
    const k = this.keyed.snapshot();
    return {
      keyed: structuredClone({ maxParallelism: k.maxParallelism, states: [...k.states, ...this.timers.snapshot(k.maxParallelism)] }),
      operator: this.operatorState.snapshot(),
    };
  }

  /** Output as strings like '+I[a, 1]' and 'WM 5'; clears it when `clear`. */
  take(clear = true): string[] {
    const s = this.output.map((o) => ('watermark' in o ? `WM ${o.watermark === MAX_WATERMARK ? 'MAX' : o.watermark}` : `${ROW_KIND_SHORT[o.kind]}${show(o.row)}`));
    if (clear) this.output.length = 0;
    return s;
  }

  /** Applies the changelog to a multiset of rows (+I/+U add, -U/-D remove); throws when removing an absent row. */
  materialize(): string[] {
    const rows: string[] = [];
    for (const o of this.output) {
      if ('watermark' in o) continue;
      const s = show(o.row);
      if (o.kind === RowKind.INSERT || o.kind === RowKind.UPDATE_AFTER) rows.push(s);
      else {
        const i = rows.indexOf(s);
        if (i < 0) throw new Error(`retracting ${ROW_KIND_SHORT[o.kind]}${s}, which is not in the result`);
        rows.splice(i, 1);
      }
    }
    return rows.sort();
  }
}

function showValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return show(v);
  if (v instanceof Map) return '{' + [...v].map(([k, x]) => `${showValue(k)}=${showValue(x)}`).join(', ') + '}';
  if (v instanceof Uint8Array) return 'x' + Buffer.from(v).toString('hex');
  return String(v);
}

export function show(row: readonly unknown[]): string {
  return '[' + row.map(showValue).join(', ') + ']';
}
