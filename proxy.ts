import { NextResponse, type NextRequest } from 'next/server';
import { AUTH_COOKIE_PREFIX, PATH_HEADER, SET_PASSWORD_PAGE, SETUP_PAGE, SIGN_IN_PAGE } from '@/lib/auth/constants';
import { signInPageFor } from '@/lib/auth/next-path';
import { contentSecurityPolicy, createNonce } from '@/lib/http/content-security-policy';

const SESSION_COOKIES = [`${AUTH_COOKIE_PREFIX}.session_token`, `__Secure-${AUTH_COOKIE_PREFIX}.session_token`];
// The set-password page is opened by people who have no password yet (their one-time link is the credential).
const PUBLIC_PAGES = [SIGN_IN_PAGE, SETUP_PAGE, SET_PASSWORD_PAGE];
// Files anyone may fetch; a missing one answers with the not-found page, which needs its nonce like any page.
const PUBLIC_FILES = new Set(['/robots.txt', '/favicon.ico', '/favicon.svg']);
const CSP = 'content-security-policy';

function isPublic(pathname: string): boolean {
  return PUBLIC_FILES.has(pathname) || PUBLIC_PAGES.some((page) => pathname === page || pathname.startsWith(`${page}/`));
}

function pathAndQuery(request: NextRequest): string {
  return `${request.nextUrl.pathname}${request.nextUrl.search}`;
}

/** Signed-out browsers go to the sign-in page; everything else on to the page (or server action). */
function mayPass(request: NextRequest): boolean {
  if (isPublic(request.nextUrl.pathname)) return true;
  // The Huawei API's route checks its own signatures (should the matcher ever let it through to here).
  if (request.nextUrl.pathname.startsWith('/v1.0/')) return true;
  // Server actions answer for themselves (UNAUTHENTICATED); a redirect would hide that refusal.
  if (request.method === 'POST' && request.headers.has('next-action')) return true;
  return SESSION_COOKIES.some((name) => request.cookies.has(name));
}

/**
 * Every console page gets a fresh CSP nonce (lib/http/content-security-policy.ts). Next reads it from the
 * request's CSP header and sets it on its own script tags, so every page must render per request (the root
 * layout sees to that). The static security headers come from next.config.js.
 *
 * Sign-in check, first line only: it cannot tell a valid session from a stale or forged cookie — pages
 * (requirePagePrincipal) and server actions (requireActionPrincipal) check the session themselves.
 */
export function proxy(request: NextRequest) {
  const policy = contentSecurityPolicy({ nonce: createNonce(), development: process.env.NODE_ENV === 'development' });
  let response: NextResponse;
  if (mayPass(request)) {
    const headers = new Headers(request.headers);
    headers.set(CSP, policy);
    // Pages cannot read their own URL; requirePagePrincipal sends a signed-out request to sign-in with it.
    headers.set(PATH_HEADER, pathAndQuery(request));
    response = NextResponse.next({ request: { headers } });
  } else {
    // A deep link survives sign-in: the sign-in page leads back here (lib/auth/next-path.ts checks it).
    response = NextResponse.redirect(new URL(signInPageFor(pathAndQuery(request)), request.url));
  }
  response.headers.set(CSP, policy);
  return response;
}

export const config = {
  // API routes authenticate every request themselves (sessions, SigV4) and answer JSON: no page, no nonce.
  // Built assets need neither. next.config.js gives both their headers.
  // The Huawei KMS API (/v1.0/…) authenticates by signature like the AWS API.
  matcher: ['/((?!api/|v1\\.0/|_next/static/|_next/image).*)'],
};
