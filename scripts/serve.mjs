// Serves the built console. A thin node:http front instead of `next start`, because Next passes a
// client-sent X-Forwarded-For through untouched and Better Auth rate-limits sign-in per that address:
// anyone could dodge the limit by inventing addresses. Here the header is what the socket says, unless
// the peer is a proxy the operator listed in KEYFORT_TRUSTED_PROXIES (exact addresses).
import { createServer } from 'node:http';
import next from 'next';

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

const app = next({ dev: false, dir, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  const peer = normalise(req.socket.remoteAddress) ?? 'unknown';
  if (!trustedProxies.has(peer)) {
    req.headers['x-forwarded-for'] = peer;
    delete req.headers['x-real-ip'];
  }
  handle(req, res);
});
server.listen(port, hostname, () => {
  console.log(`Keyfort console listening on http://${hostname === '0.0.0.0' ? 'localhost' : hostname}:${port}`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
