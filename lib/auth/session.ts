// Reads the session and the database: a client component importing this fails the build instead of leaking it.
import 'server-only';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { KmsError } from '@/lib/kms';
import { mustEnrolMfa, readMfaPolicy } from '@/lib/kms';
import { auditedUserAgent } from '@/lib/kms';
import type { Principal, TRequestSource } from '@/lib/kms/types';
import { getKmsContext } from '@/lib/server/kms-context';
import { getAuth } from './auth';
import { clientAddress } from './client-address';
import { MFA_ENROLMENT_PAGE, PATH_HEADER, SIGN_IN_PAGE } from './constants';
import { signInPageFor } from './next-path';
import { toPrincipal } from './principal';
import { keepSessionAlive } from './session-activity';

export function consoleRequestSource(requestHeaders: Pick<Headers, 'get'>): TRequestSource {
  return { address: clientAddress(requestHeaders), userAgent: auditedUserAgent(requestHeaders.get('user-agent')), accessKeyId: null, via: 'console' };
}

/**
 * The request's headers with the cookies as they stand now: a server action that replaced the session
 * (turning multi-factor on or off makes Better Auth issue a new one and delete the old) re-renders the page in
 * the same request, where the Cookie header still names the deleted session but cookies() has the new one.
 */
async function withCurrentCookies(requestHeaders: Headers): Promise<Headers> {
  const current = (await cookies()).toString();
  if (current === '' || current === requestHeaders.get('cookie')) return requestHeaders;
  const updated = new Headers(requestHeaders);
  updated.set('cookie', current);
  return updated;
}

export interface TSignedIn {
  principal: Principal;
  twoFactorEnabled: boolean;
}

async function getSignedIn(): Promise<TSignedIn | null> {
  // Request headers first: they mark the render as per-request, so `next build` never opens the database
  // or loads the root key while trying to prerender a console page.
  const requestHeaders = await headers();
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers: await withCurrentCookies(requestHeaders) });
  if (!session) return null;
  // The idle timeout and absolute lifetime: an ended session is deleted and the request treated as signed out.
  if (!(await keepSessionAlive(session.session))) return null;
  const principal = toPrincipal(session.user, session.session, consoleRequestSource(requestHeaders));
  return principal ? { principal, twoFactorEnabled: session.user.twoFactorEnabled === true } : null;
}

/** Under "require multi-factor for everyone", a person without it may only enrol (or sign out). */
async function mustEnrolFirst(signedIn: TSignedIn): Promise<boolean> {
  if (signedIn.twoFactorEnabled) return false;
  return mustEnrolMfa(await readMfaPolicy(await getKmsContext()), signedIn);
}

export interface TPrincipalOptions {
  /** Only the enrolment page, its actions and the console frame: open to a person the policy sends there. */
  beforeMfaEnrolment?: boolean;
}

/**
 * The signed-in user, read from the session cookie and checked against the session row on every call
 * (no cookie cache), so a revoked or expired session is refused at once.
 */
export async function getPrincipal(): Promise<Principal | null> {
  return (await getSignedIn())?.principal ?? null;
}

/**
 * Server components and layouts: no session, no page (sign-in then leads back to the page asked for); no
 * multi-factor when it is required, the enrolment page.
 */
export async function requirePagePrincipal(options: TPrincipalOptions = {}): Promise<Principal> {
  return (await requirePageSignedIn(options)).principal;
}

/** requirePagePrincipal, with whether the person has multi-factor sign-in on (what the console frame offers). */
export async function requirePageSignedIn(options: TPrincipalOptions = {}): Promise<TSignedIn> {
  const signedIn = await getSignedIn();
  if (!signedIn) redirect(signInPageFor((await headers()).get(PATH_HEADER)));
  if (!options.beforeMfaEnrolment && (await mustEnrolFirst(signedIn))) redirect(MFA_ENROLMENT_PAGE);
  return signedIn;
}

/**
 * Server actions and route handlers: they are reachable by a plain POST, whatever proxy.ts did, so the
 * multi-factor policy is enforced here too, not only by the pages' redirect.
 */
export async function requireActionPrincipal(options: TPrincipalOptions = {}): Promise<Principal> {
  const signedIn = await getSignedIn();
  if (!signedIn) throw new KmsError('UNAUTHENTICATED', 'No valid session.');
  if (!options.beforeMfaEnrolment && (await mustEnrolFirst(signedIn))) {
    throw new KmsError('FORBIDDEN', 'Multi-factor sign-in is required: turn it on first.');
  }
  return signedIn.principal;
}

/** Whether the signed-in person has multi-factor sign-in on (the account page shows what fits). */
export async function requireMfaStatus(): Promise<{ principal: Principal; twoFactorEnabled: boolean }> {
  const signedIn = await getSignedIn();
  if (!signedIn) redirect(SIGN_IN_PAGE);
  return signedIn;
}
