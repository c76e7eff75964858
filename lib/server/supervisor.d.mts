import type { ChildProcess } from 'node:child_process';
import type { TRestartBackoffPolicy } from './restart-backoff.mjs';

export interface TSupervisedChild {
  start(): void;
  readonly child: ChildProcess | null;
  stop(signal?: NodeJS.Signals): Promise<void>;
}
export declare function superviseChild(options: {
  name: string;
  spawnChild: () => ChildProcess;
  onConfigurationError: () => void;
  /** One message and its level; JSON lines on stdout (lib/server/log-line.mjs) by default. */
  log?: (line: string, level?: 'warn' | 'error' | 'fatal') => void;
  policy?: TRestartBackoffPolicy;
  /** How long the child gets after stop()'s signal before SIGKILL (default 15 s). */
  stopGraceMs?: number;
}): TSupervisedChild;
