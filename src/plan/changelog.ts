/**
 * Changelog-mode inference (Flink's FlinkChangelogModeInferenceProgram, in
 * small): what kinds of rows each node of the plan emits. A source emits what
 * its connector and format say; projections and filters pass the mode through;
 * an aggregation emits updates; a union emits the widest of its inputs.
 * `upsertKeys` are the columns the updates are keyed by, when known.
 */
import type { RelNode } from './logical/nodes.ts';
import type { ChangelogMode } from '../catalog/connector.ts';

export type Changelog = 'insert-only' | 'retract';

export interface ChangelogInfo {
  readonly mode: Changelog;
  /** Column sets that uniquely identify a row of the result (empty when unknown). */
  readonly uniqueKeys: readonly (readonly number[])[];
}

export function fromConnectorMode(m: ChangelogMode): Changelog {
  return m.kind === 'insert-only' ? 'insert-only' : 'retract';
}

export function describeMode(c: Changelog): string {
  return c === 'insert-only' ? '[I]' : '[I,UB,UA,D]';
}

/** The widest of several modes. */
export function widest(modes: readonly Changelog[]): Changelog {
  return modes.includes('retract') ? 'retract' : 'insert-only';
}

export function nodeDigest(rel: RelNode): string {
  switch (rel.kind) {
    case 'LogicalAggregate':
      return `GroupAggregate(${rel.groupKeys.length ? `groupBy=[${rel.groupKeys.map((k) => `$${k}`).join(', ')}], ` : ''}select=[${[
        ...rel.groupKeys.map((k) => `$${k}`),
        ...rel.aggs.map((a) => a.digest),
      ].join(', ')}])`;
    case 'LogicalTableScan':
      return `TableSourceScan(table=[[${rel.table.qualifiedName.split('.').join(', ')}]], fields=[${rel.rowType.fields.map((f) => f.name).join(', ')}])`;
    default:
      return rel.kind.replace(/^Logical/, '');
  }
}
