import { isAPIError } from 'better-auth/api';
import { headers } from 'next/headers';
import { recordAccountEvent } from '@/lib/kms';
import type { Principal } from '@/lib/kms/types';
import { getKmsContext } from '@/lib/server/kms-context';
import { getAuth, getSignInThrottle } from './auth';
import { throttledPasswordCheck, type TPasswordCheck } from './password-check';
import { passwordSubject } from './password-throttle';

/**
 * Changes the signed-in person's password (the current one must be right) and ends all their other sessions:
 * Better Auth deletes every session of the person and signs this browser in afresh (a new session cookie,
 * fresh for sensitive actions). Audited ChangePassword, without either password; a wrong current password
 * counts against the sign-in throttle.
 */
export async function changePassword(actor: Principal, input: { currentPassword: string; newPassword: string }): Promise<TPasswordCheck> {
  const auth = await getAuth();
  const requestHeaders = await headers();
  const outcome = await throttledPasswordCheck({
    throttle: await getSignInThrottle(),
    subject: passwordSubject(actor),
    verify: async () => {
      try {
        await auth.api.changePassword({ body: { ...input, revokeOtherSessions: true }, headers: requestHeaders });
        return true;
      } catch (error) {
        if (isAPIError(error) && error.body?.code === 'INVALID_PASSWORD') return false;
        throw error;
      }
    },
  });
  const errorCode = outcome === 'accepted' ? null : outcome === 'rate-limited' ? 'RATE_LIMITED' : 'UNAUTHENTICATED';
  await recordAccountEvent(await getKmsContext(), {
    actor,
    action: 'ChangePassword',
    errorCode,
    ...(errorCode === null ? { details: { otherSessionsEnded: true } } : {}),
  });
  return outcome;
}
