/**
 * The job graph: what the planner hands the runtime. It says nothing of SQL: a
 * TypeScript program could build one by hand. Nodes are sources, operators and
 * sinks, each with a parallelism; edges say how rows move between them
 * (forward, hash by key, broadcast, to a single subtask). Operators connected
 * by a forward edge at equal parallelism are chained into one task and call
 * each other synchronously.
 */
import type { Operator } from './operator.ts';
import type { SinkWriter } from './sink.ts';
import type { SourceReader } from './source.ts';
import type { Row } from './row.ts';
import type { StateKey } from '../state/api.ts';

/** Watermark generation for a source, applied per split by the task. */
export interface WatermarkSpec {
  /** Computes the watermark candidate for one row (already including the delay), or null to skip. */
  readonly extract: (row: Row) => number | null;
  /** 'on-event': after every row; 'on-periodic': every `intervalMs` of processing time. */
  readonly emit: 'on-event' | 'on-periodic';
  readonly intervalMs: number;
  /** Splits idle this long stop holding the watermark back (0 = never). */
  readonly idleTimeoutMs: number;
}

export type Exchange =
  | { readonly kind: 'forward' }
  | { readonly kind: 'hash'; readonly key: (row: Row) => StateKey; readonly describe: string }
  | { readonly kind: 'broadcast' }
  | { readonly kind: 'single' }
  | { readonly kind: 'rebalance' };

interface NodeBase {
  readonly id: number;
  /** Human-readable, e.g. `GroupAggregate(groupBy=[a], select=[a, COUNT(*)])`. */
  readonly name: string;
  readonly parallelism: number;
}

export interface SourceNode extends NodeBase {
  readonly kind: 'source';
  readonly create: (subtask: number) => SourceReader;
  readonly watermark?: WatermarkSpec | undefined;
}

export interface OperatorNode extends NodeBase {
  readonly kind: 'operator';
  readonly create: (subtask: number) => Operator;
  /** Whether the operator uses keyed state (its inputs then arrive hashed by key). */
  readonly keyed: boolean;
  readonly inputs: number;
}

export interface SinkNode extends NodeBase {
  readonly kind: 'sink';
  readonly create: (subtask: number) => SinkWriter;
}

export type JobNode = SourceNode | OperatorNode | SinkNode;

export interface JobEdge {
  readonly from: number;
  readonly to: number;
  /** Which input of `to` (0 for single-input operators). */
  readonly input: number;
  readonly exchange: Exchange;
}

export interface JobGraph {
  readonly name: string;
  readonly nodes: readonly JobNode[];
  readonly edges: readonly JobEdge[];
  readonly maxParallelism: number;
  readonly config: ReadonlyMap<string, string>;
}
