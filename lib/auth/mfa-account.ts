import { isAPIError } from 'better-auth/api';
import { headers } from 'next/headers';
import { getAuth } from './auth';
import { enrolmentSecretOf, type TEnrolmentSecret } from './otpauth-qr';

// The signed-in person's own multi-factor sign-in, through Better Auth's two-factor plugin (auth.api, so the
// rotated session cookie it sets reaches the browser through the nextCookies plugin). Each call checks the
// session itself; callers authenticate too and audit.

export type TMfaRefusal = 'wrong-password' | 'wrong-code' | 'already-on' | 'not-on';

export type TMfaResult<T> = { ok: true; value: T } | { ok: false; refusal: TMfaRefusal };

const REFUSALS: Record<string, TMfaRefusal> = {
  INVALID_PASSWORD: 'wrong-password',
  INVALID_CODE: 'wrong-code',
  TOTP_ALREADY_ENABLED: 'already-on',
  TWO_FACTOR_NOT_ENABLED: 'not-on',
  TOTP_NOT_ENABLED: 'not-on',
};

async function attempt<T>(run: () => Promise<T>): Promise<TMfaResult<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    const code: unknown = isAPIError(error) ? (error.body as { code?: unknown } | undefined)?.code : undefined;
    if (typeof code === 'string' && code in REFUSALS) return { ok: false, refusal: REFUSALS[code] as TMfaRefusal };
    throw error;
  }
}

/** Checks the password and creates an unconfirmed secret and recovery codes; returns the secret to show. */
export async function startMfaEnrolment(password: string): Promise<TMfaResult<TEnrolmentSecret>> {
  const auth = await getAuth();
  return attempt(async () => {
    const enabled = await auth.api.enableTwoFactor({ headers: await headers(), body: { password, method: 'totp' } });
    if (enabled.method !== 'totp') throw new Error('The two-factor plugin enabled something other than TOTP');
    return enrolmentSecretOf(enabled.totpURI);
  });
}

/**
 * The first code turns multi-factor on (the plugin replaces the session); only then are the recovery codes
 * made at the start read back, to be shown this once.
 */
export async function confirmMfaEnrolment(userId: string, code: string): Promise<TMfaResult<string[]>> {
  const auth = await getAuth();
  return attempt(async () => {
    await auth.api.verifyTOTP({ headers: await headers(), body: { code } });
    const { backupCodes } = await auth.api.viewBackupCodes({ body: { userId } });
    return backupCodes;
  });
}

export async function disableMfa(password: string): Promise<TMfaResult<null>> {
  const auth = await getAuth();
  return attempt(async () => {
    await auth.api.disableTwoFactor({ headers: await headers(), body: { password } });
    return null;
  });
}

/** New recovery codes; the old ones stop working. */
export async function regenerateRecoveryCodes(password: string): Promise<TMfaResult<string[]>> {
  const auth = await getAuth();
  return attempt(async () => {
    const { backupCodes } = await auth.api.generateBackupCodes({ headers: await headers(), body: { password } });
    return backupCodes;
  });
}
