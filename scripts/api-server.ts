// The dedicated API listener (AWS, and Huawei under /v1.0/): `node .next/keyfort/api-server.mjs` (bundled by scripts/build-api.mjs,
// started by `npm start` after the console). A node:cluster primary prepares the database once (migrations,
// root key check, bootstrap access key), then forks KEYFORT_API_WORKERS workers that each serve `/` and
// `/api/aws` on KEYFORT_API_PORT. Workers run no background jobs and warm no key-pair pool: the console does.
// A worker that dies is replaced after a backoff (lib/server/restart-backoff.mjs), never given up on; one
// that stops because of its configuration (exit code 78) stops the listener with that code.
import cluster, { type Address, type Worker } from 'node:cluster';
import { apiRateLimitFromEnv, createAwsApiHandler } from '@/lib/aws-api';
import { getDatabase } from '@/lib/db/client';
import { createHuaweiApiHandler, HUAWEI_ROUTES, huaweiProjectIdFromEnv } from '@/lib/huawei-api';
import { databaseReadinessProbes } from '@/lib/db/readiness-probes';
import { evaluationOnlyWarning } from '@/lib/kms';
import { createApiListener } from '@/lib/server/api-listener';
import { apiServerSettingsFromEnv, type TApiServerSettings } from '@/lib/server/api-settings';
import { applyBootstrapAccessKey, takeBootstrapAccessKeySettings } from '@/lib/server/bootstrap-access-key';
import { ConfigurationError, EXIT_CONFIGURATION_ERROR } from '@/lib/server/configuration-error';
import { describeError } from '@/lib/kms';
import { answerMetricsCollection, clusterMetricsFromPrimary, serveClusterMetrics } from '@/lib/server/cluster-metrics';
import { closeGracefully } from '@/lib/server/graceful-close';
import { createReadinessCheck } from '@/lib/server/health';
import { getHuaweiScope } from '@/lib/server/huawei-scope';
import { getKmsRuntime } from '@/lib/server/kms-context';
import { apiRequestObserver, keyfortMetrics, registerApiWorker } from '@/lib/server/metrics';
import { opsSettingsFromEnv } from '@/lib/server/ops-settings';
import { listenerTimeoutsFromEnv } from '@/lib/server/listener-timeouts';
import { componentLogger, lineLogger, logLevelFromEnv } from '@/lib/server/logger';
import { listeningUrl } from '@/lib/server/node-server';
import { relayChangesFrom } from '@/lib/server/change-relay.mjs';
import { requestLogObserver } from '@/lib/server/request-log';
import { createRestartBackoff } from '@/lib/server/restart-backoff.mjs';
import { answerRootKeyRequests, receiveRootKey, ROOT_KEY_HANDOVER_ENV, rootKeyValue } from '@/lib/server/root-key-handover.mjs';
import { printBanner } from '@/lib/server/banner';
import { exitOnStartupError, readSettings } from '@/lib/server/startup-failure';
import { sweepOnStart } from '@/lib/server/sweep-on-start';
import { workerExecArgv } from '@/lib/server/worker-exec-argv';

export const READY_MESSAGE = 'keyfort-api-ready';
/** After the workers' own grace: what a worker needs to stop its pool and close the database. */
const PRIMARY_SHUTDOWN_MARGIN_MS = 5_000;
/** Listen errors only the operator can fix (a privileged port, an address this host does not have). */
const CONFIGURATION_LISTEN_ERRORS = new Set(['EACCES', 'EADDRNOTAVAIL']);
const log = componentLogger('api');

