'use server';

import { headers } from 'next/headers';
import { z } from 'zod';
import { getAuth } from '@/lib/auth/auth';
import { formText, toFieldErrors, type FieldErrors } from '@/lib/auth/form-errors';
import { consoleRequestSource } from '@/lib/auth/session';
import { admitSetPassword } from '@/lib/auth/set-password-throttle';
import { getDatabase } from '@/lib/db/client';
import { PrismaAttemptCounters } from '@/lib/db/prisma-attempt-counters';
import { isKmsError } from '@/lib/kms';
import { ZNewPassword } from '@/lib/kms';
import { setPasswordWithLink } from '@/lib/kms';
import { logConsoleOutcome } from '@/lib/server/console-log';
import { getKmsContext } from '@/lib/server/kms-context';

export interface TSetPasswordState {
  error?: 'link-invalid' | 'rate-limited' | 'failed';
  /** With `rate-limited`: whole minutes until the next attempt is allowed. */
  retryAfterMinutes?: number;
  fieldErrors?: FieldErrors;
  /** The person's email once the password is set, so the page can offer sign-in. */
  email?: string;
}

const ZSetPasswordForm = z
  .object({ token: z.string(), password: ZNewPassword, confirmPassword: z.string().min(1) })
  .refine((input) => input.password === input.confirmPassword, { path: ['confirmPassword'], params: { mismatch: true } });

// Unauthenticated by nature: the link's token (256 random bits, one use, 24 h) is the credential. It comes
// from the page's URL fragment, which the browser never sends, in this POST body: never in a URL or a log.
export async function setPasswordAction(_previous: TSetPasswordState, formData: FormData): Promise<TSetPasswordState> {
  const input = formText(formData, ['token', 'password', 'confirmPassword']);
  const parsed = ZSetPasswordForm.safeParse(input);
  if (!parsed.success) return { fieldErrors: toFieldErrors(parsed.error, input) };
  try {
    const [ctx, auth, database, requestHeaders] = await Promise.all([getKmsContext(), getAuth(), getDatabase(), headers()]);
    const source = consoleRequestSource(requestHeaders);
    const counters = new PrismaAttemptCounters(database.prisma);
    const admission = await admitSetPassword({ counters, address: source.address ?? 'unknown', nowMs: ctx.clock.now().getTime() });
    if (!admission.allowed) return { error: 'rate-limited', retryAfterMinutes: admission.retryAfterMinutes };
    const hasher = (await auth.$context).password;
    const { email } = await setPasswordWithLink(ctx, {
      token: parsed.data.token,
      password: parsed.data.password,
      hashPassword: (value) => hasher.hash(value),
      source,
    });
    await admission.forgive();
    return { email };
  } catch (error) {
    if (isKmsError(error) && error.code === 'LINK_INVALID') return { error: 'link-invalid' };
    if (isKmsError(error) && error.code === 'VALIDATION') return { fieldErrors: { password: ['invalid'] } };
    logConsoleOutcome({ operation: 'setPassword', result: 'failed', error });
    return { error: 'failed' };
  }
}
