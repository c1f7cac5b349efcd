/**
 * Checkpointing configuration, read from the job's configuration with
 * Flink's option names and defaults:
 *
 *   execution.checkpointing.interval                        (unset = disabled)
 *   execution.checkpointing.mode                            EXACTLY_ONCE | AT_LEAST_ONCE
 *   execution.checkpointing.timeout                         10 min
 *   execution.checkpointing.max-concurrent-checkpoints      1
 *   execution.checkpointing.min-pause                       0
 *   execution.checkpointing.externalized-checkpoint-retention
 *        NO_EXTERNALIZED_CHECKPOINTS | RETAIN_ON_CANCELLATION | DELETE_ON_CANCELLATION
 *   state.checkpoints.dir                                   file://… or a plain path
 *   state.savepoints.dir                                    (default: the checkpoint directory)
 *   state.checkpoints.num-retained                          1
 *   execution.savepoint.path                                a checkpoint/savepoint to restore
 *   restart-strategy.type                                   none | fixed-delay | exponential-delay
 *   restart-strategy.fixed-delay.attempts / .delay
 *   restart-strategy.exponential-delay.initial-backoff / .max-backoff / .backoff-multiplier / .attempts-before-reset-backoff
 */
import { parseDuration } from '../catalog/options.ts';
import { WeirError } from '../common/error.ts';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

export type CheckpointingMode = 'EXACTLY_ONCE' | 'AT_LEAST_ONCE';
export type Retention = 'NO_EXTERNALIZED_CHECKPOINTS' | 'RETAIN_ON_CANCELLATION' | 'DELETE_ON_CANCELLATION';

export interface CheckpointConfig {
  /** Milliseconds between checkpoints; undefined when checkpointing is disabled. */
  readonly intervalMs: number | undefined;
  readonly mode: CheckpointingMode;
  readonly timeoutMs: number;
  readonly maxConcurrent: number;
  readonly minPauseMs: number;
  readonly retention: Retention;
  /** Absolute directory, or undefined. */
  readonly dir: string | undefined;
  readonly savepointDir: string | undefined;
  readonly numRetained: number;
  /** A checkpoint or savepoint directory to restore ('execution.savepoint.path'). */
  readonly restorePath: string | undefined;
}

export type RestartStrategy =
  | { readonly type: 'none' }
  | { readonly type: 'fixed-delay'; readonly attempts: number; readonly delayMs: number }
  | {
      readonly type: 'exponential-delay';
      readonly initialMs: number;
      readonly maxMs: number;
      readonly multiplier: number;
      readonly attempts: number;
    };

function bad(key: string, value: string, why: string): WeirError {
  return new WeirError('config', 'CONFIG', `Could not parse value '${value}' for key '${key}': ${why}`);
}

function duration(config: ReadonlyMap<string, string>, key: string, dflt: number): number {
  const v = config.get(key);
  if (v === undefined || v.trim() === '') return dflt;
  try {
    return parseDuration(v);
  } catch (e) {
    throw bad(key, v, (e as Error).message);
  }
}

function int(config: ReadonlyMap<string, string>, key: string, dflt: number, min: number): number {
  const v = config.get(key);
  if (v === undefined || v.trim() === '') return dflt;
  const n = Number(v.trim());
  if (!Number.isInteger(n) || n < min) throw bad(key, v, `expected an integer >= ${min}`);
  return n;
}

/** A 'file://…' URI or a plain path → an absolute path. */
export function toLocalPath(uri: string): string {
  const u = uri.trim();
  if (u.startsWith('file:')) return fileURLToPath(u.startsWith('file://') ? u : 'file://' + u.slice(5));
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(u)) {
    throw new WeirError('validation', 'UNSUPPORTED', `Checkpoint storage '${u}': only file:// and plain paths are supported yet`);
  }
  return resolve(u);
}

