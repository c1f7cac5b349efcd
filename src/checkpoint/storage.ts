/**
 * Checkpoint storage. A checkpoint is a set of state files (one per subtask,
 * written asynchronously while the job runs) plus a metadata file written
 * LAST and atomically: only a checkpoint whose metadata exists and verifies is
 * complete; anything else is invisible to recovery and is cleaned up.
 *
 * The interface is what an object store (S3-compatible) will implement too:
 * write a blob, write the metadata blob, list complete checkpoints, read,
 * delete. The file-system implementation lays a job's checkpoints out as
 *
 *   <dir>/<job>/chk-<n>/<node>-<subtask>.state     state files
 *   <dir>/<job>/chk-<n>/_metadata                  JSON, written to a temp file, fsynced, renamed
 *   <savepoint dir>/<job>/savepoint-<n>/…          savepoints (never discarded automatically)
 *
 * Every state file's size and CRC-32 are in the metadata, and the metadata
 * carries a SHA-256 of its own body: a truncated or corrupt checkpoint is
 * detected on load and skipped in favour of the previous complete one.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { crc32 } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export type CheckpointKind = 'checkpoint' | 'savepoint';

/** Where one subtask's state went. */
export interface StateHandle {
  readonly nodeId: number;
  readonly nodeName: string;
  readonly subtask: number;
  readonly parallelism: number;
  /** File name relative to the checkpoint's directory. */
  readonly file: string;
  readonly size: number;
  readonly crc32: number;
}

export interface CheckpointMetadata {
  readonly version: 1;
  readonly job: string;
  readonly checkpointId: number;
  readonly kind: CheckpointKind;
  readonly timestamp: number;
  /** True for the final checkpoint of a bounded job (every source exhausted). */
  readonly finished: boolean;
  readonly maxParallelism: number;
  readonly mode: string;
  readonly handles: readonly StateHandle[];
  /** Figures for reports: durations, synchronous pause, bytes. */
  readonly stats: Readonly<Record<string, number>>;
}

export interface CompletedCheckpoint {
  /** Directory (or object prefix) of the checkpoint; what `execution.savepoint.path` names. */
  readonly location: string;
  readonly metadata: CheckpointMetadata;
}

export interface CheckpointStorage {
  /** Writes one subtask's state for checkpoint `id`. */
  /** Writes one subtask's state for checkpoint `id` (one blob, possibly given as several chunks). */
  writeState(id: number, kind: CheckpointKind, name: string, data: StateData, who: Omit<StateHandle, 'file' | 'size' | 'crc32'>): Promise<StateHandle>;
  /** Writes the metadata atomically, which makes the checkpoint complete. Returns its location. */
  commit(metadata: CheckpointMetadata): Promise<string>;
  /** Deletes a checkpoint (complete or not). */
  discard(id: number, kind: CheckpointKind): Promise<void>;
  /** Complete, verified checkpoints of this job, newest first (corrupt ones are reported through `onCorrupt` and skipped). */
  listComplete(onCorrupt?: (location: string, why: string) => void): Promise<CompletedCheckpoint[]>;
  /** Removes checkpoint directories without metadata (a crashed or aborted attempt's leftovers). */
  cleanupIncomplete(): Promise<number>;
  /** The highest checkpoint id present (complete or not), so a restarted job continues the numbering. */
  highestId(): Promise<number>;
  /** Savepoint `id` goes under `dir` instead of the configured savepoint directory (`weir savepoint JOB DIR`). */
  setSavepointTarget?(id: number, dir: string): void;
}

export class CorruptCheckpointError extends Error {
  readonly location: string;
  constructor(location: string, why: string) {
    super(`checkpoint ${location} is corrupt: ${why}`);
    this.location = location;
  }
}

export const METADATA_FILE = '_metadata';

/** A state blob: bytes, or chunks written one after another (no concatenated copy of a large state). */
export type StateData = Uint8Array | readonly Uint8Array[];

