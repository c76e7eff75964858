// Serves the built console: `node scripts/serve.mjs` runs this file's bundle (.next/keyfort/serve.mjs, built by
// scripts/build-api.mjs). A thin node:http(s) front instead of `next start`, because Next passes a
// client-sent X-Forwarded-For through untouched and Better Auth rate-limits sign-in per that address: anyone
// could dodge the limit by inventing addresses. Here the header holds exactly one address: the socket's, or
// the client a proxy listed in KEYFORT_TRUSTED_PROXIES reports (lib/server/forwarded-headers.ts).
import type { IncomingMessage } from 'node:http';
import next from 'next';
import { getDatabase } from '@/lib/db/client';
import { countKeysForMetrics } from '@/lib/db/key-metrics';
import { databaseReadinessProbes } from '@/lib/db/readiness-probes';
import { startupExitCode } from '@/lib/server/configuration-error';
import { consoleServerSettingsFromEnv, type TConsoleServerSettings } from '@/lib/server/console-settings';
import { describeStartupError } from '@/lib/kms';
import { huaweiProjectIdFromEnv } from '@/lib/huawei-api';
import { readSettings } from '@/lib/server/startup-failure';
import { applyForwardedHeaders } from '@/lib/server/forwarded-headers';
import { backgroundStopped, closeGracefully } from '@/lib/server/graceful-close';
import { createReadinessCheck } from '@/lib/server/health';
import { keyGauges } from '@/lib/server/key-gauges';
import { keyfortMetrics } from '@/lib/server/metrics';
import { answerOpsRequest, type TOpsEndpoints } from '@/lib/server/ops-endpoints';
import { opsSettingsFromEnv, type TOpsSettings } from '@/lib/server/ops-settings';
import { DEFAULT_LISTENER_TIMEOUTS, timeoutServerOptions } from '@/lib/server/listener-timeouts';
import { componentLogger, logLevelFromEnv } from '@/lib/server/logger';
import { createNodeServer, listeningUrl } from '@/lib/server/node-server';
import { receiveRootKey } from '@/lib/server/root-key-handover.mjs';

// SDKs post to `<endpoint>/` — `/api/aws/` — which Next would answer with a redirect they do not follow.
// The request goes to the route as `/api/aws`, with the path the client signed in a header only this front
// sets (app/api/aws/route.ts believes nothing else in it).
const SIGNED_PATH_HEADER = 'x-keyfort-signed-path';
function routeAwsApi(req: IncomingMessage): void {
  delete req.headers[SIGNED_PATH_HEADER];
  if (req.url === '/api/aws/' || req.url?.startsWith('/api/aws/?')) {
    req.headers[SIGNED_PATH_HEADER] = '/api/aws/';
    req.url = `/api/aws${req.url.slice('/api/aws/'.length)}`;
  }
}

const log = componentLogger('console');

function settingsOrExit(): TConsoleServerSettings & TOpsSettings {
  try {
    logLevelFromEnv(process.env);
    // Checked here so that a malformed value stops start-up with its name, not the first Huawei request.
    readSettings(() => huaweiProjectIdFromEnv(process.env));
    return { ...consoleServerSettingsFromEnv(process.env), ...opsSettingsFromEnv(process.env) };
  } catch (error) {
    log.fatal({ exitCode: startupExitCode(error) }, `cannot start the console: ${describeStartupError(error)}`);
    // 78 (a setting is wrong) tells supervisors that restarting will not help.
    process.exit(startupExitCode(error));
  }
}

const settings = settingsOrExit();
if (settings.plainHttpWarning) log.warn(settings.plainHttpWarning);

// Before Next starts Keyfort (instrumentation.ts loads the root key): from scripts/start.mjs, over IPC.
await receiveRootKey();
const app = next({ dev: false, dir: process.env.KEYFORT_APP_DIR ?? process.cwd(), hostname: settings.host, port: settings.port });
const handle = app.getRequestHandler();
await app.prepare();

// This is the process that runs the background jobs, so it alone reports what the database holds: the API
// listener's workers would each report the same rows.
const metrics = keyfortMetrics();
const gauges = keyGauges(metrics, async () => {
  const { prisma, provider } = await getDatabase();
  return countKeysForMetrics({ prisma, provider, now: new Date() });
});
let shuttingDown = false;
const ops: TOpsEndpoints = {
  readiness: createReadinessCheck({ probes: { ...databaseReadinessProbes({ getDatabase }), shuttingDown: () => shuttingDown } }),
  metrics: async () => {
    await gauges.refresh();
    return { contentType: metrics.registry.contentType, body: await metrics.registry.metrics() };
  },
  metricsTokenDigest: settings.metricsTokenDigest,
};

// Stalled clients are cut off as on the API listener (lib/server/listener-timeouts.ts says why).
const server = createNodeServer({ tls: settings.tls, options: timeoutServerOptions(DEFAULT_LISTENER_TIMEOUTS) }, (req, res) => {
  // Before Next: probes and scrapes need no session, and must answer while Next is busy or failing.
  if (answerOpsRequest(req, res, ops)) return;
  applyForwardedHeaders({ headers: req.headers, peer: req.socket.remoteAddress, trusted: settings.trustedProxies });
  routeAwsApi(req);
  void handle(req, res);
});
server.keepAliveTimeout = DEFAULT_LISTENER_TIMEOUTS.keepAliveMs;
server.listen(settings.port, settings.host, () => {
  const address = server.address();
  const bound = typeof address === 'object' && address ? address : { address: settings.host, port: settings.port };
  const url = listeningUrl({ tls: settings.tls !== null, address: bound.address, port: bound.port });
  log.info({ url }, `Keyfort console listening on ${url}`);
  // scripts/start.mjs starts the AWS API listener once the console (start-up, migrations) is ready.
  process.send?.({ type: 'keyfort-console-ready' });
});
// Background jobs stop on the same signal (lib/server/startup.ts); readiness turns 503 at once so that a
// balancer stops sending, requests in flight finish within the grace, then the process exits 0.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info({ shutdownGraceMs: settings.shutdownGraceMs }, `console stopping: no new connections, requests in flight get up to ${settings.shutdownGraceMs} ms`);
    void closeGracefully(server, settings.shutdownGraceMs)
      .then(() => backgroundStopped(settings.shutdownGraceMs))
      .finally(() => process.exit(0));
  });
}
