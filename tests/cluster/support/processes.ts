// Keyfort processes started by the cluster tests, each `npm start` (scripts/start.mjs) in its own process
// group, so that one signal to the group reaches the supervisor, the console, the API listener and its
// workers. Every group is also killed when the test process exits, however it exits: a failed assertion
// or a crashed hook must not leave Keyfort instances running on the machine.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const START_SCRIPT = path.join(PROJECT_ROOT, 'scripts', 'start.mjs');

const groups = new Set<number>();
let exitHookInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Synchronous on purpose: 'exit' handlers cannot wait. SIGKILL needs no waiting.
  process.on('exit', () => {
    for (const pid of groups) killGroup(pid, 'SIGKILL');
  });
}

export interface KeyfortProcess {
  pid: number;
  /** stdout and stderr so far, for failure messages. */
  output(): string;
  exited(): boolean;
  /** Resolves once the supervisor exited. */
  whenExited: Promise<void>;
  /** `kill -9` of the whole group, without waiting for anything to finish. */
  kill(): Promise<void>;
  /** SIGTERM to the group, SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export function spawnKeyfort(env: NodeJS.ProcessEnv): KeyfortProcess {
  installExitHook();
  const child: ChildProcess = spawn(process.execPath, [START_SCRIPT], { cwd: PROJECT_ROOT, env, detached: true, stdio: 'pipe' });
  const pid = child.pid!;
  groups.add(pid);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const whenExited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const exited = () => child.exitCode !== null || child.signalCode !== null;

  const reap = async (signal: NodeJS.Signals, graceMs: number) => {
    killGroup(pid, signal);
    const inTime = await Promise.race([whenExited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), graceMs))]);
    // Also after a clean exit of the supervisor: a worker of a crashed primary must not outlive the test.
    killGroup(pid, 'SIGKILL');
    if (!inTime) await whenExited;
    groups.delete(pid);
  };

  return {
    pid,
    output: () => output,
    exited,
    whenExited,
    kill: () => reap('SIGKILL', 0),
    stop: (graceMs = 10_000) => reap('SIGTERM', graceMs),
  };
}
