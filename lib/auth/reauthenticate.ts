import { isAPIError } from 'better-auth/api';
import { headers } from 'next/headers';
import { confirmReauthentication } from '@/lib/kms';
import { recordAccountEvent } from '@/lib/kms';
import type { Principal } from '@/lib/kms/types';
import { getSessionsContext } from '@/lib/server/sessions-context';
import { getAuth, getSignInThrottle } from './auth';
import { throttledPasswordCheck, type TPasswordCheck } from './password-check';
import { passwordSubject } from './password-throttle';

/**
 * What proves the person again. Only the password for now. Extension point for multi-factor: add
 * `{ code: string }` here and check it in `verifyProof` (Better Auth's two-factor plugin verifies a TOTP
 * or recovery code) when the person has `twoFactorEnabled`; everything else (throttle, audit, the fresh
 * time on the session) stays as it is.
 */
export type TProof = { password: string };

async function verifyProof(proof: TProof): Promise<boolean> {
  const auth = await getAuth();
  try {
    // Checks the password against the signed-in user's own credential (the session is read from the cookie).
    await auth.api.verifyPassword({ body: { password: proof.password }, headers: await headers() });
    return true;
  } catch (error) {
    if (isAPIError(error) && (error.status === 'BAD_REQUEST' || error.status === 'UNAUTHORIZED')) return false;
    throw error;
  }
}

/**
 * Re-authentication for sensitive actions (SPEC §9): a correct password makes this session fresh for 10
 * minutes (audited Reauthenticate). A wrong one counts against the sign-in throttle and is audited as a failure.
 */
export async function reauthenticate(actor: Principal, proof: TProof): Promise<TPasswordCheck> {
  const ctx = await getSessionsContext();
  const outcome = await throttledPasswordCheck({ throttle: await getSignInThrottle(), subject: passwordSubject(actor), verify: () => verifyProof(proof) });
  if (outcome === 'accepted') {
    await confirmReauthentication(ctx, { actor });
  } else {
    await recordAccountEvent(ctx, { actor, action: 'Reauthenticate', errorCode: outcome === 'rate-limited' ? 'RATE_LIMITED' : 'UNAUTHENTICATED' });
  }
  return outcome;
}
