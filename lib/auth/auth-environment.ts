import { tlsConfigured } from '@/lib/server/tls-settings';

/** What sign-in needs to know about where Keyfort is reached, read once from the environment. */
export interface TAuthEnvironment {
  /** Origin users reach the console at (KEYFORT_PUBLIC_URL), e.g. `https://kms.example.com`. */
  baseURL: string;
  /** Origins whose requests may carry the session cookie into /api/auth. */
  trustedOrigins: string[];
  /** True when the public URL is https: cookies then carry `Secure`. */
  secureCookies: boolean;
}

type Env = Record<string, string | undefined>;

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`PORT must be a TCP port number (1-65535), got "${raw}".`);
  }
  return port;
}

function parsePublicUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`KEYFORT_PUBLIC_URL must be an absolute URL such as https://kms.example.com, got "${raw}".`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`KEYFORT_PUBLIC_URL must use http or https, got "${url.protocol}".`);
  }
  return url;
}

export function resolveAuthEnvironment(options: { env: Env }): TAuthEnvironment {
  const { env } = options;
  const port = parsePort(env.PORT);
  // The console serves HTTPS itself when the TLS files are set (scripts/serve.ts): then so do its own URLs.
  const scheme = tlsConfigured(env) ? 'https' : 'http';
  const publicUrl = env.KEYFORT_PUBLIC_URL?.trim();
  const url = parsePublicUrl(publicUrl ? publicUrl : `${scheme}://localhost:${port}`);
  // The console is served at the root of its origin; a path in the public URL would not match any route.
  const baseURL = url.origin;
  // Local access works whichever loopback name the browser used (tests and health checks use 127.0.0.1).
  const loopback = [`${scheme}://localhost:${port}`, `${scheme}://127.0.0.1:${port}`];
  const trustedOrigins = [...new Set([baseURL, ...loopback])];
  return { baseURL, trustedOrigins, secureCookies: url.protocol === 'https:' };
}
