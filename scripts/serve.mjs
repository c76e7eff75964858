// Serves the built console. A thin node:http front instead of `next start`, because Next passes a
// client-sent X-Forwarded-For through untouched and Better Auth rate-limits sign-in per that address:
// anyone could dodge the limit by inventing addresses. Here the header is what the socket says, unless
// the peer is a proxy the operator listed in KEYFORT_TRUSTED_PROXIES (exact addresses).
import { createServer } from 'node:http';
import next from 'next';
import { receiveRootKey } from '../lib/server/root-key-handover.mjs';

const dir = process.env.KEYFORT_APP_DIR ?? process.cwd();
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME ?? '0.0.0.0';
const trustedProxies = new Set(
  (process.env.KEYFORT_TRUSTED_PROXIES ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean),
);

function normalise(address) {
  return address?.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}

// SDKs post to `<endpoint>/` — `/api/aws/` — which Next would answer with a redirect they do not follow.
// The request goes to the route as `/api/aws`, with the path the client signed in a header only this front
// sets (app/api/aws/route.ts believes nothing else in it).
const SIGNED_PATH_HEADER = 'x-keyfort-signed-path';
function routeAwsApi(req) {
  delete req.headers[SIGNED_PATH_HEADER];
  if (req.url === '/api/aws/' || req.url?.startsWith('/api/aws/?')) {
    req.headers[SIGNED_PATH_HEADER] = '/api/aws/';
    req.url = `/api/aws${req.url.slice('/api/aws/'.length)}`;
  }
}

// Stalled clients are cut off as on the API listener (lib/server/listener-timeouts.ts says why): headers
// within 10 s, the whole request within 30 s, instead of node's 60 s and 300 s.
function limitSlowClients(server) {
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.connectionsCheckingInterval = 1_000;
}

// Before Next starts Keyfort (instrumentation.ts loads the root key): from scripts/start.mjs, over IPC.
await receiveRootKey();
const app = next({ dev: false, dir, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  const peer = normalise(req.socket.remoteAddress) ?? 'unknown';
  if (!trustedProxies.has(peer)) {
    req.headers['x-forwarded-for'] = peer;
    delete req.headers['x-real-ip'];
  }
  routeAwsApi(req);
  handle(req, res);
});
limitSlowClients(server);
server.listen(port, hostname, () => {
  console.log(`Keyfort console listening on http://${hostname === '0.0.0.0' ? 'localhost' : hostname}:${port}`);
  // scripts/start.mjs starts the AWS API listener once the console (start-up, migrations) is ready.
  process.send?.({ type: 'keyfort-console-ready' });
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
