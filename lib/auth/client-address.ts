import { isIP } from 'node:net';

/** Where a request came from, when nothing trustworthy says so. All such requests share one budget. */
export const UNKNOWN_ADDRESS = 'unknown';

/**
 * The client's address as the front server resolved it: it replaces X-Forwarded-For with exactly the one
 * address it believes (the peer, or what a trusted proxy said). Anything that is not one IP address reads
 * as unknown, so a header that slipped past it can neither pick its own budget nor put text in the audit.
 */
export function clientAddress(headers: Pick<Headers, 'get'> | null | undefined): string {
  const value = headers?.get('x-forwarded-for')?.trim();
  return value && isIP(value) !== 0 ? value.toLowerCase() : UNKNOWN_ADDRESS;
}
