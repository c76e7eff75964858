'use server';

import { unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import { confirmMfaEnrolment, disableMfa, regenerateRecoveryCodes, startMfaEnrolment, type TMfaRefusal, type TMfaResult } from '@/lib/auth/mfa-account';
import type { TEnrolmentSecret } from '@/lib/auth/otpauth-qr';
import { requireActionPrincipal } from '@/lib/auth/session';
import { isKmsError } from '@/lib/kms';
import { recordMfaChange, type TMfaChange } from '@/lib/kms';
import type { Principal } from '@/lib/kms/types';
import { logConsoleOutcome } from '@/lib/server/console-log';
import { getKmsContext } from '@/lib/server/kms-context';

// The signed-in person's own multi-factor sign-in. Open before enrolment (the policy sends people here),
// so these actions ask requireActionPrincipal to let them through; each still needs a session, and every
// change needs the password (or, to confirm, a code). Results carry the enrolment secret and recovery codes
// to their owner only; audit records never do.

export type TSecurityResult<T> = { ok: true; data: T } | { ok: false; error: TMfaRefusal | 'invalid' | 'unauthenticated' | 'failed' };

const ZPassword = z.object({ password: z.string().min(1).max(128) });
const ZCode = z.object({ code: z.string().trim().regex(/^\d{6}$/) });

async function run<I, T>(options: {
  schema: z.ZodType<I>;
  input: unknown;
  /** Audited on a refused password or code, and on success unless `auditSuccess` is false. */
  audit?: TMfaChange;
  auditSuccess?: boolean;
  call: (actor: Principal, input: I) => Promise<TMfaResult<T>>;
}): Promise<TSecurityResult<T>> {
  try {
    const actor = await requireActionPrincipal({ beforeMfaEnrolment: true });
    const parsed = options.schema.safeParse(options.input);
    if (!parsed.success) return { ok: false, error: 'invalid' };
    const result = await options.call(actor, parsed.data);
    const audited = result.ok ? options.auditSuccess !== false : result.refusal === 'wrong-password' || result.refusal === 'wrong-code';
    if (options.audit && audited) {
      await recordMfaChange(await getKmsContext(), { actor, action: options.audit, ...(result.ok ? {} : { errorCode: 'UNAUTHENTICATED' }) });
    }
    return result.ok ? { ok: true, data: result.value } : { ok: false, error: result.refusal };
  } catch (error) {
    unstable_rethrow(error);
    if (isKmsError(error) && error.code === 'UNAUTHENTICATED') return { ok: false, error: 'unauthenticated' };
    logConsoleOutcome({ operation: options.audit ?? 'multiFactor', result: 'failed', error });
    return { ok: false, error: 'failed' };
  }
}

/** Step 1: the password; answers the new secret (as text and QR code) to type into an authenticator. */
export async function startMfaEnrolmentAction(input: { password: string }): Promise<TSecurityResult<TEnrolmentSecret>> {
  // A right password only starts enrolment: EnableMfa succeeds when the first code confirms it.
  return run({ schema: ZPassword, input, audit: 'EnableMfa', auditSuccess: false, call: (_actor, { password }) => startMfaEnrolment(password) });
}

/** Step 2: the first code turns it on; answers the ten recovery codes, shown this once. */
export async function confirmMfaEnrolmentAction(input: { code: string }): Promise<TSecurityResult<string[]>> {
  return run({ schema: ZCode, input, audit: 'EnableMfa', call: (actor, { code }) => confirmMfaEnrolment(actor.id, code) });
}

export async function disableMfaAction(input: { password: string }): Promise<TSecurityResult<null>> {
  return run({ schema: ZPassword, input, audit: 'DisableMfa', call: (_actor, { password }) => disableMfa(password) });
}

export async function regenerateRecoveryCodesAction(input: { password: string }): Promise<TSecurityResult<string[]>> {
  return run({ schema: ZPassword, input, audit: 'RegenerateRecoveryCodes', call: (_actor, { password }) => regenerateRecoveryCodes(password) });
}
