/**
 * `weir list`, `weir savepoint`, `weir stop` and `weir cancel`: Flink's CLI
 * actions for the jobs that `weir run` processes are running on this machine
 * (found in the Weir run directory, reached over a local socket; see
 * src/control). A job is named by its id (`weir list`) or by its name.
 * Exit codes: 0 done, 1 the job is unknown or the action failed, 2 bad usage.
 */
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadCheckpoint, METADATA_FILE } from '../checkpoint/storage.ts';
import { control, findJob, JobControlError, listJobs, type JobRecord } from '../control/registry.ts';

export const JOB_COMMANDS = ['list', 'savepoint', 'stop', 'cancel'] as const;

const HELP: Record<(typeof JOB_COMMANDS)[number], string> = {
  list: `Usage: weir list

Lists the jobs running on this machine (started by 'weir run'):
  <start time> : <job id> : <job name> (RUNNING)
`,
  savepoint: `Usage: weir savepoint <job id | job name> [TARGET_DIR]
       weir savepoint --dispose SAVEPOINT_PATH

Triggers a savepoint of a running job and prints its path when it is complete;
the job keeps running. The savepoint goes under TARGET_DIR, else under the job's
'state.savepoints.dir' (or 'state.checkpoints.dir'). Resume with
'weir run --restore <path> FILE.sql'. --dispose (-d) deletes a savepoint.
`,
  stop: `Usage: weir stop [--savepointPath | -p | --savepoint [TARGET_DIR]] [--drain | -d] <job id | job name>

Stops a running job with a savepoint (Flink's 'flink stop'): takes the savepoint,
lets the sinks commit the output up to it, then cancels the job; prints the
savepoint's path. Without TARGET_DIR the job's 'state.savepoints.dir' is used.
--drain ends the sources' input first (the maximum watermark fires every window
and timer) and the job finishes with the savepoint; use it to end a job for good.
`,
  cancel: `Usage: weir cancel <job id | job name>

Cancels a running job without a savepoint.
`,
};

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** Flink's `flink list` time format: dd.MM.yyyy HH:mm:ss, local time. */
function listTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getDate())}.${pad(d.getMonth() + 1)}.${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function formatList(jobs: readonly JobRecord[]): string {
  if (jobs.length === 0) return 'No running jobs.\n';
  const lines = jobs.map((j) => `${listTime(j.startTime)} : ${j.id} : ${j.name} (${j.status})`);
  return ['------------------ Running/Restarting Jobs -------------------', ...lines, '--------------------------------------------------------------', ''].join('\n');
}

interface Parsed {
  readonly positional: string[];
  readonly target: string | undefined;
  readonly help: boolean;
  readonly drain: boolean;
  readonly dispose: boolean;
  readonly unknown: string | undefined;
}

function parse(cmd: string, args: readonly string[]): Parsed {
  const positional: string[] = [];
  let target: string | undefined;
  let savepointFlag = false;
  let help = false;
  let drain = false;
  let dispose = false;
  let unknown: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-h' || a === '--help') help = true;
    else if (cmd === 'stop' && (a === '--drain' || a === '-d')) drain = true;
    else if (cmd === 'savepoint' && (a === '--dispose' || a === '-d')) dispose = true;
    else if (cmd === 'stop' && /^--(savepointPath|savepoint)=/.test(a)) target = a.slice(a.indexOf('=') + 1);
    else if (cmd === 'stop' && (a === '--savepointPath' || a === '-p' || a === '--savepoint')) savepointFlag = true;
    else if (a.startsWith('-') && a !== '-') unknown ??= a;
    else positional.push(a);
  }
  // `stop -p DIR JOB`: the flag's optional value is the first of two positionals
  if (savepointFlag && target === undefined && positional.length === 2) target = positional.shift();
  return { positional, target, help, drain, dispose, unknown };
}

/** `weir savepoint --dispose PATH` (Flink's `flink savepoint -d`): deletes a complete savepoint directory. */
async function dispose(args: readonly string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  if (args.length !== 1) {
    err(`weir savepoint: --dispose takes one savepoint path\n\n${HELP.savepoint}`);
    return 2;
  }
  const path = resolve(args[0]!);
  out(`Disposing savepoint '${path}'.\n`);
  try {
    const c = await loadCheckpoint(path, false);
    if (c.metadata.kind !== 'savepoint') throw new Error(`it is a checkpoint (${c.metadata.kind} ${c.metadata.checkpointId}), not a savepoint`);
    await rm(join(path, METADATA_FILE), { force: true });
    await rm(path, { recursive: true, force: true });
  } catch (e) {
    err(`[ERROR] Cannot dispose savepoint '${path}': ${(e as Error).message}\n`);
    return 1;
  }
  out(`Savepoint '${path}' disposed.\n`);
  return 0;
}

/** Runs a job-control command; returns the exit code. */
export async function jobCommand(cmd: (typeof JOB_COMMANDS)[number], args: readonly string[]): Promise<number> {
  const out = (s: string): void => void process.stdout.write(s);
  const err = (s: string): void => void process.stderr.write(s);
  const p = parse(cmd, args);
  if (p.help) {
    out(HELP[cmd]);
    return 0;
  }
  if (p.unknown) {
    err(`weir ${cmd}: unknown option '${p.unknown}'\n\n${HELP[cmd]}`);
    return 2;
  }
  if (cmd === 'list') {
    if (p.positional.length > 0) {
      err(`weir list: unexpected argument '${p.positional[0]}'\n\n${HELP.list}`);
      return 2;
    }
    out(formatList(listJobs()));
    return 0;
  }
  if (p.dispose) return dispose(p.positional, out, err);
  const maxArgs = cmd === 'savepoint' ? 2 : 1;
  if (p.positional.length === 0 || p.positional.length > maxArgs) {
    err(`weir ${cmd}: ${p.positional.length === 0 ? 'missing the job id or name' : 'too many arguments'}\n\n${HELP[cmd]}`);
    return 2;
  }
  const [name, dirArg] = p.positional as [string, string | undefined];
  const targetText = cmd === 'savepoint' ? dirArg : p.target;
  const targetDir = targetText === undefined ? undefined : resolve(targetText);
  try {
    const job = findJob(name);
    if (cmd === 'cancel') {
      out(`Cancelling job ${job.id}.\n`);
      await control(job, { op: 'cancel', job: job.id });
      out(`Cancelled job ${job.id}.\n`);
      return 0;
    }
    if (cmd === 'savepoint') {
      out(`Triggering savepoint for job ${job.id}.\nWaiting for response...\n`);
      const path = await control(job, { op: 'savepoint', job: job.id, targetDir });
      out(`Savepoint completed. Path: ${path}\nYou can resume your program from this savepoint with the run command.\n`);
      return 0;
    }
    out(`Suspending job "${job.id}" with a savepoint.\n`);
    const path = await control(job, { op: 'stop', job: job.id, targetDir, drain: p.drain });
    out(`Savepoint completed. Path: ${path}\n`);
    return 0;
  } catch (e) {
    if (e instanceof JobControlError) {
      err(`[ERROR] ${e.message}\n`);
      return 1;
    }
    err(`[ERROR] ${(e as Error)?.stack ?? String(e)}\n`);
    return 1;
  }
}