async function prepare(): Promise<{ settings: TApiServerSettings; shutdownGraceMs: number }> {
  await receiveRootKey();
  readSettings(() => logLevelFromEnv(process.env));
  const settings = readSettings(() => apiServerSettingsFromEnv(process.env));
  const { shutdownGraceMs } = readSettings(() => opsSettingsFromEnv(process.env));
  if (settings.plainHttpWarning) log.warn(settings.plainHttpWarning);
  readSettings(() => listenerTimeoutsFromEnv(process.env));
  readSettings(() => apiRateLimitFromEnv(process.env));
  readSettings(() => huaweiProjectIdFromEnv(process.env));
  const bootstrap = readSettings(() => takeBootstrapAccessKeySettings(process.env));
  // Workers inherit the environment; the administrator's password is none of their business.
  delete process.env.KEYFORT_ADMIN_PASSWORD;
  const runtime = await getKmsRuntime();
  if (runtime.rootKey.evaluationOnly) printBanner({ logger: log, text: evaluationOnlyWarning(runtime.rootKey), summary: 'evaluation-only root key in use (see the warning on stderr)' });
  if (bootstrap) await applyBootstrapAccessKey({ ctx: runtime.ctx, settings: bootstrap });
  // Before any worker is forked: the listener may start before the console (npm start restarts it alone).
  await sweepOnStart(runtime.ctx);
  // Written once here (a generated project and domain ID), so that the workers only ever read them.
  await getHuaweiScope();
  await runtime.keyPairPool.stop();
  await runtime.changes.stop();
  await (await getDatabase()).close();
  return { settings, shutdownGraceMs };
}

function describeExit(code: number | null, signal: string | null): string {
  return signal ? `killed by ${signal}` : `exit code ${code}`;
}

function runPrimary({ settings, shutdownGraceMs }: { settings: TApiServerSettings; shutdownGraceMs: number }): void {
  // The kernel hands connections to the workers, not the primary: with node's default round-robin the
  // primary accepts each connection and passes it on, and one passed to a worker that dies before taking
  // it stays open in the primary for good (the client hangs). Now a dead worker's connections die with it.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  cluster.setupPrimary({ execArgv: workerExecArgv(process.execArgv, process.env.NODE_OPTIONS) });
  // Read from the environment (or handed over by `npm start`) in prepare(); workers ask for it over IPC.
  const rootKey = rootKeyValue();
  const backoff = createRestartBackoff();
  const pendingForks = new Set<NodeJS.Timeout>();
  let shuttingDown = false;
  let ready = false;
  let listening = 0;
  serveClusterMetrics();

  const everyoneButPrimary = () => [...Object.values(cluster.workers ?? {}), process];
  if (process.send) relayChangesFrom(process, () => Object.values(cluster.workers ?? {}));
  const fork = () => {
    const worker = cluster.fork(rootKey === undefined ? {} : { [ROOT_KEY_HANDOVER_ENV]: 'ipc' });
    answerRootKeyRequests(worker, rootKey);
    // A change committed through one worker reaches the others and, through `npm start`, the console.
    relayChangesFrom(worker, everyoneButPrimary);
    worker.once('listening', (address: Address) => onListening(worker, address));
  };
  function onListening(worker: Worker, address: Address): void {
    listening += 1;
    if (ready) return void log.info({ workerPid: worker.process.pid }, `API worker ${worker.process.pid} is serving`);
    if (listening < settings.workers) return;
    ready = true;
    // The address the workers actually bound, so the log shows whether the API is reachable from elsewhere.
    const url = listeningUrl({ tls: settings.tls !== null, address: address.address ?? settings.host, port: address.port });
    log.info({ url, workers: settings.workers }, `Keyfort AWS API listening on ${url} (${settings.workers} worker${settings.workers === 1 ? '' : 's'})`);
    process.send?.({ type: READY_MESSAGE });
  }

  function shutdown(exitCode: number): void {
    if (shuttingDown) return;
    shuttingDown = true;
    process.exitCode = exitCode;
    for (const timer of pendingForks) clearTimeout(timer);
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(exitCode);
    for (const worker of workers) worker?.process.kill('SIGTERM');
    // Workers cut their remaining connections at the grace; one still running after the margin is stuck.
    setTimeout(() => process.exit(exitCode || 1), shutdownGraceMs + PRIMARY_SHUTDOWN_MARGIN_MS).unref();
  }

  cluster.on('exit', (worker: Worker, code, signal) => {
    if (shuttingDown) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
      return;
    }
    if (code === EXIT_CONFIGURATION_ERROR) {
      log.fatal({ workerPid: worker.process.pid }, `API worker ${worker.process.pid} stopped because of the configuration (see above); the API listener stops.`);
      return shutdown(EXIT_CONFIGURATION_ERROR);
    }
    const { delayMs, failures } = backoff.failed();
    log.error(
      { workerPid: worker.process.pid },
      `API worker ${worker.process.pid} stopped unexpectedly (${describeExit(code, signal)}); starting a new one in ${delayMs / 1000} s (failure ${failures} in a row).`,
    );
    const timer = setTimeout(() => {
      pendingForks.delete(timer);
      fork();
    }, delayMs);
    pendingForks.add(timer);
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => shutdown(0));
  for (let i = 0; i < settings.workers; i++) fork();
}

