// wrk against a Keyfort-like server, and the CPU its worker processes spent meanwhile (from /proc): what the
// throughput benches share.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const WRK = '/usr/bin/wrk';

export interface TServer {
  name: string;
  port: number;
  child: ChildProcess;
}

export interface TSignedRequest {
  headers: Record<string, string>;
  body: string;
}

function luaString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function writeWrkScript(file: string, request: TSignedRequest): void {
  const lines = ['wrk.method = "POST"', `wrk.body = ${luaString(request.body)}`];
  for (const [name, value] of Object.entries(request.headers)) {
    // wrk adds its own `Host` unless the script sets that exact name; a second Host line would not be the
    // request that was signed (SigV4 covers every line of a signed header).
    const wrkName = name === 'host' ? 'Host' : name;
    if (name !== 'content-length') lines.push(`wrk.headers[${luaString(wrkName)}] = ${luaString(value)}`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

/** Linux clock ticks per second, as /proc/<pid>/stat counts CPU time (USER_HZ is 100 on every common kernel). */
const CLOCK_TICKS_PER_SECOND = 100;

/** A cluster primary's worker processes, from /proc; null where there is no /proc. */
export function workerPids(primaryPid: number): string[] | null {
  try {
    const pids = readFileSync(`/proc/${primaryPid}/task/${primaryPid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return pids.length > 0 ? pids.sort() : null;
  } catch {
    return null;
  }
}

/** user + system CPU time (ms) from /proc stat files (a process's, or one thread's); null if any is unreadable. */
function cpuMsFromStat(files: string[]): number | null {
  let ticks = 0;
  for (const file of files) {
    let stat: string;
    try {
      stat = readFileSync(file, 'utf8');
    } catch {
      return null;
    }
    // Fields after the command name (which may hold spaces and parentheses): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const used = Number(fields[11]) + Number(fields[12]);
    if (!Number.isFinite(used)) return null;
    ticks += used;
  }
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/**
 * CPU time (user + system, ms) used so far by these processes, all threads; null if any is gone or
 * unreadable. A diagnostic beside the verdict: requests per second move with everything else on the
 * machine, CPU per request much less, so it shows where a low ratio comes from.
 */
function cpuMs(pids: string[]): number | null {
  return cpuMsFromStat(pids.map((pid) => `/proc/${pid}/stat`));
}

/**
 * CPU time (ms) of a process's main thread only (its thread ID is its PID): the thread that runs JavaScript
 * and that a V8 CPU profile samples, without GC helper threads, libuv's pool or the profiler's own thread.
 */
export function mainThreadCpuMs(pid: string): number | null {
  return cpuMsFromStat([`/proc/${pid}/task/${pid}/stat`]);
}

export interface TWrkResult {
  rps: number;
  /** Requests wrk completed in the run. */
  requests: number;
  /** Server CPU per request (all its workers), µs; null without /proc. */
  cpuUsPerRequest: number | null;
}

export function runWrk(server: TServer, script: string, seconds: number, requestPath = '/'): TWrkResult {
  const { port } = server;
  // Measured over the same worker processes only: a worker restarted during the run makes the figure null.
  const pids = workerPids(server.child.pid!);
  const cpuBefore = pids && cpuMs(pids);
  const result = spawnSync(WRK, ['-t2', '-c8', `-d${seconds}s`, '-s', script, `http://127.0.0.1:${port}${requestPath}`], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`wrk failed: ${result.stderr}`);
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(result.stdout);
  if (errors) throw new Error(`wrk saw ${errors[1]} error responses: the signed request was refused\n${result.stdout}`);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(result.stdout);
  const requests = /(\d+) requests in/.exec(result.stdout);
  if (!rps || !requests) throw new Error(`cannot read wrk's output:\n${result.stdout}`);
  const samePids = pids !== null && workerPids(server.child.pid!)?.join() === pids.join();
  const cpuAfter = samePids ? cpuMs(pids) : null;
  const cpuUsPerRequest =
    cpuBefore === null || cpuAfter === null || Number(requests[1]) === 0 ? null : ((cpuAfter - cpuBefore) * 1000) / Number(requests[1]);
  return { rps: Number(rps[1]), requests: Number(requests[1]), cpuUsPerRequest };
}

export function start(name: string, args: string[], env: NodeJS.ProcessEnv, port: number, readyMessage: string): Promise<TServer> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 60 s`)), 60_000);
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before it was ready`)));
    child.on('message', (message: { type?: string }) => {
      if (message?.type !== readyMessage) return;
      clearTimeout(timer);
      resolve({ name, port, child });
    });
  });
}

export function stop(server: TServer | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    server.child.once('exit', () => resolve());
    server.child.kill('SIGTERM');
  });
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
