'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { formText } from '@/lib/auth/form-errors';
import { NEXT_PARAM, safeNextPath } from '@/lib/auth/next-path';
import { verifySignInCode, type TCodeOutcome } from '@/lib/auth/verify-sign-in-code';
import { logConsoleOutcome } from '@/lib/server/console-log';

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
  const started = performance.now();
  try {
    outcome = await verifySignInCode(parsed.data);
    logConsoleOutcome({ operation: 'signInCode', result: outcome, started });
  } catch (error) {
    outcome = 'failed';
    logConsoleOutcome({ operation: 'signInCode', result: outcome, started, error });
  }
  // The deep link the password step carried here (checked again: the form field is the visitor's to change).
  if (outcome === 'signed-in') redirect(safeNextPath(formData.get(NEXT_PARAM)));
  return { error: outcome };
}