async function runWorker(): Promise<void> {
  await receiveRootKey();
  const settings = apiServerSettingsFromEnv(process.env);
  const runtime = await getKmsRuntime();
  const { metricsTokenDigest, shutdownGraceMs } = opsSettingsFromEnv(process.env);
  const rateLimit = apiRateLimitFromEnv(process.env); // per worker: each keeps its own buckets
  const metrics = keyfortMetrics();
  const countRequest = apiRequestObserver(metrics);
  const logRequest = requestLogObserver(log);
  const handler = createAwsApiHandler({
    getContext: () => Promise.resolve(runtime.ctx),
    accountId: settings.accountId,
    rateLimit,
    log: lineLogger(log),
    observe: (event) => {
      countRequest(event);
      logRequest(event);
    },
  });
  const huawei = createHuaweiApiHandler({
    getContext: () => Promise.resolve(runtime.ctx),
    getScope: getHuaweiScope,
    routes: HUAWEI_ROUTES,
    rateLimit,
    log: lineLogger(log),
    observe: (event) => {
      countRequest(event);
      logRequest(event);
    },
  });
  // Both APIs share the access keys; the counter reports their caches together.
  metrics.cacheSources.credential = () => {
    const [aws, hw] = [handler.credentialCacheStats(), huawei.credentialCacheStats()];
    return { hits: aws.hits + hw.hits, misses: aws.misses + hw.misses };
  };
  registerApiWorker(metrics);
  answerMetricsCollection(metrics.registry);
  let stopping = false;
  const server = createApiListener({
    handler,
    huawei,
    log: lineLogger(log),
    tls: settings.tls,
    timeouts: listenerTimeoutsFromEnv(process.env),
    trustedProxies: settings.trustedProxies,
    ops: {
      readiness: createReadinessCheck({ probes: { ...databaseReadinessProbes({ getDatabase }), shuttingDown: () => stopping } }),
      // A scrape reaching any worker answers for all of them (lib/server/cluster-metrics.ts).
      metrics: () => clusterMetricsFromPrimary(),
      metricsTokenDigest,
    },
  });
  server.on('error', (error: NodeJS.ErrnoException) => {
    exitOnStartupError('API worker cannot listen', CONFIGURATION_LISTEN_ERRORS.has(error.code ?? '') ? new ConfigurationError(error) : error);
  });
  server.listen(settings.port, settings.host);

  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log.info({ shutdownGraceMs }, `API worker ${process.pid} stopping: no new connections, requests in flight get up to ${shutdownGraceMs} ms`);
    // In-flight requests finish (bounded); idle keep-alive connections close now, busy ones once answered.
    await closeGracefully(server, shutdownGraceMs);
    await Promise.all([runtime.keyPairPool.stop(), runtime.changes.stop(), getDatabase().then((db) => db.close())]).catch((error: unknown) =>
      log.error({ error: describeError(error) }, `API worker shutdown: ${describeError(error)}`),
    );
    process.exit(0);
  };
  // Ctrl-C reaches the whole process group and the primary forwards SIGTERM: either way, once. A primary
  // that died (its IPC channel gone) leaves no one to replace workers: stop too.
  for (const event of ['SIGINT', 'SIGTERM', 'disconnect'] as const) process.on(event, () => void stop());
}

if (cluster.isPrimary) {
  prepare().then(runPrimary, (error: unknown) => exitOnStartupError('API server cannot start', error));
} else {
  runWorker().catch((error: unknown) => exitOnStartupError('API worker cannot start', error));
}
