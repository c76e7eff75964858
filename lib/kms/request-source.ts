import type { TRequestSource, TRequestVia } from './types';

/** Clients send a few hundred characters; anything longer is cut so a header cannot bloat the audit log. */
export const MAX_USER_AGENT_LENGTH = 512;

/** A User-Agent header as the audit keeps it: absent or empty is null, a long one is cut. */
export function auditedUserAgent(value: string | null | undefined): string | null {
  return value === null || value === undefined || value === '' ? null : value.slice(0, MAX_USER_AGENT_LENGTH);
}

/** Where an API request came from: which API, the address the listener resolved, its user agent and signing key. */
export function apiRequestSource(options: {
  via: Extract<TRequestVia, 'aws-api' | 'huawei-api'>;
  address: string | null | undefined;
  userAgent: string | null | undefined;
  accessKeyId: string | null;
}): TRequestSource {
  return { address: options.address ?? null, userAgent: auditedUserAgent(options.userAgent), accessKeyId: options.accessKeyId, via: options.via };
}
