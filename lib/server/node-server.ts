import { createServer as createHttpServer, type RequestListener, type Server, type ServerOptions } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { TTlsSettings } from './tls-settings';

/** Two years: browsers then refuse plain HTTP to this host, so a stripped connection cannot be forced on them. */
export const STRICT_TRANSPORT_SECURITY = 'max-age=63072000';

/**
 * A node:http server, or node:https (TLS 1.2 or later) when TLS is configured; over TLS every response
 * carries Strict-Transport-Security (set before the listener runs, so it survives `writeHead`).
 */
export function createNodeServer(options: { tls: TTlsSettings | null; options?: ServerOptions }, listener: RequestListener): Server {
  const { tls } = options;
  if (!tls) return createHttpServer(options.options ?? {}, listener);
  return createHttpsServer({ ...options.options, cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' }, (req, res) => {
    res.setHeader('strict-transport-security', STRICT_TRANSPORT_SECURITY);
    listener(req, res);
  });
}

/** The URL a listener prints at start, from the address it actually bound. */
export function listeningUrl(options: { tls: boolean; address: string; port: number }): string {
  const host = options.address.includes(':') ? `[${options.address}]` : options.address;
  return `${options.tls ? 'https' : 'http'}://${host}:${options.port}`;
}
