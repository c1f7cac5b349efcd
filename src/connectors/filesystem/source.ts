/**
 * The 'filesystem' source reader. Splits are files: a path names a file or a
 * directory whose files are read recursively in sorted order, skipping hidden
 * files and directories (names starting with '.' or '_'); with parallelism p,
 * subtask i reads files i, i+p, …. Files are read in chunks and cut into
 * lines (the record unit for every format, as Flink's line-based
 * deserialization adapter does), so memory stays bounded by the chunk size
 * and the longest line. The position is {file, byte offset, line} of the next
 * unread line: a restore resumes exactly there.
 */
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { Batch } from '../../runtime/batch.ts';
import type { SourceBatch, SourceContext, SourceReader } from '../../runtime/source.ts';
import type { MetricGroup } from '../../runtime/operator.ts';
import { FormatError, type RecordDecoder } from '../../formats/format.ts';
import { WeirError } from '../../common/error.ts';
import type { RowType } from '../../types/logical-type.ts';
import { fromJsonValue } from '../../types/format.ts';
import { partitionSpec, type SchemaSplit } from './partitions.ts';

export interface FileSystemPosition {
  /** Absolute path of the file being read (or next to read). */
  readonly file: string;
  /** Byte offset of the next unread line. */
  readonly offset: number;
  /** 1-based number of the next unread line. */
  readonly line: number;
}

export interface FileSystemSourceOptions {
  readonly path: string;
  readonly decoder: () => RecordDecoder;
  readonly schema: RowType;
  readonly split: SchemaSplit;
  readonly defaultPartitionName: string;
  readonly pathPattern?: RegExp | undefined;
  readonly chunkSize?: number | undefined;
}

const HIDDEN = (name: string): boolean => name.startsWith('.') || name.startsWith('_');

/** All visible files under `root` (or `root` itself when it is a file), sorted by path. */
export async function listFiles(root: string): Promise<string[]> {
  const abs = resolve(root);
  let st;
  try {
    st = await stat(abs);
  } catch (e) {
    throw new WeirError('io', 'PATH_NOT_FOUND', `File ${abs} does not exist or the user running Weir has insufficient permissions to access it.`, undefined, {
      cause: e,
    });
  }
  if (st.isFile()) return [abs];
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const e of entries) {
      if (HIDDEN(e.name)) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  await walk(abs);
  return out.sort();
}

export class FileSystemSource implements SourceReader {
  readonly bounded = true;
  private readonly opts: FileSystemSourceOptions;
  private readonly subtask: number;
  private readonly parallelism: number;
  private readonly chunkSize: number;
  private decoder!: RecordDecoder;
  private metrics: MetricGroup | undefined;
  private root = '';
  private files: string[] = [];
  private fileIdx = 0;
  private handle: FileHandle | undefined;
  private eof = false;
  /** Unconsumed bytes; `buf[pos]` is at file offset `offset`. */
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  private offset = 0;
  private line = 1;
  private partitionValues: unknown[] = [];
  private readonly scratch = new Batch();

  constructor(opts: FileSystemSourceOptions, subtask: number, parallelism: number) {
    this.opts = opts;
    this.subtask = subtask;
    this.parallelism = parallelism;
    this.chunkSize = opts.chunkSize ?? 1 << 20;
  }

  async open(ctx: SourceContext, position?: unknown): Promise<void> {
    this.metrics = ctx.metrics;
    this.decoder = this.opts.decoder();
    this.root = resolve(this.opts.path);
    let all = await listFiles(this.opts.path);
    const pat = this.opts.pathPattern;
    if (pat) all = all.filter((f) => pat.test(f));
    this.files = all.filter((_, i) => i % this.parallelism === this.subtask);
    this.fileIdx = 0;
    if (position !== undefined && position !== null) {
      const p = position as FileSystemPosition;
      const i = this.files.indexOf(p.file);
      if (i >= 0) {
        this.fileIdx = i;
        this.offset = p.offset;
        this.line = p.line;
      } else {
        // The file is gone: continue with the files after it.
        this.fileIdx = this.files.findIndex((f) => f > p.file);
        if (this.fileIdx < 0) this.fileIdx = this.files.length;
      }
    }
  }

  private async openFile(): Promise<void> {
    const f = this.files[this.fileIdx]!;
    this.handle = await open(f, 'r');
    this.eof = false;
    this.buf = Buffer.alloc(0);
    this.pos = 0;
    this.partitionValues = this.partitionRowValues(f);
  }

