// Keyfort's AWS API listener as `npm start` runs it (the built bundle, SQLite in a temporary data dir), for the
// benches that measure it: api-throughput and api-profile start it the same way.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TBenchCredentials } from './aws-request';
import { freePort } from './free-port';
import { start, type TServer, type TSignedRequest } from './wrk';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const API_BUNDLE = path.join(ROOT, '.next', 'keyfort', 'api-server.mjs');

/** Builds the bundle when it is missing or asked for (`--rebuild`): esbuild only, no `next build`. */
export function ensureApiBundle(rebuild: boolean): void {
  if (existsSync(API_BUNDLE) && !rebuild) return;
  console.log('building the API server bundle…');
  const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-api.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('node scripts/build-api.mjs failed');
}

export interface TStartKeyfortApiOptions {
  credentials: TBenchCredentials;
  dataDir: string;
  workers: number;
  /** Node options for the primary; cluster workers inherit them (scripts/api-server.ts workerExecArgv). */
  nodeArgs?: string[];
  /** More environment for Keyfort (e.g. KEYFORT_LOG_LEVEL, to measure what the request log costs). */
  env?: Record<string, string>;
}

export async function startKeyfortApi(options: TStartKeyfortApiOptions): Promise<TServer> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    KEYFORT_DATA_DIR: options.dataDir,
    KEYFORT_ROOT_KEY: randomBytes(32).toString('base64'),
    KEYFORT_API_PORT: String(port),
    KEYFORT_API_HOST: '127.0.0.1',
    KEYFORT_API_WORKERS: String(options.workers),
    KEYFORT_BOOTSTRAP_ACCESS_KEY_ID: options.credentials.accessKeyId,
    KEYFORT_BOOTSTRAP_SECRET_ACCESS_KEY: options.credentials.secretAccessKey,
    // One access key sends everything here, faster than the default per-key limit allows: raised out of
    // reach rather than disabled, so the measurement includes the limiter's cost.
    KEYFORT_API_RATE_LIMIT: '1000000000',
    ...options.env,
  };
  return start('Keyfort', [...(options.nodeArgs ?? []), API_BUNDLE], env, port, 'keyfort-api-ready');
}

/** Sends a signed request once (set-up and checks, not load); throws on an error answer. */
export async function sendAwsRequest(port: number, request: TSignedRequest): Promise<Record<string, unknown>> {
  const { 'content-length': _length, host: _host, ...headers } = request.headers;
  const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers, body: request.body });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${response.status} ${String(json.__type)}: ${String(json.message)}`);
  return json;
}
