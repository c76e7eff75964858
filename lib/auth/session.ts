import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { KmsError } from '@/lib/kms/errors';
import type { Principal, TRequestSource } from '@/lib/kms/types';
import { getAuth } from './auth';
import { clientAddress } from './client-address';
import { PATH_HEADER } from './constants';
import { signInPageFor } from './next-path';
import { toPrincipal } from './principal';
import { keepSessionAlive } from './session-activity';

/** Browsers send a few hundred characters; anything longer is cut so a header cannot bloat the audit log. */
const MAX_USER_AGENT_LENGTH = 512;

export function consoleRequestSource(requestHeaders: Pick<Headers, 'get'>): TRequestSource {
  const userAgent = requestHeaders.get('user-agent');
  return {
    address: clientAddress(requestHeaders),
    userAgent: userAgent === null || userAgent === '' ? null : userAgent.slice(0, MAX_USER_AGENT_LENGTH),
    accessKeyId: null,
  };
}

/**
 * The signed-in user, read from the session cookie and checked against the session row on every call
 * (no cookie cache), so a revoked or expired session is refused at once. The idle timeout and absolute
 * lifetime are enforced here too: an ended session is deleted and the request treated as signed out.
 */
export async function getPrincipal(): Promise<Principal | null> {
  // Request headers first: they mark the render as per-request, so `next build` never opens the database
  // or loads the root key while trying to prerender a console page.
  const requestHeaders = await headers();
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers: requestHeaders });
  if (!session) return null;
  if (!(await keepSessionAlive(session.session))) return null;
  return toPrincipal(session.user, session.session, consoleRequestSource(requestHeaders));
}

/** Server components and layouts: no session, no page; sign-in then leads back to the page asked for. */
export async function requirePagePrincipal(): Promise<Principal> {
  const principal = await getPrincipal();
  if (!principal) redirect(signInPageFor((await headers()).get(PATH_HEADER)));
  return principal;
}

/** Server actions and route handlers: they are reachable by a plain POST, whatever proxy.ts did. */
export async function requireActionPrincipal(): Promise<Principal> {
  const principal = await getPrincipal();
  if (!principal) throw new KmsError('UNAUTHENTICATED', 'No valid session.');
  return principal;
}
