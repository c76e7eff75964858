import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { KmsError } from '@/lib/kms/errors';
import type { Principal } from '@/lib/kms/types';
import { getAuth } from './auth';
import { toPrincipal } from './principal';

/**
 * The signed-in user, read from the session cookie and checked against the session row on every call
 * (no cookie cache), so a revoked or expired session is refused at once.
 */
export async function getPrincipal(): Promise<Principal | null> {
  // Request headers first: they mark the render as per-request, so `next build` never opens the database
  // or loads the root key while trying to prerender a console page.
  const requestHeaders = await headers();
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers: requestHeaders });
  if (!session) return null;
  return toPrincipal(session.user);
}

/** Server components and layouts: no session, no page. */
export async function requirePagePrincipal(): Promise<Principal> {
  const principal = await getPrincipal();
  if (!principal) redirect('/sign-in');
  return principal;
}

/** Server actions and route handlers: they are reachable by a plain POST, whatever proxy.ts did. */
export async function requireActionPrincipal(): Promise<Principal> {
  const principal = await getPrincipal();
  if (!principal) throw new KmsError('UNAUTHENTICATED', 'No valid session.');
  return principal;
}