function chunksOf(data: StateData): readonly Uint8Array[] {
  return data instanceof Uint8Array ? [data] : data;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Buffers per gathered write (below every platform's IOV_MAX). */
const WRITEV_MAX = 512;
/** Bytes per gathered write (the CRC of a group is computed in one synchronous step). */
const WRITE_GROUP_BYTES = 1 << 20;

/**
 * Writes, fsyncs and closes a file; returns its size and CRC-32, computed
 * group by group between the writes (one pass over a large state in a single
 * synchronous step would stall processing).
 */
async function writeFileDurably(path: string, data: StateData): Promise<{ size: number; crc: number }> {
  const fh = await open(path, 'w');
  let size = 0;
  let crc = 0;
  try {
    // gathered writes: a state file is many small frames
    const chunks = chunksOf(data);
    for (let i = 0; i < chunks.length; ) {
      const from = i;
      let bytes = 0;
      while (i < chunks.length && i - from < WRITEV_MAX && bytes < WRITE_GROUP_BYTES) {
        const c = chunks[i++]!;
        bytes += c.length;
        size += c.length;
        crc = crc32(c, crc);
      }
      const group = chunks.slice(from, i);
      let { bytesWritten } = await fh.writev(group);
      // a short write: finish the rest chunk by chunk
      for (const c of group) {
        if (bytesWritten >= c.length) {
          bytesWritten -= c.length;
          continue;
        }
        let off = bytesWritten;
        bytesWritten = 0;
        while (off < c.length) off += (await fh.write(c, off, c.length - off)).bytesWritten;
      }
    }
    await fh.sync();
  } finally {
    await fh.close();
  }
  return { size, crc };
}

async function fsyncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // not every platform can fsync a directory
  }
}

/** Serialises metadata with a checksum of its body. */
export function encodeMetadata(m: CheckpointMetadata): string {
  const body = JSON.stringify(m);
  return JSON.stringify({ sha256: sha256(body), body }) + '\n';
}

/** Parses and verifies metadata; throws CorruptCheckpointError. */
export function decodeMetadata(text: string, location: string): CheckpointMetadata {
  let outer: { sha256?: unknown; body?: unknown };
  try {
    outer = JSON.parse(text) as typeof outer;
  } catch {
    throw new CorruptCheckpointError(location, 'metadata is not valid JSON (truncated?)');
  }
  if (typeof outer.body !== 'string' || typeof outer.sha256 !== 'string') throw new CorruptCheckpointError(location, 'metadata has no body/checksum');
  if (sha256(outer.body) !== outer.sha256) throw new CorruptCheckpointError(location, 'metadata checksum mismatch');
  const m = JSON.parse(outer.body) as CheckpointMetadata;
  if (m.version !== 1) throw new CorruptCheckpointError(location, `unknown metadata version ${String(m.version)}`);
  return m;
}

/** Reads a state file of a checkpoint and verifies its size and CRC-32. */
export async function readStateFile(location: string, h: StateHandle): Promise<Uint8Array> {
  let data: Buffer;
  try {
    data = await readFile(join(location, h.file));
  } catch (e) {
    throw new CorruptCheckpointError(location, `state file ${h.file} cannot be read: ${(e as Error).message}`);
  }
  if (data.length !== h.size) throw new CorruptCheckpointError(location, `state file ${h.file} has ${data.length} bytes, expected ${h.size} (truncated?)`);
  if (crc32(data) !== h.crc32) throw new CorruptCheckpointError(location, `state file ${h.file} checksum mismatch`);
  return data;
}

/** Reads and verifies a checkpoint's metadata and the presence/size of its state files. */
export async function loadCheckpoint(location: string, verifyData = true): Promise<CompletedCheckpoint> {
  const loc = resolve(location);
  let text: string;
  try {
    text = await readFile(join(loc, METADATA_FILE), 'utf8');
  } catch {
    throw new CorruptCheckpointError(loc, `no ${METADATA_FILE} (incomplete checkpoint or not a checkpoint directory)`);
  }
  const metadata = decodeMetadata(text, loc);
  for (const h of metadata.handles) {
    if (verifyData) await readStateFile(loc, h);
    else {
      const st = await stat(join(loc, h.file)).catch(() => undefined);
      if (!st || st.size !== h.size) throw new CorruptCheckpointError(loc, `state file ${h.file} missing or truncated`);
    }
  }
  return { location: loc, metadata };
}

const CHK = /^chk-(\d+)$/;
const SP = /^savepoint-(\d+)$/;

/** The file-system checkpoint storage of one job. */
export class FsCheckpointStorage implements CheckpointStorage {
  /** <dir>/<job> */
  readonly jobDir: string;
  readonly savepointJobDir: string;
  readonly job: string;
  /** Savepoints asked for with their own target directory: id → <target>/<job>. */
  private readonly targets = new Map<number, string>();

  constructor(dir: string, job: string, savepointDir?: string) {
    this.job = job;
    const safe = sanitizeJobName(job);
    this.jobDir = join(resolve(dir), safe);
    this.savepointJobDir = join(resolve(savepointDir ?? dir), safe);
  }

