'use server';

import { z } from 'zod';
import { reauthenticate } from '@/lib/auth/reauthenticate';
import { defineAction } from '@/lib/server/action';

// Either proof, never both: the password, or a 6-digit authenticator code (spaces as apps show them allowed).
const ZProof = z.union([
  z.strictObject({ password: z.string().min(1).max(128) }),
  z.strictObject({
    code: z
      .string()
      .max(16)
      .transform((code) => code.replace(/\s/g, ''))
      .pipe(z.string().regex(/^\d{6}$/, 'An authenticator code is 6 digits.')),
  }),
]);

/**
 * The re-authentication dialog (components/account/reauthentication-provider.tsx): a correct password or
 * authenticator code makes this session fresh for sensitive actions for 10 minutes. The outcome is all that
 * goes back.
 */
export const reauthenticateAction = defineAction('reauthenticate', ZProof, async (_ctx, actor, proof) => ({
  outcome: await reauthenticate(actor, proof),
}));