  private partitionRowValues(file: string): unknown[] {
    const keys = this.opts.split.partitionKeys;
    if (keys.length === 0) return [];
    const rel = relative(this.root, file).split(sep).join('/');
    const spec = partitionSpec(rel);
    return keys.map((k) => {
      const raw = spec.get(k);
      if (raw === undefined || raw === this.opts.defaultPartitionName) return null;
      const type = this.opts.schema.fields.find((f) => f.name === k)!.type;
      return fromJsonValue(raw, type);
    });
  }

  private async closeFile(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
    this.fileIdx++;
    this.offset = 0;
    this.line = 1;
    this.buf = Buffer.alloc(0);
    this.pos = 0;
  }

  /** Reads the next chunk; false at the end of the file. */
  private async fill(): Promise<boolean> {
    if (this.eof) return false;
    const rest = this.buf.subarray(this.pos);
    const chunk = Buffer.allocUnsafe(this.chunkSize);
    const fileOffsetOfEnd = this.offset + rest.length;
    const { bytesRead } = await this.handle!.read(chunk, 0, this.chunkSize, fileOffsetOfEnd);
    if (bytesRead === 0) {
      this.eof = true;
      return false;
    }
    this.buf = rest.length === 0 ? chunk.subarray(0, bytesRead) : Buffer.concat([rest, chunk.subarray(0, bytesRead)]);
    this.pos = 0;
    return true;
  }

  async poll(maxRows: number): Promise<SourceBatch | null> {
    const out = this.scratch;
    out.clear();
    let split = '';
    while (out.size < maxRows) {
      if (this.handle === undefined) {
        if (this.fileIdx >= this.files.length) break;
        if (out.size > 0) break; // one split per batch
        await this.openFile();
      }
      split = this.files[this.fileIdx]!;
      const nl = this.buf.indexOf(10, this.pos);
      if (nl < 0) {
        if (await this.fill()) continue;
        // End of file: a last line without a newline.
        if (this.pos < this.buf.length) this.decodeLine(this.buf.length, this.buf.length, out);
        await this.closeFile();
        continue;
      }
      this.decodeLine(nl, nl + 1, out);
    }
    if (out.size === 0 && this.handle === undefined && this.fileIdx >= this.files.length) return null;
    const batch = new Batch(out.rows, out.kinds);
    out.clear();
    return { batch, split };
  }

  /** Decodes buf[pos, end) (a '\r' before the end is dropped), then moves past `next`. */
  private decodeLine(end: number, next: number, out: Batch): void {
    let e = end;
    if (e > this.pos && this.buf[e - 1] === 13) e--;
    const dec = this.decoder;
    const record = dec.input === 'text' ? this.buf.toString('utf8', this.pos, e) : new Uint8Array(this.buf.subarray(this.pos, e));
    const before = out.size;
    try {
      if (!dec.decode(record, out)) {
        this.metrics?.counter('numRecordsDropped').inc();
        this.metrics?.counter('numParseErrors').inc();
      }
    } catch (err) {
      const where = `file:${this.files[this.fileIdx]} line ${this.line}`;
      if (err instanceof FormatError) throw err.at(where);
      throw new WeirError('runtime', 'FORMAT_PARSE_ERROR', `Failed to read ${where}: ${(err as Error).message}`, undefined, { cause: err });
    }
    if (this.opts.split.partitionKeys.length > 0) this.addPartitions(out, before);
    this.offset += next - this.pos;
    this.pos = next;
    this.line++;
  }

  private addPartitions(out: Batch, from: number): void {
    const mapping = this.opts.split.mapping;
    const pv = this.partitionValues;
    for (let i = from; i < out.size; i++) {
      const fileRow = out.rows[i]!;
      const row = new Array<unknown>(mapping.length);
      for (let j = 0; j < mapping.length; j++) {
        const m = mapping[j]!;
        row[j] = m >= 0 ? fileRow[m] : pv[-1 - m];
      }
      out.rows[i] = row;
    }
  }

  splits(): readonly string[] {
    return this.files.slice(this.fileIdx);
  }

  snapshotPosition(): FileSystemPosition | null {
    const f = this.files[this.fileIdx];
    if (f === undefined) return { file: '\uffff', offset: 0, line: 1 };
    return { file: f, offset: this.offset, line: this.line };
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
  }
}
