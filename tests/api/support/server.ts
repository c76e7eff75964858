import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { request as httpRequestPlain } from 'node:http';
import { randomBytes } from 'node:crypto';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordSecret, serverLogStream } from '../../support/test-logs.mjs';

export const PROJECT_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const API_SERVER_BUNDLE = path.join(PROJECT_ROOT, '.next', 'keyfort', 'api-server.mjs');

export interface TServerOptions {
  dataDir: string;
  rootKeyBase64: string;
  /** The bootstrap administrator access key; omitted for servers that reuse one already in the data dir. */
  bootstrap?: { accessKeyId: string; secretAccessKey: string };
  port?: number;
  /** Added to (or, with undefined, removed from) the server's environment. */
  env?: Record<string, string | undefined>;
  /** Serve HTTPS with this certificate (chain) and key; readiness is checked trusting only `ca`. */
  tls?: { certFile: string; keyFile: string; ca: Buffer };
}

export interface RunningServer {
  port: number;
  /** The process started (for the API listener: the cluster primary). */
  pid: number;
  origin: string;
  endpoint: string;
  /** stdout and stderr so far: attached to failures so a crash explains itself. */
  output(): string;
  /** Resolves when the process has exited: its exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Bundles scripts/api-server.ts as `npm run build` does; throws with the bundler's output on failure. */
export function buildApiServer(): void {
  const result = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts', 'build-api.mjs')], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (result.status !== 0) {
    throw new Error(`node scripts/build-api.mjs failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  }
}

/** A port nobody listens on right now (the OS picks it; released before the server binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export function randomRootKeyBase64(): string {
  const rootKey = randomBytes(32);
  recordSecret('root-key', rootKey);
  return rootKey.toString('base64');
}

/** An access key pair of the AWS shape: ID of [A-Z0-9], secret of 40 printable characters. */
export function randomAccessKey(prefix = 'KFTEST'): { accessKeyId: string; secretAccessKey: string } {
  const id = prefix + randomBytes(16).toString('hex').toUpperCase().slice(0, 20 - prefix.length);
  const secretAccessKey = randomBytes(30).toString('base64');
  recordSecret('access-key-secret', secretAccessKey);
  return { accessKeyId: id, secretAccessKey };
}

function serverEnv(options: TServerOptions, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Only what this test chooses: a developer's own Keyfort settings must not leak into the server.
  for (const name of Object.keys(env)) {
    if (name.startsWith('KEYFORT_') || name === 'DATABASE_URL') delete env[name];
  }
  Object.assign(env, {
    NODE_ENV: 'production',
    KEYFORT_DATA_DIR: options.dataDir,
    KEYFORT_API_PORT: String(port),
    KEYFORT_API_HOST: '127.0.0.1',
    KEYFORT_API_WORKERS: '1',
    KEYFORT_ROOT_KEY: options.rootKeyBase64,
  });
  if (options.tls) {
    env.KEYFORT_TLS_CERT_FILE = options.tls.certFile;
    env.KEYFORT_TLS_KEY_FILE = options.tls.keyFile;
  }
  if (options.bootstrap) {
    env.KEYFORT_BOOTSTRAP_ACCESS_KEY_ID = options.bootstrap.accessKeyId;
    env.KEYFORT_BOOTSTRAP_SECRET_ACCESS_KEY = options.bootstrap.secretAccessKey;
  }
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/**
 * A server's stdout and stderr as they come: kept for the test (attached to failures) and written to a file
 * under test-logs/servers/, which the secrets check of a full run greps (scripts/check-logs-for-secrets.mjs).
 */
export function collectOutput(child: ChildProcess, args: string[]): { text: () => string } {
  const file = serverLogStream(path.basename(args[0] ?? 'server', '.mjs'));
  let output = '';
  const take = (chunk: Buffer) => {
    output += chunk.toString();
    file.write(chunk);
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  child.once('close', () => file.end());
  return { text: () => output };
}

/**
 * The messages of a server's output, one a line: a JSON log line gives its `msg`, anything else (the
 * start-up banners on stderr) stays as it is. For assertions on wording that JSON would escape (quotes).
 */
export function logMessages(output: string): string {
  return output
    .split('\n')
    .map((line) => {
      if (!line.startsWith('{')) return line;
      try {
        const parsed = JSON.parse(line) as { msg?: unknown };
        return typeof parsed.msg === 'string' ? parsed.msg : line;
      } catch {
        return line;
      }
    })
    .join('\n');
}

/** Starts `node <script>` in its own process group and resolves once `ready(origin)` holds. */
export async function startProcess(options: {
  args: string[];
  env: NodeJS.ProcessEnv;
  port: number;
  ready: (origin: string) => Promise<boolean>;
  timeoutMs?: number;
  scheme?: 'http' | 'https';
}): Promise<RunningServer> {
  const origin = `${options.scheme ?? 'http'}://127.0.0.1:${options.port}`;
  const child = spawn(process.execPath, options.args, { cwd: PROJECT_ROOT, env: options.env, detached: true, stdio: 'pipe' });
  const output = collectOutput(child, options.args);
  const exitCode = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const exited = exitCode.then(() => undefined);
  const server: RunningServer = {
    port: options.port,
    pid: child.pid!,
    origin,
    endpoint: `${origin}/api/aws`,
    output: output.text,
    exited: exitCode,
    stop: () => stopProcess(child, exited),
  };

  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`server exited before it was ready (${child.exitCode ?? child.signalCode}):\n${output.text()}`);
    }
    if (await options.ready(origin).catch(() => false)) return server;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await server.stop();
  throw new Error(`server not ready within ${options.timeoutMs ?? 60_000} ms:\n${output.text()}`);
}

