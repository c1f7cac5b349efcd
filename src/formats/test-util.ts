/** Test helpers for formats: a FormatContext from a schema and options. */
import { OptionReader } from '../catalog/options.ts';
import { Batch } from '../runtime/batch.ts';
import type { RowType } from '../types/logical-type.ts';
import type { FormatContext, FormatFactory } from './format.ts';

export function formatContext(f: FormatFactory, schema: RowType, options: Record<string, string> = {}): FormatContext {
  return { physicalSchema: schema, options: new OptionReader(f.options, new Map(Object.entries(options))), zone: 'UTC' };
}

/** Decodes records; returns [kinds as +I/-U/…, rows] and how many were skipped. */
export function decodeAll(f: FormatFactory, schema: RowType, records: (string | Uint8Array)[], options: Record<string, string> = {}) {
  const dec = f.createDecoder(formatContext(f, schema, options));
  const out = new Batch();
  let skipped = 0;
  for (const r of records) if (!dec.decode(r, out)) skipped++;
  const short = ['+I', '-U', '+U', '-D'];
  return { rows: out.rows, kinds: out.kinds.map((k) => short[k]), skipped };
}
