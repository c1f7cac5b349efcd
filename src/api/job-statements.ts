/**
 * Flink's JOB statements, over the jobs that `weir run` processes run on this
 * machine (src/control): a script run by `weir run` can list the other
 * running jobs and stop one, as Flink's SQL client does against its cluster.
 *
 *   SHOW JOBS                                  job id | job name | status | start time
 *   STOP JOB '<id>'                            cancels the job
 *   STOP JOB '<id>' WITH SAVEPOINT             stops it with a savepoint → savepoint path
 *   … WITH SAVEPOINT WITH DRAIN                the sources end first (windows fire), then the savepoint
 *   STOP JOB '<id>' WITH DRAIN                 (without a savepoint) cancels it, as in Flink
 *
 * The savepoint goes under this session's 'state.savepoints.dir' when it is
 * SET (as in Flink, the session's value wins), else under the job's own.
 * A job is named by its id, or by its name (a Weir extension).
 */
import { WeirError } from '../common/error.ts';
import type { StopJob } from '../sql/ast/statement.ts';
import { T } from '../types/logical-type.ts';
import { utcToLocal } from '../types/temporal.ts';
import { toLocalPath } from '../checkpoint/config.ts';
import { control, findJob, JobControlError, listJobs } from '../control/registry.ts';
import type { StatementResult } from './table-environment.ts';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** The wall-clock time of an instant in `zone`, as Flink prints a LocalDateTime: 2023-02-11T05:03:51.523. */
function localDateTime(ms: number, zone: string): string {
  const d = new Date(utcToLocal(ms, zone));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

export function showJobs(zone: string): StatementResult {
  const s = T.string(false);
  return {
    kind: 'table',
    schema: T.row(
      ['job id', 'job name', 'status', 'start time'].map((name) => ({ name, type: s })),
      false,
    ),
    rows: listJobs().map((j) => [j.id, j.name, j.status, localDateTime(j.startTime, zone)]),
  };
}

export async function stopJob(stmt: StopJob, config: ReadonlyMap<string, string>): Promise<StatementResult> {
  try {
    const job = findJob(stmt.jobId);
    if (!stmt.withSavepoint) {
      await control(job, { op: 'cancel', job: job.id });
      return { kind: 'ok', message: '[INFO] Execute statement succeeded.' };
    }
    const dirText = config.get('state.savepoints.dir') ?? config.get('execution.checkpointing.savepoint-dir');
    const targetDir = dirText && dirText.trim() ? toLocalPath(dirText) : undefined;
    const path = await control(job, { op: 'stop', job: job.id, targetDir, drain: stmt.withDrain });
    return { kind: 'table', schema: T.row([{ name: 'savepoint path', type: T.string(false) }], false), rows: [[path]] };
  } catch (e) {
    if (e instanceof JobControlError) throw new WeirError('runtime', 'JOB_CONTROL', `Could not stop job '${stmt.jobId}': ${e.message}`, stmt.span);
    throw e;
  }
}
