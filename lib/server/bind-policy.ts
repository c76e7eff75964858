import { isIP } from 'node:net';
import { ConfigurationError } from './configuration-error';
import { normaliseAddress } from './trusted-proxies';

type Env = Record<string, string | undefined>;

export interface TBindDecision {
  host: string;
  /** Printed at start when plain HTTP is served beyond this machine on purpose (KEYFORT_ALLOW_PLAIN_HTTP=1). */
  plainHttpWarning: string | null;
}

/** 127.0.0.0/8, ::1 and `localhost` (not resolved: any other name counts as reachable from elsewhere). */
export function isLoopbackHost(host: string): boolean {
  if (host.toLowerCase() === 'localhost') return true;
  const address = normaliseAddress(host.replace(/^\[(.*)\]$/, '$1'));
  if (address === null) return false;
  return isIP(address) === 4 ? address.startsWith('127.') : address === '::1';
}

function allowPlainHttp(env: Env): boolean {
  const raw = env.KEYFORT_ALLOW_PLAIN_HTTP?.trim() ?? '';
  if (raw === '' || raw === '0') return false;
  if (raw === '1') return true;
  throw new ConfigurationError(`KEYFORT_ALLOW_PLAIN_HTTP must be 1 (allow) or unset, got "${raw}".`);
}

/**
 * Where a listener binds. Without TLS the default is loopback only; over TLS every interface. Plain HTTP on
 * any other interface would put passwords, cookies, plaintexts and secrets on the network in clear, so it
 * needs the explicit KEYFORT_ALLOW_PLAIN_HTTP=1 (meant for a TLS-terminating proxy in front) and is announced.
 */
export function decideBindHost(options: { env: Env; variable: 'HOSTNAME' | 'KEYFORT_API_HOST'; listener: string; tls: boolean; port: number }): TBindDecision {
  const { env, variable, listener, tls, port } = options;
  const allowed = allowPlainHttp(env);
  const host = env[variable]?.trim() || (tls ? '0.0.0.0' : '127.0.0.1');
  if (tls || isLoopbackHost(host)) return { host, plainHttpWarning: null };
  if (!allowed) {
    throw new ConfigurationError(
      `${variable}=${host} would serve the ${listener} over plain HTTP beyond this machine, in clear. ` +
        `Either serve HTTPS: set KEYFORT_TLS_CERT_FILE and KEYFORT_TLS_KEY_FILE; or, with a TLS-terminating proxy in front, ` +
        `set KEYFORT_ALLOW_PLAIN_HTTP=1. (Or bind 127.0.0.1, the default without TLS.)`,
    );
  }
  return {
    host,
    plainHttpWarning:
      `[keyfort] WARNING: the ${listener} serves plain HTTP on ${host}:${port} (KEYFORT_ALLOW_PLAIN_HTTP=1). ` +
      `Passwords, session cookies, plaintexts and secrets cross the network in clear unless a TLS-terminating proxy is the only way in.`,
  };
}
