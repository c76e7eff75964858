import { decideBindHost } from './bind-policy';
import { ConfigurationError } from './configuration-error';
import { tlsSettingsFromEnv, type TTlsSettings } from './tls-settings';
import { parseTrustedProxies, type TTrustedProxies } from './trusted-proxies';

export interface TConsoleServerSettings {
  port: number;
  host: string;
  tls: TTlsSettings | null;
  trustedProxies: TTrustedProxies;
  plainHttpWarning: string | null;
}

function portFromEnv(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigurationError(`PORT must be a TCP port number (0-65535), got "${raw}".`);
  return port;
}

/**
 * The console front server's settings (scripts/serve.ts), read before Next starts: a wrong setting stops
 * start-up with a ConfigurationError naming the variable, before any database work.
 */
export function consoleServerSettingsFromEnv(env: Record<string, string | undefined>): TConsoleServerSettings {
  const port = portFromEnv(env.PORT);
  const trustedProxies = parseTrustedProxies(env.KEYFORT_TRUSTED_PROXIES);
  const tls = tlsSettingsFromEnv(env);
  const bind = decideBindHost({ env, variable: 'HOSTNAME', listener: 'console', tls: tls !== null, port });
  return { port, host: bind.host, tls, trustedProxies, plainHttpWarning: bind.plainHttpWarning };
}
