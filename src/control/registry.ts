/**
 * Job control across processes, the client side. A `weir run` process
 * registers each running job as a small JSON file in the Weir run directory
 * and answers requests on a Unix domain socket (server.ts); `weir list`,
 * `weir savepoint`, `weir stop`, `SHOW JOBS` and `STOP JOB` read the files
 * and talk to the socket. Nothing has to be started by hand: the run
 * directory is created on first use and entries of processes that died are
 * removed when found.
 *
 *   <run dir>/<job id>.json    {id, name, pid, startTime, socket, checkpointDir, savepointDir}
 *   <run dir>/<pid>.sock       one socket per `weir run` process
 *
 * The run directory is $WEIR_RUN_DIR, else $XDG_RUNTIME_DIR/weir, else
 * <tmp>/weir-<uid> (mode 0700: only the user's own processes can reach it).
 *
 * Protocol: one JSON request line, one JSON response line.
 *   {"op":"savepoint"|"stop"|"cancel","job":"<id>","targetDir"?:"<abs dir>","drain"?:true}
 *   → {"ok":true,"path"?:"<savepoint dir>"} | {"ok":false,"error":"<message>"}
 */
import { mkdirSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface JobRecord {
  readonly version: 1;
  /** 32 hex digits. */
  readonly id: string;
  readonly name: string;
  readonly pid: number;
  /** Epoch milliseconds. */
  readonly startTime: number;
  readonly status: 'RUNNING';
  /** The socket of the process running the job. */
  readonly socket: string;
  readonly checkpointDir: string | null;
  readonly savepointDir: string | null;
}

export type ControlRequest =
  | { readonly op: 'savepoint'; readonly job: string; readonly targetDir?: string | undefined }
  | { readonly op: 'stop'; readonly job: string; readonly targetDir?: string | undefined; readonly drain?: boolean }
  | { readonly op: 'cancel'; readonly job: string };

export type ControlResponse = { readonly ok: true; readonly path?: string } | { readonly ok: false; readonly error: string };

/** A job-control failure with a message for the user (unknown job, job gone, savepoint failed). */
export class JobControlError extends Error {}

export function runDir(): string {
  const env = process.env['WEIR_RUN_DIR'];
  if (env && env.trim()) return resolve(env);
  const xdg = process.env['XDG_RUNTIME_DIR'];
  if (xdg && xdg.trim()) return join(xdg, 'weir');
  return join(tmpdir(), `weir-${process.getuid?.() ?? 'user'}`);
}

/** Creates the run directory (mode 0700); refuses one that another user owns (a shared /tmp). */
export function ensureRunDir(): string {
  const dir = runDir();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const uid = process.getuid?.();
  if (uid !== undefined && statSync(dir).uid !== uid) {
    throw new JobControlError(`The Weir run directory ${dir} belongs to another user; set WEIR_RUN_DIR to a directory of your own.`);
  }
  return dir;
}

export function recordPath(dir: string, id: string): string {
  return join(dir, `${id}.json`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The registered jobs whose process is alive, oldest first; entries of dead processes are removed. */
export function listJobs(): JobRecord[] {
  const dir = runDir();
  let names: string[];
  try {
    // another user's directory (a shared /tmp) is not ours to trust
    const uid = process.getuid?.();
    if (uid !== undefined && statSync(dir).uid !== uid) return [];
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: JobRecord[] = [];
  for (const n of names) {
    if (!/^[0-9a-f]{32}\.json$/.test(n)) continue;
    const path = join(dir, n);
    let rec: JobRecord;
    try {
      rec = JSON.parse(readFileSync(path, 'utf8')) as JobRecord;
    } catch {
      continue; // being written or removed
    }
    if (rec.version !== 1 || typeof rec.pid !== 'number') continue;
    if (!alive(rec.pid)) {
      try {
        unlinkSync(path);
      } catch {
        // removed meanwhile
      }
      continue;
    }
    out.push(rec);
  }
  return out.sort((a, b) => a.startTime - b.startTime || (a.id < b.id ? -1 : 1));
}

/** The running job named by its id or its name; a JobControlError when there is none or the name is ambiguous. */
export function findJob(idOrName: string): JobRecord {
  const jobs = listJobs();
  const q = idOrName.trim();
  const byId = jobs.find((j) => j.id === q.toLowerCase());
  if (byId) return byId;
  const byName = jobs.filter((j) => j.name === q);
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) {
    throw new JobControlError(`Several running jobs are named '${q}': ${byName.map((j) => j.id).join(', ')}. Give the job id.`);
  }
  throw new JobControlError(`Could not find a running job with id or name '${q}' (see 'weir list').`);
}

/** Sends one request to the process running `job` and waits for its answer (a savepoint can take a while). */
export function request(job: JobRecord, req: ControlRequest, timeoutMs = 15 * 60_000): Promise<ControlResponse> {
  return new Promise((resolvePromise, reject) => {
    const sock = connect(job.socket);
    let buf = '';
    let done = false;
    const finish = (f: () => void): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      f();
    };
    const timer = setTimeout(() => finish(() => reject(new JobControlError(`No answer from job ${job.id} within ${Math.round(timeoutMs / 1000)} s.`))), timeoutMs);
    sock.setEncoding('utf8');
    sock.on('connect', () => sock.write(JSON.stringify(req) + '\n'));
    sock.on('data', (d: string) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      finish(() => {
        try {
          resolvePromise(JSON.parse(buf.slice(0, nl)) as ControlResponse);
        } catch {
          reject(new JobControlError(`Job ${job.id} answered with something that is not a control response.`));
        }
      });
    });
    sock.on('error', (e: NodeJS.ErrnoException) =>
      finish(() => reject(new JobControlError(`Cannot reach job ${job.id} (process ${job.pid}): ${e.code === 'ECONNREFUSED' || e.code === 'ENOENT' ? 'it is no longer running' : e.message}`))),
    );
    sock.on('close', () => finish(() => reject(new JobControlError(`Job ${job.id} closed the connection without answering (it may have ended).`))));
  });
}

/** Sends a request and returns the savepoint path (savepoint/stop) or '' (cancel); a JobControlError with the job's reason otherwise. */
export async function control(job: JobRecord, req: ControlRequest): Promise<string> {
  const res = await request(job, req);
  if (!res.ok) throw new JobControlError(res.error);
  return res.path ?? '';
}
