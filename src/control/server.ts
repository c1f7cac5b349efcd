/**
 * Job control across processes, the job side (see registry.ts for the
 * layout and the protocol). `startJobControl()` makes this process announce
 * its jobs: one registry file per running job, written once the process's
 * socket listens and removed when the job ends (and, for what is left, when
 * the process exits). Requests are served from `activeJobs`:
 *
 *   savepoint  → triggerSavepoint(targetDir)   the job keeps running
 *   stop       → stopWithSavepoint(targetDir)  savepoint, sinks commit, the job is cancelled
 *                (drain: the sources end first, the savepoint is the final checkpoint)
 *   cancel     → cancel()
 *
 * The socket and the files do not keep the process alive.
 */
import { renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { activeJobs, observeJobs, type ActiveJob } from '../checkpoint/run.ts';
import { ensureRunDir, recordPath, type ControlRequest, type ControlResponse, type JobRecord } from './registry.ts';

interface ControlState {
  readonly dir: string;
  readonly socket: string;
  readonly server: Server;
  readonly listening: Promise<void>;
  /** Jobs whose record is written (removed on exit). */
  readonly registered: Set<string>;
  readonly stopObserving: () => void;
}

let state: ControlState | undefined;

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

function writeRecord(st: ControlState, job: ActiveJob): void {
  const rec: JobRecord = {
    version: 1,
    id: job.id,
    name: job.name,
    pid: process.pid,
    startTime: job.startTime,
    status: 'RUNNING',
    socket: st.socket,
    checkpointDir: job.checkpointDir ?? null,
    savepointDir: job.savepointDir ?? null,
  };
  const path = recordPath(st.dir, job.id);
  const tmp = join(st.dir, `.${job.id}.${process.pid}.tmp`);
  writeFileSync(tmp, JSON.stringify(rec) + '\n', { mode: 0o600 });
  renameSync(tmp, path);
  st.registered.add(job.id);
}

async function handle(req: ControlRequest): Promise<ControlResponse> {
  const job = [...activeJobs].find((j) => j.id === req.job);
  if (!job) return { ok: false, error: `Job ${req.job} is not running (any more).` };
  try {
    switch (req.op) {
      case 'savepoint':
        return { ok: true, path: await job.triggerSavepoint(req.targetDir) };
      case 'stop':
        return { ok: true, path: await job.stopWithSavepoint(req.targetDir, req.drain === true) };
      case 'cancel':
        job.cancel();
        return { ok: true };
      default:
        return { ok: false, error: `unknown request '${String((req as { op?: unknown }).op)}'` };
    }
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

function serve(sock: Socket): void {
  let buf = '';
  sock.setEncoding('utf8');
  sock.on('error', () => undefined);
  sock.on('data', (d: string) => {
    buf += d;
    const nl = buf.indexOf('\n');
    if (nl < 0) {
      if (buf.length > 1 << 16) sock.destroy();
      return;
    }
    const line = buf.slice(0, nl);
    buf = '';
    let req: ControlRequest;
    try {
      req = JSON.parse(line) as ControlRequest;
    } catch {
      sock.end(JSON.stringify({ ok: false, error: 'the request is not JSON' } satisfies ControlResponse) + '\n');
      return;
    }
    void handle(req).then((res) => sock.end(JSON.stringify(res) + '\n'));
  });
}

/** Makes this process's jobs reachable from other processes (idempotent). Returns the run directory (undefined: unavailable, with a warning). */
export function startJobControl(): string | undefined {
  if (state) return state.dir;
  let dir: string;
  try {
    dir = ensureRunDir();
  } catch (e) {
    process.stderr.write(`[WARN] Job control is unavailable: ${(e as Error).message}\n`);
    return undefined;
  }
  const socket = join(dir, `${process.pid}.sock`);
  // a socket file left by a dead process with the same pid
  unlinkQuietly(socket);
  const server = createServer(serve);
  const listening = new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  server.listen(socket);
  server.unref();
  const registered = new Set<string>();
  const st: ControlState = {
    dir,
    socket,
    server,
    listening,
    registered,
    stopObserving: observeJobs({
      started(job) {
        void listening.then(
          () => {
            if (activeJobs.has(job)) writeRecord(st, job);
          },
          () => undefined,
        );
      },
      ended(job) {
        if (!st.registered.delete(job.id)) return;
        // the same id may be running again (a restart attempt): keep its record then
        if ([...activeJobs].some((j) => j.id === job.id)) {
          st.registered.add(job.id);
          return;
        }
        unlinkQuietly(recordPath(dir, job.id));
      },
    }),
  };
  listening.catch((e: unknown) => process.stderr.write(`[WARN] Job control is unavailable (cannot listen on ${socket}): ${(e as Error).message}\n`));
  process.once('exit', () => {
    for (const id of registered) unlinkQuietly(recordPath(dir, id));
    unlinkQuietly(socket);
  });
  state = st;
  return dir;
}

/** Stops serving and removes this process's files (tests). */
export async function stopJobControl(): Promise<void> {
  const st = state;
  if (!st) return;
  state = undefined;
  st.stopObserving();
  for (const id of st.registered) unlinkQuietly(recordPath(st.dir, id));
  st.registered.clear();
  await new Promise<void>((r) => st.server.close(() => r()));
  unlinkQuietly(st.socket);
}
