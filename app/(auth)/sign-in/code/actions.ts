'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { HOME_PAGE } from '@/lib/auth/constants';
import { formText } from '@/lib/auth/form-errors';
import { verifySignInCode, type TCodeOutcome } from '@/lib/auth/verify-sign-in-code';
import { describeError } from '@/lib/kms';

export interface TSignInCodeState {
  error?: Exclude<TCodeOutcome, 'signed-in'> | 'required';
}

// Authenticator codes are 6 digits, recovery codes 11 characters; anything much longer is not a code.
const ZCode = z.string().trim().min(1).max(64);

// Unauthenticated by nature, like the password step: the pending sign-in cookie says whose code this is, and
// the sign-in throttle (per address and per account) and the plugin's own limits guard the guessing.
export async function verifySignInCodeAction(_previous: TSignInCodeState, formData: FormData): Promise<TSignInCodeState> {
  const parsed = ZCode.safeParse(formText(formData, ['code']).code);
  if (!parsed.success) return { error: 'required' };
  let outcome: TCodeOutcome;
  try {
    outcome = await verifySignInCode(parsed.data);
  } catch (error) {
    console.error(`[keyfort] sign-in code action failed: ${describeError(error)}`);
    outcome = 'failed';
  }
  if (outcome === 'signed-in') redirect(HOME_PAGE);
  return { error: outcome };
}
