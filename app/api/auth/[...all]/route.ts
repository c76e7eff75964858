import { getAuth } from '@/lib/auth/auth';

// Sign-up is disabled in the configuration; this serves sign-in, sign-out and session reads.
async function handle(request: Request): Promise<Response> {
  const auth = await getAuth();
  return auth.handler(request);
}

export const GET = handle;
export const POST = handle;