async function stopProcess(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const group = -child.pid;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(group, signal);
    } catch {
      // Already gone.
    }
  };
  signalGroup('SIGTERM');
  const timedOut = await Promise.race([exited.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 10_000))]);
  // Also when the primary exited: cluster workers of a crashed primary must not outlive the test run.
  signalGroup(timedOut ? 'SIGKILL' : 'SIGTERM');
  if (timedOut) await exited;
}

export interface THttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request on a fresh connection (no keep-alive reuse racing the server closing it) over http or https, trusting only `ca`. */
export function httpRequest(options: { url: string; ca?: Buffer; method?: string; headers?: Record<string, string>; body?: string }): Promise<THttpAnswer> {
  const url = new URL(options.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequestPlain;
  return new Promise((resolve, reject) => {
    const req = send(url, { method: options.method ?? 'GET', headers: options.headers, ca: options.ca, timeout: 5_000, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${options.url} within 5 s`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Any HTTP answer from the API listener means it accepts requests (unsigned ones are refused with 400). */
async function apiAnswers(origin: string, ca?: Buffer): Promise<boolean> {
  await httpRequest({
    url: `${origin}/`,
    ca,
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.ListKeys' },
    body: '{}',
  });
  return true;
}

/** How to run the dedicated API listener (.next/keyfort/api-server.mjs): one worker, on 127.0.0.1 unless `env` says otherwise. */
export function apiServerCommand(options: TServerOptions & { port: number }): { args: string[]; env: NodeJS.ProcessEnv } {
  return { args: [API_SERVER_BUNDLE], env: serverEnv(options, options.port) };
}

export async function startApiServer(options: TServerOptions): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const ca = options.tls?.ca;
  return startProcess({ ...apiServerCommand({ ...options, port }), port, ready: (origin) => apiAnswers(origin, ca), scheme: ca ? 'https' : 'http' });
}

/** How to run the Next console (`scripts/serve.mjs`, needs `next build`) on 127.0.0.1 unless `env` says otherwise. */
export function consoleServerCommand(options: TServerOptions & { port: number }): { args: string[]; env: NodeJS.ProcessEnv } {
  const env = serverEnv({ ...options, env: undefined }, options.port);
  Object.assign(env, { PORT: String(options.port), HOSTNAME: '127.0.0.1', NEXT_TELEMETRY_DISABLED: '1' });
  delete env.KEYFORT_API_PORT;
  delete env.KEYFORT_API_HOST;
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return { args: [path.join(PROJECT_ROOT, 'scripts', 'serve.mjs')], env };
}

/** The Next console sharing the data dir: for its /api/aws route. */
export async function startConsoleServer(options: TServerOptions): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const ca = options.tls?.ca;
  const healthy = async (origin: string) => (await httpRequest({ url: `${origin}/api/health`, ca })).status === 200;
  return startProcess({ ...consoleServerCommand({ ...options, port }), port, ready: healthy, timeoutMs: 120_000, scheme: ca ? 'https' : 'http' });
}

/**
 * Runs a server that is expected to stop by itself (a refused configuration): resolves with its exit code
 * and output, or kills it and throws when it is still running after `timeoutMs`.
 */
export function runUntilExit(options: { args: string[]; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, options.args, { cwd: PROJECT_ROOT, env: options.env, stdio: 'pipe' });
  const output = collectOutput(child, options.args);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`still running after ${options.timeoutMs ?? 60_000} ms, expected it to stop:\n${output.text()}`));
    }, options.timeoutMs ?? 60_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output: output.text() });
    });
  });
}
