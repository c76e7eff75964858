// Why the test clients need their own agent: the AWS SDK pools keep-alive connections, and the tests turn
// retries off. A pooled connection the server has just closed (its 5 s keep-alive timeout) is still picked for
// the next request when its close has not been processed yet: the request dies with "socket hang up"
// (ECONNRESET), which a real client would retry. Tests hit that race whenever they idle for about 5 s, and
// every time a synchronous step (spawnSync of the AWS CLI or openssl) blocks the event loop past it, since no
// idle timer can fire meanwhile. A fresh connection per request has no such race, and costs well under a
// millisecond on the loopback.
import { Agent } from 'node:http';

/** `requestHandler` for a KMSClient of the tests: one connection per request, never a pooled one. */
export function testRequestHandler(): { httpAgent: Agent } {
  return { httpAgent: new Agent({ keepAlive: false }) };
}
