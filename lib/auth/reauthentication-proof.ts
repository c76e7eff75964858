import { isAPIError } from 'better-auth/api';
import type { Auth } from './create-auth';
import { isAuthenticatorCode } from './sign-in-code';

/**
 * What proves the person again: the password, or (for a person with multi-factor sign-in on) a code from
 * their authenticator app. Recovery codes are not taken here: they are for a lost authenticator at sign-in,
 * and each one spent on a routine confirmation is one fewer for that day.
 */
export type TProof = { password: string } | { code: string };

function isRefusal(error: unknown): boolean {
  return isAPIError(error) && (error.status === 'BAD_REQUEST' || error.status === 'UNAUTHORIZED');
}

/**
 * Whether `proof` is right for the person signed in with `requestHeaders`' session cookie. Both checks read
 * the user from the session, never from the request body. Throws on anything but a plain refusal.
 */
export async function proofHolds(auth: Auth, requestHeaders: Headers, proof: TProof): Promise<boolean> {
  try {
    if ('password' in proof) {
      await auth.api.verifyPassword({ body: { password: proof.password }, headers: requestHeaders });
      return true;
    }
    // Only once enrolment is confirmed: with a session, the plugin's verify-totp would otherwise take this
    // code as the confirmation of a half-finished enrolment and turn multi-factor on.
    const session = await auth.api.getSession({ headers: requestHeaders });
    if (session?.user.twoFactorEnabled !== true || !isAuthenticatorCode(proof.code)) return false;
    // The plugin's own TOTP check; Keyfort's hooks around it accept each code once (RFC 6238 §5.2).
    await auth.api.verifyTOTP({ body: { code: proof.code }, headers: requestHeaders });
    return true;
  } catch (error) {
    if (isRefusal(error)) return false;
    throw error;
  }
}
