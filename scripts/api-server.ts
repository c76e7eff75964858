// The dedicated AWS API listener: `node .next/keyfort/api-server.mjs` (bundled by scripts/build-api.mjs,
// started by `npm start` after the console). A node:cluster primary prepares the database once (migrations,
// root key check, bootstrap access key), then forks KEYFORT_API_WORKERS workers that each serve `/` and
// `/api/aws` on KEYFORT_API_PORT. Workers run no background jobs and warm no key-pair pool: the console does.
import cluster, { type Address, type Worker } from 'node:cluster';
import { apiRateLimitFromEnv, createAwsApiHandler } from '@/lib/aws-api';
import { getDatabase } from '@/lib/db/client';
import { evaluationOnlyWarning } from '@/lib/kms/crypto/root-key';
import { createApiListener } from '@/lib/server/api-listener';
import { apiServerSettingsFromEnv, type TApiServerSettings } from '@/lib/server/api-settings';
import { applyBootstrapAccessKey, takeBootstrapAccessKeySettings } from '@/lib/server/bootstrap-access-key';
import { EXIT_CONFIGURATION_ERROR, startupExitCode } from '@/lib/server/configuration-error';
import { describeError, describeStartupError } from '@/lib/server/describe-error';
import { getKmsRuntime } from '@/lib/server/kms-context';
import { listeningUrl } from '@/lib/server/node-server';

export const READY_MESSAGE = 'keyfort-api-ready';
const SHUTDOWN_GRACE_MS = 10_000;
/**
 * Young-generation size for workers, unless the operator set one (NODE_OPTIONS or node's arguments). Every
 * request allocates short-lived objects (parsed JSON, buffers, promises); a larger nursery means fewer
 * scavenges, which measurably raises requests per second (bench/api-throughput.ts) for up to ~100 MB more
 * memory per worker.
 */
const WORKER_SEMI_SPACE_MB = 32;
/** More crashes than this within a minute means something is wrong that restarting will not fix. */
const MAX_RESTARTS_PER_MINUTE = 5;

function fail(error: unknown): never {
  console.error(`[keyfort] API server cannot start: ${describeStartupError(error)}`);
  // 78 (a setting is wrong) tells supervisors that restarting will not help.
  process.exit(startupExitCode(error));
}

async function prepare(): Promise<TApiServerSettings> {
  const settings = apiServerSettingsFromEnv(process.env);
  if (settings.plainHttpWarning) console.error(settings.plainHttpWarning);
  const bootstrap = takeBootstrapAccessKeySettings(process.env);
  // Workers inherit the environment; the administrator's password is none of their business.
  delete process.env.KEYFORT_ADMIN_PASSWORD;
  const runtime = await getKmsRuntime();
  if (runtime.rootKey.evaluationOnly) console.error(`\n${evaluationOnlyWarning(runtime.rootKey)}\n`);
  if (bootstrap) await applyBootstrapAccessKey({ ctx: runtime.ctx, settings: bootstrap });
  await runtime.keyPairPool.stop();
  await (await getDatabase()).close();
  return settings;
}

function workerExecArgv(): string[] {
  const chosen = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((arg) => arg.includes('--max-semi-space-size'));
  return chosen ? process.execArgv : [...process.execArgv, `--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`];
}

function runPrimary(settings: TApiServerSettings): void {
  cluster.setupPrimary({ execArgv: workerExecArgv() });
  let shuttingDown = false;
  let ready = false;
  let listening = 0;
  const restarts: number[] = [];

  const fork = () => cluster.fork().once('listening', (address: Address) => onListening(address));
  function onListening(address: Address): void {
    listening += 1;
    if (ready || listening < settings.workers) return;
    ready = true;
    // The address the workers actually bound, so the log shows whether the API is reachable from elsewhere.
    const url = listeningUrl({ tls: settings.tls !== null, address: address.address ?? settings.host, port: address.port });
    console.log(`Keyfort AWS API listening on ${url} (${settings.workers} worker${settings.workers === 1 ? '' : 's'})`);
    process.send?.({ type: READY_MESSAGE });
  }

  cluster.on('exit', (worker: Worker, code, signal) => {
    if (shuttingDown) {
      // exitCode: 0 after a requested stop, 1 after a failure.
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
      return;
    }
    console.error(`[keyfort] API worker ${worker.process.pid} exited (${signal ?? code})`);
    const now = Date.now();
    restarts.push(now);
    while (restarts[0]! < now - 60_000) restarts.shift();
    // A worker that dies before all are listening has a start-up problem; restarting would loop on it.
    if (!ready || restarts.length > MAX_RESTARTS_PER_MINUTE) {
      shuttingDown = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
      // A worker that found a setting wrong (a TLS file gone since the primary read it) makes it final.
      process.exitCode = !ready && code === EXIT_CONFIGURATION_ERROR ? EXIT_CONFIGURATION_ERROR : 1;
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
      return;
    }
    fork();
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (shuttingDown) return;
      shuttingDown = true;
      const workers = Object.values(cluster.workers ?? {});
      if (workers.length === 0) process.exit(0);
      for (const worker of workers) worker?.process.kill('SIGTERM');
      setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    });
  }
  for (let i = 0; i < settings.workers; i++) fork();
}

async function runWorker(): Promise<void> {
  const settings = apiServerSettingsFromEnv(process.env);
  const runtime = await getKmsRuntime();
  const rateLimit = apiRateLimitFromEnv(process.env); // per worker: each keeps its own buckets
  const handler = createAwsApiHandler({ getContext: () => Promise.resolve(runtime.ctx), accountId: settings.accountId, rateLimit });
  const server = createApiListener({ handler, tls: settings.tls });
  server.on('error', (error) => fail(error));
  server.listen(settings.port, settings.host);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // In-flight requests finish (bounded); idle keep-alive connections close now.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS / 2))]);
    await Promise.all([runtime.keyPairPool.stop(), getDatabase().then((db) => db.close())]).catch((error: unknown) =>
      console.error(`[keyfort] API worker shutdown: ${describeError(error)}`),
    );
    process.exit(0);
  };
  // Ctrl-C reaches the whole process group and the primary forwards SIGTERM: either way, once. A primary
  // that died (its IPC channel gone) leaves no one to distribute connections: stop too.
  for (const event of ['SIGINT', 'SIGTERM', 'disconnect'] as const) process.on(event, () => void stop());
}

if (cluster.isPrimary) {
  prepare().then(runPrimary, fail);
} else {
  runWorker().catch(fail);
}
