import { NextResponse, type NextRequest } from 'next/server';
import { AUTH_COOKIE_PREFIX, SETUP_PAGE, SIGN_IN_PAGE } from '@/lib/auth/constants';

const SESSION_COOKIES = [`${AUTH_COOKIE_PREFIX}.session_token`, `__Secure-${AUTH_COOKIE_PREFIX}.session_token`];
const PUBLIC_PAGES = [SIGN_IN_PAGE, SETUP_PAGE];

function isPublicPage(pathname: string): boolean {
  return PUBLIC_PAGES.some((page) => pathname === page || pathname.startsWith(`${page}/`));
}

/**
 * First line only: sends browsers without a session cookie to the sign-in page. It cannot tell a valid
 * session from a stale or forged cookie — pages (requirePagePrincipal) and server actions
 * (requireActionPrincipal) check the session themselves against the database.
 */
export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (isPublicPage(pathname)) return NextResponse.next();
  // Server actions answer for themselves (UNAUTHENTICATED); a redirect would hide that refusal.
  if (request.method === 'POST' && request.headers.has('next-action')) return NextResponse.next();
  if (SESSION_COOKIES.some((name) => request.cookies.has(name))) return NextResponse.next();
  return NextResponse.redirect(new URL(SIGN_IN_PAGE, request.url));
}

export const config = {
  // API routes authenticate every request themselves (sessions, later SigV4); static assets need nothing.
  matcher: ['/((?!api/|_next/static|_next/image|favicon.ico|robots.txt).*)'],
};
