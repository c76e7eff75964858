import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import { normaliseAddress, type TTrustedProxies } from './trusted-proxies';

/** Headers through which a client could claim another address, host or scheme. */
const CLAIMS_OF_PEER = ['x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'x-real-ip', 'forwarded'];

function forwardedChain(header: string | string[] | undefined): string[] {
  const joined = Array.isArray(header) ? header.join(',') : (header ?? '');
  return joined
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
}

/**
 * The client's address. From an untrusted peer, the peer itself: whatever it wrote in X-Forwarded-For is a
 * claim. From a trusted proxy, X-Forwarded-For is walked from the right (each proxy appends the address it
 * saw), skipping trusted hops: the first untrusted one is the client. An entry that is not an address ends
 * the walk at the last hop a trusted proxy vouched for; a chain of trusted hops only gives its leftmost.
 */
export function resolveClientAddress(options: { peer: string | undefined; forwardedFor: string | string[] | undefined; trusted: TTrustedProxies }): string | null {
  const peer = normaliseAddress(options.peer);
  if (peer === null || !options.trusted.has(peer)) return peer;
  let client = peer;
  for (const hop of forwardedChain(options.forwardedFor).reverse()) {
    const address = normaliseAddress(hop);
    if (address === null) return client;
    client = address;
    if (!options.trusted.has(address)) return address;
  }
  return client;
}

/**
 * resolveClientAddress for every request of a listener, with the peer's part worked out once per connection:
 * a keep-alive connection carries many requests from one peer, and an untrusted peer (every peer, without
 * KEYFORT_TRUSTED_PROXIES) is the answer itself, so its requests' headers are not even read. `req` is node's
 * IncomingMessage, or the API listener's own reading of a request (whole-request.ts).
 */
export function clientAddressResolver(trusted: TTrustedProxies): (req: { socket: Socket; headers: IncomingHttpHeaders }) => string | null {
  const peers = new WeakMap<Socket, { address: string | null; trusted: boolean }>();
  return (req) => {
    let peer = peers.get(req.socket);
    if (!peer) {
      const address = normaliseAddress(req.socket.remoteAddress);
      peers.set(req.socket, (peer = { address, trusted: address !== null && trusted.has(address) }));
    }
    if (!peer.trusted) return peer.address;
    return resolveClientAddress({ peer: peer.address ?? undefined, forwardedFor: req.headers['x-forwarded-for'], trusted });
  };
}

/**
 * Rewrites a request's forwarding headers in place so that everything behind the front server (Better Auth's
 * per-address sign-in limit, the sign-in throttle, logs) reads one trustworthy address in X-Forwarded-For.
 * From an untrusted peer every forwarding claim is dropped; from a trusted proxy its Host and Proto are kept.
 * X-Real-IP and Forwarded are always dropped: one header carries the answer, so no reader can pick another.
 */
export function applyForwardedHeaders(options: { headers: IncomingHttpHeaders; peer: string | undefined; trusted: TTrustedProxies }): string | null {
  const { headers, trusted } = options;
  const fromTrustedProxy = options.peer !== undefined && trusted.has(options.peer);
  const client = resolveClientAddress({ peer: options.peer, forwardedFor: headers['x-forwarded-for'], trusted });
  for (const name of CLAIMS_OF_PEER) {
    if (fromTrustedProxy && (name === 'x-forwarded-host' || name === 'x-forwarded-proto' || name === 'x-forwarded-port')) continue;
    delete headers[name];
  }
  if (client !== null) headers['x-forwarded-for'] = client;
  return client;
}
