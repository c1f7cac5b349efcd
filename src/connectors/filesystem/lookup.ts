/**
 * The 'filesystem' connector as a lookup table (Flink's FileSystemLookupFunction):
 * the files are read synchronously, whole, through the table's format (a
 * changelog format's rows applied: +I/+U add a row, -U/-D remove it). By
 * default the whole table sits in a FULL cache that is read again
 * 'lookup.join.cache.ttl' (60 min) after the previous read, so a changed
 * file is seen after the TTL, as in Flink. With 'lookup.cache' = 'PARTIAL'
 * (or 'NONE') a miss reads the files for the missed keys of the batch.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { LookupContext, LookupTableSource } from '../../catalog/connector.ts';
import type { LookupSettings } from '../../catalog/lookup-options.ts';
import { WeirError } from '../../common/error.ts';
import { FormatError, type RecordDecoder } from '../../formats/format.ts';
import { Batch } from '../../runtime/batch.ts';
import { encodeKey } from '../../runtime/key.ts';
import { matchRows, type LookupRuntimeProvider } from '../../runtime/lookup/lookup-function.ts';
import { RowKind, type Row } from '../../runtime/row.ts';
import { fromJsonValue } from '../../types/format.ts';
import type { RowType } from '../../types/logical-type.ts';
import { partitionSpec, type SchemaSplit } from './partitions.ts';

export interface FileSystemTableFiles {
  readonly path: string;
  readonly decoder: () => RecordDecoder;
  readonly schema: RowType;
  readonly split: SchemaSplit;
  readonly defaultPartitionName: string;
  readonly pathPattern?: RegExp | undefined;
}

const HIDDEN = (name: string): boolean => name.startsWith('.') || name.startsWith('_');

const notFound = (p: string, cause: unknown): WeirError =>
  new WeirError('io', 'PATH_NOT_FOUND', `File ${p} does not exist or the user running Weir has insufficient permissions to access it.`, undefined, { cause });

/** The visible files under `root` (or `root` itself), sorted (the source's listing, synchronously). */
export function listFilesSync(root: string): string[] {
  const abs = resolve(root);
  let st;
  try {
    st = statSync(abs);
  } catch (e) {
    throw notFound(abs, e);
  }
  if (st.isFile()) return [abs];
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (HIDDEN(e.name)) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  walk(abs);
  return out.sort();
}

/** Every row of the table now (changelog applied), in file and line order. */
export function readTableSync(t: FileSystemTableFiles): Row[] {
  const root = resolve(t.path);
  const files = listFilesSync(t.path).filter((f) => t.pathPattern === undefined || t.pathPattern.test(f));
  const decoder = t.decoder();
  const batch = new Batch();
  for (const file of files) {
    let buf: Buffer;
    try {
      buf = readFileSync(file);
    } catch (e) {
      throw notFound(file, e);
    }
    const from = batch.size;
    let line = 1;
    let pos = 0;
    while (pos < buf.length) {
      let nl = buf.indexOf(10, pos);
      if (nl < 0) nl = buf.length;
      let end = nl;
      if (end > pos && buf[end - 1] === 13) end--;
      try {
        decoder.decode(decoder.input === 'text' ? buf.toString('utf8', pos, end) : new Uint8Array(buf.subarray(pos, end)), batch);
      } catch (err) {
        const where = `file:${file} line ${line}`;
        if (err instanceof FormatError) throw err.at(where);
        throw new WeirError('runtime', 'FORMAT_PARSE_ERROR', `Failed to read ${where}: ${(err as Error).message}`, undefined, { cause: err });
      }
      pos = nl + 1;
      line++;
    }
    if (t.split.partitionKeys.length > 0) addPartitionValues(t, root, file, batch, from);
  }
  return applyChangelog(batch);
}

function addPartitionValues(t: FileSystemTableFiles, root: string, file: string, batch: Batch, from: number): void {
  const spec = partitionSpec(relative(root, file).split(sep).join('/'));
  const pv = t.split.partitionKeys.map((k) => {
    const raw = spec.get(k);
    if (raw === undefined || raw === t.defaultPartitionName) return null;
    return fromJsonValue(raw, t.schema.fields.find((f) => f.name === k)!.type);
  });
  const mapping = t.split.mapping;
  for (let i = from; i < batch.size; i++) {
    const fileRow = batch.rows[i]!;
    batch.rows[i] = mapping.map((m) => (m >= 0 ? fileRow[m] : pv[-1 - m]));
  }
}

/** The rows a changelog leaves (+I/+U add, -U/-D remove one equal row). */
function applyChangelog(batch: Batch): Row[] {
  if (batch.insertOnly()) return batch.rows;
  const live = new Map<string, Row[]>();
  for (let i = 0; i < batch.size; i++) {
    const row = batch.rows[i]!;
    const k = encodeKey(row);
    const kind = batch.kinds[i]!;
    const list = live.get(k);
    if (kind === RowKind.INSERT || kind === RowKind.UPDATE_AFTER) {
      if (list === undefined) live.set(k, [row]);
      else list.push(row);
    } else if (list !== undefined) {
      list.pop();
      if (list.length === 0) live.delete(k);
    }
  }
  return [...live.values()].flat();
}

/** The lookup side of a filesystem table. */
export class FileSystemLookupSource implements LookupTableSource {
  private readonly files: FileSystemTableFiles;
  private readonly settings: LookupSettings;

  constructor(files: FileSystemTableFiles, settings: LookupSettings) {
    this.files = files;
    this.settings = settings;
  }

  getLookupRuntimeProvider(ctx: LookupContext): LookupRuntimeProvider {
    const { cache, maxRetries } = this.settings;
    const files = this.files;
    if (cache.kind === 'FULL') return { kind: 'full', cache, maxRetries, createLoader: () => ({ loadAll: () => readTableSync(files) }) };
    const keys = ctx.keys;
    return { kind: 'lookup', cache, maxRetries, createFunction: () => ({ lookup: (wanted) => matchRows(readTableSync(files), keys, wanted) }) };
  }
}
