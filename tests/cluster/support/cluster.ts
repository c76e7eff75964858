// Several complete Keyfort instances (console + AWS API listener each, as `npm start` runs them) on one
// fresh PostgreSQL database, with the same root key and auth secret, as behind a load balancer. Each
// instance reaches the database through the test's DatabaseProxy, so a test can take "the database" away.
import { KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { testRequestHandler } from '../../support/kms-http-agent';
import { type DatabaseProxy, startDatabaseProxy } from './database-proxy';
import { type KeyfortProcess, PROJECT_ROOT, spawnKeyfort } from './processes';

export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL?.trim() || undefined;
export const REGION = 'eu-west-3';

export interface TCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface Instance {
  /** 'A', 'B', 'C': named in failure messages. */
  name: string;
  consoleOrigin: string;
  apiEndpoint: string;
  /** The real SDK against this instance's API listener, as the bootstrap administrator. */
  kms: KMSClient;
  kmsAs(credentials: TCredentials): KMSClient;
  /** A counter's value summed over its series, from the API listener's /metrics (all its workers). */
  apiMetric(name: string, labels?: string): Promise<number>;
  output(): string;
  running(): boolean;
  /** `kill -9` of its whole process group (supervisor, console, API listener, workers). */
  kill(): Promise<void>;
  /** Starts it again on the same ports, database and settings; resolves once it serves. */
  restart(): Promise<void>;
}

export interface Cluster {
  instances: Instance[];
  proxy: DatabaseProxy;
  /** Straight to the test database (not through the proxy), to read what is really stored. */
  sql<T extends pg.QueryResultRow = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
  databaseName: string;
  bootstrap: TCredentials;
  rootKeyBase64: string;
  /** The test database itself, bypassing the proxy (for the test's own in-process Keyfort). */
  directDatabaseUrl: string;
  close(): Promise<void>;
}

export interface TClusterOptions {
  instances: number;
  /** KEYFORT_API_WORKERS of every instance (default 1). */
  workers?: number;
  /** Extra settings for every instance (e.g. job intervals). */
  env?: Record<string, string>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function withAdmin<T>(body: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

export function kmsClientFor(endpoint: string, credentials: TCredentials): KMSClient {
  // No retries: every refusal is seen once, and a request during an outage shows how long it really took.
  return new KMSClient({ endpoint, region: REGION, maxAttempts: 1, credentials, requestHandler: testRequestHandler() });
}

export function randomAccessKey(prefix: string): TCredentials {
  return { accessKeyId: prefix + randomBytes(16).toString('hex').toUpperCase().slice(0, 20 - prefix.length), secretAccessKey: randomBytes(30).toString('base64') };
}

export function assertBuilt(): void {
  for (const file of ['BUILD_ID', 'keyfort/api-server.mjs', 'keyfort/serve.mjs']) {
    if (!existsSync(path.join(PROJECT_ROOT, '.next', file))) {
      throw new Error(`.next/${file} is missing: run \`npx next build && node scripts/build-api.mjs\` before the cluster tests.`);
    }
  }
}

/** Polls until `ready` holds or the process exits; throws with its output past the deadline. */
async function waitServing(process: KeyfortProcess, name: string, ready: () => Promise<boolean>, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (process.exited()) throw new Error(`instance ${name} exited before it served:\n${process.output()}`);
    if (await ready().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`instance ${name} did not serve within ${withinMs} ms:\n${process.output()}`);
}

export async function startCluster(options: TClusterOptions): Promise<Cluster> {
  if (!TEST_POSTGRES_URL) throw new Error('TEST_POSTGRES_URL is not set');
  assertBuilt();
  const databaseName = `keyfort_cluster_tests_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE "${databaseName}"`));
  const directUrl = new URL(TEST_POSTGRES_URL);
  directUrl.pathname = `/${databaseName}`;
  const pool = new pg.Pool({ connectionString: directUrl.toString(), max: 2 });
  const proxy = await startDatabaseProxy({ target: { host: directUrl.hostname, port: Number(directUrl.port || 5432) } });
  const databaseUrl = proxy.urlThrough(directUrl.toString());
  const rootKeyBase64 = randomBytes(32).toString('base64');
  const authSecret = randomBytes(32).toString('base64');
  const metricsToken = randomBytes(32).toString('hex');
  const bootstrap = randomAccessKey('KFCLUSTER');
  const dataDirs: string[] = [];
  const processes = new Set<KeyfortProcess>();

  const instances: Instance[] = [];
  const launches: (() => Promise<void>)[] = [];
  for (let i = 0; i < options.instances; i++) {
    const name = String.fromCharCode(65 + i);
    const [consolePort, apiPort] = [await freePort(), await freePort()];
    const dataDir = mkdtempSync(path.join(tmpdir(), `keyfort-cluster-${name}-`));
    dataDirs.push(dataDir);
    const env: NodeJS.ProcessEnv = { ...process.env };
    // Only what the test chooses: a developer's own Keyfort settings must not leak in.
    for (const variable of Object.keys(env)) if (variable.startsWith('KEYFORT_') || variable === 'DATABASE_URL') delete env[variable];
    Object.assign(env, {
      KEYFORT_SKIP_BUILD: '1',
      KEYFORT_DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      KEYFORT_ROOT_KEY: rootKeyBase64,
      KEYFORT_AUTH_SECRET: authSecret,
      KEYFORT_BOOTSTRAP_ACCESS_KEY_ID: bootstrap.accessKeyId,
      KEYFORT_BOOTSTRAP_SECRET_ACCESS_KEY: bootstrap.secretAccessKey,
      PORT: String(consolePort),
      HOSTNAME: '127.0.0.1',
      KEYFORT_API_PORT: String(apiPort),
      KEYFORT_API_HOST: '127.0.0.1',
      KEYFORT_API_WORKERS: String(options.workers ?? 1),
      // RSA pairs generated on demand only: a warm pool on every instance would load both cores for nothing.
      KEYFORT_KEY_POOL_SIZE: '0',
      KEYFORT_METRICS_TOKEN: metricsToken,
      NEXT_TELEMETRY_DISABLED: '1',
      ...options.env,
    });
    const consoleOrigin = `http://127.0.0.1:${consolePort}`;
    const apiEndpoint = `http://127.0.0.1:${apiPort}/`;
    const kms = kmsClientFor(apiEndpoint, bootstrap);
    const serves = async () =>
      (await fetch(`${consoleOrigin}/api/health`, { signal: AbortSignal.timeout(3_000) })).ok &&
      (await kms.send(new ListKeysCommand({ Limit: 1 })), true);
    let current: KeyfortProcess | undefined;
    const launch = async () => {
      const started = spawnKeyfort(env);
      current = started;
      processes.add(started);
      // Several consoles starting at once on a loaded 2-core machine: Next alone takes tens of seconds.
      await waitServing(started, name, serves, 150_000);
    };
    instances.push({
      name,
      consoleOrigin,
      apiEndpoint,
      kms,
      kmsAs: (credentials) => kmsClientFor(apiEndpoint, credentials),
      apiMetric: async (metric, labels = '') => {
        const response = await fetch(`${apiEndpoint}metrics`, { headers: { authorization: `Bearer ${metricsToken}` }, signal: AbortSignal.timeout(5_000) });
        if (!response.ok) throw new Error(`${name}'s /metrics answered ${response.status}`);
        let sum = 0;
        for (const line of (await response.text()).split('\n')) {
          if (!line.startsWith(metric) || !line.includes(labels)) continue;
          const [series, value] = line.split(' ');
          if (series === metric || series?.startsWith(`${metric}{`)) sum += Number(value);
        }
        return sum;
      },
      output: () => current?.output() ?? '',
      running: () => current !== undefined && !current.exited(),
      kill: async () => {
        if (!current) return;
        await current.kill();
        processes.delete(current);
      },
      restart: launch,
    });
    launches.push(launch);
  }

  const close = async () => {
    await Promise.all([...processes].map((p) => p.stop()));
    await proxy.close();
    await pool.end();
    await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`));
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  };

  try {
    // All at once, as a deployment rolls out several replicas on an empty database.
    const started = await Promise.allSettled(launches.map((launch) => launch()));
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  } catch (error) {
    await close();
    throw error;
  }

  return {
    instances,
    proxy,
    sql: async (text, values) => (await pool.query(text, values)).rows,
    databaseName,
    bootstrap,
    rootKeyBase64,
    directDatabaseUrl: directUrl.toString(),
    close,
  };
}
