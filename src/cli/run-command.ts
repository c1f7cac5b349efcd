/**
 * `weir run FILE.sql`: executes a Flink SQL script's statements in order; the
 * rows of each SELECT go to stdout (tableau or changelog JSON lines), logs and
 * errors to stderr. The process's jobs are registered for job control (weir
 * list/savepoint/stop, SHOW JOBS, STOP JOB). Exit codes: 0 done, 1 the script
 * failed, 2 bad usage.
 */
import { readFileSync } from 'node:fs';
import { TableEnvironment, type StatementResult } from '../api/table-environment.ts';
import { parseStatements } from '../sql/index.ts';
import { WeirError, renderError } from '../common/error.ts';
import { ChangelogJsonPrinter, formatTableResult, TableauPrinter, type Writer } from './output.ts';
import { activeJobs, RESTORE_KEY, SAVEPOINTS_KEY } from '../checkpoint/run.ts';
import { startJobControl } from '../control/server.ts';

const RUN_HELP = `Usage: weir run [options] FILE.sql

Runs the statements of FILE.sql in order (CREATE TABLE, CREATE VIEW, SET,
INSERT INTO, SELECT, …). The rows of each SELECT are printed to stdout.

Options:
  --format=tableau          print results as a table with an 'op' column (default)
  --format=changelog-json   print one JSON object per change: {"op":"+I","row":[…]}
  --restore latest          resume each job from its newest complete checkpoint under
                            'state.checkpoints.dir' (starts afresh when there is none)
  --restore PATH            resume from a checkpoint or savepoint directory
                            (same as SET 'execution.savepoint.path' = 'PATH')
  --savepoint-on-exit       on SIGTERM, take a savepoint of the running job, then stop
                            (savepoints are possible even without a checkpoint interval)
  -h, --help                show this help
`;

class StdoutWriter implements Writer {
  private buf = '';
  write(s: string): void {
    this.buf += s;
    if (this.buf.length > 1 << 16) this.flush();
  }
  flush(): void {
    if (this.buf) process.stdout.write(this.buf);
    this.buf = '';
  }
}

/** 'table.display.max-column-width' (or the SQL client's older 'sql-client.display.max-column-width'), default 30. */
function maxColumnWidth(config: { get(key: string): string | undefined }): number {
  const key = config.get('table.display.max-column-width') !== undefined ? 'table.display.max-column-width' : 'sql-client.display.max-column-width';
  const raw = config.get(key);
  if (raw === undefined) return 30;
  const n = Number(raw.trim());
  if (!Number.isInteger(n) || n < 4) throw new WeirError('config', 'CONFIG', `'${key}' must be an integer of at least 4, not '${raw}'`);
  return n;
}

function printResult(r: StatementResult, zone: string): void {
  if (r.kind === 'ok') process.stderr.write(r.message + '\n');
  else if (r.kind === 'table') {
    process.stdout.write(formatTableResult(r.schema, r.rows, zone));
  }
}

export async function runCommand(rest: readonly string[]): Promise<number> {
  let format = 'tableau';
  let file: string | undefined;
  let restore: string | undefined;
  let savepointOnExit = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '-h' || a === '--help') {
      process.stdout.write(RUN_HELP);
      return 0;
    } else if (a.startsWith('--format=')) format = a.slice('--format='.length);
    else if (a.startsWith('--restore=')) restore = a.slice('--restore='.length);
    else if (a === '--restore' && i + 1 < rest.length) restore = rest[++i];
    else if (a === '--savepoint-on-exit') savepointOnExit = true;
    else if (a.startsWith('-')) {
      process.stderr.write(`weir run: unknown option '${a}'\n\n${RUN_HELP}`);
      return 2;
    } else file = a;
  }
  if (format !== 'tableau' && format !== 'changelog-json') {
    process.stderr.write(`weir run: unknown format '${format}' (expected tableau or changelog-json)\n`);
    return 2;
  }
  if (!file) {
    process.stderr.write(`weir run: missing FILE.sql\n\n${RUN_HELP}`);
    return 2;
  }
  let sql: string;
  try {
    sql = readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`weir run: cannot read ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  const env = new TableEnvironment();
  // other processes can list this process's jobs, take savepoints of them and stop them (weir list/savepoint/stop)
  startJobControl();
  if (savepointOnExit) env.config.set(SAVEPOINTS_KEY, 'true');
  if (restore === 'latest') env.config.set(RESTORE_KEY, 'latest');
  else if (restore !== undefined) env.config.set('execution.savepoint.path', restore);
  let terminated = false;
  if (savepointOnExit) {
    process.on('SIGTERM', () => {
      terminated = true;
      const jobs = [...activeJobs];
      if (jobs.length === 0) process.exit(143);
      for (const j of jobs) {
        j.stopWithSavepoint().then(
          (loc) => process.stderr.write(`[INFO] Savepoint of ${j.name} stored in ${loc}\n`),
          (e: unknown) => {
            process.stderr.write(`[ERROR] Savepoint of ${j.name} failed: ${(e as Error).message}\n`);
            process.exit(1);
          },
        );
      }
    });
  }
  const out = new StdoutWriter();
  try {
    for (const stmt of parseStatements(sql)) {
      if (terminated) break;
      const zone = env.timeZone();
      const width = maxColumnWidth(env.config);
      const sink =
        stmt.kind !== 'Query' ? undefined : format === 'changelog-json' ? new ChangelogJsonPrinter(out, zone) : new TableauPrinter(out, zone, width);
      const result = await env.execute(stmt, sink);
      out.flush();
      printResult(result, env.timeZone());
    }
    return 0;
  } catch (e) {
    out.flush();
    if (e instanceof WeirError) {
      process.stderr.write(`[ERROR] ${formatError(e, sql, file)}\n`);
      return 1;
    }
    process.stderr.write(`[ERROR] ${(e as Error)?.stack ?? String(e)}\n`);
    return 1;
  }
}

function formatError(e: WeirError, sql: string, file: string): string {
  const where = e.span && !/at line \d+, column \d+/.test(e.message) ? ` (${file}:${e.span.line}:${e.span.column})` : '';
  const cause = e.cause instanceof Error && e.cause.message !== e.message ? `\nCaused by: ${e.cause.message}` : '';
  return renderError(new WeirError(e.kind, e.code, e.message + where, e.span), sql) + cause;
}