  location(id: number, kind: CheckpointKind): string {
    return kind === 'checkpoint' ? join(this.jobDir, `chk-${id}`) : join(this.targets.get(id) ?? this.savepointJobDir, `savepoint-${id}`);
  }

  setSavepointTarget(id: number, dir: string): void {
    this.targets.set(id, join(resolve(dir), sanitizeJobName(this.job)));
  }

  async writeState(id: number, kind: CheckpointKind, name: string, data: StateData, who: Omit<StateHandle, 'file' | 'size' | 'crc32'>): Promise<StateHandle> {
    const dir = this.location(id, kind);
    await mkdir(dir, { recursive: true });
    const { size, crc } = await writeFileDurably(join(dir, name), data);
    return { ...who, file: name, size, crc32: crc };
  }

  async commit(metadata: CheckpointMetadata): Promise<string> {
    const dir = this.location(metadata.checkpointId, metadata.kind);
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, `.${METADATA_FILE}.inprogress`);
    await writeFileDurably(tmp, Buffer.from(encodeMetadata(metadata), 'utf8'));
    await rename(tmp, join(dir, METADATA_FILE));
    await fsyncDir(dir);
    return dir;
  }

  async discard(id: number, kind: CheckpointKind): Promise<void> {
    const dir = this.location(id, kind);
    // remove the metadata first: a half-deleted checkpoint must not look complete
    await rm(join(dir, METADATA_FILE), { force: true });
    await rm(dir, { recursive: true, force: true });
  }

  private async entries(dir: string, re: RegExp): Promise<{ id: number; path: string }[]> {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return [];
    }
    const out: { id: number; path: string }[] = [];
    for (const n of names) {
      const m = re.exec(n);
      if (m) out.push({ id: Number(m[1]), path: join(dir, n) });
    }
    return out.sort((a, b) => b.id - a.id);
  }

  async listComplete(onCorrupt?: (location: string, why: string) => void): Promise<CompletedCheckpoint[]> {
    const out: CompletedCheckpoint[] = [];
    for (const e of await this.entries(this.jobDir, CHK)) {
      const hasMeta = await stat(join(e.path, METADATA_FILE)).then(
        () => true,
        () => false,
      );
      if (!hasMeta) continue;
      try {
        out.push(await loadCheckpoint(e.path, false));
      } catch (err) {
        onCorrupt?.(e.path, (err as Error).message);
      }
    }
    return out;
  }

  async cleanupIncomplete(): Promise<number> {
    let n = 0;
    for (const root of new Set([this.jobDir, this.savepointJobDir])) {
      for (const e of [...(await this.entries(root, CHK)), ...(await this.entries(root, SP))]) {
        const hasMeta = await stat(join(e.path, METADATA_FILE)).then(
          () => true,
          () => false,
        );
        if (!hasMeta) {
          await rm(e.path, { recursive: true, force: true });
          n++;
        }
      }
    }
    return n;
  }

  async highestId(): Promise<number> {
    let max = 0;
    for (const e of [...(await this.entries(this.jobDir, CHK)), ...(await this.entries(this.savepointJobDir, SP))]) max = Math.max(max, e.id);
    return max;
  }
}

/** A job name as a directory name. */
export function sanitizeJobName(job: string): string {
  return job.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120) || 'job';
}

/**
 * Resolves what to restore: a path (or file: URI) naming a checkpoint/savepoint
 * directory (or its _metadata file) is loaded and verified; a corrupt one is an error.
 */
export async function resolveRestorePath(path: string): Promise<CompletedCheckpoint> {
  let p = path.startsWith('file:') ? fileURLToPath(path.startsWith('file://') ? path : 'file://' + path.slice(5)) : resolve(path);
  if (basename(p) === METADATA_FILE) p = dirname(p);
  return loadCheckpoint(p, true);
}

/**
 * The newest complete checkpoint (or savepoint with the higher id) of a job
 * whose state files all verify; corrupt ones are reported and skipped.
 */
export async function latestCheckpoint(storage: FsCheckpointStorage, onCorrupt?: (location: string, why: string) => void): Promise<CompletedCheckpoint | undefined> {
  for (const c of await storage.listComplete(onCorrupt)) {
    try {
      return await loadCheckpoint(c.location, true);
    } catch (e) {
      onCorrupt?.(c.location, (e as Error).message);
    }
  }
  return undefined;
}
