// Serves the built console: `node scripts/serve.mjs` runs this file's bundle (.next/keyfort/serve.mjs, built by
// scripts/build-api.mjs). A thin node:http(s) front instead of `next start`, because Next passes a
// client-sent X-Forwarded-For through untouched and Better Auth rate-limits sign-in per that address: anyone
// could dodge the limit by inventing addresses. Here the header holds exactly one address: the socket's, or
// the client a proxy listed in KEYFORT_TRUSTED_PROXIES reports (lib/server/forwarded-headers.ts).
import type { IncomingMessage } from 'node:http';
import next from 'next';
import { startupExitCode } from '@/lib/server/configuration-error';
import { consoleServerSettingsFromEnv, type TConsoleServerSettings } from '@/lib/server/console-settings';
import { describeStartupError } from '@/lib/kms';
import { applyForwardedHeaders } from '@/lib/server/forwarded-headers';
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

function settingsOrExit(): TConsoleServerSettings {
  try {
    logLevelFromEnv(process.env);
    return consoleServerSettingsFromEnv(process.env);
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

// Stalled clients are cut off as on the API listener (lib/server/listener-timeouts.ts says why).
const server = createNodeServer({ tls: settings.tls, options: timeoutServerOptions(DEFAULT_LISTENER_TIMEOUTS) }, (req, res) => {
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
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
