import type { ServerOptions } from 'node:http';
import { integerSettingFromEnv } from './integer-setting';

/**
 * How long the API listener waits for a client. Node's defaults (headers 60 s, whole request 300 s) let a
 * few hundred stalled connections (a lying Content-Length, a client that never finishes its headers) hold a
 * worker's sockets for minutes. A KMS request is a few kilobytes: a client that has not sent its headers in
 * 10 s, or its whole request in 30 s, is broken or hostile, and is answered 408 and disconnected.
 */
export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 30_000;
/**
 * An idle keep-alive connection is closed after this: long enough for an SDK's next call to reuse it,
 * short enough that idle clients do not pile up. (A load balancer in front should time out first.)
 */
export const KEEP_ALIVE_TIMEOUT_MS = 5_000;

export interface TListenerTimeouts {
  headersMs: number;
  requestMs: number;
  keepAliveMs: number;
}

/** What both listeners use unless the API listener's two variables say otherwise. */
export const DEFAULT_LISTENER_TIMEOUTS: Readonly<TListenerTimeouts> = Object.freeze({
  headersMs: HEADERS_TIMEOUT_MS,
  requestMs: REQUEST_TIMEOUT_MS,
  keepAliveMs: KEEP_ALIVE_TIMEOUT_MS,
});

const TIMEOUT_RANGE = { min: 100, max: 600_000, unit: 'of milliseconds' };

/** KEYFORT_API_HEADERS_TIMEOUT_MS and KEYFORT_API_REQUEST_TIMEOUT_MS override the defaults (tests use 2 s). */
export function listenerTimeoutsFromEnv(env: Record<string, string | undefined>): TListenerTimeouts {
  const requestMs = integerSettingFromEnv(env, 'KEYFORT_API_REQUEST_TIMEOUT_MS', { fallback: REQUEST_TIMEOUT_MS, ...TIMEOUT_RANGE });
  // Node refuses a headers timeout longer than the request timeout: the headers are part of the request.
  const headersMs = Math.min(integerSettingFromEnv(env, 'KEYFORT_API_HEADERS_TIMEOUT_MS', { fallback: HEADERS_TIMEOUT_MS, ...TIMEOUT_RANGE }), requestMs);
  return { headersMs, requestMs, keepAliveMs: KEEP_ALIVE_TIMEOUT_MS };
}

/**
 * After a 413, what a client may still send (read and dropped) and for how long. Closing a connection with
 * unread bytes in it makes the kernel reset it, and a client still sending then loses the answer
 * (ECONNRESET); reading on a little lets it read the 413. Past these bounds the connection is closed.
 */
export const REFUSED_BODY_DRAIN = Object.freeze({ maxBytes: 32 * 1024 * 1024, maxMs: 5_000 });

/** Node's server options enforcing `timeouts` (both listeners: the API's and the console's front). */
export function timeoutServerOptions(timeouts: TListenerTimeouts): ServerOptions {
  return {
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    // Node checks the two timeouts above only this often (30 s by default, which would stretch them).
    connectionsCheckingInterval: Math.min(1_000, Math.floor(timeouts.headersMs / 4)),
  };
}