export function checkpointConfig(config: ReadonlyMap<string, string>): CheckpointConfig {
  const iv = config.get('execution.checkpointing.interval');
  const intervalMs = iv === undefined || iv.trim() === '' ? undefined : duration(config, 'execution.checkpointing.interval', 0);
  const modeText = (config.get('execution.checkpointing.mode') ?? 'EXACTLY_ONCE').trim().toUpperCase().replace(/-/g, '_');
  if (modeText !== 'EXACTLY_ONCE' && modeText !== 'AT_LEAST_ONCE') {
    throw bad('execution.checkpointing.mode', config.get('execution.checkpointing.mode')!, 'expected EXACTLY_ONCE or AT_LEAST_ONCE');
  }
  const retText = (config.get('execution.checkpointing.externalized-checkpoint-retention') ?? 'NO_EXTERNALIZED_CHECKPOINTS').trim().toUpperCase();
  if (retText !== 'NO_EXTERNALIZED_CHECKPOINTS' && retText !== 'RETAIN_ON_CANCELLATION' && retText !== 'DELETE_ON_CANCELLATION') {
    throw bad('execution.checkpointing.externalized-checkpoint-retention', retText, 'expected NO_EXTERNALIZED_CHECKPOINTS, RETAIN_ON_CANCELLATION or DELETE_ON_CANCELLATION');
  }
  const dirText = config.get('state.checkpoints.dir') ?? config.get('execution.checkpointing.dir');
  const spText = config.get('state.savepoints.dir') ?? config.get('execution.checkpointing.savepoint-dir');
  const restore = config.get('execution.savepoint.path') ?? config.get('execution.state-recovery.path');
  const timeoutMs = duration(config, 'execution.checkpointing.timeout', 10 * 60_000);
  if (intervalMs !== undefined && intervalMs < 10) throw bad('execution.checkpointing.interval', iv!, 'the minimum interval is 10 ms');
  return {
    intervalMs: intervalMs === 0 ? undefined : intervalMs,
    mode: modeText,
    timeoutMs,
    maxConcurrent: int(config, 'execution.checkpointing.max-concurrent-checkpoints', 1, 1),
    minPauseMs: duration(config, 'execution.checkpointing.min-pause', 0),
    retention: retText,
    dir: dirText && dirText.trim() ? toLocalPath(dirText) : undefined,
    savepointDir: spText && spText.trim() ? toLocalPath(spText) : undefined,
    numRetained: int(config, 'state.checkpoints.num-retained', 1, 1),
    restorePath: restore && restore.trim() ? restore.trim() : undefined,
  };
}

export function restartStrategy(config: ReadonlyMap<string, string>, checkpointing: boolean): RestartStrategy {
  const t = config.get('restart-strategy.type') ?? config.get('restart-strategy');
  // Flink: with checkpointing and no strategy configured, exponential-delay is used.
  const type = (t ?? (checkpointing ? 'exponential-delay' : 'none')).trim().toLowerCase();
  switch (type) {
    case 'none':
    case 'off':
    case 'disable':
      return { type: 'none' };
    case 'fixed-delay':
    case 'fixeddelay':
      return {
        type: 'fixed-delay',
        attempts: int(config, 'restart-strategy.fixed-delay.attempts', 1, 0),
        delayMs: duration(config, 'restart-strategy.fixed-delay.delay', 1000),
      };
    case 'exponential-delay':
    case 'exponentialdelay': {
      const m = Number(config.get('restart-strategy.exponential-delay.backoff-multiplier') ?? '1.5');
      if (!(m >= 1)) throw bad('restart-strategy.exponential-delay.backoff-multiplier', String(m), 'expected a number >= 1');
      return {
        type: 'exponential-delay',
        initialMs: duration(config, 'restart-strategy.exponential-delay.initial-backoff', 1000),
        maxMs: duration(config, 'restart-strategy.exponential-delay.max-backoff', 60_000),
        multiplier: m,
        attempts: int(config, 'restart-strategy.exponential-delay.attempts-before-reset-backoff', Number.MAX_SAFE_INTEGER, 0),
      };
    }
    default:
      throw bad('restart-strategy.type', t ?? '', 'expected none, fixed-delay or exponential-delay');
  }
}
