import { getAuth } from '@/lib/auth/auth';

/** Session reads and sign-in answers name the user and set cookies: no cache may keep them. */
function noStore(response: Response): Response {
  const headers = new Headers(response.headers);
  headers.set('cache-control', 'no-store');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

// Sign-up is disabled in the configuration; this serves sign-in, sign-out and session reads.
async function handle(request: Request): Promise<Response> {
  const auth = await getAuth();
  return noStore(await auth.handler(request));
}

export const GET = handle;
export const POST = handle;
