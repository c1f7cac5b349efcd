/**
 * The 'filesystem' source reader. Splits are files: a path names a file or a
 * directory whose files are read recursively in sorted order, skipping hidden
 * files and directories (names starting with '.' or '_'); with parallelism p,
 * subtask i reads files i, i+p, …. Files are read in chunks and cut into
 * lines (the record unit for every format, as Flink's line-based
 * deserialization adapter does), so memory stays bounded by the chunk size
 * and the longest line. The position is the list of splits (files) the
 * subtask has still to read, each with {byte offset, line} of its next unread
 * line: a restore resumes exactly there. As in Flink's bounded FileSource,
 * the set of files is fixed when the job first starts; on a restore at
 * another parallelism the unfinished splits of every old subtask are dealt
 * out again (in path order, split k to subtask k mod p).
 */
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { Batch } from '../../runtime/batch.ts';
import { isRescaledPosition, type SourceBatch, type SourceContext, type SourceReader } from '../../runtime/source.ts';
import type { MetricGroup } from '../../runtime/operator.ts';
import { FormatError, type RecordDecoder } from '../../formats/format.ts';
import { WeirError } from '../../common/error.ts';
import { fromJsonValue } from '../../types/format.ts';
import { partitionSpec } from './partitions.ts';
import type { FileSystemTableFiles } from './lookup.ts';

/** One file still to read (a split) and where its next unread line starts. */
export interface FileSplit {
  /** Absolute path of the file. */
  readonly file: string;
  /** Byte offset of the next unread line. */
  readonly offset: number;
  /** 1-based number of the next unread line. */
  readonly line: number;
}

/** A subtask's position: the splits it has still to read, in order. */
export interface FileSystemPosition {
  readonly v: 2;
  readonly splits: readonly FileSplit[];
}

/** The position format before splits: {file, offset, line} of the file being read (files before it, in the subtask's share, are done). */
type FileSystemPositionV1 = FileSplit;

function isV2(p: unknown): p is FileSystemPosition {
  return typeof p === 'object' && p !== null && (p as { v?: unknown }).v === 2 && Array.isArray((p as { splits?: unknown }).splits);
}

/** The unfinished splits that subtask `subtask` of `parallelism` takes after a rescale, from every old subtask's splits. */
export function redistributeFileSplits(old: readonly (readonly FileSplit[])[], subtask: number, parallelism: number): FileSplit[] {
  const all = old.flat().sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return all.filter((_, k) => k % parallelism === subtask);
}

export interface FileSystemSourceOptions extends FileSystemTableFiles {
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
  readonly rescalable = true;
  private readonly opts: FileSystemSourceOptions;
  private readonly subtask: number;
  private readonly parallelism: number;
  private readonly chunkSize: number;
  private decoder!: RecordDecoder;
  private metrics: MetricGroup | undefined;
  private root = '';
  /** The splits of this subtask; those before `fileIdx` are done. */
  private files: FileSplit[] = [];
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
    this.fileIdx = 0;
    if (isRescaledPosition(position)) {
      const old: FileSplit[][] = [];
      for (let i = 0; i < position.positions.length; i++) {
        const p = position.positions[i];
        if (p === undefined || p === null) {
          throw new WeirError('runtime', 'RESTORE_FAILED', `cannot rescale the filesystem source: the checkpoint has no position for its subtask ${i + 1} of ${position.oldParallelism}`);
        }
        old.push(await this.splitsOf(p, i, position.oldParallelism));
      }
      this.files = redistributeFileSplits(old, this.subtask, this.parallelism);
    } else if (position !== undefined && position !== null) {
      this.files = await this.splitsOf(position, this.subtask, this.parallelism);
    } else {
      this.files = (await this.listed()).filter((_, i) => i % this.parallelism === this.subtask).map((file) => ({ file, offset: 0, line: 1 }));
    }
  }

  /** Every file of the table, in path order. */
  private async listed(): Promise<string[]> {
    const all = await listFiles(this.opts.path);
    const pat = this.opts.pathPattern;
    return pat ? all.filter((f) => pat.test(f)) : all;
  }

  /** The splits left in a position that subtask `i` of `p` recorded (either format). */
  private async splitsOf(position: unknown, i: number, p: number): Promise<FileSplit[]> {
    if (isV2(position)) return [...position.splits];
    // format 1: this subtask's share of the listing, from the file being read on
    const v1 = position as FileSystemPositionV1;
    const mine = (await this.listed()).filter((_, k) => k % p === i);
    return mine.filter((f) => f >= v1.file).map((file) => (file === v1.file ? { file, offset: v1.offset, line: v1.line } : { file, offset: 0, line: 1 }));
  }

  private async openFile(): Promise<void> {
    const split = this.files[this.fileIdx]!;
    const f = split.file;
    try {
      this.handle = await open(f, 'r');
    } catch (e) {
      throw new WeirError('io', 'PATH_NOT_FOUND', `File ${f} does not exist or the user running Weir has insufficient permissions to access it.`, undefined, { cause: e });
    }
    this.offset = split.offset;
    this.line = split.line;
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
      split = this.files[this.fileIdx]!.file;
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
      const where = `file:${this.files[this.fileIdx]!.file} line ${this.line}`;
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
    return this.files.slice(this.fileIdx).map((s) => s.file);
  }

  snapshotPosition(): FileSystemPosition {
    const cur = this.files[this.fileIdx];
    if (cur === undefined) return { v: 2, splits: [] };
    // the current file: where its next unread line is (before it is opened: its recorded start)
    const now = this.handle === undefined ? cur : { file: cur.file, offset: this.offset, line: this.line };
    return { v: 2, splits: [now, ...this.files.slice(this.fileIdx + 1)] };
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
  }
}
