/** Test helpers for connectors: factory contexts and draining readers. */
import type { TableFactoryContext } from '../catalog/connector.ts';
import { SimpleMetricGroup } from '../runtime/metrics.ts';
import type { SourceReader } from '../runtime/source.ts';
import type { Row, RowKind } from '../runtime/row.ts';
import type { RowType } from '../types/logical-type.ts';

export function tableContext(schema: RowType, options: Record<string, string>, partitionKeys: string[] = []): TableFactoryContext {
  return { tableName: 't', physicalSchema: schema, primaryKey: undefined, partitionKeys, options: new Map(Object.entries(options)), config: new Map() };
}

export function sourceContext(subtask = 0, parallelism = 1, metrics = new SimpleMetricGroup()) {
  return { subtaskIndex: subtask, parallelism, config: new Map<string, string>(), metrics };
}

/** Polls until the reader ends (or `limit` rows); returns rows and kinds. */
export async function drain(r: SourceReader, maxRows = 1000, limit = Infinity): Promise<{ rows: Row[]; kinds: RowKind[] }> {
  const rows: Row[] = [];
  const kinds: RowKind[] = [];
  while (rows.length < limit) {
    const b = await r.poll(Math.min(maxRows, limit - rows.length));
    if (b === null) break;
    rows.push(...b.batch.rows);
    kinds.push(...b.batch.kinds);
  }
  return { rows, kinds };
}
