/**
 * Hive-style partition directories ('dt=2020-01-01/hr=10'): escaping as
 * Flink's PartitionPathUtils does, and splitting a schema into the columns a
 * format reads and the partition columns taken from the path.
 */
import type { RowType } from '../../types/logical-type.ts';

const ESCAPE = new Set('"#%\'*/:=?\\\u007f{[]^'.split(''));

export function escapePathName(s: string): string {
  let out = '';
  for (const c of s) {
    const code = c.charCodeAt(0);
    out += code < 0x20 || ESCAPE.has(c) ? '%' + code.toString(16).toUpperCase().padStart(2, '0') : c;
  }
  return out;
}

export function unescapePathName(s: string): string {
  return s.replace(/%([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Partition key → value (raw text) from the directory names in `relPath` ('a=1/b=x/part-0'). */
export function partitionSpec(relPath: string): Map<string, string> {
  const m = new Map<string, string>();
  const parts = relPath.split('/');
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i]!;
    const eq = p.indexOf('=');
    if (eq > 0) m.set(unescapePathName(p.slice(0, eq)), unescapePathName(p.slice(eq + 1)));
  }
  return m;
}

export interface SchemaSplit {
  /** Columns stored in the files. */
  readonly fileSchema: RowType;
  /** For each physical column: index in the file row, or -(1 + partition index). */
  readonly mapping: readonly number[];
  readonly partitionKeys: readonly string[];
}

export function splitSchema(schema: RowType, partitionKeys: readonly string[]): SchemaSplit {
  const fileFields = schema.fields.filter((f) => !partitionKeys.includes(f.name));
  let fi = 0;
  const mapping = schema.fields.map((f) => {
    const pi = partitionKeys.indexOf(f.name);
    return pi >= 0 ? -(1 + pi) : fi++;
  });
  return { fileSchema: { ...schema, fields: fileFields }, mapping, partitionKeys };
}
