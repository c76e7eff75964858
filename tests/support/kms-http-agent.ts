// Why the test clients need their own agent: the AWS SDK pools keep-alive connections with no idle limit of its
// own (Node ignores the server's `Keep-Alive: timeout=5` hint unless the agent has a timeout), and the tests
// turn retries off. A connection left idle for about the servers' keep-alive timeout (5 s) can then be reused
// at the very moment the server closes it: the request dies with "socket hang up" (ECONNRESET), which a real
// client would retry. Tests that idle for seconds (an instance restarting, a page loading) hit that race now
// and then. Dropping an idle connection after 1 s, long before any server does, removes the race.
import { Agent, type ClientRequest } from 'node:http';
import type { Duplex } from 'node:stream';

const IDLE_CONNECTION_MS = 1_000;

class ShortIdleAgent extends Agent {
  // @types/node says void, but Node reads the answer: false means "do not pool this connection".
  override keepSocketAlive(socket: Duplex): void {
    const pooled = super.keepSocketAlive(socket) as unknown as boolean;
    // Node's agent destroys a pooled connection whose timeout fires while it is idle, and only then.
    if (pooled) (socket as Duplex & { setTimeout(ms: number): void }).setTimeout(IDLE_CONNECTION_MS);
    return pooled as unknown as void;
  }

  override reuseSocket(socket: Duplex, request: ClientRequest): void {
    (socket as Duplex & { setTimeout(ms: number): void }).setTimeout(0);
    super.reuseSocket(socket, request);
  }
}

/** `requestHandler` for a KMSClient of the tests: pooled connections that never outlive 1 s of idleness. */
export function testRequestHandler(): { httpAgent: Agent } {
  return { httpAgent: new ShortIdleAgent({ keepAlive: true, maxSockets: 50 }) };
}
