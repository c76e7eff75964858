import { headers } from 'next/headers';
import { confirmReauthentication } from '@/lib/kms';
import { recordAccountEvent } from '@/lib/kms';
import type { Principal } from '@/lib/kms/types';
import { getSessionsContext } from '@/lib/server/sessions-context';
import { getAuth, getSignInThrottle } from './auth';
import { throttledPasswordCheck, type TPasswordCheck } from './password-check';
import { passwordSubject } from './password-throttle';
import { proofHolds, type TProof } from './reauthentication-proof';

/**
 * Re-authentication for sensitive actions (SPEC §9): a correct password or authenticator code makes this
 * session fresh for 10 minutes (audited Reauthenticate). A wrong one counts against the sign-in throttle and
 * is audited as a failure.
 */
export async function reauthenticate(actor: Principal, proof: TProof): Promise<TPasswordCheck> {
  const ctx = await getSessionsContext();
  const outcome = await throttledPasswordCheck({ throttle: await getSignInThrottle(), subject: passwordSubject(actor), verify: async () => proofHolds(await getAuth(), await headers(), proof) });
  if (outcome === 'accepted') {
    await confirmReauthentication(ctx, { actor });
  } else {
    await recordAccountEvent(ctx, { actor, action: 'Reauthenticate', errorCode: outcome === 'rate-limited' ? 'RATE_LIMITED' : 'UNAUTHENTICATED' });
  }
  return outcome;
}
