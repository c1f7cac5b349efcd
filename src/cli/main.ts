/**
 * The `weir` command: `weir run FILE.sql` executes a Flink SQL script in order
 * (run-command.ts); `weir list|savepoint|stop|cancel` control the jobs that
 * `weir run` processes are running (jobs.ts). Exit codes: 0 done, 1 the script
 * or action failed, 2 bad usage. The run command's modules (planner, runtime)
 * are loaded only for `run`, so the job-control commands start quickly.
 */
import { JOB_COMMANDS, jobCommand } from './jobs.ts';

const HELP = `Usage: weir <command> [options]

Weir runs Flink SQL on Node.js.

Commands:
  run [--format=tableau|changelog-json] FILE.sql   run a script's statements in order
  list                                             list the jobs running on this machine
  savepoint <job> [TARGET_DIR]                     take a savepoint of a running job
  stop [--savepointPath DIR] <job>                 stop a running job with a savepoint
  cancel <job>                                     cancel a running job
  help                                             show this help

<job> is a job id (see 'weir list') or a job name.
Run 'weir <command> --help' for the options of a command.
`;

export async function main(argv: readonly string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    process.stdout.write(HELP);
    return cmd === undefined ? 2 : 0;
  }
  if ((JOB_COMMANDS as readonly string[]).includes(cmd)) return jobCommand(cmd as (typeof JOB_COMMANDS)[number], rest);
  if (cmd !== 'run') {
    process.stderr.write(`weir: unknown command '${cmd}'\n\n${HELP}`);
    return 2;
  }
  const { runCommand } = await import('./run-command.ts');
  return runCommand(rest);
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
